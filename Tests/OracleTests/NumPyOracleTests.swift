import Foundation
import LessonKit
import Oracle
import Testing

/// How the oracle fails: each failure is one error naming the case it was on.
/// These use small stand-in scripts, so they need python3 but not NumPy.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || pythonOnPath, "python3 not found"))
struct NumPyOracleTests {
    /// A stand-in oracle script, removed when the test ends.
    struct Script: ~Copyable {
        let url = FileManager.default.temporaryDirectory.appending(path: "oracle-\(UUID().uuidString).py")
        init(_ source: String) throws { try source.write(to: url, atomically: true, encoding: .utf8) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    let cases: [JSON] = [.object([("lesson", .string("gradient"))]), .object([("lesson", .string("descent"))])]
    func label(_ i: Int) -> String { "lesson case \(i)" }

    @Test func aMissingInterpreterIsNamed() {
        #expect {
            try NumPyOracle(python: "/nonexistent/python3").answer(cases, label: label)
        } throws: { "\($0)".contains("'/nonexistent/python3' was not found") }
    }

    @Test func missingNumPyIsNamedWithTheFix() throws {
        let script = try Script(#"print('{"fatal": "NumPy is not installed for python3"}')"#)
        #expect {
            try NumPyOracle(script: script.url).answer(cases, label: label)
        } throws: { "\($0)".contains("NumPy is not installed") && "\($0)".contains("pip install numpy") }
    }

    @Test func aCrashNamesTheCaseItWasOn() throws {
        let script = try Script(
            """
            import sys
            print('{"numpy": "0", "python": "3"}', flush=True)
            sys.stdin.readline(); print('{"outputs": {}}', flush=True)
            raise RuntimeError("boom")
            """)
        #expect {
            try NumPyOracle(script: script.url).answer(cases, label: label)
        } throws: { "\($0)" == "the NumPy oracle exited with status 1 on lesson case 1: RuntimeError: boom" }
    }

    @Test func aTimeoutNamesTheCaseItWasOn() throws {
        let script = try Script(
            """
            import time
            print('{"numpy": "0", "python": "3"}', flush=True)
            time.sleep(30)
            """)
        let start = ContinuousClock.now
        #expect {
            try NumPyOracle(script: script.url, timeout: .seconds(1)).answer(cases, label: label)
        } throws: { "\($0)" == "the NumPy oracle took over 1.0 s on lesson case 0" }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    /// The timeout is per answer: a batch that takes longer in all than the
    /// timeout, each of its answers in time, is answered whole.
    @Test func aLongBatchAnsweredStepByStepIsNotTimedOut() throws {
        let script = try Script(
            """
            import sys, time
            print('{"numpy": "0", "python": "3"}', flush=True)
            for line in sys.stdin:
                time.sleep(0.6)
                print('{"outputs": {}}', flush=True)
            """)
        let four = Array(repeating: cases[0], count: 4)
        let start = ContinuousClock.now
        let (_, answers) = try NumPyOracle(script: script.url, timeout: .seconds(1)).answer(four, label: label)
        #expect(answers.count == 4)
        #expect(ContinuousClock.now - start > .seconds(2))
    }

    /// An oracle that answers without end is stopped at its output limit
    /// with one error, not left to fill the memory until its deadline.
    @Test func endlessOutputIsStoppedAtTheLimit() throws {
        let script = try Script(
            """
            import sys
            print('{"numpy": "0", "python": "3"}', flush=True)
            while True: sys.stdout.write('{}\\n' * 1000)
            """)
        var oracle = NumPyOracle(script: script.url, timeout: .seconds(60))
        oracle.answerLimit = 1 << 20
        let start = ContinuousClock.now
        #expect {
            try oracle.answer(cases, label: label)
        } throws: { "\($0)" == "the NumPy oracle wrote more than a header and 2 answers, or a line over 1 MiB, and was stopped" }
        #expect(ContinuousClock.now - start < .seconds(30))
        // One endless line is stopped at the line limit.
        let long = try Script(
            """
            import sys
            print('{"numpy": "0", "python": "3"}', flush=True)
            while True: sys.stdout.write('x' * 1000)
            """)
        var longOracle = NumPyOracle(script: long.url, timeout: .seconds(60))
        longOracle.answerLimit = 1 << 20
        #expect(throws: OracleError.self) { try longOracle.answer(cases, label: label) }
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func malformedOutputIsQuoted() throws {
        let script = try Script(
            """
            print('{"numpy": "0", "python": "3"}')
            print('Traceback? not JSON')
            print('{}')
            """)
        #expect {
            try NumPyOracle(script: script.url).answer(cases, label: label)
        } throws: { "\($0)" == "the NumPy oracle answered lesson case 0 with malformed output: Traceback? not JSON" }
    }

    @Test func aMissingScriptIsNamed() {
        #expect {
            try NumPyOracle(script: URL(filePath: "/nonexistent/oracle.py")).answer(cases, label: label)
        } throws: { "\($0)".contains("/nonexistent/oracle.py does not exist") }
    }
}

let pythonOnPath: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
}()
