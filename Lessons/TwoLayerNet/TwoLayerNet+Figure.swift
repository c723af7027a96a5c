import LessonKit
import Plot

extension TwoLayerNet {
    /// The gradient check made visible. With 28×28 images: for the first
    /// hidden units, the backprop gradient of W1's column (what the batch
    /// asks that unit's weights to become) over the numerical one — the two
    /// rows look alike when backprop is right. Otherwise: each numerical
    /// gradient element against its backprop twin, one colour per
    /// parameter, on the diagonal when they agree. The small print gives
    /// all four differences, and says when the rows are meant to differ
    /// (data = random: the book's loss reads argmax(t), backprop uses t).
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let gradW1 = run[Outputs.grad_W1]
        let numW1 = run[Outputs.numerical_W1]
        let difference = run[Outputs.difference].scalars
        let title = "gradient check: backprop against numerical"
        // Two digits each: the note is one line of small print.
        var small = [
            "mean |difference|: "
                + zip(["W1", "b1", "W2", "b2"], difference).map { "\($0) \(NumPyFormat.printf("%.2g", $1))" }.joined(separator: ", ")
        ]
        if run[Parameters.data] == "random" { small.append("random t is not one-hot, so they differ by design") }
        var figure = gradW1.shape[0] == 784 ? imageFigure(gradW1, numW1, title: title) : scatterFigure(run, title: title)
        figure.note = (small + (figure.note.map { [$0] } ?? [])).joined(separator: "; ")
        return figure
    }

    package func imageFigure(_ backprop: Tensor, _ numerical: Tensor, title: String) -> Figure {
        let hidden = backprop.shape[1]
        let units = min(hidden, 4)
        let cell = 30.0
        var figure = Figure(
            title: title, xLabel: "hidden unit j: W1[:, j] as a 28×28 image", yLabel: "",
            xRange: 0...(Double(units) * cell), yRange: 0...(2 * cell))
        figure.grid = false
        figure.xTicks = (0..<units).map { (Double($0) * cell + 14, "unit \($0)") }
        // The rows are the two gradients, not a scale: name them where numbers would be.
        figure.yTicks = [(cell / 2, "numerical"), (1.5 * cell, "backprop")]
        for (row, tensor) in [(1, backprop), (0, numerical)] {
            for unit in 0..<units {
                let column = (0..<784).map { tensor.scalars[$0 * hidden + unit] }
                let scale = column.filter(\.isFinite).map(abs).max() ?? 0
                figure.elements += Self.image(column, scale: scale, at: (Double(unit) * cell + 1, Double(row) * cell + 1))
            }
        }
        figure.legend = [
            ("a larger weight raises the loss", Figure.Style("#d6604d", width: 8)),
            ("lowers it (ink where the batch's images have ink)", Figure.Style("#4393c3", width: 8)),
        ]
        figure.note = units < hidden ? "the first \(units) of \(hidden) hidden units" : nil
        figure.equalizeAspect()
        return figure
    }

    /// One image, 28 rows of 28 pixels, white at 0; runs of pixels of the
    /// same shade are merged into one rectangle to keep the file small.
    static func image(_ values: [Double], scale: Double, at origin: (x: Double, y: Double)) -> [Figure.Element] {
        var elements: [Figure.Element] = []
        func level(_ v: Double) -> Int {
            guard v.isFinite, scale > 0 else { return 0 }
            return Int((v / scale * 6).rounded())
        }
        for r in 0..<28 {
            var c = 0
            while c < 28 {
                let shade = level(values[r * 28 + c])
                var end = c + 1
                while end < 28, level(values[r * 28 + end]) == shade { end += 1 }
                if shade != 0 {
                    elements.append(
                        .cell(
                            x: origin.x + Double(c), y: origin.y + Double(27 - r), width: Double(end - c), height: 1,
                            fill: SimpleShade.color(Double(shade) / 6)))
                }
                c = end
            }
        }
        return elements
    }

    func scatterFigure(_ run: Run, title: String) -> Figure {
        let parameters = zip(Self.gradients.map(\.name), ["#4c72b0", "#55a868", "#dd8452", "#c44e52"]).map { ($0, $1) }
        let points = Self.gradients.map { _, backprop, numerical in
            zip(run[backprop].scalars, run[numerical].scalars).map { Figure.Point($0, $1) }
        }
        let range = Figure.range(of: points.flatMap { $0.flatMap { [$0.x, $0.y] } })
        var figure = Figure(title: title, xLabel: "backprop gradient", yLabel: "numerical gradient", xRange: range, yRange: range)
        let diagonal = Figure.Style("#999", dashed: true)
        figure.elements.append(
            .line([Figure.Point(range.lowerBound, range.lowerBound), Figure.Point(range.upperBound, range.upperBound)], diagonal))
        // W1 first, as the most numerous; the fewer b2 points end on top.
        for ((name, color), values) in zip(parameters, points) {
            figure.elements.append(.markers(values, Figure.Style(color), radius: name.hasPrefix("b") ? 3 : 2.2))
            figure.legend.append(("\(name) (\(values.count))", Figure.Style(color, width: 4)))
        }
        figure.legend.append(("where the two agree", diagonal))
        figure.equalizeAspect()
        return figure
    }
}

/// The diverging shades of the lessons' figures: blue below 0, red above.
enum SimpleShade {
    static func color(_ t: Double) -> String {
        let u = min(1, abs(t))
        let (r, g, b): (Double, Double, Double) = t >= 0 ? (214, 96, 77) : (67, 147, 195)
        func mix(_ c: Double) -> String {
            let v = Int((255 + (c - 255) * u).rounded())
            let text = String(v, radix: 16)
            return text.count < 2 ? "0" + text : text
        }
        return "#" + mix(r) + mix(g) + mix(b)
    }
}
