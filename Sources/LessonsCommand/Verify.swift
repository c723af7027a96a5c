import ArgumentParser
import Harness
import LessonKit

/// `lessons verify`: run every fixture case and compare.
struct Verify: LessonsSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Check lessons against their golden fixtures.",
        discussion: "Exits 0 only when every case matches; 1 when a value or structure differs; 65 when a fixture is damaged.")

    @OptionGroup var options: FixtureOptions

    @Option(help: "Report format: text or json.")
    var format: OutputFormat = .text

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        let report = try options.store(registry).verify(options.ids, notebook: options.notebookSource())
        switch format {
        case .text: console.out(report.text)
        case .json: console.out(report.json.serialized(indent: 2))
        }
        for lesson in report.lessons where lesson.status == .damaged {
            console.err("error: \(lesson.error ?? lesson.fixture)")
        }
        if report.hasDamagedFixture { return ExitStatus.badData }
        return report.passed ? ExitStatus.success : ExitStatus.checkFailed
    }
}
