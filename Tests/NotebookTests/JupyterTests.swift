import Foundation
import LessonKit
import Notebook
import Testing

struct JupyterTests {
    @Test func everyKindOfOutputSurvivesAWriteAndARead() throws {
        let notebook = Notebook(
            format: .ipynb,
            cells: [
                Cell(kind: .markdown, source: "# Notes\n\nline two"),
                Cell(kind: .code, executionCount: 1, source: "x = 1\ny = 2\n", outputs: [.result("3"), .display("shown")]),
                Cell(kind: .code, executionCount: nil, source: "print(x)"),
                Cell(
                    kind: .code, executionCount: 7, source: "print(x)\nz",
                    outputs: [.stream("stdout", "1\n"), .stream("stderr", "warning\n")]),
                Cell(kind: .code, executionCount: 8, source: "1/0", outputs: [.error("ZeroDivisionError", "division by zero")]),
                Cell(kind: .raw, source: "raw text"),
            ])
        let read = try Notebook(bytes: Array(notebook.ipynb.utf8), file: "round.ipynb")
        #expect(read == notebook)
        #expect(read.cells[3].printedText == "1")
        #expect(read.cells[4].error == "ZeroDivisionError: division by zero")
    }

    @Test func sourcesMayBeOneStringOrAListOfLines() throws {
        let json = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "code", "id": "a", "execution_count": 3, "metadata": {}, "source": "a = 1\\nb = 2",
               "outputs": [{"output_type": "execute_result", "execution_count": 3, "metadata": {},
                            "data": {"text/plain": "array([1., 2.])", "text/html": ["<b>1</b>"]}},
                           {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR"}}]},
              {"cell_type": "code", "id": "b", "execution_count": 4, "metadata": {}, "source": ["c = 3\\n", "d = 4"], "outputs": []}]}
            """
        let notebook = try Notebook(bytes: Array(json.utf8), file: "forms.ipynb")
        #expect(notebook.codeCells.map(\.source) == ["a = 1\nb = 2", "c = 3\nd = 4"])
        // An image has no text to compare and is left out.
        #expect(notebook.codeCells[0].outputs == [.result("array([1., 2.])")])
    }

    @Test(arguments: [
        ("{\"nbformat\": 4, \"cells\": {}}", "no \"cells\" array"),
        (
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"execution_count\": 1}]}",
            "needs an \"outputs\" array"
        ),
        ("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"graph\", \"source\": \"\"}]}", "unknown cell_type \"graph\""),
        (
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"execution_count\": -1, \"outputs\": []}]}",
            "\"execution_count\" must be"
        ),
        (
            "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"execution_count\": 1, \"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdin\", \"text\": \"\"}]}]}",
            "output 1: a stream needs"
        ),
        ("{\"nbformat\": 4, \"cells\": [1]}", "cell 1: not an object"),
        ("{\"nbformat\": 4, \"cells\": []} trailing", "unexpected text after"),
        ("{\"nbformat\": 4, \"cells\": [\"\\q\"]}", "invalid escape"),
    ])
    func aStructureThatIsNotANotebookIsNamed(_ json: String, _ says: String) {
        do {
            _ = try Notebook(bytes: Array(json.utf8), file: "bad.ipynb")
            Issue.record("read \(json)")
        } catch {
            #expect(error.description.contains(says), "\(error)")
            #expect(error.isDamage)
        }
    }
}

extension JupyterTests {
    @Test func streamPiecesRunOnAsJupyterShowsThem() {
        let cell = Cell(
            kind: .code, executionCount: 1, source: "print(w)\nprint(d)\nd",
            outputs: [
                .stream("stdout", "[[ 0.79417551"), .stream("stdout", "  1.69591862]]\n1.98"), .stream("stderr", "warn\n"),
                .stream("stdout", "7\n"), .result("1.987"),
            ])
        #expect(cell.printedText == "[[ 0.79417551  1.69591862]]\n1.987\n1.987")
    }
}
