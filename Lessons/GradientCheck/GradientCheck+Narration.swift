import LessonKit
import NeuralNet
import NumPyMath
import Plot

extension GradientCheck {
    public var narration: Narration {
        Narration(
            english: """
                Chapter 5 builds the two-layer network from layers, each with a forward and a backward
                pass: Affine (x · W + b), Relu, Affine, and SoftmaxWithLoss. Backward runs the layers in
                reverse; each takes the gradient of the loss by its output (dout) and hands the
                gradient by its input to the layer before it. That is the chain rule, one layer at a
                time:

                    SoftmaxWithLoss:  dx = (y - t) / batch
                    Affine:           dx = dout · Wᵀ,  dW = xᵀ · dout,  db = sum of dout's rows
                    Relu:             dx = dout where x > 0, else 0

                Softmax followed by cross-entropy has so simple a gradient because the log undoes the
                exp: the derivative of -log y_label by score k is y_k - t_k. Relu's backward is a
                switch: a unit that was off in the forward pass passes nothing back.

                The check is the book's gradient_check.py: the first 3 training images, backprop
                against the numerical gradient (each of the 39 760 weights nudged by ±h = 1e-4), and
                the mean |difference| per parameter. As in two-layer-net, most of the difference is
                the 1e-7 inside the loss's log, which backprop's (y - t) / batch leaves out; --set
                delta=0 removes it. Relu adds a source of its own: where a unit's input lies within h
                of 0, a nudge crosses the kink and the numerical gradient averages two slopes.
                """,
            chinese: """
                第 5 章用层来搭同一个两层网络，每层都有正向和反向：Affine（x · W + b）、Relu、Affine，
                最后是 SoftmaxWithLoss。反向时按相反的顺序逐层进行：每层接过损失对其输出的梯度
                （dout），把损失对其输入的梯度交给前一层。这就是链式法则，一次一层：

                    SoftmaxWithLoss：dx = (y - t) / batch
                    Affine：         dx = dout · Wᵀ，dW = xᵀ · dout，db = dout 各行之和
                    Relu：           x > 0 处 dx = dout，其余为 0

                softmax 接交叉熵的梯度之所以这么简单，是因为 log 抵消了 exp：-log y_label 对第 k 个
                得分的导数就是 y_k - t_k。Relu 的反向是一个开关：正向时关闭的单元，反向时什么也不传。

                检验就是书中的 gradient_check.py：取训练集的前 3 张图像，比较反向传播和数值梯度
                （39 760 个权重各挪动 ±h = 1e-4），给出每个参数的 |差| 的平均。与 two-layer-net
                一样，差值的大部分来自损失的 log 里的 1e-7，反向传播的 (y - t) / batch 不含它；
                --set delta=0 就去掉了它。Relu 还带来自己的误差来源：某个单元的输入离 0 不到 h 时，
                挪动会跨过折点，数值梯度就成了两个斜率的平均。
                """)
    }

    /// mean |grad_p| for p = W1, b1, W2, b2: the size a difference is measured against.
    static func meanSizes(_ run: Run) -> [Double] { GradientCheckTables.meanSizes(run, Self.gradients) }

    /// What the run's network computes again from its seed: the δ's share
    /// of each difference (nil when δ = 0), the hidden inputs within h of
    /// ReLU's kink, and the units off for every image.
    struct Anatomy {
        var deltaShares: [Double]?
        var nearKink: Int
        var preActivations: Int
        var unitsOff: [Int]
    }

    static func anatomy(_ run: Run) -> Anatomy? {
        guard let (network, x, t) = setUp(run) else { return nil }
        var shares: [Double]?
        if network.delta != 0 {
            let part = network.deltaGradient(x, t)
            shares = [part.W1.scalars, part.b1, part.W2.scalars, part.b2].map { $0.map(abs).reduce(0, +) / Double(max($0.count, 1)) }
        }
        let a1 = network.forward(x).a1
        // A nudge of b1[j] moves a1[r, j] by h; of W1[i, j] by h · x[r, i], at most h (pixels are at most 1).
        let nearKink = a1.scalars.filter { abs($0) < 1e-4 }.count
        let unitsOff = (0..<a1.columns).filter { j in (0..<a1.rows).allSatisfy { a1[$0, j] <= 0 } }
        return Anatomy(deltaShares: shares, nearKink: nearKink, preActivations: a1.scalars.count, unitsOff: unitsOff)
    }

