import Harness
import LessonKit

/// What `lessons notebook` concludes about one code cell.
public enum Verdict: String, Sendable, CaseIterable {
    /// Covered, and every printed value agrees with the lesson at its printed precision.
    case agrees
    /// Covered by a lesson that prints nothing from it (it defines what a later cell runs).
    case printsNothing = "prints nothing"
    /// Covered and unchanged, but a printed value differs from the lesson's.
    case changed = "changed values"
    /// The lesson's execution count, but not its source: not compared.
    case edited
    /// The cell raised an exception.
    case errored
    /// The lesson expects printed values and the cell shows none (never run, or cleared).
    case noOutput = "no output"
    /// Printed from an unseeded RNG: shapes and the lesson's consistency check only.
    case notReproducible = "not reproducible"
    /// Not reproducible, and the lesson's consistency check fails.
    case inconsistent
    /// No lesson covers the cell.
    case uncovered
    /// A cell a lesson covers that the notebook does not hold.
    case absent

    /// Whether the verdict fails the check.
    public var fails: Bool {
        switch self {
        case .agrees, .printsNothing, .notReproducible, .uncovered: return false
        case .changed, .edited, .errored, .noOutput, .inconsistent, .absent: return true
        }
    }
}

/// One row of the report: a code cell of the notebook, or a lesson's cell the notebook lacks.
public struct CellReport: Sendable {
    /// `In [263]` as the notebook has it; `-` for an absent cell.
    public let cell: String
    /// Position among the notebook's code cells, from 1; nil for an absent cell.
    public let position: Int?
    public let fingerprint: String?
    public let lesson: String?
    /// The lesson's execution count for the cell it matched.
    public let declaredCell: Int?
    public let verdict: Verdict
    public let notes: [String]
    public let outputs: [OutputComparison]
}

/// The result of checking a notebook against the lessons.
public struct NotebookReport: Sendable {
    public let file: String
    public let format: Notebook.Format
    public let cells: [CellReport]
    /// Lessons checked that cover no cell of any notebook (those past the
    /// notebook, built from the book's scripts), with what they are built from.
    public var coveringNoCell: [(lesson: String, cells: String)] = []

    public var passed: Bool { !cells.contains { $0.verdict.fails } }

    public func count(_ verdict: Verdict) -> Int { cells.filter { $0.verdict == verdict }.count }
}

extension Lesson {
    /// Whether the lesson declares a notebook cell, by fingerprint or by the
    /// execution count of a notebook case; `lessons notebook` has nothing to
    /// check for one that does not.
    public var coversNotebookCells: Bool { !DeclaredCell.all([self]).isEmpty }
}

/// A notebook cell as a lesson declares it.
struct DeclaredCell {
    let lesson: any Lesson
    let executionCount: Int
    /// nil when the lesson declares a printed case but no fingerprint.
    let fingerprint: String?
    let printed: NotebookCase?

    static func all(_ lessons: [any Lesson]) -> [DeclaredCell] {
        lessons.flatMap { lesson in
            var cells = lesson.sourceCells.map { source in
                DeclaredCell(
                    lesson: lesson, executionCount: source.executionCount, fingerprint: source.fingerprint,
                    printed: lesson.notebook.first { $0.executionCount == source.executionCount })
            }
            for printed in lesson.notebook {
                guard let count = printed.executionCount, !cells.contains(where: { $0.executionCount == count }) else { continue }
                cells.append(DeclaredCell(lesson: lesson, executionCount: count, fingerprint: nil, printed: printed))
            }
            return cells
        }
    }
}

