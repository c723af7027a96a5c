import LessonKit
import Testing

@testable import Notebook

struct TextExportTests {
    @Test func theSeedSplitsIntoCodeOutputsAndNotes() throws {
        let notebook = try Notebook(contentsOf: packagedText)
        let code = notebook.codeCells
        #expect(code[1].source.hasPrefix("# 函数fx在x点上的导数"))
        #expect(code[1].source.hasSuffix("numerical_diff(f, 10)"))
        #expect(code[1].outputs == [.result("23.000000000052978")])
        #expect(code[2].outputs == [.result("array([14.,  6., 10.])")])
        #expect(code[3].outputs == [.result("array([6.72221872e-09, 4.07407195e-09])")])
        #expect(code[0].outputs.isEmpty && code[4].outputs.isEmpty)
        // In [369] runs to the blank lines before In [372]: the class's last method included.
        #expect(code[4].source.hasSuffix("return cross_entropy_error(y, t)"))
        #expect(
            code[5].outputs == [
                .stream("stdout", "[[ 0.79417551  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]\n1.9870735326459652\n")
            ])
        #expect(notebook.cells[0] == Cell(kind: .markdown, source: "## 求导和梯度"))
        #expect(notebook.cells[3].kind == .markdown && notebook.cells[3].source.hasPrefix("标量y对向量求导"))
    }

    @Test func windowsLineEndsReadTheSame() throws {
        let text = try packagedTextContents()
        let crlf = try Notebook(bytes: Array(text.replacing("\n", with: "\r\n").utf8), file: "crlf.txt")
        let lf = try Notebook(bytes: Array(text.utf8), file: "lf.txt")
        #expect(crlf.codeCells.map(\.fingerprint) == lf.codeCells.map(\.fingerprint))
        #expect(crlf.codeCells.map(\.printedText) == lf.codeCells.map(\.printedText))
    }

    @Test func aTracebackIsAnError() throws {
        let text = """
            In [5]:
            numerical_diff(g, 10)

            ---------------------------------------------------------------------------
            NameError                                 Traceback (most recent call last)
            Cell In[5], line 1
            ----> 1 numerical_diff(g, 10)

            NameError: name 'g' is not defined

            Some notes.

            In [ ]:
            x = 1
            """
        let notebook = try Notebook(bytes: Array(text.utf8), file: "error.txt")
        #expect(notebook.codeCells.count == 2)
        #expect(notebook.codeCells[0].error == "NameError: name 'g' is not defined")
        #expect(notebook.codeCells[0].source == "numerical_diff(g, 10)")
        #expect(notebook.codeCells[1].executionCount == nil && notebook.codeCells[1].label == "In [ ]")
        #expect(notebook.cells.contains(Cell(kind: .markdown, source: "Some notes.")))
    }

    @Test func codeWithBlankLinesStaysOneCell() throws {
        let text = "In [1]:\ndef f(x):\n    return x\n\n\ny = f(2)\ny\n\n2\n"
        let cell = try #require(try Notebook(bytes: Array(text.utf8), file: "t.txt").codeCells.first)
        #expect(cell.source == "def f(x):\n    return x\n\n\ny = f(2)\ny")
        #expect(cell.outputs == [.result("2")])
    }
}

extension TextExportTests {
    @Test func jupytersPromptsAreReadToo() throws {
        let text = "In[263]:\nf = lambda x: x ** 2\nf(3)\n\nOut[263]: 9\n\nIn [264]:\ng(2)\n\nOut [264]:\narray([1., 2.])\n"
        let cells = try Notebook(bytes: Array(text.utf8), file: "prompts.txt").codeCells
        #expect(cells.map(\.executionCount) == [263, 264])
        #expect(cells[0].source == "f = lambda x: x ** 2\nf(3)" && cells[0].outputs == [.result("9")])
        #expect(cells[1].outputs == [.result("array([1., 2.])")])
    }
}

extension TextExportTests {
    @Test(arguments: [
        ("The gradient points uphill, so descent steps against it.", true), ("数值微分", true), ("import numpy as np and more", false),
        ("x = x - lr * grad", false), ("numerical_diff(f, 10)", false), ("return grad", false), ("# a comment on the code", false),
    ])
    func proseIsToldFromCode(_ line: String, _ prose: Bool) {
        #expect(TextExport.isProse(line) == prose)
    }

    @Test func anOutputDeletedBeforeEnglishNotesLeavesTheCodeAlone() throws {
        let text = "In [1]:\nf = lambda x: x ** 2\nf(3)\n\nThe slope of this function doubles with x.\n\nIn [2]:\nx = 1\n"
        let cells = try Notebook(bytes: Array(text.utf8), file: "notes.txt").cells
        #expect(cells[0].source == "f = lambda x: x ** 2\nf(3)" && cells[0].outputs.isEmpty)
        #expect(cells[1] == Cell(kind: .markdown, source: "The slope of this function doubles with x."))
    }
}
