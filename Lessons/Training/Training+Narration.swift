import LessonKit
import Plot
import TwoLayerNet

extension Training {
    public var narration: Narration {
        Narration(
            english: """
                Learning is the gradient lesson run many times on small random batches. Each
                iteration draws 100 images (np.random.choice, with replacement), computes the
                gradient by backpropagation and moves every parameter a step against it:

                    W ← W − learning_rate · dW        (for W1, b1, W2 and b2)

                The loss printed per iteration is the batch's loss after the step, so it is noisy:
                each batch is different. Once per epoch (train_size / batch_size iterations, a
                float as in Python, checked with i % iter_per_epoch == 0) the accuracy is measured
                on the whole training set and on the test set the net never learns from. Test
                accuracy close to training accuracy means the net generalises; a growing gap means
                it memorises. A learning rate too large makes the loss jump or blow up; too small,
                and it barely moves.
                The default learns from the 4 000 embedded MNIST images; --set data=fashion-mnist
                or mnist trains on all 60 000 as the book does. Every loss, accuracy and weight is
                the double NumPy computes for the same seed.
                """,
            chinese: """
                学习就是把梯度一课在许多随机小批量上反复运行。每次迭代抽取 100 张图像
                （np.random.choice，有放回），用反向传播求梯度，再让每个参数逆着梯度走一步：

                    W ← W − learning_rate · dW        （W1、b1、W2 和 b2 都如此）

                每次迭代记录的是这一步之后该批的损失，所以会有噪声：每一批都不同。每个 epoch
                （train_size / batch_size 次迭代，和 Python 一样是浮点数，用 i % iter_per_epoch == 0
                判断）在整个训练集和网络从未学过的测试集上测一次准确率。测试准确率接近训练准确率，
                说明网络能够泛化；差距越来越大，说明它在死记硬背。学习率太大，损失会跳动甚至发散；
                太小，则几乎不动。
                默认用内置的 4 000 张 MNIST 图像学习；--set data=fashion-mnist 或 mnist 则像书中那样
                用全部 60 000 张训练。每个损失、准确率和权重都与 NumPy 在同一种子下算出的双精度数相同。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let english = language == .english
        let loss = run.output("train_loss").scalars
        let train = run.output("train_acc").scalars
        let test = run.output("test_acc").scalars
        var notes: [String] = []
        guard let first = loss.first, let last = loss.last else { return notes }
        if !last.isFinite || loss.contains(where: { !$0.isFinite }) {
            notes.append(
                english
                    ? "The loss became \(NumPyFormat.pythonRepr(loss.first { !$0.isFinite } ?? last)): the learning rate is too large for this net."
                    : "损失变成了 \(NumPyFormat.pythonRepr(loss.first { !$0.isFinite } ?? last))：对这个网络来说学习率太大了。")
        } else {
            let tail = Array(loss.suffix(max(1, loss.count / 10)))
            let mean = tail.reduce(0, +) / Double(tail.count)
            // The mean of the last steps, when there are several: the last batch alone is noisy.
            let average =
                tail.count < 2
                ? ""
                : english
                    ? " (mean of the last \(tail.count) steps \(Figure.short(mean)))" : "（最后 \(tail.count) 步的平均为 \(Figure.short(mean))）"
            if loss.count == 1 {
                notes.append(
                    english ? "One step: the batch loss after it is \(Figure.short(first))." : "只走了一步：这一步之后的批量损失是 \(Figure.short(first))。")
            } else if Figure.short(first) == Figure.short(last) {
                notes.append(
                    english
                        ? "The batch loss began and ended at \(Figure.short(first))\(average)."
                        : "批量损失开始和结束时都是 \(Figure.short(first))\(average)。")
            } else {
                let fell = last < first
                notes.append(
                    english
                        ? "The batch loss \(fell ? "fell" : "rose") from \(Figure.short(first)) to \(Figure.short(last))\(average)."
                        : "批量损失从 \(Figure.short(first)) \(fell ? "降到" : "升到") \(Figure.short(last))\(average)。")
            }
        }
        if let trainLast = train.last, let testLast = test.last {
            let gap = trainLast - testLast
            let head =
                english
                ? "After \(train.count) epoch check\(train.count == 1 ? "" : "s"): training accuracy \(Figure.short(trainLast)), test accuracy \(Figure.short(testLast))"
                : "经过 \(train.count) 次 epoch 检查：训练准确率 \(Figure.short(trainLast))，测试准确率 \(Figure.short(testLast))"
            if gap > 0.01 {
                notes.append(
                    head
                        + (english
                            ? "; the gap of \(Figure.short(gap)) is what the net learned about its own images and not about others."
                            : "；两者相差 \(Figure.short(gap))，这是网络只对自己见过的图像学到的部分。"))
            } else {
                notes.append(
                    head
                        + (english
                            ? "; test accuracy keeps up with training accuracy, so the net is not memorising its images (yet)."
                            : "；测试准确率跟得上训练准确率，网络（还）没有死记硬背。"))
            }
        }
        if case .text(let data)? = run.parameter("data") { notes += LessonData.notes(for: data) }
        return notes
    }

    /// One row per epoch check: the step it followed, found as the run
    /// found it (`i % iter_per_epoch == 0` with the data set's train_size),
    /// and the batch loss of that step.
    public func trace(_ run: Run) -> Trace? {
        let loss = run.output("train_loss").scalars
        let train = run.output("train_acc").scalars
        let test = run.output("test_acc").scalars
        guard !train.isEmpty, case .text(let name)? = run.parameter("data"), case .count(let batchSize)? = run.parameter("batch_size"),
            let data = try? LessonData.load(name)
        else { return nil }
        let iterPerEpoch = Self.iterPerEpoch(trainCount: data.trainCount, batchSize: batchSize)
        let steps = Array(loss.indices.lazy.filter { Self.isEpochCheck($0, iterPerEpoch: iterPerEpoch) }.prefix(train.count))
        let rows = zip(train.indices, steps).map { epoch, i -> [String] in
            [
                String(epoch), String(i), NumPyFormat.pythonRepr(loss[i]), NumPyFormat.pythonRepr(train[epoch]),
                NumPyFormat.pythonRepr(test[epoch]),
            ]
        }
        return Trace(
            columns: ["epoch", "iteration", "batch loss", "train accuracy", "test accuracy"], rows: rows,
            note: "checked where i % iter_per_epoch == 0, iter_per_epoch = max(\(data.trainCount) / \(batchSize), 1) = "
                + "\(NumPyFormat.pythonRepr(iterPerEpoch)); the batch loss is that step's, after its update")
    }
}
