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

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let english = language == .english
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
                english
                    ? "No gradient check is possible: the gradients are not all finite (mean |backprop − numerical| is \(listed))."
                    : "无法做梯度检验：梯度并非都是有限值（|反向传播 − 数值| 的平均为 \(listed)）。")
        } else if !suspicious {
            notes.append(
                english
                    ? "Gradient check passed: mean |backprop − numerical| is \(listed), at most \(Figure.short(worst)) of the gradients' own mean size."
                    : "梯度检验通过：|反向传播 − 数值| 的平均为 \(listed)，至多是梯度平均大小的 \(Figure.short(worst))。")
            if let fromDelta, !randomTargets {
                let shares = zip(names, fromDelta).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ")
                notes.append(
                    english
                        ? "Most of that is the δ = \(Figure.short(delta)) inside the loss's log, not an error: backprop's (y − t) / batch is the gradient of −log y, while the numerical gradient differentiates −log(y + \(Figure.short(delta))) as the loss is written; the δ alone accounts for \(shares). --set delta=0 makes both sides differentiate the same loss."
                        : "这其中大部分来自损失的 log 里的 δ = \(Figure.short(delta))，而不是错误：反向传播的 (y − t) / batch 是 −log y 的梯度，数值梯度求导的却是写出来的损失 −log(y + \(Figure.short(delta)))；单是这个 δ 就带来 \(shares)。加上 --set delta=0，两边就对同一个损失求导。")
            } else if delta == 0 && !randomTargets {
                notes.append(
                    english
                        ? "With delta = 0 both sides differentiate the same loss, −log y: what is left is the central difference's own error, about h² times the third derivative, and rounding, about 1e-16 / h."
                        : "delta = 0 时两边对同一个损失 −log y 求导：剩下的只是中心差分本身的误差（约为 h² 乘三阶导数）和舍入误差（约 1e-16 / h）。")
            }
        } else {
            let explained = fromDelta.map { zip(names, $0).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ") }
            notes.append(
                english
                    ? "Gradient check is suspicious: mean |backprop − numerical| is \(listed), up to \(Figure.short(worst)) of the gradients' size"
                        + (explained.map { ", more than the δ inside the log accounts for (\($0))." } ?? ".")
                    : "梯度检验可疑：|反向传播 − 数值| 的平均为 \(listed)，可达梯度大小的 \(Figure.short(worst))"
                        + (explained.map { "，超出了 log 里的 δ 所能解释的部分（\($0)）。" } ?? "。"))
        }
        if run[Parameters.data] == "random" {
            // The book's code as it is: cross_entropy_error turns a t of y's size into argmax(t).
            notes.append(
                english
                    ? "With data=random each row of t holds random numbers and is not one-hot. The loss, as the book writes it, keeps only argmax(t) of each row, "
                        + "while backpropagation's dy = (y − t) / batch uses t itself: the two are gradients of different functions, "
                        + "so a large difference here does not mean backpropagation is wrong."
                    : "data=random 时，t 的每一行都是随机数，不是独热向量。书中的损失只取每行 t 的 argmax，"
                        + "而反向传播的 dy = (y − t) / batch 直接用 t 本身：两者求的是两个不同函数的梯度，"
                        + "所以这里差值大并不说明反向传播写错了。")
        }
        let accuracy = run[Outputs.accuracy].scalar
        let loss = run[Outputs.loss].scalar
        let classes = Double(run[Outputs.grad_b2].count)
        let std = run[Parameters.weight_init_std].map(NumPyFormat.pythonRepr) ?? "?"
        if !loss.isFinite {
            // y is a probability unless the scores are inf or nan: log(y + 1e-7) is finite otherwise.
            notes.append(
                english
                    ? "The loss is \(NumPyFormat.pythonRepr(loss)), not the loss of a guess: with weight_init_std = \(std) the scores are not finite, so neither are the probabilities, and the accuracy \(Figure.short(accuracy)) only counts where argmax of those scores happened to land."
                    : "损失是 \(NumPyFormat.pythonRepr(loss))，不是随机猜测的损失：weight_init_std = \(std) 时得分不是有限值，概率也就不是有限值；准确率 \(Figure.short(accuracy)) 只反映 argmax 在这些得分里碰巧落在哪一类。"
            )
        } else if abs(loss - log(classes)) <= 0.1 * log(classes) {
            notes.append(
                english
                    ? "Accuracy \(Figure.short(accuracy)) on this batch: an untrained net guesses, so about 1/\(Int(classes)) = \(Figure.short(1 / classes)) is expected; the loss \(Figure.short(loss)) is near log(\(Int(classes))) = \(Figure.short(log(classes))) for the same reason."
                    : "这一批上的准确率为 \(Figure.short(accuracy))：未训练的网络只是在猜，约为 1/\(Int(classes)) = \(Figure.short(1 / classes))；损失 \(Figure.short(loss)) 接近 log(\(Int(classes))) = \(Figure.short(log(classes)))，原因相同。"
            )
        } else {
            // An even guess, y = 1/classes for every class, has the loss log(classes).
            let side = loss > log(classes) ? (english ? "above" : "高于") : (english ? "below" : "低于")
            notes.append(
                english
                    ? "Accuracy \(Figure.short(accuracy)) on this batch: an untrained net guesses, so about 1/\(Int(classes)) = \(Figure.short(1 / classes)) is expected. The loss \(Figure.short(loss)) is \(side) log(\(Int(classes))) = \(Figure.short(log(classes))), the loss of an even guess: with weight_init_std = \(std) the probabilities are no longer even."
                    : "这一批上的准确率为 \(Figure.short(accuracy))：未训练的网络只是在猜，约为 1/\(Int(classes)) = \(Figure.short(1 / classes))。损失 \(Figure.short(loss)) \(side)均匀猜测时的 log(\(Int(classes))) = \(Figure.short(log(classes)))：weight_init_std = \(std) 时各类的概率已不再均匀。"
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
