import LessonKit

/// The source notebook as `record` and `verify` read it: for a lesson's
/// notebook case, the text the notebook file printed for each output.
///
/// With a source, a notebook case's printed text comes from the file rather
/// than from the text the lesson declares: `record` builds notebook cases
/// from it, and `verify` checks each notebook case of a fixture against it
/// (the same text, read to the same values, and the lesson's run at the
/// printed precision). Which cell, which outputs and which flags still come
/// from the lesson's declaration, and the cell is found by the count and
/// source fingerprint the lesson declares, so the fixture never decides
/// what it is checked against. The reader lives in the Notebook module;
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

extension DeclaredCase {
    /// The case with its notebook cell's printed text read from `source`;
    /// the case itself when it is no notebook case or there is no source.
    /// Throws, naming the file and the cell, when the file does not print it.
    public func reading(_ source: NotebookSource?, _ lesson: any Lesson) throws -> DeclaredCase {
        guard let source, let cell else { return self }
        let printed = try source.printed(lesson, cell)
        var read = DeclaredCase(
            name: name, kind: kind, seed: seed, settings: settings,
            cell: NotebookCase(
                cell.cell, seed: cell.seed, settings: cell.settings, printed: printed, notReproducible: cell.notReproducible,
                consistency: cell.consistency))
        read.printedIn = source.file
        return read
    }
}

extension Lesson {
    /// ``declaredCases``, each notebook cell's printed text read from `source`.
    public func declaredCases(notebook source: NotebookSource?) throws -> [DeclaredCase] {
        try declaredCases.map { try $0.reading(source, self) }
    }

    /// A notebook case whose printed values come from `source` (the lesson's
    /// declared text when there is none).
    public func notebookCase(_ cell: NotebookCase, from source: NotebookSource?) throws -> FixtureCase {
        let declared = DeclaredCase(name: "notebook \(cell.cell)", kind: .notebook, seed: cell.seed, settings: cell.settings, cell: cell)
        return try expectedCase(declared.reading(source, self))
    }
}
