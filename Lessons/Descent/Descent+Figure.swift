import LessonKit
import Plot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Descent {
    /// Contour lines of a two-variable function with the path of x, on equal
    /// scales (a circle of x0² + x1² stays a circle): one marker per step
    /// (per k steps past 300), start and end marked and labelled.
    ///
    /// The view fits the points within 10× the start's size; a diverging
    /// path runs off it, and the points it shows are numbered. A run that
    /// diverges or oscillates gets a second panel: x0 and x1 per step when
    /// they stay within 1000× the start's size (a zig-zag shows as signs
    /// that alternate), else |x| per step on a log scale.
    ///
    /// One function: it draws the figure in the order its layers stack
    /// (view, contours, path, numbered points, second panel, labels).
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run[Parameters.function], let lr = run[Parameters.lr] else {
            throw .cannotDraw(lesson: id, reason: "the run has no function")
        }
        let end = run[Outputs.x].scalars
        guard end.count == 2 else {
            throw .cannotDraw(
                lesson: id,
                reason:
                    "contours are drawn for a function of x0 and x1 with a 2-vector init; this init has \(Narration.counted(end.count, "coordinate"))"
            )
        }
        let behaviour = Behaviour(run)
        let path = behaviour.points.map { Figure.Point($0[0], $0[1]) }
        let start = path[0]
        guard start.isFinite else { throw .cannotDraw(lesson: id, reason: "init must be finite") }
        let size = max(abs(start.x), abs(start.y), 1)
        var shownCount = 0
        var shown: [Figure.Point] = []
        for point in path where point.isFinite && abs(point.x) <= 10 * size && abs(point.y) <= 10 * size {
            shown.append(point)
            shownCount += 1
        }
        // A path that leaves at once still shows its first overshoot.
        if shown.count == 1, path.count > 1, path[1].isFinite, max(abs(path[1].x), abs(path[1].y)) <= 1000 * size { shown.append(path[1]) }
        var xr = Figure.range(of: shown.map(\.x), pad: 0.12)
        var yr = Figure.range(of: shown.map(\.y), pad: 0.12)
        // At least a quarter of the start's size around the path, so a run
        // that barely moves still shows the landscape it sits in.
        let least = 0.25 * size
        if xr.upperBound - xr.lowerBound < 2 * least {
            xr = (xr.lowerBound + xr.upperBound) / 2 - least...(xr.lowerBound + xr.upperBound) / 2 + least
        }
        if yr.upperBound - yr.lowerBound < 2 * least {
            yr = (yr.lowerBound + yr.upperBound) / 2 - least...(yr.lowerBound + yr.upperBound) / 2 + least
        }

        let steps = path.count - 1
        var figure = Figure(
            title: "Gradient descent on f = \(f.source), lr = \(Figure.short(lr))", xLabel: "x0", yLabel: "x1", xRange: xr, yRange: yr)
        let pathStyle = Figure.Style("#d62728", width: 1.6)
        let every = max(1, steps / 300)
        let marks = every == 1 ? "a dot per step" : "a dot per \(every) steps"
        figure.legend = [("path of x, \(Narration.counted(steps, "step")) (\(marks))", pathStyle)]
        if behaviour.diverges || behaviour.oscillates {
            let endInView = path.last.map { $0.isFinite && abs($0.x) <= 10 * size && abs($0.y) <= 10 * size } ?? true
            figure.panels = [history(behaviour, size: size, markEnd: !endInView)]
        }
        figure.note = note(behaviour, shown: shown.count, size: size)
        figure.equalizeAspect()
        (xr, yr) = (figure.xRange, figure.yRange)

        let levels = Contours.levels(of: { f([$0, $1]) }, x: xr, y: yr)
        let contours = Contours.segments(of: { f([$0, $1]) }, x: xr, y: yr, levels: levels)
        for level in levels.indices {
            let shade = 200 - 120 * level / max(levels.count - 1, 1)
            let pieces = contours.filter { $0.level == level }.map { ($0.from, $0.to) }
            figure.elements.append(.segments(pieces, Figure.Style("rgb(\(shade),\(shade),\(min(255, shade + 40)))", width: 1)))
        }
        figure.elements.append(.line(path, pathStyle))
        let marked = stride(from: 0, to: path.count, by: every).map { path[$0] }
        figure.elements.append(.markers(marked, Figure.Style("#d62728"), radius: 2.6))
        figure.elements.append(.markers([start], Figure.Style("#2ca02c"), radius: 5))
        figure.elements.append(.label("start", at: start, awayFrom: path.count > 1 ? path[1] : nil, color: "#2ca02c"))
        let inView = { (p: Figure.Point) in p.isFinite && xr.contains(p.x) && yr.contains(p.y) }
        if let last = path.last, path.count > 1 {
            if inView(last) {
                figure.elements.append(.markers([last], Figure.Style("#000000"), radius: 5))
                // Label away from where the path arrives from, seen at a distance.
                let span = max(xr.upperBound - xr.lowerBound, yr.upperBound - yr.lowerBound)
                let arrival = path.dropLast().last { $0.isFinite && max(abs($0.x - last.x), abs($0.y - last.y)) > 0.05 * span }
                figure.elements.append(.label("end", at: last, awayFrom: arrival ?? path[path.count - 2], color: "#000000"))
            } else {
                // The path leaves the view: number the points it shows, up to five.
                let visible = path.indices.dropFirst().filter { inView(path[$0]) }
                for k in visible.prefix(5) {
                    figure.elements.append(.label("step \(k)", at: path[k], awayFrom: path[k - 1], color: "#d62728"))
                }
            }
        }
        return figure
    }

    /// The line of small print: what the run did, in a few words.
    func note(_ behaviour: Behaviour, shown: Int, size: Double) -> String? {
        var parts: [String] = []
        let swings = behaviour.oscillates ? " in a zig-zag" : ""
        if let k = behaviour.firstNonFinite {
            // Grown tenfold first: a divergence; else f broke down beside x (sqrt of a negative).
            let grew = k > 0 && behaviour.norms[k - 1] > 10 * behaviour.norms[0]
            parts.append(
                grew || k == 0
                    ? "diverges\(swings): x is inf or nan from step \(k) on"
                    : "breaks down: f is not finite beside x at step \(k - 1), so x is nan from step \(k) on")
        } else if behaviour.diverges {
            let peak = behaviour.norms.filter(\.isFinite).max() ?? 0
            parts.append(
                Behaviour.grew(from: behaviour.norms[0], to: peak)
                    ? "diverges\(swings): |x| grows from \(Figure.short(behaviour.norms[0])) to \(Figure.short(peak))"
                    : "diverges\(swings): f rises from \(Figure.short(behaviour.value(0))) to \(Figure.short(behaviour.value(behaviour.steps)))"
            )
        } else if behaviour.oscillates {
            parts.append(
                behaviour.bounce == .holds
                    ? "oscillates without settling: x jumps across the minimum, each jump as long as the last"
                    : "oscillates: x jumps across the minimum at every step")
        }
        if let k = behaviour.frozenFrom {
            parts.append(
                k == 0
                    ? "x never moves in \(Narration.counted(behaviour.steps, "step")) (the notes say why)"
                    : "x stops changing at step \(k) (of \(behaviour.steps))")
        }
        if parts.isEmpty, behaviour.steps > 0, behaviour.distance < 0.01 * size {
            parts.append(
                "x moves only \(Figure.short(behaviour.distance)) in \(Narration.counted(behaviour.steps, "step")): start and end overlap at this scale"
            )
        }
        if shown < behaviour.points.count && behaviour.diverges && parts.joined().count < 60 { parts.append("the view shows the start") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The second panel: x0 and x1 per step, or |x| per step on a log scale
    /// when they grow past 1000× the start's size (or stop being finite).
    /// With `markEnd`, the end (or the last finite point) is marked there,
    /// since the first panel cannot show it.
    func history(_ behaviour: Behaviour, size: Double, markEnd: Bool) -> Figure {
        let steps = Double(behaviour.steps)
        let largest = behaviour.points.flatMap { $0 }.map(abs).max() ?? 0
        let xRange = -0.02 * max(steps, 1)...max(steps, 1) * 1.02
        if behaviour.firstNonFinite == nil && largest <= 1000 * size {
            let values = behaviour.points.flatMap { $0 }
            var panel = Figure(
                title: "x0 and x1 per step", xLabel: "step", yLabel: "coordinate", xRange: xRange, yRange: Figure.range(of: values + [0]))
            let styles = [Figure.Style("#1f77b4", width: 1.2), Figure.Style("#ff7f0e", width: 1.2)]
            for axis in 0..<2 {
                let points = behaviour.points.enumerated().map { Figure.Point(Double($0.offset), $0.element[axis]) }
                panel.elements.append(.line(points, styles[axis]))
                panel.elements.append(.markers(points, Figure.Style(styles[axis].color), radius: 1.8))
            }
            panel.legend = [("x0 per step", styles[0]), ("x1 per step", styles[1])]
            return panel
        }
        let norms = behaviour.norms.enumerated().map { Figure.Point(Double($0.offset), $0.element) }
        let positive = norms.filter { $0.isFinite && $0.y > 0 }.map(\.y)
        let low = max(positive.min() ?? 1, 1e-300)
        let high = max(positive.max() ?? 10, low * 10)
        // 6% of the decades spanned as room above and below.
        let room = pow(10, max(0.3, 0.06 * log10(high / low)))
        var panel = Figure(
            title: "|x| per step (log scale)", xLabel: "step", yLabel: "|x|", xRange: xRange,
            yRange: (low / room)...min(high * room, .greatestFiniteMagnitude))
        panel.logY = true
        let style = Figure.Style("#9467bd", width: 1.4)
        panel.elements.append(.line(norms, style))
        panel.elements.append(.markers(norms.filter(\.isFinite), Figure.Style(style.color), radius: 1.8))
        if let k = behaviour.frozenFrom {
            panel.elements.append(.markers([norms[k]], Figure.Style("#000000"), radius: 4))
            panel.elements.append(
                .label("frozen from step \(k) on", at: norms[k], awayFrom: Figure.Point(Double(k) + 1, norms[k].y * 10), color: "#000000"))
        }
        if markEnd, let last = norms.lastIndex(where: { $0.isFinite && $0.y > 0 }), last != behaviour.frozenFrom {
            let text = last == behaviour.steps ? "end" : "last finite (step \(last))"
            panel.elements.append(.markers([norms[last]], Figure.Style("#000000"), radius: 4))
            panel.elements.append(.label(text, at: norms[last], awayFrom: Figure.Point(Double(last) - 1, norms[last].y), color: "#000000"))
        }
        panel.legend = [("|x| per step", style)]
        return panel
    }
}
