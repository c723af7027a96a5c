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

extension NotebookCase {
    /// The execution count in ``cell`` (`In [264]` → 264), or nil when the
    /// text names no count.
    public var executionCount: Int? { NotebookCell.executionCount(in: cell) }
}

/// A notebook cell a lesson is built from, as `lessons notebook` finds it:
/// by its execution count, and by a fingerprint of its source, so a cell
/// that was edited is reported as changed and one that was re-run under a
/// new count is still recognised.
///
/// The fingerprint is the one `lessons notebook FILE` shows for the cell:
/// the first 16 hex digits of SHA-256 over the source with line ends made
/// `\n`, trailing white space removed and blank lines dropped.
public struct NotebookCell: Sendable, Equatable {
    public let executionCount: Int
    public let fingerprint: String

    public init(_ executionCount: Int, fingerprint: String) {
        self.executionCount = executionCount
        self.fingerprint = fingerprint
    }

    /// `In [264]` (or `In[264]:`) → 264.
    public static func executionCount(in text: String) -> Int? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        let digits = String(text[text.index(after: open)..<close]).trimmingWhitespace()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}

/// A value the book prints for a lesson's computation, checked by `verify`
/// at the precision it was printed with, straight against a fresh run: the
/// book is a reference of its own, and no fixture copies it.
public struct BookCase: Sendable {
    /// A short name for reports, e.g. `gradient_1d at x = 5`.
    public let name: String
    /// Where the book prints it, e.g. `gradient_1d.py`.
    public let source: String
    public let seed: Int64?
    public let settings: [String]
    /// Output name → the text the book printed for it.
    public let printed: [(output: String, text: String)]

    public init(_ name: String, source: String, seed: Int64? = nil, settings: [String] = [], printed: [(output: String, text: String)]) {
        self.name = name
        self.source = source
        self.seed = seed
        self.settings = settings
        self.printed = printed
    }
}
