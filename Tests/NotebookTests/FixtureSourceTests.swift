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

/// One notebook, one verdict: what `lessons notebook` fails, `verify` and
/// `record` fail too, and no record makes a notebook value agree.
struct OneVerdictTests {
    /// A scratch copy of the package's Fixtures folder with its notebook replaced.
    func fixtures(notebook text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-verdict-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: packageRoot.appending(path: "Fixtures"), to: folder)
        try Data(text.utf8).write(to: folder.appending(path: "notebook/chapter4.txt"))
        return folder
    }

    /// In [265] printed in positional notation rounds alike at 8 digits, but
    /// NumPy prints x = [6.72e-09, 4.07e-09] in scientific notation: refused
    /// by `notebook` (text and .ipynb), by `verify`, and by `record`.
    @Test func aValueInAnotherNotationIsRefusedEverywhere() throws {
        let edited = try packagedTextContents().replacingFirst(
            "array([6.72221872e-09, 4.07407195e-09])", with: "array([0.00000001, 0.])")
        let scratch = try Scratch()
        let text = try scratch.write("n.txt", edited)
        let report = lessons("notebook", text.path)
        #expect(report.status == 1 && report.out.contains("but NumPy prints the lesson's value as array([6.72221872e-09, 4.07407195e-09])"), "\(report.out)")
        let ipynb = try scratch.write(
            "n.ipynb", try packagedIpynbContents().replacingFirst("array([6.72221872e-09, 4.07407195e-09])", with: "array([0.00000001, 0.])"))
        #expect(lessons("notebook", ipynb.path).status == 1)

        let folder = try fixtures(notebook: edited)
        defer { try? FileManager.default.removeItem(at: folder) }
        let verify = lessons("verify", "descent", "--fixtures", folder.path)
        #expect(verify.status == 1, "\(verify.out)")
        #expect(verify.out.contains("In [265] (descent): changed values"), "\(verify.out)")
        for mode in ["failed", "all"] {
            let before = try Data(contentsOf: folder.appending(path: "descent.json.gz"))
            let record = lessons("record", "descent", "--mode", mode, "--fixtures", folder.path)
            #expect(record.status == 1 && record.err.hasPrefix("error: refusing to record"), "\(record.err)")
            #expect(try Data(contentsOf: folder.appending(path: "descent.json.gz")) == before)
            #expect(lessons("verify", "descent", "--fixtures", folder.path).status == 1)
        }
    }

    /// A cell copied twice, the first copy printing 24.0: `notebook` fails it,
    /// and so does `verify`, which read only the last copy before.
    @Test func everyCopyOfADuplicatedCellIsChecked() throws {
        let original = try packagedTextContents()
        let start = try #require(original.range(of: "In [263]:"))
        let end = try #require(original.range(of: "23.000000000052978\n"))
        let cell = String(original[start.lowerBound..<end.upperBound])
        let edited = original.replacingFirst(cell, with: cell.replacingFirst("23.000000000052978", with: "24.0") + "\n" + cell)
        let scratch = try Scratch()
        let file = try scratch.write("dup.txt", edited)
        #expect(lessons("notebook", file.path).status == 1)
        let folder = try fixtures(notebook: edited)
        defer { try? FileManager.default.removeItem(at: folder) }
        let verify = lessons("verify", "derivative", "--fixtures", folder.path)
        #expect(verify.status == 1, "\(verify.out)")
        #expect(verify.out.contains("changed values"), "\(verify.out)")
    }
}
