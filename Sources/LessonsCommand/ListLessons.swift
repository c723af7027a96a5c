import ArgumentParser
import LessonKit

/// `lessons list`: every lesson with its title, cells, parameters and defaults.
struct ListLessons: LessonsSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the lessons, their notebook cells, parameters and defaults.")

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        var lines: [String] = []
        for lesson in registry.lessons {
            lines.append("\(lesson.id) — \(lesson.title) (\(lesson.source))")
            let width = max(lesson.parameters.map(\.name.count).max() ?? 0, lesson.defaultSeed == nil ? 0 : 6)
            if let seed = lesson.defaultSeed {
                lines.append("    \("--seed".padding(to: width))  default \(seed) — np.random.seed for the draws; a whole number from 0 to 4294967295")
            }
            for parameter in lesson.parameters {
                let name = parameter.name.padding(to: width)
                let value = parameter.defaultValue.map { "default \($0.settingText)" } ?? "drawn from the seed"
                lines.append("    \(name)  \(value) — \(parameter.summary); \(parameter.expected)")
            }
            lines.append("    outputs: \(lesson.outputs.joined(separator: ", "))")
            lines.append("")
        }
        lines.append("Run one with: lessons run ID [--seed N] [--set NAME=VALUE]… [--trace] [--plot FILE.svg] [--format text|json]")
        console.out(lines.joined(separator: "\n"))
        return ExitStatus.success
    }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
