import LessonKit
import NeuralNet
import Plot

extension TwoLayerNet {
    /// The gradient check made visible. With 28×28 images: for the first
    /// hidden units, the backprop gradient of W1's column (what the batch
    /// asks that unit's weights to become) over the numerical one — the two
    /// rows look alike when backprop is right. Otherwise: each numerical
    /// gradient element against its backprop twin, one colour per
    /// parameter, on the diagonal when they agree. The small print gives
    /// all four differences, and says when the rows are meant to differ
    /// (data = random: the book's loss reads argmax(t), backprop uses t).
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let gradW1 = run[Outputs.grad_W1]
        let numW1 = run[Outputs.numerical_W1]
        let difference = run[Outputs.difference].scalars
        let title = "gradient check: backprop against numerical"
        // Two digits each: the note is one line of small print.
        var small = [
            "mean |difference|: "
                + zip(["W1", "b1", "W2", "b2"], difference).map { "\($0) \(NumPyFormat.printf("%.2g", $1))" }.joined(separator: ", ")
        ]
        if run[Parameters.data] == "random" { small.append("random t is not one-hot, so they differ by design") }
        var figure = gradW1.shape[0] == 784 ? WeightImages.figure(gradW1, numW1, title: title) : scatterFigure(run, title: title)
        figure.note = (small + (figure.note.map { [$0] } ?? [])).joined(separator: "; ")
        return figure
    }

    func scatterFigure(_ run: Run, title: String) -> Figure {
        let parameters = zip(Self.gradients.map(\.name), ["#4c72b0", "#55a868", "#dd8452", "#c44e52"]).map { ($0, $1) }
        let points = Self.gradients.map { _, backprop, numerical in
            zip(run[backprop].scalars, run[numerical].scalars).map { Figure.Point($0, $1) }
        }
        let range = Figure.range(of: points.flatMap { $0.flatMap { [$0.x, $0.y] } })
        var figure = Figure(title: title, xLabel: "backprop gradient", yLabel: "numerical gradient", xRange: range, yRange: range)
        let diagonal = Figure.Style("#999", dashed: true)
        figure.elements.append(
            .line([Figure.Point(range.lowerBound, range.lowerBound), Figure.Point(range.upperBound, range.upperBound)], diagonal))
        // W1 first, as the most numerous; the fewer b2 points end on top.
        for ((name, color), values) in zip(parameters, points) {
            figure.elements.append(.markers(values, Figure.Style(color), radius: name.hasPrefix("b") ? 3 : 2.2))
            figure.legend.append(("\(name) (\(values.count))", Figure.Style(color, width: 4)))
        }
        figure.legend.append(("where the two agree", diagonal))
        figure.equalizeAspect()
        return figure
    }
}
