import Foundation
import LessonKit
import Testing

@testable import LessonsCommand

/// `lessons run` and `lessons list`, through the built binary.
@Suite(.serialized)
struct RunLessonTests {
    @Test func gradientPrintsTheNotebooksArray() throws {
        let outcome = try lessons("run", "gradient")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("array([14.,  6., 10.])"))
        #expect(outcome.stderr.isEmpty)
    }

    /// A result that cannot be printed is a failed run, with one line
    /// saying why; an error already reported keeps its own status.
    @Test(arguments: [
        (["run", "gradient"], 74), (["run", "descent", "--format", "json"], 74), (["verify", "gradient"], 74),
        (["list"], 74), (["run", "nosuch"], 64),
    ] as [([String], Int32)])
    func aStandardOutputThatCannotBeWrittenFailsTheRun(_ arguments: [String], _ status: Int32) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let (reason, exit, stderr) = try runWritingTo(full, productsDirectory.appending(path: "lessons").path, arguments)
        #expect(reason == .exit)
        #expect(exit == status, "\(arguments): \(stderr)")
        #expect(stderr.split(separator: "\n").count == 1, "\(arguments): \(stderr)")
        if status == 74 { #expect(stderr == "error: cannot write the standard output: No space left on device\n") }
    }

    /// A non-blocking standard output that is full is waited on, not taken
    /// for a lost one: the whole of a 4 MB JSON document arrives.
    @Test func aNonBlockingStandardOutputIsWaitedOn() throws {
        let expected = try lessons("run", "descent", "--set", "steps=100000", "--format", "json")
        let process = Process()
        process.executableURL = productsDirectory.appending(path: "lessons")
        process.arguments = ["run", "descent", "--set", "steps=100000", "--format", "json"]
        let out = Pipe()
        let writer = out.fileHandleForWriting.fileDescriptor
        _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Let the pipe fill before reading, so that writes meet EAGAIN.
        Thread.sleep(forTimeInterval: 0.3)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == expected.stdout)
        #expect(data.count > 1_000_000)
    }

    /// A reader that goes away (`| head -1`) ends the run by SIGPIPE, as
    /// it ends any program, with nothing on stderr: also after the oracle,
    /// whose runner ignores SIGPIPE while it feeds python.
    @Test(.enabled(if: numpyOnPath, "python3 with NumPy not found"))
    func aReaderThatGoesAwayEndsTheRunQuietly() throws {
        // SIGPIPE at its default, as a shell leaves it (this test process may ignore it).
        let (reason, status, stderr) = try runWritingTo(
            closedPipe(), "/usr/bin/env",
            ["--default-signal=PIPE", productsDirectory.appending(path: "lessons").path, "crosscheck", "derivative", "--cases", "3"])
        #expect(reason == .uncaughtSignal && status == SIGPIPE, "\(status)")
        #expect(stderr.isEmpty, "\(stderr)")
    }

    /// A caller that ignores SIGPIPE itself gets the lost output as an error
    /// line and status 74, not a signal it chose to ignore.
    @Test func aCallerThatIgnoresSIGPIPEGetsTheErrorLine() throws {
        let (reason, status, stderr) = try runWritingTo(
            closedPipe(), "/bin/sh", ["-c", "trap '' PIPE; exec \"$0\" list", productsDirectory.appending(path: "lessons").path])
        #expect(reason == .exit && status == 74, "\(status)")
        #expect(stderr == "error: cannot write the standard output: Broken pipe\n")
    }

    @Test func derivativeAndDescentPrintTheNotebooksOutputs() throws {
        #expect(try lessons("run", "derivative").stdout.contains("\n23.000000000052978\n"))
        #expect(try lessons("run", "descent").stdout.contains("array([6.72221872e-09, 4.07407195e-09])"))
    }

    @Test func jsonIsOneObjectWhoseNumbersReadBackExactly() throws {
        let outcome = try lessons("run", "descent", "--format", "json", "--set", "init=-3,4", "--set", "steps=3")
        #expect(outcome.status == 0)
        let json = try JSON(parsing: outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json.objectValue?.map(\.0) == ["lesson", "seed", "parameters", "outputs"])
        #expect(json["lesson"] == .string("descent"))
        #expect(json["seed"] == .null)
        #expect(json["parameters"]?["steps"] == .integer(3))
        let history = try #require(json["outputs"]?["history"]?.tensorValue)
        #expect(history.shape == [3, 2])
        // NumPy: x = [-3., 4.]; x - 0.1 * numerical_gradient(f, x), first step.
        #expect(history.scalars[2] == -2.399999999999622)
    }

    @Test func divergenceIsAResultWithInfAndNaN() throws {
        let outcome = try lessons("run", "descent", "--set", "lr=1e200", "--set", "steps=5", "--format", "json")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("\"nan\"") || outcome.stdout.contains("inf\""))
        let text = try lessons("run", "descent", "--set", "lr=1e200", "--set", "steps=5")
        #expect(text.status == 0)
        #expect(text.stdout.contains("nan") || text.stdout.contains("inf"))
    }

    @Test func simplenetHonoursSeedAndSettings() throws {
        let outcome = try lessons("run", "simplenet", "--seed", "7", "--format", "json", "--set", "t=1,0,0")
        #expect(outcome.status == 0)
        let json = try JSON(parsing: outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["seed"] == .integer(7))
        #expect(json["parameters"]?["w"] == .null)
        // np.random.seed(7); np.random.randn(2, 3); np.random.randn(1, 2)[0, 0]
        #expect(json["outputs"]?["x"]?.tensorValue?.scalars.first == -0.0008903858579313628)
    }

    @Test(arguments: [["run", "--help"], ["help", "run"], ["run", "-h"]])
    func helpForASubcommandIsThatSubcommandsHelp(_ arguments: [String]) throws {
        let outcome = try lessons(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("OVERVIEW: Run one lesson and print its outputs."))
        #expect(outcome.stdout.contains("--plot <FILE.svg>"))
    }

    @Test func listShowsEveryLessonWithCellsAndDefaults() throws {
        let outcome = try lessons("list")
        #expect(outcome.status == 0)
        for text in ["derivative", "gradient", "descent", "simplenet", "In [263]", "In [372]", "x^2 + 3*x + 100", "default 100"] {
            #expect(outcome.stdout.contains(text), "list lacks \(text)")
        }
    }

    @Test(arguments: [
        (["run", "nosuch"], "unknown lesson 'nosuch'"),
        (["run", "gradient", "--set", "y=1"], "no parameter 'y'"),
        (["run", "gradient", "--set", "x=1,2"], "uses x2"),
        (["run", "gradient", "--set", "x=1,a"], "'a' is not a number"),
        (["run", "gradient", "--set", "x"], "NAME=VALUE"),
        (["run", "gradient", "--set", "function=x0 +* 2"], "column 5"),
        (["run", "descent", "--set", "steps=-1"], "'-1'"),
        (["run", "descent", "--set", "lr=[1,2]"], "lr"),
        (["run", "simplenet", "--seed", "-1"], "seed '-1'"),
        (["run", "simplenet", "--seed", "4294967296"], "seed '4294967296'"),
        (["run", "simplenet", "--seed", "abc"], "'abc'"),
        // A fullwidth digit is no number of a seed: not "out of range".
        (["run", "simplenet", "--seed", "１"], "a whole number from 0 to 4294967295"),
        (["run", "simplenet", "--arithmetic", "sandybridge-libm"], "sandybridge-libm"),
        (["run", "simplenet", "--set", "w=[[1,2],[3,4]]"], "shape (2, 2)"),
        (["run", "gradient", "--seed", "1"], "draws no random numbers"),
        (["run", "gradient", "--format", "xml"], "xml"),
        (["run"], "id"),
        (["frobnicate"], "frobnicate"),
    ])
    func badInputGetsOneLineAndExitStatus64(_ arguments: [String], _ mention: String) throws {
        let process = try lessons(arguments)
        #expect(process.status == 64)
        #expect(process.stdout.isEmpty)
        let lines = process.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(process.stderr)")
        #expect(process.stderr.hasPrefix("error: "))
        #expect(process.stderr.contains(mention), "stderr: \(process.stderr)")
    }
}

