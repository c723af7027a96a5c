import Derivative
import LessonKit
import Testing

/// Expected values: the notebook's printed output, or NumPy 2.4 running the
/// notebook's `numerical_diff` on the same inputs.
struct DerivativeTests {
    @Test func defaultsGiveTheNotebooksValue() throws {
        let run = try Derivative().run(settings: [])
        #expect(run.outputs.map(\.name) == ["derivative"])
        #expect(run.outputs[0].value.scalar.bitPattern == 23.000000000052978.bitPattern)
    }

    @Test(arguments: [(5.0, 0.1999999999990898), (10.0, 0.2999999999986347)])
    func theBooksExampleMatchesNumPyBitForBit(_ x: Double, _ numpy: Double) throws {
        let run = try Derivative().run(settings: ["function=0.01*x^2 + 0.1*x", "x=\(x)"])
        #expect(run.outputs[0].value.scalar.bitPattern == numpy.bitPattern)
    }

    @Test func centralDifferenceIsExactForAStraightLine() {
        #expect(Derivative.numericalDiff({ 2 * $0 }, at: 3, h: 0.5) == 2)
    }

    /// |x| at 0: the one-sided slopes are (|0| - |-h|) / h = -1 and
    /// (|h| - |0|) / h = 1. The note names the function f, in lower case as
    /// every other note does, even at the start of a sentence.
    @Test func theKinkNoteNamesFInLowerCase() throws {
        let run = try Derivative().run(settings: ["function=abs(x)", "x=0"])
        let notes = Derivative().notes(run, language: .english)
        #expect(
            notes.contains("f is not smooth at x: slope -1 just left of x, 1 just right; the dashed line is their average, not a tangent."))
        #expect(!notes.contains { $0.contains("F is not smooth") })
    }

    /// The rounding bound the note quotes: half an ulp of each of f(x ± h),
    /// over 2h. Python: (math.ulp(f(10 + 1e-4)) + math.ulp(f(10 - 1e-4))) /
    /// (4 * 1e-4) = 1.4210854715202004e-10 for the notebook's f; the result's
    /// 5.3e-11 above 23 is within it.
    @Test func theRoundingNoteBoundsByHalfAnUlpOfEachValue() throws {
        let run = try Derivative().run(settings: [])
        let notes = Derivative().notes(run, language: .english)
        #expect(notes.contains { $0.contains("(ulp(f(x + h)) + ulp(f(x - h))) / 4h ≈ 1.421e-10") }, "\(notes)")
        #expect(run.outputs[0].value.scalar - 23 < 1.4210854715202004e-10)
        let chinese = Derivative().notes(run, language: .chinese)
        #expect(chinese.contains { $0.contains("≈ 1.421e-10") })
    }

    @Test func aVectorVariableIsRefused() {
        #expect(throws: LessonError.self) { try Derivative().run(settings: ["function=x0 + 1"]) }
    }

    /// The book's x = 5 case: 0.1999999999990898 errs from 0.2 by 9.1e-13,
    /// more than the 5.551e-13 rounding estimate (the rounding of x ± h and
    /// of f's own operations add to it), so the note calls it an estimate.
    @Test func theRoundingNoteIsAnEstimateNotABound() throws {
        let run = try Derivative().run(settings: ["function=0.01*x^2 + 0.1*x", "x=5"])
        let error = abs(run.output("derivative").scalar - 0.2)
        let notes = Derivative().notes(run, language: .english)
        let note = try #require(notes.first { $0.contains("/ 4h ≈ ") })
        #expect(note.contains("≈ 5.551e-13") && error > 5.551e-13, "\(note), error \(error)")
        #expect(note.contains("an estimate of the rounding error, not a bound"))
        #expect(!note.contains("up to") || note.contains("estimate"))
        #expect(Derivative().notes(run, language: .chinese).contains { $0.contains("估计，不是上界") })
    }
}
