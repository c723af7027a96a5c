import LessonKit
import NeuralNet
import NumPyMath
import Plot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Layers {
    public var narration: Narration {
        Narration(
            english: """
                A layer is a node of the graph with a forward and a backward pass. Forward, it turns
                x into out and remembers what it will need; backward, it receives dout, the gradient
                of the final result by its out, and returns dx, the gradient by its x. Chaining the
                layers chains the derivatives:

                    Relu:             out = x where x > 0, else 0    dx = dout where x > 0, else 0
                    Sigmoid:          out = 1 / (1 + exp(-x))         dx = dout · (1 - out) · out
                    Affine:           out = x · W + b                 dx = dout · Wᵀ, dW = xᵀ · dout,
                                                                      db = dout summed over the rows
                    SoftmaxWithLoss:  loss = cross-entropy of softmax(x) with t,   dx = (y - t) / N

                Relu's mask is its memory: where x was at most 0, nothing passes back. Sigmoid keeps
                its out, because its derivative is out · (1 - out). Affine's dx and dW are products
                with the other operand transposed, the matrix form of the multiply node swapping its
                inputs. Softmax with cross-entropy comes back as y - t because -log of softmax is
                -x_label + log Σ exp(x), whose derivative by x_k is y_k - t_k.

                Each backward is checked against its own numerical gradient, the gradient of
                L(x) = sum(out · dout) (of the loss itself for SoftmaxWithLoss) by the book's
                central difference with h = 1e-4. What the two may differ by depends on the layer:
                Affine is linear, so only rounding is left; Sigmoid adds the central difference's h²
                term; Relu is exact but at its kink, where a nudge of h crosses 0; and the loss's log
                holds delta = 1e-7, which (y - t) / N leaves out, so there the difference is mostly
                delta (--set delta=0 removes it).
                """,
            chinese: """
                层就是计算图上的一个节点，有正向和反向两步。正向时，它把 x 变成 out，并记下反向要用的
                东西；反向时，它接过 dout（最终结果对其 out 的梯度），返回 dx（对其 x 的梯度）。把层串
                起来，导数也就串了起来：

                    Relu：             x > 0 处 out = x，其余为 0       x > 0 处 dx = dout，其余为 0
                    Sigmoid：          out = 1 / (1 + exp(-x))         dx = dout · (1 - out) · out
                    Affine：           out = x · W + b                 dx = dout · Wᵀ，dW = xᵀ · dout，
                                                                      db = dout 各行之和
                    SoftmaxWithLoss：  loss = softmax(x) 与 t 的交叉熵，  dx = (y - t) / N

                Relu 的掩码就是它的记忆：x 不大于 0 的地方，什么也不传回。Sigmoid 记下 out，因为它的导数
                是 out · (1 - out)。Affine 的 dx 和 dW 都是与另一个操作数的转置相乘，这就是乘法节点交换
                输入的矩阵形式。softmax 接交叉熵的反向是 y - t，因为 softmax 的 -log 等于
                -x_label + log Σ exp(x)，它对 x_k 的导数就是 y_k - t_k。

                每个反向都与它自己的数值梯度对照：对 L(x) = sum(out · dout)（SoftmaxWithLoss 则是损失本身）
                用书中 h = 1e-4 的中心差分求梯度。两者可以相差多少取决于层：Affine 是线性的，只剩舍入误差；
                Sigmoid 还有中心差分的 h² 项；Relu 本来是精确的，只有在折点附近，挪动 h 会跨过 0；损失的
                log 里有 delta = 1e-7，而 (y - t) / N 不含它，所以那里的差值主要就是 delta（加上
                --set delta=0 即可去掉）。
                """)
    }

    /// For each check, where its difference comes from and how large that
    /// source makes it, computed from the run's draws:
    /// - rounding: ε · Σ|terms of L| / h, the size of a few roundings in
    ///   each of the two sums, divided by 2h (ε = 2⁻⁵²); for Affine the
    ///   terms are |dout| · (Σ|x · W| + |b|), the products' own size;
    /// - Sigmoid's h² term: mean of |h²/6 · σ'''(x) · dout|, with
    ///   σ''' = σ(1 - σ)(1 - 6σ + 6σ²), the leading error of a central difference;
    /// - Relu's kink: how many inputs lie within h of 0;
    /// - SoftmaxWithLoss's δ: the mean of |δ / (y_label + δ) · (onehot - y) / N|,
    ///   the gradient of -log(y + δ) minus that of -log y, plus the h² term of
///   log Σ exp, mean of |h²/6 · y_k (1 - y_k)(1 - 2 y_k)| / N.
    struct Sources {
        var estimate: [Double]
        var nearKink: Int
        var deltaShare: Double?
    }

    static func sources(_ run: Run) -> Sources? {
        guard let draws = draws(run) else { return nil }
        let h = 1e-4
        let epsilon = 0x1p-52
        let (x, dout, W, b, doutAffine) = (draws.x, draws.dout, draws.W, draws.b, draws.doutAffine)
        let numpy = NumPyFunctions(run.arithmetic)
        func rounding(_ terms: [Double]) -> Double { epsilon * terms.map(abs).reduce(0, +) / h }
        let relu = rounding(zip(x.scalars, dout.scalars).map { Network.relu($0) * $1 })
        let sigmoidValues = x.scalars.map(numpy.sigmoid)
        let sigmoidRounding = rounding(zip(sigmoidValues, dout.scalars).map { $0 * $1 })
        let third = zip(sigmoidValues, dout.scalars).map { s, d in abs(h * h / 6 * s * (1 - s) * (1 - 6 * s + 6 * s * s) * d) }
        let sigmoid = third.reduce(0, +) / Double(max(third.count, 1)) + sigmoidRounding
        var affineTerms: [Double] = []
        for r in 0..<x.rows {
            for j in 0..<W.columns {
                let size = (0..<x.columns).map { abs(x[r, $0] * W[$0, j]) }.reduce(0, +) + abs(b[j])
                affineTerms.append(abs(doutAffine[r, j]) * size)
            }
        }
        let affine = rounding(affineTerms)
        let nearKink = x.scalars.filter { abs($0) < h }.count
        var deltaShare: Double?
        let delta = run[Parameters.delta] ?? 1e-7
        let loss = run[Outputs.loss].scalar
        let scores = run[Outputs.affine_out]
        let y = numpy.softmaxRows(Matrix(rows: scores.shape[0], columns: scores.shape[1], scalars: scores.scalars))
        let n = Double(draws.t.rows)
        // The h² term of log Σ exp: its third derivative along x_k is y_k (1 - y_k)(1 - 2 y_k), per row over N.
        let softmaxThird = y.scalars.map { abs(h * h / 6 * $0 * (1 - $0) * (1 - 2 * $0) / n) }
        var softmax = epsilon * abs(loss) / h + softmaxThird.reduce(0, +) / Double(max(softmaxThird.count, 1))
        if delta != 0 {
            var total = 0.0
            for r in 0..<draws.t.rows {
                let row = (0..<draws.t.columns).map { y[r, $0] }
                let label = (0..<draws.t.columns).first { draws.t[r, $0] == 1 } ?? 0
                let factor = delta / (row[label] + delta)
                for k in row.indices { total += abs(factor * ((k == label ? 1 : 0) - row[k]) / n) }
            }
            deltaShare = total / Double(y.scalars.count)
            softmax += deltaShare!
        }
        return Sources(estimate: [relu, sigmoid, affine, affine, affine, softmax], nearKink: nearKink, deltaShare: deltaShare)
    }

    static let causes = ["rounding", "h² term + rounding", "rounding (linear)", "rounding (linear)", "rounding (linear)", "delta + h² term"]

    /// Per check: the difference, its source and the size that source gives.
    public func summary(_ run: Run, language: Narration.Language) -> Trace? {
        let difference = run[Outputs.difference].scalars
        guard let sources = Self.sources(run) else { return nil }
        let rows = Self.checked.enumerated().map { index, check in
            var cause = Self.causes[index]
            if index == 0 && sources.nearKink > 0 { cause = "kink: \(sources.nearKink) within h of 0" }
            if index == 5 && sources.deltaShare == nil { cause = "h² term (delta = 0)" }
            return [check.name, Figure.short(difference[index]), cause, Figure.short(sources.estimate[index])]
        }
        return Trace(
            columns: ["backward", "difference", "comes from", "expected size"], rows: rows,
            note: "difference = mean |backprop − numerical|; expected size = what that source alone gives")
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let difference = run[Outputs.difference].scalars
        guard let sources = Self.sources(run) else { return [] }
        var notes: [String] = []
        // Within 100 × the estimate: the rounding estimate counts a few roundings per sum, and a
        // sum of n terms can round up to n times; a wrong backward misses by the gradient's own size.
        let over = Self.checked.indices.filter { index in
            !(difference[index] <= 100 * sources.estimate[index]) && !(index == 0 && sources.nearKink > 0)
        }
        if difference.contains(where: { !$0.isFinite }) {
            notes.append(Layers.phrasebook("No check is possible: some gradient is not finite.", in: language))
        } else if over.isEmpty {
            let listed = zip(Self.checked, difference).map { "\($0.name) \(Figure.short($1))" }.joined(separator: ", ")
            notes.append(
                Layers.phrasebook("Every backward agrees with its numerical gradient within what h, delta and rounding explain (mean |difference|: {0}).", listed, in: language))
        } else {
            let listed = over.map { "\(Self.checked[$0].name) \(Figure.short(difference[$0])) against \(Figure.short(sources.estimate[$0]))" }
                .joined(separator: ", ")
            notes.append(
                Layers.phrasebook("Suspicious: {0} — more than 100 times what h, delta and rounding explain.", listed, in: language))
        }
        if sources.nearKink > 0 {
            notes.append(
                Layers.phrasebook("{0} input{1} within h = 1e-4 of Relu's kink at 0: there x + h and x - h fall on different sides, so the numerical gradient averages the two slopes, while backprop takes the slope at x. That part of Relu's difference is the numerical side's limit.", sources.nearKink, sources.nearKink == 1 ? " lies" : "s lie", in: language))
        }
        if let share = sources.deltaShare {
            notes.append(
                Layers.phrasebook("SoftmaxWithLoss differs by {0}, and the delta inside the log alone accounts for {1}: (y − t) / N is the gradient of −log y, while the loss as written is −log(y + delta). --set delta=0 makes both sides differentiate one loss.", Figure.short(difference[5]), Figure.short(share), in: language))
        }
        let inputs = run[Outputs.relu_dx].count
        notes.append(
            Layers.phrasebook("Backprop got each dx in one pass; the numerical gradients took {0} forward passes, two per nudged value.", 2 * (3 * inputs + run[Outputs.affine_dW].count + run[Outputs.affine_db].count + run[Outputs.softmax_dx].count), in: language))
        return notes
    }

    /// Per check: its values side by side.
    public func trace(_ run: Run) -> Trace? {
        var rows: [[String]] = []
        for (name, backprop, numerical) in Self.checked {
            for (index, (a, b)) in zip(run[backprop].scalars, run[numerical].scalars).enumerated() {
                rows.append([index == 0 ? name : "", String(index), NumPyFormat.pythonRepr(a), NumPyFormat.pythonRepr(b), Figure.short(abs(a - b))])
            }
        }
        return Trace(columns: ["backward", "element", "backprop", "numerical", "|difference|"], rows: rows)
    }

    /// Each check's difference as a bar on a log scale, beside the size its
    /// source explains.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let difference = run[Outputs.difference].scalars
        guard let sources = Self.sources(run) else { throw .cannotDraw(lesson: id, reason: "the run's draws cannot be repeated") }
        let shown = (difference + sources.estimate).filter { $0 > 0 && $0.isFinite }
        guard let low = shown.min(), let high = shown.max() else {
            throw .cannotDraw(lesson: id, reason: "no difference is positive and finite, so nothing goes on a log scale")
        }
        var figure = Figure(
            title: "each layer's backward against its numerical gradient", xLabel: "", yLabel: "mean |backprop − numerical|",
            xRange: -0.6...(Double(difference.count) - 0.4), yRange: (low / 4)...(high * 4))
        figure.logY = true
        figure.xTicks = Self.checked.enumerated().map { (Double($0), $1.name == "SoftmaxWithLoss dx" ? "Softmax dx" : $1.name) }
        let barColor = "#4c72b0"
        let estimateColor = "#dd8452"
        for (index, value) in difference.enumerated() where value > 0 && value.isFinite {
            figure.elements.append(.bar(x: Double(index), width: 0.5, height: value, fill: barColor))
        }
        figure.elements.append(
            .markers(sources.estimate.enumerated().map { Figure.Point(Double($0), $1) }, Figure.Style(estimateColor), radius: 4))
        figure.legend = [
            ("mean |difference|", Figure.Style(barColor, width: 8)),
            ("what h, delta and rounding explain", Figure.Style(estimateColor, width: 4)),
        ]
        let zero = Self.checked.indices.filter { difference[$0] == 0 }.map { Self.checked[$0].name }
        var small: [String] = []
        if sources.nearKink > 0 { small.append("\(sources.nearKink) Relu input(s) within h of the kink") }
        if !zero.isEmpty { small.append("0 (not drawn): " + zero.joined(separator: ", ")) }
        figure.note = small.isEmpty ? nil : small.joined(separator: "; ")
        return figure
    }

    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "the layers of chapter 5, forward and backward, each checked numerically": "第 5 章的各层：正向、反向，并逐一用数值方法检验",
            "common/layers.py, chapter 5": "common/layers.py，第 5 章",
            "each layer's backward against its numerical gradient": "每层的反向与其数值梯度对照",
            "mean |backprop − numerical|": "|反向传播 − 数值| 的平均",
            "mean |difference|": "|差| 的平均",
            "what h, delta and rounding explain": "h、delta 和舍入所能解释的大小",
            " Relu input(s) within h of the kink": " 个 Relu 输入离折点不到 h",
            "0 (not drawn): ": "为 0（未画出）：",
            "backward": "反向",
            "difference": "差",
            "comes from": "来源",
            "expected size": "预计大小",
            "rounding (linear)": "舍入（线性）",
            "h² term + rounding": "h² 项 + 舍入",
            "delta + h² term": "delta + h² 项",
            "h² term (delta = 0)": "h² 项（delta = 0）",
            "rounding": "舍入",
            "kink: ": "折点：",
            " within h of 0": " 个离 0 不到 h",
            "difference = mean |backprop − numerical|; expected size = what that source alone gives": "差 = |反向传播 − 数值| 的平均；预计大小 = 该来源单独造成的大小",
            "element": "元素",
            "backprop": "反向传播",
            "numerical": "数值",
            "|difference|": "|差|",
        ])
    }
}
