/// A list of draws as `--set` reads it, for the cross-check sweep.
extension RandomState {
    /// A comma list of `count` values, as `--set` reads it.
    public mutating func list(_ count: Int, _ draw: (inout RandomState) -> Double) -> String {
        (0..<count).map { _ in NumPyFormat.pythonRepr(draw(&self)) }.joined(separator: ",")
    }
}

/// Functions for varied cases: polynomials, and exp, log, roots and powers,
/// where the notebook's algorithms meet rounding and non-finite values.
///
/// `tanh` is left out on purpose: NumPy computes float64 tanh with its own
/// SIMD code on AVX2 and AVX-512 CPUs, which differs from the C library's by
/// an ulp, and a central difference magnifies that by about |f| / h. See
/// docs/reproducibility.md, "Known differences".
public enum SampleFunctions {
    public static let ofX = [
        "x^2 + 3*x + 100", "0.01*x^2 + 0.1*x", "x^3 - 2*x", "x**-2", "exp(x)", "log(x)", "exp(-x^2/2)", "log(x^2 + 1)",
        "sqrt(abs(x)) + 1", "(x - 1)/(x^2 + 1)", "sin(x)*x", "cos(x) - x", "2^x", "x**0.5",
    ]

    /// Functions of x0 and x1 (and x2 when `variables` is 3).
    public static func ofVector(variables: Int) -> [String] {
        let two = [
            "x0^2 + x1^2", "0.5*x0^2 + 2*x1^2", "x0^2 + 2*x0*x1 + x1^3", "exp(x0) + x1^3", "log(x0^2 + 1) * x1",
            "sin(x0)*cos(x1)", "x0^4 - 3*x0*x1 + x1^2", "sqrt(x0^2 + x1^2 + 1)", "exp(-(x0 - x1)^2) + abs(x1)",
            "(x0 - 1)**2 + 100*(x1 - x0**2)**2",
        ]
        guard variables >= 3 else { return two }
        return [
            "x0^2 + 2*x0*x1 + x2^2", "x0^2 + x1^2 + x2^2", "exp(x0/10) * log(x1^2 + 1) - x2", "x0*x1*x2 + x2^2", "(x0 + x1 + x2)**2 / 3",
        ] + two
    }

    /// Functions of the whole vector `x`, as the book writes `np.sum(x**2)`,
    /// for any point of two or more coordinates: element-wise + − × ÷,
    /// NumPy's shortcut powers (2, 0.5, −1), sqrt, abs, sin, cos, `sum`, and
    /// coordinates beside the vector. Element-wise exp, log and other powers
    /// are left out: on AVX-512 CPUs NumPy computes them with its own SIMD
    /// code, whose last bit can differ from the C library's (docs/reproducibility.md, "Known
    /// differences").
    public static let ofWholeVector = [
        "sum(x^2)", "sum(x**2) + x0*x[1]", "sum((x - 1)^2) / 2", "sum(x^2 * x - 2*x)", "sqrt(sum(x^2) + 1)", "sum(x*x1) - pi",
        "sum(abs(x)^0.5)", "sum(1/(x^2 + 1))", "e^(-sum(x^2)/100)", "sum(x^-1)", "sum(sin(x)*cos(x1))", "sum(x)^2",
        "sum(sqrt(abs(x)) * x0)", "-sum(x^2)/x1 + x0^3",
    ]
}
