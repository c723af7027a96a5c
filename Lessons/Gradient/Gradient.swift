import Arithmetic
import LessonKit

/// Notebook In [264]: the gradient of a function of a vector, one central
/// difference per coordinate.
///
/// ```
/// grad[i] = (f(x with x[i] + h) - f(x with x[i] - h)) / (2 * h)
/// ```
/// With f = x0² + 2·x0·x1 + x2² at (3, 4, 5) this gives
/// [14.000000000038426, 6.000000000021544, 9.999999999976694], bit for bit
/// NumPy's: only + − × ÷ and exact squares enter.
public struct Gradient: Lesson {
    public init() {}

    public enum Parameters {
        public static let function = Input<Expression>.function("function", of: .vector, default: "x0^2 + 2*x0*x1 + x2^2", "the function f of x0, x1, …")
        public static let x = Input<Tensor>.vector("x", default: "3, 4, 5", "the point where the gradient is taken")
        public static let h = Input<Double>.number("h", default: "1e-4", "the half-width of each difference")
    }

    public enum Outputs {
        public static let gradient = OutputKey("gradient")
    }

    /// Only a function that calls exp or log depends on the machine's arithmetic.
    public static let configuration = LessonConfiguration(
        id: "gradient", title: "numerical gradient, one coordinate at a time", source: "notebook In [264]",
        parameters: [Parameters.function, Parameters.x, Parameters.h],
        outputs: [Outputs.gradient],
        arithmeticParts: .functions)

    public let checks = LessonChecks(
        notebook: [NotebookCase("In [264]", printed: [("gradient", "array([14.,  6., 10.])")])],
        sourceCells: [NotebookCell(264, fingerprint: "7065ee1f1c204bfb")],
        // The book's three gradients of x0² + x1², whose exact values are 2·x.
        book: [
            BookCase(
                "gradient of x0^2 + x1^2 at (3, 4)", source: "gradient_2d.py, in the text", settings: ["function=x0^2 + x1^2", "x=3,4"],
                printed: [("gradient", "[6., 8.]")]),
            BookCase(
                "gradient of x0^2 + x1^2 at (0, 2)", source: "gradient_2d.py, in the text", settings: ["function=x0^2 + x1^2", "x=0,2"],
                printed: [("gradient", "[0., 4.]")]),
            BookCase(
                "gradient of x0^2 + x1^2 at (3, 0)", source: "gradient_2d.py, in the text", settings: ["function=x0^2 + x1^2", "x=3,0"],
                printed: [("gradient", "[6., 0.]")]),
        ],
        examples: [
            Example("default"),
            Example("the book's x0^2 + x1^2 at (3, 4)", settings: ["function=x0^2 + x1^2", "x=3,4"]),
            Example("the book's x0^2 + x1^2 at (0, 2)", settings: ["function=x0^2 + x1^2", "x=0,2"]),
            Example("a point with a fraction", settings: ["x=-1.5,0.25,7"]),
            Example("exp and log", settings: ["function=exp(x0) * log(x1 + 2) - sqrt(x2)", "x=0.5,1,4"]),
        ],
        variation: { rng in
            // One case in four is a wide point with a function of the whole vector.
            let wide = rng.integer(0...3) == 0
            let n = wide ? rng.integer(4...300) : rng.integer(2...3)
            let functions = wide ? SampleFunctions.ofWholeVector : SampleFunctions.ofVector(variables: n) + SampleFunctions.ofWholeVector
            let h = rng.pick([1e-4, rng.logUniform(1e-8, 1e-2)])
            return Example(
                "varied",
                settings: ["function=\(rng.pick(functions))", "x=\(rng.list(n) { $0.uniform(-10, 10) })", "h=\(h)"])
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let f = try inputs.function(Parameters.function, of: Parameters.x)
        let x = inputs[Parameters.x].scalars
        // A progress line, on a terminal, for functions whose every partial
        // derivative costs O(n) (sum(x * sum(x)) at n = 10 000 takes seconds).
        let grad = f.gradient(at: x, h: inputs[Parameters.h]) { i in
            LessonProgress.update(LessonProgress.Update(step: i + 1, total: x.count, status: "partial derivatives"))
        }
        return [Output(Outputs.gradient, Tensor(vector: grad))]
    }

    /// The notebook's loop: nudge one coordinate up and down by `h`, take the
    /// central difference, put the coordinate back. `f` always sees the full
    /// point with exactly one coordinate moved, as in NumPy, where the loop
    /// writes into the array in place.
    ///
    /// For an ``Expression``, ``Expression/gradient(at:h:)`` gives the same
    /// bits without evaluating all of f 2n times: it recomputes only what
    /// each coordinate reaches (what `run` uses).
    public static func numericalGradient(_ f: ([Double]) -> Double, at point: [Double], h: Double) -> [Double] {
        var x = point
        var grad = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let saved = x[i]
            x[i] = saved + h
            let fx1 = f(x)
            x[i] = saved - h
            let fx2 = f(x)
            grad[i] = (fx1 - fx2) / (2 * h)
            x[i] = saved
        }
        return grad
    }
}
