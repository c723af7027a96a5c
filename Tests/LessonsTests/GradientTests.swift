import Gradient
import LessonKit
import Testing

struct GradientTests {
    @Test func defaultsGiveTheNotebooksValue() throws {
        let run = try Gradient().run(settings: [])
        let expected = [14.000000000038426, 6.000000000021544, 9.999999999976694]
        #expect(run.outputs[0].value.scalars.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(NumPyFormat.arrayRepr(run.outputs[0].value) == "array([14.,  6., 10.])")
    }

    @Test(arguments: [
        ("-3,4", [-6.00000000000378, 7.999999999999119]),
        ("[0, 2]", [0.0, 4.000000000004]),
    ])
    func otherPointsMatchNumPyBitForBit(_ point: String, _ numpy: [Double]) throws {
        let run = try Gradient().run(settings: ["function=x[0]**2 + x[1]**2", "x=\(point)"])
        #expect(run.outputs[0].value.scalars.map(\.bitPattern) == numpy.map(\.bitPattern))
    }

    @Test func theLoopRestoresEachCoordinate() {
        var seen: [[Double]] = []
        _ = Gradient.numericalGradient(
            {
                seen.append($0)
                return 0
            }, at: [1, 2], h: 0.5)
        #expect(seen == [[1.5, 2], [0.5, 2], [1, 2.5], [1, 1.5]])
    }

    @Test func aFunctionOfMoreVariablesThanThePointIsRefused() {
        #expect(throws: LessonError.self) { try Gradient().run(settings: ["x=1,2"]) }
        #expect(throws: LessonError.self) { try Gradient().run(settings: ["function=x0 + x5"]) }
    }

    /// A thousand partials are the outputs' business: the note quotes the
    /// ends of the direction and says how many there are.
    @Test func aLongGradientIsSummarisedInTheNotes() throws {
        let point = (0..<1000).map { (i: Int) -> String in String(Double(i % 97) / 8 - 6) }.joined(separator: ",")
        let run = try Gradient().run(settings: ["function=sum(x^2)", "x=\(point)"])
        for language in Narration.Language.allCases {
            let notes = Gradient().notes(run, language: language)
            #expect(notes.count == 1 && notes[0].count < 300, "\(notes)")
            #expect(notes[0].contains(language == .english ? "-0.02129; 1000 in all)" : "-0.02129；共 1000 个)"), "\(notes[0])")
        }
        #expect(Narration.listed(["a", "b"], in: .english) == "a, b")
        #expect(Narration.listed((1...9).map(String.init), in: .english) == "1, 2, 3, …, 7, 8, 9 (9 in all)")
    }

    /// h = 0: x[i] ± 0 is x[i], each difference is 0, and 0 / (2·0) is nan
    /// (NumPy, the book's loop at (3, 4, 5): array([nan, nan, nan])). The
    /// notes say so; they neither call the partials 0 nor blame f.
    @Test func aZeroStepGivesNanAndTheNotesSaySo() throws {
        let run = try Gradient().run(settings: ["h=0"])
        #expect(run.output("gradient").scalars.count == 3 && run.output("gradient").scalars.allSatisfy(\.isNaN))
        for language in Narration.Language.allCases {
            let notes = Gradient().notes(run, language: language).joined(separator: " ")
            #expect(notes.contains("f(x) - f(x)") && notes.contains("nan"), "\(notes)")
            let wrong = language == .english ? ["whatever f does", "f is not finite"] : ["不论 f 怎样变化", "f 在 x 旁边不是有限值"]
            #expect(!wrong.contains { notes.contains($0) }, "\(notes)")
        }
        // Where f(x) is inf, the difference is inf - inf: nan too, and the note does not call it 0.
        let pole = try Gradient().run(settings: ["function=1/x0 + x1", "x=0,1", "h=0"])
        let english = Gradient().notes(pole, language: .english).joined(separator: " ")
        #expect(!english.contains("every difference is 0") && english.contains("inf - inf is nan"), "\(english)")
    }

    /// A point of one coordinate cannot be drawn in the plane, and the
    /// reason counts it in the singular.
    @Test func aPointOfOneCoordinateIsCountedInTheSingular() throws {
        let run = try Gradient().run(settings: ["function=x0^2", "x=5"])
        do {
            _ = try Gradient().figure(run)
            Issue.record("a 1-vector x was drawn")
        } catch {
            guard case .cannotDraw(_, let reason) = error else { throw error }
            #expect(reason.hasSuffix("this x has 1 coordinate"), "\(reason)")
        }
    }

    /// The trace's f(x ± h) are the function's values at the nudged points.
    @Test func theTraceShowsFAtEachNudgedPoint() throws {
        let run = try Gradient().run(settings: ["function=x0*x0 + 2*x0*x1 + x2*x2", "x=3,4,5"])
        let trace = try #require(Gradient().trace(run))
        let f = { (x: [Double]) in x[0] * x[0] + 2 * x[0] * x[1] + x[2] * x[2] }
        let h = 0.0001
        for (i, row) in trace.rows.enumerated() {
            var up = [3.0, 4, 5]
            var down = up
            up[i] += h
            down[i] -= h
            #expect(row[2] == NumPyFormat.pythonRepr(f(up)) && row[3] == NumPyFormat.pythonRepr(f(down)), "row \(i): \(row)")
        }
    }
}
