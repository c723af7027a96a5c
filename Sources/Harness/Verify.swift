import Arithmetic
import FileAccess
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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
    /// The file's case is not the one the lesson declares (absent,
    /// undeclared, or another kind, input, tolerance, flag or printed text):
    /// `record --mode failed` rewrites it from the declaration.
    public let disagreesWithDeclaration: Bool
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
    /// ` --fixtures DIR` when the fixtures checked are not the package's own,
    /// for the `lessons record` commands the report advises.
    public var fixturesOption = ""

    public func count(_ status: CaseReport.Status) -> Int { cases.filter { $0.status == status }.count }

    /// `2 cases passed, 1 failed, 0 not reproducible`, or the error.
    public var summary: String {
        if let error { return error }
        return "\(count(.passed)) case\(count(.passed) == 1 ? "" : "s") passed, \(count(.failed)) failed, \(count(.notReproducible)) not reproducible"
    }
}

/// The result of `verify`: every lesson checked, plus files no lesson owns.
public struct VerifyReport: Sendable {
    public let lessons: [LessonReport]
    /// Fixture files no lesson owns; only looked for when every lesson was checked.
    public let unowned: [String]
    /// Temporary files an interrupted write left in the fixtures folder.
    /// Reported, not failed: the next `record` removes them.
    public let staleTemporaryFiles: [String]

    public init(lessons: [LessonReport], unowned: [String], staleTemporaryFiles: [String] = []) {
        self.lessons = lessons
        self.unowned = unowned
        self.staleTemporaryFiles = staleTemporaryFiles
    }

    public var passed: Bool { lessons.allSatisfy { $0.status == .passed } && unowned.isEmpty }
    public var hasDamagedFixture: Bool { lessons.contains { $0.status == .damaged } }

    public func count(_ status: CaseReport.Status) -> Int { lessons.reduce(0) { $0 + $1.count(status) } }
}

extension FixtureStore {
    /// Checks the lessons named by `ids` (all when empty) against their
    /// fixtures. With no ids, fixture files that no lesson owns fail the run.
    /// With `notebook`, notebook cases are checked against the printed text
    /// of that file (see ``NotebookSource``).
    public func verify(_ ids: [String] = [], notebook: NotebookSource? = nil) throws(LessonError) -> VerifyReport {
        let lessons = try registry.lessons(ids)
        let reports = lessons.map { verify($0, notebook: notebook) }
        return VerifyReport(
            lessons: reports, unowned: ids.isEmpty ? unownedFixtures() : [],
            staleTemporaryFiles: temporaryFiles())
    }

    /// Checks a lesson against its fixture, or against `file` when given
    /// (a candidate fixture kept elsewhere).
    ///
    /// The file is trusted for one thing: the expected values of its recorded
    /// cases. The set of cases, each case's kind, inputs, outputs, tolerances
    /// and notebook flags, and a notebook case's printed text and values
    /// come from the lesson's declaration (`notebook`, `examples`,
    /// `tolerances`), and a file that disagrees fails, saying where. With
    /// `notebook`, a notebook case's printed text is that file's, read from
    /// the cell the lesson declares. The book's cases (``Lesson/book``)
    /// follow the fixture's, checked against the lesson alone.
    public func verify(_ lesson: any Lesson, file url: URL? = nil, notebook: NotebookSource? = nil) -> LessonReport {
        verify(lesson, files: [url ?? self.url(for: lesson.id)], notebook: notebook)[0]
    }

    /// Checks a lesson against each of `files`, one report per file. The
    /// lesson's runs of its declared cases and of its book cases do not
    /// depend on the file, so they are made once and each file is checked
    /// against them.
    public func verify(_ lesson: any Lesson, files: [URL], notebook: NotebookSource? = nil) -> [LessonReport] {
        let declared = lesson.declaredCases.map { PreparedCase($0, lesson, notebook: notebook, arithmetic: arithmetic) }
        let book = lesson.bookReports(arithmetic: arithmetic)
        return files.map { verify(lesson, file: $0, declared, book) }
    }

