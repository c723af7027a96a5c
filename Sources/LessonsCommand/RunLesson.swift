import ArgumentParser
import Arithmetic
import FileAccess
import LessonKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Narration.Language: NamedValues {}

/// `lessons run ID`: one lesson, as a notebook transcript or as JSON.
struct RunLesson: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "run", abstract: "Run one lesson and print its outputs.",
        discussion: """
            VALUE is a number (1e-4, nan, inf), a comma list (-3,4), a JSON array ([[1,2,3],[4,5,6]] for a \
            matrix), or for `function` an expression such as 'x0^2 + x1^2'.

            An expression uses numbers, x (derivative) or x0, x1, … and x[0], x[1], … (the other lessons), \
            + - * /, ^ or ** (right-associative, tighter than unary minus, as in Python), parentheses\
            \(constantsHelp), and the functions \(Expression.functions.keys.sorted().joined(separator: ", ")). \
            In the other lessons x alone is the whole vector, as the book writes it, operations on it \
            are element-wise, and sum adds one up by NumPy's pairwise sum: 'sum(x^2)' is np.sum(x**2), \
            and it mixes with coordinates ('sum(x^2) + x0*x[1]').

            Examples:
              \(Tool.name) run derivative --set 'function=exp(x)' --set x=1 --trace
              \(Tool.name) run descent --set lr=10 --set init=-3,4 --plot diverging.svg
              \(Tool.name) run gradient --set 'function=sum(x^2)' --set x=1,2,3,4
              \(Tool.name) run simplenet --seed 7 --set t=0,0,1 --outputs y,loss
              \(Tool.name) run simplenet --arithmetic haswell-libm --trace
            """) }

    /// The constants an expression knows, in words, when the parser has any.
    static var constantsHelp: String {
        let known = Expression.constants.keys.sorted()
        return known.isEmpty ? "" : ", the constants \(known.joined(separator: " and "))"
    }

    @Argument(help: "The lesson to run (see '\(Tool.name) list').", completion: .list(LessonsCommand.completionIds))
    var id: String

    @Option(parsing: .unconditional, help: "Seed for NumPy's legacy RNG, 0 … 4294967295 (lessons that draw numbers only).")
    var seed: String?

    @Option(
        name: .customLong("set"), help: ArgumentHelp("Set a parameter (see '\(Tool.name) list').", valueName: "NAME=VALUE"),
        completion: .list(LessonsCommand.completionParameters))
    var settings: [String] = []

    @Option(help: "Output format: text (a notebook-like transcript) or json.")
    var format: OutputFormat = .text

    @Option(help: "Language of the explanation: en or zh (default: from LC_ALL or LANG).")
    var lang: Narration.Language?

    @Flag(name: [.short, .long], help: "Print only the outputs, without the explanation, the inputs and the notes on the run.")
    var quiet = false

    @Flag(help: "Also print the steps behind the result as a table (f(x ± h), each descent step, …).")
    var trace = false

    @Option(help: ArgumentHelp("Print only these outputs (all: every one; by default a transcript shows the lesson's highlights).", valueName: "NAME[,NAME]"))
    var outputs: String?

    @Option(help: ArgumentHelp("Also write a figure of the run as SVG.", valueName: "FILE.svg"))
    var plot: String?

    @Option(help: ArithmeticChoice.help)
    var arithmetic: ArithmeticChoice = .named(.canonical)

    /// `lessons run` in its plainest spelling, read without ArgumentParser:
    /// the id and `--name value` options and flags, each single-valued one at
    /// most once, no value that starts with `-` or is empty. That covers the
    /// runs a learner types and a benchmark times; ArgumentParser's parse,
    /// which builds every option from the runtime's reflection, costs more
    /// than the whole of a short run (docs/speed.md). Anything else —
    /// `--set=x=1`, `-qt`, `--`, help, a bad value, a failed validation —
    /// returns nil, and ArgumentParser parses the whole line, so
    /// errors, help and completion have one source. A test checks that
    /// whatever this accepts, ArgumentParser parses to the same command.
    static func plain(_ arguments: [String]) -> RunLesson? {
        guard arguments.first == "run" else { return nil }
        var id: String?
        var seed: String?
        var settings: [String] = []
        var format: OutputFormat?
        var lang: Narration.Language?
        var quiet = false
        var trace = false
        var outputs: String?
        var plot: String?
        var arithmetic: ArithmeticChoice?
        var words = arguments.dropFirst()
        while let word = words.popFirst() {
            switch word {
            case "-q", "--quiet":
                guard !quiet else { return nil }
                quiet = true
            case "--trace":
                guard !trace else { return nil }
                trace = true
            case "--seed", "--set", "--format", "--lang", "--outputs", "--plot", "--arithmetic":
                guard let value = words.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
                switch word {
                case "--set": settings.append(value)
                case "--seed" where seed == nil: seed = value
                case "--format" where format == nil:
                    guard let named = OutputFormat(argument: value) else { return nil }
                    format = named
                case "--lang" where lang == nil:
                    guard let named = Narration.Language(argument: value) else { return nil }
                    lang = named
                case "--outputs" where outputs == nil: outputs = value
                case "--plot" where plot == nil: plot = value
                case "--arithmetic" where arithmetic == nil:
                    guard let named = ArithmeticChoice(argument: value) else { return nil }
                    arithmetic = named
                default: return nil
                }
            default:
                guard id == nil, !word.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
                id = word
            }
        }
        guard let id else { return nil }
        var command = RunLesson()
        command.id = id
        command.seed = seed
        command.settings = settings
        command.format = format ?? .text
        command.lang = lang
        command.quiet = quiet
        command.trace = trace
        command.outputs = outputs
        command.plot = plot
        command.arithmetic = arithmetic ?? .named(.canonical)
        guard (try? command.validate()) != nil else { return nil }
        return command
    }

    func validate() throws {
        // The figure is SVG whatever the name says: x.png would be an SVG that image viewers refuse.
        // A path ending in "/", ".", or ".." names a folder, which writing refuses (73) whatever its name;
        // a name's leading dot (.figure) hides it and is no extension.
        if let plot, !plot.hasSuffix("/") {
            let name = plot.split(separator: "/").last.map(String.init) ?? plot
            if name != ".", name != "..", let dot = name.lastIndex(of: "."), dot != name.startIndex,
                name[name.index(after: dot)...].lowercased() != "svg"
            {
                throw ValidationError("--plot writes an SVG figure: name it FILE.svg, not '\(name.excerpt())'")
            }
        }
    }

    /// Runs the lesson and prints it: the explanation, the inputs, the outputs
    /// (text or JSON), the notes, the trace and summary, and the figure. One
    /// function because its order is the transcript's, read top to bottom, and
    /// each step decides from the ones before it what the next prints.
    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        let lesson = try registry.lesson(id)
        try refuseRepeatedSettings(settings)
        let named = try namedOutputs(of: lesson)
        let chosen = try arithmetic.resolved(for: lesson.arithmeticParts, environment: environment)
        let seed = try parseSeed(seed)
        let values = try Self.values(of: lesson, settings: settings)
        let language = lang ?? .fromEnvironment(environment)
        let width = terminalWidth(environment)
        // Figures, tables and the heading go into Chinese by the lesson's glossary.
        let chinese = language == .chinese
        let glossary = lesson.glossary.adding(.common)
        let words: (String) -> String = { chinese ? glossary.chinese($0) : $0 }
        let transcript = format == .text && !quiet
        // The point of the lesson first: a run long enough for a progress
        // line prints the explanation as the line appears, to be read while
        // it works; any other prints it with the outputs.
        let story = transcript ? TerminalText.wrapped(lesson.narration.text(in: language), width: width) : ""
        let told = Mutex(false)
        let tell: @Sendable () -> Void = {
            told.withLock { told in
                if !told && !story.isEmpty { console.out(story + "\n") }
                told = true
            }
        }
        let progress = RunProgress.install(enabled: transcript, before: tell)
        let run: Run
        let stopped: String?
        do {
            (run, stopped) = try lesson.runKeepingWhatWasDone(seed: seed, values: values, arithmetic: chosen)
            progress?.finish()
        } catch {
            progress?.finish()
            throw error
        }
        // A run stopped by Ctrl-C prints what it did as a transcript; JSON and
        // --quiet output are for scripts, which must not take part of a run for all of it.
        if let stopped, !transcript { throw LessonError.interrupted(lesson: lesson.id, at: stopped) }
        // By default a transcript shows the lesson's highlights and names the rest.
        let shown = named ?? (transcript ? lesson.highlights : lesson.outputs)
        // A run that cannot be drawn still prints its outputs; the reason follows them.
        var svg: String?
        var noFigure: String?
        if plot != nil {
            do { svg = try lesson.figure(run).mappingText(words).svg() } catch { noFigure = "\(error)" }
        }
        // JSON carries the trace as the lesson wrote it; a transcript in its language.
        let traced = trace ? lesson.trace(run) : nil
        let tracedText = traced.map { "\(chinese ? "逐步过程：" : "Trace:")\n" + $0.mappingText(words).text(width: width) }
            ?? (chinese ? "'\(lesson.id)' 这一课没有可显示的逐步过程" : "lesson '\(lesson.id)' has no trace to show")
        switch format {
        case .json:
            console.outUTF8(run.jsonUTF8(outputs: shown, extra: traced.map { [("trace", Self.json($0))] } ?? []))
        case .text where quiet:
            console.out(
                run.outputs.filter { shown.contains($0.name) }.map { "\($0.name) = \(NumPyFormat.arrayRepr($0.value))" }.joined(
                    separator: "\n"))
        case .text:
            tell()
            // The heading names the lesson in the run's language, and a drawn
            // input says so in it; values and outputs are as they are.
            let lines = run.transcript(outputs: shown).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let firstOutput = lines.firstIndex { $0.hasPrefix("Out[") } ?? lines.count
            console.out(
                lines.enumerated().map { index, line in
                    index == 0 ? words(line) : index < firstOutput && chinese ? Glossary.common.chinese(line) : line
                }.joined(separator: "\n"))
            let others = run.outputs.filter { !shown.contains($0.name) }
            if named == nil, !others.isEmpty {
                let listed = others.map { "\($0.name) \($0.value.shapeDescription)" }.joined(separator: ", ")
                let line =
                    language == .chinese
                    ? "另外还算出了 \(listed)：用 --outputs NAME 或 --outputs all 打印它们，--format json 包含全部数值。"
                    : "Also computed: \(listed); --outputs NAME or --outputs all prints them, and --format json has every value."
                console.out("\n" + TerminalText.wrapped(line, width: width))
            }
            if !trace, named == nil, let summary = lesson.summary(run, language: language)?.mappingText(words) {
                console.out("\n" + (language == .chinese ? "摘要：" : "Summary:") + "\n" + summary.text(width: width))
            }
        }
        if transcript {
            if trace {
                console.out("\n" + tracedText)
            }
            let notes = lesson.notes(run, language: language)
            if !notes.isEmpty {
                let heading = language == .chinese ? "关于这次运行：" : "About this run:"
                console.out("\n" + heading + "\n" + notes.map { bulleted($0, width: width) }.joined(separator: "\n"))
            }
        } else if format == .text, trace {
            console.out("\n" + tracedText)
        }
        if let noFigure { console.err("no figure written: \(noFigure)") }
        if let plot, let svg {
            try writeFile(svg, to: plot, what: "figure")
            if transcript { console.out(chinese ? "\n图已写入 \(plot)" : "\nwrote the figure to \(plot)") }
        }
        if let stopped {
            throw CommandFailure(
                "\(lesson.id) stopped by Ctrl-C \(stopped); the outputs above are those of the steps done before it", status: 130)
        }
        // The outputs stand, but what --plot asked for was not made: a script must not go on as if it were.
        return noFigure == nil ? ExitStatus.success : ExitStatus.badInput
    }

    /// The most a `--set NAME=@FILE` file may hold: 256 MiB, room for the
    /// 10 million numbers a constructor may make.
    static let valueFileLimit = 256 << 20

    /// The values the settings give; `NAME=@FILE` reads a vector or matrix
    /// from FILE (a JSON array, or one number a line), for values too long
    /// for a shell argument.
    static func values(of lesson: any Lesson, settings: [String]) throws -> [String: ParameterValue] {
        var written: [String] = []
        var read: [String: ParameterValue] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="),
                case let value = String(setting[setting.index(after: equals)...]).trimmingWhitespace(), value.hasPrefix("@")
            else {
                written.append(setting)
                continue
            }
            let name = String(setting[..<equals]).trimmingWhitespace()
            let parameter = try lesson.parameter(named: name)
            let file = String(value.dropFirst())
            let bytes: [UInt8]
            do throws(Files.Failure) { bytes = try Files.read(file, limit: valueFileLimit) } catch {
                let why: String
                switch error {
                case .missing: why = "no such file"
                case .notRegularFile(let kind): why = "not a regular file (\(kind))"
                case .tooLarge(let size): why = "\(size) bytes, more than the \(valueFileLimit) a value file may hold"
                case .unreadable(let reason): why = "cannot read (\(reason))"
                }
                throw CommandFailure("\(name): @\(file.excerpt()): \(why)", status: ExitStatus.cannotRead)
            }
            read[name] = try ParameterValue(fileText: String(decoding: bytes, as: UTF8.self), file: file, as: parameter.kind, for: name)
        }
        return try lesson.values(settings: written).merging(read) { _, fromFile in fromFile }
    }

    /// The outputs `--outputs` names, in the lesson's order (`all`: every
    /// one), or nil when it is not given.
    func namedOutputs(of lesson: any Lesson) throws -> [String]? {
        guard let outputs else { return nil }
        let names = outputs.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            throw CommandFailure("--outputs expects NAME[,NAME] or all, got '\(outputs)'", status: ExitStatus.badInput)
        }
        if names == ["all"] && !lesson.outputs.contains("all") { return lesson.outputs }
        for name in names where !lesson.outputs.contains(name) {
            throw CommandFailure(
                "lesson '\(lesson.id)' has no output '\(name)'; "
                    + "its outputs are: \(lesson.outputs.joined(separator: ", "))\(didYouMean(name, among: lesson.outputs))",
                status: ExitStatus.badInput)
        }
        return lesson.outputs.filter(names.contains)
    }

    /// A trace as the JSON output carries it: its columns and its rows of text.
    static func json(_ trace: Trace) -> JSON {
        .object([
            ("columns", .array(trace.columns.map(JSON.string))),
            ("rows", .array(trace.rows.map { .array($0.map(JSON.string)) })),
        ])
    }
}

/// A note as a list item: "- " before its first line, two spaces before the others.
func bulleted(_ text: String, width: Int) -> String {
    TerminalText.wrapped(text, width: width - 2).split(separator: "\n").enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }
        .joined(separator: "\n")
}

/// The width to wrap narration to: `COLUMNS`, else the terminal's width,
/// else 80; kept within 40 … 100 so lines stay readable.
func terminalWidth(_ environment: [String: String]) -> Int {
    var width = 80
    if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
        width = columns
    } else if isatty(1) != 0 {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
    }
    return min(100, max(40, width))
}

/// Reads `--seed`: a whole number; range is checked against NumPy's limits
/// when the lesson runs, so the message can quote the value.
func parseSeed(_ text: String?) throws(LessonError) -> Int64? {
    guard let text else { return nil }
    let trimmed = text.trimmingWhitespace()
    if let value = Int64(trimmed) { return value }
    let digits = trimmed.drop { $0 == "-" || $0 == "+" }
    // ASCII digits only: a fullwidth "１" is a character Swift calls a number, but no seed.
    if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { throw .seedOutOfRange(text) }
    throw .badValue(parameter: "--seed", value: text, expected: "a whole number from 0 to 4294967295")
}
