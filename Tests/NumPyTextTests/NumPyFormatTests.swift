import NumPyMath
import Testing

@testable import NumPyText

/// Every expected string here is what NumPy 2.4's `repr` (or Python's
/// `repr(float)`) printed for the same values.
struct NumPyFormatTests {
    @Test(arguments: [
        (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"), (1e-05, "1e-05"), (-0.0, "-0.0"),
        (.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (123456789012345678.0, "1.2345678901234568e+17"),
        (0.1, "0.1"), (100.0, "100.0"), (23.000000000052978, "23.000000000052978"), (.nan, "nan"), (-.infinity, "-inf"),
        (9007199254740993.0, "9007199254740992.0"), (1152921504606846976.0, "1.152921504606847e+18"), (1.5e-4, "0.00015"),
        (0.00012345678901234567, "0.00012345678901234567"), (Double("5e-310")!, "5e-310"), (1e-100, "1e-100"), (-1e100, "-1e+100"),
        (9999999999999998.0, "9999999999999998.0"), (0.0, "0.0"),
    ])
    func scalarsPrintAsPythonRepr(_ x: Double, _ expected: String) {
        #expect(NumPyFormat.pythonRepr(x) == expected)
    }

    @Test(arguments: [
        (Tensor(vector: [14, 6, 10]), "array([14.,  6., 10.])"),
        (Tensor(vector: [6.7222187218403284e-09, 4.074071952643464e-09]), "array([6.72221872e-09, 4.07407195e-09])"),
        (
            Tensor(rows: [[0.79417551, 1.69591862, -0.02072039], [0.82302452, 0.50197766, 1.4669881]]),
            "array([[ 0.79417551,  1.69591862, -0.02072039],\n       [ 0.82302452,  0.50197766,  1.4669881 ]])"
        ),
        (Tensor(vector: [0.5, 1.25]), "array([0.5 , 1.25])"),
        (Tensor(vector: [.nan, 1, -.infinity]), "array([ nan,   1., -inf])"),
        (Tensor(vector: [1e-9, 2e-9]), "array([1.e-09, 2.e-09])"),
        (Tensor(vector: [0.30000000000000004]), "array([0.3])"),
        (Tensor(vector: [1e8, 1]), "array([1.e+08, 1.e+00])"),
        (Tensor(vector: [-0.0, 0.0]), "array([-0.,  0.])"),
        (Tensor(vector: [0.001953125, 0.5]), "array([0.00195312, 0.5       ])"),
        (Tensor(vector: [.nan, .infinity]), "array([nan, inf])"),
        (Tensor(vector: [1e-300, 1e300]), "array([1.e-300, 1.e+300])"),
        (Tensor(shape: [0, 2], scalars: []), "array([], shape=(0, 2), dtype=float64)"),
        (Tensor(vector: []), "array([], dtype=float64)"),
        (Tensor(rows: [[1e10, .nan]]), "array([[1.e+10,    nan]])"),
        // Scientific with the common precision below 8, at 8, and with rounding.
        (Tensor(vector: [1e-9, 1.5]), "array([1.0e-09, 1.5e+00])"),
        (
            Tensor(vector: [1e-9, 1.5, -2.25e10, 3.14159265358979]),
            "array([ 1.00000000e-09,  1.50000000e+00, -2.25000000e+10,  3.14159265e+00])"
        ),
        (Tensor(vector: [0.1, 2.0 / 3, 1e-5]), "array([1.00000000e-01, 6.66666667e-01, 1.00000000e-05])"),
        (Tensor(vector: [.nan, -.infinity, 1e-7, 12345.678]), "array([          nan,          -inf, 1.0000000e-07, 1.2345678e+04])"),
        // A subnormal takes the common digits from its exact value, not zeros.
        (Tensor(vector: [.leastNonzeroMagnitude, 1.5e-300]), "array([4.9e-324, 1.5e-300])"),
        (
            Tensor(vector: [Double("1e-310")!, 1.5, .leastNonzeroMagnitude, 0.0, -0.0]),
            "array([ 1.0e-310,  1.5e+000,  4.9e-324,  0.0e+000, -0.0e+000])"
        ),
        // The shape of a summarised array on a line of its own when the last one is full.
        (
            Tensor(vector: Array(repeating: 1.111111, count: 1001)),
            "array([1.111111, 1.111111, 1.111111, ..., 1.111111, 1.111111, 1.111111],\n      shape=(1001,))"
        ),
        (
            Tensor(rows: [
                (0..<1000).map { (Double($0) * 0.37).truncatingRemainder(dividingBy: 5) - 2.1 }, (0..<1000).map { Double($0) * 1e-3 },
            ]),
            "array([[-2.10e+00, -1.73e+00, -1.36e+00, ...,  1.79e+00,  2.16e+00,\n         2.53e+00],\n"
                + "       [ 0.00e+00,  1.00e-03,  2.00e-03, ...,  9.97e-01,  9.98e-01,\n         9.99e-01]], shape=(2, 1000))"
        ),
    ])
    func arraysPrintAsNumPyRepr(_ t: Tensor, _ expected: String) {
        #expect(NumPyFormat.arrayRepr(t) == expected)
    }

    @Test func longVectorsWrapAtNumPysLineWidth() {
        // np.arange(30) * 1.123456789
        let t = Tensor(vector: (0..<30).map { Double($0) * 1.123456789 })
        #expect(
            NumPyFormat.arrayRepr(t) == """
                array([ 0.        ,  1.12345679,  2.24691358,  3.37037037,  4.49382716,
                        5.61728395,  6.74074073,  7.86419752,  8.98765431, 10.1111111 ,
                       11.23456789, 12.35802468, 13.48148147, 14.60493826, 15.72839505,
                       16.85185184, 17.97530862, 19.09876541, 20.2222222 , 21.34567899,
                       22.46913578, 23.59259257, 24.71604936, 25.83950615, 26.96296294,
                       28.08641972, 29.20987651, 30.3333333 , 31.45679009, 32.58024688])
                """)
    }

    @Test func arraysPastAThousandElementsAreSummarised() {
        // np.arange(2004.).reshape(1002, 2)
        let t = Tensor(shape: [1002, 2], scalars: (0..<2004).map(Double.init))
        #expect(
            NumPyFormat.arrayRepr(t) == """
                array([[0.000e+00, 1.000e+00],
                       [2.000e+00, 3.000e+00],
                       [4.000e+00, 5.000e+00],
                       ...,
                       [1.998e+03, 1.999e+03],
                       [2.000e+03, 2.001e+03],
                       [2.002e+03, 2.003e+03]], shape=(1002, 2))
                """)
    }
}

