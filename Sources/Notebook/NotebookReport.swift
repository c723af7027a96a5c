import Harness
import LessonKit

extension NotebookReport {
    /// The report for people: a table of code cells (cell, lesson, verdict,
    /// fingerprint, what was compared), each note and mismatch below its
    /// row, then a summary line.
    public var text: String {
        let header = ["cell", "lesson", "verdict", "fingerprint", "compared"]
        let table: [[String]] = cells.map { row in
            let checked = row.outputs.filter { $0.status == .match }.map { "\($0.name) \($0.tolerance?.summary ?? "")" }
            return [
                row.cell, row.lesson ?? "-", row.verdict.fails ? row.verdict.rawValue.uppercased() : row.verdict.rawValue,
                row.fingerprint ?? "-", checked.joined(separator: "; "),
            ]
        }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        func line(_ items: [String]) -> String {
            let padded = zip(items, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
            return "  " + String(padded.reversed().drop(while: { $0 == " " }).reversed())
        }
        let codeCells = cells.filter { $0.position != nil }.count
        var lines = ["\(file.excerpt(limit: .max))  (\(format.rawValue), \(codeCells) code cell\(codeCells == 1 ? "" : "s"))", line(header)]
        for (row, items) in zip(cells, table) {
            lines.append(line(items))
            for note in row.notes { lines.append("        \(note)") }
            for output in row.outputs where output.status != .match { lines += describe(output).map { "        " + $0 } }
        }
        for (lesson, cells) in coveringNoCell { lines.append("  \(lesson) covers no notebook cell (it is built from \(cells))") }
        // Cells by verdict: "2 agrees, 1 with changed values" (a cell, however many values changed).
        let shown = Verdict.allCases.filter { count($0) > 0 }.map { "\(count($0)) \($0 == .changed ? "with " : "")\($0.rawValue)" }
        lines.append(shown.joined(separator: ", ") + (passed ? " — OK: every covered cell agrees" : " — FAILED: " + failingSummary))
        return lines.joined(separator: "\n")
    }

    /// The failing rows for the summary line: the first five named, the
    /// rest counted, so that a notebook of thousands of failing cells still
    /// ends in one short line (the table above names each).
    public var failingSummary: String {
        let all = failing
        let shown = all.prefix(Self.failingNamed).joined(separator: ", ")
        return all.count > Self.failingNamed ? shown + " and \(all.count - Self.failingNamed) more" : shown
    }

    static let failingNamed = 5

    /// The failing rows, named: `In [263] (derivative: changed values)`.
    public var failing: [String] {
        cells.filter(\.verdict.fails).map { row in
            let name = row.position == nil ? "the lesson's In [\(row.declaredCell ?? 0)]" : row.cell
            return "\(name) (\(row.lesson ?? "-"): \(row.verdict.rawValue))"
        }
    }

    private func describe(_ output: OutputComparison) -> [String] {
        func repr(_ x: Double) -> String { NumPyFormat.pythonRepr(x) }
        switch output.status {
        case .match: return []
        case .wrongShape:
            return ["\(output.name): printed with shape \(output.expectedShape ?? []), the lesson gives \(output.actualShape ?? [])"]
        case .mismatch:
            var lines = [
                "\(output.name): \(output.differing) of \(output.elements) printed values differ from the lesson's "
                    + "(\(output.tolerance?.summary ?? "-")):"
            ]
            for row in output.rows {
                let index = row.index.isEmpty ? "" : "[" + row.index.map(String.init).joined(separator: ", ") + "] "
                lines.append("  \(index)printed \(repr(row.expected)), the lesson gives \(repr(row.actual))")
            }
            if output.differing > output.rows.count { lines.append("  … and \(output.differing - output.rows.count) more") }
            return lines
        case .missing, .unchecked: return ["\(output.name): \(output.status.rawValue)"]
        }
    }

    /// The same report for machines.
    public var json: JSON {
        .object([
            ("file", .string(file)), ("format", .string(format.rawValue)), ("passed", .bool(passed)),
            ("counts", .object(Verdict.allCases.map { ($0.rawValue, .integer(Int64(count($0)))) })),
            ("covering_no_cell", .array(coveringNoCell.map { .object([("lesson", .string($0.lesson)), ("cells", .string($0.cells))]) })),
            (
                "cells",
                .array(
                    cells.map { row in
                        .object([
                            ("cell", .string(row.cell)), ("position", row.position.map { .integer(Int64($0)) } ?? .null),
                            ("fingerprint", row.fingerprint.map { .string($0) } ?? .null),
                            ("lesson", row.lesson.map { .string($0) } ?? .null),
                            ("lesson_cell", row.declaredCell.map { .integer(Int64($0)) } ?? .null),
                            ("verdict", .string(row.verdict.rawValue)),
                            ("fails", .bool(row.verdict.fails)), ("notes", .array(row.notes.map { .string($0) })),
                            (
                                "outputs",
                                .array(
                                    row.outputs.map { output in
                                        .object([
                                            ("name", .string(output.name)), ("status", .string(output.status.rawValue)),
                                            ("tolerance", .string(output.tolerance?.summary ?? "-")),
                                            ("elements", .integer(Int64(output.elements))),
                                            ("differing", .integer(Int64(output.differing))),
                                            ("max_ulps", .integer(Int64(clamping: output.maxUlps))),
                                            (
                                                "rows",
                                                .array(
                                                    output.rows.map { r in
                                                        .object([
                                                            ("index", .array(r.index.map { .integer(Int64($0)) })),
                                                            ("printed", .double(r.expected)),
                                                            ("lesson", .double(r.actual)),
                                                        ])
                                                    })
                                            ),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }
}
