import LessonKit
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
                Around 1e-10 means the backward pass is right; the central difference itself errs
                by about h² times the third derivative, and rounding adds about 1e-16 / h. A bug
                shows up as differences near the size of the gradients themselves.
                Every value is NumPy's double: the products add up in the order NumPy's OpenBLAS
                uses on this CPU, and exp and log are NumPy's own.
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
                约 1e-10 说明反向传播是对的；中心差分本身的误差约为 h² 乘三阶导数，舍入再加上约
                1e-16 / h。若有错误，差值会接近梯度本身的大小。
                每个数值都与 NumPy 的双精度数相同：矩阵乘积按本机 NumPy 的 OpenBLAS 的顺序相加，
                exp 和 log 也用 NumPy 自己的实现。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let english = language == .english
        let names = ["W1", "b1", "W2", "b2"]
        let difference = run.output("difference").scalars
        var notes: [String] = []
        let gradients = names.map { run.output("grad_" + $0).scalars.map(abs).reduce(0, +) / Double(max(run.output("grad_" + $0).count, 1)) }
        let worst = zip(difference, gradients).map { d, g in g > 0 ? d / g : d }.max() ?? .nan
        let listed = zip(names, difference).map { "\($0) \(Figure.short($1))" }.joined(separator: ", ")
        if !worst.isFinite {
            notes.append(
                english
                    ? "No gradient check is possible: the gradients are not all finite (mean |backprop − numerical| is \(listed))."
                    : "无法做梯度检验：梯度并非都是有限值（|反向传播 − 数值| 的平均为 \(listed)）。")
        } else if worst < 1e-3 {
            notes.append(
                english
                    ? "Gradient check passed: mean |backprop − numerical| is \(listed), at most \(Figure.short(worst)) of the gradients' own mean size."
                    : "梯度检验通过：|反向传播 − 数值| 的平均为 \(listed)，至多是梯度平均大小的 \(Figure.short(worst))。")
        } else {
            notes.append(
                english
                    ? "Gradient check is suspicious: mean |backprop − numerical| is \(listed), up to \(Figure.short(worst)) of the gradients' size."
                    : "梯度检验可疑：|反向传播 − 数值| 的平均为 \(listed)，可达梯度大小的 \(Figure.short(worst))。")
        }
        if case .text("random")? = run.parameter("data") {
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
        let accuracy = run.output("accuracy").scalar
        let loss = run.output("loss").scalar
        let classes = Double(run.output("grad_b2").count)
        let std = run.parameter("weight_init_std")?.number.map(NumPyFormat.pythonRepr) ?? "?"
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
        if case .text(let data)? = run.parameter("data") { notes += LessonData.notes(for: data) }
        return notes
    }

    /// Per parameter: its size, the largest gradient, and the check.
    public func trace(_ run: Run) -> Trace? {
        let names = ["W1", "b1", "W2", "b2"]
        let difference = run.output("difference").scalars
        let rows = names.enumerated().map { index, name -> [String] in
            let backprop = run.output("grad_" + name).scalars
            let numerical = run.output("numerical_" + name).scalars
            let largest = zip(backprop, numerical).map { abs($0 - $1) }.max() ?? 0
            return [
                name, String(backprop.count), NumPyFormat.pythonRepr(backprop.map(abs).max() ?? 0),
                NumPyFormat.pythonRepr(difference[index]), NumPyFormat.pythonRepr(largest),
            ]
        }
        return Trace(columns: ["parameter", "elements", "max |backprop|", "mean |difference|", "max |difference|"], rows: rows)
    }
}
