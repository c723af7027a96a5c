import LessonKit
import NeuralNet
import NumPyMath

/// The book's chapter-5 layers — Relu, Sigmoid, Affine and SoftmaxWithLoss
/// (common/layers.py) — each run forward and backward on seeded inputs, and
/// each backward checked against its own numerical gradient.
///
/// ```
/// x = randn(N, D); dout = randn(N, D); W = randn(D, M); b = randn(M)
/// dout_affine = randn(N, M); labels = choice(M, N), t one-hot       -- in this order
/// for a layer f with upstream dout, backprop gives dx; numerically, dx is
/// the gradient of L(x) = np.sum(f(x) * dout) (of the loss, for SoftmaxWithLoss,
/// whose scores are the Affine output), by the book's numerical_gradient (h = 1e-4)
/// difference = mean |backprop - numerical| per check
/// ```
/// Every output is NumPy's double, 0 ulps against the book's classes.
public struct Layers: Lesson {
    public init() {}

    public enum Parameters {
        public static let batch_size = Input<Int>.count("batch_size", from: 1, limit: 64, default: "2", "rows of x (N)")
        public static let input_size = Input<Int>.count("input_size", from: 1, limit: 64, default: "3", "columns of x (D)")
        public static let output_size = Input<Int>.count("output_size", from: 1, limit: 64, default: "4", "Affine's outputs and the classes (M)")
        public static let delta = Input<Double>.number(
            "delta", default: "1e-7", "the constant inside the loss's log (backprop's (y - t) / batch has none)")
    }

    public enum Outputs {
        public static let relu_out = OutputKey("relu_out")
        public static let relu_dx = OutputKey("relu_dx")
        public static let sigmoid_out = OutputKey("sigmoid_out")
        public static let sigmoid_dx = OutputKey("sigmoid_dx")
        public static let affine_out = OutputKey("affine_out")
        public static let affine_dx = OutputKey("affine_dx")
        public static let affine_dW = OutputKey("affine_dW")
        public static let affine_db = OutputKey("affine_db")
        public static let loss = OutputKey("loss")
        public static let softmax_dx = OutputKey("softmax_dx")
        public static let numerical_relu_dx = OutputKey("numerical_relu_dx")
        public static let numerical_sigmoid_dx = OutputKey("numerical_sigmoid_dx")
        public static let numerical_affine_dx = OutputKey("numerical_affine_dx")
        public static let numerical_affine_dW = OutputKey("numerical_affine_dW")
        public static let numerical_affine_db = OutputKey("numerical_affine_db")
        public static let numerical_softmax_dx = OutputKey("numerical_softmax_dx")
        public static let difference = OutputKey("difference")
    }

    /// Each check's name with its two gradients, in the order of `difference`.
    public static let checked: [(name: String, backprop: OutputKey, numerical: OutputKey)] = [
        ("Relu dx", Outputs.relu_dx, Outputs.numerical_relu_dx), ("Sigmoid dx", Outputs.sigmoid_dx, Outputs.numerical_sigmoid_dx),
        ("Affine dx", Outputs.affine_dx, Outputs.numerical_affine_dx), ("Affine dW", Outputs.affine_dW, Outputs.numerical_affine_dW),
        ("Affine db", Outputs.affine_db, Outputs.numerical_affine_db),
        ("SoftmaxWithLoss dx", Outputs.softmax_dx, Outputs.numerical_softmax_dx),
    ]

    public static let configuration = LessonConfiguration(
        id: "layers", title: "the layers of chapter 5, forward and backward, each checked numerically",
        source: "the book's common/layers.py, chapter 5",
        parameters: [Parameters.batch_size, Parameters.input_size, Parameters.output_size, Parameters.delta],
        outputs: [
            Outputs.relu_out, Outputs.relu_dx, Outputs.sigmoid_out, Outputs.sigmoid_dx, Outputs.affine_out, Outputs.affine_dx,
            Outputs.affine_dW, Outputs.affine_db, Outputs.loss, Outputs.softmax_dx, Outputs.numerical_relu_dx,
            Outputs.numerical_sigmoid_dx, Outputs.numerical_affine_dx, Outputs.numerical_affine_dW, Outputs.numerical_affine_db,
            Outputs.numerical_softmax_dx, Outputs.difference,
        ],
        highlights: [Outputs.loss, Outputs.difference],
        defaultSeed: 0)

    public let checks = LessonChecks(
        examples: [
            Example("seed 1, a batch of 5", seed: 1, settings: ["batch_size=5"]),
            Example("delta 0", seed: 2, settings: ["delta=0"]),
            Example("one row, one input, two classes", seed: 3, settings: ["batch_size=1", "input_size=1", "output_size=2"]),
        ],
        variation: { rng in
            let seed = Int64(rng.nextUInt32())
            var settings = [
                "batch_size=\(rng.integer(1...8))", "input_size=\(rng.integer(1...8))", "output_size=\(rng.integer(1...8))",
            ]
            if rng.nextDouble() < 0.3 { settings.append("delta=0") }
            return Example("varied", seed: seed, settings: settings)
        })

    /// What the run draws, in the book's order.
    struct Draws {
        var x, dout, W: Matrix
        var b: [Double]
        var doutAffine, t: Matrix
    }

