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
    public var text: String {
        let full = rows.filter { $0.count == columns.count }
        let widths = columns.indices.map { column in ([columns[column]] + full.map { $0[column] }).map(\.count).max() ?? 0 }
        let numeric = columns.indices.map { column in
            full.allSatisfy { row in
                let cell = row[column]
                return cell.isEmpty || cell.hasPrefix("[") || cell.hasPrefix("(") || Double(cell) != nil
                    || ["nan", "inf", "-inf"].contains(cell)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = zip(cells, zip(widths, numeric)).map { cell, format in
                let pad = String(repeating: " ", count: max(0, format.0 - cell.count))
                return format.1 ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var lines = [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        for row in rows { lines.append(row.count == columns.count ? line(row) : row.joined(separator: "  ")) }
        if let note { lines.append(note) }
        return lines.joined(separator: "\n")
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
