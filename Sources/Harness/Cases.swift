import Arithmetic
import LessonKit

/// A case the lesson declares: one of its notebook cells or one of its
/// examples. Everything a fixture case is checked against — its kind, its
/// inputs, its outputs and their tolerances, its notebook flags, and the set
/// of cases itself — comes from here, never from the fixture file.
public struct DeclaredCase: Sendable {
    public let name: String
    public let kind: FixtureCase.Kind
    public let seed: Int64?
    public let settings: [String]
    /// The notebook cell, for a notebook case.
    public let cell: NotebookCase?
    /// The notebook file the cell's printed text was read from
    /// (``NotebookSource``); nil when it is the text the lesson declares.
    public var printedIn: String? = nil
}

extension Lesson {
    /// The lesson's cases, in the order a fixture holds them: the notebook
    /// cells (named `notebook In [n]`), then the examples.
    public var declaredCases: [DeclaredCase] {
        notebook.map { DeclaredCase(name: "notebook \($0.cell)", kind: .notebook, seed: $0.seed, settings: $0.settings, cell: $0) }
            + examples.map { DeclaredCase(name: $0.name, kind: .recorded, seed: $0.seed, settings: $0.settings, cell: nil) }
    }

    /// A notebook case: the printed values of `cell`, with the tolerance
    /// their printing implies. Throws if a printed text cannot be read.
    public func notebookCase(_ cell: NotebookCase) throws -> FixtureCase {
        try expectedCase(DeclaredCase(name: "notebook \(cell.cell)", kind: .notebook, seed: cell.seed, settings: cell.settings, cell: cell))
    }

    /// The fixture case the declaration implies, from a run of its inputs.
    /// A notebook case is complete: its values are the printed ones. A
    /// recorded case gets `outputs` (the lesson's own, or a reference's),
    /// each with the tolerance the lesson declares for it (exact by default).
    public func expectedCase(
        _ declared: DeclaredCase, run given: Run? = nil, outputs: [Output]? = nil, provenance: String = Provenance.swift
    ) throws -> FixtureCase {
        let run = try given ?? self.run(seed: declared.seed, settings: declared.settings)
        let parameters = run.parameters.compactMap { name, value in value.map { (name, $0.json) } }
        guard let cell = declared.cell else {
            let values = outputs ?? run.outputs
            return FixtureCase(
                name: declared.name, kind: .recorded, seed: run.seed.map(Int64.init), parameters: parameters, provenance: provenance,
                outputs: values.map { ($0.name, ExpectedOutput(value: $0.value, tolerance: tolerances[$0.name] ?? .exact)) })
        }
        var printed: [(String, ExpectedOutput)] = []
        for (output, text) in cell.printed {
            let (value, tolerance) = try Printed.parse(text)
            printed.append((output, ExpectedOutput(value: value, tolerance: tolerance, printed: text)))
        }
        return FixtureCase(
            name: declared.name, kind: .notebook, seed: cell.notReproducible == nil ? cell.seed : nil, parameters: parameters,
            provenance: "printed by the source notebook, \(cell.cell)", notReproducible: cell.notReproducible, outputs: printed)
    }

    /// Runs the lesson with a case's seed and parameters, in `arithmetic`.
    public func run(_ fixtureCase: FixtureCase, arithmetic: Arithmetic = .canonical) throws(LessonError) -> Run {
        var values: [String: ParameterValue] = [:]
        for (name, json) in fixtureCase.parameters {
            let parameter = try parameter(named: name)
            values[name] = try ParameterValue(json: json, as: parameter.kind, for: name)
        }
        return try run(seed: fixtureCase.seed, values: values, arithmetic: arithmetic)
    }
}

/// Where recorded values came from. A note for people: `verify` checks no
/// case by it.
public enum Provenance {
    public static let swift = "recorded from the Swift lesson by `lessons record`"
}
