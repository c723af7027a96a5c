import LessonKit

extension GradientCheck {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "{0} of the {1} hidden units ({2}) {3} off for every image ({4} input is at most 0), so Relu passes nothing back: backprop gives {4} W1 column, b1 and W2 row a gradient of exactly 0.":
            "{1} 个隐藏单元中有 {0} 个（{2}）对每张图像都处于关闭状态（输入不大于 0），Relu 什么也不传回：反向传播给它们的 W1 列、b1 和 W2 行的梯度恰好为 0。",
        "The δ = {0} inside the loss's log alone makes the two sides differ by {1}: backprop's (y − t) / batch is the gradient of −log y, the numerical gradient differentiates −log(y + {0}). --set delta=0 makes both sides differentiate the same loss.":
            "单是损失的 log 里的 δ = {0} 就让两边相差 {1}：反向传播的 (y − t) / batch 是 −log y 的梯度，数值梯度求导的是 −log(y + {0})。加上 --set delta=0，两边就对同一个损失求导。",
        "Gradient check is suspicious: mean |backprop − numerical| is {0}, up to {1} of the gradients' size, more than the δ inside the log and rounding account for.":
            "梯度检验可疑：|反向传播 − 数值| 的平均为 {0}，可达梯度大小的 {1}，超出了 log 里的 δ 和舍入所能解释的部分。",
        "The check differs by more than rounding and the δ explain ({0}, up to {1} of the gradients' size), and {2} of the {3} hidden inputs lie within h = 1e-4 of ReLU's kink at 0: a nudge there crosses the kink, so the numerical gradient averages the slopes on both sides, while backprop takes the slope at the point. That is the numerical side's limit, not a bug.":
            "差值超出了舍入和 δ 所能解释的范围（{0}，可达梯度大小的 {1}），而 {3} 个隐藏层输入中有 {2} 个离 ReLU 在 0 处的折点不到 h = 1e-4：在那里挪动会跨过折点，数值梯度取的是两侧斜率的平均，反向传播取的是该点的斜率。这是数值方法的局限，不是错误。",
        "Gradient check passed: mean |backprop − numerical| is {0}, at most {1} of the gradients' own mean size.":
            "梯度检验通过：|反向传播 − 数值| 的平均为 {0}，至多是梯度平均大小的 {1}。",
        "No gradient check is possible: the gradients are not all finite (mean |backprop − numerical| is {0}).":
            "无法做梯度检验：梯度并非都是有限值（|反向传播 − 数值| 的平均为 {0}）。",
    ])
}
