import LessonKit
import Plot

extension OptimizerCompare {
    public var narration: Narration {
        Narration(
            english: """
                Four ways to step downhill on f(x, y) = x²/20 + y², a valley twenty times steeper
                across (y) than along (x), from (-7, 2) to the minimum at (0, 0).

                SGD steps against the gradient, lr · g: on this valley it zig-zags across y while
                it crawls along x, since one rate cannot suit both slopes. Momentum keeps a
                velocity, v = 0.9 · v - lr · g, so steps along x build up and the zig-zags across y
                cancel. AdaGrad divides each coordinate's step by the root of its summed squared
                gradients: the steep y direction is damped at once. Adam keeps a running mean of
                the gradient and of its square, corrected for starting at zero, and divides one by
                the root of the other.

                Each output is one optimizer's path: the point before each of the 30 updates.
            """,
            chinese: """
                在 f(x, y) = x²/20 + y² 上往下走的四种方法。这个山谷横向（y）比纵向（x）陡二十倍，
                起点是 (-7, 2)，最小值在 (0, 0)。

                SGD 逆着梯度走 lr · g：在这个山谷里它在 y 方向来回折返，在 x 方向却爬得很慢，因为
                一个学习率无法同时适合两个坡度。Momentum 保留一个速度 v = 0.9 · v - lr · g，于是沿 x
                的步子越积越大，而横跨 y 的折返互相抵消。AdaGrad 把每个坐标的步长除以该坐标梯度平方
                累加和的平方根：陡峭的 y 方向立刻被压住。Adam 同时保留梯度及其平方的滑动平均，并修正
                从零开始的偏差，再用前者除以后者的平方根。

                每个输出是一个优化器的路径：30 次更新中每次更新之前的点。
            """)
    }

    /// The optimizers side by side: each path's last point and f there.
    public func summary(_ run: Run, language: Narration.Language) -> Trace? {
        let rows = Self.named.map { name, key -> [String] in
            let path = run[key].scalars
            let (x, y) = (path[path.count - 2], path[path.count - 1])
            return [name, NumPyFormat.pythonRepr(x), NumPyFormat.pythonRepr(y), NumPyFormat.pythonRepr(Self.f(x, y))]
        }
        return Trace(columns: ["optimizer", "last x", "last y", "f(last)"], rows: rows, note: "the last point of each path, before its last update")
    }

    static let named = [("SGD", Outputs.sgd), ("Momentum", Outputs.momentum), ("AdaGrad", Outputs.adagrad), ("Adam", Outputs.adam)]

    /// Where each path ended and how near the minimum that is.
    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let ends = Self.named.map { name, key -> (String, Double) in
            let path = run[key].scalars
            let (x, y) = (path[path.count - 2], path[path.count - 1])
            return (name, Self.f(x, y))
        }
        guard let best = ends.filter({ $0.1.isFinite }).min(by: { $0.1 < $1.1 }) else {
            return [OptimizerCompare.phrasebook("Every path left the doubles' range: the rates are too large.", in: language)]
        }
        let listed = ends.map { "\($0.0) \(Figure.short($0.1))" }.joined(separator: ", ")
        return [
            OptimizerCompare.phrasebook("f at each path's last point: {0}. {1} is lowest; the minimum is f(0, 0) = 0.", listed, best.0, in: language)
        ]
    }

    /// The title and figure phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "SGD, Momentum, AdaGrad and Adam on x²/20 + y²": "SGD、Momentum、AdaGrad 和 Adam 在 x²/20 + y² 上",
            "the book's optimizer_compare_naive, chapter 6": "书中的 optimizer_compare_naive，第 6 章",
            "Four optimizers on f = x²/20 + y², from ": "四个优化器在 f = x²/20 + y² 上，起点 ",
            "contours of f": "f 的等高线",
            "the minimum": "最小值",
            "the last point of each path, before its last update": "每条路径的最后一点（最后一次更新之前）",
            "optimizer": "优化器", "last x": "最后的 x", "last y": "最后的 y", "f(last)": "f(最后一点)",
        ])
    }
}
