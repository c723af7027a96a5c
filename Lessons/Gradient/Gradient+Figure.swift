import LessonKit
import Plot

extension Gradient {
    /// The field of negative gradients of a two-variable function on a 13×13
    /// grid around the point. Arrows share one scale, set so the longest
    /// spans most of a grid cell; the point's own arrow is drawn in red.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run.parameter("function")?.function, let point = run.parameter("x")?.tensor?.scalars,
            let h = run.parameter("h")?.number
        else { throw .cannotDraw(lesson: id, reason: "the run has no function and point") }
        guard point.count == 2 else {
            throw .cannotDraw(
                lesson: id,
                reason:
                    "the gradient field is drawn in the plane, for a function of x0 and x1 at a 2-vector x; this x has \(point.count) coordinates"
            )
        }
        guard point.allSatisfy(\.isFinite) else { throw .cannotDraw(lesson: id, reason: "x must be finite") }
        let radius = max(2, 0.6 * max(abs(point[0]), abs(point[1])))
        let steps = 12
        let cell = 2 * radius / Double(steps)
        var bases: [[Double]] = []
        for j in 0...steps {
            for i in 0...steps { bases.append([point[0] - radius + Double(i) * cell, point[1] - radius + Double(j) * cell]) }
        }
        let descents = bases.map { base in Self.numericalGradient({ f($0) }, at: base, h: h).map { -$0 } }
        let here = run.output("gradient").scalars.map { -$0 }
        let lengths = (descents + [here]).map { ($0[0] * $0[0] + $0[1] * $0[1]).squareRoot() }.filter(\.isFinite)
        guard let longest = lengths.max(), longest > 0 else {
            throw .cannotDraw(lesson: id, reason: "the gradient is zero or not finite everywhere around the point")
        }
        let scale = 0.85 * cell / longest
        var figure = Figure(
            title: "The negative gradient of f = \(f.source)", xLabel: "x0", yLabel: "x1",
            xRange: (point[0] - radius - cell / 2)...(point[0] + radius + cell / 2),
            yRange: (point[1] - radius - cell / 2)...(point[1] + radius + cell / 2))
        let fieldStyle = Figure.Style("#4c72b0", width: 1.2)
        let pointStyle = Figure.Style("#d62728", width: 2.2)
        for (base, d) in zip(bases, descents) where d.allSatisfy(\.isFinite) && (d[0] != 0 || d[1] != 0) {
            figure.elements.append(
                .arrow(from: Figure.Point(base[0], base[1]), to: Figure.Point(base[0] + scale * d[0], base[1] + scale * d[1]), fieldStyle))
        }
        if here.allSatisfy(\.isFinite) && (here[0] != 0 || here[1] != 0) {
            figure.elements.append(
                .arrow(
                    from: Figure.Point(point[0], point[1]), to: Figure.Point(point[0] + scale * here[0], point[1] + scale * here[1]),
                    pointStyle))
        }
        figure.elements.append(.markers([Figure.Point(point[0], point[1])], Figure.Style("#d62728"), radius: 4.5))
        let shown = here.map { NumPyFormat.pythonRepr(-$0) }.joined(separator: ", ")
        figure.legend = [
            ("-gradient, one scale for all arrows", fieldStyle),
            ("at x = (\(point.map(NumPyFormat.pythonRepr).joined(separator: ", "))): gradient (\(shown))", pointStyle),
        ]
        return figure
    }
}
