
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
