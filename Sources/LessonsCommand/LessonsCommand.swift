import ArgumentParser
import ChildProcess
import LessonKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command writes: two closures, so a test (or another tool) can
/// capture what `lessons` prints.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// A line already encoded as UTF-8 (a JSON document of tens of
    /// megabytes goes out without becoming a String first).
    public var outUTF8: @Sendable ([UInt8]) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
        self.outUTF8 = { out(String(decoding: $0, as: UTF8.self)) }
    }

    /// The process's standard output and standard error.
    public static let standard: Console = {
        var console = Console(out: { write(text: $0, to: 1) }, err: { write(text: $0, to: 2) })
        console.outUTF8 = { bytes in
            if bytes.count < separateNewline {
                write((bytes + [UInt8(ascii: "\n")])[...], to: 1)
            } else {
                write(bytes[...], to: 1)
                write([UInt8(ascii: "\n")][...], to: 1)
            }
        }
        return console
    }()

    /// Lines this long go out in two writes, the text from its own storage
    /// and then the newline, rather than copied to add the newline (a JSON
    /// document runs to tens of megabytes). Shorter ones go out in one.
    private static let separateNewline = 1 << 16

    /// Writes a line to a file descriptor.
    private static func write(text: String, to descriptor: Int32) {
        if text.utf8.count < separateNewline {
            write(Array((text + "\n").utf8)[...], to: descriptor)
            return
        }
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable { write($0[...], to: descriptor) }
        write([UInt8(ascii: "\n")][...], to: descriptor)
    }

    /// Writes bytes to a file descriptor, retrying short and interrupted
    /// writes and waiting on a full non-blocking one. A write to standard
    /// output that fails (a full disk, `/dev/full`, a closed descriptor) is
    /// remembered in `outputError`, and nothing more is written there; one
    /// whose reader has gone ends the process by SIGPIPE, as usual.
    static func write<Bytes: Collection<UInt8>>(_ bytes: Bytes, to descriptor: Int32) where Bytes.SubSequence == Bytes {
        if descriptor == 1 && outputError.load(ordering: .relaxed) != 0 { return }
        var bytes = bytes
        while !bytes.isEmpty {
            let written =
                bytes.withContiguousStorageIfAvailable { buffer in
                    #if canImport(Glibc)
                        Glibc.write(descriptor, buffer.baseAddress, buffer.count)
                    #else
                        Darwin.write(descriptor, buffer.baseAddress, buffer.count)
                    #endif
                } ?? -1
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // A non-blocking descriptor that is full: wait until it takes more.
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
                continue
            }
            if written < 0 && errno == EPIPE && descriptor == 1 && !pipeIgnoredByCaller.load(ordering: .relaxed) {
                // The reader went away (`| head`): end as a program conventionally
                // does, by SIGPIPE, which running the oracle had set to be ignored.
                // A caller that ignores SIGPIPE itself gets the error line instead.
                signal(SIGPIPE, SIG_DFL)
                raise(SIGPIPE)
            }
            if written <= 0 {
                if descriptor == 1 { outputError.store(written < 0 ? errno : EIO, ordering: .relaxed) }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// The `errno` of the first failed write to standard output, else 0.
    static let outputError = Atomic<Int32>(0)

    /// Whether the process started with SIGPIPE ignored (read by `main`
    /// before anything changes it).
    static let pipeIgnoredByCaller = Atomic<Bool>(false)

    /// The line `main` reports when standard output could not be written.
    static var outputFailure: String? {
        let code = outputError.load(ordering: .relaxed)
        return code == 0 ? nil : "cannot write the standard output: \(String(cString: strerror(code)))"
    }
}

/// Exit statuses: 0 success, 1 a check that ran and failed, 64 bad input
/// (arguments, settings, lesson ids), 65 a damaged or unreadable fixture or
/// reference, 66 a file named on the command line that cannot be opened for
/// reading, 69 something this machine cannot provide (a download refused,
/// a NumPy order the lessons do not implement), 73 a file that could not be
/// written, 74 standard output that could not be written.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let checkFailed: Int32 = 1
    public static let badInput: Int32 = 64
    public static let badData: Int32 = 65
    public static let cannotRead: Int32 = 66
    public static let unavailable: Int32 = 69
    public static let cannotWrite: Int32 = 73
    public static let cannotWriteOutput: Int32 = 74
}

