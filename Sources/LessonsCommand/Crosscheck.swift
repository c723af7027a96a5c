import ArgumentParser
import LessonKit
import Oracle

/// `lessons crosscheck`: varied cases through Swift and through NumPy.
struct Crosscheck: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Run varied cases through each lesson and its NumPy reference, and compare.",
        discussion: """
            0 ulps for outputs of plain arithmetic, at most 4 ulps where exp or log enter; non-finite values \
            must agree in kind. Also checks NumPy's legacy RNG draws against the Swift stream. Needs python3 \
            with NumPy (LESSONS_PYTHON picks the interpreter).
            """) }

    @Argument(help: "Lessons to check (default: all).", completion: .list(LessonsCommand.completionIds))
    var ids: [String] = []

    // Unconditional, so `--cases -1` reaches validate() and is refused with the range.
    @Option(parsing: .unconditional, help: "Varied cases per lesson (and RNG sequences), 1 … 100000.")
    var cases: Int = 100

    @Option(parsing: .unconditional, help: "Seed the cases are drawn from, 0 … 4294967295.")
    var seed: String = "0"

    @Option(parsing: .unconditional, help: "Seconds NumPy may take over one case, at least 1.")
    var timeout: Int = 300

    func validate() throws {
        guard cases >= 1 && cases <= 100_000 else { throw ValidationError("--cases must be from 1 to 100000, got \(cases)") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, got \(timeout)") }
    }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        guard let sweepSeed = try parseSeed(seed), let exact = UInt32(exactly: sweepSeed) else { throw LessonError.seedOutOfRange(seed) }
        let oracle = NumPyOracle(timeout: .seconds(timeout), environment: environment)
        let report: CrossCheck.Report
        do {
            report = try CrossCheck(registry: registry, oracle: oracle).run(ids, count: cases, seed: exact)
        } catch let error as OracleError {
            throw CommandFailure(error.description, status: ExitStatus.badData)
        }
        console.out(report.text)
        return report.passed ? ExitStatus.success : ExitStatus.checkFailed
    }
}
