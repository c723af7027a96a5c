import LessonKit
import Plot

extension Gradient {
    /// The field of negative gradients of a two-variable function around the
    /// point, drawn over faint contour lines of f with equal scales on both
    /// axes (so a circle of x0² + x1² stays a circle and an arrow's direction
    /// is its true direction). Arrows share one length scale, the longest
    /// spanning most of a grid cell; the point's own arrow is red. When the
    /// downhill flow from the point ends in a minimum within a few view
    /// widths, the view grows to show it, and that minimum is labelled: the
    /// one the arrows lead x to, not merely the lowest point nearby.
    ///
    /// One function: it draws the figure in the order its layers stack
    /// (view, contours, field, the point's arrow, the minimum, labels).
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run[Parameters.function], let point = run[Parameters.x]?.scalars,
            let h = run[Parameters.h]
        else { throw .cannotDraw(lesson: id, reason: "the run has no function and point") }
        guard point.count == 2 else {
            throw .cannotDraw(
                lesson: id,
                reason:
                    "the gradient field is drawn in the plane, for a function of x0 and x1 at a 2-vector x; this x has \(Narration.counted(point.count, "coordinate"))"
            )
        }
        guard point.allSatisfy(\.isFinite) else { throw .cannotDraw(lesson: id, reason: "x must be finite") }
        // The view spans several times |x| each way, and the field is sampled
        // across it: past 1e150 that leaves the doubles' range.
        guard point.allSatisfy({ abs($0) <= 1e150 }) else {
            throw .cannotDraw(lesson: id, reason: "x is too far out to draw the field around it (|x0|, |x1| up to 1e150)")
        }
        let radius = max(2, 0.6 * max(abs(point[0]), abs(point[1])))
        var xr = Figure.interval(point[0] - radius, point[0] + radius)
        var yr = Figure.interval(point[1] - radius, point[1] + radius)
        let minimum = Self.minimumDownhill(of: { f([$0, $1]) }, from: point, within: 3 * radius)
        if let minimum {
            let margin = 0.2 * radius
            xr = Figure.interval(min(xr.lowerBound, minimum.x - margin), max(xr.upperBound, minimum.x + margin))
            yr = Figure.interval(min(yr.lowerBound, minimum.y - margin), max(yr.upperBound, minimum.y + margin))
        }
        let here = run[Outputs.gradient].scalars
        let fieldStyle = Figure.Style("#4c72b0", width: 1.3)
        let pointStyle = Figure.Style("#d62728", width: 2.4)
        let contourStyle = Figure.Style("#b8b8c8", width: 1)
        var figure = Figure(title: "The negative gradient of f = \(f.source)", xLabel: "x0", yLabel: "x1", xRange: xr, yRange: yr)
        let at = point.map(Figure.short).joined(separator: ", ")
        figure.legend = [
            ("-grad f, length ∝ |grad f| (dots: too short to draw)", fieldStyle),
            ("at x = (\(at)): -grad f = (\(here.map { Figure.short(-$0) }.joined(separator: ", ")))", pointStyle),
            ("contours of f", contourStyle),
        ]
        figure.equalizeAspect()
        (xr, yr) = (figure.xRange, figure.yRange)

        let levels = Contours.levels(of: { f([$0, $1]) }, x: xr, y: yr, count: 14)
        figure.elements.append(
            .segments(Contours.segments(of: { f([$0, $1]) }, x: xr, y: yr, levels: levels).map { ($0.from, $0.to) }, contourStyle))

