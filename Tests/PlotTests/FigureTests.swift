import Foundation
import Testing

@testable import Plot

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

    @Test func pointsOutsideTheViewAreClippedNotDrawn() {
        let svg = sample().svg()
        // The marker at x = 30 is outside 0…10; the one at x = 3 is drawn.
        #expect(svg.components(separatedBy: "<circle").count == 2)
        // A segment that leaves the view ends at the frame: y = 1 is the top (58 px).
        #expect(svg.contains("58.0"))
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
