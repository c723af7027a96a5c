import Testing

@testable import LessonKit

/// Parameters, settings, registries and runs: the lesson protocol's plumbing.
struct LessonTests {
    private struct Echo: Lesson {
        static let v = Input<Tensor>.vector("v", default: "1, 2", "a vector")
        static let m = Input<Tensor>.matrix("m", rows: 1, columns: 2, drawn: "a drawn matrix")
        static let n = Input<Int>.count("n", limit: 10, default: "3", "a count")
        static let f = Input<Expression>.function("f", of: .vector, default: "x0 + x1", "a function")
        static let outputs = (v: OutputKey("v"), m: OutputKey("m"), fv: OutputKey("fv"))
        static let configuration = LessonConfiguration(
            id: "echo", title: "echoes its inputs", parameters: [v, m, n, f], outputs: [outputs.v, outputs.m, outputs.fv], defaultSeed: 5)

        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            let drawn = rng.randn(1, 2)
            let v = inputs[Self.v].scalars
            return [
                Output(Self.outputs.v, Tensor(vector: v)), Output(Self.outputs.m, inputs.given(Self.m) ?? drawn),
                Output(Self.outputs.fv, Tensor(scalar: inputs[Self.f](v))),
            ]
        }
    }

    @Test(arguments: [("3", [3.0]), ("-3,4", [-3, 4]), ("[-3, 4.5]", [-3, 4.5]), (" 1e-4 , 2 ", [1e-4, 2]), ("nan,inf", [.nan, .infinity])])
    func vectorsReadFromEveryForm(_ text: String, _ expected: [Double]) throws {
        let value = try ParameterValue(parsing: text, as: .vector, for: "v")
        let scalars = try #require(value.tensor?.scalars)
        #expect(scalars.count == expected.count)
        #expect(zip(scalars, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    @Test(arguments: ["0x10", "1,,2", "", "[1, 2", "[[1, 2], [3]]", "1.2.3", "--1"])
    func malformedValuesAreRefusedQuotingThem(_ text: String) {
        #expect(throws: LessonError.self) { try ParameterValue(parsing: text, as: .vector, for: "v") }
    }

    @Test func countsAreWholeAndWithinTheirLimit() throws {
        #expect(try ParameterValue(parsing: "10", as: .count(limit: 10), for: "n").json == .integer(10))
        #expect(throws: LessonError.badValue(parameter: "n", value: "11", expected: "a whole number from 0 to 10")) {
            try ParameterValue(parsing: "11", as: .count(limit: 10), for: "n")
        }
    }

    @Test func runsMergeSettingsOverDefaultsAndDrawTheRest() throws {
        let run = try Echo().run(settings: ["v=[2, 3]"])
        #expect(run.seed == 5)
        #expect(run.output("fv").scalar == 5)
        #expect(run.parameter("m") == nil)
        // np.random.seed(5); np.random.randn(1, 2)
        #expect(run.output("m").scalars == [0.44122748688504143, -0.33087015189408764])
        #expect(run.json.serialized() == #"{"lesson":"echo","seed":5,"parameters":{"v":[2.0,3.0],"m":null,"n":3,"f":"x0 + x1"},"outputs":{"v":[2.0,3.0],"m":[[0.44122748688504143,-0.33087015189408764]],"fv":5.0}}"#)
    }

    @Test func theCommandLineReproducesTheRunAndQuotesForTheShell() throws {
        let run = try Echo().run(seed: 9, settings: ["f=x0 * x1", "n=3"])
        #expect(run.commandLine == "lessons run echo --seed 9 --set 'f=x0 * x1'")
        let again = try Echo().run(seed: 9, settings: ["f=x0 * x1"])
        #expect(again.outputs == run.outputs)
        #expect(shellQuoted("it's") == #"'it'\''s'"#)
        // Non-finite numbers are written so --set reads them back.
        let nan = try Echo().run(settings: ["v=nan,inf"])
        #expect(nan.commandLine == #"lessons run echo --set 'v=["nan","inf"]'"#)
        #expect(try ParameterValue(parsing: "nan", as: .number, for: "h").settingText == "nan")
    }

    @Test func unknownNamesAndIdsAreRefusedListingTheKnownOnes() {
        #expect(throws: LessonError.unknownParameter(lesson: "echo", name: "w", known: ["v", "m", "n", "f"])) {
            try Echo().run(settings: ["w=1"])
        }
        #expect(throws: LessonError.badSetting("v")) { try Echo().run(settings: ["v"]) }
        #expect(throws: LessonError.unknownLesson("nope", known: ["echo"])) { try Registry([Echo()]).lesson("nope") }
    }

    @Test func theLocaleChoosesTheNarrationLanguage() {
        #expect(Narration.Language.fromEnvironment(["LANG": "zh_CN.UTF-8"]) == .chinese)
        #expect(Narration.Language.fromEnvironment(["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]) == .english)
        #expect(Narration.Language.fromEnvironment(["LC_ALL": "", "LANG": "zh_TW"]) == .chinese)
        #expect(Narration.Language.fromEnvironment([:]) == .english)
        #expect(Narration(english: "a").text(in: .chinese) == "a")
    }
}

/// A matrix whose shape follows other parameters: checked once all values are known.
struct DerivedShapeTests {
    private struct Weighted: Lesson {
        static let rows = Input<Int>.count("rows", from: 1, limit: 10, default: "2", "rows of W")
        static let w = Input<Tensor>.matrix("W", rows: .parameter("rows"), columns: 3, drawn: "the weights, rows × 3")
        static let total = OutputKey("total")
        static let configuration = LessonConfiguration(
            id: "weighted", title: "a matrix of rows × 3", parameters: [rows, w], outputs: [total], defaultSeed: 0)
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            let w = inputs.given(Self.w) ?? rng.randn(inputs[Self.rows], 3)
            return [Output(Self.total, Tensor(scalar: w.scalars.reduce(0, +)))]
        }
    }

    @Test func aShapeFollowsTheParameterItNames() throws {
        #expect(try Weighted().run(settings: ["rows=1", "W=[[1,2,3]]"])[Weighted.total].scalar == 6)
        #expect(try Weighted().run(settings: ["rows=3", "W=[[1,2,3],[4,5,6],[7,8,9]]"])[Weighted.total].scalar == 45)
        // A flat list is a one-row matrix when rows is 1, as for fixed shapes.
        #expect(try Weighted().run(settings: ["rows=1", "W=1,2,3"])[Weighted.total].scalar == 6)
        #expect(throws: LessonError.wrongShape(parameter: "W", expected: "a 2x3 matrix (rows × 3), shape (2, 3)", got: "shape (3, 3)")) {
            try Weighted().run(settings: ["W=[[1,2,3],[4,5,6],[7,8,9]]"])
        }
        #expect(Weighted().parameters[1].expected == "a rows × 3 matrix (a JSON array of rows)")
    }
}
