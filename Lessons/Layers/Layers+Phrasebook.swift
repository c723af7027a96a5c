import LessonKit

extension Layers {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "Backprop got each dx in one pass; the numerical gradients took {0} forward passes, two per nudged value.":
            "反向传播一次就得到每个 dx；数值梯度则做了 {0} 次正向计算，每个挪动的值两次。",
        "SoftmaxWithLoss differs by {0}, and the delta inside the log alone accounts for {1}: (y − t) / N is the gradient of −log y, while the loss as written is −log(y + delta). --set delta=0 makes both sides differentiate one loss.":
            "SoftmaxWithLoss 相差 {0}，其中 log 里的 delta 单独就造成 {1}：(y − t) / N 是 −log y 的梯度，而写出来的损失是 −log(y + delta)。加上 --set delta=0，两边就对同一个损失求导。",
        "{0} input{1} within h = 1e-4 of Relu's kink at 0: there x + h and x - h fall on different sides, so the numerical gradient averages the two slopes, while backprop takes the slope at x. That part of Relu's difference is the numerical side's limit.":
            "有 {0} 个输入离 Relu 在 0 处的折点不到 h = 1e-4：x + h 和 x - h 落在两侧，数值梯度取的是两个斜率的平均，反向传播取的是 x 处的斜率。Relu 的这部分差值是数值方法的局限。",
        "Suspicious: {0} — more than 100 times what h, delta and rounding explain.":
            "可疑：{0}——超过 h、delta 和舍入所能解释的 100 倍。",
        "Every backward agrees with its numerical gradient within what h, delta and rounding explain (mean |difference|: {0}).":
            "每个反向都与它的数值梯度一致，差值在 h、delta 和舍入所能解释的范围内（|差| 的平均：{0}）。",
        "No check is possible: some gradient is not finite.":
            "无法检验：有的梯度不是有限值。",
    ])
}
