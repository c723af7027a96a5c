import LessonKit

extension OptimizerCompare {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "f at each path's last point: {0}. {1} is lowest; the minimum is f(0, 0) = 0.":
            "每条路径最后一点处的 f：{0}。{1} 最低；最小值是 f(0, 0) = 0。",
        "Every path left the doubles' range: the rates are too large.":
            "每条路径都超出了双精度数的范围：学习率太大。",
    ])
}
