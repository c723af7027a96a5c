import LessonKit

extension Derivative {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "f is not smooth at x: slope {0} just left of x, {1} just right; the dashed line is their average, not a tangent":
            "f 在 x 处不光滑：x 左侧的斜率是 {0}，右侧是 {1}；虚线是两者的平均值，而不是切线",
        "{0}.":
            "{0}。",
        "Rounding f(x ± h) to doubles (half an ulp each) moves the result by up to (ulp(f(x + h)) + ulp(f(x - h))) / 4h ≈ {0}. That is an estimate of the rounding error, not a bound: rounding x ± h and each operation inside f add to it, so digits of the result near and below that size are noise.":
            "把 f(x ± h) 舍入成双精度数（每个值最多偏差半个 ulp）会让结果偏离多达 (ulp(f(x + h)) + ulp(f(x - h))) / 4h ≈ {0}。这只是舍入误差的估计，不是上界：x ± h 本身的舍入和 f 内部每一步运算都会再加上一些，所以结果中与之相当及更小的位数都是噪声。",
        "f(x + h) and f(x - h) agree to about {0} significant digits, so their difference keeps only about {1} of a double's 16.":
            "f(x + h) 与 f(x - h) 大约有 {0} 位有效数字相同，所以两者之差只剩下双精度约 16 位中的 {1} 位左右。",
        "f(x + h) = {0} and f(x - h) = {1}: f is not finite beside x, so neither is the difference.":
            "f(x + h) = {0}，f(x - h) = {1}：f 在 x 旁边不是有限值，差分也就不是。",
        "h = {0} is less than half the gap between doubles at x ({1}): x + h and x - h both round to x, so the difference is 0 whatever f is.":
            "h = {0} 小于 x 处相邻双精度数间隔（{1}）的一半：x + h 和 x - h 都舍入成 x，所以不论 f 是什么，差分都是 0。",
        "h = 0: x + h is x, so the difference is 0 and 0 / (2h) is 0 / 0 = nan.":
            "h = 0：x + h 就是 x，差分为 0，而 0 / (2h) 是 0 / 0 = nan。",
        "h = {0} is not a finite step, so x ± h and the difference are not finite either.":
            "h = {0} 不是有限的步长，所以 x ± h 和差分也都不是有限值。",
    ])
}
