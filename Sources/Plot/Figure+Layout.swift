import CDoubleText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Figure {
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
            let count = cdoubletext_format(buffer.baseAddress!, buffer.count, format, x)
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
}
