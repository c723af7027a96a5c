import FileAccess
import Harness
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Why the notebook file cannot give a notebook case's printed values.
public enum NotebookSourceError: Error, CustomStringConvertible {
    case noCell(file: String, cell: String, lesson: String)
    case edited(file: String, cell: String, lesson: String, found: String, declared: String)
    case unreadable(file: String, cell: String, reason: String)

    public var description: String {
        switch self {
        case .noCell(let file, let cell, let lesson): return "\(file): no \(cell), which \(lesson) takes its printed values from"
        case .edited(let file, let cell, let lesson, let found, let declared):
            return "\(file): \(cell) has fingerprint \(found), not the \(declared) that \(lesson) is built from (the cell was edited)"
        case .unreadable(let file, let cell, let reason): return "\(file): \(cell): \(reason)"
        }
    }
}

extension NotebookSource {
    /// The notebook file kept with the fixtures, relative to their folder.
    public static let packagedPath = "notebook/chapter4.txt"

    /// The notebook in `fixtures/notebook/`, or nil when there is no such
    /// folder (a package with lessons of its own and no source notebook).
    /// Throws when the file is there but cannot be read.
    public static func packaged(in fixtures: URL) throws(NotebookError) -> NotebookSource? {
        let url = fixtures.appending(path: packagedPath)
        // Absent means no notebook; anything else in its place (a dangling
        // link, a file where the folder goes, a FIFO) is a damaged folder,
        // never a reason to fall back to the lessons' own text unsaid.
        let folder = url.deletingLastPathComponent()
        guard Files.isPresent(folder.path) else { return nil }
        guard Files.kind(folder.path) == .directory else { throw .invalid(file: folder.path, reason: "not a folder, where the fixtures keep their notebook") }
        // The folder is there for the notebook: without it, it is damaged too.
        guard Files.isPresent(url.path) else { throw .notFound(file: url.path) }
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let name = url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
        return .init(try Notebook(contentsOf: url, name: name), file: name)
    }

    /// A source reading `notebook`: the cell with the case's execution count
    /// (or, failing that, the lesson's fingerprint) and, when the lesson
    /// declares one, that fingerprint; its printed text
    /// split into values, one per output of the case in order.
    public init(_ notebook: Notebook, file: String) {
        self.init(file: file) { lesson, notebookCase in
            let label = notebookCase.cell
            guard let count = notebookCase.executionCount else {
                throw NotebookSourceError.noCell(file: file, cell: label, lesson: lesson.id)
            }
            let declared = lesson.sourceCells.first(where: { $0.executionCount == count })?.fingerprint
            // By count, or by source in a notebook run again under new counts.
            guard
                let cell = notebook.codeCells.last(where: { $0.executionCount == count })
                    ?? notebook.codeCells.last(where: { declared != nil && $0.fingerprint == declared })
            else { throw NotebookSourceError.noCell(file: file, cell: label, lesson: lesson.id) }
            if let declared, declared != cell.fingerprint {
                throw NotebookSourceError.edited(file: file, cell: label, lesson: lesson.id, found: cell.fingerprint, declared: declared)
            }
            if let error = cell.error { throw NotebookSourceError.unreadable(file: file, cell: label, reason: "it raised \(error)") }
            guard let values = PrintedValues.split(cell.printedText) else {
                throw NotebookSourceError.unreadable(
                    file: file, cell: label, reason: "no printed values in \"\(excerpt(cell.printedText))\"")
            }
            let names = notebookCase.printed.map(\.output)
            guard values.count == names.count else {
                throw NotebookSourceError.unreadable(
                    file: file, cell: label, reason: "\(values.count) printed values, \(lesson.id) expects \(names.joined(separator: ", "))"
                )
            }
            return Array(zip(names, values))
        }
    }
}
