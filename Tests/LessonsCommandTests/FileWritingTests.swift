import Foundation
import LessonKit
import Testing

/// What `lessons` writes goes only to regular files, and every refusal or bad
/// input is one short line that says what was expected.
@Suite(.serialized)
struct FileWritingTests {
    @Test(arguments: [
        ("/dev/full", "cannot write the figure to '/dev/full': it is a device, not a regular file"),
        ("/tmp", "cannot write the figure to '/tmp': it is a directory, not a regular file"),
        (
            "/nonexistent-folder/x.svg",
            "cannot write the figure to '/nonexistent-folder/x.svg': its folder '/nonexistent-folder' does not exist"
        ),
    ])
    func plotRefusesWhatIsNotARegularFile(_ path: String, _ message: String) throws {
        let outcome = try lessons("run", "derivative", "--quiet", "--plot", path)
        #expect(outcome.status == 73)
        #expect(outcome.stderr == "error: \(message)\n")
        if path == "/dev/full" {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
        }
    }

    /// The figure is SVG: a name that says otherwise is refused before
    /// anything runs or is written.
    @Test func plotRefusesANameThatIsNotSVG() throws {
        let target = FileManager.default.temporaryDirectory.appending(path: "lessons-plot-\(UUID().uuidString).png")
        let outcome = try lessons("run", "derivative", "--quiet", "--plot", target.path)
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "error: --plot writes an SVG figure: name it FILE.svg, not '\(target.lastPathComponent.excerpt())' (see 'lessons --help')\n")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        // A path ending in "/" or naming "." is a folder, refused as one (73), whatever its name.
        for path in ["/tmp/dir.d/", "/tmp/.", "."] {
            let folder = try lessons("run", "derivative", "--quiet", "--plot", path)
            #expect(folder.status == 73, "\(path): \(folder.stderr)")
        }
        // A leading dot hides a file and is no extension.
        let hidden = target.deletingLastPathComponent().appending(path: ".lessons-plot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: hidden) }
        #expect(try lessons("run", "derivative", "--quiet", "--plot", hidden.path).status == 0)
        let upper = target.deletingPathExtension().appendingPathExtension("SVG")
        defer { try? FileManager.default.removeItem(at: upper) }
        #expect(try lessons("run", "derivative", "--quiet", "--plot", upper.path).status == 0)
    }

    @Test func plotFollowsASymlinkAndLeavesNoTemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("old".utf8).write(to: folder.appending(path: "figure.svg"))
        try FileManager.default.createSymbolicLink(atPath: folder.appending(path: "link.svg").path, withDestinationPath: "figure.svg")
        let outcome = try lessons("run", "derivative", "--quiet", "--plot", folder.appending(path: "link.svg").path)
        #expect(outcome.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.appending(path: "link.svg").path) == "figure.svg")
        #expect(try String(contentsOf: folder.appending(path: "figure.svg"), encoding: .utf8).contains("<svg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["figure.svg", "link.svg"])
    }

    @Test(arguments: [
        (["run", "gradient", "--set", "x=1,"], "error: x: '1,' is not a list of numbers: item 2 of 2 is empty (write 1,2 or [1, 2])"),
        (
            ["run", "derivative", "--set", "x=1e400"],
            "error: x: '1e400' is not a number a double can hold: it overflows to infinity (write inf for that)"
        ),
        (
            ["run", "derivative", "--set", "h=1e-400"],
            "error: h: '1e-400' is not a number a double can hold: it underflows to 0 (write 0 for that)"
        ),
        (
            ["run", "derivative", "--set", "x=1", "--set", "x=2"],
            "error: --set x is given twice ('x=1' and 'x=2'); give each parameter once"
        ),
        (["crosscheck", "--cases", "-1"], "error: --cases must be from 1 to 100000, got -1 (see 'lessons --help')"),
        (["run", "a\nb"], "error: unknown lesson 'a\\nb'; the lessons are: derivative, gradient, descent, simplenet, simplenet-gradient, two-layer-net, training, computational-graph, layers, gradient-check"),
    ])
    func badInputIsOneLineSayingWhatWasExpected(_ arguments: [String], _ message: String) throws {
        let outcome = try lessons(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr == message + "\n")
    }

    @Test func hugeInputIsQuotedAsAnExcerpt() throws {
        let huge = String(repeating: "x", count: 100_000)  // one argument may hold at most 128 KiB
        for arguments in [
            ["run", huge], ["run", "derivative", "--set", "x=" + huge], ["run", "derivative", "--set", "function=x+\n" + huge],
        ] {
            let outcome = try lessons(arguments)
            #expect(outcome.status == 64)
            #expect(outcome.stderr.count < 700, "\(outcome.stderr.count) characters")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
    }
}