    static func draw(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> Draws {
        for name in ["batch_size", "input_size", "output_size"] where inputs.count(name) == 0 {
            throw .badValue(parameter: name, value: "0", expected: "at least 1")
        }
        let (n, d, m) = (inputs[Parameters.batch_size], inputs[Parameters.input_size], inputs[Parameters.output_size])
        func matrix(_ rows: Int, _ columns: Int) -> Matrix { Matrix(rows: rows, columns: columns, scalars: rng.randn(rows, columns).scalars) }
        let x = matrix(n, d)
        let dout = matrix(n, d)
        let W = matrix(d, m)
        let b = rng.randn(m).scalars
        let doutAffine = matrix(n, m)
        var t = Matrix(zeros: n, m)
        for (row, label) in rng.choice(Int64(m), count: n).enumerated() { t[row, Int(label)] = 1 }
        return Draws(x: x, dout: dout, W: W, b: b, doutAffine: doutAffine, t: t)
    }

    /// Each layer forward and backward, then its numerical gradient, in the
    /// order the book introduces them: one block per layer.
    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let draws = try Self.draw(inputs, rng: &rng)
        let arithmetic = inputs.arithmetic
        let delta = inputs[Parameters.delta]
        let (x, dout, doutAffine, t) = (draws.x, draws.dout, draws.doutAffine, draws.t)
        func shaped(_ m: Matrix, _ scalars: [Double]) -> Matrix { Matrix(rows: m.rows, columns: m.columns, scalars: scalars) }
        // np.sum(f(x) * dout): the product elementwise, then NumPy's pairwise sum.
        func weighted(_ out: Matrix, _ upstream: Matrix) -> Double { NumPy.sum(zip(out.scalars, upstream.scalars).map { $0 * $1 }) }

        var relu = Layer.Relu()
        let reluOut = relu.forward(x)
        let reluDx = relu.backward(dout)
        var sigmoid = Layer.Sigmoid(arithmetic)
        let sigmoidOut = sigmoid.forward(x)
        let sigmoidDx = sigmoid.backward(dout)
        var affine = Layer.Affine(W: draws.W, b: draws.b, arithmetic)
        let affineOut = affine.forward(x)
        let affineDx = affine.backward(doutAffine)
        var softmax = Layer.SoftmaxWithLoss(delta: delta, arithmetic)
        let loss = softmax.forward(affineOut, t)
        let softmaxDx = softmax.backward()

        var nudged = x.scalars
        let numericalRelu = Layer.numericalGradient(&nudged) { v in
            var layer = Layer.Relu()
            return weighted(layer.forward(shaped(x, v)), dout)
        }
        let numericalSigmoid = Layer.numericalGradient(&nudged) { v in
            var layer = Layer.Sigmoid(arithmetic)
            return weighted(layer.forward(shaped(x, v)), dout)
        }
        let numericalAffineDx = Layer.numericalGradient(&nudged) { v in
            var layer = Layer.Affine(W: draws.W, b: draws.b, arithmetic)
            return weighted(layer.forward(shaped(x, v)), doutAffine)
        }
        var weights = draws.W.scalars
        let numericalAffineDW = Layer.numericalGradient(&weights) { v in
            var layer = Layer.Affine(W: shaped(draws.W, v), b: draws.b, arithmetic)
            return weighted(layer.forward(x), doutAffine)
        }
        var bias = draws.b
        let numericalAffineDb = Layer.numericalGradient(&bias) { v in
            var layer = Layer.Affine(W: draws.W, b: v, arithmetic)
            return weighted(layer.forward(x), doutAffine)
        }
        var scores = affineOut.scalars
        let numericalSoftmax = Layer.numericalGradient(&scores) { v in
            var layer = Layer.SoftmaxWithLoss(delta: delta, arithmetic)
            return layer.forward(shaped(affineOut, v), t)
        }

        let pairs = [
            (reluDx.scalars, numericalRelu), (sigmoidDx.scalars, numericalSigmoid), (affineDx.scalars, numericalAffineDx),
            (affine.dW.scalars, numericalAffineDW), (affine.db, numericalAffineDb), (softmaxDx.scalars, numericalSoftmax),
        ]
        // np.average(np.abs(backprop - numerical)): a pairwise sum over the count.
        let difference = pairs.map { backprop, numeric in NumPy.sum(zip(backprop, numeric).map { abs($0 - $1) }) / Double(backprop.count) }
        return [
            Output(Outputs.relu_out, reluOut.tensor), Output(Outputs.relu_dx, reluDx.tensor),
            Output(Outputs.sigmoid_out, sigmoidOut.tensor), Output(Outputs.sigmoid_dx, sigmoidDx.tensor),
            Output(Outputs.affine_out, affineOut.tensor), Output(Outputs.affine_dx, affineDx.tensor),
            Output(Outputs.affine_dW, affine.dW.tensor), Output(Outputs.affine_db, Tensor(vector: affine.db)),
            Output(Outputs.loss, Tensor(scalar: loss)), Output(Outputs.softmax_dx, softmaxDx.tensor),
            Output(Outputs.numerical_relu_dx, shaped(x, numericalRelu).tensor),
            Output(Outputs.numerical_sigmoid_dx, shaped(x, numericalSigmoid).tensor),
            Output(Outputs.numerical_affine_dx, shaped(x, numericalAffineDx).tensor),
            Output(Outputs.numerical_affine_dW, shaped(draws.W, numericalAffineDW).tensor),
            Output(Outputs.numerical_affine_db, Tensor(vector: numericalAffineDb)),
            Output(Outputs.numerical_softmax_dx, shaped(affineOut, numericalSoftmax).tensor),
            Output(Outputs.difference, Tensor(vector: difference)),
        ]
    }

    /// The draws of a finished run, again from its seed.
    static func draws(_ run: Run) -> Draws? {
        let values = Dictionary(run.parameters.compactMap { name, value in value.map { (name, $0) } }, uniquingKeysWith: { a, _ in a })
        var rng = RandomState(seed: run.seed ?? 0)
        return try? draw(Inputs(values, arithmetic: run.arithmetic), rng: &rng)
    }
}
