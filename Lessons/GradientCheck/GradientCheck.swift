import LessonKit
import NeuralNet
import NumPyMath

/// The book's chapter-5 gradient check (gradient_check.py): the layered
/// two-layer network — Affine, Relu, Affine, SoftmaxWithLoss — on the first
/// images of the training set, its gradients by backpropagation through
/// the layers against the numerical gradient, and their mean difference
/// per parameter, as the book prints it.
///
/// ```
/// W1 = std · randn(784, hidden); W2 = std · randn(hidden, 10)    -- in this order
/// x, t = x_train[:batch_size], t_train[:batch_size]
/// backprop:   dout = (y - t) / batch;  Affine2, Relu, Affine1 backward in turn
/// difference[p] = mean(|grad_p - numerical_p|) for p = W1, b1, W2, b2
/// ```
/// Every output is NumPy's double (0 ulps against the book's code, checked
/// by the oracle): products in OpenBLAS's order, exp and log NumPy's, sums
/// in NumPy's order.
public struct GradientCheck: Lesson {
    public init() {}

    public enum Parameters {
        public static let hidden_size = Input<Int>.count("hidden_size", from: 1, limit: 1024, default: "50", "hidden units")
        public static let weight_init_std = Input<Double>.number("weight_init_std", default: "0.01", "the scale of the initial weights")
        public static let batch_size = Input<Int>.count(
            "batch_size", from: 1, limit: 10_000, default: "3", "the first images of the training set (x_train[:batch_size])")
        public static let data = Input<String>.text(
            "data", accepted: LessonData.accepted(random: false), default: "embedded", "the images the batch comes from")
        public static let delta = Input<Double>.number(
            "delta", default: "1e-7", "the constant inside the loss's log (backprop's (y - t) / batch has none)")
    }

    public enum Outputs {
        public static let grad_W1 = OutputKey("grad_W1")
        public static let grad_b1 = OutputKey("grad_b1")
        public static let grad_W2 = OutputKey("grad_W2")
        public static let grad_b2 = OutputKey("grad_b2")
        public static let numerical_W1 = OutputKey("numerical_W1")
        public static let numerical_b1 = OutputKey("numerical_b1")
        public static let numerical_W2 = OutputKey("numerical_W2")
        public static let numerical_b2 = OutputKey("numerical_b2")
        public static let difference = OutputKey("difference")
    }

    /// Each parameter's name with its two gradients, in the order of `difference`.
    public static let gradients: [(name: String, backprop: OutputKey, numerical: OutputKey)] = [
        ("W1", Outputs.grad_W1, Outputs.numerical_W1), ("b1", Outputs.grad_b1, Outputs.numerical_b1),
        ("W2", Outputs.grad_W2, Outputs.numerical_W2), ("b2", Outputs.grad_b2, Outputs.numerical_b2),
    ]

    /// The four differences, as the book prints them; the gradients
    /// themselves are 2 × 39 760 numbers.
    public static let configuration = LessonConfiguration(
        id: "gradient-check", title: "backpropagation through layers, checked against the numerical gradient",
        source: "the book's gradient_check, chapter 5",
        parameters: [Parameters.hidden_size, Parameters.weight_init_std, Parameters.batch_size, Parameters.data, Parameters.delta],
        outputs: [
            Outputs.grad_W1, Outputs.grad_b1, Outputs.grad_W2, Outputs.grad_b2, Outputs.numerical_W1, Outputs.numerical_b1,
            Outputs.numerical_W2, Outputs.numerical_b2, Outputs.difference,
        ],
        highlights: [Outputs.difference],
        defaultSeed: 0)

