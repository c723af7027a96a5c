import LessonKit
import Plot

extension ComputationalGraph {
    /// The graph as the book draws it: inputs on the left, the four nodes,
    /// the price on the right; each edge carries its forward value above
    /// (black) and the derivative of the price by it below (red).
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        guard let apple = run[Parameters.apple], let appleNum = run[Parameters.apple_num], let orange = run[Parameters.orange],
            let orangeNum = run[Parameters.orange_num], let tax = run[Parameters.tax]
        else { throw .cannotDraw(lesson: id, reason: "the run has no inputs") }
        let v = Self.graph(apple: apple, appleNum: appleNum, orange: orange, orangeNum: orangeNum, tax: tax)
        var figure = Figure(title: "The bill as a computational graph", xLabel: "", yLabel: "", xRange: -2.8...13.0, yRange: -0.4...6.6)
        figure.note = "each edge: its forward value above, the derivative of the price by it below"
        figure.grid = false
        figure.xTicks = []
        figure.yTicks = []
        let edge = Figure.Style("#555555", width: 1.4)
        let forwardColor = "#000000", backwardColor = "#d62728"
        let s = Figure.short
        typealias P = Figure.Point
        // Inputs, nodes and the output, in data coordinates.
        let inputs: [(String, P)] = [
            ("apple", P(0, 6.0)), ("apple_num", P(0, 3.9)), ("orange", P(0, 2.7)), ("orange_num", P(0, 0.6)), ("tax", P(6.6, 0.3)),
        ]
        let timesApple = P(3.6, 4.95), timesOrange = P(3.6, 1.65), plus = P(6.6, 3.3), timesTax = P(9.2, 3.3), price = P(11.4, 3.3)
        // Each edge: from, to, forward value, derivative.
        let edges: [(P, P, Double, Double)] = [
            (inputs[0].1, timesApple, apple, v.dApple), (inputs[1].1, timesApple, appleNum, v.dAppleNum),
            (inputs[2].1, timesOrange, orange, v.dOrange), (inputs[3].1, timesOrange, orangeNum, v.dOrangeNum),
            (timesApple, plus, v.applePrice, v.dApplePrice), (timesOrange, plus, v.orangePrice, v.dOrangePrice),
            (plus, timesTax, v.allPrice, v.dAllPrice), (inputs[4].1, timesTax, tax, v.dTax), (timesTax, price, v.price, 1),
        ]
        for (from, to, forward, backward) in edges {
            // The arrow stops short of the node's circle.
            let (dx, dy) = (to.x - from.x, to.y - from.y)
            let length = (dx * dx + dy * dy).squareRoot()
            let end = P(to.x - 0.45 * dx / length, to.y - 0.45 * dy / length)
            figure.elements.append(.arrow(from: from, to: end, edge))
            // Labels a third of the way along, where edges into one node are still apart.
            let at = P(from.x + 0.38 * (end.x - from.x), from.y + 0.38 * (end.y - from.y))
            figure.elements.append(.text(s(forward), at: P(at.x, at.y + 0.25), anchor: "middle", color: forwardColor))
            figure.elements.append(.text(s(backward), at: P(at.x, at.y - 0.52), anchor: "middle", color: backwardColor))
        }
        for (name, point) in inputs.dropLast() {
            figure.elements.append(.text(name, at: P(point.x - 0.15, point.y - 0.12), anchor: "end", color: "#333333"))
        }
        figure.elements.append(.text("tax", at: P(inputs[4].1.x, inputs[4].1.y - 0.45), anchor: "middle", color: "#333333"))
        figure.elements.append(.markers([timesApple, timesOrange, plus, timesTax], Figure.Style("#1f77b4"), radius: 14))
        for (symbol, point) in [("×", timesApple), ("×", timesOrange), ("+", plus), ("×", timesTax)] {
            figure.elements.append(.text(symbol, at: P(point.x, point.y - 0.15), anchor: "middle", color: "#ffffff"))
        }
        figure.elements.append(.text("price", at: P(price.x + 0.1, price.y - 0.12), anchor: "start", color: "#333333"))
        figure.legend = [("forward value", Figure.Style(forwardColor, width: 3)), ("derivative of the price", Figure.Style(backwardColor, width: 3))]
        return figure
    }
}
