import LessonKit
import Plot

extension Derivative {
    /// f over a window around x, with the tangent line whose slope is the
    /// central difference. The y range ignores the outer 2% of values, so a
    /// pole (1/x² near 0) does not flatten the rest of the curve.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run.parameter("function")?.function, let x = run.parameter("x")?.number, x.isFinite else {
            throw .cannotDraw(lesson: id, reason: "x must be a finite number")
        }
        let slope = run.output("derivative").scalar
        let half = max(5, abs(x) * 0.5)
        let xs = (0...400).map { x - half + 2 * half * Double($0) / 400 }
        let curve = xs.map { Figure.Point($0, f($0)) }
        let fx = f(x)
        let yRange = Figure.range(of: curve.map(\.y) + [fx], trim: 0.02)
        guard curve.contains(where: \.isFinite) else {
            throw .cannotDraw(lesson: id, reason: "f has no finite value between \(x - half) and \(x + half)")
        }
        var figure = Figure(
            title: "The slope of f at x = \(NumPyFormat.pythonRepr(x))", xLabel: "x", yLabel: "f(x)",
            xRange: (x - half)...(x + half), yRange: yRange)
        let curveStyle = Figure.Style("#1f77b4", width: 2)
        let tangentStyle = Figure.Style("#ff7f0e", width: 2, dashed: true)
        figure.elements.append(.line(curve, curveStyle))
        if slope.isFinite && fx.isFinite {
            figure.elements.append(
                .line([Figure.Point(x - half, fx - slope * half), Figure.Point(x + half, fx + slope * half)], tangentStyle))
        } else {
            figure.note = "the difference is \(NumPyFormat.pythonRepr(slope)) here: there is no tangent to draw"
        }
        figure.elements.append(.markers([Figure.Point(x, fx)], Figure.Style("#d62728"), radius: 5))
        figure.legend = [("f(x) = \(f.source)", curveStyle), ("tangent, slope \(NumPyFormat.pythonRepr(slope))", tangentStyle)]
        return figure
    }
}
