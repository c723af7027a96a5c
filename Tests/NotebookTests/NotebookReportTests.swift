import Foundation
import LessonCatalog
import LessonKit
import Notebook
import Testing

struct NotebookReportTests {
    @Test func theTableHasARowPerCellAndASummary() throws {
        let report = try Notebook(contentsOf: packagedText).check(LessonCatalog.registry.lessons, file: "chapter4.txt")
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "chapter4.txt  (text export, 6 code cells)")
        let one = Notebook(format: .text, cells: [Cell(kind: .code, executionCount: 1, source: "1", outputs: [])])
        #expect(one.check([], file: "one.txt").text.hasPrefix("one.txt  (text export, 1 code cell)\n"))
        #expect(lines[1].hasPrefix("  cell      lesson      verdict           fingerprint       compared"))
        #expect(lines.contains("  In [263]  derivative  agrees            ba80401898db1b84  derivative as printed (repr: exact)"))
        #expect(lines.contains("  In [264]  gradient    agrees            7065ee1f1c204bfb  gradient as printed (positional, 8 digits)"))
        #expect(lines.contains("  In [265]  descent     agrees            ae218981d0f98c54  x as printed (scientific, 8 digits)"))
        #expect(lines.contains { $0.hasPrefix("  In [372]  simplenet   not reproducible  c76690fcf439484f") })
        #expect(lines.last == "3 agrees, 1 prints nothing, 1 not reproducible, 1 uncovered — OK: every covered cell agrees")
    }

    @Test func aFailingCellIsInCapitalsAndNamedInTheSummary() throws {
        let text = try packagedTextContents().replacingFirst("delta_x = 1e-4 ", with: "delta_x = 1e-5 ")
        let report = try Notebook(bytes: Array(text.utf8), file: "h.txt").check(LessonCatalog.registry.lessons, file: "h.txt")
        #expect(report.text.contains("  In [263]  derivative  EDITED "))
        #expect(report.text.contains("the lesson's ba80401898db1b84); values not compared"))
        #expect(report.text.hasSuffix("— FAILED: In [263] (derivative: edited)"))
    }

    @Test func theJSONReportCarriesEachVerdict() throws {
        let text = try packagedTextContents().replacingFirst("23.000000000052978", with: "23.000000000053978")
        let report = try Notebook(bytes: Array(text.utf8), file: "d.txt").check(LessonCatalog.registry.lessons, file: "d.txt")
        let json = try JSON(parsing: report.json.serialized())
        #expect(json["passed"] == .bool(false))
        // The summary counts cells: one cell, however many of its values changed.
        #expect(report.text.hasSuffix("\n2 agrees, 1 prints nothing, 1 with changed values, 1 not reproducible, 1 uncovered — FAILED: In [263] (derivative: changed values)"))
        #expect(json["counts"]?["changed values"] == .integer(1))
        let cells = try #require(json["cells"]?.arrayValue)
        let derivative = try #require(cells.first { $0["cell"] == .string("In [263]") })
        #expect(derivative["verdict"] == .string("changed values"))
        #expect(derivative["fingerprint"] == .string("ba80401898db1b84"))
        let rows = try #require(derivative["outputs"]?.arrayValue?.first?["rows"]?.arrayValue)
        #expect(rows.first?["printed"] == .number(23.000000000053978))
        #expect(rows.first?["lesson"] == .number(23.000000000052978))
    }
}
