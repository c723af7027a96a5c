import ArgumentParser
import LessonKit

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

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's standard output and standard error.
    public static let standard = Console(out: { write(text: $0, to: 1) }, err: { write(text: $0, to: 2) })

    /// Writes a line to a file descriptor, retrying short writes.
    private static func write(text: String, to descriptor: Int32) {
        // One copy of the text, not two (text + "\n", then its bytes): outputs run to tens of megabytes.
        var whole = Array(text.utf8)
        whole.append(UInt8(ascii: "\n"))
        var bytes = whole[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress, buffer.count)
                #else
                    Darwin.write(descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// Exit statuses: 0 success, 1 a check that ran and failed, 64 bad input
/// (arguments, settings, lesson ids), 65 a damaged or unreadable fixture or
/// reference, 73 a file that could not be written.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let checkFailed: Int32 = 1
    public static let badInput: Int32 = 64
    public static let badData: Int32 = 65
    public static let cannotWrite: Int32 = 73
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
    public static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Run the lessons of a deep-learning notebook and prove their numbers.",
        subcommands: [ListLessons.self, RunLesson.self, Verify.self, Record.self, Crosscheck.self, BenchCommand.self])

    public init() {}

    /// Parses `arguments` and runs the chosen subcommand with `registry`.
    /// Returns the exit status; all output goes through `console`.
    public static func run(
        _ arguments: [String], registry: Registry, console: Console = .standard,
        environment: [String: String] = currentEnvironment()
    ) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            guard let subcommand = command as? any LessonsSubcommand else {
                // The root alone, or ArgumentParser's own `help`: running it
                // throws the help screen as a clean exit, handled below.
                try command.run()
                console.out(helpMessage())
                return ExitStatus.success
            }
            return try subcommand.run(registry: registry, console: console, environment: environment)
        } catch let error as LessonError {
            console.err("error: \(error)")
            return ExitStatus.badInput
        } catch let failure as CommandFailure {
            console.err("error: \(failure)")
            return failure.status
        } catch {
            let status = exitCode(for: error).rawValue
            let message = self.message(for: error)
            if status == 0 {
                console.out(message)
            } else {
                let firstLine = message.split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                console.err("error: \(firstLine) (see 'lessons --help')")
            }
            return status
        }
    }

    /// Runs with the process's arguments and exits with the status.
    public static func main(registry: Registry) -> Never {
        let status = run(Array(CommandLine.arguments.dropFirst()), registry: registry)
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
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
