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

    public enum Parameters {
        public static let function = Input<Expression>.function("function", of: .scalar, default: "x^2 + 3*x + 100", "the function f of x")
        public static let x = Input<Double>.number("x", default: "10", "the point where the slope is taken")
        public static let h = Input<Double>.number("h", default: "1e-4", "the half-width of the difference")
    }

    public enum Outputs {
        public static let derivative = OutputKey("derivative")
    }

    public static let configuration = LessonConfiguration(
        id: "derivative", title: "numerical derivative by central difference", source: "notebook In [263]",
        parameters: [Parameters.function, Parameters.x, Parameters.h], outputs: [Outputs.derivative],
        // Only a function that calls exp or log depends on the machine's arithmetic.
        arithmeticParts: .functions)

    public let checks = LessonChecks(
        notebook: [NotebookCase("In [263]", printed: [("derivative", "23.000000000052978")])],
        sourceCells: [NotebookCell(263, fingerprint: "ba80401898db1b84")],
        // The book's gradient_1d: the slope of 0.01x² + 0.1x, whose exact values are 0.2 and 0.3.
        book: [
            BookCase(
                "gradient_1d at x = 5", source: "gradient_1d.py", settings: ["function=0.01*x^2 + 0.1*x", "x=5"],
                printed: [("derivative", "0.1999999999990898")]),
            BookCase(
                "gradient_1d at x = 10", source: "the text after gradient_1d.py", settings: ["function=0.01*x^2 + 0.1*x", "x=10"],
                printed: [("derivative", "0.2999999999986347")]),
        ],
        examples: [
            Example("default"),
            Example("the book's 0.01x^2 + 0.1x at 5", settings: ["function=0.01*x^2 + 0.1*x", "x=5"]),
            Example("the book's 0.01x^2 + 0.1x at 10", settings: ["function=0.01*x^2 + 0.1*x", "x=10"]),
            Example("h too small: rounding wins", settings: ["h=1e-12"]),
            Example("exp at 1", settings: ["function=exp(x)", "x=1"]),
            Example("log at 0: -inf minus nan", settings: ["function=log(x)", "x=0"]),
        ],
        variation: { rng in
            let h = rng.pick([1e-4, rng.logUniform(1e-8, 1e-2)])
            return Example(
                "varied", settings: ["function=\(rng.pick(SampleFunctions.ofX))", "x=\(rng.uniform(-10, 10))", "h=\(h)"])
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let f = inputs[Parameters.function]
        let slope = Self.numericalDiff({ f($0) }, at: inputs[Parameters.x], h: inputs[Parameters.h])
        return [Output(Outputs.derivative, Tensor(scalar: slope))]
    }

    /// The central difference `(f(x + h) - f(x - h)) / (2 * h)`, evaluated in
    /// that order. Its truncation error is O(h²), against O(h) for the
    /// forward difference; h cannot shrink much below 1e-4 before rounding
    /// in f(x ± h) dominates.
    public static func numericalDiff(_ f: (Double) -> Double, at x: Double, h: Double) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
    }
}
