import Datasets
import Dispatch
import LessonKit
import NeuralNet
import NumPyMath
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The book's train_neuralnet: mini-batch gradient descent on a two-layer
/// network, with the loss of every step and the accuracies of every epoch.
///
/// ```
/// network = TwoLayerNet(784, hidden_size, 10, weight_init_std)      -- W1, then W2; chapter 4's (sigmoid) or chapter 5's layers (ReLU)
/// iter_per_epoch = max(train_size / batch_size, 1)                  -- a float, as in Python
/// for i in 0 ..< iters_num:
///     batch = choice(train_size, batch_size)
///     for p in W1, b1, W2, b2: p -= learning_rate · grad[p]          -- backprop, or numerical
///     train_loss.append(loss(batch))                                 -- after the update
///     if i % iter_per_epoch == 0: train_acc, test_acc on the whole sets
/// ```
/// Products in OpenBLAS's order on both cores, exp and log NumPy's, in the
/// run's arithmetic: every loss, accuracy and final weight is NumPy's double.
public struct Training: Lesson {
    public init() {}

    public enum Parameters {
        public static let iters_num = Input<Int>.count("iters_num", limit: 10_000_000, default: "10000", "steps of gradient descent")
        public static let batch_size = Input<Int>.count("batch_size", from: 1, limit: 60_000, default: "100", "images per step")
        public static let learning_rate = Input<Double>.number("learning_rate", default: "0.1", "the step size")
        public static let hidden_size = Input<Int>.count("hidden_size", from: 1, limit: 1024, default: "50", "hidden units")
        public static let weight_init_std = Input<Double>.number("weight_init_std", default: "0.01", "the scale of the initial weights")
        public static let data = Input<String>.text("data", accepted: LessonData.accepted(random: false), default: "embedded", "the images to learn from")
        public static let gradient = Input<String>.text("gradient", accepted: "backprop or numerical", default: "backprop", "how each step's gradient is computed")
        public static let network = Input<String>.text(
            "network", accepted: "sigmoid or layers", default: "sigmoid",
            "chapter 4's two_layer_net (sigmoid) or chapter 5's layers (Affine, Relu, Affine, SoftmaxWithLoss)")
    }

    public enum Outputs {
        public static let train_loss = OutputKey("train_loss")
        public static let train_acc = OutputKey("train_acc")
        public static let test_acc = OutputKey("test_acc")
        public static let W1 = OutputKey("W1")
        public static let b1 = OutputKey("b1")
        public static let W2 = OutputKey("W2")
        public static let b2 = OutputKey("b2")
    }

    /// The losses, then the per-epoch table (``summary(_:)``) in place of
    /// the accuracies and 39 760 weights.
    public static let configuration = LessonConfiguration(
        id: "training", title: "mini-batch training of the two-layer network on images", source: "the book's train_neuralnet",
        parameters: [Parameters.iters_num, Parameters.batch_size, Parameters.learning_rate, Parameters.hidden_size, Parameters.weight_init_std, Parameters.data, Parameters.gradient, Parameters.network],
        outputs: [Outputs.train_loss, Outputs.train_acc, Outputs.test_acc, Outputs.W1, Outputs.b1, Outputs.W2, Outputs.b2],
        highlights: [Outputs.train_loss],
        defaultSeed: 0)

    public let checks = LessonChecks(
        examples: [
            Example("300 steps, hidden 8", settings: ["iters_num=300", "hidden_size=8"]),
            Example(
                "seed 9, batch 50, lr 0.5, 120 steps, hidden 6", seed: 9,
                settings: ["iters_num=120", "batch_size=50", "learning_rate=0.5", "hidden_size=6"]),
            Example(
                "numerical gradient, hidden 3, 4 steps", seed: 2,
                settings: ["iters_num=4", "hidden_size=3", "batch_size=5", "gradient=numerical"]),
            Example("odd batch and hidden size", seed: 4, settings: ["iters_num=45", "batch_size=33", "hidden_size=7"]),
            Example("chapter 5's layers, 300 steps, hidden 8", seed: 5, settings: ["iters_num=300", "hidden_size=8", "network=layers"]),
        ],
        variation: { rng in
            let seed = Int64(rng.nextUInt32())
            var settings = [
                "iters_num=\(rng.integer(1...60))", "batch_size=\(rng.integer(1...120))", "hidden_size=\(rng.integer(1...24))",
                "learning_rate=\(rng.logUniform(1e-3, 2))",
            ]
            if rng.nextDouble() < 0.3 { settings.append("weight_init_std=\(rng.logUniform(1e-3, 1))") }
            if rng.nextDouble() < 0.3 { settings.append("network=layers") }
            return Example("varied", seed: seed, settings: settings)
        })

