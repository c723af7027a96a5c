import LessonKit
import Plot

extension Descent {
    public var narration: Narration {
        Narration(
            english: """
                Gradient descent looks for a minimum by walking downhill. At each step it measures the
                gradient and moves against it:

                    x ← x - lr · grad f(x)

                The learning rate lr sets the stride, and it is the choice that decides everything.
                For f = x0² + x1² the gradient is 2x, so each step multiplies x by (1 - 2·lr); for a
                term a·x0² the factor along x0 is (1 - 2·lr·a). With lr = 0.1 the factor is 0.8:
                100 steps from (33, 20) land within 1e-8 of the minimum at (0, 0).

                With 0.5 < lr < 1 the factor is negative but smaller than 1 in size: x jumps to the
                other side of the minimum at every step and still closes in (lr = 0.9: factor -0.8).
                With lr > 1 it is below -1: every jump lands further out than the last, and x
                diverges (lr = 1.01: factor -1.02; lr = 10: factor -19).

                Run long enough, doubles end that growth in one of two ways. Once |x| is so large that h = 1e-4 is
                less than half the gap between neighbouring doubles, x + h and x - h round back to
                x, the difference sees no change, the gradient is 0, and x freezes where it is. And
                if lr · grad overflows, x becomes inf and then nan. Too small an lr, 1e-10, and x
                hardly moves in 100 steps.

                lr is a hyperparameter: set by hand, not learned. The history output holds the point
                before each step; --trace prints every step, --plot draws the path over the contour
                lines of f, and the notes after the outputs say what this run did.
                """,
            chinese: """
                梯度下降沿着下坡方向一步步走，寻找函数的最小值。每一步先求梯度，再朝它的反方向移动：

                    x ← x - lr · grad f(x)

                学习率 lr 决定每一步迈多大，它几乎决定了一切。对 f = x0² + x1²，梯度是 2x，所以每一步都把
                x 乘以 (1 - 2·lr)；对 a·x0² 这样的项，沿 x0 方向的因子是 (1 - 2·lr·a)。lr = 0.1 时因子是
                0.8：从 (33, 20) 出发，100 步后离最小值 (0, 0) 不到 1e-8。

                当 0.5 < lr < 1 时，因子是负数，但绝对值小于 1：x 每一步都跳到最小值的另一侧，但仍然越来
                越近（lr = 0.9 时因子是 -0.8）。当 lr > 1 时，因子小于 -1：每一次跳跃都比上一次落得更远，
                x 发散（lr = 1.01 时因子是 -1.02；lr = 10 时是 -19）。

                只要步数够多，双精度浮点数会以两种方式结束这种增长。一是当 |x| 大到连 h = 1e-4 都不到相邻两个双精度数
                间隔的一半时，x + h 和 x - h 都会舍入回 x，差分测不出任何变化，梯度为 0，x 就停在原地不动。二是
                lr · grad 溢出时，x 变成 inf，随后变成 nan。lr 太小，比如 1e-10，走了 100 步 x 几乎没动。

                lr 是超参数：由人来设定，而不是学出来的。输出 history 记录了每一步之前的点；--trace 会列出
                每一步，--plot 会把路径画在 f 的等高线上，输出之后的说明会告诉你这次运行发生了什么。
                """)
    }

    /// A run's points stored flat, as its outputs hold them: point k is the
    /// `dimension` values from k·dimension. A million steps stay one array,
    /// and a point becomes an array of its own only when one is asked for.
    struct Points: RandomAccessCollection {
        let flat: [Double]
        let dimension: Int
        var startIndex: Int { 0 }
        var endIndex: Int { dimension == 0 ? 1 : flat.count / dimension }
        subscript(k: Int) -> [Double] { withPoint(k) { Array($0) } }
        /// Point k as a slice of the flat values, without copying it.
        func withPoint<R>(_ k: Int, _ body: (ArraySlice<Double>) -> R) -> R { body(flat[k * dimension..<(k + 1) * dimension]) }
    }