/// Help that teaches: suggestions for near misses, the function list, the
/// version, wrapping, --outputs and --trace.
@Suite(.serialized)
struct RunLessonHelpTests {
    @Test(arguments: [
        (["run", "gradiant"], "Did you mean 'gradient'?"),
        (["run", "Descent"], "Did you mean 'descent'?"),
        (["run", "deriv"], "Did you mean 'derivative'?"),
        (["verify", "simplnet"], "Did you mean 'simplenet'?"),
        (["run", "descent", "--set", "LR=3"], "Did you mean 'lr'?"),
        (["run", "descent", "--set", "stpes=3"], "Did you mean 'steps'?"),
        (["run", "simplenet", "--outputs", "los"], "Did you mean 'loss'?"),
        (["lsit"], "Did you mean 'list'?"),
        (["help", "verfy"], "Did you mean 'verify'?"),
        (["data", "fecth", "mnist"], "Did you mean 'fetch'?"),
        (["help", "data", "chek"], "Did you mean 'check'?"),
    ])
    func aNearMissGetsASuggestion(_ arguments: [String], _ suggestion: String) throws {
        let outcome = try lessons(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasSuffix(suggestion + "\n"), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    /// Every example that `run --help` shows runs as printed (in a folder of
    /// its own, since one writes a figure), and the help names the vector form
    /// `sum(x^2)` a learner brings from the book.
    @Test func theHelpsExamplesRunAsPrinted() throws {
        let help = try lessons("run", "--help").stdout
        #expect(help.contains("'sum(x^2)' is np.sum(x**2)"))
        let examples = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("lessons run ") }
        #expect(examples.count == 5, "\(examples)")
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for example in examples {
            // Words split at spaces outside single quotes, as a shell does for these lines.
            var words: [String] = []
            var word = ""
            var quoted = false
            for character in example.dropFirst("lessons ".count) {
                if character == "'" { quoted.toggle() } else if character == " " && !quoted {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                } else { word.append(character) }
            }
            words.append(word)
            let outcome = try lessons(words, in: folder)
            #expect(outcome.status == 0 && outcome.stdout.contains("Out[") && outcome.stderr.isEmpty, "\(example): \(outcome.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "diverging.svg").path))
    }

    /// A command that is none of the subcommands is bad input, even after
    /// `help` (whose own answer would be the main help and a success).
    @Test func anUnknownCommandIsRefusedWithTheCommands() throws {
        for arguments in [["nosuch"], ["help", "nosuch"]] {
            let outcome = try lessons(arguments)
            #expect(outcome.status == 64)
            #expect(outcome.stdout.isEmpty)
            #expect(
                outcome.stderr
                    == "error: unknown command 'nosuch'; the commands are: list, run, verify, record, crosscheck, notebook, data, bench\n")
        }
        #expect(try lessons("help", "verify").stdout.contains("USAGE: lessons verify"))
        let nested = try lessons("data", "nosuch")
        #expect(nested.status == 64)
        #expect(nested.stderr == "error: unknown command 'nosuch'; the commands of 'lessons data' are: list, check, fetch\n")
        #expect(try lessons("data", "check", "embedded").status == 0)
        #expect(try lessons("help", "data", "fetch").stdout.contains("USAGE: lessons data fetch"))
        #expect(try lessons("help").status == 0)
    }

    /// A long bad name is quoted as a short excerpt, whatever names it.
    @Test func aLongBadNameIsQuotedShort() throws {
        let long = String(repeating: "a", count: 2000)
        for arguments in [
            ["run", long], ["run", "descent", "--set", long + "=1"], ["run", "derivative", "--set", "function=\(long)(x)"],
            ["run", "simplenet", "--outputs", long], ["data", "check", long], ["run", "descent", "--lang", long],
            ["run", "descent", "--format", long],
        ] {
            let outcome = try lessons(arguments)
            #expect(outcome.status == 64)
            #expect(outcome.stderr.utf8.count < 400, "\(outcome.stderr.utf8.count) bytes: \(outcome.stderr.prefix(200))")
            #expect(!outcome.stderr.contains(String(repeating: "a", count: 100)))
        }
    }

    @Test func farMissesGetNoSuggestion() throws {
        #expect(try !lessons("run", "nosuch").stderr.contains("Did you mean"))
        // One letter away from 'x', but a one-letter name is too short to guess from.
        #expect(try !lessons("run", "gradient", "--set", "y=1").stderr.contains("Did you mean"))
    }

    @Test func editDistanceCountsASwapAsOneEdit() {
        #expect(editDistance(Array("stpes"), Array("steps")) == 1)
        #expect(editDistance(Array("gradiant"), Array("gradient")) == 1)
        #expect(editDistance(Array("abc"), Array("")) == 3)
        #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test func runHelpListsTheFunctionsAndTheVersionIsPrinted() throws {
        let help = try lessons("run", "--help").stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Every function the parser knows (exp, log, sqrt, … at the time of writing).
        #expect(Expression.functions.keys.count >= 7)
        #expect(help.contains("the functions \(Expression.functions.keys.sorted().joined(separator: ", "))."))
        #expect(help.contains("--trace") && help.contains("--outputs <NAME[,NAME]>"))
        let version = try lessons("--version")
        #expect(version.status == 0)
        #expect(version.stdout == LessonsCommand.version + "\n")
    }

    @Test func theCompletionScriptKnowsTheLessonIds() throws {
        let script = try lessons("--generate-completion-script", "bash")
        #expect(script.status == 0)
        #expect(script.stdout.contains("'derivative'$'\\n''gradient'$'\\n''descent'$'\\n''simplenet'"))
        // Every command that takes lesson ids completes them, and bench its other works too.
        let functions = script.stdout.components(separatedBy: "\n_lessons_")
        for command in ["run", "verify", "record", "crosscheck", "notebook", "bench"] {
            let body = try #require(functions.first { $0.hasPrefix(command + "() {") }, "no completion function for \(command)")
            #expect(body.contains("'derivative'$'\\n''gradient'"), "\(command) does not complete lesson ids")
        }
        #expect(functions.first { $0.hasPrefix("bench() {") }?.contains("'long-descent'") == true)
    }

    @Test func narrationIsWrappedToCOLUMNS() throws {
        for language in ["en", "zh"] {
            let outcome = try lessons("run", "descent", "--lang", language, environment: ["COLUMNS": "50"])
            let story = try #require(outcome.stdout.components(separatedBy: "\n# descent").first)
            for line in story.split(separator: "\n") where !line.hasPrefix(" ") {
                #expect(TerminalText.columns(String(line)) <= 50, "\(line)")
            }
        }
        let wide = try lessons("run", "descent", environment: ["COLUMNS": "100"]).stdout
        #expect(wide.split(separator: "\n").contains { TerminalText.columns(String($0)) > 80 })
    }

    @Test func outputsChoosesWhatIsPrinted() throws {
        let quiet = try lessons("run", "simplenet", "--outputs", "loss,y", "-q")
        #expect(quiet.stdout == "y = array([[0.48511032, 0.14047961, 0.37441007]])\nloss = 2.226987067774557\n")
        let json = try JSON(parsing: try lessons("run", "descent", "--outputs", "x", "--format", "json").stdout.trimmingWhitespace())
        #expect(json["outputs"]?.objectValue?.map(\.0) == ["x"])
        let text = try lessons("run", "descent", "--outputs", "x").stdout
        #expect(text.contains("Out[x]:") && !text.contains("Out[history]:"))
    }

    /// The trace's last row is the output itself, recomputed step by step.
    @Test func traceShowsTheStepsBehindTheResult() throws {
        let derivative = try lessons("run", "derivative", "--trace", "-q").stdout
        // Python: f = lambda x: x**2 + 3*x + 100; f(10 + 1e-4), f(10 - 1e-4)
        #expect(derivative.contains("230.00230001") && derivative.contains("229.99770001"))
        #expect(derivative.contains("(f(x + h) - f(x - h)) / (2h)    23.000000000052978"))
        let descent = try lessons("run", "descent", "--set", "lr=10", "--set", "init=-3,4", "--trace", "-q").stdout
        // Thinned: the first and last ten of 101 points and those around step 10, where x froze.
        #expect(descent.contains("rows left out"))
        // NumPy: numerical_gradient(f, np.array([-3., 4.])) and the first step with lr = 10.
        #expect(descent.contains("   0  ") && descent.contains("[-6.00000000000378, 7.999999999999119]"))
        #expect(descent.contains("[57.0000000000378, -75.99999999999119]"))
        #expect(descent.contains("\n…\n"))
        let json = try JSON(parsing: try lessons("run", "gradient", "--trace", "--format", "json").stdout.trimmingWhitespace())
        #expect(json["trace"]?["rows"]?.arrayValue?.count == 3)
    }
}

/// Notes on the run: computed from the outputs of this run.
@Suite(.serialized)
struct RunNotesTests {
    func notes(_ arguments: String..., language: String = "en") throws -> String {
        let outcome = try lessons(["run"] + arguments + ["--lang", language])
        #expect(outcome.status == 0)
        let notes = try #require(outcome.stdout.components(separatedBy: language == "en" ? "About this run:\n" : "关于这次运行：\n").last)
        // Undo the wrapping, so a phrase can be looked for across a line break.
        return notes.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// NumPy: lr = 10 from (-3, 4) multiplies each coordinate by 1 - 2·10 = -19
    /// until |x| ≈ 2.59e13 at step 10, where 1e-4 is below half the gap
    /// between doubles (2^-8), so f(x + h) == f(x - h) and the point stays.
    @Test func aDivergingRunThatFreezes() throws {
        let text = try notes("descent", "--set", "lr=10", "--set", "init=-3,4")
        #expect(text.contains("Diverged"))
        #expect(
            text.contains("along x0 and x1 each step is -19 times the one before (1 - 2·lr·a, so a = 1); it settles only for lr < 1/a = 1"))
        #expect(text.contains("x froze at step 10 and stayed there for the last 90 of 100 steps"))
        #expect(text.contains("0.003906 apart"))
        let chinese = try notes("descent", "--set", "lr=10", "--set", "init=-3,4", language: "zh")
        #expect(chinese.contains("发散") && chinese.contains("第 10 步"))
    }

