import LessonKit

extension SimpleNet {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "y[{0}] = {1} is below 1e-6: log(y + 1e-7) is about {2}, set largely by the 1e-7, and this class adds {3} of the loss {4}.":
            "y[{0}] = {1} 小于 1e-6：log(y + 1e-7) 约为 {2}，主要由 1e-7 决定，这一类为损失 {4} 贡献了 {3}。",
        ".":
            "。",
        "{0}; t weighs every class alike.":
            "{0}；t 中各类的权重都相同。",
        "{0}; t weighs classes {1} and {2} most, equally, so they agree.":
            "{0}；t 中第 {3} 类的权重并列最大，两者一致。",
        "{0}; t weighs classes {1} and {2} most, equally, so they disagree.":
            "{0}；t 中第 {3} 类的权重并列最大，两者不一致。",
        "{0}; t weighs class {1} most, so they agree.":
            "{0}；t 中权重最大的是第 {1} 类，两者一致。",
        "{0}; t weighs class {1} most, so they disagree.":
            "{0}；t 中权重最大的是第 {1} 类，两者不一致。",
        "The network gives class {0} the highest probability ({1})":
            "网络给第 {0} 类的概率最高（{1}）",
        "y is not finite: the scores a = x · w are not finite.":
            "y 不是有限值：得分 a = x · w 不是有限值。",
        "t sums to {0}, not 1: it is not a probability distribution, so the loss is smallest at y = t / {0}, not at y = t.":
            "t 的和是 {0}，不是 1：它不是概率分布，所以损失在 y = t / {0} 处最小，而不是在 y = t 处。",
        "t is all 0: it is not a probability distribution, and every term t · log(y + 1e-7) is 0, so the loss is 0 whatever y is.":
            "t 全为 0：它不是概率分布，每一项 t · log(y + 1e-7) 都是 0，所以不论 y 是多少，损失都是 0。",
        "t is all 0: it is not a probability distribution, and every term t · log(y + 1e-7) is 0.":
            "t 全为 0：它不是概率分布，每一项 t · log(y + 1e-7) 都是 0。",
        "t has a negative entry ({0}): it is not a probability distribution, and the loss can even go below 0.":
            "t 中有负数（{0}）：它不是概率分布，损失甚至可能小于 0。",
    ])
}
