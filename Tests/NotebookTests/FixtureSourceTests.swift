import Foundation
import Harness
import LessonCatalog
import LessonKit
import Notebook
import Testing

struct FixtureSourceTests {
    /// The notebook file prints, cell for cell, what each lesson declares the notebook printed.
    @Test func thePackagedNotebookPrintsWhatTheLessonsDeclare() throws {
        for (name, notebook) in try packagedNotebooks() {
            let source = NotebookSource(notebook, file: name)
            for lesson in LessonCatalog.registry.lessons {
                for cell in lesson.notebook {
                    let printed = try source.printed(lesson, cell)
                    #expect(printed.map(\.output) == cell.printed.map(\.output), "\(name) \(cell.cell)")
                    #expect(printed.map(\.text) == cell.printed.map(\.text), "\(name) \(cell.cell)")
                }
            }
        }
    }

    @Test func theFixturesFolderHoldsTheNotebook() throws {
        let source = try #require(try NotebookSource.packaged(in: packageRoot.appending(path: "Fixtures")))
        #expect(source.file.hasSuffix("Fixtures/notebook/chapter4.txt"))
        let scratch = try Scratch()
        #expect(try NotebookSource.packaged(in: scratch.directory) == nil)
        // Something else in the notebook's place is damage, not absence.
        let folder = scratch.directory.appending(path: "notebook")
        try Data("not a folder".utf8).write(to: folder)
        #expect(throws: NotebookError.self) { try NotebookSource.packaged(in: scratch.directory) }
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        // The notebook's folder without the notebook.
        #expect(throws: NotebookError.self) { try NotebookSource.packaged(in: scratch.directory) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appending(path: "chapter4.txt").path, withDestinationPath: "/nonexistent/chapter4.txt")
        #expect(throws: NotebookError.self) { try NotebookSource.packaged(in: scratch.directory) }
    }

    @Test func anEditedOrMissingCellCannotGiveValues() throws {
        let derivative = try LessonCatalog.registry.lessons(["derivative"])[0]
        let cell = try #require(derivative.notebook.first)
        let edited = try packagedTextContents().replacingFirst("delta_x = 1e-4 ", with: "delta_x = 1e-5 ")
        let source = NotebookSource(try Notebook(bytes: Array(edited.utf8), file: "e.txt"), file: "e.txt")
        #expect(throws: NotebookSourceError.self) { try source.printed(derivative, cell) }
        let empty = NotebookSource(Notebook(format: .text, cells: []), file: "empty.txt")
        do {
            _ = try empty.printed(derivative, cell)
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "empty.txt: no In [263], which derivative takes its printed values from")
        }
    }
}

extension FixtureSourceTests {
    @Test func aNotebookRunAgainUnderNewCountsGivesTheSameValues() throws {
        var notebook = try Notebook(contentsOf: packagedIpynb)
        for i in notebook.cells.indices where notebook.cells[i].kind == .code { notebook.cells[i].executionCount = i }
        let source = NotebookSource(notebook, file: "rerun.ipynb")
        let gradient = try LessonCatalog.registry.lessons(["gradient"])[0]
        let printed = try source.printed(gradient, try #require(gradient.notebook.first))
        #expect(printed.map(\.text) == ["array([14.,  6., 10.])"])
    }
}
