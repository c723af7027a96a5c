import LessonKit
import Plot

extension Gradient {
    public var narration: Narration {
        Narration(
            english: """
                For a function of several variables, the gradient collects one partial derivative per
                variable into a vector. Each partial is the slope along one axis, with every other
                coordinate held still, so the gradient is a loop: for each i, nudge x[i] up and down
                by h, take the central difference, and put x[i] back.

                    grad[i] = (f(..., x[i] + h, ...) - f(..., x[i] - h, ...)) / (2h)

                The gradient points in the direction in which f rises fastest, and its length says how
                steep that rise is; the negative gradient points downhill, which is what the next
                lesson follows. For a function of x0 and x1, --plot draws the field of downhill
                arrows around the point; --trace shows f(x ± h) for each coordinate. The default
                x0² + 2·x0·x1 + x2² is exact for a central difference too (it is quadratic), so its
                14.000000000038426 differs from 14 by rounding alone.

                A trap in NumPy: np.array([3, 4, 5]) holds integers, so x[i] = 3 + 1e-4 stores 3 and
                x[i] = 3 - 1e-4 stores 2 (truncated). The loop then divides a whole step of f by 2h and
                returns array([65000, 30000, 45000]), not [14, 6, 10]. The point must be float:
                [3.0, 4.0, 5.0].
                """,
            chinese: """
                对多元函数来说，梯度就是把每个变量的偏导数排成一个向量。每个偏导数都是沿某一条坐标轴
                的斜率，其他坐标保持不动，所以求梯度就是一个循环：对每个 i，把 x[i] 分别加减 h，算中心
                差分，再把 x[i] 恢复原值。

                    grad[i] = (f(..., x[i] + h, ...) - f(..., x[i] - h, ...)) / (2h)

                梯度指向 f 增长最快的方向，它的长度表示上升有多陡；负梯度则指向下坡，下一课的梯度下降
                正是沿着它走。如果函数只有 x0 和 x1 两个变量，加上 --plot 可以看到该点周围一片指向下坡
                的箭头；--trace 会列出每个坐标上的 f(x ± h)。默认的 x0² + 2·x0·x1 + x2² 是二次函数，
                中心差分对它没有截断误差，所以 14.000000000038426 与 14 的差别完全来自舍入。

                NumPy 里有个陷阱：np.array([3, 4, 5]) 存的是整数，x[i] = 3 + 1e-4 存进去的是 3，
                x[i] = 3 - 1e-4 存进去的是 2（小数部分被截掉）。于是循环拿 f 走整整一步的差去除以 2h，
                返回 array([65000, 30000, 45000])，而不是 [14, 6, 10]。所以输入的点必须是浮点数：
                [3.0, 4.0, 5.0]。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        guard let point = run[Parameters.x]?.scalars, let h = run[Parameters.h] else { return [] }
        let grad = run[Outputs.gradient].scalars
        var notes: [String] = []
        if h == 0 {
            notes.append(
                Gradient.phrasebook("h = 0: x[i] ± h is x[i], so every difference is f(x) - f(x): 0 where f(x) is finite (inf - inf is nan where it is not), and every partial is that over 2h = 0, which is nan.", in: language))
            return notes
        }
        let absorbed = point.indices.filter { point[$0] + h == point[$0] && point[$0] - h == point[$0] }
        if !absorbed.isEmpty {
            let names = Narration.listed(absorbed.map { "x\($0)" }, in: language)
            notes.append(
                Gradient.phrasebook("h = {0} is less than half the gap between doubles at {1}: x[i] ± h rounds back to x[i], so that partial is 0 whatever f does.", Figure.short(h), names, in: language))
        }
        guard grad.allSatisfy(\.isFinite) else {
            notes.append(Gradient.phrasebook("Some partials are not finite: f is not finite beside x.", in: language))
            return notes
        }
        let length = grad.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if length == 0 {
            notes.append(
                Gradient.phrasebook("The gradient is 0: x is a flat spot (a minimum, a maximum or a saddle) as far as h can see.", in: language))
        } else {
            let direction = Narration.listed(grad, in: language, enclosed: true) { Figure.short($0 / length) }
            notes.append(
                Gradient.phrasebook("|grad f| = {0}: f rises fastest along ({1}), at {0} per unit step, and falls fastest the opposite way.", Figure.short(length), direction, in: language))
        }
        return notes
    }

    /// One row per coordinate: f with x[i] moved up and down by h, the
    /// difference, and the partial; past 40 coordinates the first and last
    /// ten, so that a trace of n coordinates evaluates f at most 40 times
    /// (each O(n)), not 2n times.
    public func trace(_ run: Run) -> Trace? {
        guard let f = run[Parameters.function], let point = run[Parameters.x]?.scalars,
            let h = run[Parameters.h]
        else { return nil }
        let grad = run[Outputs.gradient].scalars
        var rows: [[String]] = []
        let evaluator = Expression.Evaluator(f, count: point.count)
        var x = point
        let shown = Trace.thinned(count: point.count)
        var previous = -1
        for i in shown {
            if i != previous + 1 { rows.append(Trace.gap) }
            previous = i
            x[i] = point[i] + h
            let up = evaluator.value(at: x)
            x[i] = point[i] - h
            let down = evaluator.value(at: x)
            x[i] = point[i]
            rows.append(
                [
                    "x\(i)", NumPyFormat.pythonRepr(point[i]), NumPyFormat.pythonRepr(up), NumPyFormat.pythonRepr(down),
                    NumPyFormat.pythonRepr(up - down), NumPyFormat.pythonRepr(grad[i]),
                ])
        }
        let left = point.count - shown.count
        return Trace(
            columns: ["i", "x[i]", "f(x[i] + h)", "f(x[i] - h)", "difference", "grad[i] = difference / 2h"], rows: rows,
            note: left > 0 ? "\(left) of \(point.count) coordinates left out (…); the output gradient has every one" : nil)
    }
}

extension Gradient {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "numerical gradient, one coordinate at a time": "数值梯度，一次一个坐标",
            "The negative gradient of f = ": "f 的负梯度：f = ",
            "-grad f, length ∝ |grad f| (dots: too short to draw)": "-grad f，长度 ∝ |grad f|（圆点：太短无法画出）",
            "at x = (": "在 x = (",
            "contours of f": "f 的等高线",
            "minimum downhill from x": "从 x 下坡到达的最小值",
            "the gradient at x is not finite: there is no arrow to draw there": "x 处的梯度不是有限值：那里没有箭头可画",
            "the red arrow is drawn ": "红色箭头画成场中比例的 ",
            "× longer than the field's scale, to show its direction": " 倍长，以便看清方向",
            " coordinates left out (…); the output gradient has every one": " 个坐标（…）；输出的 gradient 包含全部",
            "grad[i] = difference / 2h": "grad[i] = 差 / 2h",
            "difference": "差",
        ])
    }
}
