
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Figure {
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
