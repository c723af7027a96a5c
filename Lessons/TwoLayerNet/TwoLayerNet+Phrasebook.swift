import LessonKit

extension TwoLayerNet {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "Gradient check is suspicious: mean |backprop − numerical| is {0}, up to {1} of the gradients' size, more than the δ inside the log accounts for ({2}).":
            "梯度检验可疑：|反向传播 − 数值| 的平均为 {0}，可达梯度大小的 {1}，超出了 log 里的 δ 所能解释的部分（{2}）。",
        "Gradient check is suspicious: mean |backprop − numerical| is {0}, up to {1} of the gradients' size.":
            "梯度检验可疑：|反向传播 − 数值| 的平均为 {0}，可达梯度大小的 {1}。",
        "With data=random each row of t holds random numbers and is not one-hot. The loss, as the book writes it, keeps only argmax(t) of each row, while backpropagation's dy = (y − t) / batch uses t itself: the two are gradients of different functions, so a large difference here does not mean backpropagation is wrong.":
            "data=random 时，t 的每一行都是随机数，不是独热向量。书中的损失只取每行 t 的 argmax，而反向传播的 dy = (y − t) / batch 直接用 t 本身：两者求的是两个不同函数的梯度，所以这里差值大并不说明反向传播写错了。",
        "Accuracy {0} on this batch: an untrained net guesses, so about 1/{1} = {2} is expected. The loss {3} is {4} log({1}) = {5}, the loss of an even guess: with weight_init_std = {6} the probabilities are no longer even.":
            "这一批上的准确率为 {0}：未训练的网络只是在猜，约为 1/{1} = {2}。损失 {3} {4}均匀猜测时的 log({1}) = {5}：weight_init_std = {6} 时各类的概率已不再均匀。",
        "below":
            "低于",
        "above":
            "高于",
        "Accuracy {0} on this batch: an untrained net guesses, so about 1/{1} = {2} is expected; the loss {3} is near log({1}) = {4} for the same reason.":
            "这一批上的准确率为 {0}：未训练的网络只是在猜，约为 1/{1} = {2}；损失 {3} 接近 log({1}) = {4}，原因相同。",
        "The loss is {0}, not the loss of a guess: with weight_init_std = {1} the scores are not finite, so neither are the probabilities, and the accuracy {2} only counts where argmax of those scores happened to land.":
            "损失是 {0}，不是随机猜测的损失：weight_init_std = {1} 时得分不是有限值，概率也就不是有限值；准确率 {2} 只反映 argmax 在这些得分里碰巧落在哪一类。",
        "With delta = 0 both sides differentiate the same loss, −log y: what is left is the central difference's own error, about h² times the third derivative, and rounding, about 1e-16 / h.":
            "delta = 0 时两边对同一个损失 −log y 求导：剩下的只是中心差分本身的误差（约为 h² 乘三阶导数）和舍入误差（约 1e-16 / h）。",
        "Most of that is the δ = {0} inside the loss's log, not an error: backprop's (y − t) / batch is the gradient of −log y, while the numerical gradient differentiates −log(y + {0}) as the loss is written; the δ alone accounts for {1}. --set delta=0 makes both sides differentiate the same loss.":
            "这其中大部分来自损失的 log 里的 δ = {0}，而不是错误：反向传播的 (y − t) / batch 是 −log y 的梯度，数值梯度求导的却是写出来的损失 −log(y + {0})；单是这个 δ 就带来 {1}。加上 --set delta=0，两边就对同一个损失求导。",
        "Gradient check passed: mean |backprop − numerical| is {0}, at most {1} of the gradients' own mean size.":
            "梯度检验通过：|反向传播 − 数值| 的平均为 {0}，至多是梯度平均大小的 {1}。",
        "No gradient check is possible: the gradients are not all finite (mean |backprop − numerical| is {0}).":
            "无法做梯度检验：梯度并非都是有限值（|反向传播 − 数值| 的平均为 {0}）。",
    ])
}
