import ArgumentParser
import LessonKit

/// `lessons list`: every lesson with its title, cells, parameters and defaults.
struct ListLessons: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "list", abstract: "List the lessons, their notebook cells, parameters and defaults.") }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        let columns = terminalWidth(environment)
        var lines: [String] = []
        // `head` then `text`, the text wrapped within the terminal with its
        // later lines indented by `indent` (under the head when it is that wide).
        func add(_ head: String, _ text: String, indent: Int) {
            let wrapped = TerminalText.wrapped(text, width: columns - indent).split(separator: "\n", omittingEmptySubsequences: false)
            let pad = String(repeating: " ", count: indent)
            if head.count > indent { lines.append(String(head.reversed().drop { $0 == " " }.reversed())) }
            lines += wrapped.enumerated().map { $0.offset == 0 && head.count <= indent ? head.padding(to: indent) + $0.element : pad + $0.element }
        }
        for lesson in registry.lessons {
            add("", "\(lesson.id) — \(lesson.title)" + (lesson.source.isEmpty ? "" : " (\(lesson.source))"), indent: 0)
            let width = max(lesson.parameters.map(\.name.count).max() ?? 0, lesson.defaultSeed == nil ? 0 : 6)
            // Past a third of the screen the names' column is not worth keeping clear.
            let indent = 4 + width + 2 <= columns / 3 ? 4 + width + 2 : 8
            if let seed = lesson.defaultSeed {
                add("    \("--seed".padding(to: width))  ", "default \(seed) — np.random.seed for the draws; a whole number from 0 to 4294967295", indent: indent)
            }
            for parameter in lesson.parameters {
                let name = parameter.name.padding(to: width)
                let value = parameter.defaultValue.map { "default \($0.settingText)" } ?? "drawn from the seed"
                add("    \(name)  ", "\(value) — \(parameter.summary); \(parameter.expected)", indent: indent)
            }
            add("    outputs: ", lesson.outputs.joined(separator: ", "), indent: 13)
            lines.append("")
        }
        add("", "Run one with: \(Tool.name) run ID [--seed N] [--set NAME=VALUE]… [--trace] [--plot FILE.svg] [--format text|json]", indent: 0)
        console.out(lines.joined(separator: "\n"))
        return ExitStatus.success
    }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