/// The printf-free rounding behind positional array elements, against glibc's
/// printf on the same doubles: every magnitude it takes, exact ties (k/2^m)
/// at every precision, and the neighbours of ties.
struct FixedRoundingTests {
    func viaPrintf(_ x: Double, _ precision: Int) -> (whole: String, fraction: String) {
        let text = NumPyFormat.printf("%.\(precision)f", x)
        let dot = text.firstIndex(of: ".")
        var fraction = dot.map { text[text.index(after: $0)...] } ?? ""
        while fraction.last == "0" { fraction.removeLast() }
        return (String(text[..<(dot ?? text.endIndex)]), String(fraction))
    }

    @Test func agreesWithPrintfOnRandomDoubles() {
        var generator = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        var checked = 0
        for _ in 0..<200_000 {
            let precision = Int.random(in: 0...15, using: &generator)
            let x = Double.random(in: -1...1, using: &generator) * Double(sign: .plus, exponent: Int.random(in: -40...52, using: &generator), significand: 1)
            guard let fast = NumPyFormat.fixed(x, precision: precision) else { continue }
            checked += 1
            let slow = viaPrintf(x, precision)
            if fast != slow && mismatches.count < 5 { mismatches.append("\(x) at \(precision): \(fast) vs printf \(slow)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(checked > 100_000)
    }

    @Test func roundsExactTiesToEvenAndTheirNeighboursAway() {
        var mismatches: [String] = []
        for precision in 0...15 {
            for k in -2000...2000 {
                // (2k+1) / 2^(precision+1) times 10^precision is (2k+1)·5^precision / 2: a tie, exactly.
                let tie = Double(2 * k + 1) / Double(1 << (precision + 1))
                for x in [tie, tie.nextUp, tie.nextDown] {
                    guard let fast = NumPyFormat.fixed(x, precision: precision) else { continue }
                    let slow = viaPrintf(x, precision)
                    if fast != slow && mismatches.count < 5 { mismatches.append("\(x) at \(precision): \(fast) vs printf \(slow)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(NumPyFormat.fixed(0.125, precision: 2)! == ("0", "12"))
        #expect(NumPyFormat.fixed(-0.375, precision: 2)! == ("-0", "38"))
        #expect(NumPyFormat.fixed(-1e-12, precision: 8)! == ("-0", ""))
        #expect(NumPyFormat.fixed(0x1p52, precision: 0) == nil)
    }
}
