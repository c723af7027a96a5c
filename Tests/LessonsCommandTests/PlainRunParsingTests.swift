import LessonKit
import TestSupport
import Testing

@testable import LessonsCommand

/// `lessons run` read without ArgumentParser (`RunLesson.plain`) must give
/// exactly the command ArgumentParser gives, whenever it accepts a line at
/// all; anything it does not accept goes to ArgumentParser whole.
struct PlainRunParsingTests {
    /// Every stored property of a parsed `run`, as ArgumentParser's wrappers
    /// print their values (a property the plain path forgot prints as
    /// `*definition*`, or traps on reading).
    static func fields(_ command: RunLesson) -> [String] {
        Mirror(reflecting: command).children.map { "\($0.label ?? "?") = \(String(describing: $0.value))" }
    }

    /// ArgumentParser's command for the line (validated, as `lessons` runs it), or nil.
    static func parsed(_ arguments: [String]) -> RunLesson? {
        (try? LessonsCommand.parseAsRoot(arguments)) as? RunLesson
    }

    @Test(arguments: [
        ["run", "gradient"],
        ["run", "descent", "-q", "--set", "steps=1000000"],
        ["run", "gradient", "--set", "function=sum(x^2)", "--set", "x=1,2,3", "--format", "json"],
        ["run", "--seed", "7", "simplenet", "--set", "t=0,0,1", "--outputs", "y,loss", "--lang", "zh"],
        ["run", "derivative", "--trace", "--quiet", "--plot", "out/figure.svg", "--set", "x=1"],
        ["run", "descent", "--set", "init=[-3, 4]", "--set", "lr=10", "--plot", ".hidden"],
        ["run", "training", "--seed", "4294967296", "--format", "text"],
        ["run", "nosuch", "--set", "whatever"],
        ["run", "simplenet", "--arithmetic", "haswell-libm", "--trace"], ["run", "two-layer-net", "--arithmetic", "numpy"],
        ["run", "gradient", "--arithmetic", "canonical"],
    ])
    func plainLinesParseAsArgumentParserParsesThem(_ arguments: [String]) throws {
        let plain = try #require(RunLesson.plain(arguments))
        let parsed = try #require(Self.parsed(arguments))
        #expect(Self.fields(plain) == Self.fields(parsed))
        #expect(!Self.fields(plain).contains { $0.contains("definition") })
    }

    @Test(arguments: [
        ["list"], ["run"], ["run", "gradient", "descent"], ["run", "--help"], ["run", "gradient", "-h"], ["run", "help"],
        ["run", "gradient", "--set=x=1"], ["run", "gradient", "-qt"], ["run", "--", "gradient"], ["run", "gradient", "--seed", "-1"],
        ["run", "gradient", "--format", "xml"], ["run", "gradient", "--lang", "fr"], ["run", "gradient", "--plot", "x.png"],
        ["run", "gradient", "--seed", "1", "--seed", "2"], ["run", "gradient", "-q", "-q"], ["run", "gradient", "--set"],
        ["run", "gradient", "--set", ""], ["run", "gradient", "--version"], ["run", "gradient", "--generate-completion-script", "bash"],
        ["run", "gradient", "--sets", "x=1"], ["run", "", "--trace"], ["run", "gradient", "--arithmetic", "sandybridge-libm"],
        ["run", "gradient", "--arithmetic", "numpy", "--arithmetic", "numpy"],
    ])
    func anythingElseGoesToArgumentParser(_ arguments: [String]) {
        #expect(RunLesson.plain(arguments) == nil)
    }

    /// Random lines from options, values and near misses: whenever the plain
    /// path accepts one, ArgumentParser parses it to the same command.
    @Test func randomLinesParseAlikeWheneverThePlainPathTakesThem() {
        let words = [
            "gradient", "descent", "nosuch", "help", "-q", "--quiet", "--trace", "--seed", "--set", "--format", "--lang",
            "--outputs", "--plot", "--", "-h", "-qt", "--set=x=1", "7", "-1", "x=1,2", "function=sum(x^2)", "text", "json", "xml",
            "en", "zh", "y,loss", "f.svg", "f.png", "", "a b", "--seed=3", "-", "steps=10", "--arithmetic", "numpy", "haswell-libm",
            "skylakex", "canonical",
        ]
        var rng = SplitMix64(seed: 0x9A55_2026_1129)
        var accepted = 0
        for _ in 0..<1500 {
            let line = ["run"] + (0..<(1 + rng.below(7))).map { _ in words[rng.below(words.count)] }
            guard let plain = RunLesson.plain(line) else { continue }
            accepted += 1
            guard let parsed = Self.parsed(line) else {
                Issue.record("the plain path took \(line), which ArgumentParser refuses")
                continue
            }
            #expect(Self.fields(plain) == Self.fields(parsed), "\(line)")
        }
        #expect(accepted >= 100, "only \(accepted) of 1 500 lines took the plain path")
    }
}
