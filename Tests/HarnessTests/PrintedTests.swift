import Harness
import LessonKit
import Testing

struct PrintedTests {
    @Test func aReprIsExact() throws {
        let (value, tolerance) = try Printed.parse("23.000000000052978")
        #expect(value.rank == 0 && value.scalar == 23.000000000052978)
        #expect(tolerance == .printed(.repr, digits: 17))
    }

    /// A printed text must be NumPy's own text for the value: a repr digit
    /// for digit (a changed digit of the same double included), an array in
    /// NumPy's notation; layout whitespace aside.
    @Test func thePrintedTextMustBeWhatNumPyPrints() throws {
        let actual = Tensor(scalar: 23.000000000052978)
        #expect(Printed.notationMismatch("d", text: "23.000000000052978", actual: actual) == nil)
        #expect(Printed.notationMismatch("d", text: "np.float64(23.000000000052978)", actual: actual) == nil)
        #expect(
            Printed.notationMismatch("d", text: "23.000000000052979", actual: actual)
                == "d: printed 23.000000000052979, but NumPy prints the lesson's value as 23.000000000052978")
        #expect(Printed.notationMismatch("d", text: "23.00000000005298", actual: actual) != nil)
        // In [265]'s x: NumPy prints it in scientific notation (its smallest is under 1e-4).
        let x = Tensor(vector: [6.722218719933534e-09, 4.074071951474869e-09])
        #expect(Printed.notationMismatch("x", text: "array([6.72221872e-09, 4.07407195e-09])", actual: x) == nil)
        #expect(Printed.notationMismatch("x", text: "array([6.72221872e-09,\n       4.07407195e-09])", actual: x) == nil)
        #expect(
            Printed.notationMismatch("x", text: "array([0.00000001, 0.])", actual: x)
                == "x: printed array([0.00000001, 0.]), but NumPy prints the lesson's value as array([6.72221872e-09, 4.07407195e-09])")
        // print(a): the book's W, printed by a NumPy that left a sign column before positive numbers.
        let w = Tensor(rows: [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]])
        #expect(
            Printed.notationMismatch("w", text: "[[ 0.47355232  0.9977393   0.84668094]\n [ 0.85557411  0.03563661  0.69422093]]", actual: w)
                == nil)
        #expect(Printed.notationMismatch("w", text: "[[0.4735523 0.9977393 0.84668094]\n [0.85557411 0.03563661 0.69422093]]", actual: w) != nil)
        #expect(Printed.notationMismatch("w", text: "array([[0.47355232, 0.9977393 , 0.84668094],\n       [0.85557411, 0.03563661, 0.69422093]])", actual: w) == nil)
        // The book's text writes an array as a list: repr's layout without `array(…)`.
        #expect(Printed.notationMismatch("g", text: "[6., 8.]", actual: Tensor(vector: [6, 8])) == nil)
        #expect(Printed.notationMismatch("g", text: "[6.0, 8.0]", actual: Tensor(vector: [6, 8])) != nil)
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
