import Foundation
import LessonCatalog
import LessonKit
import Testing

/// What a plain `lessons run` shows a learner: the point of the lesson
/// within a screen, every value on request, and text that fits the terminal.
struct TranscriptTests {
    /// The lines before the notes, at 80 columns.
    func linesBeforeTheNotes(_ arguments: [String]) throws -> [Substring] {
        let outcome = try lessons(arguments, environment: ["COLUMNS": "80"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.prefix { $0 != "About this run:" }
    }

    /// two-layer-net's 79 520 gradient values, training's 39 760 weights and
    /// descent's 100-step history stay out of a default run, which then fits
    /// one screen; the table each is about comes with it.
    @Test(arguments: [
        ("two-layer-net", ["Out[difference]:", "from delta alone"]), ("training", ["Out[train_loss]:", "test accuracy"]),
        ("descent", ["Out[x]:"]),
    ])
    func theDefaultFitsOneScreen(_ id: String, _ shown: [String]) throws {
        let lines = try linesBeforeTheNotes(["run", id])
        #expect(lines.count <= 60, "\(id): \(lines.count) lines before the notes")
        let text = lines.joined(separator: "\n")
        for part in shown { #expect(text.contains(part), "\(id) does not show \(part)") }
        #expect(text.contains("Also computed:"))
    }

    /// `--outputs` and `--format json` are what they were: every output in
    /// full, the bytes a run's own JSON writer gives.
    @Test func jsonAndNamedOutputsHaveEveryValue() throws {
        let lesson = try #require(LessonCatalog.registry.lessons.first { $0.id == "descent" })
        let run = try lesson.run(settings: [])
        let json = try lessons("run", "descent", "--format", "json")
        #expect(json.stdout == String(decoding: run.jsonUTF8(outputs: lesson.outputs), as: UTF8.self) + "\n")
        let all = try lessons("run", "descent", "--outputs", "all")
        #expect(all.stdout.contains("Out[history]:") && all.stdout.contains("Out[x]:") && !all.stdout.contains("Also computed"))
        let one = try lessons("run", "descent", "--outputs", "history", "--quiet")
        #expect(one.stdout == "history = \(NumPyFormat.arrayRepr(run.output("history")))\n")
    }

    /// Tables and `list` fold or wrap to COLUMNS, as the narration does.
    @Test(arguments: [
        ["run", "simplenet-gradient", "--trace"], ["run", "training", "--set", "iters_num=200", "--trace"],
        ["run", "two-layer-net", "--set", "hidden_size=3", "--set", "batch_size=5"], ["list"],
    ])
    func narrowTerminalsGetNarrowLines(_ arguments: [String]) throws {
        let outcome = try lessons(arguments, environment: ["COLUMNS": "50"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // The tables and the notes after them; NumPy's arrays above keep NumPy's 75 columns.
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = arguments == ["list"] ? 0 : try #require(lines.firstIndex { $0 == "Trace:" || $0 == "Summary:" })
        for line in lines[start...] {
            #expect(TerminalText.columns(String(line)) <= 50, "\(arguments.joined(separator: " ")): '\(line)'")
        }
    }

    /// `--set NAME=@FILE` reads a vector: one number a line, or a JSON array.
    @Test func aVectorComesFromAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-at-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "0.25\n-1.5\n\n3e-3\n".write(to: folder.appending(path: "x.txt"), atomically: true, encoding: .utf8)
        try "[0.25, -1.5, 0.003]".write(to: folder.appending(path: "x.json"), atomically: true, encoding: .utf8)
        let typed = try lessons("run", "gradient", "--set", "x=0.25,-1.5,0.003", "--format", "json")
        for file in ["x.txt", "x.json"] {
            let read = try lessons(["run", "gradient", "--set", "x=@" + file, "--format", "json"], in: folder)
            #expect(read.status == 0 && read.stdout == typed.stdout, "\(file): \(read.stderr)")
        }
        try "0.25\nabc\n".write(to: folder.appending(path: "bad.txt"), atomically: true, encoding: .utf8)
        for (value, status, words) in [
            ("@bad.txt", Int32(64), "line 2 holds 'abc'"), ("@none.txt", 66, "@none.txt: no such file"), ("@.", 66, "not a regular file"),
        ] {
            let outcome = try lessons(["run", "gradient", "--set", "x=" + value], in: folder)
            #expect(outcome.status == status && outcome.stdout.isEmpty, "\(value): \(outcome.status)")
            #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stderr.contains(words), "\(outcome.stderr)")
        }
        let number = try lessons(["run", "gradient", "--set", "h=@x.txt"], in: folder)
        #expect(number.status == 64 && number.stderr.contains("only vectors and matrices are read from a file"), "\(number.stderr)")
    }

    /// A count parameter says where it starts: 0 is refused where it is no size.
    @Test func listSaysWhereCountsStart() throws {
        let list = try lessons("list").stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(list.contains("a whole number from 1 to 60000"))
        #expect(list.contains("a whole number from 0 to 1000000"))
        let zero = try lessons("run", "training", "--set", "batch_size=0")
        #expect(zero.status == 64 && zero.stderr.contains("is not a whole number from 1 to 60000"), "\(zero.stderr)")
    }

    /// SimpleNet given both w and x draws nothing: no seed line.
    @Test func aRunThatDrawsNothingShowsNoSeed() throws {
        let given = try lessons("run", "simplenet", "--set", "w=[[1,2,3],[4,5,6]]", "--set", "x=0.6,0.9")
        #expect(given.status == 0 && !given.stdout.contains("np.random.seed("))
        let drawn = try lessons("run", "simplenet-gradient")
        #expect(drawn.stdout.contains("np.random.seed(0)"))
        let gradientGiven = try lessons("run", "simplenet-gradient", "--set", "w=[[1,2,3],[4,5,6]]")
        #expect(!gradientGiven.stdout.contains("np.random.seed("))
    }
}
