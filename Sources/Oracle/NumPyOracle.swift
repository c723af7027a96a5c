import Arithmetic
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
    /// How long NumPy may take over one answer (the header, or one case)
    /// before the process is stopped: a batch of any size is fine while each
    /// of its cases is answered in time.
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

    /// What the oracle reported about itself: NumPy's and Python's versions,
    /// and how this NumPy computes where machines differ.
    public struct Versions: Sendable, CustomStringConvertible {
        public let numpy: String
        public let python: String
        /// The order of NumPy's products: the OpenBLAS kernels its OpenBLAS
        /// runs, named as ``Arithmetic/Products`` names them where the lessons
        /// implement them (`skylakex`, `haswell`), else by OpenBLAS's own
        /// name for the core (`sandybridge`, `neoversen1`, …); nil when the
        /// oracle could not tell.
        public var products: String? = nil
        /// Whose exp and log NumPy calls: `svml` or `libm`.
        public var functions: String? = nil
        /// Why NumPy's products cannot run here at all, when they cannot.
        public var unusable: String? = nil

        public var description: String { "NumPy \(numpy), Python \(python)" }

        /// `haswell-libm`, `sandybridge-libm`, …: NumPy's order here, named as
        /// ``Arithmetic/name`` names the lessons'.
        public var profile: String { "\(products ?? "unknown")-\(functions ?? "unknown")" }

        /// The arithmetic a lesson whose outputs depend on `parts` computes in
        /// to give NumPy's bits here: NumPy's order in those parts, the
        /// canonical one in the others; nil when the lessons do not implement
        /// NumPy's order in a part the lesson depends on.
        public func arithmetic(for parts: Arithmetic.Parts) -> Arithmetic? {
            var arithmetic = Arithmetic.canonical
            if parts.contains(.products) {
                guard let name = products, let order = Arithmetic.Products(rawValue: name) else { return nil }
                arithmetic.products = order
            }
            if parts.contains(.functions) {
                guard let name = functions, let functions = Arithmetic.Functions(rawValue: name) else { return nil }
                arithmetic.functions = functions
            }
            return arithmetic
        }
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
                perLine: true, outputLimit: Int.max, lineLimit: (cases.count + 1, answerLimit))
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
        let versions = Versions(
            numpy: numpy, python: pythonVersion, products: header["products"]?.stringValue, functions: header["functions"]?.stringValue,
            unusable: header["unusable"]?.stringValue)
        return (versions, answers)
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
    /// NumPy computes in an order other than the one the fixtures hold.
    case otherArithmetic(lesson: String, numpy: String, fixtures: String)
    /// NumPy's own products cannot run here (`Versions.unusable`).
    case unusable(String)

    public var description: String {
        switch self {
        case .scriptMissing(let path): return "the NumPy oracle script \(path) does not exist"
        case .cannotStart(let python, let reason): return "cannot start \(python): \(reason)"
        case .pythonMissing(let python):
            return "'\(python)' was not found: the NumPy oracle needs python3 with NumPy (set LESSONS_PYTHON to another interpreter)"
        case .numpyMissing(let message): return "\(message): install it with 'python3 -m pip install numpy'"
        case .timedOut(let seconds, let at): return "the NumPy oracle took over \(NumPyFormat.pythonRepr(seconds)) s on \(at)"
        case .crashed(let status, let at, let message): return "the NumPy oracle exited with status \(status) on \(at): \(message)"
        case .raised(let at, let message): return "the NumPy reference raised \(message) on \(at)"
        case .otherArithmetic(let lesson, let numpy, let fixtures):
            return
                "NumPy computes \(lesson) as \(numpy) here, and the fixtures hold \(fixtures): its values would not be the fixtures'; "
                + "record \(fixtures) values from NumPy where NumPy computes so, or from the lessons (docs/reproducibility.md, \"What reproducible means\")"
        case .unusable(let reason): return "NumPy cannot compute products here: \(reason)"
        case .tooMuchOutput(let lineBytes, let cases):
            return "the NumPy oracle wrote more than a header and \(cases) answer\(cases == 1 ? "" : "s"), or a line over \(lineBytes >> 20) MiB, and was stopped"
        case .malformed(let at, let text):
            return "the NumPy oracle answered \(at) with malformed output: \(text.count > 120 ? String(text.prefix(120)) + "…" : text)"
        }
    }
}
