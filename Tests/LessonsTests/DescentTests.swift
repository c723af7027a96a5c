import Descent
import LessonKit
import Testing

struct DescentTests {
    @Test func defaultsGiveTheNotebooksValue() throws {
        let run = try Descent().run(settings: [])
        let x = run.outputs[0].value
        #expect(x.scalars.map(\.bitPattern) == [6.7222187218403284e-09, 4.074071952643464e-09].map(\.bitPattern))
        #expect(NumPyFormat.arrayRepr(x) == "array([6.72221872e-09, 4.07407195e-09])")
        let history = run.outputs[1].value
        #expect(history.shape == [100, 2])
        #expect(Array(history.scalars.prefix(2)) == [33, 20])
    }

    @Test(arguments: [
        ("0.1", [-6.111107928998789e-10, 8.148143905314271e-10]),
        // Too large: the book's divergent run, stalled where x ± h rounds to x.
        ("10", [-25898374737328.363, -1295248616896.5398]),
        // Too small: barely moves.
        ("1e-10", [-2.999999939999995, 3.9999999199999934]),
    ])
    func learningRatesFromTheBookMatchNumPyBitForBit(_ lr: String, _ numpy: [Double]) throws {
        let run = try Descent().run(settings: ["init=-3,4", "lr=\(lr)"])
        #expect(run.outputs[0].value.scalars.map(\.bitPattern) == numpy.map(\.bitPattern))
    }

    /// A start at inf or nan: every point after it is nan, and the notes say
    /// why instead of looking for the last finite point (there is none).
    @Test(arguments: ["inf,-inf", "nan,1"])
    func aStartThatIsNotFiniteIsTold(start: String) throws {
        let run = try Descent().run(settings: ["init=\(start)", "steps=5"])
        let afterStart = run.outputs[1].value.scalars.dropFirst(2)
        #expect(afterStart.allSatisfy { $0.isNaN })
        for language in [Narration.Language.english, .chinese] {
            let notes = Descent().notes(run, language: language)
            #expect(notes.count == 1)
            #expect(notes.first?.contains(language == .english ? "starting point is not finite" : "起点不是有限值") == true)
        }
        #expect(Descent().trace(run) != nil)
    }

    @Test func zeroStepsReturnTheStartAndAnEmptyHistory() throws {
        let run = try Descent().run(settings: ["steps=0"])
        #expect(run.outputs[0].value.scalars == [33, 20])
        #expect(run.outputs[1].value.shape == [0, 2])
    }

    @Test(arguments: ["steps=-1", "steps=2.5", "steps=1000001", "lr=fast", "init=1"])
    func badSettingsAreRefused(_ setting: String) {
        #expect(throws: LessonError.self) { try Descent().run(settings: [setting]) }
    }

    @Test func aHistoryTooLargeToHoldIsRefusedBeforeAnyWork() {
        // 11 coordinates × 1,000,000 steps = 11 million values > 10 million.
        #expect(throws: LessonError.self) { try Descent().run(settings: ["init=1,2,3,4,5,6,7,8,9,10,11", "steps=1000000"]) }
    }

    /// lr = 1 on x0² + x1²: each step multiplies x by 1 - 2·1 = -1, so x swings
    /// between (33, 20) and (-33, -20) with f = 33² + 20² = 1489 and |x| = √1489
    /// = 38.59 throughout (rounding moves f by 1.5e-5 in 100 steps). That is no
    /// divergence. With lr = 1.01 the factor is -1.02: |x| = 38.59 · 1.02^100
    /// = 279.6 and f = 1489 · 1.02^200 = 7.815e4 after 100 steps, which is.
    @Test func equalJumpsAreNotCalledADivergence() throws {
        let run = try Descent().run(settings: ["lr=1"])
        let english = Descent().notes(run, language: .english)
        #expect(!english.contains { $0.contains("Diverged") }, "\(english)")
        #expect(english.first?.hasPrefix("Neither converging nor diverging") == true, "\(english)")
        #expect(english.contains { $0.contains("f stayed at 1489") } && english.contains { $0.contains("each jump as long as the last") })
        let chinese = Descent().notes(run, language: .chinese)
        #expect(!chinese.contains { $0.hasPrefix("发散") } && chinese.contains { $0.contains("f 始终是 1489") }, "\(chinese)")
        #expect(try Descent().figure(run).note?.contains("diverges") == false)
        let growing = Descent().notes(try Descent().run(settings: ["lr=1.01"]), language: .english)
        #expect(growing.first == "Diverged: f went up from 1489 to 7.815e4; |x| grew from 38.59 to 279.6 (step 100).", "\(growing)")
    }

