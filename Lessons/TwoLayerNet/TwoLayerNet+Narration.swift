import LessonKit
import NeuralNet
import Plot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension TwoLayerNet {
    public var narration: Narration {
        Narration(
            english: """
                Two layers: 784 pixels go into 50 hidden units, a1 = x · W1 + b1, squashed by the
                sigmoid z1 = 1 / (1 + exp(-a1)); the hidden units go into 10 scores, a2 = z1 · W2 + b2,
                and softmax makes them probabilities. The loss is the cross-entropy of a batch of
                100 images, averaged over the batch.

                Backpropagation gets all 39 760 partial derivatives in one backward pass:

                    dy = (y - t) / batch;  dW2 = z1ᵀ · dy;  db2 = sum of dy's rows
                    dz1 = (1 - z1) · z1 · (dy · W2ᵀ);  dW1 = xᵀ · dz1;  db1 = sum of dz1's rows

                The numerical gradient nudges each weight by ±h = 1e-4 and takes the loss twice:
                slow (79 520 losses of the whole batch), but hard to get wrong. Comparing the two is
                the gradient check: `difference` is the mean |backprop − numerical| per parameter.

                The two sides do not differentiate quite the same loss. The book's loss is
                -log(y + 1e-7), the 1e-7 (`delta`) keeping log(0) away, while backprop's
                (y - t) / batch is the gradient of -log y. That 1e-7 is most of the difference at
                the default, about 1e-10 for W1 (simplenet-gradient finds the same 1e-7 in the book's
                printed dW). With --set delta=0 both sides differentiate one loss, and what is left,
                about 1e-12, is the central difference's own error (h² times the third derivative)
                and rounding (about 1e-16 / h). A bug shows up as differences near the size of the
                gradients themselves.
                Every value is NumPy's double: the products add up in the order of NumPy's OpenBLAS,
                and exp and log are NumPy's own.
                """,
            chinese: """
                两层网络：784 个像素进入 50 个隐藏单元，a1 = x · W1 + b1，经 sigmoid 压缩为
                z1 = 1 / (1 + exp(-a1))；隐藏单元再给出 10 个得分 a2 = z1 · W2 + b2，softmax 把它们变成
                概率。损失是一批 100 张图像的交叉熵，对整批取平均。

                反向传播一次就得到全部 39 760 个偏导数：

                    dy = (y - t) / batch；dW2 = z1ᵀ · dy；db2 = dy 各行之和
                    dz1 = (1 - z1) · z1 · (dy · W2ᵀ)；dW1 = xᵀ · dz1；db1 = dz1 各行之和

                数值梯度把每个权重挪动 ±h = 1e-4，算两次损失：很慢（对整批求 79 520 次损失），
                但不容易出错。比较两者就是梯度检验：`difference` 是每个参数的 |反向传播 − 数值| 的平均。

                两边求导的其实不是完全相同的损失。书中的损失是 -log(y + 1e-7)，1e-7（`delta`）
                让 log 避开 0；而反向传播的 (y - t) / batch 是 -log y 的梯度。默认设置下，这个 1e-7
                就是差值的大部分，W1 约 1e-10（simplenet-gradient 在书中打印的 dW 里也发现了同一个
                1e-7）。加上 --set delta=0，两边对同一个损失求导，剩下的约 1e-12 才是中心差分本身的
                误差（h² 乘三阶导数）和舍入误差（约 1e-16 / h）。若有错误，差值会接近梯度本身的大小。
                每个数值都与 NumPy 的双精度数相同：矩阵乘积按 NumPy 的 OpenBLAS 的顺序相加，
                exp 和 log 也用 NumPy 自己的实现。
                """)
    }

    /// mean |grad_p| for p = W1, b1, W2, b2: the size a difference is measured against.
    static func meanSizes(_ run: Run) -> [Double] { GradientCheckTables.meanSizes(run, Self.gradients) }

    /// What the δ inside the loss's log alone makes the two sides differ by,
    /// per parameter: mean |∂/∂p of (−log(y + δ)) − ∂/∂p of (−log y)|, from
    /// the run's network and batch drawn again; nil when δ = 0.
    static func deltaShares(_ run: Run) -> [Double]? {
        guard let delta = run[Parameters.delta], delta != 0 else { return nil }
        return TwoLayerNet.setUp(run).map { network, x, t in
            let part = network.deltaGradient(x, t)
            return [part.W1.scalars, part.b1, part.W2.scalars, part.b2].map { $0.map(abs).reduce(0, +) / Double(max($0.count, 1)) }
        }
    }

    /// The gradient check as a table: per parameter, the difference, the δ's
    /// share of it, and the gradients' own size.
    public func summary(_ run: Run, language: Narration.Language) -> Trace? {
        GradientCheckTables.summary(run, Self.gradients, difference: Outputs.difference, deltaShares: Self.deltaShares(run))
    }

    /// One branch per thing a gradient check can show, in the order the notes
    /// print.
    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let names = ["W1", "b1", "W2", "b2"]
        let difference = run[Outputs.difference].scalars
        var notes: [String] = []
        let gradients = Self.meanSizes(run)
        let worst = zip(difference, gradients).map { d, g in g > 0 ? d / g : d }.max() ?? .nan
        let listed = zip(names, difference).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ")
        let delta = run[Parameters.delta] ?? 1e-7
        let fromDelta = Self.deltaShares(run)
        let randomTargets = run[Parameters.data] == "random"
        // A correct backprop differs by the δ's share and a small fraction of the gradients, never more.
        let allowed = gradients.indices.map { 1e-3 * gradients[$0] + 2 * (fromDelta?[$0] ?? 0) }
        let suspicious = zip(difference, allowed).contains { $0 > $1 } && !randomTargets
        if !worst.isFinite {
            notes.append(
                TwoLayerNet.phrasebook("No gradient check is possible: the gradients are not all finite (mean |backprop − numerical| is {0}).", listed, in: language))
        } else if !suspicious {
            notes.append(
                TwoLayerNet.phrasebook("Gradient check passed: mean |backprop − numerical| is {0}, at most {1} of the gradients' own mean size.", listed, Figure.short(worst), in: language))
            if let fromDelta, !randomTargets {
                let shares = zip(names, fromDelta).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ")
                notes.append(
                    TwoLayerNet.phrasebook("Most of that is the δ = {0} inside the loss's log, not an error: backprop's (y − t) / batch is the gradient of −log y, while the numerical gradient differentiates −log(y + {0}) as the loss is written; the δ alone accounts for {1}. --set delta=0 makes both sides differentiate the same loss.", Figure.short(delta), shares, in: language))
            } else if delta == 0 && !randomTargets {
                notes.append(
                    TwoLayerNet.phrasebook("With delta = 0 both sides differentiate the same loss, −log y: what is left is the central difference's own error, about h² times the third derivative, and rounding, about 1e-16 / h.", in: language))
            }
        } else {
            let explained = fromDelta.map { zip(names, $0).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ") }
            notes.append(
                explained.map {
                    TwoLayerNet.phrasebook(
                        "Gradient check is suspicious: mean |backprop − numerical| is {0}, up to {1} of the gradients' size, more than the δ inside the log accounts for ({2}).",
                        listed, Figure.short(worst), $0, in: language)
                }
                    ?? TwoLayerNet.phrasebook(
                        "Gradient check is suspicious: mean |backprop − numerical| is {0}, up to {1} of the gradients' size.", listed,
                        Figure.short(worst), in: language))
        }
        if run[Parameters.data] == "random" {
            // The book's code as it is: cross_entropy_error turns a t of y's size into argmax(t).
            notes.append(
                TwoLayerNet.phrasebook(
                    "With data=random each row of t holds random numbers and is not one-hot. The loss, as the book writes it, keeps only argmax(t) of each row, while backpropagation's dy = (y − t) / batch uses t itself: the two are gradients of different functions, so a large difference here does not mean backpropagation is wrong.",
                    in: language))
        }
        let accuracy = run[Outputs.accuracy].scalar
        let loss = run[Outputs.loss].scalar
        let classes = Double(run[Outputs.grad_b2].count)
        let std = run[Parameters.weight_init_std].map(NumPyFormat.pythonRepr) ?? "?"
        if !loss.isFinite {
            // y is a probability unless the scores are inf or nan: log(y + 1e-7) is finite otherwise.
            notes.append(
                TwoLayerNet.phrasebook("The loss is {0}, not the loss of a guess: with weight_init_std = {1} the scores are not finite, so neither are the probabilities, and the accuracy {2} only counts where argmax of those scores happened to land.", NumPyFormat.pythonRepr(loss), std, Figure.short(accuracy), in: language)
            )
        } else if abs(loss - log(classes)) <= 0.1 * log(classes) {
            notes.append(
                TwoLayerNet.phrasebook("Accuracy {0} on this batch: an untrained net guesses, so about 1/{1} = {2} is expected; the loss {3} is near log({1}) = {4} for the same reason.", Figure.short(accuracy), Int(classes), Figure.short(1 / classes), Figure.short(loss), Figure.short(log(classes)), in: language)
            )
        } else {
            // An even guess, y = 1/classes for every class, has the loss log(classes).
            let side = loss > log(classes) ? (TwoLayerNet.phrasebook("above", in: language)) : (TwoLayerNet.phrasebook("below", in: language))
            notes.append(
                TwoLayerNet.phrasebook("Accuracy {0} on this batch: an untrained net guesses, so about 1/{1} = {2} is expected. The loss {3} is {4} log({1}) = {5}, the loss of an even guess: with weight_init_std = {6} the probabilities are no longer even.", Figure.short(accuracy), Int(classes), Figure.short(1 / classes), Figure.short(loss), side, Figure.short(log(classes)), std, in: language)
            )
        }
        if let data = run[Parameters.data] { notes += LessonData.notes(for: data) }
        return notes
    }

    /// Per parameter: its size, the largest gradient, and the check.
    public func trace(_ run: Run) -> Trace? { GradientCheckTables.trace(run, Self.gradients, difference: Outputs.difference) }
}

extension TwoLayerNet {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        NetworkGlossary.gradientCheck.adding(Glossary([
            "a two-layer network's loss, accuracy and gradients, checked numerically": "两层网络的损失、准确率和梯度，并用数值方法检验",
            "two_layer_net and its gradient check": "two_layer_net 及其梯度检验",
            "gradient check: backprop against numerical": "梯度检验：反向传播与数值梯度",
            "random t is not one-hot, so they differ by design": "随机的 t 不是独热向量，两者本来就不同",
            "backprop gradient": "反向传播梯度",
            "numerical gradient": "数值梯度",
            "where the two agree": "两者相等处",
        ]))
    }
}
