import FileAccess
import Harness
import LessonKit
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Why the notebook file cannot give a notebook case's printed values.
public enum NotebookSourceError: Error, CustomStringConvertible {
    case noCell(file: String, cell: String, lesson: String)
    /// `lessons notebook`'s verdict on the cell fails it (changed values, edited, …).
    case verdict(file: String, cell: String, lesson: String, verdict: String, notes: [String])
    case unreadable(file: String, cell: String, reason: String)

    public var description: String {
        switch self {
        case .noCell(let file, let cell, let lesson): return "\(file): no \(cell), which \(lesson) takes its printed values from"
        case .verdict(let file, let cell, let lesson, let verdict, let notes):
            return "\(file): \(cell) (\(lesson)): \(verdict)" + (notes.isEmpty ? "" : ": " + notes.joined(separator: "; "))
        case .unreadable(let file, let cell, let reason): return "\(file): \(cell): \(reason)"
        }
    }
}

/// The `lessons notebook` report of each lesson on one notebook, made once.
private final class Reports: Sendable {
    let notebook: Notebook
    let file: String
    let made = Mutex<[String: NotebookReport]>([:])

    init(_ notebook: Notebook, file: String) {
        self.notebook = notebook
        self.file = file
    }

    func report(_ lesson: any Lesson) -> NotebookReport {
        if let known = made.withLock({ $0[lesson.id] }) { return known }
        let report = notebook.check([lesson], file: file)
        made.withLock { $0[lesson.id] = report }
        return report
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

    /// A source reading `notebook` as `lessons notebook` reads it: the cells
    /// that check finds for the case (by count and fingerprint, by source
    /// in a notebook run again, every copy of a duplicated one), and its
    /// verdict on them. Any failing verdict (changed values, a notation that
    /// is not NumPy's, edited, errored, no output) is thrown with its notes,
    /// so `verify`, `record` and `notebook` give one verdict on one file.
    /// Otherwise the printed text of the cell, split into values, one per
    /// output of the case in order.
    public init(_ notebook: Notebook, file: String) {
        let reports = Reports(notebook, file: file)
        self.init(file: file) { lesson, notebookCase in
            let label = notebookCase.cell
            guard let count = notebookCase.executionCount else {
                throw NotebookSourceError.noCell(file: file, cell: label, lesson: lesson.id)
            }
            let rows = reports.report(lesson).cells.filter { $0.lesson == lesson.id && $0.declaredCell == count && $0.position != nil }
            guard let last = rows.last, let position = last.position else {
                throw NotebookSourceError.noCell(file: file, cell: label, lesson: lesson.id)
            }
            if let failing = rows.first(where: { $0.verdict.fails }) {
                throw NotebookSourceError.verdict(
                    file: file, cell: failing.cell, lesson: lesson.id, verdict: failing.verdict.rawValue, notes: failing.notes)
            }
            let cell = notebook.codeCells[position - 1]
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
