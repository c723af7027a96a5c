import Arithmetic
import Foundation
import LessonKit
import NumPyMath
import SimpleNetGradient
import Testing

/// Expected values: the book's printed W and dW (gradient_simplenet), and
/// NumPy 2.4 running the book's code after `np.random.seed(s)` (the
/// lesson's reference.py, one BLAS thread).
struct SimpleNetGradientTests {
    static let bookW = "w=[[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]"
    static let bookDW = ["0.21924763", "0.14356247", "-0.36281009", "0.32887144", "0.21534370", "-0.54421514"]

    func printed(_ values: [Double]) -> [String] { values.map { String(format: "%.8f", $0) } }

    @Test func theBooksDWComesBackWithDeltaZero() throws {
        let run = try SimpleNetGradient().run(settings: [Self.bookW, "delta=0"])
        #expect(printed(run.output("dW").scalars) == Self.bookDW)
    }

    @Test func withTheBooksOwnDeltaTheSeventhDigitMoves() throws {
        let run = try SimpleNetGradient().run(settings: [Self.bookW])
        let got = printed(run.output("dW").scalars)
        #expect(got != Self.bookDW)
        // Close, all the same: the shift is about 1e-7 / y[label] in the loss.
        for (value, book) in zip(run.output("dW").scalars, Self.bookDW) { #expect(abs(value - Double(book)!) < 1e-6) }
    }

    struct Case: Sendable {
        let seed: Int64
        let settings: [String]
        let loss: Double
        /// NumPy's on an AVX-512 CPU: the canonical arithmetic (skylakex-svml).
        let dW: [Double]
        /// NumPy's on an AVX2 CPU (haswell-libm), where they differ: its exp
        /// is the C library's, not SVML's; nil where they are the same.
        var haswellLibmDW: [Double]? = nil

        func expectedDW(_ arithmetic: Arithmetic) -> [Double] { arithmetic == .canonical ? dW : haswellLibmDW ?? dW }
    }

    static let numpy = [
        Case(
            seed: 0, settings: [], loss: 3.6674507891066104,
            dW: [
                0.44452825729957013, 0.14014461496847375, -0.5846728722569416, 0.6667923858882929, 0.21021692251599333, -0.8770093083709796,
            ],
            haswellLibmDW: [
                0.4445282573017906, 0.14014461496847375, -0.5846728722569416, 0.6667923858905134, 0.21021692251599333, -0.8770093083709796,
            ]),
        Case(
            seed: 7, settings: ["delta=0", "h=1e-5"], loss: 1.6597813343174475,
            dW: [
                0.44437876987046815, 0.04151289322296137, -0.4858916630823273, 0.6665681548057023, 0.06226933982889093, -0.7288374946234909,
            ]),
    ]

    /// Both arithmetics, on every machine: the canonical one by default, and
    /// NumPy's order on an AVX2 CPU when asked.
    @Test(arguments: numpy, [Arithmetic.canonical, Arithmetic(products: .haswell, functions: .libm)])
    func sameBitsAsNumPy(_ c: Case, _ arithmetic: Arithmetic) throws {
        let run = try SimpleNetGradient().run(seed: c.seed, settings: c.settings, arithmetic: arithmetic)
        #expect(run.output("loss").scalar.bitPattern == c.loss.bitPattern)
        #expect(run.output("dW").scalars.map(\.bitPattern) == c.expectedDW(arithmetic).map(\.bitPattern))
    }

    /// Adding the same amount to a row of w moves every score of that input
    /// alike, which softmax ignores: each row of dW sums to about 0.
    @Test func rowsOfTheGradientSumToZero() throws {
        for seed in [Int64(1), 2, 3] {
            let dW = try SimpleNetGradient().run(seed: seed, settings: []).output("dW").scalars
            for row in 0..<2 { #expect(abs(dW[row * 3] + dW[row * 3 + 1] + dW[row * 3 + 2]) < 1e-9) }
        }
    }

    /// With a negative x[0] the label's column of row 0 is positive: the
    /// sign of dW[i, label] is that of -x[i], from dW[i, j] = x[i]·(y[j] - t[j]).
    /// The notes say so row by row, and show that closed form.
    @Test func theSignRuleHoldsForANegativeInput() throws {
        let run = try SimpleNetGradient().run(settings: ["x=-0.6,0.9"])
        let dW = run.output("dW").scalars
        #expect(dW[2] > 0 && dW[5] < 0, "\(dW)")
        let notes = SimpleNetGradient().notes(run, language: .english)
        #expect(notes.contains { $0.hasPrefix("dW[0, 2] (the label's column) is positive because x[0] = -0.6 is negative") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("dW[1, 2] (the label's column) is negative because x[1] = 0.9 is positive") })
        #expect(!notes.contains { $0.contains("Column 2 (the label) is negative") })
        // The closed form, computed here from NumPy's softmax by hand: x[i]·(y[j] - t[j]).
        let closed = try #require(SimpleNetGradient.closedForm(run))
        let w = run.output("w").scalars
        let scores = (0..<3).map { j in -0.6 * w[j] + 0.9 * w[3 + j] }
        let top = scores.max()!
        let e = scores.map { Foundation.exp($0 - top) }
        let y = e.map { $0 / e.reduce(0, +) }
        for index in 0..<6 {
            let expected = [-0.6, 0.9][index / 3] * (y[index % 3] - (index % 3 == 2 ? 1 : 0))
            #expect(abs(closed[index] - expected) <= 1e-15 * max(1, abs(expected)), "\(index): \(closed[index]) against \(expected)")
            // The numerical dW differs from it in the 6th digit: the delta inside the log.
            #expect(abs(dW[index] - closed[index]) / abs(closed[index]) < 1e-5)
        }
        #expect(notes.contains { $0.contains("In closed form dW[i, j] = x[i] · (y[j] − t[j]) = array([[") && $0.contains("delta = 1e-7") })
        let zh = SimpleNetGradient().notes(run, language: .chinese)
        #expect(zh.contains { $0.hasPrefix("dW[0, 2]（标签所在列）为正，因为 x[0] = -0.6 为负") }, "\(zh)")
    }
}
