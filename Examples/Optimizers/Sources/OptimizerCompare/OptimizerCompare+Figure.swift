import LessonKit
import Plot

extension OptimizerCompare {
    /// The four paths over the contours of f, in one view that holds them
    /// all and the minimum, both axes to one scale (so the valley's shape is
    /// its true shape).
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let named = [
            ("SGD", Outputs.sgd, "#d62728"), ("Momentum", Outputs.momentum, "#1f77b4"), ("AdaGrad", Outputs.adagrad, "#2ca02c"),
            ("Adam", Outputs.adam, "#9467bd"),
        ]
        let paths = named.map { name, key, color in
            (name, color, stride(from: 0, to: run[key].count, by: 2).map { Figure.Point(run[key].scalars[$0], run[key].scalars[$0 + 1]) })
        }
        let points = paths.flatMap(\.2).filter { $0.isFinite && abs($0.x) < 1e6 && abs($0.y) < 1e6 } + [Figure.Point(0, 0)]
        guard points.count > 1 else { throw .cannotDraw(lesson: id, reason: "the paths leave the range a figure can show") }
        let xr = Figure.range(of: points.map(\.x), pad: 0.1)
        let yr = Figure.range(of: points.map(\.y), pad: 0.1)
        let start = paths[0].2.first.map { "(\(Figure.short($0.x)), \(Figure.short($0.y)))" } ?? ""
        var figure = Figure(title: "Four optimizers on f = x²/20 + y², from \(start)", xLabel: "x", yLabel: "y", xRange: xr, yRange: yr)
        figure.equalizeAspect()
        let contour = Figure.Style("#c8c8d2", width: 1)
        let levels = Contours.levels(of: Self.f, x: figure.xRange, y: figure.yRange, count: 10)
        figure.elements.append(
            .segments(Contours.segments(of: Self.f, x: figure.xRange, y: figure.yRange, levels: levels).map { ($0.from, $0.to) }, contour))
        for (name, color, path) in paths {
            figure.elements.append(.line(path, Figure.Style(color, width: 1.6)))
            figure.elements.append(.markers(path, Figure.Style(color), radius: 2.5))
            figure.legend.append((name, Figure.Style(color, width: 3)))
        }
        figure.elements.append(.markers([Figure.Point(0, 0)], Figure.Style("#000000"), radius: 4))
        figure.elements.append(.label("the minimum", at: Figure.Point(0, 0), awayFrom: nil, color: "#000000"))
        figure.legend.append(("contours of f", contour))
        return figure
    }
}