    public let checks = LessonChecks(
        // Small nets, so that a fixture of every value stays small; the
        // default is compared with NumPy by the crosscheck and the tests.
        examples: [
            Example("hidden 4", settings: ["hidden_size=4"]),
            Example("seed 3, hidden 6, batch 5", seed: 3, settings: ["hidden_size=6", "batch_size=5"]),
            Example("delta 0: both sides differentiate -log y", seed: 1, settings: ["hidden_size=5", "delta=0"]),
            Example("weights large enough that units switch off", seed: 2, settings: ["hidden_size=3", "weight_init_std=0.3"]),
        ],
        variation: { rng in
            let seed = Int64(rng.nextUInt32())
            // NumPy's numerical gradient costs about 784 · hidden² · batch: small nets keep a sweep quick.
            var settings = ["hidden_size=\(rng.integer(1...6))", "batch_size=\(rng.integer(1...5))"]
            if rng.nextDouble() < 0.4 { settings.append("weight_init_std=\(rng.logUniform(1e-3, 1))") }
            if rng.nextDouble() < 0.2 { settings.append("delta=0") }
            return Example("varied", seed: seed, settings: settings)
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let (network, x, t) = try Self.setUp(inputs, rng: &rng)
        let grad = network.gradient(x, t)
        let numerical = network.numericalGradient(x, t)
        let pairs = [
            (grad.W1.scalars, numerical.W1.scalars), (grad.b1, numerical.b1), (grad.W2.scalars, numerical.W2.scalars),
            (grad.b2, numerical.b2),
        ]
        // np.average(np.abs(grad_backprop[key] - grad_numerical[key])): a pairwise sum over the count.
        let difference = pairs.map { backprop, numeric in NumPy.sum(zip(backprop, numeric).map { abs($0 - $1) }) / Double(backprop.count) }
        return [
            Output(Outputs.grad_W1, grad.W1.tensor), Output(Outputs.grad_b1, Tensor(vector: grad.b1)),
            Output(Outputs.grad_W2, grad.W2.tensor), Output(Outputs.grad_b2, Tensor(vector: grad.b2)),
            Output(Outputs.numerical_W1, numerical.W1.tensor), Output(Outputs.numerical_b1, Tensor(vector: numerical.b1)),
            Output(Outputs.numerical_W2, numerical.W2.tensor), Output(Outputs.numerical_b2, Tensor(vector: numerical.b2)),
            Output(Outputs.difference, Tensor(vector: difference)),
        ]
    }

    /// The layered network (W1, then W2 drawn) and the first `batch_size`
    /// training images with their one-hot labels.
    static func setUp(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> (Network, Matrix, Matrix) {
        for name in ["hidden_size", "batch_size"] where inputs.count(name) == 0 {
            throw .badValue(parameter: name, value: "0", expected: "at least 1")
        }
        if inputs[Parameters.data] == "random" {
            throw .badValue(parameter: "data", value: "random", expected: "a data set of images (the check takes x_train[:batch_size])")
        }
        let data = try LessonData.load(inputs[Parameters.data])
        let batch = inputs[Parameters.batch_size]
        if batch > data.trainCount {
            throw .badValue(
                parameter: "batch_size", value: String(batch), expected: "at most \(data.trainCount), the training images of \(data.name)")
        }
        var network = Network(
            inputSize: data.features, hiddenSize: inputs[Parameters.hidden_size], outputSize: data.classes,
            weightInitStd: inputs[Parameters.weight_init_std], rng: &rng, arithmetic: inputs.arithmetic)
        network.activation = .relu
        network.delta = inputs[Parameters.delta]
        let (x, t) = data.trainBatch(Array(0..<batch))
        return (network, x, t)
    }

    /// The network and batch of a finished run, drawn again from its seed.
    static func setUp(_ run: Run) -> (Network, Matrix, Matrix)? {
        let values = Dictionary(run.parameters.compactMap { name, value in value.map { (name, $0) } }, uniquingKeysWith: { a, _ in a })
        var rng = RandomState(seed: run.seed ?? 0)
        return try? setUp(Inputs(values, arithmetic: run.arithmetic), rng: &rng)
    }
}
