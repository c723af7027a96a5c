import Foundation
import Harness
import LessonCatalog
import LessonKit
import Notebook
import Testing

/// `verify` checks the fixtures' notebook cases against the notebook file, and `record` takes them from it.
struct NotebookSourceTests {
    let fixtures = packageRoot.appending(path: "Fixtures")

    @Test func theCommittedFixturesHoldWhatTheNotebookPrints() throws {
        let store = FixtureStore(registry: LessonCatalog.registry, directory: fixtures)
        let source = try #require(try NotebookSource.packaged(in: fixtures))
        let report = try store.verify(notebook: source)
        #expect(report.passed, "\(report.text)")
        let notebookCases = report.lessons.flatMap(\.cases).filter { $0.kind == .notebook }
        #expect(notebookCases.map(\.name) == ["notebook In [263]", "notebook In [264]", "notebook In [265]", "notebook In [372]"])
        for c in notebookCases {
            #expect(c.notes.contains { $0.hasPrefix("as printed in ") && $0.hasSuffix("Fixtures/notebook/chapter4.txt") })
        }
    }

    @Test func aNotebookPrintingSomethingElseFailsTheFixturesNotebookCase() throws {
        let store = FixtureStore(registry: LessonCatalog.registry, directory: fixtures)
        let text = try packagedTextContents().replacingFirst("array([14.,  6., 10.])", with: "array([14.,  6., 11.])")
        let source = NotebookSource(try Notebook(bytes: Array(text.utf8), file: "other.txt"), file: "other.txt")
        let report = try store.verify(["gradient"], notebook: source)
        #expect(!report.passed)
        let c = try #require(report.lessons.first?.cases.first { $0.name == "notebook In [264]" })
        #expect(c.status == .failed)
        #expect(c.notes.contains { $0.hasPrefix("other.txt: In [264] (gradient): changed values: gradient: printed array([14.,  6., 11.])") }, "\(c.notes)")
    }

    @Test func recordTakesNotebookCasesFromTheNotebookFile() throws {
        let scratch = try Scratch()
        let store = FixtureStore(registry: LessonCatalog.registry, directory: scratch.directory)
        // A notebook re-executed by another learner: In [372] drew other weights.
        let text = try packagedTextContents().replacingFirst("0.79417551", with: "0.5").replacingFirst(
            "1.9870735326459652", with: "2.5")
        let source = NotebookSource(try Notebook(bytes: Array(text.utf8), file: "mine.txt"), file: "mine.txt")
        _ = try store.record(["simplenet"], mode: .missing, recorder: .swift, notebook: source)
        let fixture = try #require(try store.load("simplenet"))
        let c = try #require(fixture.cases.first { $0.name == "notebook In [372]" })
        let w = try #require(c.outputs.first { $0.0 == "w" }?.1)
        #expect(w.printed == "[[ 0.5  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]")
        #expect(w.value.scalars[0] == 0.5)
        #expect(c.outputs.first { $0.0 == "loss" }?.1.value.scalar == 2.5)
        // And that fixture agrees with the notebook it came from, not with the packaged one.
        #expect(
            try store.verify(["simplenet"], notebook: source).lessons[0].cases.first { $0.name == c.name }?.notes.contains(
                "as printed in mine.txt") == true)
        let packaged = try #require(try NotebookSource.packaged(in: fixtures))
        #expect(try store.verify(["simplenet"], notebook: packaged).lessons[0].cases.first { $0.name == c.name }?.status == .failed)
    }

    @Test func recordRefusesACellThatWasEdited() throws {
        let scratch = try Scratch()
        let store = FixtureStore(registry: LessonCatalog.registry, directory: scratch.directory)
        let text = try packagedTextContents().replacingFirst("delta_x = 1e-4 ", with: "delta_x = 1e-5 ")
        let source = NotebookSource(try Notebook(bytes: Array(text.utf8), file: "h.txt"), file: "h.txt")
        #expect(throws: NotebookSourceError.self) { try store.record(["derivative"], mode: .missing, recorder: .swift, notebook: source) }
        #expect(try store.load("derivative") == nil)
    }
}
