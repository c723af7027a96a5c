import Foundation
import Layers
import LessonKit
import NumPyMath
import Testing

/// Each layer's backward against its rule, recomputed here from the same
/// draws by plain loops, and the notes' verdicts against what they claim.
struct LayersTests {
    typealias O = Layers.Outputs

    /// The draws in the book's order: x, dout (N×D), W (D×M), b (M),
    /// dout_affine (N×M), labels = choice(M, N).
    func draws(seed: UInt32, n: Int, d: Int, m: Int) -> (x: [Double], dout: [Double], W: [Double], b: [Double], doutAffine: [Double], labels: [Int]) {
        var rng = RandomState(seed: seed)
        let x = rng.randn(n, d).scalars
        let dout = rng.randn(n, d).scalars
        let W = rng.randn(d, m).scalars
        let b = rng.randn(m).scalars
        let doutAffine = rng.randn(n, m).scalars
        let labels = rng.choice(Int64(m), count: n).map { Int($0) }
        return (x, dout, W, b, doutAffine, labels)
    }

    @Test(arguments: [(UInt32(0), 2, 3, 4), (UInt32(7), 5, 4, 3), (UInt32(11), 1, 1, 2)])
    func eachBackwardFollowsItsRule(_ seed: UInt32, _ n: Int, _ d: Int, _ m: Int) throws {
        let run = try Layers().run(seed: Int64(seed), settings: ["batch_size=\(n)", "input_size=\(d)", "output_size=\(m)"])
        let v = draws(seed: seed, n: n, d: d, m: m)
        // Relu: exact, a copy or a zero.
        #expect(run[O.relu_dx].scalars == zip(v.x, v.dout).map { $0 > 0 ? $1 : 0 })
        #expect(run[O.relu_out].scalars == v.x.map { $0 > 0 ? $0 : 0 })
        // Sigmoid: dout · (1 - s) · s with s from the C library's exp, which may differ from NumPy's
        // by an ulp: within 8 ulps of the largest term.
        for (i, got) in run[O.sigmoid_dx].scalars.enumerated() {
            let s = 1 / (1 + Foundation.exp(-v.x[i]))
            let want = v.dout[i] * (1 - s) * s
            #expect(abs(got - want) <= 8 * abs(v.dout[i]).ulp, "\(i): \(got) against \(want)")
        }
        // Affine: dW = xᵀ · dout, db = column sums, dx = dout · Wᵀ; each within γ_k Σ|terms| (k terms, γ_k = k·u/(1 − k·u)).
        func within(_ got: Double, _ terms: [Double]) -> Bool {
            let u = 0x1p-53
            let k = Double(terms.count)
            return abs(got - terms.reduce(0, +)) <= (k * u / (1 - k * u)) * terms.map(abs).reduce(0, +) + 1e-300
        }
        for i in 0..<d {
            for j in 0..<m {
                #expect(within(run[O.affine_dW].scalars[i * m + j], (0..<n).map { v.x[$0 * d + i] * v.doutAffine[$0 * m + j] }))
            }
        }
        for j in 0..<m { #expect(within(run[O.affine_db].scalars[j], (0..<n).map { v.doutAffine[$0 * m + j] })) }
        for r in 0..<n {
            for i in 0..<d { #expect(within(run[O.affine_dx].scalars[r * d + i], (0..<m).map { v.doutAffine[r * m + $0] * v.W[i * m + $0] })) }
        }
        // SoftmaxWithLoss: (y - t) / N; each row of y sums to 1 and t is one-hot, so a row of dx sums to 0,
        // and only the label's entry is negative.
        let dx = run[O.softmax_dx].scalars
        for r in 0..<n {
            let row = Array(dx[(r * m)..<((r + 1) * m)])
            #expect(abs(row.reduce(0, +)) <= Double(m) * 0x1p-52)
            for (k, value) in row.enumerated() { #expect((value < 0) == (k == v.labels[r]), "row \(r): \(row)") }
        }
    }

    /// The default run passes, and the δ note's share is the difference:
    /// with delta = 0 the softmax difference falls at least 100 times.
    @Test func theDeltaIsSoftmaxsDifference() throws {
        let run = try Layers().run(settings: [])
        let notes = Layers().notes(run, language: .english)
        #expect(notes.first?.hasPrefix("Every backward agrees with its numerical gradient") == true, "\(notes)")
        let withDelta = run[O.difference].scalars[5]
        let zero = try Layers().run(settings: ["delta=0"])[O.difference].scalars[5]
        #expect(zero * 100 <= withDelta, "\(zero) against \(withDelta)")
        let summary = try #require(Layers().summary(run, language: .english))
        let expected = try #require(Double(summary.rows[5][3]))
        #expect(abs(expected - withDelta) <= 0.05 * withDelta, "\(summary.rows[5])")
    }

    /// The check can fail: Sigmoid's backward written as dout · out (the
    /// derivative forgotten) misses the numerical gradient by far more than
    /// 100 times what h and rounding explain.
    @Test func aWrongSigmoidBackwardWouldBeCaught() throws {
        let run = try Layers().run(settings: [])
        let summary = try #require(Layers().summary(run, language: .english))
        let allowed = 100 * (try #require(Double(summary.rows[1][3])))
        let wrong = zip(run[O.sigmoid_out].scalars, draws(seed: 0, n: 2, d: 3, m: 4).dout).map { $1 * $0 }
        let missed = zip(wrong, run[O.numerical_sigmoid_dx].scalars).map { abs($0 - $1) }.reduce(0, +) / Double(wrong.count)
        #expect(missed > allowed, "\(missed) against \(allowed)")
        #expect(run[O.difference].scalars[1] <= allowed)
    }
}