    /// The gradient check as a table: per parameter, the difference, the δ's
    /// share of it, and the gradients' own size.
    public func summary(_ run: Run, language: Narration.Language) -> Trace? {
        GradientCheckTables.summary(run, Self.gradients, difference: Outputs.difference, deltaShares: Self.anatomy(run)?.deltaShares)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let names = ["W1", "b1", "W2", "b2"]
        let difference = run[Outputs.difference].scalars
        let gradients = Self.meanSizes(run)
        let anatomy = Self.anatomy(run)
        let fromDelta = anatomy?.deltaShares
        let listed = zip(names, difference).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ")
        let worst = zip(difference, gradients).map { d, g in g > 0 ? d / g : d }.max() ?? .nan
        // A correct backprop differs by the δ's share and a small fraction of the gradients.
        let allowed = gradients.indices.map { 1e-3 * gradients[$0] + 2 * (fromDelta?[$0] ?? 0) }
        let within = zip(difference, allowed).allSatisfy { $0 <= $1 }
        var notes: [String] = []
        if !worst.isFinite {
            notes.append(
                GradientCheck.phrasebook("No gradient check is possible: the gradients are not all finite (mean |backprop − numerical| is {0}).", listed, in: language))
        } else if within {
            notes.append(
                GradientCheck.phrasebook("Gradient check passed: mean |backprop − numerical| is {0}, at most {1} of the gradients' own mean size.", listed, Figure.short(worst), in: language))
        } else if let anatomy, anatomy.nearKink > 0 {
            notes.append(
                GradientCheck.phrasebook("The check differs by more than rounding and the δ explain ({0}, up to {1} of the gradients' size), and {2} of the {3} hidden inputs lie within h = 1e-4 of ReLU's kink at 0: a nudge there crosses the kink, so the numerical gradient averages the slopes on both sides, while backprop takes the slope at the point. That is the numerical side's limit, not a bug.", listed, Figure.short(worst), anatomy.nearKink, anatomy.preActivations, in: language))
        } else {
            notes.append(
                GradientCheck.phrasebook("Gradient check is suspicious: mean |backprop − numerical| is {0}, up to {1} of the gradients' size, more than the δ inside the log and rounding account for.", listed, Figure.short(worst), in: language))
        }
        if let fromDelta, worst.isFinite {
            let delta = run[Parameters.delta] ?? 1e-7
            let shares = zip(names, fromDelta).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ")
            notes.append(
                GradientCheck.phrasebook("The δ = {0} inside the loss's log alone makes the two sides differ by {1}: backprop's (y − t) / batch is the gradient of −log y, the numerical gradient differentiates −log(y + {0}). --set delta=0 makes both sides differentiate the same loss.", Figure.short(delta), shares, in: language))
        }
        if let anatomy, !anatomy.unitsOff.isEmpty {
            let count = anatomy.unitsOff.count
            let hidden = run[Outputs.grad_b1].count
            let shown = anatomy.unitsOff.prefix(8).map(String.init).joined(separator: ", ") + (count > 8 ? ", …" : "")
            notes.append(
                GradientCheck.phrasebook("{0} of the {1} hidden units ({2}) {3} off for every image ({4} input is at most 0), so Relu passes nothing back: backprop gives {4} W1 column, b1 and W2 row a gradient of exactly 0.", count, hidden, shown, count == 1 ? "is" : "are", count == 1 ? "its" : "their", in: language))
        }
        if let data = run[Parameters.data] { notes += LessonData.notes(for: data) }
        return notes
    }

    /// Per parameter: its size, the largest gradient, and the check.
    public func trace(_ run: Run) -> Trace? { GradientCheckTables.trace(run, Self.gradients, difference: Outputs.difference) }

    /// W1's gradient for the first hidden units as 28×28 images, backprop
    /// over numerical, with the four differences in the small print.
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        let difference = run[Outputs.difference].scalars
        var figure = WeightImages.figure(
            run[Outputs.grad_W1], run[Outputs.numerical_W1], title: "gradient check through layers: backprop against numerical")
        let small =
            "mean |difference|: "
            + zip(["W1", "b1", "W2", "b2"], difference).map { "\($0) \(NumPyFormat.printf("%.2g", $1))" }.joined(separator: ", ")
        figure.note = ([small] + (figure.note.map { [$0] } ?? [])).joined(separator: "; ")
        // A unit that is off for every image has a blank column: say so under it.
        let gradW1 = run[Outputs.grad_W1]
        let hidden = gradW1.shape[1]
        figure.xTicks = figure.xTicks?.enumerated().map { unit, tick in
            let blank = (0..<gradW1.shape[0]).allSatisfy { gradW1.scalars[$0 * hidden + unit] == 0 }
            return blank ? (tick.0, tick.1 + " (off: all 0)") : tick
        }
        return figure
    }

    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        NetworkGlossary.gradientCheck.adding(
            Glossary([
                "backpropagation through layers, checked against the numerical gradient": "逐层反向传播，并与数值梯度对照检验",
                "the book's gradient_check, chapter 5": "书中的 gradient_check，第 5 章",
                "gradient check through layers: backprop against numerical": "逐层的梯度检验：反向传播与数值梯度",
                " (off: all 0)": "（关闭：全为 0）",
            ]))
    }
}