    /// lr = 0.9: factor 1 - 2·0.9 = -0.8, converging while it oscillates.
    @Test func anOscillatingRun() throws {
        let text = try notes("descent", "--set", "lr=0.9")
        #expect(text.contains("Converging"))
        #expect(text.contains("Oscillates"))
        #expect(text.contains("along x0 and x1 each step is -0.8 times the one before (1 - 2·lr·a, so a = 1)."))
        #expect(!text.contains("froze"))
    }

    /// lr = 1e-10 from (-3, 4): each step moves x by 1e-9 of itself, which a
    /// double near 4 can hold; with 1e-17 it cannot (half the gap at 4 is 4.4e-16).
    @Test func aFrozenRun() throws {
        let moving = try notes("descent", "--set", "lr=1e-10", "--set", "init=-3,4")
        #expect(!moving.contains("froze"))
        let frozen = try notes("descent", "--set", "lr=1e-17", "--set", "init=-3,4")
        #expect(frozen.contains("x froze at step 0 and stayed there for the last 100 of 100 steps"))
        #expect(frozen.contains("x - lr·grad rounds back to x"))
    }

    /// x0^2 + 10*x1^2 with lr = 0.1: along x1 the factor is 1 - 2·0.1·10 = -1,
    /// so x1 swings between 4 and -4 for ever while x0 settles.
    @Test func aRunThatBouncesForEver() throws {
        let text = try notes("descent", "--set", "function=x0^2 + 10*x1^2", "--set", "init=-3,4", "--set", "steps=20")
        #expect(text.contains("Not settling"))
        #expect(text.contains("each jump as long as the last"))
        #expect(text.contains("along x1 each step is -1 times the one before (1 - 2·lr·a, so a = 10); it settles only for lr < 1/a = 0.1"))
    }

