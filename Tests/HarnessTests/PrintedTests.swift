import Harness
import LessonKit
import Testing

struct PrintedTests {
    @Test func aReprIsExact() throws {
        let (value, tolerance) = try Printed.parse("23.000000000052978")
        #expect(value.rank == 0 && value.scalar == 23.000000000052978)
        #expect(tolerance == .printed(.repr, digits: 17))
    }

    /// The note on a changed digit is for a text that reads back to the
    /// lesson's double; another value is the comparison's to report.
    @Test func aChangedDigitOfTheSameDoubleIsNotedAndAnotherValueIsNot() throws {
        let actual = Tensor(scalar: 23.000000000052978)
        let (_, tolerance) = try Printed.parse("23.000000000052978")
        #expect(Printed.reprMismatch("d", text: "23.000000000052978", tolerance: tolerance, actual: actual) == nil)
        #expect(
            Printed.reprMismatch("d", text: "23.000000000052979", tolerance: tolerance, actual: actual)
                == "d: printed 23.000000000052979, but the lesson's value prints as 23.000000000052978 "
                + "(the same double, yet not its repr: a digit was changed)")
        #expect(Printed.reprMismatch("d", text: "1", tolerance: tolerance, actual: actual) == nil)
        #expect(Printed.reprMismatch("d", text: "23.00000000005298", tolerance: tolerance, actual: actual) == nil)
    }

    @Test func numpyArraysGiveTheirShapeAndNotation() throws {
        let vector = try Printed.parse("array([14.,  6., 10.])")
        #expect(vector.value == Tensor(vector: [14, 6, 10]))
        #expect(vector.tolerance == .printed(.positional, digits: 8))
        let scientific = try Printed.parse("array([6.72221872e-09, 4.07407195e-09])")
        #expect(scientific.tolerance == .printed(.scientific, digits: 8))
        let matrix = try Printed.parse("[[ 0.79417551  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]")
        #expect(matrix.value.shape == [2, 3])
        #expect(matrix.value.scalars[5] == 1.4669881)
    }

    @Test(arguments: ["array([1., 2.)", "[[1, 2], [3]]", "[1, x]", "twelve"])
    func unreadableTextIsRefused(_ text: String) {
        #expect(throws: Printed.Failure.self) { try Printed.parse(text) }
    }
}
