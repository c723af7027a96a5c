import LessonKit
import NeuralNet
import NumPyMath

/// The book's TwoLayerNet and its gradient check: the loss, the accuracy and
/// the gradients of a batch, by backpropagation and numerically, and how far
/// apart the two are.
///
/// ```
/// W1 = std · randn(input, hidden); W2 = std · randn(hidden, output)   -- in this order
/// batch = choice(train_size, batch_size)   (data = random: x = rand(batch, input), t = rand(batch, output))
/// difference[p] = mean(|grad_p - numerical_p|) for p = W1, b1, W2, b2
/// ```
/// Every output is NumPy's double: products in OpenBLAS's order, exp and
/// log NumPy's, both in the run's arithmetic, sums in NumPy's order (0 ulps,
/// checked by the oracle).
public struct TwoLayerNet: Lesson {
    public init() {}

    public enum Parameters {
        public static let input_size = Input<Int>.count("input_size", from: 1, limit: 4096, default: "784", "inputs per example (784 for 28×28 images)")
        public static let hidden_size = Input<Int>.count("hidden_size", from: 1, limit: 1024, default: "50", "hidden units")
        public static let output_size = Input<Int>.count("output_size", from: 1, limit: 100, default: "10", "classes")
        public static let weight_init_std = Input<Double>.number("weight_init_std", default: "0.01", "the scale of the initial weights")
        public static let batch_size = Input<Int>.count("batch_size", from: 1, limit: 10_000, default: "100", "examples in the batch")
        public static let data = Input<String>.text("data", accepted: LessonData.accepted, default: "embedded", "where the batch comes from")
        public static let delta = Input<Double>.number("delta", default: "1e-7", "the constant inside the loss's log (backprop's (y - t) / batch has none)")
    }

    public enum Outputs {
        public static let loss = OutputKey("loss")
        public static let accuracy = OutputKey("accuracy")
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

    /// The loss, the accuracy and the gradient check; the gradients
    /// themselves are 2 × 39 760 numbers.
    public static let configuration = LessonConfiguration(
        id: "two-layer-net", title: "a two-layer network's loss, accuracy and gradients, checked numerically", source: "the book's two_layer_net and its gradient check",
        parameters: [Parameters.input_size, Parameters.hidden_size, Parameters.output_size, Parameters.weight_init_std, Parameters.batch_size, Parameters.data, Parameters.delta],
        outputs: [Outputs.loss, Outputs.accuracy, Outputs.grad_W1, Outputs.grad_b1, Outputs.grad_W2, Outputs.grad_b2, Outputs.numerical_W1, Outputs.numerical_b1, Outputs.numerical_W2, Outputs.numerical_b2, Outputs.difference],
        highlights: [Outputs.loss, Outputs.accuracy, Outputs.difference],
        defaultSeed: 0)

