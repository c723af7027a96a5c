import LessonKit

extension SimpleNet {
    public var narration: Narration {
        Narration(
            english: """
                The smallest network there is: one layer of weights w (2×3), no bias. An input x
                (1×2) becomes three scores a = x · w, softmax turns the scores into probabilities y,
                and cross-entropy measures how far y is from the target t:

                    y = exp(a - max(a)) / sum(exp(a - max(a)))
                    loss = -sum(t · log(y + 1e-7))

                Why subtract max(a)? exp(1000) is already inf in a double, and inf / inf is nan.
                Subtracting the same number from every score leaves softmax unchanged but keeps the
                largest exponent at exp(0) = 1.
                Why add 1e-7? When a probability underflows to 0, log(0) is -inf and 0 · -inf is nan;
                the tiny constant keeps the loss finite and barely changes it otherwise.
                The notebook drew w and x without a seed, so its numbers cannot be repeated; here they
                come from np.random.seed (0 unless --seed says otherwise), w first and then x.
                """,
            chinese: """
                这是最小的神经网络：只有一层权重 w（2×3），没有偏置。输入 x（1×2）经过 a = x · w 得到
                三个得分，softmax 把得分变成概率 y，交叉熵再衡量 y 与目标 t 相差多远：

                    y = exp(a - max(a)) / sum(exp(a - max(a)))
                    loss = -sum(t · log(y + 1e-7))

                为什么要减去 max(a)？在双精度里 exp(1000) 已经是 inf，而 inf / inf 是 nan。每个得分都减去
                同一个数，softmax 的结果不变，最大的指数却只有 exp(0) = 1。
                为什么要加 1e-7？概率下溢成 0 时，log(0) 是 -inf，0 · -inf 是 nan；加上这个很小的常数，
                损失就保持有限，其他情况下几乎不受影响。
                笔记本里的 w 和 x 是不设种子随机生成的，数值无法复现；这里用 np.random.seed 生成（默认
                种子 0，可用 --seed 修改），先生成 w，再生成 x。
                """)
    }
}