/// An error a command reports as one line, with its exit status.
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    public let status: Int32
    public init(_ description: String, status: Int32) {
        self.description = description
        self.status = status
    }
}

/// A subcommand that runs against a registry of lessons.
protocol LessonsSubcommand: ParsableCommand {
    /// Runs and returns the exit status; throws for bad input.
    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32
}

extension LessonsSubcommand {
    func run() throws { throw CleanExit.message("run through LessonsCommand.main(registry:)") }
}

/// The `lessons` command: run the notebook's lessons, check them against
/// their golden fixtures, and cross-check them against NumPy.
public struct LessonsCommand: ParsableCommand {
    /// Computed, so that the name `main(registry:name:version:)` was given
    /// is the one help, errors and completion scripts use.
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
        commandName: Tool.name,
        abstract: "Run the lessons of a deep-learning notebook and prove their numbers.",
        discussion: """
            Start with '\(Tool.name) list', then '\(Tool.name) run ID'. For shell completion, lesson ids \
            included, see '\(Tool.name) --generate-completion-script bash' (or zsh, fish) and docs/lessons.md.
            """,
        version: LessonsCommand.version,
        subcommands: [
            ListLessons.self, RunLesson.self, Verify.self, Record.self, Crosscheck.self, NotebookCommand.self, DataCommand.self,
            BenchCommand.self,
        ])
    }

    public init() {}

    /// What `--version` prints: the command's name and version.
    public static var version: String { "\(Tool.name) \(Tool.version)" }

    /// The ids and parameter names of the registry being run, for shell
    /// completion scripts (which ArgumentParser builds from the command types).
    private static let known = Mutex<(ids: [String], parameters: [String])>(([], []))
    static var completionIds: [String] { known.withLock { $0.ids } }
    static var completionParameters: [String] { known.withLock { $0.parameters } }

    /// Parses `arguments` and runs the chosen subcommand with `registry`.
    /// Returns the exit status; all output goes through `console`.
    public static func run(
        _ arguments: [String], registry: Registry, console: Console = .standard,
        environment: [String: String] = currentEnvironment()
    ) -> Int32 {
        known.withLock {
            $0 = (registry.ids, Array(Set(registry.lessons.flatMap { $0.parameters.map { "\($0.name)=" } })).sorted())
        }
        if let unknown = unknownCommand(arguments) {
            console.err("error: \(errorLine(unknown))")
            return ExitStatus.badInput
        }
        do {
            var command = try RunLesson.plain(arguments) ?? parseAsRoot(arguments)
            guard let subcommand = command as? any LessonsSubcommand else {
                // The root alone, or ArgumentParser's own `help`: running it
                // throws the help screen as a clean exit, handled below.
                try command.run()
                console.out(helpMessage())
                return ExitStatus.success
            }
            return try subcommand.run(registry: registry, console: console, environment: environment)
        } catch let error as LessonError {
            console.err("error: \(errorLine(suggesting(error)))")
            return error.exitStatus
        } catch let failure as CommandFailure {
            console.err("error: \(errorLine(failure.description))")
            return failure.status
        } catch {
            let status = exitCode(for: error).rawValue
            let message = self.message(for: error)
            if status == 0 {
                console.out(message)
            } else {
                let firstLine = message.split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                console.err("error: \(errorLine(firstLine)) (see '\(Tool.name) --help')")
            }
            return status
        }
    }

    /// The error for a command name that is none of the subcommands (`lessons
    /// lsit`, `lessons help nosuch`), with a suggestion for a near miss; nil
    /// for anything else, which the parser handles.
    static func unknownCommand(_ arguments: [String]) -> String? {
        var words = arguments[...]
        if words.first == "help" { words = words.dropFirst() }
        // Down the tree of commands (`data fetch`), as far as the words name them.
        var command: any ParsableCommand.Type = LessonsCommand.self
        var path: [String] = []
        while let word = words.first, !word.hasPrefix("-"), word != "help" {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, command.configuration.defaultSubcommand == nil else { return nil }
            let names = subcommands.map { $0.configuration.commandName ?? "" }
            guard let index = names.firstIndex(of: word) else {
                let whose = path.isEmpty ? "the commands are" : "the commands of '\(Tool.name) \(path.joined(separator: " "))' are"
                return "unknown command '\(word.excerpt())'; \(whose): \(names.joined(separator: ", "))\(didYouMean(word, among: names))"
            }
            command = subcommands[index]
            path.append(word)
            words = words.dropFirst()
        }
        return nil
    }

    /// Runs with the process's arguments and exits with the status.
    /// Runs the command with `registry` and exits: the `lessons` binary, or
    /// a package's own (`name` and `version` appear in every message, help
    /// text, reproduce line and completion script).
    public static func main(registry: Registry, name: String = "lessons", version: String = "0.3.0") -> Never {
        Tool.set(name: name, version: version)
        // Started with SIGCHLD ignored, the oracle's exit status could not be read.
        ChildProcess.reportChildExits()
        // How the caller left SIGPIPE (signal returns it; it is put straight back).
        let inherited = signal(SIGPIPE, SIG_IGN)
        signal(SIGPIPE, inherited)
        Console.pipeIgnoredByCaller.store(
            unsafeBitCast(inherited, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self), ordering: .relaxed)
        var status = run(Array(CommandLine.arguments.dropFirst()), registry: registry)
        // What a run prints is its result: if it was lost, the run failed,
        // unless an error line has already said why it failed.
        if let failure = Console.outputFailure, status == ExitStatus.success || status == ExitStatus.checkFailed {
            Console.standard.err("error: \(failure)")
            status = ExitStatus.cannotWriteOutput
        }
        #if canImport(Glibc)
            Glibc.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }

    /// The process environment as a dictionary.
    public static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                result[String(decoding: bytes[..<equals], as: UTF8.self)] = String(decoding: bytes[(equals + 1)...], as: UTF8.self)
            }
            pointer += 1
        }
        return result
    }
}

