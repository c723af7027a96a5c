import LessonKit

/// Turns a lesson's declarations into fixture cases, and fixture cases back
/// into runs of the lesson.
extension Lesson {
    /// A notebook case: the printed values of `cell`, with the tolerance
    /// their printing implies. Throws if a printed text cannot be read.
    public func notebookCase(_ cell: NotebookCase) throws -> FixtureCase {
        let run = try run(seed: cell.seed, settings: cell.settings)
        var outputs: [(String, ExpectedOutput)] = []
        for (output, text) in cell.printed {
            let (value, tolerance) = try Printed.parse(text)
            outputs.append((output, ExpectedOutput(value: value, tolerance: tolerance, printed: text)))
        }
        return FixtureCase(
            name: "notebook \(cell.cell)", kind: .notebook, seed: cell.notReproducible == nil ? cell.seed : nil,
            parameters: run.parameters.compactMap { name, value in value.map { (name, $0.json) } },
            provenance: "printed by the source notebook, \(cell.cell)", notReproducible: cell.notReproducible, outputs: outputs)
    }

    /// Runs the lesson with a case's seed and parameters.
    public func run(_ fixtureCase: FixtureCase) throws(LessonError) -> Run {
        var values: [String: ParameterValue] = [:]
        for (name, json) in fixtureCase.parameters {
            let parameter = try parameter(named: name)
            values[name] = try ParameterValue(json: json, as: parameter.kind, for: name)
        }
        return try run(seed: fixtureCase.seed, values: values)
    }
}

/// Where recorded values came from.
public enum Provenance {
    public static let swift = "recorded from the Swift lesson by `lessons record`"
}
