import Foundation
import LessonsCommand
import Synchronization

/// What a run of the `lessons` binary printed and how it exited.
struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the built `lessons` executable, as a learner would from a shell.
func lessons(_ arguments: String..., environment: [String: String] = [:], in directory: URL? = nil) throws -> Outcome {
    try lessons(arguments, environment: environment, in: directory)
}

func lessons(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Outcome {
    try runCapturing(productsDirectory.appending(path: "lessons"), arguments, environment: environment, in: directory)
}

/// Runs `executable` with CI unset (so `record` behaves as on a learner's
/// machine) and `environment` added, and captures what it printed.
func runCapturing(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["CI"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// The build folder holding the test bundle and the `lessons` executable.
let productsDirectory: URL = {
    let executable = URL(filePath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appending(path: "lessons").path), directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory
}()

/// The package root, found from this source file.
let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A console that keeps what a command prints, for in-process runs.
final class CapturedConsole: Sendable {
    private let lines = Mutex<(out: [String], err: [String])>(([], []))
    var console: Console {
        Console(out: { text in self.lines.withLock { $0.out.append(text) } }, err: { text in self.lines.withLock { $0.err.append(text) } })
    }
    var out: String { lines.withLock { $0.out.joined(separator: "\n") } }
    var err: String { lines.withLock { $0.err.joined(separator: "\n") } }
}
