import Synchronization

/// A parameter a lesson takes: its name, what values it accepts, and the
/// notebook's value, which is used unless the learner sets another.
public struct Parameter: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A real number, e.g. `h` or `lr`.
        case number
        /// A whole number from `from` to `limit`, e.g. `steps` (from 0) or
        /// `batch_size` (from 1).
        case count(from: Int = 0, limit: Int)
        /// A vector of any length, e.g. the point `x` of the gradient lesson.
        case vector
        /// A matrix, e.g. the weights `w` of SimpleNet (2×3); a dimension may
        /// follow a count parameter (`.parameter("hidden_size")`).
        case matrix(rows: Dimension, columns: Dimension)
        /// A vector of a fixed length, e.g. the target `t` of SimpleNet.
        case fixedVector(length: Int)
        /// A function written as an ``Expression``.
        case function(Expression.Variables)
        /// A word or a path, e.g. the data set `embedded` or a folder; the
        /// text says what is accepted. The lesson checks the value when it runs.
        case text(String)
    }

    public let name: String
    public let kind: Kind
    /// One line on what the parameter is.
    public let summary: String

    /// The default: a value, or the text of one, parsed the first time it is
    /// asked for and kept (shared by copies of the parameter).
    private final class Default: Sendable {
        let text: String?
        let parsed: Mutex<ParameterValue??>

        init(value: ParameterValue?) {
            text = nil
            parsed = Mutex(.some(value))
        }

        init(text: String) {
            self.text = text
            parsed = Mutex(nil)
        }
    }
    private let source: Default

    /// The notebook's value; nil means the lesson draws it from the seeded RNG.
    ///
    /// A default given as text is parsed when first asked for rather than when
    /// the lesson is made: every run makes every lesson, and runs one.
    public var defaultValue: ParameterValue? {
        source.parsed.withLock { parsed in
            if let value = parsed { return value }
            let value: ParameterValue
            do { value = try ParameterValue(parsing: source.text ?? "", as: kind, for: name) } catch {
                preconditionFailure("default of '\(name)' does not parse: \(error)")
            }
            parsed = .some(value)
            return value
        }
    }

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue?, _ summary: String) {
        self.name = name
        self.kind = kind
        self.source = Default(value: defaultValue)
        self.summary = summary
    }

    /// A parameter whose default is given as text, parsed as `--set` parses it.
    /// The text is the lesson's own source, so a parse failure is a programming
    /// error (`lessons list` reads every default, and a test runs it).
    public init(_ name: String, _ kind: Kind, default text: String, _ summary: String) {
        self.name = name
        self.kind = kind
        self.source = Default(text: text)
        self.summary = summary
    }

    /// What the kind accepts, in words, for error messages and `lessons list`.
    public var expected: String {
        switch kind {
        case .number: return "a number"
        case .count(let from, let limit): return "a whole number from \(from) to \(limit)"
        case .vector: return "a vector (a comma list like -3,4 or a JSON array like [-3, 4])"
        case .fixedVector(let length): return "a vector of \(length) numbers"
        case .matrix(.fixed(1), let columns): return "a 1x\(columns) matrix (\(columns) numbers, as a list or a JSON array of one row)"
        case .matrix(.fixed(let rows), .fixed(let columns)):
            return "a \(rows)x\(columns) matrix (a JSON array of \(rows) rows of \(columns) numbers)"
        case .matrix(let rows, let columns): return "a \(rows) × \(columns) matrix (a JSON array of rows)"
        case .function(.scalar): return "a function of x, such as x^2 + 3*x + 100"
        case .function(.vector): return "a function of x0, x1, … or of the whole vector x, such as x0^2 + x1^2 or sum(x^2)"
        case .text(let accepted): return accepted
        }
    }
}

/// One dimension of a matrix parameter: a number, or the value of a count
/// parameter of the same lesson (`W` of `input_size × hidden_size`).
public enum Dimension: Sendable, Equatable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case fixed(Int)
    case parameter(String)

    public init(integerLiteral value: Int) { self = .fixed(value) }

    public var description: String {
        switch self {
        case .fixed(let n): return String(n)
        case .parameter(let name): return name
        }
    }

    /// The size among `values`, or nil for a parameter that is not a count.
    func size(in values: [String: ParameterValue]) -> Int? {
        switch self {
        case .fixed(let n): return n
        case .parameter(let name): return values[name].flatMap(Int.read)
        }
    }
}