    /// NumPy: lr = 1e200 from (33, 20) takes x to about (-6.6e201, -4.0e201)
    /// in one step; there x0**2 overflows to inf, inf - inf is nan.
    @Test func aRunThatOverflows() throws {
        let text = try notes("descent", "--set", "lr=1e200", "--set", "steps=4")
        #expect(text.contains("Diverged: |x| went from 38.59 to 7.718e201 by step 1"))
        #expect(text.contains("x is inf or nan from step 2 on"))
    }

    @Test func aTargetThatIsNotADistribution() throws {
        #expect(try notes("simplenet").contains("t sums to 1.8, not 1"))
        #expect(try !notes("simplenet", "--set", "t=0,0,1").contains("t sums to"))
    }

    @Test func quietAndJSONHaveNoNotes() throws {
        #expect(try !lessons("run", "simplenet", "-q").stdout.contains("t sums to"))
        #expect(try !lessons("run", "simplenet", "--format", "json").stdout.contains("t sums to"))
    }
}

/// glibc chooses its `pow` when a process starts: with FMA on this CPU, and
/// without it when told (`glibc.cpu.hwcaps=-AVX2,-FMA`), as on CPUs that lack
/// it. The two round a few squares differently, and `x^2` must be the `pow`
/// of the process it runs in, as NumPy's `**` is.
struct SquaresWithoutFMATests {
    static let withoutFMA = ["GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA"]

