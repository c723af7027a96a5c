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
    /// their secant (drawn under f, so f stays in sight) when 2h is wide
    /// enough to see. The second panel is the difference's error against h,
    /// on log scales: the V of truncation (falling with h²) and rounding
    /// (rising as ε/h), the run's h on it and ε^(1/3) marked, so h = 1e-12
    /// shows as what it is, deep in the rounding. A note warns when f bends sharply between x − h and x + h (a
    /// kink, as |x| at 0): there the slope drawn is an average, not a tangent.
    ///
    /// The window follows f: the widest of 1e-3 … 1 times
    /// max(5, |x|/2) over which f departs from its tangent by at most a
    /// third of its own range, so exp(x) at 5 bends visibly instead of
    /// lying flat. The y range ignores the outer 2% of values, so a pole
    /// (1/x² near 0) does not flatten the rest of the curve.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run[Parameters.function], let x = run[Parameters.x], x.isFinite,
            let h = run[Parameters.h]
        else {
            throw .cannotDraw(lesson: id, reason: "x must be a finite number")
        }
        let slope = run[Outputs.derivative].scalar
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
        // Wide and light, under f: where the two nearly coincide, f still shows on it.
        let secantStyle = Figure.Style("#98df8a", width: 5)
        let pointStyle = Figure.Style("#2ca02c")
        figure.legend = [("f(x) = \(f.source)", curveStyle)]
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
                figure.elements.insert(
                    .line(
                        [
                            Figure.Point(x - h - 0.6 * half, left - 0.6 * half * slope),
                            Figure.Point(x + h + 0.6 * half, right + 0.6 * half * slope),
                        ], secantStyle), at: 0)
                figure.legend.append(("secant through x - h and x + h (h = \(Figure.short(h)))", secantStyle))
            }
            figure.elements.append(.markers(points, pointStyle, radius: 4))
            figure.elements.append(.label("x - h", at: points[0], awayFrom: Figure.Point(x, fx), color: "#2ca02c"))
            figure.elements.append(.label("x + h", at: points[1], awayFrom: Figure.Point(x, fx), color: "#2ca02c"))
        }
        // f on top of the secant and the tangent, under the markers and labels.
        let firstMark = figure.elements.firstIndex { if case .markers = $0 { return true } else { return false } } ?? figure.elements.count
        figure.elements.insert(.line(curve, curveStyle), at: firstMark)
        if let errors = Self.errorPanel(f: { f($0) }, x: x, h: h, slope: slope) { figure.panels.append(errors) }
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
    static func kink(f: (Double) -> Double, x: Double, h: Double, fx: Double, language: Narration.Language = .english) -> String? {
        func sides(_ step: Double) -> (Double, Double) { ((fx - f(x - step)) / step, (f(x + step) - fx) / step) }
        let (left, right) = sides(h)
        let (nearLeft, nearRight) = sides(h / 10)
        guard left.isFinite, right.isFinite, abs(right - left) > 0.1 * max(1, abs(left), abs(right)),
            abs(nearRight - nearLeft) > 0.5 * abs(right - left)
        else { return nil }
        return Derivative.phrasebook(
            "f is not smooth at x: slope {0} just left of x, {1} just right; the dashed line is their average, not a tangent",
            Figure.short(left), Figure.short(right), in: language)
    }

    /// The error of the central difference against h, both on log scales,
    /// for h from s·1e-16 to s (s = max(1, |x|)) in quarter decades and the
    /// run's own h: |D(h) − D*|, where D* is the fourth-order difference
    /// (8(f(x+k) − f(x−k)) − (f(x+2k) − f(x−2k))) / 12k at k = s·ε^(1/5),
    /// good to about ε^(4/5) of f's scale, far below the central difference's
    /// best. Truncation falls as h² to the right, rounding rises as ε/h to
    /// the left; the dashed line marks h = s·ε^(1/3), near where they meet.
    /// Nil when f or the slope is not finite there, or no error is above 0.
    static func errorPanel(f: (Double) -> Double, x: Double, h: Double, slope: Double) -> Figure? {
        guard slope.isFinite, h.isFinite, h > 0 else { return nil }
        let s = max(1, abs(x))
        let k = s * pow(Double.ulpOfOne, 0.2)
        let reference = (8 * (f(x + k) - f(x - k)) - (f(x + 2 * k) - f(x - 2 * k))) / (12 * k)
        guard reference.isFinite else { return nil }
        let lowest = min(log10(h), log10(s) - 16).rounded(.down)
        let highest = max(log10(h), log10(s)).rounded(.up)
        let steps = Int(((highest - lowest) * 4).rounded())
        guard steps > 0, steps <= 400 else { return nil }
        let points = (0...steps).compactMap { index -> Figure.Point? in
            let exponent = lowest + Double(index) / 4
            let error = abs(numericalDiff(f, at: x, h: pow(10, exponent)) - reference)
            return error > 0 && error.isFinite ? Figure.Point(exponent, error) : nil
        }
        guard points.count > 1 else { return nil }
        let own = abs(slope - reference)
        let values = points.map(\.y) + (own > 0 ? [own] : [])
        let best = log10(s * pow(Double.ulpOfOne, 1.0 / 3))
        var panel = Figure(
            title: "error against h", xLabel: "h", yLabel: "|difference − derivative|",
            xRange: lowest...highest, yRange: Figure.interval(values.min()! / 3, values.max()! * 3))
        panel.logY = true
        let span = highest - lowest
        let every = span > 12 ? 4.0 : 2.0
        panel.xTicks = stride(from: (lowest / every).rounded(.up) * every, through: highest, by: every).map {
            ($0, $0 == 0 ? "1" : "1e\(Int($0))")
        }
        let lineStyle = Figure.Style("#9467bd", width: 1.6)
        let bestStyle = Figure.Style("#7f7f7f", width: 1.2, dashed: true)
        panel.elements.append(.line([Figure.Point(best, panel.yRange.lowerBound), Figure.Point(best, panel.yRange.upperBound)], bestStyle))
        panel.elements.append(.line(points, lineStyle))
        // The label sits a third of the way down the (log) axis, clear of the title.
        let labelHeight = pow(10, log10(panel.yRange.upperBound) - (log10(panel.yRange.upperBound) - log10(panel.yRange.lowerBound)) / 3)
        panel.elements.append(
            .label("ε^(1/3)", at: Figure.Point(best, labelHeight), awayFrom: Figure.Point(best - 1, labelHeight), color: "#7f7f7f"))
        if own > 0 {
            let here = Figure.Point(log10(h), own)
            panel.elements.append(.markers([here], Figure.Style("#d62728"), radius: 4.5))
            panel.elements.append(.label("this h", at: here, awayFrom: nil, color: "#d62728"))
        }
        panel.legend = [
            ("error against h (vs a 4th-order difference)", lineStyle), ("h = ε^(1/3)·max(1, |x|): where the errors meet", bestStyle),
        ]
        return panel
    }
}