    /// The Euclidean length of each point, computed when asked for (a note
    /// quotes a few; only a figure draws them all). Scaled by the largest
    /// coordinate, so that |x| near 1e200 does not overflow.
    struct Norms: RandomAccessCollection {
        let points: Points
        var startIndex: Int { 0 }
        var endIndex: Int { points.count }
        subscript(k: Int) -> Double {
            points.withPoint(k) { point in
                var largest = 0.0
                for value in point { largest = Swift.max(largest, abs(value)) }
                guard largest > 0, largest.isFinite else { return point.contains { $0.isNaN } ? .nan : largest }
                var sum = 0.0
                for value in point { sum += (value / largest) * (value / largest) }
                return largest * sum.squareRoot()
            }
        }
    }

    /// What a run did, read from its outputs: where it stopped being finite,
    /// whether it went uphill, whether its steps reverse, where it froze.
    struct Behaviour {
        /// The point before each step, then the result: steps + 1 points.
        let points: Points
        /// Evaluates f at a point; nil when the run has no function that fits its points.
        let f: Expression.Evaluator?
        /// The Euclidean length of each point.
        let norms: Norms
        /// The first point with an inf or nan coordinate.
        let firstNonFinite: Int?
        /// f ended visibly higher than it started (see ``grew(from:to:)``), or
        /// x stopped being finite.
        let diverges: Bool
        /// Most steps reverse the one before (their dot product is negative).
        let oscillates: Bool
        /// Per coordinate, the second step divided by the first: for a term
        /// a·xi² this is 1 − 2·lr·a. Nil where the first step did not move it.
        let factors: [Double?]
        /// The first point from which x never changes again, when that is
        /// before the last one.
        let frozenFrom: Int?

        init(_ run: Run) {
            let x = run[Outputs.x].scalars
            points = Points(flat: run[Outputs.history].scalars + x, dimension: x.count)
            let points = self.points
            // f is evaluated only where the notes quote it (the first and last
            // points, the last finite one), not at each of a million points.
            if let function = run[Parameters.function], (function.highestVariable ?? -1) < points.dimension {
                f = Expression.Evaluator(function, count: points.dimension)
            } else {
                f = nil
            }
            norms = Norms(points: points)
            firstNonFinite = points.flat.firstIndex { !$0.isFinite }.map { $0 / max(points.dimension, 1) }
            // The first 52 moves are enough to tell an oscillation and its factors.
            let moves = zip(points.prefix(53), points.prefix(53).dropFirst()).map { a, b in zip(a, b).map { $1 - $0 } }
            let moving = zip(moves, moves.dropFirst()).prefix(50).filter { a, b in
                a.allSatisfy(\.isFinite) && b.allSatisfy(\.isFinite) && a.contains { $0 != 0 } && b.contains { $0 != 0 }
            }
            let reversals = moving.filter { a, b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } < 0 }.count
            oscillates = moving.count >= 2 && 2 * reversals >= moving.count
            factors =
                moves.count >= 2
                ? zip(moves[0], moves[1]).map { first, second in first != 0 && first.isFinite && second.isFinite ? second / first : nil }
                : []
            var frozen: Int?
            if let last = points.last, last.allSatisfy(\.isFinite) {
                var k = points.count - 1
                let d = points.dimension
                points.flat.withUnsafeBufferPointer { flat in
                    // Back from the end while point k - 1 equals the last one.
                    while k > 0, (0..<d).allSatisfy({ flat[(k - 1) * d + $0] == last[$0] }) { k -= 1 }
                }
                if k < points.count - 1 { frozen = k }
            }
            frozenFrom = frozen
            let (start, end) = (f?.value(at: points[0]) ?? .nan, f?.value(at: points[points.count - 1]) ?? .nan)
            diverges =
                firstNonFinite != nil || (start.isFinite && end.isFinite && Self.grew(from: start, to: end))
                || (start.isFinite && !end.isFinite)
        }

        /// `to` is above `from` by enough to show in the four digits a note
        /// quotes: a rise below that, such as rounding's drift while each
        /// jump is as long as the last (lr = 1 on x0² + x1²), is no divergence.
        static func grew(from: Double, to: Double) -> Bool { to > from && Figure.short(to) != Figure.short(from) }