    /// The book's training loop in one piece, as its `train_neuralnet.py` is:
    /// batch, gradient, update, loss, and the accuracy at each epoch.
    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let iterations = inputs[Parameters.iters_num]
        let batchSize = inputs[Parameters.batch_size]
        let hidden = inputs[Parameters.hidden_size]
        let learningRate = inputs[Parameters.learning_rate]
        for name in ["batch_size", "hidden_size"] where inputs.count(name) == 0 {
            throw .badValue(parameter: name, value: "0", expected: "at least 1")
        }
        let numerical: Bool
        switch inputs[Parameters.gradient] {
        case "backprop": numerical = false
        case "numerical": numerical = true
        case let other: throw .badValue(parameter: "gradient", value: other, expected: "backprop or numerical")
        }
        let activation: Network.Activation
        switch inputs[Parameters.network] {
        case "sigmoid": activation = .sigmoid
        case "layers": activation = .relu
        case let other: throw .badValue(parameter: "network", value: other, expected: "sigmoid or layers")
        }
        if inputs[Parameters.data] == "random" {
            throw .badValue(parameter: "data", value: "random", expected: "a data set of images (training needs a test set)")
        }
        let data = try LessonData.load(inputs[Parameters.data])
        // Each iteration allocates its batch (627 KB of doubles for 100 images) and the passes' matrices, again and again.
        Matrix.keepFreedMemory()
        var network = Network(
            inputSize: data.features, hiddenSize: hidden, outputSize: data.classes,
            weightInitStd: inputs[Parameters.weight_init_std], rng: &rng, arithmetic: inputs.arithmetic)
        network.activation = activation
        let iterPerEpoch = Self.iterPerEpoch(trainCount: data.trainCount, batchSize: batchSize)

        var trainLoss: [Double] = []
        trainLoss.reserveCapacity(iterations)
        // The epoch checks run on a snapshot of the parameters, beside the
        // next iterations, so both cores stay busy; each is a pure function
        // of its snapshot, so the numbers are the same as in sequence.
        let checks = EpochChecks()
        // What the iterations done so far give: every output, the losses and epochs up to now.
        func outputs() -> [Output] {
            let (trainAcc, testAcc) = checks.results()
            return [
                Output(Outputs.train_loss, Tensor(vector: trainLoss)),
                Output(Outputs.train_acc, Tensor(vector: trainAcc)),
                Output(Outputs.test_acc, Tensor(vector: testAcc)),
                Output(Outputs.W1, network.W1.tensor), Output(Outputs.b1, Tensor(vector: network.b1)),
                Output(Outputs.W2, network.W2.tensor), Output(Outputs.b2, Tensor(vector: network.b2)),
            ]
        }
        // Ctrl-C stops the run when the current iteration ends (or, for a
        // numerical gradient, within it), keeping the iterations done.
        do {
            try LessonProgress.listening { () throws(LessonError) in
                for i in 0..<iterations {
                    try LessonProgress.checkInterrupted(lesson: id, at: "after \(i) of \(iterations) iterations")
                    let mask = rng.choice(Int64(data.trainCount), count: batchSize).map { Int($0) }
                    // x_train[batch_mask]: those images widened (float32 / 255, then float64, as np.dot widens them).
                    let (x, t) = data.trainBatch(mask)
                    let grad = numerical ? network.numericalGradient(x, t) : network.gradient(x, t)
                    // A numerical step stops within itself at a Ctrl-C, leaving its gradient incomplete.
                    if numerical { try LessonProgress.checkInterrupted(lesson: id, at: "during iteration \(i + 1) of \(iterations)") }
                    Self.step(&network.W1.scalars, grad.W1.scalars, learningRate)
                    Self.step(&network.b1, grad.b1, learningRate)
                    Self.step(&network.W2.scalars, grad.W2.scalars, learningRate)
                    Self.step(&network.b2, grad.b2, learningRate)
                    trainLoss.append(network.loss(x, t))
                    if Self.isEpochCheck(i, iterPerEpoch: iterPerEpoch) { checks.start(network, train: data.train, test: data.test) }
                    LessonProgress.update(
                        LessonProgress.Update(
                            step: i + 1, total: iterations,
                            status: "loss \(NumPyFormat.printf("%.4f", trainLoss[i]))"
                                + (checks.latestTest.map { ", test accuracy \(NumPyFormat.printf("%.4f", $0))" } ?? "")))
                }
            }
            // A Ctrl-C during the last iteration stops the run too (checked once
            // no longer listening, so no Ctrl-C falls between the two).
            try LessonProgress.checkInterrupted(lesson: id, at: "after \(iterations) of \(iterations) iterations")
        } catch {
            guard case .interrupted(let lesson, let at) = error else { throw error }
            throw .stopped(lesson: lesson, at: at, outputs: outputs())
        }
        return outputs()
    }

    /// `iter_per_epoch = max(train_size / batch_size, 1)`: a float, as in Python.
    static func iterPerEpoch(trainCount: Int, batchSize: Int) -> Double { max(Double(trainCount) / Double(batchSize), 1) }

    /// `i % iter_per_epoch == 0`: step i ends with an epoch check.
    static func isEpochCheck(_ i: Int, iterPerEpoch: Double) -> Bool { fmod(Double(i), iterPerEpoch) == 0 }

    /// `params[key] -= learning_rate * grad[key]`: one multiply, one subtract per element.
    static func step(_ parameter: inout [Double], _ gradient: [Double], _ rate: Double) {
        for i in parameter.indices { parameter[i] = parameter[i] - rate * gradient[i] }
    }
}

