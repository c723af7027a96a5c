import Foundation
import LessonKit
import Testing

/// `lessons run` and `lessons list`, through the built binary.
@Suite(.serialized)
struct RunLessonTests {
    @Test func gradientPrintsTheNotebooksArray() throws {
        let outcome = try lessons("run", "gradient")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("array([14.,  6., 10.])"))
        #expect(outcome.stderr.isEmpty)
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
