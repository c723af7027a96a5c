/// A case the lesson records in its fixture: a name, a seed and settings.
/// Its expected outputs are the lesson's own, at full precision.
public struct Example: Sendable {
    public let name: String
    public let seed: Int64?
    public let settings: [String]

    public init(_ name: String, seed: Int64? = nil, settings: [String] = []) {
        self.name = name
        self.seed = seed
        self.settings = settings
    }
}

/// What a notebook cell printed for a lesson's outputs, verbatim.
public struct NotebookCase: Sendable {
    /// The cell, e.g. `In [264]`.
    public let cell: String
    public let seed: Int64?
    public let settings: [String]
    /// Output name → the text the notebook printed for it.
    public let printed: [(output: String, text: String)]
    /// Why the printed values cannot be reproduced, or nil when they can.
    public let notReproducible: String?
    /// For a case that cannot be reproduced: what can still be checked,
    /// given the printed values as the fixture holds them. Returns whether it
    /// held and a sentence saying what was established (or what failed).
    public let consistency: (@Sendable ([String: Tensor]) -> (held: Bool, detail: String))?

    public init(
        _ cell: String, seed: Int64? = nil, settings: [String] = [], printed: [(output: String, text: String)],
        notReproducible: String? = nil, consistency: (@Sendable ([String: Tensor]) -> (held: Bool, detail: String))? = nil
    ) {
        self.cell = cell
        self.seed = seed
        self.settings = settings
        self.printed = printed
        self.notReproducible = notReproducible
        self.consistency = consistency
    }
}
