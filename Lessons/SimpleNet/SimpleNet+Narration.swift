import NumPyMath
import LessonKit
import Plot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SimpleNet {
    public var narration: Narration {
        Narration(
            english: """
                The smallest network there is: one layer of weights w (2×3), no bias. An input x
                (1×2) becomes three scores a = x · w, softmax turns the scores into probabilities y,
                and cross-entropy measures how far y is from the target t:

                    y = exp(a - max(a)) / sum(exp(a - max(a)))
                    loss = -sum(t · log(y + 1e-7))

                Why subtract max(a)? exp(1000) is already inf in a double, and inf / inf is nan.
                Subtracting the same number from every score leaves softmax unchanged, and the largest
                score becomes 0, so no exp exceeds exp(0) = 1.

                Why add 1e-7? A probability can underflow to exactly 0, and log(0) is -inf. Where that
                class's target is above 0 the loss would be +inf; where it is 0, the term is
                0 · -inf = nan, and the whole loss is nan. With 1e-7 inside the log no term can exceed
                -log(1e-7) ≈ 16.12 times its target, and for y well above 1e-7 the change is tiny.

                The default t = [0.5, 0.6, 0.7], from the notebook, sums to 1.8: it is not a
                probability distribution, so this loss is not a cross-entropy between two
                distributions, and it is smallest at y = t / 1.8, not at y = t. A one-hot t such as
                --set t=0,0,1 is what a classifier is trained with.

                The notebook drew w and x without a seed, so its numbers cannot be repeated; here they
                come from np.random.seed (0 unless --seed says otherwise), w first and then x.
                """,
            chinese: """
                这是最小的神经网络：只有一层权重 w（2×3），没有偏置。输入 x（1×2）经过 a = x · w 得到
                三个得分，softmax 把得分变成概率 y，交叉熵再衡量 y 与目标 t 相差多远：

                    y = exp(a - max(a)) / sum(exp(a - max(a)))
                    loss = -sum(t · log(y + 1e-7))

                为什么要减去 max(a)？在双精度里 exp(1000) 已经是 inf，而 inf / inf 是 nan。每个得分都减去
                同一个数，softmax 的结果不变，而最大的得分变成 0，所以每一项 exp 都不超过 exp(0) = 1。

                为什么要加 1e-7？概率可能下溢成恰好为 0，而 log(0) 是 -inf。如果这一类的目标值大于 0，
                损失就会是 +inf；如果目标值是 0，这一项就是 0 · -inf = nan，整个损失变成 nan。在 log 里
                加上 1e-7 后，每一项最多是目标值的 -log(1e-7) ≈ 16.12 倍；y 远大于 1e-7 时，影响微乎其微。

                笔记本里默认的 t = [0.5, 0.6, 0.7] 加起来是 1.8：它不是概率分布，所以这个损失不是两个分布
                之间的交叉熵，它的最小值出现在 y = t / 1.8，而不是 y = t。训练分类器用的是 one-hot 目标，
                例如 --set t=0,0,1。

                笔记本里的 w 和 x 是不设种子随机生成的，数值无法复现；这里用 np.random.seed 生成（默认
                种子 0，可用 --seed 修改），先生成 w，再生成 x。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        guard let t = run[Parameters.t]?.scalars else { return [] }
        let y = run[Outputs.y].scalars
        let loss = run[Outputs.loss].scalar
        var notes: [String] = []
        let total = NumPy.sum(t)
        // Only a target like a distribution (no negative entry, a positive sum)
        // has a loss that is smallest at y = t / sum and a class it weighs most.
        let distributionLike = t.allSatisfy { $0 >= 0 } && total > 0 && total.isFinite
        let finite = y.allSatisfy(\.isFinite)
        if let negative = t.first(where: { $0 < 0 }) {
            notes.append(
                SimpleNet.phrasebook("t has a negative entry ({0}): it is not a probability distribution, and the loss can even go below 0.", Figure.short(negative), in: language))
        } else if total == 0 {
            notes.append(
                finite
                    ? SimpleNet.phrasebook("t is all 0: it is not a probability distribution, and every term t · log(y + 1e-7) is 0, so the loss is 0 whatever y is.", in: language)
                    : SimpleNet.phrasebook("t is all 0: it is not a probability distribution, and every term t · log(y + 1e-7) is 0.", in: language))
        } else if distributionLike && abs(total - 1) > 1e-9 {
            notes.append(
                SimpleNet.phrasebook("t sums to {0}, not 1: it is not a probability distribution, so the loss is smallest at y = t / {0}, not at y = t.", Figure.short(total), in: language))
        }
        guard finite else {
            notes.append(SimpleNet.phrasebook("y is not finite: the scores a = x · w are not finite.", in: language))
            return notes
        }
        let top = y.indices.max { y[$0] < y[$1] }!
        let first =
            SimpleNet.phrasebook("The network gives class {0} the highest probability ({1})", top, Figure.short(y[top]), in: language)
        if distributionLike {
            let largest = NumPy.max(t)
            let wanted = t.indices.filter { t[$0] == largest }
            let agree = wanted.contains(top)
            if wanted.count == 1 {
                notes.append(
                    agree
                        ? SimpleNet.phrasebook("{0}; t weighs class {1} most, so they agree.", first, wanted[0], in: language)
                        : SimpleNet.phrasebook("{0}; t weighs class {1} most, so they disagree.", first, wanted[0], in: language))
            } else if wanted.count < t.count {
                let classes = wanted.map(String.init)
                notes.append(
                    agree
                        ? SimpleNet.phrasebook("{0}; t weighs classes {1} and {2} most, equally, so they agree.", first, classes.dropLast().joined(separator: ", "), classes.last!, classes.joined(separator: "、"), in: language)
                        : SimpleNet.phrasebook("{0}; t weighs classes {1} and {2} most, equally, so they disagree.", first, classes.dropLast().joined(separator: ", "), classes.last!, classes.joined(separator: "、"), in: language))
            } else {
                notes.append(SimpleNet.phrasebook("{0}; t weighs every class alike.", first, in: language))
            }
        } else {
            notes.append(first + (SimpleNet.phrasebook(".", in: language)))
        }
        for i in y.indices where y[i] < 1e-6 && t[i] != 0 {
            notes.append(
                SimpleNet.phrasebook("y[{0}] = {1} is below 1e-6: log(y + 1e-7) is about {2}, set largely by the 1e-7, and this class adds {3} of the loss {4}.", i, Figure.short(y[i]), Figure.short(log(y[i] + 1e-7)), Figure.short(-t[i] * log(y[i] + 1e-7)), Figure.short(loss), in: language)
            )
        }
        return notes
    }

    /// One row per class: the score, exp of the shifted score, y, t and the
    /// class's term of the loss; then their sums.
    public func trace(_ run: Run) -> Trace? {
        guard let t = run[Parameters.t]?.scalars else { return nil }
        let numpy = NumPyFunctions(run.arithmetic)
        let a = Self.dot(run[Outputs.x], run[Outputs.w], order: run.arithmetic.products)
        let c = NumPy.max(a)
        let shifted = a.map { numpy.exp($0 - c) }
        let y = run[Outputs.y].scalars
        let terms = zip(t, y).map { ti, yi in ti * numpy.log(yi + 1e-7) }
        let r = NumPyFormat.pythonRepr
        var rows = a.indices.map { i in [String(i), r(a[i]), r(shifted[i]), r(y[i]), r(t[i]), r(terms[i])] }
        rows.append(["sum", "", r(NumPy.sum(shifted)), r(NumPy.sum(y)), r(NumPy.sum(t)), r(NumPy.sum(terms))])
        return Trace(
            columns: ["class", "a = x · w", "exp(a - max a)", "y", "t", "t · log(y + 1e-7)"], rows: rows,
            note: "loss = -(sum of the last column) = \(r(run[Outputs.loss].scalar))")
    }
}

extension SimpleNet {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "a one-layer softmax network and its cross-entropy loss": "单层 softmax 网络及其交叉熵损失",
            "probability / target": "概率 / 目标",
            "t, the target": "t，目标",
            "t has a negative entry: not a distribution (the loss can go below 0)": "t 有负的分量：不是概率分布（损失可能小于 0）",
            "t is all 0: not a distribution, and the loss is 0 whatever y is": "t 全为 0：不是概率分布，不论 y 是多少损失都是 0",
            "t sums to ": "t 的和是 ",
            ", not 1: not a distribution (the loss is smallest at y = t / ": "，不是 1：不是概率分布（最小损失在 y = t / ",
            "y is not finite: the weights or input overflow exp": "y 不是有限值：权重或输入让 exp 溢出",
            "loss = -(sum of the last column) = ": "loss = -(最后一列之和) = ",
            "class ": "类别 ",
            "class": "类别",
            "sum": "和",
        ])
    }
}
