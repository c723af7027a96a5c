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

/// What `record` did to one fixture.
public struct RecordOutcome: Sendable {
    public enum Action: String, Sendable { case created, updated, unchanged }
    public let lesson: String
    public let fixture: String
    public let action: Action
    /// Names of the recorded cases whose values were (re)computed and changed.
    public let rewritten: [String]
}

/// Computes recorded cases' outputs: with the Swift lesson, or with another
/// reference such as the NumPy oracle. Takes a lesson's cases as one batch,
/// so a reference that runs in another process starts once per lesson.
public struct Recorder: Sendable {
    /// One case to compute: its seed and its parameters as a fixture holds them.
    public typealias Inputs = (seed: Int64?, parameters: [(String, JSON)])

    public let provenance: String
    public let compute: @Sendable (any Lesson, [Inputs]) throws -> [[Output]]

    public init(provenance: String, compute: @escaping @Sendable (any Lesson, [Inputs]) throws -> [[Output]]) {
        self.provenance = provenance
        self.compute = compute
    }

    /// The Swift lesson itself.
    public static let swift = Recorder(provenance: Provenance.swift) { lesson, batch in
        try batch.map { inputs in
            try lesson.run(
                FixtureCase(name: "", kind: .recorded, seed: inputs.seed, parameters: inputs.parameters, provenance: "", outputs: [])
            ).outputs
        }
    }
}

extension FixtureStore {
    /// Creates or rewrites the fixtures of the lessons named by `ids` (all
    /// when empty). A fixture that cannot be read is never overwritten: the
    /// error names it, and nothing is written for it.
    public func record(_ ids: [String], mode: RecordMode, recorder: Recorder = .swift, notebook: NotebookSource? = nil) throws
        -> [RecordOutcome]
    {
        var outcomes: [RecordOutcome] = []
        for lesson in try registry.lessons(ids) {
            outcomes.append(try record(lesson, mode: mode, recorder: recorder, notebook: notebook))
        }
        return outcomes
    }

    func record(_ lesson: any Lesson, mode: RecordMode, recorder: Recorder, notebook: NotebookSource? = nil) throws -> RecordOutcome {
        let file = displayPath(for: lesson.id)
        let existing = try load(lesson.id)
        if existing != nil && mode == .missing {
            return RecordOutcome(lesson: lesson.id, fixture: file, action: .unchanged, rewritten: [])
        }
        var cases = existing?.cases ?? []
        var rewritten: [String] = []

        // The notebook's cases are added only when the file lacks them, from the notebook file when given.
        for cell in lesson.notebook {
            let fresh = try lesson.notebookCase(cell, from: notebook)
            if !cases.contains(where: { $0.name == fresh.name }) { cases.insert(fresh, at: cases.filter { $0.kind == .notebook }.count) }
        }
        // Recorded cases already in the file are recomputed from their own
        // inputs; declared examples the file lacks are added.
        var pending: [(index: Int?, name: String, inputs: Recorder.Inputs)] = []
        for (index, old) in cases.enumerated() where old.kind == .recorded {
            if mode == .failed && check(old, lesson).status != .failed { continue }
            pending.append((index, old.name, (old.seed, old.parameters)))
        }
        for example in lesson.examples where !cases.contains(where: { $0.name == example.name }) {
            let run = try lesson.run(seed: example.seed, settings: example.settings)
            let parameters = run.parameters.compactMap { name, value in value.map { (name, $0.json) } }
            pending.append((nil, example.name, (run.seed.map(Int64.init), parameters)))
        }
        let computed = pending.isEmpty ? [] : try recorder.compute(lesson, pending.map(\.inputs))
        for (item, outputs) in zip(pending, computed) {
            let fresh = FixtureCase(
                name: item.name, kind: .recorded, seed: item.inputs.seed, parameters: item.inputs.parameters,
                provenance: recorder.provenance,
                outputs: outputs.map { ($0.name, ExpectedOutput(value: $0.value, tolerance: lesson.tolerances[$0.name] ?? .exact)) })
            if let index = item.index {
                if fresh != cases[index] {
                    cases[index] = fresh
                    rewritten.append(item.name)
                }
            } else {
                cases.append(fresh)
                rewritten.append(item.name)
            }
        }

        let fixture = Fixture(lesson: lesson.id, cases: cases)
        if let existing, existing == fixture {
            return RecordOutcome(lesson: lesson.id, fixture: file, action: .unchanged, rewritten: [])
        }
        try save(fixture)
        return RecordOutcome(lesson: lesson.id, fixture: file, action: existing == nil ? .created : .updated, rewritten: rewritten)
    }
}

/// Whether an environment variable such as `CI` is set to a true value
/// (`1`, `true`, `yes`, `on`, in any case).
public func isTruthy(_ value: String?) -> Bool {
    guard let value else { return false }
    return ["1", "true", "yes", "on", "y"].contains(value.lowercased().trimmingWhitespace())
}
