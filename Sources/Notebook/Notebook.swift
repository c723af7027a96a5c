import FileAccess
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A notebook as `lessons notebook` reads it: its cells in order, from an
/// nbformat 4 `.ipynb` file or from a text export (`In [N]:`, the code,
/// then what it printed).
public struct Notebook: Sendable, Equatable {
    public enum Format: String, Sendable {
        case ipynb = "nbformat 4"
        case text = "text export"
    }

    public var format: Format
    public var cells: [Cell]

    public init(format: Format, cells: [Cell]) {
        self.format = format
        self.cells = cells
    }

    public var codeCells: [Cell] { cells.filter { $0.kind == .code } }

    /// The largest notebook read: the chapter's notebook is a few KB, and a
    /// long one with figures a few MB.
    public static let fileLimit = 8 * 1024 * 1024
    /// The most cells read: a long notebook has a few hundred.
    public static let cellLimit = 10_000

    /// Reads a notebook file: JSON when its first non-blank character is `{`,
    /// a text export otherwise. Refuses a file that is missing, not a
    /// regular file, too large, binary, or damaged, with an error naming it.
    public init(contentsOf given: URL, name: String? = nil) throws(NotebookError) {
        let file = name ?? given.path
        // A symbolic link is read through: what matters is the file it names.
        let bytes: [UInt8]
        do { bytes = try Files.read(given.path, limit: Self.fileLimit) } catch {
            switch error {
            case .missing: throw .notFound(file: file)
            case .notRegularFile: throw .notAFile(file: file)
            case .tooLarge(let size): throw .tooLarge(file: file, size: size, limit: Self.fileLimit)
            case .unreadable(let reason): throw .unreadable(file: file, reason: reason)
            }
        }
        try self.init(bytes: bytes, file: file)
    }

    /// Reads a notebook from its bytes; `file` names it in errors.
    public init(bytes: [UInt8], file: String) throws(NotebookError) {
        guard bytes.count <= Self.fileLimit else { throw .tooLarge(file: file, size: bytes.count, limit: Self.fileLimit) }
        guard !bytes.contains(0) else { throw .notText(file: file, reason: "it holds NUL bytes (a binary file?)") }
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw .notText(file: file, reason: "it is not UTF-8 text (a binary file?)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard !text.allSatisfy(\.isWhitespace) else { throw .empty(file: file) }
        if text.first(where: { !$0.isWhitespace }) == "{" {
            self = try Jupyter.read(text, file: file)
        } else {
            self = try TextExport.read(text, file: file)
        }
    }
}

/// One cell of a notebook.
public struct Cell: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case code, markdown, raw
    }

    public var kind: Kind
    /// `N` of `In [N]`; nil for a code cell that never ran, and for other cells.
    public var executionCount: Int?
    public var source: String
    public var outputs: [CellOutput]

    public init(kind: Kind, executionCount: Int? = nil, source: String, outputs: [CellOutput] = []) {
        self.kind = kind
        self.executionCount = executionCount
        self.source = source
        self.outputs = outputs
    }

    /// `In [263]`, or `In [ ]` for a cell that never ran.
    public var label: String { "In [\(executionCount.map(String.init) ?? " ")]" }

    public var fingerprint: String { Fingerprint.of(source) }

    /// What the cell printed where a value can be read: results, displays
    /// and standard output, in order (standard error holds warnings). Stream
    /// pieces run on as Jupyter shows them (it may split a print anywhere);
    /// a result or a display starts on a line of its own.
    public var printedText: String {
        var text = ""
        for output in outputs {
            switch output {
            case .stream("stdout", let piece): text += piece
            case .result(let value), .display(let value):
                if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
                text += value + "\n"
            case .stream, .error: continue
            }
        }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// The first error the cell raised, as `Name: value`.
    public var error: String? {
        for case .error(let name, let value) in outputs { return value.isEmpty ? name : "\(name): \(value)" }
        return nil
    }
}

/// One output of a code cell.
public enum CellOutput: Sendable, Equatable {
    /// `execute_result`: the value of the cell's last expression (`Out[N]`).
    case result(String)
    /// `display_data` shown as text.
    case display(String)
    /// Printed to `stdout` or `stderr`.
    case stream(String, String)
    /// The cell raised `name` with message `value`.
    case error(String, String)
}

/// Why a notebook file could not be read. Each names the file and quotes a
/// short excerpt of what is wrong, on one line.
public enum NotebookError: Error, CustomStringConvertible, Equatable {
    case notFound(file: String)
    case notAFile(file: String)
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, size: Int, limit: Int)
    case notText(file: String, reason: String)
    case empty(file: String)
    case badJSON(file: String, reason: String)
    case wrongFormat(file: String, found: String)
    case invalid(file: String, reason: String)
    case cannotWrite(file: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let file): return "\(file): no such file"
        case .notAFile(let file): return "\(file): not a regular file"
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .tooLarge(let file, let size, let limit): return "\(file): \(size) bytes is larger than the \(limit)-byte limit for a notebook"
        case .notText(let file, let reason): return "\(file): not a notebook: \(reason)"
        case .empty(let file): return "\(file): empty file, no cells"
        case .badJSON(let file, let reason): return "\(file): damaged notebook, not valid JSON (\(reason))"
        case .wrongFormat(let file, let found): return "\(file): nbformat \(found) is not supported (nbformat 4 is)"
        case .invalid(let file, let reason): return "\(file): damaged notebook: \(reason)"
        case .cannotWrite(let file, let reason): return "\(file): cannot write: \(reason)"
        }
    }

    /// Whether the file itself is at fault (exit 65) rather than the path
    /// given (64), a file that cannot be opened for reading (66) or the disk (73).
    public var isDamage: Bool {
        switch self {
        case .notFound, .notAFile, .cannotWrite, .unreadable: return false
        default: return true
        }
    }
}

/// At most `limit` characters of `text` on one line, with an ellipsis when
/// cut: a line break shows as ⏎, and any other control character escaped
/// (`\u{1b}`), so a notebook's text cannot drive the terminal that shows
/// the report.
func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
    let line = text.map { $0.isNewline ? "⏎" : $0 }
    let cut = line.count <= limit ? String(line) : String(line.prefix(limit)) + "…"
    guard cut.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return cut }
    var escaped = ""
    for scalar in cut.unicodeScalars {
        if scalar.properties.generalCategory == .control {
            escaped += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