/// The accuracies of the epoch checks, computed in the background in the
/// order they were started.
final class EpochChecks: @unchecked Sendable {
    private let group = DispatchGroup()
    private let accuracies = Mutex<[Int: (train: Double, test: Double)]>([:])
    private var started = 0

    func start(_ network: Network, train: ImageSet, test: ImageSet) {
        let index = started
        started += 1
        DispatchQueue.global().async(group: group) {
            let trainAcc = network.accuracy(on: train)
            let testAcc = network.accuracy(on: test)
            self.accuracies.withLock { $0[index] = (trainAcc, testAcc) }
        }
    }

    /// The test accuracy of the latest finished check, for the progress line.
    var latestTest: Double? {
        accuracies.withLock { accuracies in accuracies.keys.max().flatMap { accuracies[$0]?.test } }
    }

    /// Waits for every check; the accuracies in the order the checks began.
    func results() -> (train: [Double], test: [Double]) {
        group.wait()
        let ordered = accuracies.withLock { accuracies in (0..<started).map { accuracies[$0]! } }
        return (ordered.map(\.train), ordered.map(\.test))
    }
}

extension Training {
    /// Each iteration's products: the gradient's forward pass (x·W1, z1·W2)
    /// and backward pass (z1ᵀ·dy, dy·W2ᵀ, xᵀ·da1), and the loss's forward
    /// pass after the update; each epoch check's forward pass over the
    /// training and test images. A numerical gradient is nil: its work is
    /// forward passes of one nudged weight each, not whole products.
    public func productFlops(_ run: Run) -> Double? {
        guard run[Parameters.gradient] == "backprop", let data = run[Parameters.data], let set = try? LessonData.load(data) else { return nil }
        let (b, i, h, o) = (Double(run[Parameters.batch_size] ?? 0), Double(set.features), Double(run[Parameters.hidden_size] ?? 0), Double(set.classes))
        let forward = { (rows: Double) in 2 * rows * (i * h + h * o) }
        let backward = 2 * b * (h * o + o * h + i * h)
        let iterations = Double(run.output(Outputs.train_loss.name).count)
        let checks = Double(run.output(Outputs.train_acc.name).count)
        return iterations * (2 * forward(b) + backward) + checks * forward(Double(set.trainCount + set.testCount))
    }
}
