import Arithmetic
import LessonKit

/// Notebook In [263]: the derivative of a function at a point, by a central
/// difference.
///
/// ```
/// f'(x) ≈ (f(x + h) - f(x - h)) / (2 * h)
/// ```
/// With the notebook's f(x) = x² + 3x + 100, x = 10, h = 1e-4 this gives
/// 23.000000000052978, bit for bit what NumPy gives: the formula uses only
/// + − × ÷ (and `pow` for squares, which is exact), in Python's order.
public struct Derivative: Lesson {
    public init() {}

    public let id = "derivative"
    /// Only a function that calls exp or log depends on the machine's arithmetic.
    public let arithmeticParts: Arithmetic.Parts = .functions
    public let title = "numerical derivative by central difference"
    public let cells = "In [263]"
    public let parameters = [
        Parameter("function", .function(.scalar), default: "x^2 + 3*x + 100", "the function f of x"),
        Parameter("x", .number, default: "10", "the point where the slope is taken"),
        Parameter("h", .number, default: "1e-4", "the half-width of the difference"),
    ]
    public let outputs = ["derivative"]

    public let notebook = [NotebookCase("In [263]", printed: [("derivative", "23.000000000052978")])]
    public let sourceCells = [NotebookCell(263, fingerprint: "ba80401898db1b84")]
    /// The book's gradient_1d: the slope of 0.01x² + 0.1x, whose exact values are 0.2 and 0.3.
    public let book = [
        BookCase(
            "gradient_1d at x = 5", source: "gradient_1d.py", settings: ["function=0.01*x^2 + 0.1*x", "x=5"],
            printed: [("derivative", "0.1999999999990898")]),
        BookCase(
            "gradient_1d at x = 10", source: "the text after gradient_1d.py", settings: ["function=0.01*x^2 + 0.1*x", "x=10"],
            printed: [("derivative", "0.2999999999986347")]),
    ]
    public let examples = [
        Example("default"),
        Example("the book's 0.01x^2 + 0.1x at 5", settings: ["function=0.01*x^2 + 0.1*x", "x=5"]),
        Example("the book's 0.01x^2 + 0.1x at 10", settings: ["function=0.01*x^2 + 0.1*x", "x=10"]),
        Example("h too small: rounding wins", settings: ["h=1e-12"]),
        Example("exp at 1", settings: ["function=exp(x)", "x=1"]),
        Example("log at 0: -inf minus nan", settings: ["function=log(x)", "x=0"]),
    ]

    public func variation(_ rng: inout RandomState) -> Example {
        let h = rng.pick([1e-4, rng.logUniform(1e-8, 1e-2)])
        return Example(
            "varied", settings: ["function=\(rng.pick(SampleFunctions.ofX))", "x=\(rng.uniform(-10, 10))", "h=\(h)"])
    }

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let f = inputs.function("function")
        let slope = Self.numericalDiff({ f($0) }, at: inputs.number("x"), h: inputs.number("h"))
        return [Output("derivative", Tensor(scalar: slope))]
    }

    /// The central difference `(f(x + h) - f(x - h)) / (2 * h)`, evaluated in
    /// that order. Its truncation error is O(h²), against O(h) for the
    /// forward difference; h cannot shrink much below 1e-4 before rounding
    /// in f(x ± h) dominates.
    public static func numericalDiff(_ f: (Double) -> Double, at x: Double, h: Double) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
    }
}