    /// Why a lesson's own fixture is missing, and the command that records it.
    func missingFixture(_ lesson: any Lesson, _ file: String) -> String {
        "no fixture \(file); create it with: \(Tool.name) record \(lesson.id)\(fixturesOption) --mode missing"
    }

    private func verify(_ lesson: any Lesson, file url: URL, _ declared: [PreparedCase], _ book: [CaseReport]) -> LessonReport {
        let file = displayPath(url)
        let fixture: Fixture
        do {
            guard let loaded = try load(lesson.id, from: url) else {
                // A lesson's own fixture not yet recorded is a failed check; a
                // file named to be checked that is not there cannot be read.
                guard url == self.url(for: lesson.id) else {
                    let error = FixtureError.unreadable(file: file, reason: "no such file").description
                    return LessonReport(lesson: lesson.id, fixture: file, status: .damaged, error: error, cases: [])
                }
                return LessonReport(lesson: lesson.id, fixture: file, status: .failed, error: missingFixture(lesson, file), cases: [])
            }
            fixture = loaded
        } catch {
            return LessonReport(lesson: lesson.id, fixture: file, status: .damaged, error: error.description, cases: [])
        }
        if fixture.cases.isEmpty {
            return LessonReport(
                lesson: lesson.id, fixture: file, status: .failed,
                error: "\(file) has no cases: nothing is checked; regenerate it: \(Tool.name) record \(lesson.id)\(fixturesOption) --mode failed", cases: [])
        }
        var cases: [CaseReport] = []
        var declaredNames = Set<String>()
        for item in declared {
            guard declaredNames.insert(item.declared.name).inserted else {
                cases.append(
                    failure(item.declared.name, item.declared.kind, ["the lesson declares two cases with this name"], declaration: false))
                continue
            }
            if let fixtureCase = fixture.cases.first(where: { $0.name == item.declared.name }) {
                cases.append(check(fixtureCase, item))
            } else {
                cases.append(
                    failure(
                        item.declared.name, item.declared.kind, ["declared by the lesson but absent from the fixture"], declaration: true))
            }
        }
        let undeclared = fixture.cases.filter { !declaredNames.contains($0.name) }
        for fixtureCase in undeclared.prefix(Self.undeclaredShown) {
            cases.append(
                failure(fixtureCase.name.excerpt(), fixtureCase.kind, ["the lesson declares no case with this name"], declaration: true))
        }
        if undeclared.count > Self.undeclaredShown {
            cases.append(
                failure(
                    "… and \(undeclared.count - Self.undeclaredShown) more", .recorded, ["cases the lesson does not declare"],
                    declaration: true))
        }
        cases += book
        let failed = cases.contains { $0.status == .failed }
        return LessonReport(
            lesson: lesson.id, fixture: file, status: failed ? .failed : .passed, error: nil, cases: cases, fixturesOption: fixturesOption)
    }

    /// How many undeclared cases a report lists by name.
    static let undeclaredShown = 10

    private func failure(_ name: String, _ kind: FixtureCase.Kind, _ notes: [String], declaration: Bool) -> CaseReport {
        CaseReport(
            name: name, kind: kind, status: .failed, notes: notes, outputs: [], commandLine: nil, disagreesWithDeclaration: declaration)
    }

    /// Checks one fixture case: first against the lesson's declaration of it
    /// (kind, seed, parameters, flags, outputs, tolerances, printed text),
    /// then the structure (missing, unchecked, shapes), then the values of a
    /// run of the declared inputs, under the declared tolerances.
    public func check(_ fixtureCase: FixtureCase, against declared: DeclaredCase, _ lesson: any Lesson) -> CaseReport {
        check(fixtureCase, PreparedCase(declared, lesson, arithmetic: arithmetic))
    }

    /// What a declared case is checked against, computed from the lesson
    /// alone: the run of its inputs, the case it implies, and for a case
    /// that cannot be reproduced, what its consistency check established.
    struct PreparedCase {
        let declared: DeclaredCase
        let prepared: Result<(run: Run, expected: FixtureCase, consistency: (held: Bool, detail: String)?), PreparationFailure>

        struct PreparationFailure: Error { let note: String }

