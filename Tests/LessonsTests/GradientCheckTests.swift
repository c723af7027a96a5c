import GradientCheck
import LessonKit
import NumPyMath
import NeuralNet
import Testing

/// The layered network's gradient check: what its notes say, checked
/// against quantities computed here by other means.
struct GradientCheckTests {
    typealias O = GradientCheck.Outputs

    /// The narration's sizes: 39 760 weights, the first 3 training images.
    @Test func theDefaultIsTheBooksCheck() throws {
        let run = try GradientCheck().run(settings: [])
        let weights = [O.grad_W1, O.grad_b1, O.grad_W2, O.grad_b2].map { run[$0].count }.reduce(0, +)
        #expect(weights == 39_760)
        #expect(run[GradientCheck.Parameters.batch_size] == 3 && run[GradientCheck.Parameters.data] == "embedded")
        #expect(run[O.difference].count == 4)
    }

    /// The δ inside the log accounts for the difference: the analytic
    /// gradient of the δ alone (Network.deltaGradient, not a difference
    /// quotient) agrees with each difference to 1 %, and with delta = 0
    /// every difference falls by a factor of at least 1 000 (what is left
    /// is the central difference's O(h²) error and rounding, ~1e-16/h per loss).
    @Test func theDeltaIsTheDifference() throws {
        let run = try GradientCheck().run(settings: [])
        let notes = GradientCheck().notes(run, language: .english)
        #expect(notes.first?.hasPrefix("Gradient check passed") == true, "\(notes)")
        let withDelta = run[O.difference].scalars
        let zero = try GradientCheck().run(settings: ["delta=0"])[O.difference].scalars
        for (d, z) in zip(withDelta, zero) { #expect(z * 1000 <= d, "\(withDelta) against \(zero)") }
        let summary = try #require(GradientCheck().summary(run, language: .english))
        for (row, d) in zip(summary.rows, withDelta) {
            let share = try #require(Double(row[2]))
            #expect(abs(share - d) <= 0.01 * d, "\(row)")
        }
    }

    /// A unit whose input x · W1 + b1 is at most 0 for every image passes
    /// nothing back through Relu. The inputs are recomputed here by plain
    /// loops from the same draws (W1 = 0.3 · randn(784, 3) with seed 2, the
    /// first 3 embedded images); the note must name exactly those units and
    /// their gradients must be 0.
    @Test func unitsThatAreOffGetNoGradient() throws {
        let run = try GradientCheck().run(seed: 2, settings: ["hidden_size=3", "weight_init_std=0.3"])
        var rng = RandomState(seed: 2)
        let w1 = rng.randn(784, 3).scalars.map { 0.3 * $0 }
        let (x, _) = try LessonData.load("embedded").trainBatch([0, 1, 2])
        let off = (0..<3).filter { j in
            (0..<3).allSatisfy { r in (0..<784).reduce(0.0) { $0 + x[r, $1] * w1[$1 * 3 + j] } <= 0 }
        }
        #expect(!off.isEmpty, "the case should switch a unit off")
        for j in off {
            #expect((0..<784).allSatisfy { run[O.grad_W1].scalars[$0 * 3 + j] == 0 })
            #expect(run[O.grad_b1].scalars[j] == 0)
            #expect((0..<10).allSatisfy { run[O.grad_W2].scalars[j * 10 + $0] == 0 })
        }
        let notes = GradientCheck().notes(run, language: .english)
        let listed = off.map(String.init).joined(separator: ", ")
        #expect(notes.contains { $0.hasPrefix("\(off.count) of the 3 hidden units (\(listed)) ") }, "\(notes)")
    }

    /// Large weights make y of the label tiny, so the δ inside the log is
    /// most of the loss's slope: a correct backprop is still not called
    /// suspicious, and the δ note says why.
    @Test func largeWeightsAreExplainedNotBlamed() throws {
        let run = try GradientCheck().run(settings: ["weight_init_std=1", "hidden_size=20"])
        let notes = GradientCheck().notes(run, language: .english)
        #expect(!notes.contains { $0.contains("suspicious") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("The δ = 1e-7 inside the loss's log alone") })
    }

    @Test func badSettingsAreRefused() throws {
        #expect(throws: LessonError.self) { try GradientCheck().run(settings: ["data=random"]) }
        #expect(throws: LessonError.self) { try GradientCheck().run(settings: ["batch_size=0"]) }
        #expect(throws: LessonError.self) { try GradientCheck().run(settings: ["batch_size=10000"]) }
    }
}
