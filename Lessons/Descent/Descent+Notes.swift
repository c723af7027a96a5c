import LessonKit
import Plot

extension Descent {
    /// What this run did, read from its path: whether it reached the minimum,
    /// froze, oscillated or blew up, and why, in the learner's language.
    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let b = Behaviour(run)
        guard b.steps > 0, let lr = run[Parameters.lr] else {
            return [language == .english ? "No steps were taken: x is the starting point." : "没有走任何一步：x 就是起点。"]
        }
        let english = language == .english
        var notes: [String] = []
        let start = Figure.short(b.norms[0])
        if b.firstNonFinite == 0 {
            return [
                english
                    ? "The starting point is not finite (|x| = \(start)): f and its gradient are inf or nan there, and so is every step after it."
                    : "起点不是有限值（|x| = \(start)）：f 和它的梯度在那里都是 inf 或 nan，之后的每一步也都是。"
            ]
        }
        if let k = b.firstNonFinite {
            // Which broke: the gradient at the last finite point, or the step.
            let f = run[Parameters.function]
            let h = run[Parameters.h] ?? 1e-4
            let before = b.points[k - 1]
            let grad = f.map { f in f.gradient(at: before, h: h) } ?? []
            if grad.allSatisfy(\.isFinite) {
                let last = Figure.short(b.norms[k - 1])
                notes.append(
                    english
                        ? "Diverged: |x| went from \(start) to \(last) by step \(k - 1), then lr·grad overflowed: x is inf or nan from step \(k) on."
                        : "发散：到第 \(k - 1) 步 |x| 从 \(start) 增长到 \(last)，随后 lr·grad 溢出：从第 \(k) 步起 x 变成 inf 或 nan。")
            } else if b.norms[k - 1] > 10 * b.norms[0] {
                let last = Figure.short(b.norms[k - 1])
                notes.append(
                    english
                        ? "Diverged: |x| went from \(start) to \(last) by step \(k - 1), where f is not finite at x ± h (f(x) = \(Figure.short(b.value(k - 1)))); so neither is the gradient, and x is inf or nan from step \(k) on."
                        : "发散：到第 \(k - 1) 步 |x| 从 \(start) 增长到 \(last)，那里 f 在 x ± h 处不是有限值（f(x) = \(Figure.short(b.value(k - 1)))），梯度也就不是，从第 \(k) 步起 x 变成 inf 或 nan。"
                )
            } else {
                notes.append(
                    english
                        ? "Broke down at step \(k - 1): f is not finite at x ± h there (f(x) = \(Figure.short(b.value(k - 1)))), so neither is the gradient, and x is inf or nan from step \(k) on."
                        : "在第 \(k - 1) 步出了问题：那里 f 在 x ± h 处不是有限值（f(x) = \(Figure.short(b.value(k - 1)))），梯度也就不是，从第 \(k) 步起 x 变成 inf 或 nan。"
                )
            }
        } else if b.diverges {
            let peak = b.norms.indices.max { b.norms[$0] < b.norms[$1] } ?? 0
            // |x| is quoted only when it grew too: f can rise while |x| does not.
            let norm =
                Behaviour.grew(from: b.norms[0], to: b.norms[peak])
                ? (english
                    ? "; |x| grew from \(start) to \(Figure.short(b.norms[peak])) (step \(peak))"
                    : "；|x| 从 \(start) 增长到 \(Figure.short(b.norms[peak]))（第 \(peak) 步）") : ""
            notes.append(
                english
                    ? "Diverged: f went up from \(Figure.short(b.value(0))) to \(Figure.short(b.value(b.steps)))\(norm)."
                    : "发散：f 从 \(Figure.short(b.value(0))) 升到 \(Figure.short(b.value(b.steps)))\(norm)。")
        } else if b.frozenFrom == 0 {
            notes.append(english ? "x never moved in \(Narration.counted(b.steps, "step"))." : "\(b.steps) 步中 x 一次也没有移动。")
        } else if b.oscillates && b.bounce == .holds && Figure.short(b.value(0)) == Figure.short(b.value(b.steps)) {
            notes.append(
                english
                    ? "Neither converging nor diverging: in \(Narration.counted(b.steps, "step")) x jumped back and forth across the minimum and f stayed at \(Figure.short(b.value(0))): each jump lands as far from the minimum as the last."
                    : "既不收敛也不发散：\(b.steps) 步里 x 在最小值两侧来回跳，f 始终是 \(Figure.short(b.value(0)))，因为每次跳跃的落点离最小值都和上一次一样远。"
            )
        } else if Figure.short(b.value(0)) == Figure.short(b.value(b.steps)) && b.firstStepCrossedAValley {
            // f the same, and the first step leapt over lower ground: x jumped to points as high.
            let step = Figure.short(b.firstStep)
            notes.append(
                english
                    ? "Jumping, not descending: x's first step was \(step) long, yet after \(Narration.counted(b.steps, "step")) f is still \(Figure.short(b.value(0))), so each step landed as high on the other side as it began."
                    : "只是在跳，没有下降：x 的第一步长 \(step)，可走了 \(b.steps) 步之后 f 仍是 \(Figure.short(b.value(0)))，每一步都落在对面同样高的地方。"
            )
        } else if Figure.short(b.value(0)) == Figure.short(b.value(b.steps)) && b.distance < 1e-3 * max(b.norms[0], 1) {
            // f and x both barely changed (f alone can look still beside a large constant).
            let moved = Figure.short(b.distance)
            let change = b.value(0) - b.value(b.steps)
            notes.append(
                english
                    ? "Barely moving: in \(Narration.counted(b.steps, "step")) f \(change >= 0 ? "fell" : "rose") by only \(Figure.short(abs(change))) (from \(Figure.short(b.value(0)))) and x moved \(moved); lr is too small to get anywhere."
                    : "几乎没动：\(b.steps) 步里 f 只\(change >= 0 ? "下降" : "上升")了 \(Figure.short(abs(change)))（起点 \(Figure.short(b.value(0)))），x 只移动了 \(moved)；lr 太小，走不到哪里去。"
            )
        } else if b.settling {
            notes.append(
                english
                    ? "Converging: f fell from \(Figure.short(b.value(0))) to \(Figure.short(b.value(b.steps))) in \(Narration.counted(b.steps, "step")), and the last step was under 1/1000 of the first."
                    : "收敛：\(b.steps) 步内 f 从 \(Figure.short(b.value(0))) 降到 \(Figure.short(b.value(b.steps)))，最后一步不到第一步的千分之一。")
        } else if b.oscillates && b.bounce != .shrinks {
            notes.append(
                english
                    ? "Not settling: f went from \(Figure.short(b.value(0))) to \(Figure.short(b.value(b.steps))) in \(Narration.counted(b.steps, "step")), but the last step was \(Figure.short(b.lastStepRatio)) of the first: x keeps jumping across the minimum."
                    : "没有收敛：\(b.steps) 步内 f 从 \(Figure.short(b.value(0))) 变到 \(Figure.short(b.value(b.steps)))，但最后一步仍是第一步的 \(Figure.short(b.lastStepRatio)) 倍：x 一直在最小值两侧来回跳。"
            )
        } else if b.lastStepRatio > 10 {
            notes.append(
                english
                    ? "Falling without bound: f went from \(Figure.short(b.value(0))) to \(Figure.short(b.value(b.steps))) and the steps grew (the last moving one was \(Figure.short(b.lastStepRatio))× the first): f seems to have no minimum this way."
                    : "无界下降：f 从 \(Figure.short(b.value(0))) 降到 \(Figure.short(b.value(b.steps)))，步长越来越大（最后一次移动是第一步的 \(Figure.short(b.lastStepRatio)) 倍）：沿这个方向 f 似乎没有最小值。"
            )
        } else {
            // Beside a large constant the two ends print alike at four figures: then quote the fall.
            let (first, last) = (Figure.short(b.value(0)), Figure.short(b.value(b.steps)))
            let fell = first == last
                ? (english ? "f fell by \(Figure.short(b.value(0) - b.value(b.steps))) (from \(first))" : "f 下降了 \(Figure.short(b.value(0) - b.value(b.steps)))（起点 \(first)）")
                : (english ? "f fell from \(first) to \(last)" : "f 从 \(first) 降到 \(last)")
            notes.append(
                english
                    ? "Still descending: \(fell) in \(Narration.counted(b.steps, "step")), and the last step was \(Figure.short(b.lastStepRatio)) of the first: more steps would go further."
                    : "仍在下降：\(b.steps) 步内 \(fell)，最后一步是第一步的 \(Figure.short(b.lastStepRatio)) 倍：多走几步还能走得更远。"
            )
        }
        if b.oscillates {
            // Coordinates with the same factor are described together.
            var groups: [(axes: [String], factor: Double)] = []
            for (index, factor) in b.factors.enumerated() {
                guard let factor, factor < 0 else { continue }
                if let at = groups.firstIndex(where: { Figure.short($0.factor) == Figure.short(factor) }) {
                    groups[at].axes.append("x\(index)")
                } else {
                    groups.append((["x\(index)"], factor))
                }
            }
            // Three kinds of axis at most, and a long list of axes by its ends.
            let shownGroups = groups.count > 4 ? Array(groups.prefix(3)) : groups
            var described = shownGroups.map { axes, factor -> String in
                let a = (1 - factor) / (2 * lr)
                let names =
                    axes.count == 1
                    ? axes[0]
                    : axes.count > 8
                        ? Narration.listed(axes, in: language)
                        : axes.dropLast().joined(separator: ", ") + (english ? " and " : " 和 ") + axes.last!
                let bound =
                    factor <= -0.99
                    ? (english ? "; it settles only for lr < 1/a = \(Figure.short(1 / a))" : "；只有 lr < 1/a = \(Figure.short(1 / a)) 才会收敛")
                    : ""
                return english
                    ? "along \(names) each step is \(Figure.short(factor)) times the one before (1 - 2·lr·a, so a = \(Figure.short(a)))\(bound)"
                    : "沿 \(names) 每一步是上一步的 \(Figure.short(factor)) 倍（1 - 2·lr·a，所以 a = \(Figure.short(a))）\(bound)"
            }
            if shownGroups.count < groups.count {
                let others = groups.dropFirst(shownGroups.count).reduce(0) { $0 + $1.axes.count }
                described.append(
                    english ? "\(others) more axes move by other factors" : "另有 \(others) 个坐标以其他倍数移动")
            }
            let jumps: (String, String)
            switch b.bounce {
            case .grows: jumps = ("each jump longer than the last", "每次跳跃都比上一次更远")
            case .holds: jumps = ("each jump as long as the last, so it never settles", "每次跳跃都和上一次一样远，永远停不下来")
            case .shrinks: jumps = ("each jump shorter than the last", "每次跳跃都比上一次更近")
            }
            let detail =
                described.isEmpty
                ? "" : " " + (english ? "From the first two steps: " : "由前两步可知：") + described.joined(separator: english ? "; " : "；")
            notes.append(
                english
                    ? "Oscillates: x jumps across the minimum at every step, \(jumps.0).\(detail)\(detail.isEmpty ? "" : ".")"
                    : "振荡：x 每一步都跳到最小值的另一侧，\(jumps.1)。\(detail)\(detail.isEmpty ? "" : "。")")
        }
        if let k = b.frozenFrom, let cause = b.freezeCause(run, language: language) {
            notes.append(
                english
                    ? "x froze at step \(k) and stayed there for the last \(b.steps - k) of \(Narration.counted(b.steps, "step")): \(cause)."
                    : "x 从第 \(k) 步起不再变化，\(b.steps) 步中的最后 \(b.steps - k) 步都停在原地：\(cause)。")
        }
        return notes
    }
}
