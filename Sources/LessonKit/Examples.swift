/// How close a lesson's output must be to an expected value.
public enum Tolerance: Sendable, Equatable {
    /// At most this many units in the last place apart (0: the same double;
    /// -0.0 and 0.0 count as 0 ulps apart).
    case ulps(Int)
    /// `|actual - expected| <= bound`.
    case absolute(Double)
    /// `|actual - expected| <= bound * |expected|`.
    case relative(Double)
    /// The notebook printed the value; the actual value, printed the same way,
    /// must read the same. `digits` fraction digits in `notation`.
    case printed(PrintedNotation, digits: Int)

    /// The default for recorded values: bit for bit.
    public static let exact = Tolerance.ulps(0)
}

/// How a notebook printed a number.
public enum PrintedNotation: String, Sendable, Equatable {
    /// Python's `repr(float)`: the shortest text that reads back to the same
    /// double, so the value is known exactly.
    case repr
    /// NumPy positional: `14.`, `0.79417551` — rounded to `digits` fraction digits.
    case positional
    /// NumPy scientific: `6.72221872e-09` — rounded to `digits` mantissa fraction digits.
    case scientific
}

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
