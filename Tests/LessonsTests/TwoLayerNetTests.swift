import Arithmetic
import Datasets
import Foundation
import LessonKit
import NeuralNet
import NumPyMath
import Testing
import TwoLayerNet

/// Expected values from NumPy 2.4 running the book's TwoLayerNet (the
/// lesson's reference.py, one BLAS thread); full-size runs are compared
/// with NumPy in OracleTests/NetworkLessonsTests.
struct TwoLayerNetTests {
    @Test(arguments: [Arithmetic.canonical, Arithmetic(products: .haswell, functions: .libm)])
    func randomDataMatchesNumPy(_ arithmetic: Arithmetic) throws {
        let run = try TwoLayerNet().run(
            seed: 11,
            settings: ["data=random", "input_size=12", "hidden_size=5", "output_size=3", "weight_init_std=0.5", "batch_size=7"],
            arithmetic: arithmetic)
        #expect(run.output("loss").scalar.bitPattern == (1.0779270073527178).bitPattern)
        #expect(run.output("accuracy").scalar == 0.5714285714285714)
        // The first differs in its last bits with the arithmetic's exp: NumPy's
        // SVML (canonical; NumPy on AVX-512), the C library's (NumPy on AVX2).
        let differences = [
            Arithmetic.canonical: [0.026592831165022035, 0.047541710143023205, 0.09742844049065438, 0.19978443256255715],
            Arithmetic(products: .haswell, functions: .libm): [
                0.026592831165040538, 0.047541710143023205, 0.09742844049065438, 0.19978443256255715,
            ],
        ]
        let difference = try #require(differences[arithmetic])
        #expect(run.output("difference").scalars.map(\.bitPattern) == difference.map(\.bitPattern))
        let numericalB1 = [0.06565510553557807, 0.07808092615357864, 0.07010510672533776, 0.008331332655986401, -0.024399994410506665]
        #expect(run.output("numerical_b1").scalars.map(\.bitPattern) == numericalB1.map(\.bitPattern))
        #expect(
            run.output("grad_b2").scalars.map(\.bitPattern)
                == [-0.3985951579376751, 0.2695116992114143, -0.400604645042027].map(\.bitPattern))
    }

    /// The gradient check at the book's size: backpropagation and the
    /// numerical gradient are computed independently, and agree to within
    /// the central difference's own error (h² f''' ≈ 1e-8 here).
    @Test func backpropagationPassesTheGradientCheckAtFullSize() throws {
        let run = try TwoLayerNet().run(settings: [])
        #expect(run.output("grad_W1").shape == [784, 50])
        #expect(run.output("numerical_W1").shape == [784, 50])
        let difference = run.output("difference").scalars
        #expect(difference.count == 4)
        for value in difference { #expect(value < 1e-7) }
        // An untrained net guesses: a loss near log(10).
        #expect(abs(run.output("loss").scalar - 2.302585092994046) < 0.01)
    }

    /// weight_init_std = nan makes every weight nan, so the scores, the loss
    /// and the gradients are nan (NumPy: loss nan, difference [nan nan nan nan]):
    /// the notes say so and compare nothing with log(10) or the check's bound.
    /// With weight_init_std = 10 NumPy's loss is 9.326680173315918, far above
    /// log(10) = 2.302585092994046, and the notes do not call it near.
    @Test func lossesFarFromAGuessAreNotCalledNearLogTen() throws {
        let broken = try TwoLayerNet().run(settings: ["weight_init_std=nan", "hidden_size=3", "batch_size=10"])
        #expect(broken.output("loss").scalar.isNaN)
        for language in Narration.Language.allCases {
            let notes = TwoLayerNet().notes(broken, language: language).joined(separator: " ")
            #expect(notes.contains(language == .english ? "The loss is nan" : "损失是 nan"), "\(notes)")
            #expect(!notes.contains("log(10) = 2.303") && !notes.contains("up to nan") && !notes.contains("可达梯度大小的 nan"), "\(notes)")
        }
        let large = try TwoLayerNet().run(settings: ["weight_init_std=10", "hidden_size=3", "batch_size=10"])
        #expect(abs(large.output("loss").scalar - 9.326680173315918) < 1e-9)
        let english = TwoLayerNet().notes(large, language: .english).joined(separator: " ")
        #expect(!english.contains("near log(10)") && english.contains("The loss 9.327 is above log(10) = 2.303"), "\(english)")
        let chinese = TwoLayerNet().notes(large, language: .chinese).joined(separator: " ")
        #expect(!chinese.contains("接近 log(10)") && chinese.contains("损失 9.327 高于"), "\(chinese)")
    }

    /// With random t the book's loss uses argmax(t) and its backpropagation
    /// t itself, so the check differs by the gradients' own size; the notes
    /// say why. That is the whole cause: backpropagating the one-hot
    /// argmax(t) instead agrees with the numerical gradient (NumPy, seed 11:
    /// mean differences 3.3e-8, 6.4e-8, 1.1e-7, 2.1e-7).
    @Test func randomTargetsExplainTheFailedCheck() throws {
        let settings = ["data=random", "input_size=12", "hidden_size=5", "output_size=3", "weight_init_std=0.5", "batch_size=7"]
        let run = try TwoLayerNet().run(seed: 11, settings: settings)
        for language in Narration.Language.allCases {
            let notes = TwoLayerNet().notes(run, language: language).joined(separator: " ")
            #expect(notes.contains("argmax") && notes.contains("dy = (y − t) / batch"), "\(notes)")
        }
        let images = try TwoLayerNet().run(settings: ["hidden_size=3", "batch_size=10"])
        #expect(!TwoLayerNet().notes(images, language: .english).contains { $0.contains("dy = (y − t)") })

        var rng = RandomState(seed: 11)
        let network = Network(inputSize: 12, hiddenSize: 5, outputSize: 3, weightInitStd: 0.5, rng: &rng, arithmetic: .canonical)
        let x = Matrix(rows: 7, columns: 12, scalars: rng.rand(7, 12).scalars)
        let t = Matrix(rows: 7, columns: 3, scalars: rng.rand(7, 3).scalars)
        var oneHot = [Double](repeating: 0, count: 21)
        for r in 0..<7 {
            let row = Array(t.scalars[r * 3..<r * 3 + 3])
            oneHot[r * 3 + row.indices.max { row[$0] < row[$1] }!] = 1
        }
        let backprop = network.gradient(x, Matrix(rows: 7, columns: 3, scalars: oneHot))
        let numerical = network.numericalGradient(x, t)
        let pairs = [
            (backprop.W1.scalars, numerical.W1.scalars), (backprop.b1, numerical.b1), (backprop.W2.scalars, numerical.W2.scalars),
            (backprop.b2, numerical.b2),
        ]
        for (a, b) in pairs {
            let meanDifference: Double = zip(a, b).map { (p: Double, q: Double) in abs(p - q) }.reduce(0, +) / Double(a.count)
            #expect(meanDifference < 1e-6)
        }
    }

    /// An accuracy pass over a set, block by block on several threads,
    /// gives the accuracy of the whole set's forward pass in one product.
    @Test(arguments: [(1, 1), (7, 2), (64, 2), (5000, 1)])
    func anAccuracyPassByBlocksIsTheWholeSets(_ block: Int, _ threads: Int) throws {
        let data = try LessonData.load("embedded")
        var rng = RandomState(seed: 5)
        for arithmetic in [Arithmetic.canonical, Arithmetic(products: .haswell, functions: .libm)] {
            let network = Network(inputSize: data.features, hiddenSize: 9, outputSize: data.classes, weightInitStd: 0.05, rng: &rng, arithmetic: arithmetic)
            let (x, _) = data.test.batch(Array(0..<data.testCount))
            let whole = Network.accuracy(network.predict(Matrix(rows: data.testCount, columns: data.features, scalars: x)), labels: data.test.labels.map { Int($0) })
            #expect(network.accuracy(on: data.test, block: block, threads: threads) == whole)
            #expect(whole > 0.05 && whole < 0.5, "an untrained network guesses: \(whole)")
        }
    }

    @Test func sizesThatDoNotFitTheImagesAreRefused() {
        #expect(throws: LessonError.self) { try TwoLayerNet().run(settings: ["input_size=100"]) }
        #expect(throws: LessonError.self) { try TwoLayerNet().run(settings: ["batch_size=0"]) }
        #expect(throws: LessonError.self) { try TwoLayerNet().run(settings: ["data=/nonexistent/folder"]) }
    }

    /// A folder of one's own (four uncompressed IDX files, 12 + 4 images) is
    /// used as given, and the run's notes say it matches no known set.
    @Test func aFolderOfOnesOwnIsUsedAndNamedAsUnknown() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "own-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func header(_ values: [UInt32]) -> Data {
            var bytes: [UInt8] = []
            for v in values { bytes += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            return Data(bytes)
        }
        for (name, count) in [("train", 12), ("t10k", 4)] {
            let pixels = Data((0..<count * 784).map { UInt8(($0 * 37) % 256) })
            let labels = Data((0..<count).map { UInt8($0 % 10) })
            try (header([2051, UInt32(count), 28, 28]) + pixels).write(to: folder.appending(path: "\(name)-images-idx3-ubyte"))
            try (header([2049, UInt32(count)]) + labels).write(to: folder.appending(path: "\(name)-labels-idx1-ubyte"))
        }
        let lesson = TwoLayerNet()
        let run = try lesson.run(settings: ["data=\(folder.path)", "hidden_size=2", "batch_size=5"])
        #expect(run.output("grad_W1").shape == [784, 2])
        #expect(lesson.notes(run, language: .english).contains { $0.contains("match no known checksum") })
    }

    /// A correct backprop is never called suspicious: at weight_init_std = 1
    /// the differences are large (up to 0.15 of the gradients) but the delta
    /// inside the log accounts for them; with delta = 0 they fall to the
    /// central difference's own error, over 100 times smaller for W2 and b2.
    @Test func theDeltaExplainsTheGradientCheck() throws {
        let lesson = TwoLayerNet()
        let wide = try lesson.run(settings: ["weight_init_std=1", "hidden_size=10", "batch_size=20"])
        let notes = lesson.notes(wide, language: .english)
        #expect(!notes.contains { $0.contains("suspicious") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("Most of that is the δ = 1e-7 inside the loss's log, not an error") }, "\(notes)")
        #expect(!lesson.notes(wide, language: .chinese).contains { $0.contains("可疑") })
        let withDelta = try lesson.run(settings: ["hidden_size=10", "batch_size=20"]).output("difference").scalars
        let withoutDelta = try lesson.run(settings: ["hidden_size=10", "batch_size=20", "delta=0"]).output("difference").scalars
        #expect(withoutDelta[2] * 100 < withDelta[2] && withoutDelta[3] * 100 < withDelta[3], "\(withDelta) against \(withoutDelta)")
        let summary = try #require(lesson.summary(wide, language: .english))
        #expect(summary.columns == ["parameter", "difference", "from delta alone", "mean |gradient|"] && summary.rows.count == 4)
    }
}
