
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One panel's mapping from data to pixels, and its drawing.
struct Axes {
    let figure: Figure
    let frame: Figure.Box
    /// The y range as drawn: log10 of the data range on a log axis.
    let yLow: Double, yHigh: Double

    init(_ figure: Figure, _ frame: Figure.Box) {
        // Ranges a figure was given are drawn as ranges it can be drawn in:
        // finite, with a span that pixels and ticks can divide.
        var figure = figure
        figure.xRange = Figure.widened(figure.xRange)
        figure.yRange = Figure.widened(figure.yRange)
        self.figure = figure
        self.frame = frame
        if figure.logY {
            let low = figure.yRange.lowerBound > 0 ? log10(figure.yRange.lowerBound) : -1
            let high = figure.yRange.upperBound > 0 ? log10(figure.yRange.upperBound) : low + 1
            (yLow, yHigh) = (low, high > low ? high : low + 1)
        } else {
            (yLow, yHigh) = (figure.yRange.lowerBound, figure.yRange.upperBound)
        }
    }

    typealias Point = Figure.Point

    func px(_ x: Double) -> Double {
        frame.x + (x - figure.xRange.lowerBound) / (figure.xRange.upperBound - figure.xRange.lowerBound) * frame.width
    }

    func py(_ y: Double) -> Double {
        let v = figure.logY ? (y > 0 ? log10(y) : -.infinity) : y
        return frame.y + frame.height - (v - yLow) / (yHigh - yLow) * frame.height
    }

    func inside(_ p: Point) -> Bool {
        p.isFinite && figure.xRange.contains(p.x) && figure.yRange.contains(p.y) && (!figure.logY || p.y > 0)
    }

