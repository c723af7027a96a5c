import ArgumentParser
import Foundation
import LessonKit

extension Narration.Language: ExpressibleByArgument {}

/// `lessons run ID`: one lesson, as a notebook transcript or as JSON.
struct RunLesson: LessonsSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run one lesson and print its outputs.",
        discussion: """
            VALUE is a number (1e-4), a comma list (-3,4), a JSON array ([[1,2,3],[4,5,6]] for a \
            matrix), or for `function` an expression such as 'x0^2 + x1^2'.
            """)

    @Argument(help: "The lesson to run (see 'lessons list').")
    var id: String

    @Option(parsing: .unconditional, help: "Seed for NumPy's legacy RNG, 0 … 4294967295 (lessons that draw numbers only).")
    var seed: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a parameter.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: "Output format: text (a notebook-like transcript) or json.")
    var format: OutputFormat = .text

    @Option(help: "Language of the explanation: en or zh (default: from LC_ALL or LANG).")
    var lang: Narration.Language?

    @Flag(help: "Print only the outputs, without the explanation and the inputs.")
    var quiet = false

    @Option(help: ArgumentHelp("Also write a figure of the run as SVG.", valueName: "FILE.svg"))
    var plot: String?

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        let lesson = try registry.lesson(id)
        try refuseRepeatedSettings(settings)
        let run = try lesson.run(seed: try parseSeed(seed), settings: settings)
        // Draw before printing, so a run that cannot be drawn prints only the reason.
        let figure = try plot.map { _ in try lesson.figure(run) }
        switch format {
        case .json:
            console.out(run.json.serialized())
        case .text where quiet:
            console.out(run.outputs.map { "\($0.name) = \(NumPyFormat.arrayRepr($0.value))" }.joined(separator: "\n"))
        case .text:
            let story = lesson.narration.text(in: lang ?? .fromEnvironment(environment))
            console.out(story.isEmpty ? run.transcript : story + "\n\n" + run.transcript)
        }
        if let plot, let figure {
            try writeFile(figure.svg(), to: plot, what: "figure")
            if !quiet && format == .text { console.out("\nwrote the figure to \(plot)") }
        }
        return ExitStatus.success
    }
}

/// Reads `--seed`: a whole number; range is checked against NumPy's limits
/// when the lesson runs, so the message can quote the value.
func parseSeed(_ text: String?) throws(LessonError) -> Int64? {
    guard let text else { return nil }
    let trimmed = text.trimmingWhitespace()
    if let value = Int64(trimmed) { return value }
    let digits = trimmed.drop { $0 == "-" || $0 == "+" }
    if !digits.isEmpty, digits.allSatisfy(\.isNumber) { throw .seedOutOfRange(text) }
    throw .badValue(parameter: "--seed", value: text, expected: "a whole number from 0 to 4294967295")
}