        var steps: Int { points.count - 1 }

        /// f at point k.
        func value(_ k: Int) -> Double { f?.value(at: points[k]) ?? .nan }

        /// The length of the last move that changed x over that of the first.
        var lastStepRatio: Double {
            func length(_ k: Int) -> Double { zip(points[k], points[k + 1]).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }.squareRoot() }
            guard steps > 0 else { return 0 }
            let last = (frozenFrom ?? steps) - 1
            let first = length(0)
            return last >= 0 && first > 0 ? length(last) / first : 0
        }

        enum Bounce { case grows, holds, shrinks }

        /// Whether the jumps of an oscillation grow, hold (a factor within 1%
        /// of -1) or shrink, from the first two steps.
        var bounce: Bounce {
            let negative = factors.compactMap { $0 }.filter { $0 < 0 }
            if negative.contains(where: { $0 < -1.01 }) { return .grows }
            if negative.contains(where: { $0 <= -0.99 }) { return .holds }
            return .shrinks
        }

        /// The steps have shrunk to under a thousandth of the first: x is settling.
        var settling: Bool { lastStepRatio < 1e-3 }

        /// How long x's first step was.
        var firstStep: Double {
            guard points.count >= 2 else { return 0 }
            return zip(points[0], points[1]).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }.squareRoot()
        }

        /// Whether x's first step jumped across a valley: f halfway along it
        /// is visibly below f at both its ends (with lr = 1 on x0² + x1², 0
        /// against 1489), which a step down one side never is.
        var firstStepCrossedAValley: Bool {
            guard points.count >= 2 else { return false }
            let middle = zip(points[0], points[1]).map { ($0 + $1) / 2 }
            let (low, halfway) = (min(value(0), value(1)), f?.value(at: middle) ?? .nan)
            return halfway < low && Figure.short(halfway) != Figure.short(low)
        }

        /// How far x ended from where it started.
        var distance: Double {
            guard let first = points.first, let last = points.last else { return 0 }
            return zip(first, last).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }.squareRoot()
        }

        /// Why x stopped changing at `frozenFrom`, in words.
        func freezeCause(_ run: Run, language: Narration.Language) -> String? {
            guard let k = frozenFrom, let f = run[Parameters.function], let lr = run[Parameters.lr],
                let h = run[Parameters.h]
            else { return nil }
            let x = points[k]
            if lr == 0 { return Descent.phrasebook("lr is 0, so no step moves x", in: language) }
            let grad = f.gradient(at: x, h: h)
            let largest = x.indices.max { abs(x[$0]) < abs(x[$1]) } ?? 0
            let size = abs(x[largest])
            let gap = size.ulp
            let at = "x\(largest) = \(Figure.short(x[largest]))"
            if grad.allSatisfy({ $0 == 0 }) {
                if x.allSatisfy({ $0 + h == $0 && $0 - h == $0 }) {
                    return Descent.phrasebook(
                        "near {0} neighbouring doubles are {1} apart, so x + h and x - h (h = {2}) round back to x; f(x + h) - f(x - h) is 0, the gradient is 0, and x - lr·0 is x",
                        at, Figure.short(gap), Figure.short(h), in: language)
                }
                let fx = f(x)
                // The smallest slope a difference of two doubles near f(x) can show over 2h.
                let quantum = fx.ulp / (2 * abs(h))
                if quantum < 1e-6 {
                    return Descent.phrasebook("f(x + h) equals f(x - h) along every axis, so the gradient is exactly 0: x sits on a flat spot (a minimum, a maximum or a saddle)", in: language)
                }
                return Descent.phrasebook(
                    "near f(x) = {0} neighbouring doubles are {1} apart, so over 2h any slope below about {2} rounds to no change: f(x + h) equals f(x - h) along every axis and the gradient is exactly 0",
                    Figure.short(fx), Figure.short(fx.ulp), Figure.short(quantum), in: language)
            }
            let stride = grad.map { abs(lr * $0) }.max() ?? 0
            return Descent.phrasebook(
                "the step lr·grad (at most {0}) is less than half the gap between doubles near x ({1} at {2}), so x - lr·grad rounds back to x",
                Figure.short(stride), Figure.short(gap), at, in: language)
        }
    }

    /// Every step (a thinned selection past 40: the first and last ten, and
    /// around the step where x froze or stopped being finite): x, f(x), the
    /// gradient the step used and its length.
    public func trace(_ run: Run) -> Trace? {
        guard let f = run[Parameters.function], let h = run[Parameters.h] else { return nil }
        let b = Behaviour(run)
        let keep = [b.frozenFrom, b.firstNonFinite].compactMap { $0 }
        let shown = Trace.thinned(count: b.points.count, keep: keep)
        // A long point is summarised as NumPy summarises an array: its first and last three.
        func vector(_ v: [Double]) -> String {
            let shown = v.count > 6 ? v.prefix(3).map(NumPyFormat.pythonRepr) + ["..."] + v.suffix(3).map(NumPyFormat.pythonRepr) : v.map(NumPyFormat.pythonRepr)
            return "[" + shown.joined(separator: ", ") + "]"
        }
        var rows: [[String]] = []
        var previous = -1
        for k in shown {
            if k != previous + 1 { rows.append(Trace.gap) }
            previous = k
            let x = b.points[k]
            if k == b.steps {
                rows.append([String(k), vector(x), NumPyFormat.pythonRepr(b.value(k)), "(result)", ""])
                continue
            }
            let grad = f.gradient(at: x, h: h)
            let length = grad.reduce(0) { $0 + $1 * $1 }.squareRoot()
            rows.append([String(k), vector(x), NumPyFormat.pythonRepr(b.value(k)), vector(grad), NumPyFormat.pythonRepr(length)])
        }
        let left = b.points.count - shown.count
        return Trace(
            columns: ["step", "x", "f(x)", "grad f(x)", "|grad|"], rows: rows,
            note: left > 0 ? "\(left) of \(b.points.count) rows left out (…); --format json with --outputs history has every point" : nil)
    }
}