    /// Python's `math.pow` under the same settings: the C library's answer.
    func libraryPow(_ x: String, _ environment: [String: String]) throws -> String {
        let outcome = try runCapturing(
            URL(filePath: "/usr/bin/env"), ["python3", "-c", "import math; print(repr(math.pow(\(x), 2)))"], environment: environment)
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: numpyOnPath, "python3 with NumPy not found"), arguments: ["1.975997552138735", "1e-4", "3.0000000000000004"])
    func aSquareIsThePowOfItsProcess(x: String) throws {
        for environment in [[:], Self.withoutFMA] {
            let outcome = try lessons(
                ["run", "derivative", "--set", "function=x^2", "--set", "x=\(x)", "--set", "h=0", "--trace", "-q"], environment: environment
            )
            let row = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("f(x + h)") }
            let value = row.map { String($0.split(separator: " ").last ?? "") }
            #expect(value == (try libraryPow(x, environment)), "x = \(x) under \(environment)")
        }
    }

    @Test(.enabled(if: numpyOnPath, "python3 with NumPy not found"))
    func theSweepAgreesWithNumPyWithoutFMA() throws {
        let outcome = try lessons(["crosscheck", "derivative", "gradient", "descent", "--cases", "60"], environment: Self.withoutFMA)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }
}

