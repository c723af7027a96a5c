import LessonKit
import SimpleNet
import Testing

/// Expected values: NumPy 2.4 running the notebook's SimpleNet after
/// `np.random.seed(s)`. `w` and `x` are exact; `y` and `loss` pass through
/// exp and log, so they are held to 4 ulps (the project's stated tolerance
/// for the math library's last bit).
struct SimpleNetTests {
    struct Case: Sendable {
        let seed: Int64
        let x: [Double]
        let y: [Double]
        let loss: Double
    }

    static let cases = [
        Case(
            seed: 0, x: [0.9500884175255894, -0.1513572082976979],
            y: [0.48511032165040735, 0.14047960729600795, 0.37441007105358487], loss: 2.226987067774557),
        Case(
            seed: 7, x: [-0.0008903858579313628, -1.7547243063454208],
            y: [0.08914968171438936, 0.7289885310713422, 0.18186178721426843], loss: 2.5915323960108276),
        Case(
            seed: 4_294_967_295, x: [-0.044026015448043285, 0.24877161740907913],
            y: [0.31200141055736563, 0.29876077285873887, 0.38923781658389556], loss: 1.9677358520587083),
    ]

    static func withinFourUlps(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 4 * b.ulp }

    @Test(arguments: cases)
    func seededRunsMatchNumPy(_ c: Case) throws {
        let run = try SimpleNet().run(seed: c.seed, settings: [])
        #expect(run.outputs.map(\.name) == ["w", "x", "y", "loss"])
        #expect(run.outputs[1].value.scalars.map(\.bitPattern) == c.x.map(\.bitPattern))
        #expect(run.outputs[1].value.shape == [1, 2])
        #expect(zip(run.outputs[2].value.scalars, c.y).allSatisfy(Self.withinFourUlps))
        #expect(Self.withinFourUlps(run.outputs[3].value.scalar, c.loss))
    }

    @Test func theDefaultSeedIsZero() throws {
        let run = try SimpleNet().run(settings: [])
        #expect(run.seed == 0)
        #expect(run.outputs[0].value.scalars[0] == 1.764052345967664)
    }

    /// A drawn w points to its output only when that output is printed.
    @Test func aDrawnInputPointsToItsOutputOnlyWhenShown() throws {
        let run = try SimpleNet().run(settings: [])
        #expect(run.transcript.contains("\nw = drawn from the seeded RNG (see the output below)\n"))
        let lines = run.transcript(outputs: ["loss"]).split(separator: "\n")
        #expect(lines.contains("w = drawn from the seeded RNG"))
        #expect(lines.contains("x = drawn from the seeded RNG"))
        #expect(!lines.contains { $0.contains("see the output below") })
    }

    @Test func settingWStillConsumesItsDrawsSoXIsUnchanged() throws {
        let run = try SimpleNet().run(settings: ["w=[[1,0,0],[0,1,0]]"])
        #expect(run.outputs[0].value.scalars == [1, 0, 0, 0, 1, 0])
        #expect(run.outputs[1].value.scalars == [0.9500884175255894, -0.1513572082976979])
    }

    @Test func aOneRowMatrixMayBeWrittenFlat() throws {
        let run = try SimpleNet().run(settings: ["x=0.6,0.9"])
        #expect(run.outputs[1].value.shape == [1, 2])
    }

    /// t = 0, 0, 0: every term 0 · log(y + 1e-7) is 0, so the loss is 0
    /// (NumPy: -0.0) for any y, and no y is the loss's smallest or t's pick.
    /// The notes claim no minimum at t / 0 and no class t weighs most.
    @Test func aTargetOfZerosHasNoMinimumAndNoPick() throws {
        let run = try SimpleNet().run(settings: ["t=0,0,0"])
        #expect(run.output("loss").scalar == 0)
        for language in Narration.Language.allCases {
            let notes = SimpleNet().notes(run, language: language).joined(separator: " ")
            #expect(!notes.contains("t / 0") && !notes.contains("weighs class") && !notes.contains("权重最大"), "\(notes)")
            #expect(notes.contains(language == .english ? "t is all 0" : "t 全为 0"), "\(notes)")
        }
        #expect(try SimpleNet().figure(run).note?.contains("t / 0") == false)
    }

    /// t = -1, 0, 1 sums to 0 and t = -1, 1, 2 to 2, but with a negative entry
    /// -t·log(y) rewards y[0] → 0 without bound (down to the 1e-7), so the
    /// loss has no minimum at t / sum; t = 0.5, 0.6, 0.7 (no negative entry,
    /// sum 1.8) has it at t / 1.8, and weighs class 2 most.
    @Test(arguments: [("-1,0,1", false), ("-1,1,2", false), ("0.5,0.6,0.7", true)])
    func onlyATargetLikeADistributionHasAMinimumAtTOverItsSum(_ t: String, _ claimed: Bool) throws {
        let run = try SimpleNet().run(settings: ["t=\(t)"])
        let sum = t == "0.5,0.6,0.7" ? "1.8" : t == "-1,1,2" ? "2" : "0"
        #expect(try SimpleNet().figure(run).note?.contains("smallest at y = t / \(sum)") == claimed)
        let english = SimpleNet().notes(run, language: .english).joined(separator: " ")
        #expect(english.contains("smallest at y = t / \(sum)") == claimed && english.contains("weighs class") == claimed, "\(english)")
        let chinese = SimpleNet().notes(run, language: .chinese).joined(separator: " ")
        #expect(chinese.contains("y = t / \(sum) 处最小") == claimed && chinese.contains("权重最大") == claimed, "\(chinese)")
        if claimed { #expect(english.contains("t weighs class 2 most")) }
    }

    @Test(arguments: ["w=[1,2,3]", "w=[[1,2],[3,4]]", "t=1,2", "x=[[1,2,3]]"])
    func wrongShapesAreRefused(_ setting: String) {
        #expect(throws: LessonError.self) { try SimpleNet().run(settings: [setting]) }
    }
}
