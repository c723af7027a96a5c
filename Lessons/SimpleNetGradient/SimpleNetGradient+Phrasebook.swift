import LessonKit

extension SimpleNetGradient {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "t is not one-hot; the book's loss uses only its argmax, class {0}.":
            "t 不是独热向量；书中的损失只用它的 argmax，即第 {0} 类。",
        "dW[{0}, {1}] (the label's column) is negative because x[{0}] = {2} is positive: raising w[{0}, {1}] raises y[{1}] and so lowers the loss.":
            "dW[{0}, {1}]（标签所在列）为负，因为 x[{0}] = {2} 为正：增大 w[{0}, {1}] 会提高 y[{1}]，从而降低损失。",
        "dW[{0}, {1}] (the label's column) is positive because x[{0}] = {2} is negative: raising w[{0}, {1}] lowers y[{1}] and so raises the loss.":
            "dW[{0}, {1}]（标签所在列）为正，因为 x[{0}] = {2} 为负：增大 w[{0}, {1}] 会降低 y[{1}]，从而提高损失。",
        "In closed form dW[i, j] = x[i] · (y[j] − t[j]) = {0}; the numerical dW differs from it by at most {1} of each value, {2}.":
            "闭式解 dW[i, j] = x[i] · (y[j] − t[j]) = {0}；数值 dW 与它的相对差至多为 {1}，{2}。",
        "mostly by the delta = {0} inside the log, which the closed form leaves out":
            "主要来自 log 里的 delta = {0}，闭式解里没有它",
        "by the central difference's own error":
            "差别来自中心差分本身的误差",
        "Each row of dW adds up to about 0 ({0}): adding the same amount to the three weights of row i moves all three scores by x[i] times it, which softmax ignores, so the loss cannot change along that direction.":
            "dW 每一行的和都约为 0（{0}）：给第 i 行的三个权重加上同一个数，三个得分都移动它的 x[i] 倍，softmax 不受影响，所以损失沿这个方向不会变化。",
        " and ":
            " 和 ",
    ])
}
