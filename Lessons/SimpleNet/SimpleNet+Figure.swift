import LessonKit
import Plot

extension SimpleNet {
    /// The softmax output y beside the target t, one pair of bars per class,
    /// with the loss in the title.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let y = run[Outputs.y].scalars
        let t = run[Outputs.loss].scalar
        guard let target = run[Parameters.t]?.scalars else { throw .cannotDraw(lesson: id, reason: "the run has no target t") }
        let top = max(1, (y + target).filter(\.isFinite).max() ?? 1) * 1.15
        let low = min(0, (y + target).filter(\.isFinite).min() ?? 0) * 1.15
        var figure = Figure(
            title: "SimpleNet: loss = \(Figure.short(t))", xLabel: "class", yLabel: "probability / target",
            xRange: -0.6...(Double(y.count) - 0.4), yRange: Figure.interval(low, top))
        figure.xTicks = y.indices.map { (Double($0), "class \($0)") }
        let yColor = "#4c72b0"
        let tColor = "#dd8452"
        for (index, (yi, ti)) in zip(y, target).enumerated() {
            figure.elements.append(.bar(x: Double(index) - 0.18, width: 0.34, height: yi, fill: yColor))
            figure.elements.append(.bar(x: Double(index) + 0.18, width: 0.34, height: ti, fill: tColor))
            if yi.isFinite {
                figure.elements.append(
                    .text(Self.short(yi), at: Figure.Point(Double(index) - 0.18, max(yi, 0) + top * 0.02), anchor: "middle", color: "#222"))
            }
            if ti.isFinite {
                figure.elements.append(
                    .text(Self.short(ti), at: Figure.Point(Double(index) + 0.18, max(ti, 0) + top * 0.02), anchor: "middle", color: "#222"))
            }
        }
        figure.legend = [("y = softmax(x · w)", Figure.Style(yColor, width: 8)), ("t, the target", Figure.Style(tColor, width: 8))]
        let total = NumPy.sum(target)
        // The loss is smallest at y = t / sum only for a target like a distribution.
        if target.contains(where: { $0 < 0 }) {
            figure.note = "t has a negative entry: not a distribution (the loss can go below 0)"
        } else if total == 0 {
            figure.note = "t is all 0: not a distribution, and the loss is 0 whatever y is"
        } else if total.isFinite, target.allSatisfy({ $0 >= 0 }), abs(total - 1) > 1e-9 {
            figure.note =
                "t sums to \(Figure.short(total)), not 1: not a distribution (the loss is smallest at y = t / \(Figure.short(total)))"
        }
        if y.contains(where: { !$0.isFinite }) { figure.note = "y is not finite: the weights or input overflow exp" }
        return figure
    }

    static func short(_ value: Double) -> String {
        let text = NumPyFormat.printf("%.3f", value)
        return text
    }
}
