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

    @Test func learningLowersTheLossAndRaisesTheTestAccuracy() throws {
        let run = try Training().run(settings: ["iters_num=1000"])
        let loss = run.output("train_loss").scalars
        let test = run.output("test_acc").scalars
        #expect(loss[0] > 2.2 && loss[loss.count - 1] < 1.0)
        #expect(test[0] < 0.2 && test[test.count - 1] > 0.75)
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: LessonError.self) { try Training().run(settings: ["gradient=symbolic"]) }
        #expect(throws: LessonError.self) { try Training().run(settings: ["data=random"]) }
        #expect(throws: LessonError.self) { try Training().run(settings: ["batch_size=0"]) }
    }
}
