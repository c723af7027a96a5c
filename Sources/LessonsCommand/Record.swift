import ArgumentParser
import Arithmetic
import Harness
import LessonKit
import Notebook
import Oracle

extension RecordMode: NamedValues {}

/// Where `record` takes recorded values from.
enum RecordSource: String, NamedValues {
    case swift, numpy
}

/// `lessons record`: regenerate fixtures after an intended change.
struct Record: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "record",
        abstract: "Create or rewrite golden fixtures (notebook cases are never rewritten).",
        discussion: """
            --mode missing creates absent fixtures only; failed rewrites the recorded cases that fail; \
            all rewrites every recorded case. Refuses to write when CI is set to a true value, unless --force.
            """) }

    @OptionGroup var options: FixtureOptions

    @Option(help: "missing, failed or all.")
    var mode: RecordMode = .missing

    @Option(help: "Compute recorded values with the Swift lessons (swift) or the NumPy reference (numpy).")
    var from: RecordSource = .swift

    @Flag(help: "Write even when the CI environment variable is set.")
    var force = false

    @Option(parsing: .unconditional, help: "Seconds NumPy may take over one case, with --from numpy.")
    var timeout: Int = 300

    func validate() throws {
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, got \(timeout)") }
    }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        if isTruthy(environment["CI"]) && !force {
            throw CommandFailure(
                "refusing to record fixtures because CI=\(environment["CI"] ?? "") is set: a CI run must never turn a failure into a pass (use --force to override)",
                status: ExitStatus.badInput)
        }
        // Each line quotes paths from the disk: control characters escaped, as verify's report.
        func say(_ line: String) { console.out(line.excerpt(limit: .max)) }
        let store = try options.store(registry, mustExist: false, environment: environment)
        if store.arithmetic != .canonical && options.isPackageFolder {
            throw CommandFailure(
                "refusing to record \(store.arithmetic.name) values into \(options.fixtures), which holds the canonical arithmetic's "
                    + "(\(Arithmetic.canonical.name)): name a folder of their own with --fixtures DIR",
                status: ExitStatus.badInput)
        }
        for file in store.removeStaleTemporaryFiles() { say("removed   \(file) (a temporary file an interrupted write left)") }
        let outcomes: [RecordOutcome]
        let recorder: Recorder
        do {
            recorder = from == .swift ? .swift : try .numpy(NumPyOracle(timeout: .seconds(timeout), environment: environment))
        } catch let error as OracleError {
            throw CommandFailure(error.description, status: ExitStatus.badData)
        }
        let notebook = try options.notebookSource()
        do { outcomes = try store.record(options.chosenIds(registry), mode: mode, recorder: recorder, notebook: notebook) } catch let error as OracleError {
            throw CommandFailure(error.description, status: ExitStatus.badData)
        } catch let error as NotebookSourceError {
            // A notebook that reads but disagrees with the lessons is a failed check, not a damaged file.
            if case .verdict = error { throw CommandFailure("refusing to record: \(error)", status: ExitStatus.checkFailed) }
            throw CommandFailure(error.description, status: ExitStatus.badData)
        } catch let error as RecordRefusal {
            throw CommandFailure(error.description, status: ExitStatus.checkFailed)
        } catch let error as FixtureError {
            if case .cannotWrite = error { throw CommandFailure(error.description, status: ExitStatus.cannotWrite) }
            throw CommandFailure("\(error); refusing to overwrite it (move it away to record it afresh)", status: ExitStatus.badData)
        }
        for outcome in outcomes {
            var parts = outcome.rewritten.map { $0.excerpt() }
            if !outcome.removed.isEmpty {
                parts.append("removed undeclared: " + outcome.removed.prefix(10).map { $0.excerpt() }.joined(separator: ", "))
            }
            let detail = parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))"
            say("\(outcome.action.rawValue.padding(to: 9)) \(outcome.fixture)\(detail)")
        }
        for file in store.unownedFixtures() { say("unowned   \(file): no lesson owns this fixture") }
        return ExitStatus.success
    }
}
