import Foundation
import LessonCatalog
import LessonKit
import Notebook
import Testing

/// The verdicts, on notebooks built from the packaged one: each edit is
/// made to the text export and to the `.ipynb`, and must give the same verdict.
struct NotebookCheckTests {
    let lessons = LessonCatalog.registry.lessons

    @Test func bothPackagedFormsPass() throws {
        for (name, notebook) in try packagedNotebooks() {
            let report = notebook.check(lessons, file: name)
            #expect(report.passed, "\(name)\n\(report.text)")
            #expect(report.cells.map(\.cell) == ["In [262]", "In [263]", "In [264]", "In [265]", "In [369]", "In [372]"])
            #expect(report.cells.map(\.verdict) == [.uncovered, .agrees, .agrees, .agrees, .printsNothing, .notReproducible])
            #expect(report.cells.map(\.lesson) == [nil, "derivative", "gradient", "descent", "simplenet", "simplenet"])
            // In [372]'s consistency check ran on the printed w and loss.
            #expect(row(report, "In [372]")?.notes.contains { $0.contains("so the printed loss is one this network gives") } == true)
        }
    }

    /// An edit, made to both forms: to the text export's text, and to the notebook read from the `.ipynb`.
    struct Edit: Sendable, CustomStringConvertible {
        let description: String
        let text: @Sendable (String) -> String
        let cells: @Sendable (inout [Cell]) -> Void
        let cell: String
        let verdict: Verdict

        /// The same replacement in the export and in the `.ipynb`'s source or output strings.
        init(_ description: String, replacing old: String, with new: String, cell: String, verdict: Verdict) {
            self.description = description
            self.text = { $0.replacingFirst(old, with: new) }
            self.cells = { cells in
                for i in cells.indices {
                    if cells[i].source.contains(old) {
                        cells[i].source = cells[i].source.replacingFirst(old, with: new)
                        return
                    }
                    for j in cells[i].outputs.indices {
                        switch cells[i].outputs[j] {
                        case .result(let t) where t.contains(old): cells[i].outputs[j] = .result(t.replacingFirst(old, with: new))
                        case .stream(let s, let t) where t.contains(old): cells[i].outputs[j] = .stream(s, t.replacingFirst(old, with: new))
                        default: continue
                        }
                        return
                    }
                }
            }
            self.cell = cell
            self.verdict = verdict
        }

        init(
            _ description: String, text: @escaping @Sendable (String) -> String, cells: @escaping @Sendable (inout [Cell]) -> Void,
            cell: String, verdict: Verdict
        ) {
            self.description = description
            self.text = text
            self.cells = cells
            self.cell = cell
            self.verdict = verdict
        }
    }

    static let edits: [Edit] = [
        Edit("one digit of a repr", replacing: "23.000000000052978", with: "23.000000000052979", cell: "In [263]", verdict: .changed),
        Edit(
            "one digit of an array", replacing: "array([14.,  6., 10.])", with: "array([14.,  7., 10.])", cell: "In [264]",
            verdict: .changed),
        Edit(
            "the last digit of a scientific array", replacing: "6.72221872e-09", with: "6.72221873e-09", cell: "In [265]", verdict: .changed
        ),
        Edit("h = 1e-5 in the derivative", replacing: "delta_x = 1e-4 ", with: "delta_x = 1e-5 ", cell: "In [263]", verdict: .edited),
        Edit("lr = 0.2 in the descent", replacing: "lr=0.1)", with: "lr=0.2)", cell: "In [265]", verdict: .edited),
        Edit("a comment changed", replacing: "# 测试梯度函数", with: "# test it", cell: "In [264]", verdict: .edited),
        Edit("a loss no x can give", replacing: "1.9870735326459652", with: "25.0", cell: "In [372]", verdict: .inconsistent),
        Edit(
            "w printed 3x2", replacing: "[[ 0.79417551  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]",
            with: "[[ 0.79417551  1.69591862]\n [-0.02072039  0.82302452]\n [ 0.50197766  1.4669881 ]]", cell: "In [372]",
            verdict: .inconsistent),
        Edit(
            "w with a row cut short", replacing: "-0.02072039]\n [", with: "]\n [-0.02072039 ", cell: "In [372]", verdict: .changed),
        Edit(
            "the derivative's output deleted", text: { $0.replacingFirst("23.000000000052978\n", with: "") },
            cells: { $0[2].outputs = [] }, cell: "In [263]", verdict: .noOutput),
        Edit(
            "In [372] cleared", text: { $0.replacingFirst("\n[[ 0.79417551", with: "\nXX").components(separatedBy: "\nXX")[0] + "\n" },
            cells: { $0[$0.count - 1].outputs = [] }, cell: "In [372]", verdict: .noOutput),
        Edit(
            "the gradient raised",
            text: {
                $0.replacingFirst("array([14.,  6., 10.])", with: "Traceback (most recent call last):\nNameError: name 'np' is not defined")
            },
            cells: { $0[4].outputs = [.error("NameError", "name 'np' is not defined")] }, cell: "In [264]", verdict: .errored),
        Edit(
            "two values printed where one is expected", replacing: "23.000000000052978", with: "23.000000000052978\n1.0", cell: "In [263]",
            verdict: .changed),
    ]