/// The progress line's estimate of the time left.
struct RunProgressTests {
    /// The rate comes from the updates, not from the start: a run that
    /// spends 2 s loading data and then 0.01 s a step, 1 000 steps in all,
    /// has 9.4 s left at step 60 (0.6 s for 60 steps after the first
    /// update), where the time since the start would say 41 s.
    @Test func theRateIsMeasuredFromTheFirstUpdate() {
        #expect(RunProgress.timeLeft(from: (2.0, 0), to: (2.6, 60), total: 1_000) == "9 s left")
        #expect(RunProgress.timeLeft(from: (2.0, 0), to: (3.0, 10), total: 1_000) == "1 min 39 s left")
        // Too soon to tell: under half a second, or no step, since the first update.
        #expect(RunProgress.timeLeft(from: (2.0, 0), to: (2.3, 5), total: 1_000) == "estimating the time left")
        #expect(RunProgress.timeLeft(from: (2.0, 3), to: (9.0, 3), total: 1_000) == "estimating the time left")
        #expect(RunProgress.timeLeft(from: (2.0, 0), to: (2.1, 1_000), total: 1_000) == "0 s left")
    }
}

/// Runs `executable` with its standard output on `output` (a file handle or
/// a pipe), and returns how it ended and what it wrote on standard error.
func runWritingTo(_ output: Any, _ executable: String, _ arguments: [String]) throws
    -> (reason: Process.TerminationReason, status: Int32, stderr: String)
{
    let process = Process()
    process.executableURL = URL(filePath: executable)
    process.arguments = arguments
    let err = Pipe()
    process.standardOutput = output
    process.standardError = err
    try process.run()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationReason, process.terminationStatus, stderr)
}

/// A pipe whose reading end is already closed: a reader that went away.
func closedPipe() throws -> Pipe {
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()
    return pipe
}

/// Ctrl-C during a run, as SIGINT sent to the binary a second after it
/// started (the loops below run for many seconds in a debug build, and reach
/// their first step in about a tenth of one).
@Suite(.serialized)
/// Traces cost what they show: a point of 30 000 coordinates, traced, runs
/// in about the time of the run itself (their cost was quadratic: 46 s at
/// 60 000 coordinates). The limits are for a hang, not a speed.
struct LargeTraceTests {
    static let point = "x=" + Array(repeating: "1", count: 30_000).joined(separator: ",")

    @Test func aGradientTraceOfManyCoordinatesShowsTheEnds() throws {
        let start = Date()
        let outcome = try lessons(["run", "gradient", "--set", Self.point, "--set", "function=sum(x^2)", "--trace", "-q"])
        #expect(outcome.status == 0)
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(outcome.stdout.contains("29980 of 30000 coordinates left out (…); the output gradient has every one"), "\(outcome.stdout.suffix(300))")
        #expect(outcome.stdout.contains("x29999"))
    }

    @Test func aDescentTraceOfManyCoordinatesSummarisesThePoints() throws {
        let start = Date()
        let outcome = try lessons(
            ["run", "descent", "--set", "init=" + Self.point.dropFirst(2), "--set", "function=sum(x^2)", "--set", "steps=2", "--trace", "-q",
             "--format", "json"])
        #expect(outcome.status == 0)
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(outcome.stdout.contains("[1.0, 1.0, 1.0, ..., 1.0, 1.0, 1.0]"), "\(outcome.stdout.suffix(300))")
    }
}

struct InterruptTests {
    struct Ending {
        let signal: Int32?
        let status: Int32?
        let stdout: String
        let stderr: String
        let secondsAfterSignal: Double
    }