extension Notebook {
    /// Maps each code cell to the lesson cell that covers it and judges it.
    ///
    /// A cell is matched, in this order: by `map` (notebook count → lesson
    /// count), by execution count and fingerprint together, by fingerprint
    /// alone (a cell re-run under another count), and last by execution
    /// count alone — which means the cell was edited, and it is reported so
    /// rather than compared. A cell both edited and re-run under another
    /// count matches neither; when it is the only unmatched cell between the
    /// cells matched before and after the lesson's (at least one of them
    /// matched), and prints as many values as the lesson expects, it is
    /// reported as edited too. Printed
    /// values are compared with the lesson's outputs at the precision they
    /// were printed with (see ``Printed``).
    ///
    /// One row per code cell, in the notebook's order, then one per lesson
    /// cell no code cell stands for: the rows share the judged verdicts.
    public func check(_ lessons: [any Lesson], file: String, map: [Int: Int] = [:]) -> NotebookReport {
        let declared = DeclaredCell.all(lessons)
        let code = codeCells
        let prints = code.map(\.fingerprint)
        let match = Self.match(code, prints, declared, map: map)
        var rows: [CellReport] = []
        var judged: [JudgedKey: (Verdict, [String], [OutputComparison])] = [:]
        var consistencyChecks = 0
        for (i, cell) in code.enumerated() {
            guard let (d, how) = match[i] else {
                let notes = cell.error.map { ["raised \(excerpt($0, limit: 80))"] } ?? []
                rows.append(
                    CellReport(
                        cell: cell.label, position: i + 1, fingerprint: prints[i], lesson: nil, declaredCell: nil, verdict: .uncovered,
                        notes: notes, outputs: []))
                continue
            }
            let target = declared[d]
            var notes: [String] = []
            let lessonCell = "In [\(target.executionCount)]"
            switch how {
            case .count, .place:
                let found = how == .place ? "in the place of the lesson's \(lessonCell) (neither its count nor its source); " : ""
                rows.append(
                    CellReport(
                        cell: cell.label, position: i + 1, fingerprint: prints[i], lesson: target.lesson.id,
                        declaredCell: target.executionCount, verdict: .edited,
                        notes: [
                            "\(found)its source differs from the one \(target.lesson.id) is built from (fingerprint \(prints[i]), "
                                + "the lesson's \(target.fingerprint ?? "-")); values not compared"
                        ], outputs: []))
                continue
            case .source where cell.executionCount != target.executionCount:
                notes.append("the lesson's \(lessonCell), found by its source (run here as \(cell.label))")
            case .mapped where target.fingerprint != nil && target.fingerprint != prints[i]:
                notes.append("checked as the lesson's \(lessonCell) by --map; its source differs from the lesson's")
            case .mapped:
                notes.append("checked as the lesson's \(lessonCell) by --map")
            default:
                if target.fingerprint == nil {
                    notes.append("the lesson declares no fingerprint for \(lessonCell): its source is not checked")
                }
            }
            // A verdict depends on the cell's output and the lesson cell alone: a
            // notebook of thousands of copies of one cell runs its check once.
            let key = JudgedKey(declared: d, error: cell.error, printed: cell.printedText)
            let (verdict, more, outputs): (Verdict, [String], [OutputComparison])
            if let known = judged[key] {
                (verdict, more, outputs) = known
            } else {
                // A consistency search takes milliseconds: a notebook of thousands of
                // distinct outputs of such a cell has its first ones searched, and says so.
                let searches = target.printed?.consistency != nil && target.printed?.notReproducible != nil
                let allowed = !searches || consistencyChecks < Self.consistencySearches
                if searches && allowed { consistencyChecks += 1 }
                (verdict, more, outputs) = judge(cell, target, searchConsistency: allowed)
                judged[key] = (verdict, more, outputs)
            }
            rows.append(
                CellReport(
                    cell: cell.label, position: i + 1, fingerprint: prints[i], lesson: target.lesson.id,
                    declaredCell: target.executionCount, verdict: verdict, notes: notes + more, outputs: outputs))
        }
        let found = Set(match.values.map(\.declared))
        for (d, target) in declared.enumerated() where !found.contains(d) {
            rows.append(
                CellReport(
                    cell: "-", position: nil, fingerprint: nil, lesson: target.lesson.id, declaredCell: target.executionCount,
                    verdict: .absent,
                    notes: [
                        "no cell of this notebook has the count or the source of the lesson's In [\(target.executionCount)]"
                            + (target.fingerprint.map { " (fingerprint \($0))" } ?? "")
                    ], outputs: []))
        }
        var report = NotebookReport(file: file, format: format, cells: rows)
        report.coveringNoCell = lessons.filter { !$0.coversNotebookCells }.map { ($0.id, $0.source) }
        return report
    }

