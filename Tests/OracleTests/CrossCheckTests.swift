import Arithmetic
import Foundation
import Gradient
import Harness
import LessonCatalog
import LessonKit
import Oracle
import SimpleNet
import Testing

/// Whether this machine can run the NumPy oracle; when it cannot, the
/// suites below are skipped with the reason (Swift Testing prints it).
let oracleAvailability = NumPyOracle().availability()

/// The arithmetic that gives NumPy's bits here for a lesson with products
/// and exp or log, when the lessons implement NumPy's order and NumPy's
/// products can run (an OPENBLAS_CORETYPE may name kernels the CPU lacks,
/// or an order the lessons do not follow); else why not.
let numpyOrder: (arithmetic: Arithmetic?, productsRun: Bool, reason: String) = {
    guard let versions = try? NumPyOracle().answer([], label: { "case \($0)" }).versions else {
        return (nil, false, "NumPy oracle tests skipped: \(oracleAvailability.reason)")
    }
    if let reason = versions.unusable { return (nil, false, "NumPy cannot compute products here: \(reason)") }
    guard let arithmetic = versions.arithmetic(for: .all) else {
        return (nil, true, "NumPy computes as \(versions.profile) here, which the lessons do not implement (crosscheck compares within a bound)")
    }
    return (arithmetic, true, "NumPy computes as \(arithmetic.name) here")
}()

/// A gradient that sums in another order: a forward difference instead of
/// the notebook's central one. The sweep must catch it.
private struct ForwardGradient: Lesson {
    static let configuration = {
        var configuration = Gradient.configuration
        configuration.title = "a deliberately wrong gradient"
        return configuration
    }()
    let checks = LessonChecks(variation: { Gradient().variation(&$0) })

    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let f = inputs[Gradient.Parameters.function]
        let h = inputs[Gradient.Parameters.h]
        var x = inputs[Gradient.Parameters.x].scalars
        var grad = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let saved = x[i]
            let fx = f(x)
            x[i] = saved + h
            grad[i] = (f(x) - fx) / h
            x[i] = saved
        }
        return [Output(Gradient.Outputs.gradient, Tensor(vector: grad))]
    }
}

/// SimpleNet with its loss off by one part in 10¹²: a real difference,
/// far smaller than any test of digits would see, and far larger than the
/// bound of any order of its products (about 1e-14 of the loss).
private struct NudgedSimpleNet: Lesson {
    static let configuration = {
        var configuration = SimpleNet.configuration
        configuration.title = "a loss off by one part in 1e12"
        return configuration
    }()
    let checks = LessonChecks(variation: { SimpleNet().variation(&$0) })

    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        try SimpleNet().run(inputs, rng: &rng).map { output in
            let loss = SimpleNet.Outputs.loss
            return output.name == loss.name ? Output(loss, Tensor(scalar: output.value.scalar * (1 + 1e-12))) : output
        }
    }
}

/// A lesson with no NumPy reference at all (and no arithmetic of the machine's).
private struct Unreferenced: Lesson {
    static let one = OutputKey("one")
    static let configuration = LessonConfiguration(id: "unreferenced", title: "no reference", outputs: [one], arithmeticParts: [])
    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] { [Output(Self.one, Tensor(scalar: 1))] }
}

@Suite(.enabled(if: oracleAvailability.available, "NumPy oracle tests skipped: \(oracleAvailability.reason)"))
struct CrossCheckTests {
    let sweep = CrossCheck(registry: LessonCatalog.registry, oracle: NumPyOracle())

