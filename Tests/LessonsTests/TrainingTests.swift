import LessonKit
import Testing
import Training

/// What the training loop does besides arithmetic (its numbers are compared
/// with NumPy in OracleTests and by the fixture, recorded from NumPy).
struct TrainingTests {
    /// `i % iter_per_epoch == 0` with Python's float: 4 000 / 64 = 62.5
    /// checks at i = 0, 125, 250, 375; 4 000 / 300 = 13.33… only at i = 0
    /// (Python: `[i for i in range(400) if i % (4000 / 300) == 0]`).
    @Test func epochChecksFollowPythonsFloatModulo() throws {
        let halves = try Training().run(settings: ["iters_num=400", "batch_size=64", "hidden_size=2"])
        #expect(halves.output("train_acc").count == 4)
        let thirds = try Training().run(settings: ["iters_num=400", "batch_size=300", "hidden_size=2"])
        #expect(thirds.output("train_acc").count == 1)
        #expect(thirds.output("train_loss").count == 400)
    }

    /// The trace names the step each epoch check followed and that step's
    /// batch loss. Python: `[i for i in range(100) if i % max(4000 / 100, 1) == 0]`
    /// is [0, 40, 80]; with batch 64, `range(400)` and 4000 / 64 = 62.5 it is
    /// [0, 125, 250, 375].
    @Test(arguments: [("100", "100", [0, 40, 80]), ("400", "64", [0, 125, 250, 375])])
    func theTraceShowsTheStepOfEachEpochCheck(_ iterations: String, _ batch: String, _ steps: [Int]) throws {
        let run = try Training().run(settings: ["iters_num=\(iterations)", "batch_size=\(batch)", "hidden_size=2"])
        let trace = try #require(Training().trace(run))
        #expect(trace.rows.map { $0[1] } == steps.map(String.init))
        let loss = run.output("train_loss").scalars
        #expect(trace.rows.map { $0[2] } == steps.map { NumPyFormat.pythonRepr(loss[$0]) })
        #expect(trace.rows.map { $0[0] } == steps.indices.map(String.init))
    }

    @Test func learningLowersTheLossAndRaisesTheTestAccuracy() throws {
        let run = try Training().run(settings: ["iters_num=1000"])
        let loss = run.output("train_loss").scalars
        let test = run.output("test_acc").scalars
        #expect(loss[0] > 2.2 && loss[loss.count - 1] < 1.0)
        #expect(test[0] < 0.2 && test[test.count - 1] > 0.75)
    }

    /// One step makes one epoch check (0 % iter_per_epoch == 0), counted in
    /// the singular.
    @Test func oneEpochCheckIsCountedInTheSingular() throws {
        let run = try Training().run(settings: ["iters_num=1", "hidden_size=2"])
        #expect(run.output("train_acc").count == 1)
        let notes = Training().notes(run, language: .english).joined(separator: " ")
        #expect(notes.contains("After 1 epoch check:") && !notes.contains("1 steps"), "\(notes)")
    }

    /// One step has no fall to report; a negative learning rate climbs the
    /// loss (p += |lr| · grad), and the note says it rose, not fell.
    @Test func theLossNoteSaysWhatTheLossDid() throws {
        let one = try Training().run(settings: ["iters_num=1", "hidden_size=2"])
        let english = Training().notes(one, language: .english).joined(separator: " ")
        #expect(english.contains("One step: the batch loss after it is") && !english.contains("fell"), "\(english)")
        let chinese = Training().notes(one, language: .chinese).joined(separator: " ")
        #expect(chinese.contains("只走了一步") && !chinese.contains("降到"), "\(chinese)")
        let ascent = try Training().run(settings: ["iters_num=50", "hidden_size=2", "learning_rate=-5"])
        let loss = ascent.output("train_loss").scalars
        #expect(loss[loss.count - 1] > loss[0] + 0.01)
        #expect(Training().notes(ascent, language: .english).contains { $0.hasPrefix("The batch loss rose from") })
        #expect(Training().notes(ascent, language: .chinese).contains { $0.contains(" 升到 ") })
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: LessonError.self) { try Training().run(settings: ["gradient=symbolic"]) }
        #expect(throws: LessonError.self) { try Training().run(settings: ["data=random"]) }
        #expect(throws: LessonError.self) { try Training().run(settings: ["batch_size=0"]) }
    }

    /// Runs that do not learn are not presented as progress: lr = 10 and 100
    /// overshoot, lr = 0.001 leaves the loss at ln 10; accuracy stays at
    /// chance level, 1/10, and no note says the net generalises.
    @Test(arguments: [("10", "The steps overshoot"), ("100", "The steps overshoot"), ("0.001", "The loss stayed near ln 10 = 2.303")])
    func aRunThatDoesNotLearnSaysSo(_ rate: String, _ why: String) throws {
        let run = try Training().run(settings: ["learning_rate=\(rate)", "iters_num=400"])
        #expect(run.output("test_acc").scalars.last == 0.1)
        let notes = Training().notes(run, language: .english)
        #expect(notes.contains { $0.hasPrefix(why) && $0.contains("chance level") }, "\(notes)")
        #expect(notes.contains { $0.contains("The net did not learn: test accuracy at chance level, 1/10 = 0.1") }, "\(notes)")
        #expect(!notes.contains { $0.contains("keeps up with training accuracy") || $0.contains("memorising") })
        let zh = Training().notes(run, language: .chinese)
        #expect(zh.contains { $0.contains("网络没有学到东西") })
    }

    /// The embedded set is not the book's: 40 iterations an epoch, not 600,
    /// and each image seen many times, where the train/test gap comes from.
    @Test func theEmbeddedRunIsComparedWithTheBooks() throws {
        let run = try Training().run(settings: ["iters_num=1200"])
        let notes = Training().notes(run, language: .english)
        #expect(notes.contains { $0.hasPrefix("The book learns from all 60 000 MNIST images") && $0.contains("40 iterations") }, "\(notes)")
    }
}