/// The error with a "did you mean" for a near miss of a lesson id or a
/// parameter name.
func suggesting(_ error: LessonError) -> String {
    switch error {
    case .unknownLesson(let id, let known):
        return "unknown lesson '\(id.excerpt())'; the lessons are: \(known.joined(separator: ", "))\(didYouMean(id, among: known))"
    case .unknownParameter(let lesson, let name, let known):
        return
            "lesson '\(lesson)' has no parameter '\(name.excerpt())'; its parameters are: \(known.joined(separator: ", "))\(didYouMean(name, among: known))"
    default:
        return "\(error)"
    }
}

/// `". Did you mean 'gradient'?"` when `word` is a near miss of exactly one
/// of `candidates`, else empty. A near miss differs only in case, is a
/// prefix of three or more letters, or is one edit away (two for words of
/// six letters or more; an edit is an insertion, a deletion, a substitution
/// or a swap of neighbours). Words of one or two letters only match by case.
func didYouMean(_ word: String, among candidates: [String]) -> String {
    let lower = word.lowercased()
    func near(_ candidate: String) -> Bool {
        let other = candidate.lowercased()
        if lower == other { return true }
        if lower.count >= 3 && other.hasPrefix(lower) { return true }
        guard lower.count >= 3 else { return false }
        return editDistance(Array(lower), Array(other)) <= (lower.count >= 6 ? 2 : 1)
    }
    let matches = candidates.filter(near)
    return matches.count == 1 ? ". Did you mean '\(matches[0])'?" : ""
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of adjacent characters each cost 1.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
        }
    }
    return d[a.count][b.count]
}

/// `--format text|json`.
enum OutputFormat: String, NamedValues {
    case text, json
}

/// An option whose values are an enum's raw values, named without help from
/// the runtime. ArgumentParser's defaults name them through a key path and
/// `String(describing:)`, whose failed conformance lookups are not cached:
/// each scans all 3 800 conformance records of the binary, and all together
/// they were 3 % of the work of a short run.
public protocol NamedValues: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension NamedValues {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    public var defaultValueDescription: String { rawValue }
}