    @Test(arguments: [UInt32(0), 2_026_112_8, 4_294_967_295])
    func everyLessonAndTheRNGAgreeWithNumPy(_ seed: UInt32) throws {
        // SimpleNet's products too, where NumPy's can run.
        let notebookLessons = ["derivative", "gradient", "descent"] + (numpyOrder.productsRun ? ["simplenet"] : [])
        let report = try sweep.run(notebookLessons, count: 60, seed: seed)
        #expect(report.passed, "\(report.text)")
        #expect(report.lessons.map(\.cases) == notebookLessons.map { _ in 60 })
        #expect(report.rng?.identical == 60)
        // Pure arithmetic and draws: the same bits in every case.
        for lesson in report.lessons where lesson.lesson != "simplenet" { #expect(lesson.maxUlps == 0, "\(lesson.lesson)") }
    }

    /// The lessons past the notebook: small nets and short runs, every
    /// output bit for bit (products in OpenBLAS's order, NumPy's exp and
    /// log), or within the bound where NumPy's order is not one they implement.
    @Test(.enabled(if: numpyOrder.productsRun, "\(numpyOrder.reason)"), arguments: [UInt32(3), 4_294_967_295])
    func theNetworkLessonsAgreeWithNumPy(_ seed: UInt32) throws {
        let report = try sweep.run(["simplenet-gradient", "two-layer-net", "training"], count: 12, seed: seed, rng: false)
        #expect(report.passed, "\(report.text)")
        #expect(report.lessons.map(\.cases) == [12, 12, 12])
        for lesson in report.lessons {
            if numpyOrder.arithmetic != nil {
                #expect(lesson.mode == .exact(numpyOrder.arithmetic!) && lesson.maxUlps == 0 && lesson.identical == 12, "\(lesson.lesson)")
            } else {
                #expect(lesson.bounded > 0, "\(lesson.lesson)")
            }
        }
    }

    /// Where NumPy's products follow an order the lessons do not implement
    /// (OpenBLAS's Nehalem kernels here, SSE2 without FMA, which any x86-64
    /// CPU runs), the network lessons compute in the canonical order and
    /// every output lies within its bound; the report says which.
    #if arch(x86_64)
        @Test func anOrderTheLessonsDoNotImplementIsComparedWithinTheBound() throws {
            var oracle = NumPyOracle()
            oracle.childEnvironment = ProcessInfo.processInfo.environment.merging(["OPENBLAS_CORETYPE": "Nehalem"]) { $1 }
            let report = try CrossCheck(registry: LessonCatalog.registry, oracle: oracle).run(
                ["gradient", "simplenet", "simplenet-gradient", "two-layer-net", "training"], count: 4, seed: 5, rng: false)
            #expect(report.passed, "\(report.text)")
            #expect(report.versions.products == "nehalem")
            let modes = report.lessons.map(\.mode)
            #expect(modes[0] == .exact(Arithmetic(products: .skylakeX, functions: .libm)))
            for (lesson, mode) in zip(report.lessons.dropFirst(), modes.dropFirst()) {
                #expect(mode == .bounded(Arithmetic(products: .skylakeX, functions: .libm)), "\(lesson.lesson)")
                #expect(lesson.cases == 4 && lesson.bounded > 0, "\(lesson.lesson)")
            }
            #expect(report.text.contains("compared within a bound: simplenet, simplenet-gradient, two-layer-net, training"))
            #expect(report.text.contains("compared to the bit: gradient"))

            // A loss off by 1e-12 of itself is outside, and named.
            let nudged = try CrossCheck(registry: Registry([NudgedSimpleNet()]), oracle: oracle).run([], count: 6, seed: 1, rng: false)
            #expect(!nudged.passed)
            #expect(nudged.lessons[0].failures.count == 6)
            let failure = try #require(nudged.lessons[0].failures.first)
            #expect(failure.problem.hasPrefix("loss: Swift "), "\(nudged.text)")
            #expect(failure.problem.contains("outside the bound ["))
        }
    #endif

    @Test func aLessonThatSumsInAnotherOrderFailsWithTheCommandThatReproducesIt() throws {
        let broken = CrossCheck(registry: Registry([ForwardGradient()]), oracle: NumPyOracle())
        let report = try broken.run([], count: 20, seed: 1, rng: false)
        #expect(!report.passed)
        #expect(report.lessons[0].failures.count > 10)
        let text = report.text
        #expect(text.contains("FAIL"))
        #expect(text.contains("reproduce: lessons run gradient ") && text.contains(" --set "))
        // The printed command really reproduces the case: the Swift lesson's
        // value for it is what the report calls "Swift".
        let failure = try #require(report.lessons[0].failures.first)
        #expect(failure.problem.contains("Swift ") && failure.problem.contains("NumPy "))
    }

    @Test func aPythonExceptionIsAFailureNamingTheLessonAndCase() throws {
        let report = try CrossCheck(registry: Registry([Unreferenced()]), oracle: NumPyOracle()).run([], count: 2, seed: 0, rng: false)
        #expect(!report.passed)
        #expect(report.lessons[0].failures.map(\.index) == [0, 1])
        let failure = try #require(report.lessons[0].failures.first)
        // It names the file the lesson declares, beside the file that declares it.
        let declared = Unreferenced.configuration.reference
        #expect(declared.hasSuffix("/Tests/OracleTests/reference.py"))
        #expect(failure.problem.contains("no NumPy reference for lesson 'unreferenced': no file \(declared)"), "\(failure.problem)")
        // In the arithmetic compared, which the line names when it is not the canonical one.
        // It depends on no part of the machine's arithmetic: the canonical one reproduces it.
        #expect(report.lessons[0].mode == .exact(.canonical))
        #expect(failure.commandLine == "lessons run unreferenced")
    }

    /// NumPy with its SIMD loops off computes exp as the C library does, not
    /// as the canonical arithmetic's SVML: its values are not the canonical
    /// fixtures', and recording from it writes nothing for a lesson that
    /// calls exp. Into a folder of that arithmetic it records, as the lessons
    /// compute it.
    @Test func recordingFromNumPyInAnotherArithmeticIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-numpy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FixtureStore(registry: LessonCatalog.registry, directory: directory)
        var oracle = NumPyOracle()
        oracle.childEnvironment = ProcessInfo.processInfo.environment.merging(["LESSONS_NUMPY_KERNELS": "baseline"]) { $1 }
        let recorder = try Recorder.numpy(oracle)
        let versions = try oracle.answer([], label: { "case \($0)" }).versions
        #expect(versions.functions == "libm")
        #expect {
            try store.record(["derivative"], mode: .missing, recorder: recorder)
        } throws: { error in
            "\(error)".contains("NumPy computes derivative as \(versions.profile) here, and the fixtures hold skylakex-svml")
        }
        #expect(!FileManager.default.fileExists(atPath: store.url(for: "derivative").path))
        let libm = FixtureStore(
            registry: LessonCatalog.registry, directory: directory, arithmetic: Arithmetic(products: .skylakeX, functions: .libm))
        _ = try libm.record(["derivative"], mode: .missing, recorder: recorder)
        #expect(try libm.verify(["derivative"]).passed)
    }

    /// Each lesson's declared cases recorded from NumPy, in NumPy's order
    /// here, are what the lessons compute in that order; where that order is
    /// the canonical one (an AVX-512 CPU), or one the package keeps NumPy's
    /// values of (Tests/OtherArithmetics), they are the committed values.
    @Test func recordingFromNumPyGivesTheLessonsValues() throws {
        let versions = try NumPyOracle().answer([], label: { "case \($0)" }).versions
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var compared = 0
        for lesson in LessonCatalog.lessons {
            guard let arithmetic = versions.arithmetic(for: lesson.arithmeticParts),
                versions.unusable == nil || !lesson.arithmeticParts.contains(.products)
            else { continue }
            let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-numpy-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = FixtureStore(registry: LessonCatalog.registry, directory: directory, arithmetic: arithmetic)
            _ = try store.record([lesson.id], mode: .missing, recorder: .numpy(NumPyOracle()))
            let fromNumPy = try #require(try store.load(lesson.id))
            #expect(fromNumPy.cases.filter { $0.kind == .recorded }.allSatisfy { $0.provenance.hasPrefix("recorded from the NumPy reference (Tools/oracle.py; NumPy ") })
            // The lessons' own values in the same arithmetic pass against NumPy's.
            #expect(try store.verify([lesson.id]).passed, "\(lesson.id) in \(arithmetic.name)")
            compared += 1
            let kept =
                arithmetic.agrees(with: .canonical, on: lesson.arithmeticParts)
                ? root.appending(path: "Fixtures") : root.appending(path: "Tests/OtherArithmetics/\(arithmetic.name)")
            let committed = FixtureStore(registry: LessonCatalog.registry, directory: kept, arithmetic: arithmetic)
            guard let stored = try committed.load(lesson.id) else { continue }
            for (a, b) in zip(fromNumPy.cases, stored.cases) where a.kind == .recorded {
                for ((name, expected), (_, recorded)) in zip(a.outputs, b.outputs) {
                    let match = OutputComparison.compare(name, expected: recorded.value, actual: expected.value, tolerance: recorded.tolerance)
                    #expect(match.status == .match, "\(lesson.id) \(a.name) \(name)")
                }
            }
        }
        #expect(compared >= 3, "every lesson without products follows NumPy's exp and log")
    }
}