    /// Starts `lessons` with `arguments` and SIGINT unblocked, at its default
    /// action or ignored when `ignored`; sends SIGINT after `delay`, and waits
    /// at most 20 s for the end.
    func interrupt(_ arguments: [String], after delay: Double = 1, ignored: Bool = false) throws -> Ending {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-sigint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appending(path: "out")
        let err = folder.appending(path: "err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = productsDirectory.appending(path: "lessons")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        // A child inherits this thread's signal mask, and the test's worker
        // thread blocks SIGINT: unblocked while spawning, as in a shell.
        var unblock = sigset_t()
        var mask = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &mask)
        let runners = signal(SIGINT, ignored ? SIG_IGN : SIG_DFL)
        do {
            // Put back as soon as the child has started, for the other tests' children.
            defer {
                signal(SIGINT, runners)
                pthread_sigmask(SIG_SETMASK, &mask, nil)
            }
            try process.run()
        }
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGINT)
        let signalled = Date()
        // A run that ignores the signal goes on to its end, however slow the
        // machine's loops (LESSONS_SIMD=portable): a cap for a hang only.
        let limit: TimeInterval = ignored ? 300 : 20
        while process.isRunning && Date().timeIntervalSince(signalled) < limit { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let seconds = Date().timeIntervalSince(signalled)
        let bySignal = process.terminationReason == .uncaughtSignal
        return Ending(
            signal: bySignal ? process.terminationStatus : nil, status: bySignal ? nil : process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8),
            secondsAfterSignal: seconds)
    }

    /// A lesson whose loop does not poll for Ctrl-C (descent, gradient) ends
    /// at the first one, by SIGINT, as a shell expects: the first Ctrl-C is
    /// not swallowed.
    @Test func aLoopThatDoesNotListenEndsAtTheFirstCtrlC() throws {
        let ending = try interrupt(["run", "descent", "-q", "--set", "steps=1000000", "--set", "function=sum(x^2)", "--set", "init=1,2,3,4,5,6,7,8", "--outputs", "x"])
        #expect(ending.signal == SIGINT, "status \(String(describing: ending.status)), stderr \(ending.stderr), stdout \(ending.stdout.prefix(200))")
        #expect(ending.secondsAfterSignal < 2, "\(ending.secondsAfterSignal) s after the signal")
        #expect(ending.stdout.isEmpty)
    }

    /// Training polls between iterations: one line naming the iteration, exit 130.
    @Test func trainingStopsAtTheNextIterationWithOneLine() throws {
        let ending = try interrupt(["run", "training", "-q", "--set", "iters_num=10000000"])
        #expect(ending.status == 130)
        #expect(ending.secondsAfterSignal < 2, "\(ending.secondsAfterSignal) s after the signal")
        #expect(ending.stdout.isEmpty)
        let line = ending.stderr.split(separator: "\n")
        #expect(line.count == 1 && line[0].hasPrefix("error: training stopped by Ctrl-C after ")
                && line[0].hasSuffix(" of 10000000 iterations; nothing was printed"), "\(ending.stderr)")
    }

    /// A transcript run keeps what it did: the losses and epochs so far,
    /// the notes on them and the figure asked for, then one line, exit 130.
    @Test func aStoppedTranscriptShowsTheIterationsDone() throws {
        let figure = FileManager.default.temporaryDirectory.appending(path: "lessons-stopped-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: figure) }
        let ending = try interrupt(["run", "training", "--set", "iters_num=10000000", "--plot", figure.path], after: 2)
        #expect(ending.status == 130, "signal \(String(describing: ending.signal)), stderr \(ending.stderr)")
        let line = ending.stderr.split(separator: "\n").filter { !$0.contains("\r") && !$0.hasPrefix("\u{1B}") }
        let match = try #require(
            line.last?.wholeMatch(of: /error: training stopped by Ctrl-C after ([0-9]+) of 10000000 iterations; the outputs above are those of the steps done before it/),
            "\(ending.stderr)")
        let done = try #require(Int(match.1))
        #expect(done > 0)
        // The narration first, then the outputs of the iterations done, their notes and the figure.
        let narration = try #require(ending.stdout.range(of: "stochastic gradient descent"))
        let losses = try #require(ending.stdout.range(of: "Out[train_loss]:"))
        #expect(narration.upperBound < losses.lowerBound)
        #expect(ending.stdout.contains(done > 1000 ? "shape=(\(done),)" : "Out[train_loss]:"))
        #expect(ending.stdout.contains("About this run:"))
        #expect(ending.stdout.contains("wrote the figure to"))
        #expect(FileManager.default.fileExists(atPath: figure.path))
    }

    /// A Ctrl-C during the last iteration (here the only one, a numerical
    /// gradient of about 0.7 s from 0.1 s on) stops the run too.
    @Test func aCtrlCInTheLastIterationIsNotSwallowed() throws {
        let ending = try interrupt(
            ["run", "training", "-q", "--set", "gradient=numerical", "--set", "iters_num=1", "--set", "hidden_size=40",
             "--set", "batch_size=300", "--outputs", "b2"], after: 0.4)
        #expect(ending.status == 130, "signal \(String(describing: ending.signal)), stdout \(ending.stdout.prefix(100))")
        #expect(ending.stderr == "error: training stopped by Ctrl-C during iteration 1 of 1; nothing was printed\n")
    }

    /// A numerical step of a large net takes minutes: the Ctrl-C stops it
    /// inside the step, not after it.
    @Test func aCtrlCStopsALongStepWithinIt() throws {
        // About 4 s a step here; the signal comes 1.5 s into the first.
        let ending = try interrupt(
            ["run", "training", "-q", "--set", "gradient=numerical", "--set", "iters_num=3", "--set", "hidden_size=60",
             "--set", "batch_size=400", "--outputs", "b2"], after: 1.5)
        #expect(ending.status == 130, "signal \(String(describing: ending.signal)), stdout \(ending.stdout.prefix(100))")
        #expect(ending.secondsAfterSignal < 1.5, "\(ending.secondsAfterSignal) s after the signal")
        #expect(ending.stderr == "error: training stopped by Ctrl-C during iteration 1 of 3; nothing was printed\n", "\(ending.stderr)")
    }

    /// A caller that ignores SIGINT (a script's background job) keeps it
    /// ignored: even training, which listens, goes on to its end.
    @Test func anIgnoredCtrlCStaysIgnored() throws {
        let ending = try interrupt(["run", "training", "-q", "--set", "iters_num=2000", "--outputs", "b2"], after: 0.5, ignored: true)
        #expect(ending.status == 0, "signal \(String(describing: ending.signal)), stderr \(ending.stderr)")
        #expect(ending.stdout.hasPrefix("b2 = array(["))
    }
}

