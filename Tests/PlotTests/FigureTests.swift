import Foundation
import Testing

@testable import Plot

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Whether `text` parses as XML.
func isWellFormedXML(_ text: String) -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
}

struct FigureTests {
    func sample() -> Figure {
        var figure = Figure(title: "f & <g>", xLabel: "x", yLabel: "y", xRange: 0...10, yRange: -1...1)
        figure.elements = [
            .line(
                [Figure.Point(0, 0), Figure.Point(5, 5), Figure.Point(.nan, 0), Figure.Point(6, 0), Figure.Point(10, 0.5)],
                Figure.Style("#123456")),
            .arrow(from: Figure.Point(1, 0), to: Figure.Point(2, 0.5), Figure.Style("#ff0000")),
            .markers([Figure.Point(3, 0), Figure.Point(30, 0)], Figure.Style("#00ff00"), radius: 3),
        ]
        figure.legend = [("a \"quoted\" label", Figure.Style("#123456"))]
        return figure
    }

    @Test func svgIsWellFormedEscapedAndDeterministic() {
        let svg = sample().svg()
        #expect(isWellFormedXML(svg))
        #expect(svg.contains("f &amp; &lt;g&gt;"))
        #expect(svg.contains("a &quot;quoted&quot; label"))
        #expect(svg == sample().svg())
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func pointsOutsideTheViewAreClippedNotDrawn() throws {
        let figure = sample()
        let svg = figure.svg()
        // The marker at x = 30 is outside 0…10; the one at x = 3 is drawn.
        #expect(svg.components(separatedBy: "<circle").count == 2)
        // A segment that leaves the view ends at the frame: y = 1 is the frame's top.
        let top = try #require(figure.layout().frames.first).y
        #expect(svg.contains("L \(Figure.f(Axes(figure, figure.layout().frames[0]).px(1))) \(Figure.f(top))"))
    }

    @Test func shortNumbersHaveFourSignificantFigures() {
        #expect(Figure.short(25898374737328.363) == "2.59e13")
        #expect(Figure.short(23.000000000052978) == "23")
        #expect(Figure.short(148.4131591025766) == "148.4")
        #expect(Figure.short(-1.5e-8) == "-1.5e-8")
        #expect(Figure.short(0.1) == "0.1")
        #expect(Figure.short(.nan) == "nan")
    }

    /// One unit spans as many pixels across as up, whatever the ranges and
    /// however many legend rows and panels take room.
    @Test(arguments: [(0.0...10.0, -1.0...1.0, 0), (-5.0...5.0, 0.0...100.0, 3), (-3.0...33.0, -2.0...20.0, 1)])
    func equalizedAxesHaveOneScale(_ x: ClosedRange<Double>, _ y: ClosedRange<Double>, _ panels: Int) throws {
        var figure = Figure(title: "t", xLabel: "x", yLabel: "y", xRange: x, yRange: y)
        figure.legend = (0..<panels).map { ("entry number \($0) with a long label", Figure.Style("#000")) }
        figure.panels = (0..<panels).map { _ in Figure(title: "p", xLabel: "s", yLabel: "v", xRange: 0...1, yRange: 0...1) }
        figure.equalizeAspect()
        let frame = try #require(figure.layout().frames.first)
        let across = frame.width / (figure.xRange.upperBound - figure.xRange.lowerBound)
        let up = frame.height / (figure.yRange.upperBound - figure.yRange.lowerBound)
        #expect(abs(across / up - 1) < 1e-9)
        // Both ranges still hold what was asked for.
        #expect(figure.xRange.lowerBound <= x.lowerBound && figure.xRange.upperBound >= x.upperBound)
        #expect(figure.yRange.lowerBound <= y.lowerBound && figure.yRange.upperBound >= y.upperBound)
    }

    @Test func theLegendSitsAboveTheDataNotOnIt() throws {
        var figure = sample()
        figure.legend += [
            ("second entry", Figure.Style("#00f")), ("a third, rather longer entry to force a new row", Figure.Style("#0f0")),
        ]
        let layout = figure.layout()
        let legend = try #require(layout.legend)
        for frame in layout.frames { #expect(!legend.intersects(frame)) }
    }

    /// Labels are placed beside their marker where no marker and no other
    /// label is, even in a cluster of markers.
    @Test func labelsCoverNoMarker() {
        var figure = Figure(title: "t", xLabel: "x", yLabel: "y", xRange: -10...10, yRange: -10...10)
        let cluster = (0..<60).map { k in Figure.Point(5 * cos(Double(k) / 3), 5 * sin(Double(k) / 3) * 0.5) }
        figure.elements.append(.line(cluster, Figure.Style("#000")))
        figure.elements.append(.markers(cluster, Figure.Style("#000"), radius: 2.6))
        figure.elements.append(.markers([Figure.Point(0, 0), Figure.Point(5, 0)], Figure.Style("#0a0"), radius: 5))
        figure.elements.append(.label("start", at: Figure.Point(5, 0), awayFrom: cluster[1], color: "#0a0"))
        figure.elements.append(.label("end", at: Figure.Point(0, 0), awayFrom: nil, color: "#000"))
        let layout = figure.layout()
        #expect(layout.labels.count == 2)
        for label in layout.labels {
            for marker in layout.markers { #expect(!label.box.intersects(marker), "\(label.text) covers a marker") }
            #expect(layout.frames[0].x <= label.box.x && label.box.maxX <= layout.frames[0].maxX)
        }
        #expect(!layout.labels[0].box.intersects(layout.labels[1].box))
    }

    /// A long arrow has a shaft and a filled head; one too short to show a
    /// direction is a dot, never a bare head.
    @Test func arrowsHaveShaftsOrAreDots() {
        var figure = Figure(title: "t", xLabel: "x", yLabel: "y", xRange: 0...10, yRange: 0...10)
        figure.elements = [
            .arrow(from: Figure.Point(1, 1), to: Figure.Point(5, 5), Figure.Style("#f00")),
            .arrow(from: Figure.Point(7, 7), to: Figure.Point(7.01, 7.01), Figure.Style("#00f")),
        ]
        let svg = figure.svg()
        #expect(svg.components(separatedBy: "stroke-linecap=\"round\"").count == 2)
        #expect(svg.contains(" Z\" fill=\"#f00\""))
        #expect(svg.contains("r=\"1.3\" fill=\"#00f\""))
        #expect(!svg.contains("Z\" fill=\"#00f\""))
    }

    @Test func aLogAxisHasPowersOfTenAndSkipsValuesBelowZero() {
        #expect(Figure.logTicks(0...13.4).map(\.1) == ["1", "100", "1e4", "1e6", "1e8", "1e10", "1e12"])
        #expect(Figure.logTicks(-8...2).map(\.1) == ["1e-8", "1e-6", "1e-4", "1e-2", "1", "100"])
        var figure = Figure(title: "t", xLabel: "step", yLabel: "|x|", xRange: 0...3, yRange: 1e-3...1e3)
        figure.logY = true
        figure.elements = [
            .markers([Figure.Point(0, 1), Figure.Point(1, 0), Figure.Point(2, -1), Figure.Point(3, 1e3)], Figure.Style("#000"), radius: 2)
        ]
        let svg = figure.svg()
        #expect(svg.components(separatedBy: "<circle").count == 3)
        #expect(isWellFormedXML(svg))
    }

    /// Named y ticks replace the numbers; one outside the range is left out.
    @Test func namedYTicksReplaceTheNumbers() {
        var figure = Figure(title: "t", xLabel: "x", yLabel: "", xRange: 0...1, yRange: 0...60)
        figure.yTicks = [(15, "numerical"), (45, "backprop"), (90, "outside")]
        let svg = figure.svg()
        #expect(svg.contains(">numerical</text>") && svg.contains(">backprop</text>"))
        #expect(!svg.contains(">outside</text>") && !svg.contains(">20</text>"))
        figure.yTicks = nil
        #expect(figure.svg().contains(">20</text>"))
    }

    @Test func ticksAreRoundNumbersInsideTheRange() {
        #expect(Figure.ticks(0...10).map(\.1) == ["0", "2", "4", "6", "8", "10"])
        // A span of 0.17 in about 6 ticks: steps of 0.05 (1, 2 or 5 times a power of ten).
        #expect(Figure.ticks(-0.05...0.12).map(\.1) == ["-0.05", "0.00", "0.05", "0.10"])
        #expect(Figure.ticks(0...3e6).first?.1 == "0")
        #expect(Figure.ticks(0...3e6).last?.1 == "3e+06")
    }

    @Test func rangesIgnoreNonFiniteValuesAndOutliersWhenAsked() {
        let values = (0..<100).map(Double.init) + [.infinity, .nan, 1e12]
        let full = Figure.range(of: values, pad: 0)
        #expect(full == 0...1e12)
        let trimmed = Figure.range(of: values, trim: 0.02, pad: 0)
        #expect(trimmed.upperBound < 100)
        #expect(Figure.range(of: [.nan]) == -1...1)
        #expect(Figure.widened(5...5) != 5...5)
    }

    @Test func contoursOfABowlAreRings() {
        let f: (Double, Double) -> Double = { $0 * $0 + $1 * $1 }
        let segments = Contours.segments(of: f, x: -2...2, y: -2...2, levels: [1], resolution: 40)
        #expect(segments.count > 40)
        for (_, a, b) in segments {
            #expect(abs((a.x * a.x + a.y * a.y).squareRoot() - 1) < 0.01)
            #expect(abs((b.x * b.x + b.y * b.y).squareRoot() - 1) < 0.01)
        }
    }
}