    @Test(arguments: edits)
    func anEditFailsAndNamesTheCell(_ edit: Edit) throws {
        var forms: [(String, Notebook)] = []
        forms.append(("edited.txt", try Notebook(bytes: Array(edit.text(try packagedTextContents()).utf8), file: "edited.txt")))
        var ipynb = try Notebook(contentsOf: packagedIpynb)
        edit.cells(&ipynb.cells)
        forms.append(("edited.ipynb", try Notebook(bytes: Array(ipynb.ipynb.utf8), file: "edited.ipynb")))
        // In [372]'s consistency check is the slow part: only its edits need SimpleNet.
        let checked = edit.cell == "In [372]" ? lessons : lessons.filter { $0.id != "simplenet" }
        for (name, notebook) in forms {
            let report = notebook.check(checked, file: name)
            #expect(!report.passed, "\(name)")
            #expect(row(report, edit.cell)?.verdict == edit.verdict, "\(name)\n\(report.text)")
            // Every other covered cell still agrees: the verdict is the edited cell's alone.
            #expect(report.cells.filter(\.verdict.fails).map(\.cell) == [edit.cell], "\(name)\n\(report.text)")
            #expect(report.text.contains("FAILED: \(edit.cell) ("), "\(name)")
        }
    }

    @Test func aChangedValueShowsWhatWasPrintedAndWhatTheLessonGives() throws {
        let text = try packagedTextContents().replacingFirst("array([14.,  6., 10.])", with: "array([14.,  6., 10.5])")
        let report = try Notebook(bytes: Array(text.utf8), file: "e.txt").check(lessons, file: "e.txt")
        let comparison = try #require(row(report, "In [264]")?.outputs.first)
        #expect(comparison.differing == 1 && comparison.rows.first?.index == [2])
        #expect(comparison.rows.first?.expected == 10.5 && comparison.rows.first?.actual == 9.999999999976694)
        #expect(report.text.contains("[2] printed 10.5, the lesson gives 9.999999999976694"))
    }

