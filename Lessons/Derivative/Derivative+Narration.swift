import LessonKit

extension Derivative {
    public var narration: Narration {
        Narration(
            english: """
                The derivative is the slope of f at one point: how fast f changes when x moves a little.
                A computer cannot take a limit, so it takes a small step h to each side and measures
                the rise over the run:

                    f'(x) ≈ (f(x + h) - f(x - h)) / (2h)

                Why both sides? The one-sided difference (f(x + h) - f(x)) / h is off by an amount
                proportional to h; the central one is off by an amount proportional to h², so with
                h = 1e-4 the error is around 1e-8 instead of 1e-4.
                Why not make h tiny, say 1e-50? Doubles keep about 16 significant digits. Once h is
                smaller than the gap between x and the next double, x + h is just x and the difference
                is 0; long before that, the two nearly equal values of f cancel and rounding dominates.
                1e-4 balances the two errors. Try --set h=1e-12 and watch the digits go wrong.
                """,
            chinese: """
                导数就是函数 f 在某一点的斜率：x 稍微移动时，f 变化得有多快。
                计算机无法求极限，于是在 x 两侧各走一小步 h，用"高度差除以水平距离"来近似：

                    f'(x) ≈ (f(x + h) - f(x - h)) / (2h)

                为什么两侧都取？单侧差分 (f(x + h) - f(x)) / h 的误差与 h 成正比，而中心差分的误差
                与 h² 成正比，所以 h = 1e-4 时误差大约是 1e-8，而不是 1e-4。
                为什么不把 h 取得极小，比如 1e-50？双精度浮点数只有约 16 位有效数字。h 一旦小于 x 与
                相邻浮点数之间的间隔，x + h 就等于 x，差分变成 0；在那之前，两个几乎相等的函数值相减
                也会抵消掉有效数字，舍入误差占了上风。1e-4 正好在两种误差之间取得平衡。
                可以试试 --set h=1e-12，看看结果的数字如何变坏。
                """)
    }
}
