import Bench
import Foundation
import LessonCatalog
import LessonKit
import Oracle
import Testing

@testable import LessonsCommand

/// A `lessons` command as README.md or a guide shows it.
struct GuideCommand: Sendable, CustomTestStringConvertible {
    /// The file, relative to the package root.
    let file: String
    /// The command as written, without its comment.
    let shown: String
    /// `NAME=value` words before the program.
    let environment: [String: String]
    /// The words after `lessons`, as a shell splits them; a redirection
    /// (`> FILE`) is left out, since the test reads what is printed.
    let arguments: [String]

    var testDescription: String { "\(file): \(shown)" }
}

/// Finding the commands: every line of a shell code block (```sh) that runs
/// `lessons`, directly or through `swift run`, after any `NAME=value`
/// words, and every inline code span of prose that starts so through
/// `swift run`. A bare `lessons …` span in prose names a command rather
/// than showing one (`lessons notebook`, `lessons run ID`), so only a
/// `swift run` span counts there.
enum GuideCommands {
    static let found: (commands: [GuideCommand], otherTools: [String], placeholders: [String]) = {
        var commands: [GuideCommand] = []
        var otherTools: [String] = []
        var placeholders: [String] = []
        for url in documentationFiles {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let file = String(String(url.path.dropFirst(packageRoot.path.count)).trimmingPrefix("/"))
            var fence: String?
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("```") {
                    fence = fence == nil ? String(line.dropFirst(3)) : nil
                    continue
                }
                var candidates: [(text: String, inBlock: Bool)] = []
                if let fence {
                    guard ["sh", "bash", "shell", "console"].contains(fence), !line.isEmpty, !line.hasPrefix("#") else { continue }
                    candidates = [(String(line.trimmingPrefix("$ ")), true)]
                } else {
                    let spans = line.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                    candidates = spans.filter { $0.offset % 2 == 1 }.map { (String($0.element), false) }
                }
                for (candidate, inBlock) in candidates {
                    let (words, shown) = shellWords(candidate)
                    var index = 0
                    var environment: [String: String] = [:]
                    while index < words.count, let equals = words[index].firstIndex(of: "="),
                        words[index][..<equals].allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), equals != words[index].startIndex
                    {
                        environment[String(words[index][..<equals])] = String(words[index][words[index].index(after: equals)...])
                        index += 1
                    }
                    let start = index
                    var throughSwiftRun = false
                    if index + 1 < words.count, words[index] == "swift", words[index + 1] == "run" {
                        throughSwiftRun = true
                        index += 2
                        while index < words.count, words[index].hasPrefix("-") {
                            index += ["-c", "--configuration"].contains(words[index]) ? 2 : 1
                        }
                    }
                    guard index < words.count, words[index] == "lessons", inBlock || throughSwiftRun else {
                        if inBlock && start < words.count { otherTools.append("\(file): \(shown)") }
                        continue
                    }
                    var arguments = Array(words[(index + 1)...])
                    if let redirect = arguments.firstIndex(of: ">") { arguments.removeSubrange(redirect...min(redirect + 1, arguments.count - 1)) }
                    // `ID`, `FILE`, `NAME=VALUE`: a form to fill in, not a command.
                    if arguments.contains(where: { word in word.count > 1 && word.split(separator: "=").allSatisfy { $0.allSatisfy(\.isUppercase) } }) {
                        placeholders.append("\(file): \(shown)")
                        continue
                    }
                    commands.append(GuideCommand(file: file, shown: shown, environment: environment, arguments: arguments))
                }
            }
        }
        return (commands, otherTools, placeholders)
    }()

    /// Words as a shell splits these lines: at spaces outside single or
    /// double quotes, up to a `#` that starts a word. Also the text before
    /// the comment, trimmed.
    static func shellWords(_ line: String) -> (words: [String], shown: String) {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var end = line.endIndex
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if character == "#" && !inWord {
                end = index
                break
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord && end == line.endIndex { words.append(word) }
        return (words, line[..<end].trimmingCharacters(in: .whitespaces))
    }

    /// Commands that are not run, each with the reason; they are parsed by
    /// the command's own parser and checked against the registered lessons,
    /// their parameters and the values given. Each must still be shown.
    static let notRun: [String: String] = [
        "swift run lessons crosscheck --cases 500":
            "500 NumPy cases per lesson: minutes, most of them NumPy's (CI cross-checks 100 cases per lesson of the release build)",
        "LESSONS_NUMPY_KERNELS=baseline swift run lessons crosscheck":
            "100 NumPy cases per lesson with NumPy's baseline loops: about 90 s, most of them NumPy's",
        "swift run lessons record --from numpy --mode all":
            "every recorded case of every lesson computed by NumPy, training's included: minutes",
        "swift run lessons data fetch mnist":
            "downloads 11.6 MB from the network",
        "swift run -c release lessons bench":
            "times every work five times on both sides, a million-step descent in NumPy included: minutes, in a release build",
    ]

    /// Commands that use NumPy: run where python3 has it, else only parsed.
    static let needNumPy: Set<String> = [
        "swift run -q lessons run simplenet --arithmetic numpy", "swift run lessons crosscheck descent --cases 2000 --seed 7",
        "swift run -c release lessons bench sum-squares --runs 9", "swift run -c release lessons bench descent --set steps=1000 --format json",
    ]

    /// Commands that read Fashion-MNIST from Debian's folder (`.ci/run`
    /// installs it): run where it is there, else only parsed.
    static let needFashionMNIST: Set<String> = [
        "swift run lessons data check fashion-mnist", "swift run -q lessons run training --set data=fashion-mnist --plot training.svg",
    ]

    /// Trainings of thousands of steps: seconds each with the AVX2 loops,
    /// minutes with the portable ones (`LESSONS_SIMD=portable`, a CPU's
    /// without AVX2: the same bits, many times slower), where they are
    /// parsed only.
    static let needFastLoops: Set<String> = [
        "swift run -q lessons run training", "swift run -q lessons run training --set network=layers",
        "swift run -q lessons run training --set data=fashion-mnist --plot training.svg",
        "swift run -q lessons run training --set learning_rate=10 --set iters_num=2000 --plot overshoot.svg",
    ]

    /// Whether this run's loops are the portable ones (see ``needFastLoops``).
    static let portableLoops = ProcessInfo.processInfo.environment["LESSONS_SIMD"] == "portable"

    /// Commands for the example lesson docs/writing-lessons.md writes, which
    /// a package registers once it adds that lesson (this one does not):
    /// parsed, and the lesson named must be the example's.
    static let forTheExampleLesson: Set<String> = [
        "swift run lessons record softmax"
    ]

    /// The exit status a guide gives a command, where it is not 0 (none
    /// today: every command shown succeeds).
    static let statuses: [String: Int32] = [:]

    static var run: [GuideCommand] {
        found.commands.filter { notRun[$0.shown] == nil && !forTheExampleLesson.contains($0.shown) && !drawsIntoThePackage($0) }
    }

    static var parsed: [GuideCommand] { found.commands.filter { notRun[$0.shown] != nil } }

    /// A `--plot Lessons/…/figure.svg` line writes a committed figure; the
    /// figure tests run it into a scratch file and compare the bytes.
    static func drawsIntoThePackage(_ command: GuideCommand) -> Bool {
        guard let plot = command.arguments.firstIndex(of: "--plot"), plot + 1 < command.arguments.count else { return false }
        return command.arguments[plot + 1].hasPrefix("Lessons/")
    }
}

