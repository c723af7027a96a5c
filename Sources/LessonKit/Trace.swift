/// The steps behind a run's result, as `lessons run ID --trace` prints them:
/// a table of text with a title per column, and a line under it.
///
/// A lesson builds one in ``Lesson/trace(_:)`` from its finished run, with
/// numbers written as ``NumPyFormat/pythonRepr(_:)`` writes them, so every
/// cell reads back to the double that was computed.
public struct Trace: Sendable, Equatable {
    /// The column titles, e.g. `["step", "x", "f(x)"]`.
    public var columns: [String]
    /// One array of cells per row; a row of a single `…` marks rows left out.
    public var rows: [[String]]
    /// A line under the table, e.g. which rows were left out and why.
    public var note: String?

    public init(columns: [String], rows: [[String]], note: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.note = note
    }

    /// The row that stands for rows left out of a long trace.
    public static let gap = ["…"]

    /// The table as aligned text: two spaces between columns, a rule under
    /// the titles; columns of numbers (or of bracketed lists of them) are
    /// right-aligned, so that digits line up, and columns of words left-aligned.
    public var text: String { lines(columns.indices.map { $0 }).joined(separator: "\n") + (note.map { "\n" + $0 } ?? "") }

    /// ``text`` within `width` columns: a table wider than that folds into
    /// several, each with the first column (the row's key, e.g. the step)
    /// and as many of the others as fit, one after another; the note wraps.
    public func text(width: Int) -> String {
        let widths = columnWidths
        var groups: [[Int]] = []
        var group = [0]
        var used = widths.first ?? 0
        for column in columns.indices.dropFirst() {
            if group.count > 1, used + 2 + widths[column] > width {
                groups.append(group)
                group = [0]
                used = widths[0]
            }
            group.append(column)
            used += 2 + widths[column]
        }
        groups.append(group)
        let tables = groups.map { lines($0).joined(separator: "\n") }.joined(separator: "\n\n")
        return tables + (note.map { "\n" + TerminalText.wrapped($0, width: width) } ?? "")
    }

    /// Each column's width: its widest cell or title.
    private var columnWidths: [Int] {
        let full = rows.filter { $0.count == columns.count }
        return columns.indices.map { column in ([columns[column]] + full.map { $0[column] }).map(TerminalText.columns).max() ?? 0 }
    }

    /// The table of the columns `chosen`, as lines: titles, rule, rows (a
    /// gap row, which has one cell, as it is).
    private func lines(_ chosen: [Int]) -> [String] {
        let full = rows.filter { $0.count == columns.count }
        let widths = columnWidths
        let numeric = columns.indices.map { column in
            full.allSatisfy { row in
                let cell = row[column]
                return cell.isEmpty || cell.hasPrefix("[") || cell.hasPrefix("(") || Double(cell) != nil
                    || ["nan", "inf", "-inf"].contains(cell)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = chosen.map { column in
                let cell = cells[column]
                let pad = String(repeating: " ", count: max(0, widths[column] - TerminalText.columns(cell)))
                return numeric[column] ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var lines = [line(columns), chosen.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  ")]
        for row in rows { lines.append(row.count == columns.count ? line(row) : row.joined(separator: "  ")) }
        return lines
    }

    /// The table with at most `limit` rows: the first and last `ends`, and a
    /// gap row between, the note saying how many rows there are and that
    /// `--trace` shows every one.
    public func shortened(limit: Int = 20, ends: Int = 8, language: Narration.Language = .english) -> Trace {
        guard rows.count > limit else { return self }
        let kept = Array(rows.prefix(ends)) + [Self.gap] + Array(rows.suffix(ends))
        let note =
            language == .chinese
            ? "共 \(rows.count) 行，这里显示 \(2 * ends) 行；--trace 显示全部" : "\(2 * ends) of \(rows.count) rows; --trace shows every one"
        return Trace(columns: columns, rows: kept, note: note)
    }

    /// The table with its column titles and note passed through `transform`
    /// (e.g. into Chinese, by a lesson's glossary); the cells are values.
    public func mappingText(_ transform: (String) -> String) -> Trace {
        Trace(columns: columns.map(transform), rows: rows, note: note.map(transform))
    }

    /// The indices to show of `count` rows: all of them up to `limit`, else
    /// the first and last `ends` and those in `keep` with a neighbour each
    /// side (where something happened, e.g. the step where x froze).
    public static func thinned(count: Int, limit: Int = 40, ends: Int = 10, keep: [Int] = []) -> [Int] {
        if count <= limit { return Array(0..<count) }
        var chosen = Set(0..<min(ends, count)).union(max(0, count - ends)..<count)
        for k in keep { chosen.formUnion(max(0, k - 1)...min(count - 1, k + 1)) }
        return chosen.sorted()
    }
}
