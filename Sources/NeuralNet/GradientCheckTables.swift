import LessonKit
import Plot

/// The tables of a gradient check that the network lessons share: per
/// parameter, backprop's gradient beside the numerical one.
package enum GradientCheckTables {
    /// A parameter's name with the outputs holding its two gradients.
    package typealias Parameter = (name: String, backprop: OutputKey, numerical: OutputKey)

    /// mean |grad_p| per parameter: the size a difference is measured against.
    package static func meanSizes(_ run: Run, _ parameters: [Parameter]) -> [Double] {
        parameters.map { _, backprop, _ in
            let values = run[backprop].scalars
            return values.map(abs).reduce(0, +) / Double(max(values.count, 1))
        }
    }

    /// Per parameter: its size, the largest gradient, the mean difference
    /// (`difference`, in the parameters' order) and the largest.
    package static func trace(_ run: Run, _ parameters: [Parameter], difference: OutputKey) -> Trace {
        let difference = run[difference].scalars
        let rows = parameters.enumerated().map { index, keys -> [String] in
            let (name, backprop, numerical) = (keys.name, run[keys.backprop].scalars, run[keys.numerical].scalars)
            let largest = zip(backprop, numerical).map { abs($0 - $1) }.max() ?? 0
            return [
                name, String(backprop.count), NumPyFormat.pythonRepr(backprop.map(abs).max() ?? 0),
                NumPyFormat.pythonRepr(difference[index]), NumPyFormat.pythonRepr(largest),
            ]
        }
        return Trace(columns: ["parameter", "elements", "max |backprop|", "mean |difference|", "max |difference|"], rows: rows)
    }

    /// The check in short: per parameter, the difference, the share of it
    /// the δ inside the loss's log makes alone (blank when δ = 0), and the
    /// gradients' own mean size.
    package static func summary(_ run: Run, _ parameters: [Parameter], difference: OutputKey, deltaShares shares: [Double]?) -> Trace {
        let difference = run[difference].scalars
        let sizes = meanSizes(run, parameters)
        let rows = parameters.enumerated().map { index, parameter in
            [parameter.name, Figure.short(difference[index]), shares.map { Figure.short($0[index]) } ?? "", Figure.short(sizes[index])]
        }
        return Trace(
            columns: ["parameter", "difference", "from delta alone", "mean |gradient|"], rows: rows,
            note: "difference = mean |backprop − numerical|, which the delta inside the log alone makes the third column")
    }
}