/// Every command README.md and docs/*.md show is checked: run as shown in a
/// folder of its own, or, where it needs the network or minutes, parsed by
/// the command's own parser and checked against the real lessons.
@Suite
struct GuideCommandTests {
    /// The extractor finds the commands the guides are known to show, so a
    /// broken one cannot pass by finding none.
    @Test func theGuidesShowTheirCommands() {
        let commands = GuideCommands.found.commands
        #expect(commands.count >= 70, "\(commands.count) commands found")
        let shown = Set(commands.map(\.shown))
        #expect(
            shown.isSuperset(of: [
                "swift run lessons run gradient", "swift run lessons verify", "swift run lessons data list",
                "swift run lessons notebook Fixtures/notebook/chapter4.ipynb",
            ]))
        let files = Set(commands.map(\.file))
        #expect(
            files == [
                "README.md", "docs/lessons.md", "docs/reproducibility.md", "docs/notebook.md", "docs/data.md", "docs/speed.md",
                "docs/writing-lessons.md",
            ], "\(files)")
        // What is not a lessons command or is a form to fill in, as the guides show them today.
        #expect(
            GuideCommands.found.otherTools.sorted() == [
                "README.md: swift test",
                "docs/architecture.md: swift build --build-tests && swift test --skip-build --filter FigureCommandTests",
                "docs/lessons.md: cp -R .build/release/lessons .build/release/lessons_EmbeddedMNIST.resources ~/.local/bin/",
                "docs/lessons.md: swift build -c release",
                "docs/reproducibility.md: git config diff.gzip.textconv \"gzip -dc\"",
            ], "\(GuideCommands.found.otherTools)")
        #expect(
            GuideCommands.found.placeholders.sorted() == ["README.md: swift run -q lessons run ID"], "\(GuideCommands.found.placeholders)")
    }

    /// A command listed as not run, or with its own status, is one the
    /// guides still show: a list that outlives its commands hides nothing.
    @Test func theListsNameOnlyCommandsTheGuidesShow() {
        let shown = Set(GuideCommands.found.commands.map(\.shown))
        for command in GuideCommands.notRun.keys.sorted() + GuideCommands.needNumPy.sorted() + GuideCommands.needFashionMNIST.sorted()
            + GuideCommands.needFastLoops.sorted()
            + GuideCommands.forTheExampleLesson.sorted() + GuideCommands.statuses.keys.sorted()
        {
            #expect(shown.contains(command), "'\(command)' is listed here but no guide shows it")
        }
    }

    /// The lines that write a committed figure are the ones the figure tests redraw.
    @Test func theFigureTestsRedrawEveryFigureCommand() {
        let drawing = GuideCommands.found.commands.filter(GuideCommands.drawsIntoThePackage)
        #expect(drawing.count >= 9)
        let redrawn = Set(ReadmeFigureTests.commands)
        for command in drawing { #expect(redrawn.contains(Array(command.arguments.dropFirst())), "\(command.shown)") }
    }

    /// The command runs as shown, in a folder of its own, and exits 0 (or
    /// as its guide says); one that needs NumPy or Fashion-MNIST where this
    /// machine lacks them, or a long training under the portable loops, is
    /// parsed and checked instead.
    @Test(arguments: GuideCommands.run)
    func aGuideCommandRunsAsShown(_ command: GuideCommand) throws {
        if GuideCommands.needNumPy.contains(command.shown) && !numpyOnPath
            || GuideCommands.needFastLoops.contains(command.shown) && GuideCommands.portableLoops
            || GuideCommands.needFashionMNIST.contains(command.shown)
                && !FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
        {
            try GuideCommands.check(command.arguments)
            return
        }
        let folder = try GuideFolder()
        defer { folder.remove() }
        let outcome = try lessons(folder.arguments(command.arguments), environment: command.environment, in: folder.url)
        if command.arguments.contains("--arithmetic") && command.arguments.contains("numpy") && !numpyOrderImplemented {
            // NumPy's order here is one the lessons do not implement (OpenBLAS told
            // to use Sandybridge's kernels, say): one line saying so, and exit 69.
            #expect(outcome.status == 69 && outcome.stderr.contains("an order the lessons do not implement"), "\(command.shown)\n\(outcome.stderr)")
            return
        }
        let expected = GuideCommands.statuses[command.shown] ?? 0
        #expect(outcome.status == expected, "\(command.file): \(command.shown)\n\(outcome.stderr)")
        #expect(!outcome.stdout.isEmpty, "\(command.shown) printed nothing")
    }

    /// A command that needs the network or minutes names real lessons,
    /// works, parameters and values.
    @Test(arguments: GuideCommands.parsed)
    func aCommandTooLongToRunNamesRealLessonsAndValues(_ command: GuideCommand) throws {
        try GuideCommands.check(command.arguments)
    }

    /// `record softmax` names the lesson the guide's example declares.
    @Test func theExampleLessonsCommandNamesTheExample() throws {
        let guide = try String(contentsOf: packageRoot.appending(path: "docs/writing-lessons.md"), encoding: .utf8)
        for shown in GuideCommands.forTheExampleLesson.sorted() {
            let command = try #require(GuideCommands.found.commands.first { $0.shown == shown })
            let record = try #require(try LessonsCommand.parseAsRoot(command.arguments) as? Record)
            #expect(record.options.ids.count == 1)
            for id in record.options.ids {
                #expect(guide.contains("id: \"\(id)\""), "\(shown): the example lesson is not '\(id)'")
                #expect(!Registry(LessonCatalog.lessons).ids.contains(id))
            }
        }
    }

    /// The parse check refuses what a run would refuse before its work
    /// begins, so a misspelt command that is not run still fails.
    @Test(arguments: [
        ["run", "training", "--set", "netwrok=layers"], ["run", "trainig"], ["run", "training", "--set", "iters_num=-1"],
        ["run", "training", "--set", "data=fashion-mnist", "--plot", "training.png"], ["crosscheck", "descnet", "--cases", "2000"],
        ["crosscheck", "descent", "--seed", "-7"], ["record", "--from", "numpi"], ["record", "gradeint"], ["data", "fetch", "fashion-mnist"],
        ["data", "fecth", "mnist"], ["bench", "sum-square"], ["bench", "descent", "--set", "stpes=1000"], ["bench", "descent", "--set", "steps=-1"],
        ["bench", "--runs", "0"],
    ])
    func theParseCheckRefusesAMisspeltCommand(_ arguments: [String]) {
        #expect(throws: (any Error).self, "\(arguments)") { try GuideCommands.check(arguments) }
    }
}

