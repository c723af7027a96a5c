import LessonKit
import Plot

extension Training {
    /// The loss after every step (left) and both accuracies at every epoch
    /// (right): falling loss, rising accuracy, and the gap between training
    /// and test accuracy that says how well the net generalises. Dashed
    /// lines mark chance level, an even guess over the 10 classes (loss
    /// ln 10, accuracy 1/10), so a run that learns nothing shows as one that
    /// stays on them. The small print names the data, the rate and the steps.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let loss = run[Outputs.train_loss].scalars
        let trainAcc = run[Outputs.train_acc].scalars
        let testAcc = run[Outputs.test_acc].scalars
        guard let first = loss.first, let last = loss.last else {
            throw .cannotDraw(lesson: id, reason: "the run took no steps (iters_num = 0)")
        }
        let chanceLoss = 2.302585092994046  // ln 10
        let chance = Figure.Style("#7f7f7f", width: 1.2, dashed: true)
        let steps = Double(loss.count)
        // The outliers of a noisy loss are trimmed, but never the first and
        // last values the title quotes, nor chance level.
        let trimmed = Figure.range(of: loss, trim: 0.001)
        let shown = [first, last].filter(\.isFinite)
        let yRange = Figure.interval(
            min(trimmed.lowerBound, shown.min() ?? trimmed.lowerBound, 0),
            max(trimmed.upperBound, (shown.max() ?? trimmed.upperBound) * 1.04, chanceLoss * 1.08))
        var figure = Figure(
            title: "loss per step: \(Figure.short(first)) → \(Figure.short(last))", xLabel: "iteration",
            yLabel: "loss on the batch (after the step)", xRange: 0...max(steps - 1, 1), yRange: yRange)
        figure.elements.append(.line([Figure.Point(0, chanceLoss), Figure.Point(max(steps - 1, 1), chanceLoss)], chance))
        figure.elements.append(.line(loss.enumerated().map { Figure.Point(Double($0), $1) }, Figure.Style("#4c72b0", width: 1)))
        figure.legend = [("loss", Figure.Style("#4c72b0")), ("chance level: loss ln 10, accuracy 1/10", chance)]

        // Half an epoch of room at each end, so the first and last dots show whole.
        let epochs = Double(max(trainAcc.count - 1, 1))
        let room = max(0.5, epochs * 0.02)
        var accuracy = Figure(
            title: "accuracy per epoch: test \(Figure.short(testAcc.last ?? .nan))", xLabel: "epoch", yLabel: "accuracy",
            xRange: -room...(epochs + room), yRange: 0...1)
        accuracy.elements.append(.line([Figure.Point(-room, 0.1), Figure.Point(epochs + room, 0.1)], chance))
        // Hundreds of epochs make a smear of dots: at most about 30 are drawn, the last always.
        let every = max(1, Int((Double(trainAcc.count) / 30).rounded(.up)))
        for (values, color) in [(trainAcc, "#dd8452"), (testAcc, "#55a868")] {
            let points = values.enumerated().map { Figure.Point(Double($0), $1) }
            accuracy.elements.append(.line(points, Figure.Style(color)))
            let marked = points.indices.filter { $0 % every == 0 || $0 == points.count - 1 }.map { points[$0] }
            accuracy.elements.append(.markers(marked, Figure.Style(color), radius: every == 1 ? 3 : 2.5))
        }
        accuracy.legend = [("training set", Figure.Style("#dd8452")), ("test set", Figure.Style("#55a868"))]
        figure.panels = [accuracy]
        var small = [Self.describe(run)]
        if trainAcc.isEmpty { small.append("no epoch was reached: accuracies are taken at i % iter_per_epoch == 0") }
        figure.note = small.joined(separator: "; ")
        return figure
    }

    /// The data, the rate and the steps in a few words: "embedded MNIST,
    /// learning rate 0.1, 10 000 iterations of 100 images".
    static func describe(_ run: Run) -> String {
        let data: String
        switch run[Parameters.data] {
        case "embedded": data = "embedded MNIST (4 000 images)"
        case "mnist": data = "MNIST"
        case "fashion-mnist": data = "Fashion-MNIST"
        case let folder?: data = String(folder.split(separator: "/").last ?? Substring(folder))
        case nil: data = "images"
        }
        let rate = run[Parameters.learning_rate].map(Figure.short) ?? "?"
        var batch = "?"
        if let size = run[Parameters.batch_size] { batch = String(size) }
        let steps = run[Outputs.train_loss].count
        let layers = run[Parameters.network] == "layers" ? ", chapter 5's layers (ReLU)" : ""
        return "\(data)\(layers), learning rate \(rate), \(steps) iteration\(steps == 1 ? "" : "s") of \(batch) images"
    }
}
