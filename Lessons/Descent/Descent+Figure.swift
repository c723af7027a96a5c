import LessonKit
import Plot

extension Descent {
    /// Contour lines of a two-variable function with the path of x, one
    /// marker per step (per k steps past 300), start and end labelled.
    ///
    /// The view fits the points within 10× the start's size; a diverging
    /// path runs off the view, and a note says where it went.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let f = run.parameter("function")?.function, let lr = run.parameter("lr")?.number else {
            throw .cannotDraw(lesson: id, reason: "the run has no function")
        }
        let history = run.output("history")
        let end = run.output("x").scalars
        guard end.count == 2 else {
            throw .cannotDraw(
                lesson: id,
                reason: "contours are drawn for a function of x0 and x1 with a 2-vector init; this init has \(end.count) coordinates")
        }
        let path = history.rows.filter { $0.count == 2 }.map { Figure.Point($0[0], $0[1]) } + [Figure.Point(end[0], end[1])]
        let start = path[0]
        guard start.isFinite else { throw .cannotDraw(lesson: id, reason: "init must be finite") }
        let size = max(abs(start.x), abs(start.y), 1)
        var shown = path.filter { $0.isFinite && abs($0.x) <= 10 * size && abs($0.y) <= 10 * size }
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
            title: "Gradient descent on f = \(f.source)", xLabel: "x0", yLabel: "x1", xRange: xr, yRange: yr)
        let levels = Contours.levels(of: { f([$0, $1]) }, x: xr, y: yr)
        let contours = Contours.segments(of: { f([$0, $1]) }, x: xr, y: yr, levels: levels)
        for level in levels.indices {
            let shade = 200 - 120 * level / max(levels.count - 1, 1)
            let pieces = contours.filter { $0.level == level }.map { ($0.from, $0.to) }
            figure.elements.append(.segments(pieces, Figure.Style("rgb(\(shade),\(shade),\(min(255, shade + 40)))", width: 1)))
        }
        let pathStyle = Figure.Style("#d62728", width: 1.6)
        figure.elements.append(.line(path, pathStyle))
        let every = max(1, steps / 300)
        let marked = stride(from: 0, to: path.count, by: every).map { path[$0] }
        figure.elements.append(.markers(marked, Figure.Style("#d62728"), radius: 2.6))
        figure.elements.append(.markers([start], Figure.Style("#2ca02c"), radius: 5))
        figure.elements.append(.label("start", at: start, awayFrom: path.count > 1 ? path[1] : nil, color: "#2ca02c"))
        if let last = path.last, last.isFinite, path.count > 1 {
            figure.elements.append(.markers([last], Figure.Style("#000000"), radius: 5))
            // Label away from where the path arrives from, seen at a distance.
            let span = max(xr.upperBound - xr.lowerBound, yr.upperBound - yr.lowerBound)
            let arrival = path.dropLast().last { $0.isFinite && max(abs($0.x - last.x), abs($0.y - last.y)) > 0.05 * span }
            figure.elements.append(.label("end", at: last, awayFrom: arrival ?? path[path.count - 2], color: "#000000"))
        }
        let marks = every == 1 ? "one marker per step" : "one marker per \(every) steps"
        figure.legend = [("path of x, lr = \(NumPyFormat.pythonRepr(lr)), \(steps) steps (\(marks))", pathStyle)]
        if let firstBad = path.firstIndex(where: { !$0.isFinite }) {
            figure.note = "diverges: x is no longer finite from step \(firstBad) on (lr is too large)"
        } else if shown.count < path.count {
            let far = path.map { max(abs($0.x), abs($0.y)) }.max() ?? 0
            figure.note = "diverges: |x| reaches \(NumPyFormat.pythonRepr(far)); the view shows the points near the start"
        }
        return figure
    }
}
