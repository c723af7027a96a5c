import ChildProcess
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The NumPy reference: `Tools/oracle.py` run by `python3`, answering a batch
/// of cases in one process (one JSON line in, one JSON line out per case).
public struct NumPyOracle: Sendable {
    /// The Python interpreter (`LESSONS_PYTHON`, else `python3` on the PATH).
    public let python: String
    /// The oracle script.
    public let script: URL
    /// How long one batch may take before the process is stopped.
    public let timeout: Duration
    /// The oracle process's environment, when not this process's own.
    public var childEnvironment: [String: String]?

    public init(
        python: String? = nil, script: URL? = nil, timeout: Duration = .seconds(300),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.python = python ?? environment["LESSONS_PYTHON"] ?? "python3"
        self.script = script ?? Self.defaultScript(environment)
        self.timeout = timeout
    }

    /// `LESSONS_ORACLE`, else `Tools/oracle.py` under the current folder, else
    /// the one in the package this binary was built from.
    static func defaultScript(_ environment: [String: String]) -> URL {
        if let path = environment["LESSONS_ORACLE"] { return URL(filePath: path) }
        let local = URL(filePath: FileManager.default.currentDirectoryPath).appending(path: "Tools/oracle.py")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Tools/oracle.py")
    }

    /// What the oracle reported about itself: NumPy's and Python's versions.
    public struct Versions: Sendable, CustomStringConvertible {
        public let numpy: String
        public let python: String
        /// How this NumPy computes on this CPU, named as `NumericProfile`
        /// names the lessons' (`skylakex-svml`, `haswell-libm`, …); nil when
        /// the oracle could not tell.
        public var profile: String? = nil
        public var description: String { "NumPy \(numpy), Python \(python)" }
    }

    /// Answers `cases` in order. `label(i)` names case `i` in errors
    /// ("descent case 17"), so a failure points at its input.
    public func answer(_ cases: [JSON], label: (Int) -> String) throws(OracleError) -> (versions: Versions, answers: [JSON]) {
        guard FileManager.default.fileExists(atPath: script.path) else { throw .scriptMissing(script.path) }
        let request = Array(cases.map { $0.serialized() + "\n" }.joined().utf8)
        let run: ChildProcess.Result
        // The oracle answers a header line and then one line per case: a
        // line more, or one past the answer limit, is output without end.
        do {
            run = try ChildProcess.run(
                "/usr/bin/env", arguments: [python, script.path], environment: childEnvironment, input: request, timeout: timeout,
                outputLimit: Int.max, lineLimit: (cases.count + 1, answerLimit))
        } catch {
            throw .cannotStart(python, error.reason)
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if run.overflowed { throw .tooMuchOutput(lineBytes: answerLimit, cases: cases.count) }
        let stdout = run.output

        let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let stderrText = String(decoding: run.errors, as: UTF8.self)
        let lastError = stderrText.split(separator: "\n").last.map(String.init) ?? ""
        let pending = max(0, lines.count - 1)
        func pendingLabel() -> String { pending < cases.count ? label(pending) : "the end of the batch" }
        if run.timedOut { throw .timedOut(seconds: seconds, at: pendingLabel()) }

        if run.status == 127 { throw .pythonMissing(python) }
        guard let first = lines.first, let header = try? JSON(parsing: first) else {
            throw .crashed(status: run.status, at: pendingLabel(), message: lastError.isEmpty ? "no output" : lastError)
        }
        if let fatal = header["fatal"]?.stringValue { throw .numpyMissing(fatal) }
        guard let numpy = header["numpy"]?.stringValue, let pythonVersion = header["python"]?.stringValue else {
            throw .malformed(at: "its first line", text: first)
        }
        var answers: [JSON] = []
        for (index, line) in lines.dropFirst().enumerated() {
            guard index < cases.count else { throw .malformed(at: "after the last case", text: line) }
            guard let answer = try? JSON(parsing: line), answer.objectValue != nil else { throw .malformed(at: label(index), text: line) }
            answers.append(answer)
        }
        guard answers.count == cases.count else {
            throw .crashed(
                status: run.status, at: pendingLabel(), message: lastError.isEmpty ? "output ended early" : lastError)
        }
        return (Versions(numpy: numpy, python: pythonVersion, profile: header["profile"]?.stringValue), answers)
    }

    /// The longest line the oracle may write (its header, or the answer to
    /// a case): an answer is at most a few megabytes (the two-layer net's
    /// gradients at full size), and an oracle that writes far more is broken.
    public var answerLimit = 64 << 20

    /// Whether `python3` with NumPy can run the oracle here, and if not, why.
    public func availability() -> (available: Bool, reason: String) {
        do {
            let (versions, _) = try answer([], label: { "case \($0)" })
            return (true, "\(versions)")
        } catch {
            return (false, error.description)
        }
    }
}

/// Why the oracle could not answer. Each names the case it was on.
public enum OracleError: Error, CustomStringConvertible, Sendable {
    case scriptMissing(String)
    case cannotStart(String, String)
    case pythonMissing(String)
    case numpyMissing(String)
    case timedOut(seconds: Double, at: String)
    case crashed(status: Int32, at: String, message: String)
    case malformed(at: String, text: String)
    case tooMuchOutput(lineBytes: Int, cases: Int)
    case raised(at: String, message: String)
    /// NumPy computes under another numeric profile than the lesson does.
    case otherProfile(lesson: String, numpy: String, lessons: String)

    public var description: String {
        switch self {
        case .scriptMissing(let path): return "the NumPy oracle script \(path) does not exist"
        case .cannotStart(let python, let reason): return "cannot start \(python): \(reason)"
        case .pythonMissing(let python):
            return "'\(python)' was not found: the NumPy oracle needs python3 with NumPy (set LESSONS_PYTHON to another interpreter)"
        case .numpyMissing(let message): return "\(message): install it with 'python3 -m pip install numpy'"
        case .timedOut(let seconds, let at): return "the NumPy oracle timed out after \(NumPyFormat.pythonRepr(seconds)) s on \(at)"
        case .crashed(let status, let at, let message): return "the NumPy oracle exited with status \(status) on \(at): \(message)"
        case .raised(let at, let message): return "the NumPy reference raised \(message) on \(at)"
        case .otherProfile(let lesson, let numpy, let lessons):
            return
                "NumPy computes as \(numpy) here and \(lesson) as \(lessons): NumPy's values would not be the lesson's; "
                + "record under one profile (README, \"Fixtures per CPU profile\")"
        case .tooMuchOutput(let lineBytes, let cases):
            return "the NumPy oracle wrote more than a header and \(cases) answer\(cases == 1 ? "" : "s"), or a line over \(lineBytes >> 20) MiB, and was stopped"
        case .malformed(let at, let text):
            return "the NumPy oracle answered \(at) with malformed output: \(text.count > 120 ? String(text.prefix(120)) + "…" : text)"
        }
    }
}
