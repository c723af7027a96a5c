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
}
