import LessonKit

extension ComputationalGraph {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "A central difference (h = 1e-4) on the forward bill gives the same derivatives to {0} of their size: backward and numerical agree, and the graph needed 5 × 2 forward runs for the numerical ones.":
            "在正向账单上取中心差分（h = 1e-4），得到的导数与反向传播相差至多其大小的 {0}：两者一致，而数值方法需要 5 × 2 次正向计算。",
        "The price moves most with {0}: {1} per unit. Each derivative took one multiplication backward.":
            "价格对 {0} 最敏感：每单位变化 {1}。反向时每个导数只用了一次乘法。",
    ])
}