    /// How a code cell was matched to a lesson's cell: by `--map`, by count
    /// and source, by source alone, by count alone, or by its place.
    private enum How { case mapped, exact, source, count, place }

    /// Which lesson cell each code cell (by index) stands for, tried in
    /// order of trust: `--map`, count and source together, source alone,
    /// count alone, then the one candidate in a lesson cell's place between
    /// its matched neighbours (edited and re-run).
    private static func match(
        _ code: [Cell], _ prints: [String], _ declared: [DeclaredCell], map: [Int: Int]
    ) -> [Int: (declared: Int, how: How)] {
        var match: [Int: (declared: Int, how: How)] = [:]
        for (i, cell) in code.enumerated() {
            if let count = cell.executionCount, let target = map[count], let d = declared.firstIndex(where: { $0.executionCount == target })
            {
                match[i] = (d, .mapped)
            }
        }
        for (i, cell) in code.enumerated() where match[i] == nil {
            if let d = declared.firstIndex(where: { $0.executionCount == cell.executionCount && ($0.fingerprint ?? prints[i]) == prints[i] }
            ) {
                match[i] = (d, .exact)
            }
        }
        for i in code.indices where match[i] == nil {
            if let d = declared.firstIndex(where: { $0.fingerprint == prints[i] }) { match[i] = (d, .source) }
        }
        let matchedBySource = Set(match.values.map(\.declared))
        for (i, cell) in code.enumerated() where match[i] == nil {
            if let d = declared.firstIndex(where: { $0.executionCount == cell.executionCount }), !matchedBySource.contains(d) {
                match[i] = (d, .count)
            }
        }
        // Edited and re-run: the one candidate in the lesson cell's place among its matched neighbours.
        let byCount = declared.indices.sorted { declared[$0].executionCount < declared[$1].executionCount }
        for (k, d) in byCount.enumerated() where !match.values.contains(where: { $0.declared == d }) {
            func positions(_ ds: ArraySlice<Int>) -> [Int] { match.filter { ds.contains($0.value.declared) }.map(\.key) }
            let earlier = positions(byCount[..<k])
            let later = positions(byCount[(k + 1)...])
            // A place needs a neighbour found by count or source: in a notebook
            // where none is (one's own code), no cell stands in a lesson's place.
            guard !earlier.isEmpty || !later.isEmpty else { continue }
            let after = (earlier.max() ?? -1) + 1
            let before = later.min() ?? code.count
            guard after < before else { continue }
            let candidates = (after..<before).filter { i in
                guard match[i] == nil, code[i].error == nil else { return false }
                guard let printed = declared[d].printed else { return code[i].printedText.isEmpty }
                return PrintedValues.split(code[i].printedText)?.count == printed.printed.count
            }
            if candidates.count == 1 { match[candidates[0]] = (d, .place) }
        }
        return match
    }

    /// What a verdict on a matched cell's outputs depends on.
    private struct JudgedKey: Hashable {
        let declared: Int
        let error: String?
        let printed: String
    }

    /// How many distinct outputs of cells the lessons cannot reproduce get
    /// their consistency searched in one check (each search takes
    /// milliseconds; the rest have their shapes and notation checked).
    static let consistencySearches = 200

