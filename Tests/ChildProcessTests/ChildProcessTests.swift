import ChildProcess
import Foundation
import Testing

@Suite struct ChildProcessTests {
    @Test func feedsInputAndCollectsBothOutputs() throws {
        // 1 MiB through `cat` while it also writes to stderr: more than any
        // pipe buffer, so a runner that wrote all input before reading would hang.
        let input = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let result = try ChildProcess.run(
            "/bin/sh", arguments: ["-c", "printf start >&2; cat; printf end >&2; exit 3"], input: input, timeout: .seconds(60))
        #expect(result.output == input)
        #expect(String(decoding: result.errors, as: UTF8.self) == "startend")
        #expect(result.status == 3)
        #expect(!result.timedOut)
    }

    /// A child that writes without end is stopped at the output limit,
    /// long before its deadline, with what it wrote up to the limit.
    @Test func endlessOutputIsCutAtTheLimitAndTheChildKilled() throws {
        let start = ContinuousClock.now
        let result = try ChildProcess.run("/usr/bin/yes", arguments: ["abc"], timeout: .seconds(60), outputLimit: 1 << 20)
        #expect(result.overflowed && !result.timedOut)
        #expect(result.output.count == 1 << 20)
        #expect(result.output.prefix(8) == Array("abc\nabc\n".utf8)[...])
        #expect(result.status == 128 + SIGKILL)
        #expect(ContinuousClock.now - start < .seconds(30))
        // Exactly at the limit is not past it.
        let exact = try ChildProcess.run("/bin/sh", arguments: ["-c", "printf 12345"], timeout: .seconds(60), outputLimit: 5)
        #expect(!exact.overflowed && exact.output == Array("12345".utf8) && exact.status == 0)
    }

    /// Past a count of lines, or with a line past a length, the child is
    /// stopped too; exactly at the count it is not.
    @Test func tooManyOrTooLongLinesStopTheChild() throws {
        let many = try ChildProcess.run("/usr/bin/yes", arguments: ["ab"], timeout: .seconds(60), lineLimit: (3, 100))
        #expect(many.overflowed && many.status == 128 + SIGKILL)
        let long = try ChildProcess.run("/bin/sh", arguments: ["-c", "head -c 5000 /dev/zero"], timeout: .seconds(60), lineLimit: (3, 100))
        #expect(long.overflowed)
        let exact = try ChildProcess.run("/bin/sh", arguments: ["-c", "printf 'a\\nb\\nc'"], timeout: .seconds(60), lineLimit: (3, 1))
        #expect(!exact.overflowed && exact.output == Array("a\nb\nc".utf8) && exact.status == 0)
    }

    /// Of a flood on standard error only the end is kept: where a program
    /// says what went wrong.
    @Test func onlyTheEndOfEndlessErrorsIsKept() throws {
        let result = try ChildProcess.run(
            "/bin/sh", arguments: ["-c", "head -c 3000000 /dev/zero | tr '\\0' e >&2; echo ' the end' >&2"], timeout: .seconds(60),
            errorLimit: 1000)
        #expect(result.errors.count == 1000)
        #expect(String(decoding: result.errors, as: UTF8.self).hasSuffix("eee the end\n"))
        #expect(result.status == 0 && !result.overflowed)
    }

    @Test func passesTheGivenEnvironmentOnly() throws {
        let result = try ChildProcess.run("/usr/bin/env", arguments: [], environment: ["B": "2", "A": "x y"], timeout: .seconds(60))
        #expect(String(decoding: result.output, as: UTF8.self) == "A=x y\nB=2\n")
        #expect(result.status == 0)
    }

    @Test func aChildThatIgnoresItsInputDoesNotKillTheParent() throws {
        let result = try ChildProcess.run(
            "/bin/sh", arguments: ["-c", "exit 0"], input: [UInt8](repeating: 65, count: 1 << 20), timeout: .seconds(60))
        #expect(result.status == 0)
        #expect(!result.timedOut)
    }

    @Test func aSignalIsReportedAs128PlusItsNumber() throws {
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", "kill -TERM $$"], timeout: .seconds(60))
        #expect(result.status == 128 + 15)
    }

    @Test(arguments: ["sleep 30", "exec >&- 2>&-; sleep 30"])
    func theDeadlineKillsAChild(script: String) throws {
        let start = ContinuousClock.now
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", script], timeout: .milliseconds(300))
        #expect(result.timedOut)
        #expect(result.status == 128 + 9)
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    /// A child's own children are killed with it: a script that started a
    /// long job must not leave it running once the deadline is past.
    @Test func theDeadlineKillsTheChildsChildrenToo() throws {
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", "sleep 30 & echo $!; sleep 30 & wait"], timeout: .milliseconds(500))
        #expect(result.timedOut)
        let grandchild = try #require(Int32(String(decoding: result.output, as: UTF8.self).split(separator: "\n").first ?? ""))
        // Gone, or a zombie waiting for whoever inherited it to reap it.
        func alive() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8) else { return false }
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            return state != "Z" && state != "X"
        }
        let start = ContinuousClock.now
        while alive() && ContinuousClock.now - start < .seconds(5) { usleep(10_000) }
        #expect(!alive(), "the grandchild \(grandchild) still runs")
    }

    @Test func aDeadlineCenturiesAwayIsJustLong() throws {
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", "exit 4"], timeout: .seconds(Int64.max / 4))
        #expect(result.status == 4)
        #expect(!result.timedOut)
    }

    @Test func aMissingProgramIsAStartFailureNamingIt() {
        #expect {
            try ChildProcess.run("/nonexistent/program", arguments: [], timeout: .seconds(5))
        } throws: { error in
            (error as? ChildProcess.StartFailure)?.description == "cannot start /nonexistent/program: No such file or directory"
        }
    }
}
