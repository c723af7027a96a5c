import LessonKit
import Plot

extension Descent {
    /// What this run did, read from its path: whether it reached the minimum,
    /// froze, oscillated or blew up, and why, in the learner's language.
    ///
    /// One branch per way a descent can end, tried in the order the notes
    /// rank them; breaking down and oscillating have functions of their own.
    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let b = Behaviour(run)
        guard b.steps > 0, let lr = run[Parameters.lr] else {
            return [Descent.phrasebook("No steps were taken: x is the starting point.", in: language)]
        }
        var notes: [String] = []
        let start = Figure.short(b.norms[0])
        if b.firstNonFinite == 0 {
            return [
                Descent.phrasebook("The starting point is not finite (|x| = {0}): f and its gradient are inf or nan there, and so is every step after it.", start, in: language)
            ]
        }
        if let k = b.firstNonFinite {
            notes.append(brokeDown(b, at: k, run, language: language))
        } else if b.diverges {
            let peak = b.norms.indices.max { b.norms[$0] < b.norms[$1] } ?? 0
            // |x| is quoted only when it grew too: f can rise while |x| does not.
            let norm =
                Behaviour.grew(from: b.norms[0], to: b.norms[peak])
                ? (Descent.phrasebook("; |x| grew from {0} to {1} (step {2})", start, Figure.short(b.norms[peak]), peak, in: language)) : ""
            notes.append(
                Descent.phrasebook("Diverged: f went up from {0} to {1}{2}.", Figure.short(b.value(0)), Figure.short(b.value(b.steps)), norm, in: language))
        } else if b.frozenFrom == 0 {
            notes.append(Descent.phrasebook("x never moved in {0}.", Narration.counted(b.steps, "step"), b.steps, in: language))
        } else if b.oscillates && b.bounce == .holds && Figure.short(b.value(0)) == Figure.short(b.value(b.steps)) {
            notes.append(
                Descent.phrasebook("Neither converging nor diverging: in {0} x jumped back and forth across the minimum and f stayed at {1}: each jump lands as far from the minimum as the last.", Narration.counted(b.steps, "step"), Figure.short(b.value(0)), b.steps, in: language)
            )
        } else if Figure.short(b.value(0)) == Figure.short(b.value(b.steps)) && b.firstStepCrossedAValley {
            // f the same, and the first step leapt over lower ground: x jumped to points as high.
            let step = Figure.short(b.firstStep)
            notes.append(
                Descent.phrasebook("Jumping, not descending: x's first step was {0} long, yet after {1} f is still {2}, so each step landed as high on the other side as it began.", step, Narration.counted(b.steps, "step"), Figure.short(b.value(0)), b.steps, in: language)
            )
        } else if Figure.short(b.value(0)) == Figure.short(b.value(b.steps)) && b.distance < 1e-3 * max(b.norms[0], 1) {
            // f and x both barely changed (f alone can look still beside a large constant).
            let moved = Figure.short(b.distance)
            let change = b.value(0) - b.value(b.steps)
            notes.append(
                change >= 0
                    ? Descent.phrasebook("Barely moving: in {0} f fell by only {1} (from {2}) and x moved {3}; lr is too small to get anywhere.", Narration.counted(b.steps, "step"), Figure.short(abs(change)), Figure.short(b.value(0)), moved, b.steps, in: language)
                    : Descent.phrasebook("Barely moving: in {0} f rose by only {1} (from {2}) and x moved {3}; lr is too small to get anywhere.", Narration.counted(b.steps, "step"), Figure.short(abs(change)), Figure.short(b.value(0)), moved, b.steps, in: language)
            )
        } else if b.settling {
            notes.append(
                Descent.phrasebook("Converging: f fell from {0} to {1} in {2}, and the last step was under 1/1000 of the first.", Figure.short(b.value(0)), Figure.short(b.value(b.steps)), Narration.counted(b.steps, "step"), b.steps, in: language))
        } else if b.oscillates && b.bounce != .shrinks {
            notes.append(
                Descent.phrasebook("Not settling: f went from {0} to {1} in {2}, but the last step was {3} of the first: x keeps jumping across the minimum.", Figure.short(b.value(0)), Figure.short(b.value(b.steps)), Narration.counted(b.steps, "step"), Figure.short(b.lastStepRatio), b.steps, in: language)
            )
        } else if b.lastStepRatio > 10 {
            notes.append(
                Descent.phrasebook("Falling without bound: f went from {0} to {1} and the steps grew (the last moving one was {2}× the first): f seems to have no minimum this way.", Figure.short(b.value(0)), Figure.short(b.value(b.steps)), Figure.short(b.lastStepRatio), in: language)
            )
        } else {
            // Beside a large constant the two ends print alike at four figures: then quote the fall.
            let (first, last) = (Figure.short(b.value(0)), Figure.short(b.value(b.steps)))
            let fell = first == last
                ? (Descent.phrasebook("f fell by {0} (from {1})", Figure.short(b.value(0) - b.value(b.steps)), first, in: language))
                : (Descent.phrasebook("f fell from {0} to {1}", first, last, in: language))
            notes.append(
                Descent.phrasebook("Still descending: {0} in {1}, and the last step was {2} of the first: more steps would go further.", fell, Narration.counted(b.steps, "step"), Figure.short(b.lastStepRatio), b.steps, in: language)
            )
        }
        if b.oscillates { notes.append(oscillation(b, lr: lr, language: language)) }
        if let k = b.frozenFrom, let cause = b.freezeCause(run, language: language) {
            notes.append(
                Descent.phrasebook("x froze at step {0} and stayed there for the last {1} of {2}: {3}.", k, b.steps - k, Narration.counted(b.steps, "step"), cause, b.steps, in: language))
        }
        return notes
    }

    /// How x oscillates: how each jump compares with the last, and from the
    /// first two steps, the factor along each axis and the curvature it
    /// implies (1 - 2·lr·a), axes with the same factor together.
    func oscillation(_ b: Behaviour, lr: Double, language: Narration.Language) -> String {
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
                    : axes.dropLast().joined(separator: ", ") + (Descent.phrasebook(" and ", in: language)) + axes.last!
            let bound =
                factor <= -0.99
                ? (Descent.phrasebook("; it settles only for lr < 1/a = {0}", Figure.short(1 / a), in: language))
                : ""
            return Descent.phrasebook("along {0} each step is {1} times the one before (1 - 2·lr·a, so a = {2}){3}", names, Figure.short(factor), Figure.short(a), bound, in: language)
        }
        if shownGroups.count < groups.count {
            let others = groups.dropFirst(shownGroups.count).reduce(0) { $0 + $1.axes.count }
            described.append(
                Descent.phrasebook("{0} more axes move by other factors", others, in: language))
        }
        let jumps =
            switch b.bounce {
            case .grows: Descent.phrasebook("each jump longer than the last", in: language)
            case .holds: Descent.phrasebook("each jump as long as the last, so it never settles", in: language)
            case .shrinks: Descent.phrasebook("each jump shorter than the last", in: language)
            }
        guard !described.isEmpty else {
            return Descent.phrasebook("Oscillates: x jumps across the minimum at every step, {0}.", jumps, in: language)
        }
        return Descent.phrasebook(
            "Oscillates: x jumps across the minimum at every step, {0}. From the first two steps: {1}.", jumps,
            described.joined(separator: Descent.phrasebook("; ", in: language)), in: language)
    }

    /// Why x stopped being finite at step `k`: lr·grad overflowed, or f
    /// itself is not finite at x ± h (after |x| grew, or where x was).
    func brokeDown(_ b: Behaviour, at k: Int, _ run: Run, language: Narration.Language) -> String {
        let start = Figure.short(b.norms[0])
        // Which broke: the gradient at the last finite point, or the step.
        let f = run[Parameters.function]
        let h = run[Parameters.h] ?? 1e-4
        let before = b.points[k - 1]
        let grad = f.map { f in f.gradient(at: before, h: h) } ?? []
        if grad.allSatisfy(\.isFinite) {
            return Descent.phrasebook(
                "Diverged: |x| went from {0} to {1} by step {2}, then lr·grad overflowed: x is inf or nan from step {3} on.",
                start, Figure.short(b.norms[k - 1]), k - 1, k, in: language)
        } else if b.norms[k - 1] > 10 * b.norms[0] {
            return Descent.phrasebook(
                "Diverged: |x| went from {0} to {1} by step {2}, where f is not finite at x ± h (f(x) = {3}); so neither is the gradient, and x is inf or nan from step {4} on.",
                start, Figure.short(b.norms[k - 1]), k - 1, Figure.short(b.value(k - 1)), k, in: language)
        } else {
            return Descent.phrasebook(
                "Broke down at step {0}: f is not finite at x ± h there (f(x) = {1}), so neither is the gradient, and x is inf or nan from step {2} on.",
                k - 1, Figure.short(b.value(k - 1)), k, in: language)
        }
    }
}
