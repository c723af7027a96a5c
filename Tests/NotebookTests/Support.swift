import Foundation
import LessonCatalog
import LessonKit
import LessonsCommand
import Notebook
import Synchronization

/// The package root, found from this source file.
let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The source notebook kept with the fixtures: the text export and the `.ipynb` built from it.
let packagedText = packageRoot.appending(path: "Fixtures/notebook/chapter4.txt")
let packagedIpynb = packageRoot.appending(path: "Fixtures/notebook/chapter4.ipynb")

func packagedTextContents() throws -> String { try String(contentsOf: packagedText, encoding: .utf8) }
func packagedIpynbContents() throws -> String { try String(contentsOf: packagedIpynb, encoding: .utf8) }

/// A scratch folder, removed when the test ends.
struct Scratch: ~Copyable {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "lessons-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `bytes` to `name` in the folder and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = directory.appending(path: name)
        try Data(bytes).write(to: url)
        return url
    }

    func write(_ name: String, _ text: String) throws -> URL { try write(name, Array(text.utf8)) }
}

extension String {
    /// Replaces the first occurrence of `target`; traps if there is none, so
    /// a test never edits nothing.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { preconditionFailure("'\(target)' not found") }
        return replacingCharacters(in: range, with: replacement)
    }
}

/// Both packaged forms of the notebook, read.
func packagedNotebooks() throws -> [(name: String, notebook: Notebook)] {
    [
        ("chapter4.txt", try Notebook(contentsOf: packagedText, name: "chapter4.txt")),
        ("chapter4.ipynb", try Notebook(contentsOf: packagedIpynb, name: "chapter4.ipynb")),
    ]
}

/// The row of a report for the notebook cell `label`.
func row(_ report: NotebookReport, _ label: String) -> CellReport? { report.cells.first { $0.cell == label } }

/// Runs `lessons` in process and keeps what it prints.
func lessons(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    let captured = Mutex<(out: [String], err: [String])>(([], []))
    let console = Console(
        out: { text in captured.withLock { $0.out.append(text) } }, err: { text in captured.withLock { $0.err.append(text) } })
    let status = LessonsCommand.run(arguments, registry: LessonCatalog.registry, console: console, environment: [:])
    return captured.withLock { (status, $0.out.joined(separator: "\n"), $0.err.joined(separator: "\n")) }
}
