import LessonKit
import NumPyMath
import Plot

/// A gradient of W1 drawn as the images it lives on: for the first hidden
/// units, each unit's column of 784 weights as a 28×28 picture, the
/// backprop row over the numerical one, so that the two look alike when
/// backprop is right.
package enum WeightImages {
    package static func figure(_ backprop: Tensor, _ numerical: Tensor, title: String) -> Figure {
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
                figure.elements += image(column, scale: scale, at: (Double(unit) * cell + 1, Double(row) * cell + 1))
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
}

/// The diverging shades of the lessons' figures: blue below 0, red above.
package enum SimpleShade {
    package static func color(_ t: Double) -> String {
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
