import LessonKit

extension Gradient {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "|grad f| = {0}: f rises fastest along ({1}), at {0} per unit step, and falls fastest the opposite way.":
            "|grad f| = {0}：f 沿 ({1}) 方向上升最快，每走一个单位上升 {0}，反方向下降最快。",
        "The gradient is 0: x is a flat spot (a minimum, a maximum or a saddle) as far as h can see.":
            "梯度为 0：在 h 能分辨的范围内，x 是一个平坦点（最小值、最大值或鞍点）。",
        "Some partials are not finite: f is not finite beside x.":
            "有些偏导数不是有限值：f 在 x 旁边不是有限值。",
        "h = {0} is less than half the gap between doubles at {1}: x[i] ± h rounds back to x[i], so that partial is 0 whatever f does.":
            "h = {0} 小于 {1} 处相邻双精度数间隔的一半：x[i] ± h 舍入回 x[i]，所以不论 f 怎样变化，这个偏导数都是 0。",
        "h = 0: x[i] ± h is x[i], so every difference is f(x) - f(x): 0 where f(x) is finite (inf - inf is nan where it is not), and every partial is that over 2h = 0, which is nan.":
            "h = 0：x[i] ± h 就是 x[i]，所以每个差分都是 f(x) - f(x)：f(x) 有限时为 0（不有限时 inf - inf 是 nan），每个偏导数都是它除以 2h = 0，结果是 nan。",
    ])
}
