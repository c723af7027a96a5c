import LessonKit
import Plot
import NeuralNet

extension Training {
    public var narration: Narration {
        Narration(
            english: """
                Learning is the descent lesson run on a network, one small random batch a step:
                stochastic gradient descent (SGD). Each iteration draws 100 images
                (np.random.choice, with replacement), computes the gradient by backpropagation and
                moves every parameter a step against it:

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
                学习就是把梯度下降一课用在网络上，每一步只用一个随机的小批量：随机梯度下降（SGD）。
                每次迭代抽取 100 张图像（np.random.choice，有放回），用反向传播求梯度，
                再让每个参数逆着梯度走一步：

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

    /// One branch per thing a run can show, in the order the notes print.
    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let loss = run[Outputs.train_loss].scalars
        let train = run[Outputs.train_acc].scalars
        let test = run[Outputs.test_acc].scalars
        let rate = run[Parameters.learning_rate] ?? .nan
        var notes: [String] = []
        guard let first = loss.first, let last = loss.last else { return notes }
        // Chance level: an even guess over the classes has loss ln(classes) and accuracy 1/classes.
        let classes = 10.0
        let chanceLoss = 2.302585092994046  // ln 10, correctly rounded
        let chance =
            Training.phrasebook("ln 10 = {0}, the loss of an even guess over 10 classes (chance level)", Figure.short(chanceLoss), in: language)
        if !last.isFinite || loss.contains(where: { !$0.isFinite }) {
            notes.append(
                Training.phrasebook("The loss became {0}: the learning rate {1} is too large for this net.", NumPyFormat.pythonRepr(loss.first { !$0.isFinite } ?? last), Figure.short(rate), in: language))
        } else {
            let tail = Array(loss.suffix(max(1, loss.count / 10)))
            let mean = tail.reduce(0, +) / Double(tail.count)
            // The mean of the last steps, when there are several: the last batch alone is noisy.
            let average =
                tail.count < 2
                ? ""
                : Training.phrasebook(" (mean of the last {0} steps {1})", tail.count, Figure.short(mean), in: language)
            if loss.count == 1 {
                notes.append(
                    Training.phrasebook("One step: the batch loss after it is {0}.", Figure.short(first), in: language))
            } else if Figure.short(first) == Figure.short(last) {
                notes.append(
                    Training.phrasebook("The batch loss began and ended at {0}{1}.", Figure.short(first), average, in: language))
            } else {
                let fell = last < first
                notes.append(
                    fell
                        ? Training.phrasebook("The batch loss fell from {0} to {1}{2}.", Figure.short(first), Figure.short(last), average, in: language)
                        : Training.phrasebook("The batch loss rose from {0} to {1}{2}.", Figure.short(first), Figure.short(last), average, in: language))
            }
            let peak = loss.max() ?? first
            if peak > 2 * chanceLoss {
                // Small initial weights start at chance level; a loss far above it comes from the steps.
                notes.append(
                    Training.phrasebook("The steps overshoot: a step took the batch loss to {0}, far above {1}. The learning rate {2} is too large: a step jumps past the valley it aims for, as in the descent lesson at lr = 10.", Figure.short(peak), chance, Figure.short(rate), in: language))
            } else if mean > 0.95 * chanceLoss {
                notes.append(
                    Training.phrasebook("The loss stayed near {0}. {1} step{2} at learning rate {3} moved the net too little; a larger rate or more steps get further, as lr = 1e-10 barely moves x in the descent lesson.", chance, loss.count, loss.count == 1 ? "" : "s", Figure.short(rate), in: language))
            }
        }
        if let trainLast = train.last, let testLast = test.last {
            let head =
                Training.phrasebook("After {0} epoch check{1}: training accuracy {2}, test accuracy {3}", train.count, train.count == 1 ? "" : "s", Figure.short(trainLast), Figure.short(testLast), in: language)
            let gap = trainLast - testLast
            if testLast <= 1 / classes + 0.05 {
                notes.append(
                    head
                        + (Training.phrasebook(". The net did not learn: test accuracy at chance level, 1/10 = 0.1, is what guessing one class for every image gets.", in: language)))
            } else if testLast < 0.5 {
                notes.append(
                    head
                        + (Training.phrasebook(". The net learned little: test accuracy is above chance level (1/10 = 0.1), but a net that learns gets most images right.", in: language)))
            } else if gap > 0.01 {
                notes.append(
                    head
                        + (Training.phrasebook("; the gap of {0} is what the net learned about its own images and not about others.", Figure.short(gap), in: language)))
            } else {
                notes.append(
                    head
                        + (Training.phrasebook("; test accuracy keeps up with training accuracy, so what the net learned holds for images it never saw.", in: language)))
            }
            if testLast >= 0.5, let data = run[Parameters.data], let batch = run[Parameters.batch_size] {
                notes += Self.comparedWithTheBook(data: data, batch: batch, steps: loss.count, checks: train.count, gap: gap, test: testLast, language: language)
            }
        }
        if run[Parameters.network] == "layers" {
            notes.append(
                Training.phrasebook("This run trains chapter 5's layered network (Affine, Relu, Affine, SoftmaxWithLoss), its gradient by backprop through the layers; its train_acc and test_acc per epoch are the pairs the book's ch05/train_neuralnet.py prints.", in: language))
        }
        if let data = run[Parameters.data] { notes += LessonData.notes(for: data) }
        return notes
    }

    /// Where a run of the named data set differs from the book's figure,
    /// which trains on all 60 000 MNIST images: 600 iterations an epoch,
    /// 17 epoch checks in 10 000 iterations, train and test accuracy ending
    /// together near 0.95.
    static func comparedWithTheBook(data: String, batch: Int, steps: Int, checks: Int, gap: Double, test: Double, language: Narration.Language) -> [String] {
        switch data {
        case "embedded":
            let seen = Double(steps * batch) / 4000
            let because =
                gap > 0.02
                ? (Training.phrasebook(" That is where the train/test gap of {0} comes from; the book's figure, on 60 000 images, shows none.", Figure.short(gap), in: language))
                : ""
            return [
                Training.phrasebook("The book learns from all 60 000 MNIST images: 600 iterations an epoch, 17 epoch checks in 10 000 iterations. The 4 000 embedded images make an epoch {0} iterations, so this run made {1} checks and saw each image about {2} times.{3}", Figure.short(max(4000 / Double(batch), 1)), checks, Figure.short(seen), because, in: language)
            ]
        case "fashion-mnist":
            return [
                Training.phrasebook("Fashion-MNIST's clothes are harder to tell apart than digits: with the book's settings this net's test accuracy levels off near 0.85 (this run: {0}), where MNIST reaches about 0.95.", Figure.short(test), in: language)
            ]
        case "mnist":
            return [
                Training.phrasebook("The book's own run (unseeded) ended at train accuracy 0.94705 and test accuracy 0.9465; this one at test accuracy {0}.", Figure.short(test), in: language)
            ]
        default: return []
        }
    }

    /// The per-epoch table, its first and last eight rows when longer than 20.
    public func summary(_ run: Run, language: Narration.Language) -> Trace? { trace(run)?.shortened(language: language) }

    /// One row per epoch check: the step it followed, found as the run
    /// found it (`i % iter_per_epoch == 0` with the data set's train_size),
    /// and the batch loss of that step.
    public func trace(_ run: Run) -> Trace? {
        let loss = run[Outputs.train_loss].scalars
        let train = run[Outputs.train_acc].scalars
        let test = run[Outputs.test_acc].scalars
        guard !train.isEmpty, let name = run[Parameters.data], let batchSize = run[Parameters.batch_size],
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

extension Training {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "mini-batch training of the two-layer network on images": "两层网络在图像上的小批量训练",
            "train_neuralnet": "train_neuralnet",
            "loss per step: ": "每步的损失：",
            "loss on the batch (after the step)": "该批的损失（这一步之后）",
            "chance level: loss ln 10, accuracy 1/10": "随机水平：损失 ln 10，准确率 1/10",
            "accuracy per epoch: test ": "每个 epoch 的准确率：测试 ",
            "training set": "训练集",
            "test set": "测试集",
            "embedded MNIST (4 000 images)": "内置 MNIST（4 000 张图像）",
            ", learning rate ": "，学习率 ",
            ", chapter 5's layers (ReLU)": "，第 5 章的分层网络（ReLU）",
            " iterations of ": " 次迭代，每次 ",
            " iteration of ": " 次迭代，每次 ",
            " images": " 张图像",
            "no epoch was reached: accuracies are taken at i % iter_per_epoch == 0": "没有到达任何 epoch：准确率在 i % iter_per_epoch == 0 时测量",
            "checked where i % iter_per_epoch == 0, iter_per_epoch = ": "在 i % iter_per_epoch == 0 处检查，iter_per_epoch = ",
            "; the batch loss is that step's, after its update": "；批量损失是该步更新之后的",
            "batch loss": "批量损失",
            "train accuracy": "训练准确率",
            "test accuracy": "测试准确率",
            "iteration": "迭代",
            "accuracy": "准确率",
            "loss": "损失",
        ])
    }
}
