#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 2-D figure in data coordinates, written as a 640×480 SVG: axes with
/// ticks and labels, lines, arrows, markers, bars, text and a legend.
///
/// Everything outside the axis ranges is clipped, non-finite points break a
/// line instead of breaking the file, and the same figure always gives the
/// same bytes (fixed-precision coordinates, no time stamps, no random ids).
public struct Figure: Sendable {
    public struct Style: Sendable, Equatable {
        public var color: String
        public var width: Double
        public var dashed: Bool
        public init(_ color: String, width: Double = 1.5, dashed: Bool = false) {
            self.color = color
            self.width = width
            self.dashed = dashed
        }
    }

    public enum Element: Sendable {
        case line([Point], Style)
        /// Separate straight pieces in one style, drawn as one path (contour lines).
        case segments([(Point, Point)], Style)
        case markers([Point], Style, radius: Double)
        case arrow(from: Point, to: Point, Style)
        case bar(x: Double, width: Double, height: Double, fill: String)
        case text(String, at: Point, anchor: String, color: String)
        /// A marker's label, set 12 px from it on the side away from `awayFrom`
        /// (the neighbouring point of a path), so it does not sit on the line.
        case label(String, at: Point, awayFrom: Point?, color: String)
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
        public var isFinite: Bool { x.isFinite && y.isFinite }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Tick positions and labels to use instead of computed ones (e.g. classes).
    public var xTicks: [(Double, String)]?
    public var elements: [Element] = []
    public var legend: [(String, Style)] = []
    /// A line of small print under the title (e.g. "the path leaves the view").
    public var note: String?

    public static let width = 640.0
    public static let height = 480.0
    static let left = 78.0, right = 24.0, top = 58.0, bottom = 56.0

    public init(title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = Self.widened(xRange)
        self.yRange = Self.widened(yRange)
    }

