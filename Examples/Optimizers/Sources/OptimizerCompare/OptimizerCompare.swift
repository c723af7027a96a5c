import LessonKit

/// The book's comparison of four optimizers (chapter 6,
/// optimizer_compare_naive): SGD, Momentum, AdaGrad and Adam, each taking
/// 30 steps from (−7, 2) on f(x, y) = x²/20 + y², whose minimum is (0, 0).
///
/// ```
/// grad f = (x / 10, 2y)
/// SGD:      p -= lr · g
/// Momentum: v = momentum · v − lr · g;  p += v
/// AdaGrad:  h += g · g;  p -= lr · g / (√h + 1e-7)
/// Adam:     t += 1;  lr_t = lr · √(1 − β2^t) / (1 − β1^t)
///           m += (1 − β1)(g − m);  v += (1 − β2)(g² − v);  p -= lr_t · m / (√v + 1e-7)
/// ```
/// Each is scalar IEEE arithmetic in that order, as the book's Python does
/// it, so every path is NumPy's bits (0 ulps, checked by the oracle): √ is
/// correctly rounded everywhere, and Python's `**` (β^t, g²) is the C
/// library's pow, as ``pythonPower(_:_:)`` calls it.
public struct OptimizerCompare: Lesson {
    public init() {}

    public enum Parameters {
        public static let start = Input<Tensor>.vector("init", length: 2, default: "-7, 2", "where every optimizer starts, (x, y)")
        public static let steps = Input<Int>.count("steps", from: 1, limit: 100_000, default: "30", "updates per optimizer")
        public static let lr_sgd = Input<Double>.number("lr_sgd", default: "0.95", "SGD's learning rate")
        public static let lr_momentum = Input<Double>.number("lr_momentum", default: "0.1", "Momentum's learning rate")
        public static let momentum = Input<Double>.number("momentum", default: "0.9", "how much of its velocity Momentum keeps")
        public static let lr_adagrad = Input<Double>.number("lr_adagrad", default: "1.5", "AdaGrad's learning rate")
        public static let lr_adam = Input<Double>.number("lr_adam", default: "0.3", "Adam's learning rate")
        public static let beta1 = Input<Double>.number("beta1", default: "0.9", "Adam's decay of the mean gradient")
        public static let beta2 = Input<Double>.number("beta2", default: "0.999", "Adam's decay of the mean squared gradient")
    }

    /// Each optimizer's path: the point before each update, `steps` rows of (x, y).
    public enum Outputs {
        public static let sgd = OutputKey("sgd")
        public static let momentum = OutputKey("momentum")
        public static let adagrad = OutputKey("adagrad")
        public static let adam = OutputKey("adam")
    }

    public static let configuration = LessonConfiguration(
        id: "optimizer-compare", title: "SGD, Momentum, AdaGrad and Adam on x²/20 + y²",
        source: "the book's optimizer_compare_naive, chapter 6",
        parameters: [
            Parameters.start, Parameters.steps, Parameters.lr_sgd, Parameters.lr_momentum, Parameters.momentum, Parameters.lr_adagrad,
            Parameters.lr_adam, Parameters.beta1, Parameters.beta2,
        ],
        outputs: [Outputs.sgd, Outputs.momentum, Outputs.adagrad, Outputs.adam],
        // A plain run shows where each path ends (the summary); the paths are named.
        highlights: [],
        // Scalar + − × ÷ and √ only: no products, no exp or log.
        arithmeticParts: [])

    public let checks = LessonChecks(
        examples: [
            Example("the book's four optimizers"),
            Example("a longer run", settings: ["steps=200"]),
            Example("from elsewhere, with other rates", settings: ["init=3,-4", "lr_sgd=0.5", "lr_adam=0.1", "momentum=0.5"]),
        ],
        variation: { rng in
            Example(
                "varied",
                settings: [
                    "init=\(rng.list(2) { $0.uniform(-10, 10) })", "steps=\(rng.integer(1...300))",
                    "lr_sgd=\(rng.logUniform(1e-3, 1))", "lr_momentum=\(rng.logUniform(1e-3, 1))", "momentum=\(rng.uniform(0, 0.99))",
                    "lr_adagrad=\(rng.logUniform(1e-2, 3))", "lr_adam=\(rng.logUniform(1e-3, 1))",
                ])
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let start = inputs[Parameters.start].scalars
        let steps = inputs[Parameters.steps]
        let (lrMomentum, keep) = (inputs[Parameters.lr_momentum], inputs[Parameters.momentum])
        let lrAdaGrad = inputs[Parameters.lr_adagrad]
        let (lrAdam, beta1, beta2) = (inputs[Parameters.lr_adam], inputs[Parameters.beta1], inputs[Parameters.beta2])
        let lrSGD = inputs[Parameters.lr_sgd]

        let sgd = Self.path(from: start, steps: steps) { p, g, _ in
            for k in 0..<2 { p[k] -= lrSGD * g[k] }
        }
        var velocity = [0.0, 0.0]
        let momentum = Self.path(from: start, steps: steps) { p, g, _ in
            for k in 0..<2 {
                velocity[k] = keep * velocity[k] - lrMomentum * g[k]
                p[k] += velocity[k]
            }
        }
        var squares = [0.0, 0.0]
        let adagrad = Self.path(from: start, steps: steps) { p, g, _ in
            for k in 0..<2 {
                squares[k] += g[k] * g[k]
                p[k] -= lrAdaGrad * g[k] / (squares[k].squareRoot() + 1e-7)
            }
        }
        var (mean, meanSquare) = ([0.0, 0.0], [0.0, 0.0])
        let adam = Self.path(from: start, steps: steps) { p, g, t in
            // Python's ** is the C library's pow, for β^t and for g² alike.
            let lrT = lrAdam * (1.0 - pythonPower(beta2, Double(t))).squareRoot() / (1.0 - pythonPower(beta1, Double(t)))
            for k in 0..<2 {
                mean[k] += (1 - beta1) * (g[k] - mean[k])
                meanSquare[k] += (1 - beta2) * (pythonPower(g[k], 2) - meanSquare[k])
                p[k] -= lrT * mean[k] / (meanSquare[k].squareRoot() + 1e-7)
            }
        }
        return [
            Output(Outputs.sgd, sgd), Output(Outputs.momentum, momentum), Output(Outputs.adagrad, adagrad), Output(Outputs.adam, adam),
        ]
    }

    /// f(x, y) = x²/20 + y², as the figure draws it.
    public static func f(_ x: Double, _ y: Double) -> Double { x * x / 20.0 + y * y }

    /// grad f = (x / 10, 2y), written as the book writes it.
    public static func gradient(_ p: [Double]) -> [Double] { [p[0] / 10.0, 2.0 * p[1]] }

    /// The points before each of `steps` updates: `update(&p, grad f(p), t)`
    /// with t = 1, 2, … (Adam's count).
    static func path(from start: [Double], steps: Int, update: (inout [Double], [Double], Int) -> Void) -> Tensor {
        var p = start
        var rows: [Double] = []
        rows.reserveCapacity(2 * steps)
        for t in 1...steps {
            rows += p
            update(&p, gradient(p), t)
        }
        return Tensor(shape: [steps, 2], scalars: rows)
    }
}
