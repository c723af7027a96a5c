import ArgumentParser
import Harness
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `lessons verify`: run every fixture case and compare.
struct Verify: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "verify",
        abstract: "Check lessons against their golden fixtures.",
        discussion: """
            The file is trusted only for the expected values of recorded cases; which cases exist, their kinds, \
            inputs, tolerances and notebook flags come from the lesson, and printed text from the notebook kept \
            with the fixtures (notebook/chapter4.txt, in the cells the lesson declares). The book's printed values \
            are checked too, as cases of their own kind. Exits 0 only when every case matches; 1 when a value or \
            structure differs; 65 when a fixture or that notebook is damaged.
            """) }

    @OptionGroup var options: FixtureOptions

    @Option(help: "Report format: text or json.")
    var format: OutputFormat = .text

    @Option(
        name: .customLong("file"),
        help: ArgumentHelp(
            "Check this file instead of the lesson's fixture (repeatable; needs exactly one lesson id).", valueName: "FIXTURE.json.gz"))
    var files: [String] = []

    @Flag(help: "One line per fixture: the exit status it alone would give, the file, and the summary or the error.")
    var brief = false

    func validate() throws {
        if files.contains("") { throw ValidationError("--file needs a path; an empty one would name the current folder") }
        if !files.isEmpty && options.ids.count != 1 {
            throw ValidationError("--file needs exactly one lesson id, as in: \(Tool.name) verify gradient --file candidate.json.gz")
        }
    }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        let store = try options.store(registry, mustExist: files.isEmpty, environment: environment)
        let notebook = try options.notebookSource()
        let report: VerifyReport
        if files.isEmpty {
            report = try store.verify(options.chosenIds(registry), notebook: notebook)
        } else {
            let lesson = try registry.lesson(options.ids[0])
            report = VerifyReport(lessons: store.verify(lesson, files: files.map { URL(filePath: $0) }, notebook: notebook), unowned: [])
        }
        if brief {
            for lesson in report.lessons {
                console.out("\(status(lesson))\t\(lesson.fixture.excerpt(limit: .max))\t\(errorLine(lesson.summary))")
            }
            for file in report.unowned { console.out("\(ExitStatus.checkFailed)\t\(file.excerpt(limit: .max))\tno lesson owns this fixture") }
            for file in report.staleTemporaryFiles { console.out("\(ExitStatus.success)\t\(file.excerpt(limit: .max))\tstale temporary file") }
        } else {
            switch format {
            case .text: console.out(report.text)
            case .json: console.out(report.json.serialized(indent: 2))
            }
            for lesson in report.lessons where lesson.status == .damaged {
                console.err("error: \(errorLine(lesson.error ?? lesson.fixture))")
            }
        }
        if report.hasDamagedFixture { return ExitStatus.badData }
        return report.passed ? ExitStatus.success : ExitStatus.checkFailed
    }

    private func status(_ lesson: LessonReport) -> Int32 {
        switch lesson.status {
        case .passed: return ExitStatus.success
        case .failed: return ExitStatus.checkFailed
        case .damaged: return ExitStatus.badData
        }
    }
}
