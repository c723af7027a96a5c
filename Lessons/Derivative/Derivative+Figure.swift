import LessonKit
import Plot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Derivative {
    /// f around x with the tangent whose slope is the central difference,
    /// and the two points x ± h the difference is taken between, joined by
    /// their secant. When 2h is too small to see beside f, a second panel
    /// zooms to x ± 3h, where the points, the secant and any rounding in f
    /// show. A note warns when f bends sharply between x − h and x + h (a
    /// kink, as |x| at 0): there the slope drawn is an average, not a tangent.
    ///
    /// The window follows f: the widest of 1e-3 … 1 times
    /// max(5, |x|/2) over which f departs from its tangent by at most a
    /// third of its own range, so exp(x) at 5 bends visibly instead of
    /// lying flat. The y range ignores the outer 2% of values, so a pole
    /// (1/x² near 0) does not flatten the rest of the curve.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run.parameter("function")?.function, let x = run.parameter("x")?.number, x.isFinite,
            let h = run.parameter("h")?.number
        else {
            throw .cannotDraw(lesson: id, reason: "x must be a finite number")
        }
        let slope = run.output("derivative").scalar
        let fx = f(x)
        var half = Self.window(f: { f($0) }, x: x, fx: fx, slope: slope)
        let visible = h.isFinite && abs(h) >= 0.03 * half
        if visible { half = max(half, 1.4 * abs(h)) }
        let xs = (0...400).map { x - half + 2 * half * Double($0) / 400 }
        let curve = xs.map { Figure.Point($0, f($0)) }
        guard curve.contains(where: \.isFinite) else {
            throw .cannotDraw(lesson: id, reason: "f has no finite value between \(x - half) and \(x + half)")
        }
        let (left, right) = (f(x - h), f(x + h))
        let yRange = Figure.range(of: curve.map(\.y) + [fx], trim: 0.02)
        var figure = Figure(
            title: "The slope of f at x = \(Figure.short(x)): \(Figure.short(slope)) by central difference", xLabel: "x", yLabel: "f(x)",
            xRange: Figure.interval(x - half, x + half), yRange: yRange)
        let curveStyle = Figure.Style("#1f77b4", width: 2)
        let tangentStyle = Figure.Style("#ff7f0e", width: 2, dashed: true)
        let secantStyle = Figure.Style("#2ca02c", width: 1.6)
        let pointStyle = Figure.Style("#2ca02c")
        figure.legend = [("f(x) = \(f.source)", curveStyle)]
        figure.elements.append(.line(curve, curveStyle))
        // The legend names only what is drawn.
        if slope.isFinite && fx.isFinite {
            figure.elements.append(
                .line([Figure.Point(x - half, fx - slope * half), Figure.Point(x + half, fx + slope * half)], tangentStyle))
            figure.legend.append(("line of slope \(Figure.short(slope)) through (x, f(x))", tangentStyle))
        } else {
            figure.note = "the difference is \(NumPyFormat.pythonRepr(slope)) here: there is no slope to draw"
        }
        figure.elements.append(.markers([Figure.Point(x, fx)], Figure.Style("#d62728"), radius: 5))
        figure.elements.append(
            .label("x", at: Figure.Point(x, fx), awayFrom: Figure.Point(x + 0.3 * half, fx + 0.3 * half * slope), color: "#d62728"))

        if visible {
            // The two points are far enough apart to see: draw them here.
            let points = [Figure.Point(x - h, left), Figure.Point(x + h, right)]
            if slope.isFinite {
                figure.elements.append(
                    .line(
                        [
                            Figure.Point(x - h - 0.6 * half, left - 0.6 * half * slope),
                            Figure.Point(x + h + 0.6 * half, right + 0.6 * half * slope),
                        ], secantStyle))
                figure.legend.append(("secant through x - h and x + h (h = \(Figure.short(h)))", secantStyle))
            }
            figure.elements.append(.markers(points, pointStyle, radius: 4))
            figure.elements.append(.label("x - h", at: points[0], awayFrom: Figure.Point(x, fx), color: "#2ca02c"))
            figure.elements.append(.label("x + h", at: points[1], awayFrom: Figure.Point(x, fx), color: "#2ca02c"))
        } else if fx.isFinite {
            // Without f(x) there is nothing to zoom in on: the panel would be empty.
            figure.panels = [
                Self.zoom(f: { f($0) }, x: x, h: h, fx: fx, left: left, right: right, secantStyle: secantStyle, curveStyle: curveStyle)
            ]
        }
        if let kink = Self.kink(f: { f($0) }, x: x, h: h, fx: fx) {
            figure.note = kink
        }
        return figure
    }

    /// The widest half-width, from max(5, |x|/2) down by factors of 10^(1/4)
    /// to a thousandth of it, over which f stays within a third of its range
    /// of the line through (x, f(x)) with the computed slope; the widest
    /// when none does (a kink looks the same at every scale).
    static func window(f: (Double) -> Double, x: Double, fx: Double, slope: Double) -> Double {
        let widest = max(5, abs(x) * 0.5)
        guard fx.isFinite, slope.isFinite else { return widest }
        for k in 0...12 {
            let half = widest * pow(10, -Double(k) / 4)
            let samples = (0...80).map { x - half + 2 * half * Double($0) / 80 }
            let values = samples.map(f)
            guard values.filter(\.isFinite).count == values.count else { continue }
            let span = (values.max() ?? 0) - (values.min() ?? 0)
            let departure = zip(samples, values).map { abs($1 - (fx + slope * ($0 - x))) }.max() ?? 0
            if span > 0, departure <= span / 3 { return half }
        }
        return widest
    }

    /// A note when the one-sided slopes on the two sides of x disagree by
    /// more than a tenth of their size, and still by half as much with a
    /// step ten times smaller: f has a kink (or a jump) at x, and the central
    /// difference is the average of the two slopes. (For a smooth f they
    /// differ by about f''·h, which shrinks with the step.)
    static func kink(f: (Double) -> Double, x: Double, h: Double, fx: Double) -> String? {
        func sides(_ step: Double) -> (Double, Double) { ((fx - f(x - step)) / step, (f(x + step) - fx) / step) }
        let (left, right) = sides(h)
        let (nearLeft, nearRight) = sides(h / 10)
        guard left.isFinite, right.isFinite, abs(right - left) > 0.1 * max(1, abs(left), abs(right)),
            abs(nearRight - nearLeft) > 0.5 * abs(right - left)
        else { return nil }
        return
            "f is not smooth at x: slope \(Figure.short(left)) just left of x, \(Figure.short(right)) just right; the dashed line is their average, not a tangent"
    }

    /// The second panel: f(x + s) − f(x) for s within ±3h, in units of h,
    /// with the two points and their secant.
    static func zoom(
        f: (Double) -> Double, x: Double, h: Double, fx: Double, left: Double, right: Double,
        secantStyle: Figure.Style, curveStyle: Figure.Style
    ) -> Figure {
        let offsets = (0...240).map { -3 + 6 * Double($0) / 240 }
        let curve = offsets.map { Figure.Point($0, f(x + $0 * h) - fx) }
        let points = [Figure.Point(-1, left - fx), Figure.Point(1, right - fx)]
        var zoom = Figure(
            title: "zoom: x ± 3h, h = \(Figure.short(h))", xLabel: "(x' - x) / h", yLabel: "f(x') - f(x)",
            xRange: -3.3...3.3, yRange: Figure.range(of: curve.map(\.y) + points.map(\.y), pad: 0.15))
        zoom.elements.append(.line(curve, curveStyle))
        let rise = (right - left) / 2
        if rise.isFinite {
            zoom.elements.append(
                .line(
                    [Figure.Point(-3, -3 * rise + (left + right) / 2 - fx), Figure.Point(3, 3 * rise + (left + right) / 2 - fx)],
                    secantStyle))
            zoom.legend = [("secant through f(x - h), f(x + h): its slope is the difference", secantStyle)]
        }
        zoom.elements.append(.markers(points, Figure.Style(secantStyle.color), radius: 4))
        zoom.elements.append(
            .label("x - h", at: points[0], awayFrom: Figure.Point(0, (left + right) / 2 - fx + abs(rise)), color: secantStyle.color))
        zoom.elements.append(
            .label("x + h", at: points[1], awayFrom: Figure.Point(0, (left + right) / 2 - fx - abs(rise)), color: secantStyle.color))
        return zoom
    }
}
