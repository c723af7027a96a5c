import Foundation
import Gradient
import Harness
import LessonCatalog
import LessonKit
import Oracle
import Testing

/// Whether this machine can run the NumPy oracle; when it cannot, the
/// suites below are skipped with the reason (Swift Testing prints it).
let oracleAvailability = NumPyOracle().availability()

/// A gradient that sums in another order: a forward difference instead of
/// the notebook's central one. The sweep must catch it.
private struct ForwardGradient: Lesson {
    let id = "gradient"
    let title = "a deliberately wrong gradient"
    let cells = "none"
    let parameters = Gradient().parameters
    let outputs = ["gradient"]

    func variation(_ rng: inout RandomState) -> Example { Gradient().variation(&rng) }

    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let f = inputs.function("function")
        let h = inputs.number("h")
        var x = inputs.vector("x")
        var grad = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let saved = x[i]
            let fx = f(x)
            x[i] = saved + h
            grad[i] = (f(x) - fx) / h
            x[i] = saved
        }
        return [Output("gradient", Tensor(vector: grad))]
    }
}

/// A lesson with no NumPy reference at all.
private struct Unreferenced: Lesson {
    let id = "unreferenced"
    let title = "no reference"
    let cells = "none"
    let parameters: [Parameter] = []
    let outputs = ["one"]
    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] { [Output("one", Tensor(scalar: 1))] }
}

@Suite(.enabled(if: oracleAvailability.available, "NumPy oracle tests skipped: \(oracleAvailability.reason)"))
struct CrossCheckTests {
    let sweep = CrossCheck(registry: LessonCatalog.registry, oracle: NumPyOracle())

    @Test(arguments: [UInt32(0), 2_026_112_8, 4_294_967_295])
    func everyLessonAndTheRNGAgreeWithNumPy(_ seed: UInt32) throws {
        let notebookLessons = ["derivative", "gradient", "descent", "simplenet"]
        let report = try sweep.run(notebookLessons, count: 60, seed: seed)
        #expect(report.passed, "\(report.text)")
        #expect(report.lessons.map(\.cases) == [60, 60, 60, 60])
        #expect(report.rng?.identical == 60)
        // Pure arithmetic and draws: the same bits in every case.
        for lesson in report.lessons where lesson.lesson != "simplenet" { #expect(lesson.maxUlps == 0, "\(lesson.lesson)") }
    }

    /// The lessons past the notebook: small nets and short runs, every
    /// output bit for bit (products in OpenBLAS's order, NumPy's exp and log).
    @Test(arguments: [UInt32(3), 4_294_967_295])
    func theNetworkLessonsAgreeWithNumPyToTheBit(_ seed: UInt32) throws {
        let report = try sweep.run(["simplenet-gradient", "two-layer-net", "training"], count: 12, seed: seed, rng: false)
        #expect(report.passed, "\(report.text)")
        #expect(report.lessons.map(\.cases) == [12, 12, 12])
        for lesson in report.lessons { #expect(lesson.maxUlps == 0, "\(lesson.lesson)") }
    }

    @Test func aLessonThatSumsInAnotherOrderFailsWithTheCommandThatReproducesIt() throws {
        let broken = CrossCheck(registry: Registry([ForwardGradient()]), oracle: NumPyOracle())
        let report = try broken.run([], count: 20, seed: 1, rng: false)
        #expect(!report.passed)
        #expect(report.lessons[0].failures.count > 10)
        let text = report.text
        #expect(text.contains("FAIL"))
        #expect(text.contains("reproduce: lessons run gradient --set"))
        // The printed command really reproduces the case: the Swift lesson's
        // value for it is what the report calls "Swift".
        let failure = try #require(report.lessons[0].failures.first)
        #expect(failure.problem.contains("Swift ") && failure.problem.contains("NumPy "))
    }

    @Test func aPythonExceptionIsAFailureNamingTheLessonAndCase() throws {
        let report = try CrossCheck(registry: Registry([Unreferenced()]), oracle: NumPyOracle()).run([], count: 2, seed: 0, rng: false)
        #expect(!report.passed)
        #expect(report.lessons[0].failures.map(\.index) == [0, 1])
        #expect(report.lessons[0].failures[0].problem.contains("no NumPy reference for lesson 'unreferenced'"))
        #expect(report.lessons[0].failures[0].commandLine == "lessons run unreferenced")
    }

    /// NumPy with its AVX-512 loops off computes exp as the C library does,
    /// while this machine's lessons follow NumPy's own: its values are not
    /// theirs, and recording from it writes nothing for a lesson that
    /// depends on the CPU. (On a machine without AVX-512 both sides already
    /// compute alike, so only the profiles' names are compared there.)
    @Test func recordingFromNumPyOfAnotherProfileIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-numpy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FixtureStore(registry: LessonCatalog.registry, directory: directory)
        var oracle = NumPyOracle()
        oracle.childEnvironment = ProcessInfo.processInfo.environment.merging(["LESSONS_NUMPY_KERNELS": "baseline"]) { $1 }
        let recorder = try Recorder.numpy(oracle)
        let numpy = try #require(try oracle.answer([], label: { "case \($0)" }).versions.profile)
        let lesson = try LessonCatalog.registry.lesson("two-layer-net")
        if numpy == lesson.numericProfile {
            _ = try store.record(["two-layer-net"], mode: .missing, recorder: recorder)
        } else {
            #expect {
                try store.record(["two-layer-net"], mode: .missing, recorder: recorder)
            } throws: { error in
                "\(error)".contains("NumPy computes as \(numpy) here and two-layer-net as \(lesson.numericProfile!)")
            }
            #expect(!FileManager.default.fileExists(atPath: store.url(for: "two-layer-net").path))
        }
        // The lessons' own profile is what the oracle reports without the override.
        #expect(try NumPyOracle().answer([], label: { "case \($0)" }).versions.profile == lesson.numericProfile)
    }

    @Test func recordingFromNumPyGivesTheCommittedValues() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-numpy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FixtureStore(registry: LessonCatalog.registry, directory: directory)
        _ = try store.record([], mode: .missing, recorder: .numpy(NumPyOracle()))
        let committed = FixtureStore(
            registry: LessonCatalog.registry,
            directory: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appending(path: "Fixtures"))
        for lesson in LessonCatalog.lessons {
            let fromNumPy = try #require(try store.load(lesson.id))
            let fromSwift = try #require(try committed.load(lesson.id))
            for (a, b) in zip(fromNumPy.cases, fromSwift.cases) where a.kind == .recorded {
                #expect(a.provenance.hasPrefix("recorded from the NumPy reference (Tools/oracle.py; NumPy "))
                for ((name, expected), (_, recorded)) in zip(a.outputs, b.outputs) {
                    let match = OutputComparison.compare(
                        name, expected: recorded.value, actual: expected.value, tolerance: recorded.tolerance)
                    #expect(match.status == .match, "\(lesson.id) \(a.name) \(name)")
                }
            }
        }
    }
}
