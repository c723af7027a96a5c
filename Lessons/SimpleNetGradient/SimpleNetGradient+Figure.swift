import LessonKit
import Plot

extension SimpleNetGradient {
    /// The 2×3 weights as a table: each cell coloured by its dW (red: raising
    /// that weight raises the loss; blue: lowers it), with w and dW written in.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let w = run[Outputs.w].scalars
        let dW = run[Outputs.dW].scalars
        let loss = run[Outputs.loss].scalar
        let scale = dW.filter(\.isFinite).map(abs).max() ?? 0
        var figure = Figure(
            title: "SimpleNet: loss = \(Figure.short(loss)); dW = ∂loss/∂w, one cell per weight",
            xLabel: "column j of w (score of class j)", yLabel: "row i of w, which multiplies x[i]",
            xRange: -0.5...2.5, yRange: -0.5...1.5)
        figure.xTicks = (0..<3).map { (Double($0), "class \($0)") }
        let x = run[Parameters.x]?.scalars ?? []
        figure.yTicks = x.count == 2 ? [(1, "x[0] = \(Figure.short(x[0]))"), (0, "x[1] = \(Figure.short(x[1]))")] : [(1, "i = 0"), (0, "i = 1")]
        for index in 0..<6 {
            let (i, j) = (index / 3, index % 3)
            let (x, y) = (Double(j) - 0.48, Double(1 - i) - 0.48)
            figure.elements.append(.cell(x: x, y: y, width: 0.96, height: 0.96, fill: Self.color(dW[index], scale: scale)))
            figure.elements.append(.text("w = \(Figure.short(w[index]))", at: Figure.Point(Double(j), Double(1 - i) + 0.12), anchor: "middle", color: "#222"))
            figure.elements.append(.text("dW = \(Figure.short(dW[index]))", at: Figure.Point(Double(j), Double(1 - i) - 0.16), anchor: "middle", color: "#222"))
        }
        figure.legend = [
            ("dW > 0: a larger w[i, j] raises the loss", Figure.Style("#d6604d", width: 8)),
            ("dW < 0: a larger w[i, j] lowers it", Figure.Style("#4393c3", width: 8)),
        ]
        if !dW.allSatisfy(\.isFinite) { figure.note = "some dW are not finite: the loss overflowed at w ± h" }
        return figure
    }

    /// White at 0, deepening to red (positive) or blue (negative) at ±scale.
    static func color(_ value: Double, scale: Double) -> String {
        guard value.isFinite, scale > 0 else { return "#dddddd" }
        let t = min(1, abs(value) / scale)
        let (r, g, b): (Double, Double, Double) = value >= 0 ? (214, 96, 77) : (67, 147, 195)
        func mix(_ c: Double) -> Int { Int((255 + (c - 255) * t).rounded()) }
        return "#" + [mix(r), mix(g), mix(b)].map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
