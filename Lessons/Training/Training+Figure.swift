import LessonKit
import Plot

extension Training {
    /// The loss after every step (left) and both accuracies at every epoch
    /// (right): falling loss, rising accuracy, and the gap between training
    /// and test accuracy that says how well the net generalises.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let loss = run.output("train_loss").scalars
        let trainAcc = run.output("train_acc").scalars
        let testAcc = run.output("test_acc").scalars
        guard !loss.isEmpty else { throw .cannotDraw(lesson: id, reason: "the run took no steps (iters_num = 0)") }
        let steps = Double(loss.count)
        var figure = Figure(
            title: "loss per step: \(Figure.short(loss[0])) → \(Figure.short(loss[loss.count - 1]))", xLabel: "iteration",
            yLabel: "loss on the batch (after the step)", xRange: 0...max(steps - 1, 1), yRange: Figure.range(of: loss, trim: 0.001))
        figure.elements.append(.line(loss.enumerated().map { Figure.Point(Double($0), $1) }, Figure.Style("#4c72b0", width: 1)))
        figure.legend = [("loss", Figure.Style("#4c72b0"))]

        let epochs = Double(max(trainAcc.count - 1, 1))
        var accuracy = Figure(
            title: "accuracy per epoch: test \(Figure.short(testAcc.last ?? .nan))", xLabel: "epoch", yLabel: "accuracy",
            xRange: 0...epochs, yRange: 0...1)
        for (values, color) in [(trainAcc, "#dd8452"), (testAcc, "#55a868")] {
            let points = values.enumerated().map { Figure.Point(Double($0), $1) }
            accuracy.elements.append(.line(points, Figure.Style(color)))
            accuracy.elements.append(.markers(points, Figure.Style(color), radius: 3))
        }
        accuracy.legend = [("training set", Figure.Style("#dd8452")), ("test set", Figure.Style("#55a868"))]
        figure.panels = [accuracy]
        if trainAcc.isEmpty { figure.note = "no epoch was reached: accuracies are taken at i % iter_per_epoch == 0" }
        return figure
    }
}
