import LessonKit

extension VerifyReport {
    /// The report for people: one line per case, and for each output that
    /// differs the counts, the largest errors and a capped table, then the
    /// fixture and the command that regenerates it.
    public var text: String {
        var lines: [String] = []
        for lesson in lessons {
            lines.append("\(lesson.lesson)  \(lesson.fixture)  \(lesson.status.rawValue.uppercased())")
            if let error = lesson.error { lines.append("  \(error)") }
            for c in lesson.cases {
                let label: String
                switch c.status {
                case .passed: label = "pass"
                case .failed: label = "FAIL"
                case .notReproducible: label = "NOT REPRODUCIBLE"
                }
                let checked = c.outputs.filter { $0.status == .match }.map { "\($0.name) \($0.tolerance?.summary ?? "shape")" }
                lines.append(
                    "  \(label)  [\(c.kind.rawValue)] \(c.name)" + (checked.isEmpty ? "" : " — \(checked.joined(separator: "; "))"))
                for note in c.notes { lines.append("        \(note)") }
                for output in c.outputs where output.status != .match { lines += describe(output).map { "        " + $0 } }
                if c.status == .failed {
                    if let command = c.commandLine { lines.append("        reproduce: \(command)") }
                    if c.disagreesWithDeclaration {
                        lines.append(
                            "        fixture: \(lesson.fixture) disagrees with the lesson's declaration; "
                                + "rewrite it from the declaration: \(Tool.name) record \(lesson.lesson)\(lesson.fixturesOption) --mode failed")
                    } else if c.kind == .recorded {
                        lines.append(
                            "        fixture: \(lesson.fixture); after an intended change: \(Tool.name) record \(lesson.lesson)\(lesson.fixturesOption) --mode failed")
                    } else if c.kind == .book {
                        lines.append("        the book's printed values are in no fixture: the lesson must change back")
                    } else {
                        lines.append(
                            "        fixture: \(lesson.fixture); notebook values are never re-recorded: the lesson must change back")
                    }
                }
            }
        }
        for file in unowned { lines.append("\(file)  FAIL  no lesson owns this fixture (remove it, or register its lesson)") }
        for file in staleTemporaryFiles {
            lines.append("\(file)  stale temporary file of an interrupted write (the next `\(Tool.name) record` removes it)")
        }
        let lessonsFailed = lessons.filter { $0.status != .passed }.map(\.lesson)
        var summary = "\(count(.passed)) case\(count(.passed) == 1 ? "" : "s") passed, \(count(.failed)) failed, \(count(.notReproducible)) not reproducible"
        if !lessonsFailed.isEmpty { summary += "; failing: \(lessonsFailed.joined(separator: ", "))" }
        if !unowned.isEmpty { summary += "; \(unowned.count) unowned fixture\(unowned.count == 1 ? "" : "s")" }
        if !staleTemporaryFiles.isEmpty {
            summary += "; \(staleTemporaryFiles.count) stale temporary file\(staleTemporaryFiles.count == 1 ? "" : "s")"
        }
        if !countsByKind.isEmpty { summary += " (\(countsByKind))" }
        lines.append(summary + (passed ? " — OK" : " — FAILED"))
        // Paths, errors and advice quote names from the disk: each line with
        // its control characters escaped (none is cut), so a name cannot
        // break a line or send the terminal an escape sequence.
        return lines.map { $0.excerpt(limit: .max) }.joined(separator: "\n")
    }

    private func describe(_ output: OutputComparison) -> [String] {
        func shape(_ s: [Int]?) -> String {
            guard let s else { return "-" }
            return s.count == 1 ? "(\(s[0]),)" : "(" + s.map(String.init).joined(separator: ", ") + ")"
        }
        switch output.status {
        case .match: return []
        case .missing: return ["\(output.name): expected by the fixture, but the lesson has no such output"]
        case .unchecked: return ["\(output.name): produced by the lesson but not checked by this case (record it)"]
        case .wrongShape: return ["\(output.name): shape \(shape(output.actualShape)), expected \(shape(output.expectedShape))"]
        case .mismatch:
            var lines = [
                "\(output.name): \(output.differing) of \(output.elements) elements differ (tolerance: \(output.tolerance?.summary ?? "-")); "
                    + "max abs error \(repr(output.maxAbsoluteError)), max rel error \(repr(output.maxRelativeError)), max \(output.maxUlps) ulps"
            ]
            let table =
                [["index", "expected", "actual", "difference", "ulps"]]
                + output.rows.map { row in
                    [
                        "[" + row.index.map(String.init).joined(separator: ", ") + "]", repr(row.expected), repr(row.actual),
                        repr(row.difference),
                        row.ulps.map(String.init) ?? "-",
                    ]
                }
            let widths = (0..<5).map { column in table.map { $0[column].count }.max()! }
            for row in table {
                let padded = zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                lines.append("  " + String(padded.reversed().drop(while: { $0 == " " }).reversed()))
            }
            if output.differing > output.rows.count { lines.append("  … and \(output.differing - output.rows.count) more") }
            return lines
        }
    }

    private func repr(_ x: Double) -> String { NumPyFormat.pythonRepr(x) }

    /// The same report for machines.
    public var json: JSON {
        .object([
            ("passed", .bool(passed)),
            (
                "counts",
                .object([
                    ("passed", .integer(Int64(count(.passed)))), ("failed", .integer(Int64(count(.failed)))),
                    ("not_reproducible", .integer(Int64(count(.notReproducible)))),
                ])
            ),
            ("by_kind", countsByKindJSON), ("lessons", .array(lessons.map(\.json))),
            ("unowned", .array(unowned.map { .string($0) })),
            ("stale_temporary_files", .array(staleTemporaryFiles.map { .string($0) })),
        ])
    }
}

extension LessonReport {
    var json: JSON {
        .object([
            ("lesson", .string(lesson)), ("fixture", .string(fixture)), ("status", .string(status.rawValue)),
            ("error", error.map { .string($0) } ?? .null), ("cases", .array(cases.map(\.json))),
        ])
    }
}

extension CaseReport {
    var json: JSON {
        .object([
            ("name", .string(name)), ("kind", .string(kind.rawValue)), ("status", .string(status.rawValue)),
            ("notes", .array(notes.map { .string($0) })), ("command", commandLine.map { .string($0) } ?? .null),
            ("disagrees_with_declaration", .bool(disagreesWithDeclaration)),
            ("outputs", .array(outputs.map(\.json))),
        ])
    }
}

extension OutputComparison {
    var json: JSON {
        func shape(_ s: [Int]?) -> JSON { s.map { .array($0.map { .integer(Int64($0)) }) } ?? .null }
        return .object([
            ("name", .string(name)), ("status", .string(status.rawValue)),
            ("tolerance", tolerance?.json ?? .null),
            ("expected_shape", shape(expectedShape)), ("actual_shape", shape(actualShape)),
            ("elements", .integer(Int64(elements))), ("differing", .integer(Int64(differing))),
            ("max_abs_error", .double(maxAbsoluteError)), ("max_rel_error", .double(maxRelativeError)),
            ("max_ulps", .integer(Int64(clamping: maxUlps))),
            (
                "rows",
                .array(
                    rows.map { row in
                        .object([
                            ("index", .array(row.index.map { .integer(Int64($0)) })), ("expected", .double(row.expected)),
                            ("actual", .double(row.actual)), ("difference", .double(row.difference)),
                            ("ulps", row.ulps.map { .integer(Int64(clamping: $0)) } ?? .null),
                        ])
                    })
            ),
        ])
    }
}
