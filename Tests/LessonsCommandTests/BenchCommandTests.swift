import Foundation
import LessonCatalog
import LessonKit
import LessonsCommand
import Testing

/// `lessons bench` through the built binary: its refusals (which need no
/// NumPy), and one small race when python3 with NumPy is there.
@Suite(.serialized)
struct BenchCommandTests {
    @Test func anUnknownWorkIsRefusedWithTheKnownOnes() throws {
        // The works come from the lessons' declared references, before any NumPy runs.
        let outcome = try lessons("bench", "nosuch", environment: ["LESSONS_PYTHON": "/nonexistent/python3"])
        #expect(outcome.status == 64)
        #expect(
            outcome.stderr.contains(
                "unknown work 'nosuch' (known: derivative, gradient, descent, simplenet, simplenet-gradient, two-layer-net, training, "
                    + "computational-graph, layers, gradient-check, sum-squares, spelled-out, long-descent)"), "\(outcome.stderr)")
        // Without the lessons they scale, no scaling work is offered.
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["bench", "nosuch"], registry: Registry(LessonCatalog.lessons.filter { $0.id == "simplenet" }), console: captured.console)
        #expect(status == 64 && captured.err.hasSuffix("(known: simplenet)"), "\(captured.err)")
    }

    @Test func badOptionsAreRefusedBeforeAnythingRuns() throws {
        let runs = try lessons("bench", "--runs", "0")
        #expect(runs.status == 64 && runs.stderr.contains("--runs must be from 1 to 1000, got 0"))
        // A negative number is the option's value, refused for what it is.
        let negative = try lessons("bench", "--runs", "-3")
        #expect(negative.status == 64 && negative.stderr.contains("--runs must be from 1 to 1000, got -3"), "\(negative.stderr)")
        let budget = try lessons("bench", "--budget", "-1")
        #expect(budget.status == 64 && budget.stderr.contains("--budget must be a positive number of seconds, got -1.0"), "\(budget.stderr)")
        let timeout = try lessons("bench", "--timeout", "-5")
        #expect(timeout.status == 64 && timeout.stderr.contains("--timeout must be at least 1 second, got -5"), "\(timeout.stderr)")
    }

    @Test(.enabled(if: numpyOnPath, "python3 with NumPy not found"))
    func aSmallRaceAgreesBitForBit() throws {
        let unknown = try lessons("bench", "nosuch")
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown work 'nosuch'") && unknown.stderr.contains("sum-squares"))
        // A scaling work's own settings are its size: not to be replaced.
        let resize = try lessons("bench", "long-descent", "--set", "steps=5")
        #expect(resize.status == 64 && resize.stderr.contains("--set steps would replace what long-descent is made of (1000000 steps)"))
        #expect(resize.stderr.contains("lessons bench descent --set steps=5"), "\(resize.stderr)")
        let twice = try lessons("bench", "descent", "--set", "steps=5", "--set", "steps=6")
        #expect(twice.status == 64 && twice.stderr.contains("--set steps is given twice"), "\(twice.stderr)")
        let rate = try lessons("bench", "--rate-size", "-1")
        #expect(rate.status == 64 && rate.stderr.contains("--rate-size must be from 0 to 20000, got -1"), "\(rate.stderr)")
        let outcome = try lessons("bench", "descent", "--set", "steps=50", "--runs", "2", "--rate-size", "200", "--format", "json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSON(parsing: outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let works = try #require(json["works"]?.arrayValue)
        #expect(works.count == 1)
        #expect(works[0]["size"] == .string("as set"))
        #expect(works[0]["identical"] == .bool(true))
        #expect(works[0]["swift_seconds"]?.arrayValue?.count == 2)
        #expect(works[0]["numpy_default_threads_seconds"]?.arrayValue?.isEmpty == false)
        #expect(json["product_rates"]?.arrayValue?.map { $0["threads"] }.first == .integer(1))
    }

    /// An OPENBLAS_CORETYPE in the caller's environment, which the NumPy
    /// side drops to run its best kernels, does not make the two sides
    /// compute differently: Swift follows the order NumPy reports, as
    /// crosscheck does, and the bits agree (they said "NO" before).
    @Test(.enabled(if: numpyOnPath, "python3 with NumPy not found"), arguments: ["Haswell", "SkylakeX"])
    func aForcedOpenBLASCoreDoesNotSplitTheSides(_ core: String) throws {
        let outcome = try lessons(
            ["bench", "simplenet-gradient", "--runs", "1", "--numpy-threads", "one", "--rate-size", "0", "--format", "json"],
            environment: ["OPENBLAS_CORETYPE": core])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let json = try JSON(parsing: outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let works = try #require(json["works"]?.arrayValue)
        #expect(works.count == 1 && works[0]["identical"] == .bool(true) && works[0]["compared"] == .bool(true), "\(outcome.stdout)")
    }
}

/// Whether `python3 -c "import numpy"` works here.
let numpyOnPath: Bool = {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()
