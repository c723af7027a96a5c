import Arithmetic
import LessonKit

/// Notebook In [265]: gradient descent, `x ← x − lr · grad f(x)`, repeated
/// `steps` times, with the gradient from the gradient lesson.
///
/// With f = x0² + x1² from (33, 20), lr = 0.1 and 100 steps the result is
/// [6.7222187218403284e-09, 4.074071952643464e-09], bit for bit NumPy's.
/// Each step multiplies x by about (1 − 2·lr), so lr > 1 makes |x| grow
/// without bound: such runs report inf and nan as they come.
public struct Descent: Lesson {
    public init() {}

    public enum Parameters {
        public static let function = Input<Expression>.function("function", of: .vector, default: "x0^2 + x1^2", "the function f to minimise")
        public static let `init` = Input<Tensor>.vector("init", default: "33, 20", "the starting point")
        public static let lr = Input<Double>.number("lr", default: "0.1", "the learning rate")
        public static let steps = Input<Int>.count("steps", limit: 1_000_000, default: "100", "how many steps to take")
        public static let h = Input<Double>.number("h", default: "1e-4", "the half-width of each difference")
    }

    public enum Outputs {
        public static let x = OutputKey("x")
        public static let history = OutputKey("history")
    }

    /// Where descent ends; the path (steps + 1 points) is named, and drawn by --plot.
    /// Only a function that calls exp or log depends on the machine's arithmetic.
    public static let configuration = LessonConfiguration(
        id: "descent", title: "gradient descent to a minimum", source: "notebook In [265]",
        parameters: [Parameters.function, Parameters.`init`, Parameters.lr, Parameters.steps, Parameters.h],
        outputs: [Outputs.x, Outputs.history],
        highlights: [Outputs.x],
        arithmeticParts: .functions)

    public let checks = LessonChecks(
        notebook: [NotebookCase("In [265]", printed: [("x", "array([6.72221872e-09, 4.07407195e-09])")])],
        sourceCells: [NotebookCell(265, fingerprint: "ae218981d0f98c54")],
        // The book's descent of x0² + x1² from (-3, 4), 100 steps, at three learning rates.
        book: [
            BookCase(
                "lr 0.1 from (-3, 4)", source: "gradient_method.py, in the text", settings: ["init=-3,4", "lr=0.1"],
                printed: [("x", "[-6.11110793e-10, 8.14814391e-10]")]),
            BookCase(
                "lr 10 from (-3, 4): diverges", source: "gradient_method.py, in the text", settings: ["init=-3,4", "lr=10"],
                printed: [("x", "[-2.58983747e+13, -1.29524862e+12]")]),
            BookCase(
                "lr 1e-10 from (-3, 4): barely moves", source: "gradient_method.py, in the text", settings: ["init=-3,4", "lr=1e-10"],
                printed: [("x", "[-2.99999994, 3.99999992]")]),
        ],
        examples: [
            Example("default"),
            Example("the book's start (-3, 4)", settings: ["init=-3,4"]),
            Example("lr too large (10): diverges", settings: ["init=-3,4", "lr=10"]),
            Example("lr too small (1e-10): barely moves", settings: ["init=-3,4", "lr=1e-10"]),
            Example("lr 1e200: overflows to inf and nan", settings: ["lr=1e200", "steps=4"]),
            Example("three variables, 20 steps", settings: ["function=x0^2 + 2*x1^2 + 0.5*x2^2", "init=1,-2,3", "lr=0.05", "steps=20"]),
        ],
        variation: { rng in
            let n = rng.integer(2...3)
            return Example(
                "varied",
                settings: [
                    "function=\(rng.pick(SampleFunctions.ofVector(variables: n) + SampleFunctions.ofWholeVector))",
                    "init=\(rng.list(n) { $0.uniform(-50, 50) })",
                    "lr=\(rng.logUniform(1e-10, 100))", "steps=\(rng.integer(0...150))",
                ])
        })

    /// The most values `history` may hold (80 MB of doubles).
    static let historyLimit = 10_000_000

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let f = try inputs.function(Parameters.function, of: Parameters.`init`)
        let lr = inputs[Parameters.lr]
        let h = inputs[Parameters.h]
        let steps = inputs[Parameters.steps]
        var x = inputs[Parameters.`init`].scalars
        guard steps * x.count <= Self.historyLimit else {
            throw .badValue(
                parameter: "steps", value: String(steps),
                expected: "small enough for the history: steps × \(x.count) coordinates must stay within \(Self.historyLimit) values")
        }
        var history: [Double] = []
        history.reserveCapacity(steps * x.count)
        // Compiled once; its buffers and the gradient's serve every step.
        let evaluator = Expression.Evaluator(f, count: x.count)
        var grad = [Double](repeating: 0, count: x.count)
        for step in 0..<steps {
            history += x
            evaluator.gradient(at: x, h: h, into: &grad)
            // x - lr * grad, element by element as NumPy computes it.
            for i in x.indices { x[i] -= lr * grad[i] }
            // On a terminal, for long runs (many steps, or a costly gradient at each).
            LessonProgress.update(LessonProgress.Update(step: step + 1, total: steps, status: ""))
        }
        return [
            Output(Outputs.x, Tensor(vector: x)),
            Output(Outputs.history, Tensor(shape: [steps, x.count], scalars: history)),
        ]
    }
}
