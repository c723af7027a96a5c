import Arithmetic
import Foundation
import LessonCatalog
import LessonKit
import Oracle
import Testing

/// The network lessons at full size against NumPy run here (one BLAS
/// thread), in NumPy's order here, every output bit for bit: the book's
/// 784-50-10 net on a batch of 100, and a 1 000-step training run on the
/// embedded images.
@Suite(.enabled(if: numpyOrder.arithmetic != nil, "\(numpyOrder.reason)"))
struct NetworkLessonsTests {
    let arithmetic = numpyOrder.arithmetic ?? .canonical

    /// Runs Python with the lessons' references loaded, and reads one JSON
    /// object of outputs back (floats as hex, so nothing is lost).
    func numpy(_ body: String) throws -> [String: [Double]] {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = """
            import json, sys
            sys.path.insert(0, '\(root.appending(path: "Tools").path)')
            sys.dont_write_bytecode = True
            import numpy as np
            import oracle
            oracle._load_references()
            \(body)
            print(json.dumps({k: [float(v).hex() for v in np.ravel(x)] for k, x in out.items()}))
            """
        let data = try python(script)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: [String]] ?? [:]
        return object.mapValues { $0.map { Double(hex: $0) } }
    }

    func expectSameBits(_ run: Run, _ expected: [String: [Double]], _ names: [String]) {
        for name in names {
            let got = run.output(name).scalars
            let want = expected[name] ?? []
            let differing = zip(got, want).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(got.count == want.count && differing == 0, "\(name): \(differing) of \(got.count) values differ from NumPy")
        }
    }

    @Test func theBooksNetAtFullSizeHasNumPysLossAccuracyAndGradients() throws {
        let run = try LessonCatalog.registry.lesson("two-layer-net").run(settings: [], arithmetic: arithmetic)
        let expected = try numpy(
            """
            net = oracle.reference('two-layer-net')
            network = net.setup(0, {'input_size': 784, 'hidden_size': 50, 'output_size': 10, 'weight_init_std': 0.01})
            x_train, t_train = net.load('embedded')['train']
            mask = np.random.choice(x_train.shape[0], 100)
            x, t = x_train[mask], t_train[mask]
            grad = network.gradient(x, t)
            out = {'loss': network.loss(x, t), 'accuracy': network.accuracy(x, t)}
            out.update({'grad_' + k: v for k, v in grad.items()})
            """)
        expectSameBits(run, expected, ["loss", "accuracy", "grad_W1", "grad_b1", "grad_W2", "grad_b2"])
    }

    @Test func aThousandStepsOfTrainingHaveNumPysEveryNumber() throws {
        let run = try LessonCatalog.registry.lesson("training").run(settings: ["iters_num=1000"], arithmetic: arithmetic)
        let expected = try numpy(
            """
            parameters = {'iters_num': 1000, 'batch_size': 100, 'learning_rate': 0.1, 'hidden_size': 50,
                          'weight_init_std': 0.01, 'data': 'embedded', 'gradient': 'backprop'}
            out = oracle.reference('training').run(0, parameters)
            """)
        expectSameBits(run, expected, ["train_loss", "train_acc", "test_acc", "W1", "b1", "W2", "b2"])
    }

    /// Chapter 5's gradient_check.py: the layered net on the first 3
    /// training images, every gradient and difference.
    @Test(arguments: ["embedded", "fashion-mnist"])
    func theLayeredGradientCheckHasNumPysBits(_ data: String) throws {
        if data == "fashion-mnist" && !FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz") {
            return  // Debian's dataset-fashion-mnist is not installed (CI installs it)
        }
        let run = try LessonCatalog.registry.lesson("gradient-check").run(settings: ["data=\(data)"], arithmetic: arithmetic)
        let expected = try numpy(
            """
            parameters = {'hidden_size': 50, 'weight_init_std': 0.01, 'batch_size': 3, 'data': '\(data)', 'delta': 1e-7}
            out = oracle.reference('gradient-check').run(0, parameters)
            """)
        expectSameBits(
            run, expected,
            ["grad_W1", "grad_b1", "grad_W2", "grad_b2", "numerical_W1", "numerical_b1", "numerical_W2", "numerical_b2", "difference"])
    }

    /// Chapter 5's layers, each forward and backward beside its numerical
    /// gradient, at the default and at a larger size.
    @Test(arguments: [[String](), ["batch_size=7", "input_size=20", "output_size=10", "delta=0"]])
    func theLayersHaveNumPysBits(_ settings: [String]) throws {
        let lesson = try LessonCatalog.registry.lesson("layers")
        let run = try lesson.run(seed: 3, settings: settings, arithmetic: arithmetic)
        let parameters = try #require(run.json["parameters"]).serialized()
        let expected = try numpy("out = oracle.reference('layers').run(3, json.loads('\(parameters)'))")
        expectSameBits(run, expected, lesson.outputs)
    }

    /// Chapter 5's train_neuralnet: the same loop over the layered net.
    @Test func aThousandStepsOfLayeredTrainingHaveNumPysEveryNumber() throws {
        let run = try LessonCatalog.registry.lesson("training").run(settings: ["iters_num=1000", "network=layers"], arithmetic: arithmetic)
        let expected = try numpy(
            """
            parameters = {'iters_num': 1000, 'batch_size': 100, 'learning_rate': 0.1, 'hidden_size': 50,
                          'weight_init_std': 0.01, 'data': 'embedded', 'gradient': 'backprop', 'network': 'layers'}
            out = oracle.reference('training').run(0, parameters)
            """)
        expectSameBits(run, expected, ["train_loss", "train_acc", "test_acc", "W1", "b1", "W2", "b2"])
    }
}

extension Double {
    /// Reads Python's `float.hex()` form, e.g. `0x1.8p+1`, `-0x0.0p+0`, `inf`, `nan`.
    init(hex text: String) {
        switch text {
        case "inf": self = .infinity
        case "-inf": self = -.infinity
        case "nan": self = .nan
        default: self = Double(text) ?? .nan
        }
    }
}

/// What `python3 -c script arguments…` prints (`LESSONS_PYTHON` names
/// another interpreter), with one BLAS thread; a failing script fails the test.
func python(_ script: String, _ arguments: [String] = []) throws -> Data {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = [ProcessInfo.processInfo.environment["LESSONS_PYTHON"] ?? "python3", "-c", script] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return data
}
