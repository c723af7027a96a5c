import Arithmetic
import LessonKit

/// Which recorded cases `record` rewrites. Notebook cases are never rewritten.
public enum RecordMode: String, Sendable, CaseIterable {
    /// Only create fixtures that do not exist yet.
    case missing
    /// Rewrite the recorded cases that fail, and add declared ones that are absent.
    case failed
    /// Rewrite every recorded case, and add declared ones that are absent.
    case all
}

/// Why `record` wrote nothing for a lesson.
public enum RecordRefusal: Error, CustomStringConvertible {
    /// The lesson does not give what the notebook prints in a cell it declares.
    case notebookDisagrees(lesson: String, cell: String, notes: [String], outputs: [OutputComparison])

    public var description: String {
        switch self {
        case .notebookDisagrees(let lesson, let cell, let notes, let outputs):
            let differing = outputs.filter { $0.status != .match }.map(\.name)
            let why = notes + (differing.isEmpty ? [] : ["\(differing.joined(separator: ", ")) differ from the printed values"])
            return "refusing to record \(lesson)'s \(cell): the lesson does not give what the notebook prints "
                + "(\(why.joined(separator: "; "))); a notebook value is the notebook's, and a record never makes it agree"
        }
    }
}

/// What `record` did to one fixture.
public struct RecordOutcome: Sendable {
    public enum Action: String, Sendable { case created, updated, unchanged }
    public let lesson: String
    public let fixture: String
    public let action: Action
    /// Names of the cases whose content was (re)written and changed.
    public let rewritten: [String]
    /// Names of cases the file held that the lesson does not declare.
    public let removed: [String]
}

/// Computes recorded cases' outputs in a given arithmetic: with the Swift
/// lesson, or with another reference such as the NumPy oracle. Takes a
/// lesson's cases as one batch, so a reference that runs in another process
/// starts once per lesson.
public struct Recorder: Sendable {
    /// One case to compute: its seed and its parameters as a fixture holds them.
    public typealias Inputs = (seed: Int64?, parameters: [(String, JSON)])

    public let provenance: String
    public let compute: @Sendable (any Lesson, Arithmetic, [Inputs]) throws -> [[Output]]

    public init(provenance: String, compute: @escaping @Sendable (any Lesson, Arithmetic, [Inputs]) throws -> [[Output]]) {
        self.provenance = provenance
        self.compute = compute
    }

    /// The Swift lesson itself.
    public static let swift = Recorder(provenance: Provenance.swift) { lesson, arithmetic, batch in
        try batch.map { inputs in
            try lesson.run(
                FixtureCase(name: "", kind: .recorded, seed: inputs.seed, parameters: inputs.parameters, provenance: "", outputs: []),
                arithmetic: arithmetic
            ).outputs
        }
    }
}

extension FixtureStore {
    /// Creates or rewrites the fixtures of the lessons named by `ids` (all
    /// when empty). A fixture that cannot be read is never overwritten: the
    /// error names it, and nothing is written for it. Temporary files that
    /// interrupted writes left are removed first. With `notebook`, notebook
    /// cases take their printed text from that file (see ``NotebookSource``).
    public func record(_ ids: [String], mode: RecordMode, recorder: Recorder = .swift, notebook: NotebookSource? = nil) throws
        -> [RecordOutcome]
    {
        let lessons = try registry.lessons(ids)
        removeStaleTemporaryFiles()
        var outcomes: [RecordOutcome] = []
        for lesson in lessons {
            outcomes.append(try record(lesson, mode: mode, recorder: recorder, notebook: notebook))
        }
        return outcomes
    }

    /// Builds the fixture from the lesson's declaration: its notebook cases
    /// (printed values, never the lesson's outputs), then its examples, with
    /// values computed by `recorder` from the declared inputs. Cases the
    /// file already holds are kept where `mode` allows and they pass;
    /// undeclared ones are dropped. A notebook file that does not print a
    /// notebook case's cell throws, and nothing is written.
    func record(_ lesson: any Lesson, mode: RecordMode, recorder: Recorder, notebook: NotebookSource? = nil) throws -> RecordOutcome {
        let file = displayPath(for: lesson.id)
        let existing = try load(lesson.id)
        if existing != nil && mode == .missing {
            return RecordOutcome(lesson: lesson.id, fixture: file, action: .unchanged, rewritten: [], removed: [])
        }
        let old = existing?.cases ?? []
        var cases: [FixtureCase] = []
        var rewritten: [String] = []
        var pending: [(index: Int, run: Run)] = []
        var declaredNames = Set<String>()
        let declaredCases = try lesson.declaredCases(notebook: notebook)
        for declared in declaredCases where declaredNames.insert(declared.name).inserted {
            let previous = old.first { $0.name == declared.name }
            if declared.kind == .notebook {
                // Wholly the declaration's: the printed text and what it reads as.
                let fresh = try lesson.expectedCase(declared)
                // A notebook value is the notebook's: a record never makes it agree.
                let verdict = check(fresh, against: declared, lesson)
                if verdict.status == .failed {
                    throw RecordRefusal.notebookDisagrees(lesson: lesson.id, cell: declared.name, notes: verdict.notes, outputs: verdict.outputs)
                }
                if let previous, previous == fresh || check(previous, against: declared, lesson).status != .failed {
                    cases.append(previous)
                } else {
                    cases.append(fresh)
                    rewritten.append(declared.name)
                }
                continue
            }
            if let previous, mode == .failed, check(previous, against: declared, lesson).status != .failed {
                cases.append(previous)
                continue
            }
            let run = try lesson.run(seed: declared.seed, settings: declared.settings, arithmetic: arithmetic)
            pending.append((cases.count, run))
            cases.append(try lesson.expectedCase(declared, run: run, provenance: recorder.provenance))
        }
        let inputs: [Recorder.Inputs] = pending.map { item in
            (cases[item.index].seed, cases[item.index].parameters)
        }
        let computed = pending.isEmpty ? [] : try recorder.compute(lesson, arithmetic, inputs)
        for (item, outputs) in zip(pending, computed) {
            let declared = declaredCases.first { $0.name == cases[item.index].name }!
            let fresh = try lesson.expectedCase(declared, run: item.run, outputs: outputs, provenance: recorder.provenance)
            if let previous = old.first(where: { $0.name == fresh.name }), previous == fresh {
                cases[item.index] = previous
            } else {
                cases[item.index] = fresh
                rewritten.append(fresh.name)
            }
        }
        let removed = old.map(\.name).filter { !declaredNames.contains($0) }

        let fixture = Fixture(lesson: lesson.id, cases: cases)
        if let existing, existing == fixture {
            return RecordOutcome(lesson: lesson.id, fixture: file, action: .unchanged, rewritten: [], removed: [])
        }
        try save(fixture)
        return RecordOutcome(
            lesson: lesson.id, fixture: file, action: existing == nil ? .created : .updated, rewritten: rewritten, removed: removed)
    }
}

/// Whether an environment variable such as `CI` is set to a true value
/// (`1`, `true`, `yes`, `on`, in any case).
public func isTruthy(_ value: String?) -> Bool {
    guard let value else { return false }
    return ["1", "true", "yes", "on", "y"].contains(value.lowercased().trimmingWhitespace())
}
