import LessonKit

/// The source notebook as `record` and `verify` read it: for a lesson's
/// notebook case, the text the notebook file printed for each output.
///
/// With a source, `record` builds notebook cases from the file rather than
/// from the text the lesson declares, and `verify` checks that each
/// notebook case of a fixture still holds what the file prints (the same
/// text, read to the same values). The reader lives in the Notebook module;
/// this value is how it reaches the harness.
public struct NotebookSource: Sendable {
    /// The notebook file, as reports name it.
    public let file: String
    /// The printed text of each output of `cell`, in the case's order;
    /// throws, naming the file and cell, when the file does not print it.
    public let printed: @Sendable (_ lesson: any Lesson, _ cell: NotebookCase) throws -> [(output: String, text: String)]

    public init(file: String, printed: @escaping @Sendable (any Lesson, NotebookCase) throws -> [(output: String, text: String)]) {
        self.file = file
        self.printed = printed
    }
}

extension Lesson {
    /// A notebook case whose printed values come from `source` (the lesson's
    /// declared text when there is none).
    public func notebookCase(_ cell: NotebookCase, from source: NotebookSource?) throws -> FixtureCase {
        guard let source else { return try notebookCase(cell) }
        let printed = try source.printed(self, cell)
        return try notebookCase(
            NotebookCase(
                cell.cell, seed: cell.seed, settings: cell.settings, printed: printed, notReproducible: cell.notReproducible,
                consistency: cell.consistency))
    }
}

extension FixtureStore {
    /// `report` for a notebook case of the fixture, failed with a note when
    /// the notebook file prints something else for it than the fixture holds.
    func matchingNotebook(_ report: CaseReport, _ fixtureCase: FixtureCase, _ lesson: any Lesson, _ source: NotebookSource?) -> CaseReport {
        guard let source, fixtureCase.kind == .notebook,
            let cell = lesson.notebook.first(where: { "notebook \($0.cell)" == fixtureCase.name })
        else { return report }
        var problems: [String] = []
        do {
            let printed = try source.printed(lesson, cell)
            for (name, text) in printed {
                guard let held = fixtureCase.outputs.first(where: { $0.0 == name })?.1 else {
                    problems.append("\(source.file) prints \(name), which the fixture does not hold")
                    continue
                }
                let (value, tolerance) = try Printed.parse(text)
                if held.printed != text || !held.value.isBitwiseIdentical(to: value) || held.tolerance != tolerance {
                    problems.append("\(name): the fixture holds \(quoted(held.printed)), \(source.file) prints \(quoted(text))")
                }
            }
            for (name, _) in fixtureCase.outputs where !printed.contains(where: { $0.output == name }) {
                problems.append("\(name): held by the fixture but not printed in \(source.file)")
            }
        } catch {
            problems.append("\(error)")
        }
        guard !problems.isEmpty else {
            return CaseReport(
                name: report.name, kind: report.kind, status: report.status, notes: report.notes + ["as printed in \(source.file)"],
                outputs: report.outputs, commandLine: report.commandLine)
        }
        return CaseReport(
            name: report.name, kind: report.kind, status: .failed, notes: report.notes + problems, outputs: report.outputs,
            commandLine: report.commandLine)
    }

    private func quoted(_ text: String?) -> String {
        guard let text else { return "no printed text" }
        let line = text.replacing("\n", with: "⏎")
        return "\"" + (line.count <= 60 ? line : String(line.prefix(60)) + "…") + "\""
    }
}