    public let checks = LessonChecks(
        // Small nets, so that a fixture of every value stays small; the
        // default size is compared with NumPy by the tests and the sweep.
        examples: [
            Example("hidden 3, batch 10", settings: ["hidden_size=3", "batch_size=10"]),
            Example("seed 3, hidden 5, batch 16", seed: 3, settings: ["hidden_size=5", "batch_size=16"]),
            Example(
                "random data, book's shape at small size", seed: 1,
                settings: ["data=random", "input_size=30", "hidden_size=7", "output_size=4", "batch_size=6"]),
            Example("odd batch, one hidden unit", seed: 5, settings: ["hidden_size=1", "batch_size=7"]),
            Example("delta 0: both sides differentiate -log y", seed: 2, settings: ["hidden_size=4", "batch_size=9", "delta=0"]),
        ],
        variation: { rng in
            let seed = Int64(rng.nextUInt32())
            var settings = ["hidden_size=\(rng.integer(1...12))", "batch_size=\(rng.integer(1...12))"]
            if rng.nextDouble() < 0.5 {
                settings += ["data=random", "input_size=\(rng.integer(1...40))", "output_size=\(rng.integer(1...12))"]
            }
            if rng.nextDouble() < 0.3 { settings.append("weight_init_std=\(rng.logUniform(1e-3, 3))") }
            if rng.nextDouble() < 0.2 { settings.append("delta=0") }
            return Example("varied", seed: seed, settings: settings)
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let (network, x, t) = try Self.setUp(inputs, rng: &rng)
        let loss = network.loss(x, t)
        let accuracy = network.accuracy(x, t)
        let grad = network.gradient(x, t)
        let numerical = network.numericalGradient(x, t)
        let pairs = [
            (grad.W1.scalars, numerical.W1.scalars), (grad.b1, numerical.b1), (grad.W2.scalars, numerical.W2.scalars),
            (grad.b2, numerical.b2),
        ]
        let difference = pairs.map { backprop, numeric in NumPy.sum(zip(backprop, numeric).map { abs($0 - $1) }) / Double(backprop.count) }
        return [
            Output(Outputs.loss, Tensor(scalar: loss)), Output(Outputs.accuracy, Tensor(scalar: accuracy)),
            Output(Outputs.grad_W1, grad.W1.tensor), Output(Outputs.grad_b1, Tensor(vector: grad.b1)),
            Output(Outputs.grad_W2, grad.W2.tensor), Output(Outputs.grad_b2, Tensor(vector: grad.b2)),
            Output(Outputs.numerical_W1, numerical.W1.tensor), Output(Outputs.numerical_b1, Tensor(vector: numerical.b1)),
            Output(Outputs.numerical_W2, numerical.W2.tensor), Output(Outputs.numerical_b2, Tensor(vector: numerical.b2)),
            Output(Outputs.difference, Tensor(vector: difference)),
        ]
    }

    /// The network and its batch, drawn in the book's order: W1, W2, then
    /// the batch (`np.random.choice`, or `rand` for data=random).
    package static func setUp(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> (Network, Matrix, Matrix) {
        let sizes = try Self.sizes(inputs)
        let dataName = inputs[Parameters.data]
        let data = dataName == "random" ? nil : try LessonData.load(dataName)
        if let data { try Self.check(sizes, against: data) }
        var network = Network(
            inputSize: sizes.input, hiddenSize: sizes.hidden, outputSize: sizes.output,
            weightInitStd: inputs[Parameters.weight_init_std], rng: &rng, arithmetic: inputs.arithmetic)
        network.delta = inputs[Parameters.delta]
        let (x, t): (Matrix, Matrix)
        if let data {
            (x, t) = data.trainBatch(rng.choice(Int64(data.trainCount), count: sizes.batch).map { Int($0) })
        } else {
            x = Matrix(rows: sizes.batch, columns: sizes.input, scalars: rng.rand(sizes.batch, sizes.input).scalars)
            t = Matrix(rows: sizes.batch, columns: sizes.output, scalars: rng.rand(sizes.batch, sizes.output).scalars)
        }
        return (network, x, t)
    }

    /// The network and batch of a finished run, drawn again from its seed.
    package static func setUp(_ run: Run) -> (Network, Matrix, Matrix)? {
        let values = Dictionary(run.parameters.compactMap { name, value in value.map { (name, $0) } }, uniquingKeysWith: { a, _ in a })
        var rng = RandomState(seed: run.seed ?? 0)
        return try? setUp(Inputs(values, arithmetic: run.arithmetic), rng: &rng)
    }

    package struct Sizes { package let input, hidden, output, batch: Int }

    package static func sizes(_ inputs: Inputs) throws(LessonError) -> Sizes {
        for name in ["input_size", "hidden_size", "output_size", "batch_size"] where inputs.count(name) == 0 {
            throw .badValue(parameter: name, value: "0", expected: "at least 1")
        }
        return Sizes(
            input: inputs[Parameters.input_size], hidden: inputs[Parameters.hidden_size],
            output: inputs[Parameters.output_size], batch: inputs[Parameters.batch_size])
    }

    package static func check(_ sizes: Sizes, against data: LessonData) throws(LessonError) {
        if sizes.input != data.features {
            throw .badValue(
                parameter: "input_size", value: String(sizes.input), expected: "\(data.features), the pixels of one \(data.name) image")
        }
        if sizes.output != data.classes {
            throw .badValue(parameter: "output_size", value: String(sizes.output), expected: "\(data.classes), the classes of \(data.name)")
        }
    }
}
