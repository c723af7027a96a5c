import FileAccess
import Harness
import LessonKit

/// Writes a file a command produces (a figure, a trace) through
/// `SafeWrite`: atomically, replacing only a regular file, following a
/// symlink. A refusal is one line and exit status 73.
func writeFile(_ text: String, to path: String, what: String) throws {
    do { try SafeWrite.write(Array(text.utf8), to: path) } catch {
        throw CommandFailure("cannot write the \(what) to '\(path.excerpt(limit: 160))': \(error.reason)", status: ExitStatus.cannotWrite)
    }
}

/// Refuses a parameter given twice with `--set`, instead of keeping the last.
func refuseRepeatedSettings(_ settings: [String]) throws {
    var seen: [String: String] = [:]
    for setting in settings {
        guard let equals = setting.firstIndex(of: "=") else { continue }
        let name = String(setting[..<equals]).trimmingWhitespace()
        if let first = seen[name] {
            throw CommandFailure(
                "--set \(name.excerpt()) is given twice ('\(first.excerpt())' and '\(setting.excerpt())'); give each parameter once",
                status: ExitStatus.badInput)
        }
        seen[name] = setting
    }
}

/// An error message as the one line `lessons` prints: control characters
/// escaped, and a message longer than a screenful cut in the middle, so a
/// huge or multi-line value quoted by any error cannot flood the terminal.
/// The messages themselves quote short excerpts; this is the last guard,
/// and it also cuts any unbroken run of over 400 characters (a value that
/// swift-argument-parser quotes whole, say) to an excerpt of its own, while
/// a long path (up to PATH_MAX's 4 096 bytes only in theory) stays whole.
func errorLine(_ message: String) -> String {
    var message = message
    if message.utf8.count > 400 {
        var shortened = ""
        var run = ""
        for character in message {
            if character.isWhitespace {
                shortened += run.count > 400 ? run.excerpt() : run
                shortened.append(character)
                run = ""
            } else {
                run.append(character)
            }
        }
        shortened += run.count > 400 ? run.excerpt() : run
        message = shortened
    }
    let limit = 600
    guard message.utf8.count > limit else { return message.excerpt(limit: limit) }
    let head = String(message.prefix(400)).excerpt(limit: 400)
    let tail = String(message.suffix(150)).excerpt(limit: 150)
    return head + " … " + tail
}