    @Test func aReExecutedNotebookIsMatchedBySource() throws {
        // Run from the top: counts 1 … 6, the same values, and In [372] drawn afresh.
        var notebook = try Notebook(contentsOf: packagedIpynb)
        var count = 0
        for i in notebook.cells.indices where notebook.cells[i].kind == .code {
            count += 1
            notebook.cells[i].executionCount = count
        }
        // NumPy's print after np.random.seed(5): w, then the loss for the x drawn next.
        let printed = "[[ 0.44122749 -0.33087015  2.43077119]\n [-0.25209213  0.10960984  1.58248112]]\n3.510673013610466\n"
        notebook.cells[notebook.cells.count - 1].outputs = [.stream("stdout", printed)]
        let report = notebook.check(lessons, file: "rerun.ipynb")
        #expect(report.passed, "\(report.text)")
        #expect(report.cells.map(\.cell) == (1...6).map { "In [\($0)]" })
        #expect(report.cells.map(\.verdict) == [.uncovered, .agrees, .agrees, .agrees, .printsNothing, .notReproducible])
        #expect(row(report, "In [2]")?.notes == ["the lesson's In [263], found by its source (run here as In [2])"])
        #expect(
            row(report, "In [6]")?.notes.contains { $0.hasPrefix("w, loss differ from what the notebook the lessons were built from") }
                == true)
    }

    @Test func aMissingCellIsAbsentAndAnExtraOneUncovered() throws {
        var notebook = try Notebook(contentsOf: packagedIpynb)
        notebook.cells.removeAll { $0.executionCount == 264 }
        notebook.cells.append(Cell(kind: .code, executionCount: 400, source: "print(1)", outputs: [.stream("stdout", "1\n")]))
        let report = notebook.check(lessons, file: "short.ipynb")
        #expect(!report.passed)
        #expect(row(report, "In [400]")?.verdict == .uncovered)
        let absent = try #require(report.cells.first { $0.verdict == .absent })
        #expect(absent.lesson == "gradient" && absent.declaredCell == 264)
        #expect(report.failing == ["the lesson's In [264] (gradient: absent)"])
    }

    @Test func onlyTheNamedLessonsAreLookedFor() throws {
        var notebook = try Notebook(contentsOf: packagedIpynb)
        notebook.cells.removeAll { $0.executionCount == 264 }
        let report = notebook.check(try LessonCatalog.registry.lessons(["derivative"]), file: "short.ipynb")
        #expect(report.passed)
        #expect(report.cells.filter { $0.lesson != nil }.map(\.cell) == ["In [263]"])
    }

    @Test func aMappedCellIsComparedWhateverItsSource() throws {
        // A learner's own cell: other code, other count, the same value.
        let own = Notebook(
            format: .ipynb,
            cells: [
                Cell(
                    kind: .code, executionCount: 5, source: "h = 1e-4\n(f(10 + h) - f(10 - h)) / (2 * h)",
                    outputs: [.result("23.000000000052978")]),
                Cell(kind: .code, executionCount: 6, source: "(f(10 + h) - f(10)) / h", outputs: [.result("23.00009999998")]),
            ])
        let derivative = try LessonCatalog.registry.lessons(["derivative"])
        let unmapped = own.check(derivative, file: "own.ipynb")
        #expect(unmapped.cells.map(\.verdict) == [.uncovered, .uncovered, .absent])
        let mapped = own.check(derivative, file: "own.ipynb", map: [5: 263])
        #expect(mapped.passed, "\(mapped.text)")
        #expect(row(mapped, "In [5]")?.verdict == .agrees)
        #expect(row(mapped, "In [5]")?.notes.first?.contains("by --map; its source differs") == true)
        let wrong = own.check(derivative, file: "own.ipynb", map: [6: 263])
        #expect(row(wrong, "In [6]")?.verdict == .changed)
    }

    /// Each In [372] is checked by searching for an x that gives its loss
    /// (about 10 ms); a notebook of thousands of copies, within the cell
    /// limit, is judged once per distinct output, not once per copy (9 000
    /// copies took 100 s before; the minute's limit is far from either).
    @Test(.timeLimit(.minutes(1)))
    func thousandsOfCopiesOfACellAreJudgedOnce() throws {
        var notebook = try Notebook(contentsOf: packagedIpynb)
        let copy = try #require(notebook.cells.last { $0.executionCount == 372 })
        notebook.cells += Array(repeating: copy, count: 9_000)
        let report = notebook.check(lessons, file: "copies.ipynb")
        let rows = report.cells.filter { $0.cell == "In [372]" }
        #expect(rows.count == 9_001)
        #expect(rows.allSatisfy { $0.verdict == .notReproducible && $0.notes == rows[0].notes })
        #expect(report.passed)
    }

    /// What a notebook says goes into the report escaped: an error's name
    /// and message or an output with terminal escapes cannot set the
    /// terminal's title or clear its screen.
    @Test func controlCharactersFromTheNotebookAreEscaped() throws {
        var notebook = try Notebook(contentsOf: packagedIpynb)
        notebook.cells[2].outputs = [.error("X\u{1b}]0;pwned\u{7}", "y\u{1b}[2J\u{0}z")]
        notebook.cells[4].outputs = [.result("array([14.,\u{1b}[31m  6., 10.])")]
        let report = notebook.check(lessons.filter { $0.id != "simplenet" }, file: "escapes.ipynb")
        let text = report.text
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(text.contains("raised X\\u{1b}]0;pwned\\u{7}: y\\u{1b}[2J\\u{0}z"), "\(text)")
        #expect(text.contains("\"array([14.,\\u{1b}[31m  6., 10.])\""), "\(text)")
    }

    /// With no cell found by count or source, nothing anchors a place: a
    /// notebook of one's own code is uncovered, however few its cells,
    /// and no lesson is blamed for a cell it never saw.
    @Test func ownCodeWithNothingFoundIsUncoveredNotEdited() throws {
        let own = Notebook(
            format: .text,
            cells: [
                Cell(
                    kind: .code, executionCount: 5, source: "def d(f, x, h=1e-4):\n    return (f(x + h) - f(x - h)) / (2 * h)",
                    outputs: [.result("23.000000000052978")]),
                Cell(kind: .code, executionCount: 7, source: "print(\"hello\")", outputs: [.stream("stdout", "hello\n")]),
            ])
        let report = own.check(lessons, file: "mine.txt")
        #expect(row(report, "In [5]")?.verdict == .uncovered, "\(report.text)")
        #expect(row(report, "In [7]")?.verdict == .uncovered, "\(report.text)")
        #expect(report.cells.filter { $0.verdict == .absent }.count == 5, "\(report.text)")
        #expect(!report.text.contains("in the place of"))
    }
}

extension NotebookCheckTests {
    @Test func aCellEditedAndReRunIsFoundInItsPlace() throws {
        var notebook = try Notebook(contentsOf: packagedIpynb)
        var count = 0
        for i in notebook.cells.indices where notebook.cells[i].kind == .code {
            count += 1
            notebook.cells[i].executionCount = count
        }
        // h = 1e-5, run again: Python prints 23.000000000195083.
        notebook.cells[2].source = notebook.cells[2].source.replacingFirst("delta_x = 1e-4 ", with: "delta_x = 1e-5 ")
        notebook.cells[2].outputs = [.result("23.000000000195083")]
        let report = notebook.check(lessons.filter { $0.id != "simplenet" }, file: "rerun.ipynb")
        #expect(!report.passed)
        #expect(row(report, "In [1]")?.verdict == .uncovered)
        #expect(row(report, "In [2]")?.verdict == .edited, "\(report.text)")
        #expect(row(report, "In [2]")?.notes.first?.hasPrefix("in the place of the lesson's In [263]") == true)
        #expect(report.failing == ["In [2] (derivative: edited)"])
    }
}
