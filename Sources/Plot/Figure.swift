import CFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 2-D figure in data coordinates, written as a 640×480 SVG: a title, a
/// line of small print, a legend above the data (never on it), then one
/// panel of axes with ticks, lines, arrows, markers, bars and labels, and
/// optionally further panels to its right (``panels``), e.g. a log-scale
/// history beside a path.
///
/// Everything outside the axis ranges is clipped, non-finite points break a
/// line instead of breaking the file, labels are placed where they cover no
/// marker, and the same figure always gives the same bytes (fixed-precision
/// coordinates, no time stamps, no random ids).
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
        /// An arrow with a shaft and a head scaled to its length (at most
        /// 9 px); one shorter than 5 px is drawn as a dot, its direction
        /// being too small to show.
        case arrow(from: Point, to: Point, Style)
        case bar(x: Double, width: Double, height: Double, fill: String)
        /// A filled rectangle in data coordinates, from (x, y) to
        /// (x + width, y + height): one pixel of an image, one cell of a table.
        case cell(x: Double, y: Double, width: Double, height: Double, fill: String)
        case text(String, at: Point, anchor: String, color: String)
        /// A marker's label, set beside it where it covers no marker, no
        /// other label and as little of any line as possible, preferring the
        /// side away from `awayFrom` (the neighbouring point of a path).
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

    /// A rectangle in pixels, y down.
    public struct Box: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
        public var maxX: Double { x + width }
        public var maxY: Double { y + height }
        /// Whether the two boxes share more than a touching edge.
        public func intersects(_ other: Box) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }
        /// The area the two boxes share.
        func overlap(_ other: Box) -> Double {
            max(0, min(maxX, other.maxX) - max(x, other.x)) * max(0, min(maxY, other.maxY) - max(y, other.y))
        }
        func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Tick positions and labels to use instead of computed ones (e.g. classes).
    public var xTicks: [(Double, String)]?
    /// The same for the y axis (e.g. the rows of a grid of images).
    public var yTicks: [(Double, String)]?
    /// A logarithmic y axis: ticks at powers of ten; values ≤ 0 are not drawn.
    public var logY = false
    /// Grid lines at the ticks; off for pictures (images would be crossed by them).
    public var grid = true
    public var elements: [Element] = []
    /// Entries drawn above the data, in rows, each a sample of its style.
    public var legend: [(String, Style)] = []
    /// A line of small print under the title (e.g. "the path leaves the view").
    public var note: String?
    /// Further panels, drawn to the right of this one; each has its own axes
    /// and elements, and its title is drawn above its frame. Their legend
    /// entries join this figure's.
    public var panels: [Figure] = []

    public static let width = 640.0
    public static let height = 480.0

    public init(title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = Self.widened(xRange)
        self.yRange = Self.widened(yRange)
    }

    /// A range with room in it: a single value gets ±1 (or ±1% of itself).
    /// `a...b` when that is a range of numbers; `-1...1` when either is NaN
    /// (a range of NaN is a runtime trap in Swift), and the two in order
    /// when they come reversed. Figures build their ranges through this.
    public static func interval(_ a: Double, _ b: Double) -> ClosedRange<Double> {
        guard !a.isNaN, !b.isNaN else { return -1...1 }
        return a <= b ? a...b : b...a
    }

    static func widened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return -1...1 }
        let span = range.upperBound - range.lowerBound
        // A span beyond the doubles (-1e308 ... 1e308) is halved; one of
        // subnormal size could not be divided into pixels and ticks.
        if !span.isFinite { return (range.lowerBound / 2)...(range.upperBound / 2) }
        if span > max(abs(range.lowerBound), abs(range.upperBound)) * 1e-9 && span > 1e-290 { return range }
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

    /// A number to four significant figures, for titles and legends:
    /// `2.59e13`, `0.1`, `23`, `-1.5e-8`.
    public static func short(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var text = printf("%.4g", value)
        if let e = text.firstIndex(of: "e") {
            let mantissa = text[..<e]
            var exponent = String(text[text.index(after: e)...])
            let negative = exponent.hasPrefix("-")
            exponent = String(exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" })
            text = mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
        }
        return text == "-0" ? "0" : text
    }

    /// Widens the x or the y range, about its centre, so that one unit spans
    /// as many pixels on both axes (circles stay circles). Call it after the
    /// legend, note and panels are set: they decide the size of the frame.
    public mutating func equalizeAspect() {
        let frame = layoutFrames()[0]
        let (xSpan, ySpan) = (xRange.upperBound - xRange.lowerBound, yRange.upperBound - yRange.lowerBound)
        let perPixel = max(xSpan / frame.width, ySpan / frame.height)
        let (xMid, yMid) = ((xRange.lowerBound + xRange.upperBound) / 2, (yRange.lowerBound + yRange.upperBound) / 2)
        xRange = Self.interval(xMid - perPixel * frame.width / 2, xMid + perPixel * frame.width / 2)
        yRange = Self.interval(yMid - perPixel * frame.height / 2, yMid + perPixel * frame.height / 2)
    }

    // MARK: - Layout

    static let titleBaseline = 26.0, noteBaseline = 44.0, legendTop = 52.0, legendRow = 16.0
    static let bottomMargin = 56.0, rightMargin = 18.0

    /// Legend entries of this figure and its panels, laid out in rows: the
    /// entry and its left edge, per row.
    func legendRows() -> [[(entry: (String, Style), x: Double)]] {
        let entries = legend + panels.flatMap(\.legend)
        var rows: [[(entry: (String, Style), x: Double)]] = []
        var x = Self.width
        let (left, right) = (56.0, Self.width - Self.rightMargin)
        for entry in entries {
            let width = 34 + Self.textWidth(entry.0, size: 12)
            if x + width > right || rows.isEmpty {
                rows.append([])
                x = left
            }
            rows[rows.count - 1].append((entry, x))
            x += width + 18
        }
        return rows
    }

    /// The frame of each panel, this figure's first.
    func layoutFrames() -> [Box] {
        let legendBottom = Self.legendTop + Double(legendRows().count) * Self.legendRow
        let top = legendBottom + (panels.isEmpty ? 10 : 22)
        let bottom = Self.height - Self.bottomMargin
        // Named y ticks ("x[0] = 0.6") can be wider than numbers: the frame
        // moves right to leave them and the rotated y label their room.
        let named = (yTicks ?? []).map { Self.textWidth($0.1, size: 12) }.max() ?? 0
        if panels.isEmpty {
            let left = max(78, 36 + named)
            return [Box(x: left, y: top, width: Self.width - left - Self.rightMargin, height: bottom - top)]
        }
        // The first panel takes 55% of the page; the others share the rest.
        let left = max(70, 36 + named)
        var frames = [Box(x: left, y: top, width: 0.55 * Self.width - left - 8, height: bottom - top)]
        let each = (Self.width - 0.55 * Self.width - Self.rightMargin) / Double(panels.count)
        for index in panels.indices {
            let x = 0.55 * Self.width + Double(index) * each + 62
            frames.append(Box(x: x, y: top, width: each - 62, height: bottom - top))
        }
        return frames
    }

    /// Pixels of text at a font size: an estimate from DejaVu Sans's average
    /// advance, generous so that boxes built on it do not undercount.
    static func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        let wide = text.unicodeScalars.filter { $0.value >= 0x2E80 }.count
        return (Double(text.count - wide) * (bold ? 0.64 : 0.58) + Double(wide)) * size
    }

    /// Where things land on the page, for tests and for placing labels.
    public struct Layout: Sendable {
        /// Each panel's frame, this figure's first.
        public var frames: [Box]
        /// The legend's rows, or nil without a legend.
        public var legend: Box?
        /// Every marker's bounding square.
        public var markers: [Box]
        /// Every label's text box, with its text.
        public var labels: [(text: String, box: Box)]
        /// The pixel position of each label's anchor, as drawn.
        var labelOrigins: [Point]
    }

    /// The page's layout: frames, legend, markers and placed labels.
    public func layout() -> Layout {
        let frames = layoutFrames()
        let rows = legendRows()
        let legendBox =
            rows.isEmpty
            ? nil
            : Box(
                x: 56, y: Self.legendTop,
                width: rows.map { ($0.last?.x ?? 0) + 34 + Self.textWidth($0.last?.entry.0 ?? "", size: 12) }.max()! - 56,
                height: Double(rows.count) * Self.legendRow)
        var markers: [Box] = []
        var labels: [(text: String, box: Box)] = []
        var origins: [Point] = []
        for (panel, frame) in zip([self] + panels, frames) {
            let axes = Axes(panel, frame)
            let panelMarkers = panel.elements.flatMap { element -> [Box] in
                guard case .markers(let points, _, let radius) = element else { return [] }
                return points.filter(axes.inside).map { p in
                    let (x, y) = (axes.px(p.x), axes.py(p.y))
                    return Box(x: x - radius, y: y - radius, width: 2 * radius, height: 2 * radius)
                }
            }
            markers += panelMarkers
            var linePixels: [Point] = []
            var seen = Set<Int>()
            let anchors = panel.elements.compactMap { element -> Point? in
                guard case .label(_, let at, _, _) = element, axes.inside(at) else { return nil }
                return Point(axes.px(at.x), axes.py(at.y))
            }
            func nearAnAnchor(_ p: Point, _ q: Point) -> Bool {
                anchors.contains { a in
                    a.x >= min(p.x, q.x) - 90 && a.x <= max(p.x, q.x) + 90 && a.y >= min(p.y, q.y) - 40 && a.y <= max(p.y, q.y) + 40
                }
            }
            for case .line(let points, _) in panel.elements where !anchors.isEmpty {
                // Sample each segment near a label every 4 px, so a label avoids lines as well as their corners.
                for (a, b) in zip(points, points.dropFirst()) {
                    guard let (p, q) = axes.clip(a, b), nearAnAnchor(p, q) else { continue }
                    let n = max(1, Int((abs(q.x - p.x) + abs(q.y - p.y)) / 4))
                    for k in 0...n {
                        let pixel = Point(p.x + (q.x - p.x) * Double(k) / Double(n), p.y + (q.y - p.y) * Double(k) / Double(n))
                        // A long path crowds the same pixels: each counts once.
                        if seen.insert(Int(pixel.x.rounded()) * 8192 + Int(pixel.y.rounded())).inserted { linePixels.append(pixel) }
                    }
                }
            }
            var placed: [Box] = []
            for case .label(let text, let at, let awayFrom, _) in panel.elements where axes.inside(at) {
                let (box, origin) = axes.placeLabel(
                    text, at: at, awayFrom: awayFrom, markers: panelMarkers, labels: placed, line: linePixels)
                placed.append(box)
                labels.append((text, box))
                origins.append(origin)
            }
        }
        return Layout(frames: frames, legend: legendBox, markers: markers, labels: labels, labelOrigins: origins)
    }

    static func f(_ value: Double) -> String {
        let text = printf("%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }

    static func printf(_ format: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = cformat_double(buffer.baseAddress!, buffer.count, format, x)
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(max(0, min(count, 63)))), as: UTF8.self)
        }
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

    static func strokeAttributes(_ style: Style) -> String {
        "stroke=\"\(style.color)\" stroke-width=\"\(f(style.width))\"" + (style.dashed ? " stroke-dasharray=\"6 4\"" : "")
    }

    // MARK: - Ticks

    /// Round-number ticks (steps of 1, 2 or 5 × 10^k) inside `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 6) -> [(Double, String)] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        guard step > 0, step.isFinite, range.lowerBound.isFinite, range.upperBound.isFinite else { return [] }
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

    /// Ticks at powers of ten inside `range` (a range of log10 values), every
    /// k-th decade so that there are at most 7, labelled `1e-8`, `1`, `1e13`.
    static func logTicks(_ range: ClosedRange<Double>) -> [(Double, String)] {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound - range.lowerBound < 1e4 else { return [] }
        let (low, high) = (Int(ceil(range.lowerBound - 1e-9)), Int(floor(range.upperBound + 1e-9)))
        guard low <= high else { return [] }
        // Every 1, 2, 5, 10, 20, 50 … decades, on multiples of that step.
        let every = [1, 2, 5, 10, 20, 50, 100, 200, 500].first { (high - low) / $0 < 7 } ?? 1000
        let first = Int((Double(low) / Double(every)).rounded(.up)) * every
        let names: [Int: String] = [0: "1", 1: "10", 2: "100"]
        return stride(from: first, through: high, by: every).map { k -> (Double, String) in (Double(k), names[k] ?? "1e\(k)") }
    }

    // MARK: - SVG

    public func svg() -> String {
        var s: [String] = []
        let (w, h) = (Self.width, Self.height)
        let layout = layout()
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        s.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
        )
        s.append("<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#ffffff\"/>")
        s.append(
            "<defs>"
                + layout.frames.enumerated().map { index, frame in
                    "<clipPath id=\"plot-area\(index == 0 ? "" : "-\(index)")\"><rect x=\"\(Self.f(frame.x))\" y=\"\(Self.f(frame.y))\" width=\"\(Self.f(frame.width))\" height=\"\(Self.f(frame.height))\"/></clipPath>"
                }.joined() + "</defs>")
        s.append(
            "<text x=\"\(Self.f(w / 2))\" y=\"\(Self.f(Self.titleBaseline))\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(Self.escaped(title))</text>"
        )
        if let note {
            s.append(
                "<text x=\"\(Self.f(w / 2))\" y=\"\(Self.f(Self.noteBaseline))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#a33\">\(Self.escaped(note))</text>"
            )
        }
        for (row, entries) in legendRows().enumerated() {
            let y = Self.legendTop + 12 + Double(row) * Self.legendRow
            for (entry, x) in entries {
                s.append(
                    "<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(y - 4))\" x2=\"\(Self.f(x + 26))\" y2=\"\(Self.f(y - 4))\" \(Self.strokeAttributes(entry.1))/>"
                )
                s.append("<text x=\"\(Self.f(x + 32))\" y=\"\(Self.f(y))\" font-size=\"12\">\(Self.escaped(entry.0))</text>")
            }
        }
        var labelIndex = 0
        for (index, (panel, frame)) in zip([self] + panels, layout.frames).enumerated() {
            let axes = Axes(panel, frame)
            s += axes.grid()
            s.append("<g clip-path=\"url(#plot-area\(index == 0 ? "" : "-\(index)"))\">")
            for element in panel.elements {
                if case .label(let text, let at, _, let color) = element {
                    guard axes.inside(at) else { continue }
                    let origin = layout.labelOrigins[labelIndex]
                    labelIndex += 1
                    s.append(
                        "<text x=\"\(Self.f(origin.x))\" y=\"\(Self.f(origin.y))\" font-size=\"12\" font-weight=\"bold\" fill=\"\(color)\">\(Self.escaped(text))</text>"
                    )
                } else {
                    s += axes.draw(element)
                }
            }
            s.append("</g>")
            s += axes.frameAndLabels(heading: index == 0 ? nil : panel.title, tickWidth: axes.yTickWidth)
        }
        s.append("</svg>")
        return s.joined(separator: "\n") + "\n"
    }
}

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

extension Figure {
    /// The figure with every piece of text passed through `transform`:
    /// titles, axis labels, named ticks, legend, note, labels and texts, in
    /// every panel (e.g. into Chinese, by a lesson's glossary).
    public func mappingText(_ transform: (String) -> String) -> Figure {
        var figure = self
        figure.title = transform(title)
        figure.xLabel = transform(xLabel)
        figure.yLabel = transform(yLabel)
        figure.xTicks = xTicks?.map { ($0.0, transform($0.1)) }
        figure.yTicks = yTicks?.map { ($0.0, transform($0.1)) }
        figure.legend = legend.map { (transform($0.0), $0.1) }
        figure.note = note.map(transform)
        figure.elements = elements.map { element in
            switch element {
            case .label(let text, let at, let away, let color): return .label(transform(text), at: at, awayFrom: away, color: color)
            case .text(let text, let at, let anchor, let color): return .text(transform(text), at: at, anchor: anchor, color: color)
            default: return element
            }
        }
        figure.panels = panels.map { $0.mappingText(transform) }
        return figure
    }
}
