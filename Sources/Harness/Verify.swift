import LessonKit

/// The result of checking one fixture case against its lesson.
public struct CaseReport: Sendable {
    public enum Status: String, Sendable {
        case passed, failed
        /// Kept for reference, never counted as a pass.
        case notReproducible = "not reproducible"
    }

    public let name: String
    public let kind: FixtureCase.Kind
    public let status: Status
    /// Why the case failed or cannot be reproduced, beyond its outputs.
    public let notes: [String]
    public let outputs: [OutputComparison]
    /// `lessons run …` for this case's inputs.
    public let commandLine: String?
}

/// The result of checking one lesson against its fixture.
public struct LessonReport: Sendable {
    public enum Status: String, Sendable {
        case passed, failed
        /// The fixture could not be read; `error` says why.
        case damaged
    }

    public let lesson: String
    public let fixture: String
    public let status: Status
    public let error: String?
    public let cases: [CaseReport]
}

/// The result of `verify`: every lesson checked, plus files no lesson owns.
public struct VerifyReport: Sendable {
    public let lessons: [LessonReport]
    /// Fixture files no lesson owns; only looked for when every lesson was checked.
    public let unowned: [String]

    public init(lessons: [LessonReport], unowned: [String]) {
        self.lessons = lessons
        self.unowned = unowned
    }

    public var passed: Bool { lessons.allSatisfy { $0.status == .passed } && unowned.isEmpty }
    public var hasDamagedFixture: Bool { lessons.contains { $0.status == .damaged } }

    public func count(_ status: CaseReport.Status) -> Int {
        lessons.reduce(0) { $0 + $1.cases.filter { $0.status == status }.count }
    }
}

extension FixtureStore {
    /// Checks the lessons named by `ids` (all when empty) against their
    /// fixtures. With no ids, fixture files that no lesson owns fail the run.
    public func verify(_ ids: [String] = [], notebook: NotebookSource? = nil) throws(LessonError) -> VerifyReport {
        let lessons = try registry.lessons(ids)
        let reports = lessons.map { verify($0, notebook: notebook) }
        return VerifyReport(lessons: reports, unowned: ids.isEmpty ? unownedFixtures() : [])
    }

    public func verify(_ lesson: any Lesson, notebook: NotebookSource? = nil) -> LessonReport {
        let file = displayPath(for: lesson.id)
        let fixture: Fixture
        do {
            guard let loaded = try load(lesson.id) else {
                return LessonReport(
                    lesson: lesson.id, fixture: file, status: .failed,
                    error: "no fixture \(file); create it with: lessons record \(lesson.id) --mode missing", cases: [])
            }
            fixture = loaded
        } catch {
            return LessonReport(lesson: lesson.id, fixture: file, status: .damaged, error: error.description, cases: [])
        }
        if fixture.cases.isEmpty {
            return LessonReport(
                lesson: lesson.id, fixture: file, status: .failed, error: "\(file) has no cases: nothing is checked", cases: [])
        }
        let cases = fixture.cases.map { matchingNotebook(check($0, lesson), $0, lesson, notebook) } + lesson.bookReports()
        let failed = cases.contains { $0.status == .failed }
        return LessonReport(lesson: lesson.id, fixture: file, status: failed ? .failed : .passed, error: nil, cases: cases)
    }

    /// Checks one case: structure first (missing, unchecked, shapes), then values.
    public func check(_ fixtureCase: FixtureCase, _ lesson: any Lesson) -> CaseReport {
        func report(_ status: CaseReport.Status, _ notes: [String], _ outputs: [OutputComparison] = [], _ command: String? = nil)
            -> CaseReport
        {
            CaseReport(name: fixtureCase.name, kind: fixtureCase.kind, status: status, notes: notes, outputs: outputs, commandLine: command)
        }
        guard !fixtureCase.outputs.isEmpty else { return report(.failed, ["the case has no outputs to check"]) }
        let run: Run
        do { run = try lesson.run(fixtureCase) } catch {
            return report(.failed, ["the lesson refused the case's inputs: \(error)"])
        }
        let actual = Dictionary(run.outputs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        var comparisons: [OutputComparison] = []
        // In the lesson's output order, then any the lesson does not have.
        let order = Dictionary(run.outputs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let expectedOutputs = fixtureCase.outputs.sorted { (order[$0.0] ?? .max) < (order[$1.0] ?? .max) }
        for (name, expected) in expectedOutputs {
            guard let value = actual[name] else {
                comparisons.append(.structural(name, .missing, expected: expected.value.shape, actual: nil))
                continue
            }
            if fixtureCase.notReproducible != nil {
                // Values cannot be compared; the shape still can.
                let status: OutputComparison.Status = value.shape == expected.value.shape ? .match : .wrongShape
                comparisons.append(.structural(name, status, expected: expected.value.shape, actual: value.shape))
            } else {
                comparisons.append(.compare(name, expected: expected.value, actual: value, tolerance: expected.tolerance))
            }
        }
        // A recorded case must check every output; a notebook case checks
        // what the notebook printed, and says what it did not print.
        var notes: [String] = []
        for output in run.outputs where !fixtureCase.outputs.contains(where: { $0.0 == output.name }) {
            if fixtureCase.kind == .recorded {
                comparisons.append(.structural(output.name, .unchecked, expected: nil, actual: output.value.shape))
            } else {
                notes.append("\(output.name) was not printed in the notebook")
            }
        }
        let structureOK = comparisons.allSatisfy { $0.status == .match }
        if let reason = fixtureCase.notReproducible {
            let checked =
                "shapes of \(fixtureCase.outputs.map(\.0).joined(separator: ", ")) checked; values kept for reference, not compared"
            // What the lesson can still check of values it cannot reproduce.
            var consistent = true
            var established: [String] = []
            if let consistency = lesson.notebook.first(where: { "notebook \($0.cell)" == fixtureCase.name })?.consistency {
                let printed = Dictionary(fixtureCase.outputs.map { ($0.0, $0.1.value) }, uniquingKeysWith: { a, _ in a })
                let (held, detail) = consistency(printed)
                consistent = held
                established.append(detail)
            }
            let status: CaseReport.Status = structureOK && consistent ? .notReproducible : .failed
            return report(status, [reason, checked] + established + notes, comparisons, nil)
        }
        return report(structureOK ? .passed : .failed, notes, comparisons, run.commandLine)
    }
}