/// The progress line of long runs, on a terminal (a pseudo-terminal from
/// util-linux's `script`): stderr shows the step reached and is cleared
/// before the transcript.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux's script not found"))
struct ProgressLineTests {
    func onATerminal(_ command: String, environment: [String: String] = ["TERM": "xterm"]) throws -> String {
        let outcome = try runCapturing(
            URL(filePath: "/usr/bin/script"), ["-qec", productsDirectory.appending(path: "lessons").path + " " + command, "/dev/null"],
            environment: environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout
    }

    /// The gradient counts partial derivatives (each costs O(n) here),
    /// descent counts steps; the first update comes after 200 ms, so a short
    /// run draws nothing.
    @Test func gradientAndDescentShowWhereTheyAre() throws {
        let x = Array(repeating: "1.5", count: 3000).joined(separator: ",")
        let gradient = try onATerminal("run gradient --set 'function=sum(x*sum(x))' --set x=\(x)")
        let drawn = gradient.components(separatedBy: "\r\u{1B}[K  ").dropFirst().filter { !$0.isEmpty }
        #expect(drawn.contains { $0.range(of: #"^[0-9]+/3000  partial derivatives  "#, options: .regularExpression) != nil }, "\(drawn)")
        // Cleared before the transcript: after the last clearing comes the transcript alone.
        let afterLine = try #require(gradient.components(separatedBy: "\u{1B}[K").last)
        #expect(afterLine.contains("Out[gradient]:") && !afterLine.contains("partial derivatives"))
        let descent = try onATerminal("run descent --set steps=300000")
        #expect(descent.range(of: #"\r\x1B\[K  [0-9]+/300000  "#, options: .regularExpression) != nil)
        #expect(descent.contains("Out[x]:"))
        // Quiet and JSON runs draw nothing, and neither does a short run.
        #expect(!(try onATerminal("run descent -q --set steps=300000")).contains("\u{1B}[K"))
        #expect(!(try onATerminal("run descent --format json --set steps=300000")).contains("\u{1B}[K"))
        #expect(!(try onATerminal("run gradient")).contains("\u{1B}[K"))
        // A terminal that cannot rewrite a line gets no progress line either.
        #expect(!(try onATerminal("run descent --set steps=300000", environment: ["TERM": "dumb"])).contains("\u{1B}"))
    }
}