        init(_ declared: DeclaredCase, _ lesson: any Lesson, notebook: NotebookSource? = nil, arithmetic: Arithmetic) {
            do { self.declared = try declared.reading(notebook, lesson) } catch {
                // The notebook file does not print the declared cell: its error names the file and the cell.
                self.declared = declared
                prepared = .failure(PreparationFailure(note: "\(error)"))
                return
            }
            let declared = self.declared
            do {
                let run = try lesson.run(seed: declared.seed, settings: declared.settings, arithmetic: arithmetic)
                let expected = try lesson.expectedCase(declared, run: run)
                let consistency = declared.cell?.consistency.map { check in
                    check(Dictionary(expected.outputs.map { ($0.0, $0.1.value) }, uniquingKeysWith: { a, _ in a }))
                }
                prepared = .success((run, expected, consistency))
            } catch {
                prepared = .failure(PreparationFailure(note: "the lesson cannot run its own declaration of this case: \(error)"))
            }
        }
    }

    func check(_ fixtureCase: FixtureCase, _ item: PreparedCase) -> CaseReport {
        let declared = item.declared
        let run: Run
        let expected: FixtureCase
        let consistency: (held: Bool, detail: String)?
        switch item.prepared {
        case .success(let prepared): (run, expected, consistency) = prepared
        case .failure(let failure):
            return self.failure(declared.name, declared.kind, [failure.note], declaration: false)
        }
        let mismatches = declarationMismatches(fixtureCase, expected, printedIn: declared.printedIn)
        let fileOutputs = Dictionary(fixtureCase.outputs, uniquingKeysWith: { a, _ in a })
        let actual = Dictionary(run.outputs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        var comparisons: [OutputComparison] = []
        var notes: [String] = []
        var notationNotes: [String] = []
        // Each output the declaration checks, in the lesson's output order,
        // compared under the declared tolerance, whatever the file says.
        for (name, declaredOutput) in expected.outputs {
            guard let value = actual[name] else {
                comparisons.append(.structural(name, .missing, expected: declaredOutput.value.shape, actual: nil))
                continue
            }
            guard let stored = fileOutputs[name] else {
                comparisons.append(.structural(name, .unchecked, expected: nil, actual: value.shape))
                continue
            }
            if declared.cell?.notReproducible != nil {
                // Values cannot be compared; the shape still can.
                let status: OutputComparison.Status = value.shape == stored.value.shape ? .match : .wrongShape
                comparisons.append(.structural(name, status, expected: stored.value.shape, actual: value.shape))
            } else {
                comparisons.append(.compare(name, expected: stored.value, actual: value, tolerance: declaredOutput.tolerance))
                // The printed text must be NumPy's text for the lesson's value, notation and all.
                if let text = declaredOutput.printed, let note = Printed.notationMismatch(name, text: text, actual: value) {
                    notationNotes.append(note)
                }
            }
        }
        if let cell = declared.cell {
            for output in run.outputs where !cell.printed.contains(where: { $0.output == output.name }) {
                notes.append("\(output.name) was not printed in the notebook")
            }
            if let file = declared.printedIn { notes.append("as printed in \(file)") }
        }
        let structureOK = mismatches.isEmpty && notationNotes.isEmpty && comparisons.allSatisfy { $0.status == .match }
        func report(_ status: CaseReport.Status, _ notes: [String], _ command: String?) -> CaseReport {
            CaseReport(
                name: declared.name, kind: declared.kind, status: status, notes: notes, outputs: comparisons, commandLine: command,
                disagreesWithDeclaration: !mismatches.isEmpty)
        }
        if let reason = declared.cell?.notReproducible {
            let checked = "shapes of \(expected.outputs.map(\.0).joined(separator: ", ")) checked; values kept for reference, not compared"
            // What the lesson can still check of values it cannot reproduce,
            // given the printed values as the lesson declares them.
            let consistent = consistency?.held ?? true
            let established = consistency.map { [$0.detail] } ?? []
            let status: CaseReport.Status = structureOK && consistent ? .notReproducible : .failed
            return report(status, mismatches + [reason, checked] + established + notes, nil)
        }
        return report(structureOK ? .passed : .failed, mismatches + notationNotes + notes, run.commandLine)
    }

    /// Where a file's case disagrees with the case the lesson declares, one
    /// sentence each; empty when they agree on everything but the values of
    /// a recorded case (and its provenance, a note for people). `printedIn`
    /// names the notebook file a notebook case's printed text was read from.
    func declarationMismatches(_ stored: FixtureCase, _ expected: FixtureCase, printedIn: String? = nil) -> [String] {
        var notes: [String] = []
        if stored.kind != expected.kind {
            notes.append("the file holds a \(stored.kind.rawValue) case; the lesson declares a \(expected.kind.rawValue) one")
        }
        if stored.seed != expected.seed {
            notes.append(
                "the file's seed is \(stored.seed.map(String.init) ?? "null"); the lesson's is \(expected.seed.map(String.init) ?? "null")")
        }
        let storedParameters = Dictionary(stored.parameters, uniquingKeysWith: { a, _ in a })
        let expectedParameters = Dictionary(expected.parameters, uniquingKeysWith: { a, _ in a })
        // Compared as values: 33 and 33.0 are the same input.
        func canonical(_ json: JSON?) -> String? {
            func walk(_ value: JSON) -> JSON {
                switch value {
                case .integer(let n): return .number(Double(n))
                case .array(let items): return .array(items.map(walk))
                case .object(let pairs): return .object(pairs.map { ($0.0, walk($0.1)) })
                default: return value
                }
            }
            return json.map { walk($0).serialized(sortedKeys: true) }
        }
        let differing = Set(storedParameters.keys).union(expectedParameters.keys).filter {
            canonical(storedParameters[$0]) != canonical(expectedParameters[$0])
        }
        if !differing.isEmpty {
            let names = differing.sorted().prefix(5).map { $0.excerpt(limit: 24) }.joined(separator: ", ")
            notes.append("the file's parameters differ from the inputs the lesson declares (\(names)\(differing.count > 5 ? ", …" : ""))")
        }
        if stored.notReproducible != expected.notReproducible {
            notes.append(
                "the file's not_reproducible is \(describe(stored.notReproducible.map(JSON.string) ?? .null)); "
                    + "the lesson declares \(describe(expected.notReproducible.map(JSON.string) ?? .null))")
        }
        let expectedOutputs = Dictionary(expected.outputs, uniquingKeysWith: { a, _ in a })
        let undeclared = stored.outputs.map(\.0).filter { expectedOutputs[$0] == nil }
        for name in undeclared.prefix(5) { notes.append("output \"\(name.excerpt())\" is not one the lesson declares for this case") }
        if undeclared.count > 5 { notes.append("… and \(undeclared.count - 5) more outputs the lesson does not declare") }
        for (name, output) in stored.outputs {
            guard let declared = expectedOutputs[name] else { continue }
            if output.tolerance != declared.tolerance {
                notes.append(
                    "\(name): the file's tolerance is \(output.tolerance.summary); the lesson declares \(declared.tolerance.summary)")
            }
            if output.printed != declared.printed {
                if let text = declared.printed, let file = printedIn {
                    notes.append("\(name): the fixture holds \(quoted(output.printed)), \(file) prints \(quoted(text))")
                } else if let text = declared.printed {
                    notes.append(
                        "\(name): the file's printed text \(describe(output.printed.map(JSON.string) ?? .null)) "
                            + "is not the notebook's \"\(text.excerpt())\" that the lesson declares")
                } else {
                    notes.append("\(name): a recorded case holds no printed text")
                }
            }
            if declared.printed != nil, !output.value.isIdentical(to: declared.value) {
                notes.append("\(name): the file's values are not what the notebook's printed text reads as")
            }
        }
        return notes
    }

    /// A printed text for a note: one line, at most 60 characters.
    private func quoted(_ text: String?) -> String {
        guard let text else { return "no printed text" }
        let line = text.replacing("\n", with: "⏎")
        return "\"" + (line.count <= 60 ? line : String(line.prefix(60)) + "…") + "\""
    }
}