extension Descent {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "gradient descent to a minimum": "梯度下降，走向最小值",
            "Gradient descent on f = ": "梯度下降：f = ",
            "path of x, ": "x 的路径，",
            "a dot per step": "每步一个点",
            "a dot per ": "每 ",
            " steps": " 步",
            " step": " 步",
            ": start and end overlap at this scale": "：起点和终点在这个比例下重叠",
            "the notes say why": "原因见说明",
            "diverges": "发散",
            " in a zig-zag": "，呈锯齿状",
            ": f rises from ": "：f 从 ",
            ": |x| grows from ": "：|x| 从 ",
            ": x is inf or nan from step ": "：x 是 inf 或 nan，自步 ",
            "breaks down: f is not finite beside x at step ": "失效：f 在 x 旁边不是有限值，在步 ",
            ", so x is nan from step ": "，所以 x 是 nan，自步 ",
            " on": " 起",
            "oscillates without settling: x jumps across the minimum, each jump as long as the last": "振荡而不收敛：x 跨过最小值来回跳，每一跳都和上一跳一样长",
            "oscillates: x jumps across the minimum at every step": "振荡：x 每一步都跨过最小值",
            "x stops changing at step ": "x 停止变化于步 ",
            " (of ": "（共 ",
            "x never moves in ": "x 一直没有移动，共 ",
            "x moves only ": "x 只移动了 ",
            " in ": "，共 ",
            "frozen from step ": "冻结，自步 ",
            "last finite (step ": "最后的有限值（步 ",
            "the view shows the start": "视图显示起点",
            "x0 and x1 per step": "每步的 x0 和 x1",
            "x0 per step": "每步的 x0",
            "x1 per step": "每步的 x1",
            "|x| per step (log scale)": "每步的 |x|（对数刻度）",
            "|x| per step": "每步的 |x|",
            "start": "起点",
            "end": "终点",
            " rows left out (…); --format json with --outputs history has every point": " 行未显示（…）；--format json 加 --outputs history 有每个点",
            "(result)": "（结果）",
            "step ": "步 ",
            "step": "步",
            " to ": " 升到 ",
            "coordinate": "坐标",
        ])
    }
}
