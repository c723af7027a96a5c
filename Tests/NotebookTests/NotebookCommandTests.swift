import Foundation
import LessonKit
import Testing

/// `lessons notebook FILE`, run in process.
struct NotebookCommandTests {
    @Test func bothPackagedFormsPassWithExitZero() {
        for file in [packagedText.path, packagedIpynb.path] {
            let outcome = lessons("notebook", file)
            #expect(outcome.status == 0, "\(outcome.out)\(outcome.err)")
            #expect(outcome.out.hasSuffix("— OK: every covered cell agrees"))
            #expect(outcome.err.isEmpty)
        }
    }

    @Test func anEditedNotebookExitsOneAndNamesTheCell() throws {
        let scratch = try Scratch()
        let file = try scratch.write("h.ipynb", try packagedIpynbContents().replacingFirst("delta_x = 1e-4 ", with: "delta_x = 1e-5 "))
        let outcome = lessons("notebook", file.path)
        #expect(outcome.status == 1)
        #expect(outcome.out.hasSuffix("FAILED: In [263] (derivative: edited)"))
        let json = lessons("notebook", file.path, "--format", "json")
        #expect(json.status == 1)
        #expect(try JSON(parsing: json.out)["passed"] == .bool(false))
    }

    @Test(arguments: [
        ("{\"nbformat\": 4, \"cells\": [", 65, "not valid JSON"), ("{\"nbformat\": 5, \"cells\": []}", 65, "nbformat 5 is not supported"),
        ("\u{7F}ELF\u{01}\u{00}\u{00}", 65, "NUL bytes"),
    ])
    func aDamagedNotebookExits65WithOneLine(_ text: String, _ status: Int32, _ says: String) throws {
        let scratch = try Scratch()
        let file = try scratch.write("bad.ipynb", text)
        let outcome = lessons("notebook", file.path)
        #expect(outcome.status == status)
        #expect(outcome.out.isEmpty)
        #expect(
            outcome.err.hasPrefix("error: \(file.path): ") && outcome.err.contains(says) && !outcome.err.contains("\n"), "\(outcome.err)")
    }

    @Test func badArgumentsExit64() throws {
        let scratch = try Scratch()
        #expect(lessons("notebook", scratch.directory.appending(path: "none.ipynb").path).status == 64)
        #expect(lessons("notebook", scratch.directory.path).status == 64)
        #expect(lessons("notebook", packagedText.path, "nosuchlesson").status == 64)
        let badMap = lessons("notebook", packagedText.path, "--map", "5=999")
        #expect(badMap.status == 64 && badMap.err.contains("no lesson covers In [999]"))
        #expect(lessons("notebook", packagedText.path, "--map", "five").status == 64)
        #expect(lessons("notebook", packagedText.path, "--map", "5=263").err.contains("has no In [5]"))
    }

    /// The lessons past the notebook, built from the book's scripts, cover no
    /// cell: they are named under the table, and named alone nothing would be checked.
    @Test func lessonsThatCoverNoCellAreNamedAndCannotBeCheckedAlone() {
        let all = lessons("notebook", packagedText.path)
        for id in ["simplenet-gradient", "two-layer-net", "training"] {
            #expect(all.out.contains("\n  \(id) covers no notebook cell (it is built from the book's"), "\(id)")
        }
        let alone = lessons("notebook", packagedText.path, "simplenet-gradient", "training")
        #expect(alone.status == 64 && alone.out.isEmpty && !alone.err.contains("\n"), "\(alone.err)")
        #expect(alone.err.contains("simplenet-gradient, training cover no notebook cell, so nothing would be checked"))
        #expect(alone.err.hasSuffix("lessons that do: derivative, gradient, descent, simplenet"))
        let mixed = lessons("notebook", packagedText.path, "derivative", "training", "--format", "json")
        #expect(mixed.status == 0)
        let json = try? JSON(parsing: mixed.out)
        #expect(json?["covering_no_cell"]?.arrayValue?.compactMap { $0["lesson"]?.stringValue } == ["training"])
    }

    @Test func theIpynbItWritesReadsBackToTheSameCheck() throws {
        let scratch = try Scratch()
        let out = scratch.directory.appending(path: "built.ipynb")
        #expect(lessons("notebook", packagedText.path, "--write-ipynb", out.path).status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == packagedIpynbContents())
        #expect(lessons("notebook", packagedText.path, "--write-ipynb", scratch.directory.path).status == 73)
        #expect(lessons("notebook", packagedText.path, "--write-ipynb", "/dev/null").status == 73)
        // Written over the notebook being read, it would drop what it does not
        // keep (metadata, images): refused, and the file is left as it was.
        let before = try Data(contentsOf: out)
        let link = scratch.directory.appending(path: "link.ipynb")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: out)
        for target in [out.path, link.path] {
            let refused = lessons("notebook", out.path, "--write-ipynb", target)
            #expect(refused.status == 64 && refused.out.isEmpty, "\(refused.err)")
            #expect(refused.err.hasSuffix("is the notebook being read; write to another file"), "\(refused.err)")
        }
        #expect(try Data(contentsOf: out) == before)
    }
}