    /// The verdict on a matched cell's outputs.
    ///
    /// Checks in the order a verdict reads: an error, the count of values, each
    /// value at its printed precision, then the consistency search.
    private func judge(_ cell: Cell, _ target: DeclaredCell, searchConsistency: Bool = true) -> (Verdict, [String], [OutputComparison]) {
        if let error = cell.error { return (.errored, ["raised \(excerpt(error, limit: 80))"], []) }
        guard let expected = target.printed else {
            let extra = cell.printedText.allSatisfy(\.isWhitespace) ? [] : ["it prints output the lessons do not check"]
            return (.printsNothing, ["\(target.lesson.id) runs what it defines; nothing to compare"] + extra, [])
        }
        let names = expected.printed.map(\.output)
        let text = cell.printedText
        if text.allSatisfy(\.isWhitespace) {
            return (
                .noOutput,
                ["\(target.lesson.id) expects \(names.joined(separator: ", ")) printed; the cell shows no output (never run, or cleared)"],
                []
            )
        }
        guard let values = PrintedValues.split(text) else {
            return (.changed, ["its output does not read as printed numbers: \"\(excerpt(text))\""], [])
        }
        guard values.count == names.count else {
            return (
                .changed,
                [
                    "it printed \(values.count) value\(values.count == 1 ? "" : "s"); \(target.lesson.id) expects \(names.count) (\(names.joined(separator: ", ")))"
                ],
                []
            )
        }
        let run: Run
        do { run = try target.lesson.run(seed: expected.seed, settings: expected.settings) } catch {
            return (.changed, ["\(target.lesson.id) refused the cell's inputs: \(error)"], [])
        }
        var comparisons: [OutputComparison] = []
        var printed: [String: Tensor] = [:]
        var notes: [String] = []
        for (name, valueText) in zip(names, values) {
            guard let (value, tolerance) = try? Printed.parse(valueText) else { continue }
            printed[name] = value
            guard let actual = run.outputs.first(where: { $0.name == name })?.value else {
                notes.append("\(target.lesson.id) has no output \(name)")
                continue
            }
            if expected.notReproducible != nil {
                if value.shape != actual.shape {
                    notes.append("\(name): printed with shape \(value.shapeDescription), the lesson gives \(actual.shapeDescription)")
                }
                // Values unknown, but the text must still be NumPy's own layout of what it says.
                if let note = Printed.notationMismatch(name, text: valueText, actual: value) { notes.append(note) }
            } else {
                comparisons.append(.compare(name, expected: value, actual: actual, tolerance: tolerance))
                if let note = Printed.notationMismatch(name, text: valueText, actual: actual) { notes.append(note) }
            }
        }
        if let reason = expected.notReproducible {
            var consistent = notes.isEmpty
            var detail = notes
            if let consistency = expected.consistency {
                if searchConsistency {
                    let (held, established) = consistency(printed)
                    consistent = consistent && held
                    detail.append(established)
                } else {
                    detail.append(
                        "its consistency was not searched: this notebook has over \(Self.consistencySearches) distinct outputs of cells "
                            + "the lessons cannot reproduce, and the first \(Self.consistencySearches) were")
                }
            }
            let checked = "shapes of \(names.joined(separator: ", ")) checked; values not compared"
            // Drawn afresh (a re-run) or edited: either way not the values the lesson was written from.
            let redrawn = zip(expected.printed, values).filter { $0.0.text != $0.1 }.map(\.0.output)
            if !redrawn.isEmpty {
                detail.append(
                    "\(redrawn.joined(separator: ", ")) differ from what the notebook the lessons were built from printed "
                        + "(a re-run draws afresh); only the check above applies")
            }
            return (consistent ? .notReproducible : .inconsistent, [reason, checked] + detail, [])
        }
        let agrees = notes.isEmpty && comparisons.allSatisfy { $0.status == .match }
        return (agrees ? .agrees : .changed, notes, comparisons)
    }
}
