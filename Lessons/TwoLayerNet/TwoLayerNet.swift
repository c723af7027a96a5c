import LessonKit
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

    public let id = "two-layer-net"
    public let title = "a two-layer network's loss, accuracy and gradients, checked numerically"
    public let cells = "the book's two_layer_net and its gradient check"
    public let parameters = [
        Parameter("input_size", .count(from: 1, limit: 4096), default: "784", "inputs per example (784 for 28×28 images)"),
        Parameter("hidden_size", .count(from: 1, limit: 1024), default: "50", "hidden units"),
        Parameter("output_size", .count(from: 1, limit: 100), default: "10", "classes"),
        Parameter("weight_init_std", .number, default: "0.01", "the scale of the initial weights"),
        Parameter("batch_size", .count(from: 1, limit: 10_000), default: "100", "examples in the batch"),
        Parameter("data", .text(LessonData.accepted), default: "embedded", "where the batch comes from"),
        Parameter("delta", .number, default: "1e-7", "the constant inside the loss's log (backprop's (y - t) / batch has none)"),
    ]
    public let outputs = [
        "loss", "accuracy", "grad_W1", "grad_b1", "grad_W2", "grad_b2",
        "numerical_W1", "numerical_b1", "numerical_W2", "numerical_b2", "difference",
    ]
    /// The loss, the accuracy and the gradient check; the gradients
    /// themselves are 2 × 39 760 numbers.
    public let highlights = ["loss", "accuracy", "difference"]
    public let defaultSeed: UInt32? = 0

    /// Small nets, so that a fixture of every value stays small; the
    /// default size is compared with NumPy by the tests and the sweep.
    public let examples = [
        Example("hidden 3, batch 10", settings: ["hidden_size=3", "batch_size=10"]),
        Example("seed 3, hidden 5, batch 16", seed: 3, settings: ["hidden_size=5", "batch_size=16"]),
        Example(
            "random data, book's shape at small size", seed: 1,
            settings: ["data=random", "input_size=30", "hidden_size=7", "output_size=4", "batch_size=6"]),
        Example("odd batch, one hidden unit", seed: 5, settings: ["hidden_size=1", "batch_size=7"]),
        Example("delta 0: both sides differentiate -log y", seed: 2, settings: ["hidden_size=4", "batch_size=9", "delta=0"]),
    ]

    public func variation(_ rng: inout RandomState) -> Example {
        let seed = Int64(rng.nextUInt32())
        var settings = ["hidden_size=\(rng.integer(1...12))", "batch_size=\(rng.integer(1...12))"]
        if rng.nextDouble() < 0.5 {
            settings += ["data=random", "input_size=\(rng.integer(1...40))", "output_size=\(rng.integer(1...12))"]
        }
        if rng.nextDouble() < 0.3 { settings.append("weight_init_std=\(rng.logUniform(1e-3, 3))") }
        if rng.nextDouble() < 0.2 { settings.append("delta=0") }
        return Example("varied", seed: seed, settings: settings)
    }

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
            Output("loss", Tensor(scalar: loss)), Output("accuracy", Tensor(scalar: accuracy)),
            Output("grad_W1", grad.W1.tensor), Output("grad_b1", Tensor(vector: grad.b1)),
            Output("grad_W2", grad.W2.tensor), Output("grad_b2", Tensor(vector: grad.b2)),
            Output("numerical_W1", numerical.W1.tensor), Output("numerical_b1", Tensor(vector: numerical.b1)),
            Output("numerical_W2", numerical.W2.tensor), Output("numerical_b2", Tensor(vector: numerical.b2)),
            Output("difference", Tensor(vector: difference)),
        ]
    }

    /// The network and its batch, drawn in the book's order: W1, W2, then
    /// the batch (`np.random.choice`, or `rand` for data=random).
    package static func setUp(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> (Network, Matrix, Matrix) {
        let sizes = try Self.sizes(inputs)
        let dataName = inputs.text("data")
        let data = dataName == "random" ? nil : try LessonData.load(dataName)
        if let data { try Self.check(sizes, against: data) }
        var network = Network(
            inputSize: sizes.input, hiddenSize: sizes.hidden, outputSize: sizes.output,
            weightInitStd: inputs.number("weight_init_std"), rng: &rng, arithmetic: inputs.arithmetic)
        network.delta = inputs.number("delta")
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
            input: inputs.count("input_size"), hidden: inputs.count("hidden_size"),
            output: inputs.count("output_size"), batch: inputs.count("batch_size"))
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

extension Matrix {
    package var tensor: Tensor { Tensor(shape: [rows, columns], scalars: scalars) }
}
