import LessonKit
import Plot

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Derivative {
    public var narration: Narration {
        Narration(
            english: """
                The derivative is the slope of f at one point: how fast f changes when x moves a little.
                A computer cannot take a limit, so it takes a small step h to each side of x and
                divides the rise by the run:

                    f'(x) ≈ (f(x + h) - f(x - h)) / (2h)

                Why both sides? The one-sided difference (f(x + h) - f(x)) / h is off by an amount
                proportional to h; the central one by an amount proportional to h², about f'''(x)·h²/6.
                A quadratic has no third derivative, so for the notebook's x² + 3x + 100 the central
                difference is exact in real numbers: the slope at 10 is 23. The tail of
                23.000000000052978 is pure rounding. 10 + 1e-4 is not a double, and f near 230 is
                rounded to the nearest double, up to 1.4e-14 off; dividing by 2h = 2e-4 magnifies
                those errors to the order of 1e-10. Here the result is 5.3e-11 above 23.

                Why not make h tiny? That rounding error grows like 1/h while the formula's error
                shrinks like h², so the total is smallest near h ≈ ε^(1/3) ≈ 6e-6 (ε = 2.2e-16, the
                relative gap between doubles) for x and f of order 1. For exp at 1, h = 1e-4 is off
                by 4.5e-9, h = 1e-5 by 5.9e-11, h = 1e-8 by 6.6e-9. The book's h = 1e-4 is a safe
                choice, not the balance point. Much smaller, and rounding takes over: once h is less
                than half the gap between x and the next double, x + h rounds back to x and the
                difference is 0. Try --set h=1e-12 (23.02…), and --trace to see f(x ± h).
                """,
            chinese: """
                导数就是函数 f 在某一点的斜率：x 稍微移动时，f 变化得有多快。计算机无法求极限，于是在 x
                两侧各走一小步 h，用“高度差除以水平距离”来近似：

                    f'(x) ≈ (f(x + h) - f(x - h)) / (2h)

                为什么两侧都取？单侧差分 (f(x + h) - f(x)) / h 的误差与 h 成正比，而中心差分的误差与 h²
                成正比，约为 f'''(x)·h²/6。二次函数的三阶导数为 0，所以对笔记本里的 x² + 3x + 100，中心
                差分在实数运算下是精确的：x = 10 处的斜率就是 23。23.000000000052978 末尾的那些数字完全
                来自舍入：10 + 1e-4 不能用双精度数精确表示，f 在 230 附近的值也要舍入到最近的双精度数，
                误差可达 1.4e-14；再除以 2h = 2e-4，这些误差会被放大到 1e-10 的量级。这里的结果比 23 大
                5.3e-11。

                为什么不把 h 取得极小？舍入误差随 1/h 增大，而公式本身的误差随 h² 减小，所以当 x 和 f 的
                量级为 1 时，总误差在 h ≈ ε^(1/3) ≈ 6e-6 附近最小（ε = 2.2e-16，是相邻双精度数的相对间隔）。
                对 x = 1 处的 exp，h = 1e-4 的误差是 4.5e-9，h = 1e-5 是 5.9e-11，h = 1e-8 是 6.6e-9。书中的
                h = 1e-4 是稳妥的选择，而不是误差最小的平衡点。h 再小下去，舍入就占了上风：一旦 h 小于 x
                与相邻双精度数间隔的一半，x + h 就会舍入回 x，差分变成 0。可以试试 --set h=1e-12（结果是
                23.02…），再加上 --trace 看看 f(x ± h)。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        guard let f = run[Parameters.function], let x = run[Parameters.x], let h = run[Parameters.h]
        else { return [] }
        let slope = run[Outputs.derivative].scalar
        let (up, down, fx) = (f(x + h), f(x - h), f(x))
        var notes: [String] = []
        if !h.isFinite {
            notes.append(
                Derivative.phrasebook("h = {0} is not a finite step, so x ± h and the difference are not finite either.", NumPyFormat.pythonRepr(h), in: language))
            return notes
        }
        if h == 0 {
            notes.append(
                Derivative.phrasebook("h = 0: x + h is x, so the difference is 0 and 0 / (2h) is 0 / 0 = nan.", in: language))
            return notes
        }
        if x + h == x && x - h == x {
            notes.append(
                Derivative.phrasebook("h = {0} is less than half the gap between doubles at x ({1}): x + h and x - h both round to x, so the difference is 0 whatever f is.", Figure.short(h), Figure.short(x.ulp), in: language))
            return notes
        }
        guard up.isFinite, down.isFinite, slope.isFinite else {
            notes.append(
                Derivative.phrasebook("f(x + h) = {0} and f(x - h) = {1}: f is not finite beside x, so neither is the difference.", NumPyFormat.pythonRepr(up), NumPyFormat.pythonRepr(down), in: language))
            return notes
        }
        let scale = max(abs(up), abs(down))
        if up != down, scale > 0 {
            let shared = max(0, Int((-log10(abs(up - down) / scale)).rounded(.down)))
            notes.append(
                Derivative.phrasebook("f(x + h) and f(x - h) agree to about {0} significant digits, so their difference keeps only about {1} of a double's 16.", shared, max(0, 16 - shared), in: language))
        }
        if up.isFinite, down.isFinite, h != 0 {
            // Each value is off by at most half its ulp, so their difference by
            // at most the two half-ulps together, and the quotient by that / 2h.
            let rounding = (up.ulp + down.ulp) / (4 * abs(h))
            notes.append(
                Derivative.phrasebook("Rounding f(x ± h) to doubles (half an ulp each) moves the result by up to (ulp(f(x + h)) + ulp(f(x - h))) / 4h ≈ {0}. That is an estimate of the rounding error, not a bound: rounding x ± h and each operation inside f add to it, so digits of the result near and below that size are noise.", Figure.short(rounding), in: language))
        }
        if let kink = Self.kink(f: { f($0) }, x: x, h: h, fx: fx, language: language) {
            notes.append(Derivative.phrasebook("{0}.", kink, in: language))
        }
        return notes
    }

    /// The difference step by step: the two points, f at each, their
    /// difference, 2h and the quotient.
    public func trace(_ run: Run) -> Trace? {
        guard let f = run[Parameters.function], let x = run[Parameters.x], let h = run[Parameters.h]
        else { return nil }
        let (up, down) = (f(x + h), f(x - h))
        let rows: [(String, Double)] = [
            ("x + h", x + h), ("x - h", x - h), ("f(x + h)", up), ("f(x - h)", down), ("f(x + h) - f(x - h)", up - down), ("2h", 2 * h),
            ("(f(x + h) - f(x - h)) / (2h)", run[Outputs.derivative].scalar),
        ]
        return Trace(columns: ["quantity", "value"], rows: rows.map { [$0.0, NumPyFormat.pythonRepr($0.1)] })
    }
}

extension Derivative {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "numerical derivative by central difference": "用中心差分求数值导数",
            "The slope of f at x = ": "f 在 x = ",
            " by central difference": "（中心差分）",
            "line of slope ": "斜率为 ",
            " through (x, f(x))": " 且过 (x, f(x)) 的直线",
            "secant through x - h and x + h (h = ": "过 x - h 与 x + h 的割线（h = ",
            "error against h (vs a 4th-order difference)": "误差随 h 的变化（与四阶差分相比）",
            "error against h": "误差与 h",
            "h = ε^(1/3)·max(1, |x|): where the errors meet": "h = ε^(1/3)·max(1, |x|)：两种误差相当之处",
            "this h": "本次的 h",
            "the difference is ": "差分在这里是 ",
            " here: there is no slope to draw": "：没有斜率可画",
            "f is not smooth at x: slope ": "f 在 x 处不光滑：x 左侧斜率 ",
            " just left of x, ": "，右侧 ",
            " just right; the dashed line is their average, not a tangent": "；虚线是两者的平均，不是切线",
            "|difference − derivative|": "|差分 − 导数|",
            "quantity": "量",
            "value": "值",
        ])
    }
}