        // A grid of square cells, 13 across the wider side, centred on the view.
        let cell = max(xr.upperBound - xr.lowerBound, yr.upperBound - yr.lowerBound) / 13
        func centres(_ range: ClosedRange<Double>) -> [Double] {
            let cells = (range.upperBound - range.lowerBound) / cell
            guard cells.isFinite, cells >= 1 else { return [] }
            let count = min(Int(cells), 100)
            let first = (range.lowerBound + range.upperBound) / 2 - Double(count - 1) * cell / 2
            return (0..<count).map { first + Double($0) * cell }
        }
        let bases = centres(yr).flatMap { y in centres(xr).map { x in [x, y] } }
        let descents = bases.map { base in Self.numericalGradient({ f($0) }, at: base, h: h).map { -$0 } }
        let lengths = (descents + [here]).map { ($0[0] * $0[0] + $0[1] * $0[1]).squareRoot() }.filter(\.isFinite)
        guard let longest = lengths.max(), longest > 0 else {
            throw .cannotDraw(lesson: id, reason: "the gradient is zero or not finite everywhere around the point")
        }
        let scale = 0.85 * cell / longest
        for (base, d) in zip(bases, descents) where d.allSatisfy(\.isFinite) {
            figure.elements.append(
                .arrow(from: Figure.Point(base[0], base[1]), to: Figure.Point(base[0] + scale * d[0], base[1] + scale * d[1]), fieldStyle))
        }
        // The point's marker goes under its arrow, so the arrow shows in full.
        figure.elements.append(.markers([Figure.Point(point[0], point[1])], Figure.Style("#d62728"), radius: 4.5))
        if here.allSatisfy(\.isFinite) {
            // The point's own arrow is at least 0.4 of a cell long, so a gentle
            // slope still shows its direction; the note says when it is stretched
            // (the note, unlike the legend, takes no room from the axes).
            let length = (here[0] * here[0] + here[1] * here[1]).squareRoot()
            let own = length > 0 ? max(scale, 0.4 * cell / length) : scale
            if own > scale {
                figure.note = "the red arrow is drawn \(Figure.short(own / scale))× longer than the field's scale, to show its direction"
            }
            figure.elements.append(
                .arrow(
                    from: Figure.Point(point[0], point[1]), to: Figure.Point(point[0] - own * here[0], point[1] - own * here[1]),
                    pointStyle))
        } else {
            figure.note = "the gradient at x is not finite: there is no arrow to draw there"
        }
        let x = Figure.Point(point[0], point[1])
        figure.elements.append(
            .label("x", at: x, awayFrom: Figure.Point(point[0] - here[0], point[1] - here[1]), color: "#d62728"))
        if let minimum {
            figure.elements.append(.markers([minimum], Figure.Style("#2ca02c"), radius: 4.5))
            figure.elements.append(.label("minimum downhill from x", at: minimum, awayFrom: x, color: "#2ca02c"))
        }
        return figure
    }

    /// The minimum the downhill flow from `point` ends in, when it ends in
    /// one within `within` of the point: steps along the negative gradient
    /// (central differences with a step of 1e-7 of `within`, whatever the
    /// run's h), each at most 1/50 of `within` and halved until f falls, so
    /// the path stays with the flow rather than jumping to another valley;
    /// then a pattern search (halving steps down to 1e-9 of `within`) settles
    /// it. Nil when the flow leaves the region, stops where f is not finite,
    /// or ends anywhere but a minimum (a saddle, an edge where f keeps falling).
    static func minimumDownhill(of f: (Double, Double) -> Double, from point: [Double], within: Double) -> Figure.Point? {
        var (x, y) = (point[0], point[1])
        var value = f(x, y)
        guard value.isFinite else { return nil }
        let e = within * 1e-7
        let longest = within / 50
        var step = longest / 4
        func inside(_ x: Double, _ y: Double) -> Bool { abs(x - point[0]) <= within && abs(y - point[1]) <= within }
        for _ in 0..<20_000 {
            let gx = (f(x + e, y) - f(x - e, y)) / (2 * e)
            let gy = (f(x, y + e) - f(x, y - e)) / (2 * e)
            let norm = (gx * gx + gy * gy).squareRoot()
            guard norm.isFinite, norm > 0 else { break }
            let (nx, ny) = (x - step * gx / norm, y - step * gy / norm)
            let next = f(nx, ny)
            if next.isFinite, next < value {
                (x, y, value) = (nx, ny, next)
                guard inside(x, y) else { return nil }
                step = min(step * 1.25, longest)
            } else {
                step /= 2
                if step < within * 1e-9 { break }
            }
        }
        var pattern = longest / 8
        var budget = 10_000
        while pattern > within * 1e-9, budget > 0 {
            budget -= 1
            var moved = false
            for (dx, dy) in [(pattern, 0.0), (-pattern, 0), (0, pattern), (0, -pattern)] where f(x + dx, y + dy) < value {
                (x, y, value) = (x + dx, y + dy, f(x + dx, y + dy))
                moved = true
                break
            }
            if !moved { pattern /= 2 }
        }
        // A minimum: every neighbour finite and no lower (a saddle, or an edge
        // where f keeps falling, as log(x0) at x0 → 0, has a lower one).
        guard inside(x, y) else { return nil }
        let near = within * 1e-3
        for (dx, dy) in [(near, 0.0), (-near, 0), (0, near), (0, -near), (near, near), (-near, -near), (near, -near), (-near, near)] {
            let around = f(x + dx, y + dy)
            guard around.isFinite, around >= value else { return nil }
        }
        return Figure.Point(x, y)
    }
}