    /// A range with room in it: a single value gets ±1 (or ±1% of itself).
    static func widened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return -1...1 }
        if range.upperBound - range.lowerBound > max(abs(range.lowerBound), abs(range.upperBound)) * 1e-9 { return range }
        let pad = max(abs(range.lowerBound) * 0.01, 1e-9, range.lowerBound == 0 ? 1 : 0)
        return (range.lowerBound - pad)...(range.upperBound + pad)
    }

    /// The range of `values` that ignores non-finite ones and, when
    /// `trim` > 0, that fraction of outliers at each end, padded by `pad`.
    public static func range(of values: [Double], trim: Double = 0, pad: Double = 0.08) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite).sorted()
        guard let first = finite.first, let last = finite.last else { return -1...1 }
        var low = first
        var high = last
        if trim > 0, finite.count > 10 {
            low = finite[Int(Double(finite.count - 1) * trim)]
            high = finite[Int(Double(finite.count - 1) * (1 - trim))]
        }
        let span = high - low
        let padding = span > 0 ? span * pad : max(abs(low) * 0.1, 1)
        return widened((low - padding)...(high + padding))
    }

    // MARK: - Coordinates

    var plotWidth: Double { Self.width - Self.left - Self.right }
    var plotHeight: Double { Self.height - Self.top - Self.bottom }

    func px(_ x: Double) -> Double { Self.left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth }
    func py(_ y: Double) -> Double {
        Self.top + plotHeight - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotHeight
    }

    static func f(_ value: Double) -> String {
        let text = printf("%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }

    static func printf(_ format: String, _ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer.prefix(Int(max(0, min(count, 63)))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A one-pixel line.
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" stroke-width=\"1\"/>"
    }

    /// Tick-label text.
    static func text(_ text: String, _ x: Double, _ y: Double, anchor: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"12\">\(escaped(text))</text>"
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: - Ticks

    /// Round-number ticks (steps of 1, 2 or 5 × 10^k) inside `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 6) -> [(Double, String)] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var values: [Double] = []
        var k = ceil(range.lowerBound / step)
        while k * step <= range.upperBound + step * 1e-9, values.count < 50 {
            values.append(k * step)
            k += 1
        }
        let largest = values.map(abs).max() ?? 0
        let scientific = largest >= 1e5 || (step < 1e-3)
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return values.map { value in
            let v = abs(value) < step * 1e-9 ? 0 : value
            return (v, scientific ? printf("%.2g", v) : printf("%.\(decimals)f", v))
        }
    }

    // MARK: - Clipping

    /// Liang–Barsky: the part of segment a→b inside the plot area, in pixels.
    func clip(_ a: Point, _ b: Point) -> (Point, Point)? {
        let (x0, y0, x1, y1) = (px(a.x), py(a.y), px(b.x), py(b.y))
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
        let (dx, dy) = (x1 - x0, y1 - y0)
        var t0 = 0.0
        var t1 = 1.0
        let edges = [(-dx, x0 - Self.left), (dx, Self.left + plotWidth - x0), (-dy, y0 - Self.top), (dy, Self.top + plotHeight - y0)]
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

    func inside(_ p: Point) -> Bool { p.isFinite && xRange.contains(p.x) && yRange.contains(p.y) }

    func strokeAttributes(_ style: Style) -> String {
        "stroke=\"\(style.color)\" stroke-width=\"\(Self.f(style.width))\"" + (style.dashed ? " stroke-dasharray=\"6 4\"" : "")
    }

    // MARK: - SVG

    public func svg() -> String {
        var s: [String] = []
        let (w, h) = (Self.width, Self.height)
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        s.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
        )
        s.append("<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#ffffff\"/>")
        s.append(
            "<defs><clipPath id=\"plot-area\"><rect x=\"\(Self.f(Self.left))\" y=\"\(Self.f(Self.top))\" width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(plotHeight))\"/></clipPath>"
        )
        // One arrow head per arrow colour, sized in pixels so that a thick
        // line does not get a huge head.
        for (index, color) in arrowColors.enumerated() {
            s.append(
                "<marker id=\"arrow-head-\(index)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"\(color)\"/></marker>"
            )
        }
        s.append("</defs>")
        s.append(
            "<text x=\"\(Self.f(w / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(Self.escaped(title))</text>"
        )
        if let note {
            s.append(
                "<text x=\"\(Self.f(w / 2))\" y=\"44\" text-anchor=\"middle\" font-size=\"11\" fill=\"#a33\">\(Self.escaped(note))</text>")
        }

        // Grid and ticks.
        let xTickList = xTicks ?? Self.ticks(xRange)
        let yTickList = Self.ticks(yRange)
        let (plotLeft, plotRight, plotTop, plotBottom) = (Self.left, Self.left + plotWidth, Self.top, Self.top + plotHeight)
        for (value, label) in xTickList where xRange.contains(value) {
            let x = px(value)
            s.append(Self.line(x, plotTop, x, plotBottom, color: "#e6e6e6"))
            s.append(Self.line(x, plotBottom, x, plotBottom + 5, color: "#333"))
            s.append(Self.text(label, x, plotBottom + 19, anchor: "middle"))
        }
        for (value, label) in yTickList where yRange.contains(value) {
            let y = py(value)
            s.append(Self.line(plotLeft, y, plotRight, y, color: "#e6e6e6"))
            s.append(Self.line(plotLeft - 5, y, plotLeft, y, color: "#333"))
            s.append(Self.text(label, plotLeft - 8, y + 4, anchor: "end"))
        }

        // Data, clipped to the plot area.
        s.append("<g clip-path=\"url(#plot-area)\">")
        for element in elements { s += draw(element) }
        s.append("</g>")

        // Frame and axis labels.
        s.append(
            "<rect x=\"\(Self.f(Self.left))\" y=\"\(Self.f(Self.top))\" width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(plotHeight))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>"
        )
        s.append(
            "<text x=\"\(Self.f(Self.left + plotWidth / 2))\" y=\"\(Self.f(h - 12))\" text-anchor=\"middle\" font-size=\"13\">\(Self.escaped(xLabel))</text>"
        )
        let yMid = Self.f(Self.top + plotHeight / 2)
        s.append(
            "<text x=\"18\" y=\"\(yMid)\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 \(yMid))\">\(Self.escaped(yLabel))</text>"
        )

        // Legend, top right inside the plot.
        if !legend.isEmpty {
            let longest = legend.map(\.0.count).max() ?? 0
            let boxWidth = min(plotWidth - 20, Double(longest) * 6.6 + 44)
            let boxHeight = Double(legend.count) * 18 + 8
            let (x, top) = legendCorner(width: boxWidth, height: boxHeight)
            s.append(
                "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(top))\" width=\"\(Self.f(boxWidth))\" height=\"\(Self.f(boxHeight))\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#bbb\" stroke-width=\"1\"/>"
            )
            for (index, (label, style)) in legend.enumerated() {
                let y = top + 14 + Double(index) * 18
                s.append(
                    "<line x1=\"\(Self.f(x + 8))\" y1=\"\(Self.f(y - 4))\" x2=\"\(Self.f(x + 30))\" y2=\"\(Self.f(y - 4))\" \(strokeAttributes(style))/>"
                )
                s.append("<text x=\"\(Self.f(x + 36))\" y=\"\(Self.f(y))\" font-size=\"12\">\(Self.escaped(label))</text>")
            }
        }
        s.append("</svg>")
        return s.joined(separator: "\n") + "\n"
    }

    /// The distinct colours of arrows, in order of first use.
    var arrowColors: [String] {
        var colors: [String] = []
        for case .arrow(_, _, let style) in elements where !colors.contains(style.color) { colors.append(style.color) }
        return colors
    }

    /// The plot corner whose legend box would cover the fewest data points
    /// (top right on a tie), as (left, top) in pixels.
    func legendCorner(width: Double, height: Double) -> (Double, Double) {
        // Contour lines are background and do not count; a marker or a label
        // counts as much as twenty points of a line.
        var points: [Point] = []
        for element in elements {
            switch element {
            case .line(let ps, _): points += ps
            case .markers(let ps, _, _): points += ps.flatMap { Array(repeating: $0, count: 20) }
            case .segments: break
            case .arrow(let a, let b, _): points += [a, b]
            case .bar(let x, _, let height, _): points += stride(from: 0, through: 1, by: 0.1).map { Point(x, height * $0) }
            case .text(_, let at, _, _), .label(_, let at, _, _): points += Array(repeating: at, count: 20)
            }
        }
        let pixels = points.filter(inside).map { Point(px($0.x), py($0.y)) }
        let corners = [
            (Self.left + plotWidth - width - 8, Self.top + 8), (Self.left + 8, Self.top + 8),
            (Self.left + plotWidth - width - 8, Self.top + plotHeight - height - 8), (Self.left + 8, Self.top + plotHeight - height - 8),
        ]
        let covered = corners.map { corner in
            pixels.filter { $0.x >= corner.0 - 6 && $0.x <= corner.0 + width + 6 && $0.y >= corner.1 - 6 && $0.y <= corner.1 + height + 6 }
                .count
        }
        return corners[covered.firstIndex(of: covered.min()!)!]
    }

    private func draw(_ element: Element) -> [String] {
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
                    path += " L \(Self.f(end.x)) \(Self.f(end.y))"
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
                    path += " L \(Self.f(q.x)) \(Self.f(q.y))"
                } else {
                    flush()
                    path += " M \(Self.f(p.x)) \(Self.f(p.y)) L \(Self.f(q.x)) \(Self.f(q.y))"
                }
                lastDrawn = q
                previousEnd = q
            }
            flush()
            guard !path.isEmpty else { return [] }
            return ["<path d=\"\(path.dropFirst())\" fill=\"none\" \(strokeAttributes(style)) stroke-linejoin=\"round\"/>"]
        case .segments(let pieces, let style):
            let path = pieces.compactMap { clip($0.0, $0.1) }.map {
                "M \(Self.f($0.0.x)) \(Self.f($0.0.y)) L \(Self.f($0.1.x)) \(Self.f($0.1.y))"
            }
            guard !path.isEmpty else { return [] }
            return ["<path d=\"\(path.joined(separator: " "))\" fill=\"none\" \(strokeAttributes(style))/>"]
        case .markers(let points, let style, let radius):
            // Large markers get a white rim to stand out; small ones, which
            // may crowd along a path, none (rims would wash the path out).
            let rim = radius >= 4 ? " stroke=\"#ffffff\" stroke-width=\"0.8\"" : ""
            return points.filter(inside).map {
                "<circle cx=\"\(Self.f(px($0.x)))\" cy=\"\(Self.f(py($0.y)))\" r=\"\(Self.f(radius))\" fill=\"\(style.color)\"\(rim)/>"
            }
        case .arrow(let from, let to, let style):
            guard let (p, q) = clip(from, to), inside(to) else { return [] }
            let head = arrowColors.firstIndex(of: style.color) ?? 0
            return [
                "<line x1=\"\(Self.f(p.x))\" y1=\"\(Self.f(p.y))\" x2=\"\(Self.f(q.x))\" y2=\"\(Self.f(q.y))\" \(strokeAttributes(style)) marker-end=\"url(#arrow-head-\(head))\"/>"
            ]
        case .bar(let x, let width, let height, let fill):
            let top = max(yRange.lowerBound, min(yRange.upperBound, max(0, height)))
            let bottom = max(yRange.lowerBound, min(yRange.upperBound, min(0, height)))
            guard height.isFinite else { return [] }
            return [
                "<rect x=\"\(Self.f(px(x - width / 2)))\" y=\"\(Self.f(py(top)))\" width=\"\(Self.f(px(x + width / 2) - px(x - width / 2)))\" height=\"\(Self.f(py(bottom) - py(top)))\" fill=\"\(fill)\"/>"
            ]
        case .label(let text, let at, let awayFrom, let color):
            guard inside(at) else { return [] }
            var (dx, dy) = (1.0, -1.0)
            if let awayFrom, awayFrom.isFinite {
                (dx, dy) = (px(at.x) - px(awayFrom.x), py(at.y) - py(awayFrom.y))
                let length = (dx * dx + dy * dy).squareRoot()
                (dx, dy) = length > 0.5 ? (dx / length, dy / length) : (1, -1)
            }
            let x = px(at.x) + 12 * dx
            let y = py(at.y) + 12 * dy + 4
            let side = abs(dx) < 0.3 ? "middle" : (dx > 0 ? "start" : "end")
            return [
                "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" text-anchor=\"\(side)\" font-size=\"12\" font-weight=\"bold\" fill=\"\(color)\">\(Self.escaped(text))</text>"
            ]
        case .text(let text, let at, let anchor, let color):
            guard inside(at) else { return [] }
            return [
                "<text x=\"\(Self.f(px(at.x)))\" y=\"\(Self.f(py(at.y)))\" text-anchor=\"\(anchor)\" font-size=\"12\" fill=\"\(color)\">\(Self.escaped(text))</text>"
            ]
        }
    }
}