extension NotebookCommandTests {
    /// The notebook guide's example report is what the command prints (its "…" stands for lines left out).
    @Test func theGuideShowsTheReportAsPrinted() throws {
        let readme = try String(contentsOf: packageRoot.appending(path: "docs/notebook.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```\nFixtures/notebook/chapter4.ipynb  (nbformat 4"))
        let end = try #require(readme[start.upperBound...].range(of: "```"))
        let shown = readme[readme.index(start.lowerBound, offsetBy: 4)..<end.lowerBound].split(separator: "\n").map(String.init)
        let outcome = lessons("notebook", packagedIpynb.path)
        let printed = outcome.out.replacing(packagedIpynb.path, with: "Fixtures/notebook/chapter4.ipynb").split(separator: "\n").map(
            String.init)
        #expect(outcome.status == 0)
        #expect(shown.count > 8)
        for line in shown where line.trimmingWhitespace() != "…" { #expect(printed.contains(line), "\(line)") }
    }
}

extension NotebookCommandTests {
    /// `verify` and `record` read the notebook kept with the fixtures.
    @Test func verifyAndRecordCheckTheFixturesNotebook() throws {
        let scratch = try Scratch()
        let fixtures = scratch.directory.appending(path: "Fixtures")
        try FileManager.default.copyItem(at: packageRoot.appending(path: "Fixtures"), to: fixtures)
        #expect(lessons("verify", "gradient", "--fixtures", fixtures.path).status == 0)
        let notebook = fixtures.appending(path: "notebook/chapter4.txt")
        let text = try String(contentsOf: notebook, encoding: .utf8)
        try text.replacingFirst("array([14.,  6., 10.])", with: "array([14.,  6., 11.])").write(
            to: notebook, atomically: true, encoding: .utf8)
        let changed = lessons("verify", "gradient", "--fixtures", fixtures.path)
        #expect(changed.status == 1)
        #expect(changed.out.contains("chapter4.txt: In [264] (gradient): changed values"), "\(changed.out)")
        try Data([0x00, 0x01, 0xFF]).write(to: notebook)
        let damaged = lessons("verify", "--fixtures", fixtures.path)
        #expect(damaged.status == 65 && damaged.err.contains("chapter4.txt: not a notebook") && !damaged.err.contains("\n"))
        let record = lessons("record", "--fixtures", fixtures.path)
        #expect(record.status == 65 && record.err.contains("chapter4.txt: not a notebook"))
    }
}

/// A notebook's size sets the work of checking it, and a long list of
/// failing cells ends in one short line.
struct NotebookScaleTests {
    /// In [372] copied with 205 distinct losses: each needs a search for an
    /// x that gives it, which takes milliseconds; the first 200 are searched
    /// and the rest say they were not, so thousands of copies cannot take minutes.
    @Test func theConsistencySearchesAreBoundedAndSaySo() throws {
        let original = try packagedTextContents()
        let start = try #require(original.range(of: "In [372]:"))
        let cell = String(original[start.lowerBound...])
        // Losses as Python prints them (no trailing zero), all reachable with the printed w.
        let copies = (0..<205).map { k in cell.replacingFirst("1.9870735326459652", with: "1.987073532\(10001 + 10 * k)") }
        let scratch = try Scratch()
        let file = try scratch.write("many.txt", String(original[..<start.lowerBound]) + copies.joined(separator: "\n"))
        let outcome = lessons("notebook", file.path, "--format", "json")
        #expect(outcome.status == 0, "\(outcome.err)")
        let cells = try #require(try JSON(parsing: outcome.out)["cells"]?.arrayValue)
        let notes = cells.filter { $0["lesson_cell"] == .integer(372) }.map { ($0["notes"]?.arrayValue ?? []).compactMap(\.stringValue).joined() }
        #expect(notes.count == 205)
        #expect(notes.filter { $0.contains("so the printed loss is one this network gives") }.count == 200)
        #expect(notes.filter { $0.contains("its consistency was not searched") }.count == 5)
    }

    /// Twenty failing cells: the summary names five and counts the rest.
    @Test func theSummaryLineNamesTheFirstFailingCells() throws {
        let original = try packagedTextContents()
        let start = try #require(original.range(of: "In [263]:"))
        let end = try #require(original.range(of: "23.000000000052978\n"))
        let cell = String(original[start.lowerBound..<end.upperBound]).replacingFirst("23.000000000052978", with: "24.0")
        let scratch = try Scratch()
        let file = try scratch.write("failing.txt", original + "\n" + Array(repeating: cell, count: 20).joined(separator: "\n"))
        let outcome = lessons("notebook", file.path)
        #expect(outcome.status == 1)
        let summary = try #require(outcome.out.split(separator: "\n").last)
        #expect(summary.hasSuffix("FAILED: In [263] (derivative: changed values), In [263] (derivative: changed values), In [263] (derivative: changed values), In [263] (derivative: changed values), In [263] (derivative: changed values) and 15 more"), "\(summary)")
        #expect(summary.count < 400)
    }

    /// A path no file can have is a bad argument (64).
    @Test func aPathTooLongIsABadArgument() {
        let outcome = lessons("notebook", "/tmp/" + String(repeating: "n", count: 300) + ".ipynb")
        #expect(outcome.status == 64 && outcome.err.contains("the path is too long to name a file"), "\(outcome.err)")
    }
}