extension GuideCommands {
    /// A command that names a lesson, work, parameter or value there is not.
    struct Misnamed: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` as `lessons` does and checks what a run would
    /// check before its work begins: the command, the lessons, works and
    /// parameters named, the values set, the seed, the outputs asked for.
    static func check(_ arguments: [String]) throws {
        let registry = Registry(LessonCatalog.lessons)
        if let unknown = LessonsCommand.unknownCommand(arguments) { throw Misnamed(description: unknown) }
        let parsed = try RunLesson.plain(arguments) ?? LessonsCommand.parseAsRoot(arguments)
        switch parsed {
        case let run as RunLesson:
            let lesson = try registry.lesson(run.id)
            try refuseRepeatedSettings(run.settings)
            _ = try run.namedOutputs(of: lesson)
            _ = try parseSeed(run.seed)
            _ = try RunLesson.values(of: lesson, settings: run.settings)
        case let crosscheck as Crosscheck:
            _ = try registry.lessons(crosscheck.ids)
            guard try parseSeed(crosscheck.seed).flatMap({ UInt32(exactly: $0) }) != nil else {
                throw Misnamed(description: "seed \(crosscheck.seed) is out of range")
            }
        case let record as Record:
            _ = try registry.lessons(record.options.ids)
        case let bench as BenchCommand:
            let maker = Bench(registry: registry, oracle: NumPyOracle())
            let works = maker.works(references: maker.references())
            for id in bench.ids where !works.contains(where: { $0.id == id }) { throw Misnamed(description: "no work '\(id)'") }
            let chosen = bench.ids.isEmpty ? works : works.filter { bench.ids.contains($0.id) }
            try refuseRepeatedSettings(bench.settings)
            for setting in bench.settings {
                let lessons = chosen.map(\.lesson).filter { lesson in lesson.parameters.contains { setting.hasPrefix($0.name + "=") } }
                if lessons.isEmpty { throw Misnamed(description: "no chosen work has the parameter in '\(setting)'") }
                for lesson in lessons { _ = try RunLesson.values(of: lesson, settings: [setting]) }
            }
        case is DataFetch:
            break  // Its validation, run by the parse, names the one set it fetches.
        default:
            throw Misnamed(description: "no check for \(type(of: parsed)); run the command, or teach this test to check it")
        }
    }
}

/// A scratch folder for one command, holding what the guides' commands
/// read from the folder they run in: a copy of the fixtures and the source
/// notebook, `values.txt`, `candidate.json.gz`, and a home folder for `~`
/// with `notes/chapter4.ipynb` (the chapter run again, its cells numbered
/// anew: In [263] is In [5], In [265] In [7]) and `digits/` (the embedded
/// images' four IDX files). Paths under /tmp/ go into the folder too.
struct GuideFolder {
    let url: URL

    init() throws {
        let files = FileManager.default
        url = files.temporaryDirectory.appending(path: "lessons-guide-\(UUID().uuidString)")
        try files.createDirectory(at: url.appending(path: "home/notes"), withIntermediateDirectories: true)
        try files.createDirectory(at: url.appending(path: "tmp"), withIntermediateDirectories: true)
        try files.copyItem(at: packageRoot.appending(path: "Fixtures"), to: url.appending(path: "Fixtures"))
        try files.copyItem(at: packageRoot.appending(path: "Fixtures/gradient.json.gz"), to: url.appending(path: "candidate.json.gz"))
        let notebook = try String(contentsOf: packageRoot.appending(path: "Fixtures/notebook/chapter4.ipynb"), encoding: .utf8)
        let rerun = notebook.replacing("\"execution_count\": 263,", with: "\"execution_count\": 5,")
            .replacing("\"execution_count\": 265,", with: "\"execution_count\": 7,")
        try rerun.write(to: url.appending(path: "home/notes/chapter4.ipynb"), atomically: true, encoding: .utf8)
        try files.createDirectory(at: url.appending(path: "home/digits"), withIntermediateDirectories: true)
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            try files.copyItem(at: packageRoot.appending(path: "Sources/EmbeddedMNIST/Embedded/\(name)"), to: url.appending(path: "home/digits/\(name)"))
        }
        try "3\n4\n".write(to: url.appending(path: "values.txt"), atomically: true, encoding: .utf8)
    }

    /// The words with `~` and /tmp/ resolved into this folder, as the shell
    /// would resolve `~` for a user whose home it is.
    func arguments(_ words: [String]) -> [String] {
        words.map { word in
            if word == "~" || word.hasPrefix("~/") { return url.appending(path: "home").path + word.dropFirst() }
            if word.hasPrefix("/tmp/") { return url.appending(path: "tmp").path + word.dropFirst(4) }
            return word
        }
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Whether the lessons implement the order NumPy computes in here, asked of
/// the oracle itself (`Tools/oracle.py`'s `arithmetic()`): OpenBLAS's
/// SkylakeX or Haswell kernels (whether or not this CPU can run them: the
/// lessons compute in that order themselves).
let numpyOrderImplemented: Bool = {
    let tools = packageRoot.appending(path: "Tools").path
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = [
        "python3", "-c",
        "import sys; sys.path.insert(0, '\(tools)'); sys.dont_write_bytecode = True; import oracle; a = oracle.arithmetic(); "
            + "sys.exit(0 if a['products'] in ('skylakex', 'haswell') else 1)",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()