    /// Liang–Barsky: the part of segment a→b inside the frame, in pixels.
    func clip(_ a: Point, _ b: Point) -> (Point, Point)? {
        let (x0, y0, x1, y1) = (px(a.x), py(a.y), px(b.x), py(b.y))
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
        let (dx, dy) = (x1 - x0, y1 - y0)
        var t0 = 0.0
        var t1 = 1.0
        let edges = [(-dx, x0 - frame.x), (dx, frame.maxX - x0), (-dy, y0 - frame.y), (dy, frame.maxY - y0)]
        for (p, q) in edges {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    t0 = max(t0, r)
                } else {
                    if r < t0 { return nil }
                    t1 = min(t1, r)
                }
            }
        }
        return (Point(x0 + t0 * dx, y0 + t0 * dy), Point(x0 + t1 * dx, y0 + t1 * dy))
    }

    var yTicks: [(Double, String)] {
        if let ticks = figure.yTicks { return ticks.filter { figure.yRange.contains($0.0) } }
        return figure.logY
            ? Figure.logTicks(yLow...yHigh).map { (pow(10, $0.0), $0.1) }
            : Figure.ticks(figure.yRange, count: frame.height < 250 ? 4 : 6)
    }

    /// The width of the widest y tick label, in pixels.
    var yTickWidth: Double { yTicks.map { Figure.textWidth($0.1, size: 12) }.max() ?? 0 }

    /// The ticks and their labels, with grid lines unless the figure has none.
    func grid() -> [String] {
        var s: [String] = []
        let xTicks = figure.xTicks ?? Figure.ticks(figure.xRange, count: frame.width < 300 ? 4 : 6)
        for (value, label) in xTicks where figure.xRange.contains(value) {
            let x = px(value)
            if figure.grid { s.append(Figure.line(x, frame.y, x, frame.maxY, color: "#e6e6e6")) }
            s.append(Figure.line(x, frame.maxY, x, frame.maxY + 5, color: "#333"))
            s.append(Figure.text(label, x, frame.maxY + 19, anchor: "middle"))
        }
        for (value, label) in yTicks {
            let y = py(value)
            guard y >= frame.y - 0.01, y <= frame.maxY + 0.01 else { continue }
            if figure.grid { s.append(Figure.line(frame.x, y, frame.maxX, y, color: "#e6e6e6")) }
            s.append(Figure.line(frame.x - 5, y, frame.x, y, color: "#333"))
            s.append(Figure.text(label, frame.x - 8, y + 4, anchor: "end"))
        }
        return s
    }

    func frameAndLabels(heading: String?, tickWidth: Double) -> [String] {
        var s = [
            "<rect x=\"\(Figure.f(frame.x))\" y=\"\(Figure.f(frame.y))\" width=\"\(Figure.f(frame.width))\" height=\"\(Figure.f(frame.height))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>",
            "<text x=\"\(Figure.f(frame.x + frame.width / 2))\" y=\"\(Figure.f(Figure.height - 12))\" text-anchor=\"middle\" font-size=\"13\">\(Figure.escaped(figure.xLabel))</text>",
        ]
        let yMid = Figure.f(frame.y + frame.height / 2)
        let yLabelX = Figure.f(max(10, frame.x - 18 - tickWidth))
        s.append(
            "<text x=\"\(yLabelX)\" y=\"\(yMid)\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 \(yLabelX) \(yMid))\">\(Figure.escaped(figure.yLabel))</text>"
        )
        if let heading, !heading.isEmpty {
            s.append(
                "<text x=\"\(Figure.f(frame.x + frame.width / 2))\" y=\"\(Figure.f(frame.y - 7))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">\(Figure.escaped(heading))</text>"
            )
        }
        return s
    }

    /// The text box and baseline origin of a label beside the marker at `at`:
    /// of 16 places around it (two distances, eight directions), the one that
    /// stays in the frame, covers no marker and no placed label, and covers
    /// the fewest line pixels, preferring the side away from `awayFrom`.
    func placeLabel(_ text: String, at: Point, awayFrom: Point?, markers: [Figure.Box], labels: [Figure.Box], line: [Point]) -> (
        Figure.Box, Point
    ) {
        let (cx, cy) = (px(at.x), py(at.y))
        let (width, height) = (Figure.textWidth(text, size: 12, bold: true), 13.0)
        var away = (1.0, -1.0)
        if let awayFrom, awayFrom.isFinite {
            let (dx, dy) = (cx - px(awayFrom.x), cy - py(awayFrom.y))
            let length = (dx * dx + dy * dy).squareRoot()
            if length > 0.5 { away = (dx / length, dy / length) }
        }
        let radius = markers.filter { $0.contains(Point(cx, cy)) }.map { $0.width / 2 }.max() ?? 3
        var best: (score: Double, box: Figure.Box)?
        for distance in [radius + 4, radius + 16] {
            for k in 0..<8 {
                let angle = Double(k) * Double.pi / 4
                let (ux, uy) = (cos(angle), -sin(angle))
                // The box touches the circle of `distance` on the side facing the marker.
                // Slid back inside the frame where it would cross an edge (a
                // marker in a corner); the marker check below keeps it off the marker.
                let x = min(max(cx + ux * distance - (ux < -0.3 ? width : (ux > 0.3 ? 0 : width / 2)), frame.x + 1), frame.maxX - width - 1)
                let y = min(
                    max(cy + uy * distance - (uy < -0.3 ? height : (uy > 0.3 ? 0 : height / 2)), frame.y + 1), frame.maxY - height - 1)
                let box = Figure.Box(x: x, y: y, width: width, height: height)
                var score = 0.0
                if box.x < frame.x || box.maxX > frame.maxX || box.y < frame.y || box.maxY > frame.maxY { score += 1e6 }
                score += 1e4 * markers.map(box.overlap).reduce(0, +)
                score += 1e4 * labels.map(box.overlap).reduce(0, +)
                score += 30 * Double(line.filter(box.contains).count)
                score += 20 * (1 - (ux * away.0 + uy * away.1)) + (distance > radius + 4 ? 15 : 0)
                if best == nil || score < best!.score { best = (score, box) }
            }
        }
        let box = best!.box
        return (box, Point(box.x, box.y + 10))
    }

    /// The SVG of one element: one case per kind of element, each short.
    func draw(_ element: Figure.Element) -> [String] {
        switch element {
        case .line(let points, let style):
            // Consecutive pieces join into one subpath; a point less than
            // 0.3 px from the last one drawn is held back (a million-step path
            // draws as a few hundred points), and the last one is always drawn.
            var path = ""
            var previousEnd: Point?
            var lastDrawn: Point?
            func near(_ a: Point, _ b: Point, _ distance: Double) -> Bool { abs(a.x - b.x) < distance && abs(a.y - b.y) < distance }
            func flush() {
                if let end = previousEnd, let drawn = lastDrawn, end != drawn {
                    path += " L \(Figure.f(end.x)) \(Figure.f(end.y))"
                    lastDrawn = end
                }
            }
            for (a, b) in zip(points, points.dropFirst()) {
                guard let (p, q) = clip(a, b) else {
                    flush()
                    previousEnd = nil
                    continue
                }
                if let end = previousEnd, near(end, p, 0.01) {
                    if let drawn = lastDrawn, near(drawn, q, 0.3) {
                        previousEnd = q
                        continue
                    }
                    path += " L \(Figure.f(q.x)) \(Figure.f(q.y))"
                } else {
                    flush()
                    path += " M \(Figure.f(p.x)) \(Figure.f(p.y)) L \(Figure.f(q.x)) \(Figure.f(q.y))"
                }
                lastDrawn = q
                previousEnd = q
            }
            flush()
            guard !path.isEmpty else { return [] }
            return ["<path d=\"\(path.dropFirst())\" fill=\"none\" \(Figure.strokeAttributes(style)) stroke-linejoin=\"round\"/>"]
        case .segments(let pieces, let style):
            let path = pieces.compactMap { clip($0.0, $0.1) }.map {
                "M \(Figure.f($0.0.x)) \(Figure.f($0.0.y)) L \(Figure.f($0.1.x)) \(Figure.f($0.1.y))"
            }
            guard !path.isEmpty else { return [] }
            return ["<path d=\"\(path.joined(separator: " "))\" fill=\"none\" \(Figure.strokeAttributes(style))/>"]
        case .markers(let points, let style, let radius):
            // Large markers get a white rim to stand out; small ones, which
            // may crowd along a path, none (rims would wash the path out).
            let rim = radius >= 4 ? " stroke=\"#ffffff\" stroke-width=\"0.8\"" : ""
            return points.filter(inside).map {
                "<circle cx=\"\(Figure.f(px($0.x)))\" cy=\"\(Figure.f(py($0.y)))\" r=\"\(Figure.f(radius))\" fill=\"\(style.color)\"\(rim)/>"
            }
        case .arrow(let from, let to, let style):
            guard inside(from) else { return [] }
            let (x0, y0, x1, y1) = (px(from.x), py(from.y), px(to.x), py(to.y))
            guard x1.isFinite, y1.isFinite else { return [] }
            let (dx, dy) = (x1 - x0, y1 - y0)
            let length = (dx * dx + dy * dy).squareRoot()
            if length < 5 {
                return ["<circle cx=\"\(Figure.f(x0))\" cy=\"\(Figure.f(y0))\" r=\"1.3\" fill=\"\(style.color)\"/>"]
            }
            // Head: a third of the length, 4 … 9 px long, two thirds as wide;
            // the shaft stops inside it so its end does not blunt the tip.
            let head = min(9, max(4, length / 3))
            let (ux, uy) = (dx / length, dy / length)
            let (bx, by) = (x1 - ux * head, y1 - uy * head)
            let half = head / 3
            let shaftEnd = (x1 - ux * head * 0.6, y1 - uy * head * 0.6)
            return [
                "<path d=\"M \(Figure.f(x0)) \(Figure.f(y0)) L \(Figure.f(shaftEnd.0)) \(Figure.f(shaftEnd.1))\" fill=\"none\" \(Figure.strokeAttributes(style)) stroke-linecap=\"round\"/>",
                "<path d=\"M \(Figure.f(x1)) \(Figure.f(y1)) L \(Figure.f(bx - uy * half)) \(Figure.f(by + ux * half)) L \(Figure.f(bx + uy * half)) \(Figure.f(by - ux * half)) Z\" fill=\"\(style.color)\"/>",
            ]
        case .bar(let x, let width, let height, let fill):
            guard height.isFinite else { return [] }
            let top = max(figure.yRange.lowerBound, min(figure.yRange.upperBound, max(0, height)))
            let bottom = max(figure.yRange.lowerBound, min(figure.yRange.upperBound, min(0, height)))
            return [
                "<rect x=\"\(Figure.f(px(x - width / 2)))\" y=\"\(Figure.f(py(top)))\" width=\"\(Figure.f(px(x + width / 2) - px(x - width / 2)))\" height=\"\(Figure.f(py(bottom) - py(top)))\" fill=\"\(fill)\"/>"
            ]
        case .cell(let x, let y, let width, let height, let fill):
            guard x.isFinite, y.isFinite, width.isFinite, height.isFinite else { return [] }
            let (left, right) = (px(x), px(x + width))
            let (top, bottom) = (py(y + height), py(y))
            return [
                "<rect x=\"\(Figure.f(min(left, right)))\" y=\"\(Figure.f(min(top, bottom)))\" width=\"\(Figure.f(abs(right - left)))\" height=\"\(Figure.f(abs(bottom - top)))\" fill=\"\(fill)\"/>"
            ]
        case .label:
            return []
        case .text(let text, let at, let anchor, let color):
            guard inside(at) else { return [] }
            return [
                "<text x=\"\(Figure.f(px(at.x)))\" y=\"\(Figure.f(py(at.y)))\" text-anchor=\"\(anchor)\" font-size=\"12\" fill=\"\(color)\">\(Figure.escaped(text))</text>"
            ]
        }
    }
}
