import LessonKit

extension Descent {
    /// Every sentence the notes write, in Chinese, keyed by its English
    /// (``Phrasebook``): the code that picks a sentence writes it once.
    static let phrasebook = Phrasebook([
        "near {0} neighbouring doubles are {1} apart, so x + h and x - h (h = {2}) round back to x; f(x + h) - f(x - h) is 0, the gradient is 0, and x - lr·0 is x":
            "在 {0} 附近，相邻双精度数相差 {1}，所以 x + h 和 x - h（h = {2}）都舍入回 x；f(x + h) - f(x - h) 为 0，梯度为 0，x - lr·0 还是 x",
        "near f(x) = {0} neighbouring doubles are {1} apart, so over 2h any slope below about {2} rounds to no change: f(x + h) equals f(x - h) along every axis and the gradient is exactly 0":
            "在 f(x) = {0} 附近，相邻双精度数相差 {1}，所以在 2h 范围内小于约 {2} 的斜率都看不出变化：每个方向上 f(x + h) 都等于 f(x - h)，梯度恰好为 0",
        "the step lr·grad (at most {0}) is less than half the gap between doubles near x ({1} at {2}), so x - lr·grad rounds back to x":
            "每一步 lr·grad（最大 {0}）不到 x 附近相邻双精度数间隔（{2} 处为 {1}）的一半，所以 x - lr·grad 舍入回 x",
        "f(x + h) equals f(x - h) along every axis, so the gradient is exactly 0: x sits on a flat spot (a minimum, a maximum or a saddle)":
            "每个方向上 f(x + h) 都等于 f(x - h)，所以梯度恰好为 0：x 停在平坦处（最小值、最大值或鞍点）",
        "lr is 0, so no step moves x":
            "lr 是 0，所以每一步都不会移动 x",
        "x froze at step {0} and stayed there for the last {1} of {2}: {3}.":
            "x 从第 {0} 步起不再变化，{4} 步中的最后 {1} 步都停在原地：{3}。",
        "Oscillates: x jumps across the minimum at every step, {0}.":
            "振荡：x 每一步都跳到最小值的另一侧，{0}。",
        "Oscillates: x jumps across the minimum at every step, {0}. From the first two steps: {1}.":
            "振荡：x 每一步都跳到最小值的另一侧，{0}。 由前两步可知：{1}。",
        "; ":
            "；",
        "each jump longer than the last":
            "每次跳跃都比上一次更远",
        "each jump as long as the last, so it never settles":
            "每次跳跃都和上一次一样远，永远停不下来",
        "each jump shorter than the last":
            "每次跳跃都比上一次更近",
        "{0} more axes move by other factors":
            "另有 {0} 个坐标以其他倍数移动",
        "along {0} each step is {1} times the one before (1 - 2·lr·a, so a = {2}){3}":
            "沿 {0} 每一步是上一步的 {1} 倍（1 - 2·lr·a，所以 a = {2}）{3}",
        "; it settles only for lr < 1/a = {0}":
            "；只有 lr < 1/a = {0} 才会收敛",
        " and ":
            " 和 ",
        "Still descending: {0} in {1}, and the last step was {2} of the first: more steps would go further.":
            "仍在下降：{3} 步内 {0}，最后一步是第一步的 {2} 倍：多走几步还能走得更远。",
        "f fell from {0} to {1}":
            "f 从 {0} 降到 {1}",
        "f fell by {0} (from {1})":
            "f 下降了 {0}（起点 {1}）",
        "Falling without bound: f went from {0} to {1} and the steps grew (the last moving one was {2}× the first): f seems to have no minimum this way.":
            "无界下降：f 从 {0} 降到 {1}，步长越来越大（最后一次移动是第一步的 {2} 倍）：沿这个方向 f 似乎没有最小值。",
        "Not settling: f went from {0} to {1} in {2}, but the last step was {3} of the first: x keeps jumping across the minimum.":
            "没有收敛：{4} 步内 f 从 {0} 变到 {1}，但最后一步仍是第一步的 {3} 倍：x 一直在最小值两侧来回跳。",
        "Converging: f fell from {0} to {1} in {2}, and the last step was under 1/1000 of the first.":
            "收敛：{3} 步内 f 从 {0} 降到 {1}，最后一步不到第一步的千分之一。",
        "Barely moving: in {0} f fell by only {1} (from {2}) and x moved {3}; lr is too small to get anywhere.":
            "几乎没动：{4} 步里 f 只下降了 {1}（起点 {2}），x 只移动了 {3}；lr 太小，走不到哪里去。",
        "Barely moving: in {0} f rose by only {1} (from {2}) and x moved {3}; lr is too small to get anywhere.":
            "几乎没动：{4} 步里 f 只上升了 {1}（起点 {2}），x 只移动了 {3}；lr 太小，走不到哪里去。",
        "Jumping, not descending: x's first step was {0} long, yet after {1} f is still {2}, so each step landed as high on the other side as it began.":
            "只是在跳，没有下降：x 的第一步长 {0}，可走了 {3} 步之后 f 仍是 {2}，每一步都落在对面同样高的地方。",
        "Neither converging nor diverging: in {0} x jumped back and forth across the minimum and f stayed at {1}: each jump lands as far from the minimum as the last.":
            "既不收敛也不发散：{2} 步里 x 在最小值两侧来回跳，f 始终是 {1}，因为每次跳跃的落点离最小值都和上一次一样远。",
        "x never moved in {0}.":
            "{1} 步中 x 一次也没有移动。",
        "Diverged: f went up from {0} to {1}{2}.":
            "发散：f 从 {0} 升到 {1}{2}。",
        "; |x| grew from {0} to {1} (step {2})":
            "；|x| 从 {0} 增长到 {1}（第 {2} 步）",
        "Broke down at step {0}: f is not finite at x ± h there (f(x) = {1}), so neither is the gradient, and x is inf or nan from step {2} on.":
            "在第 {0} 步出了问题：那里 f 在 x ± h 处不是有限值（f(x) = {1}），梯度也就不是，从第 {2} 步起 x 变成 inf 或 nan。",
        "Diverged: |x| went from {0} to {1} by step {2}, where f is not finite at x ± h (f(x) = {3}); so neither is the gradient, and x is inf or nan from step {4} on.":
            "发散：到第 {2} 步 |x| 从 {0} 增长到 {1}，那里 f 在 x ± h 处不是有限值（f(x) = {3}），梯度也就不是，从第 {4} 步起 x 变成 inf 或 nan。",
        "Diverged: |x| went from {0} to {1} by step {2}, then lr·grad overflowed: x is inf or nan from step {3} on.":
            "发散：到第 {2} 步 |x| 从 {0} 增长到 {1}，随后 lr·grad 溢出：从第 {3} 步起 x 变成 inf 或 nan。",
        "The starting point is not finite (|x| = {0}): f and its gradient are inf or nan there, and so is every step after it.":
            "起点不是有限值（|x| = {0}）：f 和它的梯度在那里都是 inf 或 nan，之后的每一步也都是。",
        "No steps were taken: x is the starting point.":
            "没有走任何一步：x 就是起点。",
    ])
}