    /// With lr = 1 on x0² + x1², one or two steps land on (-33, -20) and back:
    /// a first step of 2·√1489 = 77.18 and f unchanged, which is jumping,
    /// not "barely moving" (nor a fall "by only -1.898e-7"). A truly small lr
    /// still barely moves.
    @Test func shortRunsOfEqualJumpsAreJumpsNotStalls() throws {
        for steps in [1, 2] {
            let notes = Descent().notes(try Descent().run(settings: ["lr=1", "steps=\(steps)"]), language: .english)
            #expect(notes.first?.hasPrefix("Jumping, not descending: x's first step was 77.18 long") == true, "\(notes)")
            #expect(!notes.contains { $0.contains("Barely moving") || $0.contains("by only -") }, "\(notes)")
        }
        let small = Descent().notes(try Descent().run(settings: ["lr=1e-10"]), language: .english)
        #expect(small.first?.hasPrefix("Barely moving: in 100 steps f fell by only 5.956e-5") == true, "\(small)")
        // A step down one side of 1e6 + x0² (3 → 2.4, f falls by 9 - 5.76 = 3.24)
        // prints f unchanged at 4 figures, yet crosses no valley: not jumping.
        let side = Descent().notes(
            try Descent().run(settings: ["function=1e6+x0^2", "init=3,0", "lr=0.1", "steps=5"]), language: .english)
        #expect(!side.contains { $0.hasPrefix("Jumping") || $0.hasPrefix("Barely moving") }, "\(side)")
        // x: 3 · 0.8^5 = 0.98304, so f fell by 9 - 0.98304² = 8.0336…, quoted as the fall.
        #expect(side.first?.hasPrefix("Still descending: f fell by 8.034 (from 1e6) in 5 steps") == true, "\(side)")
    }

    /// The Chinese story says, as the English does, that once h is below half
    /// the gap between doubles at x the difference sees no change.
    @Test func theChineseStorySaysTheDifferenceSeesNoChange() {
        let chinese = Descent().narration.chinese.replacing("\n", with: "").replacing(" ", with: "")
        #expect(!chinese.contains("差分量不到"))
        #expect(chinese.contains("都不到相邻两个双精度数间隔的一半时，x+h和x-h都会舍入回x，差分测不出任何变化，梯度为0"))
    }

    /// One step, one coordinate: the notes and the figure count them in the
    /// singular ("in 1 step", "this init has 1 coordinate").
    @Test func aSingleStepOrCoordinateIsCountedInTheSingular() throws {
        let moving = try Descent().run(settings: ["steps=1"])
        let notes = Descent().notes(moving, language: .english).joined(separator: " ")
        #expect(notes.contains("in 1 step,") && !notes.contains("1 steps"), "\(notes)")
        #expect(try Descent().figure(moving).legend.map(\.0).contains { $0.hasPrefix("path of x, 1 step (") })
        let frozen = try Descent().run(settings: ["steps=1", "lr=0"])
        #expect(Descent().notes(frozen, language: .english).contains("x never moved in 1 step."))
        #expect(try Descent().figure(frozen).note?.contains("x never moves in 1 step (") == true)
        let line = try Descent().run(settings: ["function=x0^2", "init=5"])
        do {
            _ = try Descent().figure(line)
            Issue.record("a 1-vector init was drawn")
        } catch {
            guard case .cannotDraw(_, let reason) = error else { throw error }
            #expect(reason.hasSuffix("this init has 1 coordinate"), "\(reason)")
        }
    }

    /// Fifty coordinates oscillating alike are one clause naming the ends of
    /// the list; ten with different factors are three clauses and a count.
    @Test func notesOnManyAxesStayShort() throws {
        let point = (0..<50).map { (i: Int) -> String in String(Double(i % 7) - 3.5) }.joined(separator: ",")
        let alike = try Descent().run(settings: ["function=sum(x^2)", "init=\(point)", "steps=20", "lr=1.1"])
        let notes = Descent().notes(alike, language: .english)
        let oscillation = try #require(notes.first { $0.hasPrefix("Oscillates") })
        #expect(oscillation.contains("x0, x1, x2, …, x47, x48, x49 (50 in all)") && !oscillation.contains("x25"), "\(oscillation)")
        #expect(oscillation.contains("-1.2 times"))
        let terms = (0..<10).map { "\($0 + 1)*x\($0)^2" }.joined(separator: " + ")
        let different = try Descent().run(settings: ["function=\(terms)", "init=1,1,1,1,1,1,1,1,1,1", "steps=20", "lr=0.3"])
        let described = try #require(Descent().notes(different, language: .english).first { $0.hasPrefix("Oscillates") })
        // 1 - 2·0.3·a is negative for a = 2 … 10: nine axes, three named.
        #expect(
            described.contains("along x1 each step is -0.2 times") && described.contains("6 more axes move by other factors"),
            "\(described)")
    }
}
