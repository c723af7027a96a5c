import Arithmetic
import Plot
import Synchronization

/// One lesson: what it takes and gives, and how it computes.
///
/// Shaped like swift-argument-parser's `ParsableCommand`: a lesson is a
/// value with a static ``configuration`` (its id, title, parameters and
/// outputs, declared once as typed keys) and a ``run(_:rng:)``; what checks
/// it (notebook cells, the book's printed values, recorded examples,
/// tolerances, the sweep's variations) is one value of its own,
/// ``checks``; how it is shown (narration, notes, trace, summary, figure,
/// glossary) are hooks with defaults. It must be deterministic: the same
/// inputs and seed give the same bits on every run.
///
/// ```swift
/// public struct Square: Lesson {
///     public enum Parameters { public static let x = Input<Double>.number("x", default: "3", "the number to square") }
///     public enum Outputs { public static let square = OutputKey("square") }
///     public static let configuration = LessonConfiguration(
///         id: "square", title: "a number times itself", parameters: [Parameters.x], outputs: [Outputs.square])
///     public init() {}
///     public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
///         let x = inputs[Parameters.x]
///         return [Output(Outputs.square, Tensor(scalar: x * x))]
///     }
/// }
/// ```
public protocol Lesson: Sendable {
    /// What the lesson is: id, title, source, parameters, outputs, seed.
    static var configuration: LessonConfiguration { get }
    /// Computes the outputs, in the order of the configuration's outputs.
    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output]

    /// What the lesson is checked against. None but a default example by default.
    var checks: LessonChecks { get }

    /// What the lesson teaches, in each language it is written in.
    var narration: Narration { get }
    /// A few sentences on what this run did, computed from its outputs (it
    /// diverged at step k, x froze, t is not a distribution), printed after
    /// the outputs by `lessons run`. None by default.
    func notes(_ run: Run, language: Narration.Language) -> [String]
    /// The steps behind the result, for `lessons run ID --trace`, or nil when
    /// the lesson has none to show (the default).
    func trace(_ run: Run) -> Trace?
    /// A short table a plain `lessons run` prints after the outputs, e.g.
    /// training's accuracy per epoch with the middle rows left out; nil
    /// (the default) prints none. `--trace` prints the whole trace instead.
    func summary(_ run: Run, language: Narration.Language) -> Trace?
    /// A figure of a finished run, for `lessons run ID --plot FILE.svg`.
    /// Throws `.cannotDraw` with the reason when the run cannot be drawn.
    func figure(_ run: Run) throws(LessonError) -> Figure
    /// The phrases of the lesson's title, figures and tables in Chinese
    /// (its narration and notes are written in both languages whole).
    var glossary: Glossary { get }
}

extension Lesson {
    public var checks: LessonChecks { LessonChecks() }
    public var narration: Narration { Narration() }
    public func notes(_ run: Run, language: Narration.Language) -> [String] { [] }
    public func trace(_ run: Run) -> Trace? { nil }
    public func summary(_ run: Run, language: Narration.Language) -> Trace? { nil }
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        throw .cannotDraw(lesson: id, reason: "this lesson has no figure")
    }
    public var glossary: Glossary { Glossary([:]) }
}

/// What a lesson is, as a value: ``Lesson/configuration``.
public struct LessonConfiguration: Sendable {
    /// The name on the command line: `lessons run derivative`.
    public var id: String
    /// A few words for `lessons list`.
    public var title: String
    /// Where the lesson comes from, for headings: `notebook In [263]`, or
    /// the book's script it follows; nil for a lesson of one's own.
    public var source: String?
    /// The parameters, in the order `list` and a transcript show them.
    public var parameters: [Parameter]
    /// The outputs, in the order ``Lesson/run(_:rng:)`` returns them.
    public var outputs: [OutputKey]
    /// The outputs a plain `lessons run` prints: what the lesson is about
    /// (two-layer-net's `difference`, not its 39 760 gradient values). The
    /// others are named with their shapes; `--outputs`, `--format json` and
    /// the fixtures have every one.
    public var highlights: [OutputKey]
    /// The seed used when none is given, or nil for a lesson that draws no
    /// random numbers (and so refuses `--seed`).
    public var defaultSeed: UInt32?
    /// The machine-dependent parts of NumPy's arithmetic (``Arithmetic``) the
    /// outputs may depend on: `.products` for a lesson with matrix products,
    /// `.functions` for one that calls exp or log. A run computes them in the
    /// arithmetic it is given (``Inputs/arithmetic``); the harness uses this
    /// to know when NumPy's own order on a machine is one the lesson can follow.
    public var arithmeticParts: Arithmetic.Parts
    /// The lesson's NumPy reference, which `crosscheck`, `record --from
    /// numpy` and `bench` run: by default `reference.py` in the folder of
    /// the file that declares the configuration.
    public var reference: String
    /// The folder of the package's fixtures: by default `Fixtures` at the
    /// root of the package whose target declares the configuration (two
    /// folders above the file: `Lessons/<Name>/` or `Sources/<Name>/`).
    /// `verify` and `record` without lesson ids take the lessons whose
    /// folder is the one they are given.
    public var fixtures: String

    /// `reference` defaults to `reference.py` beside the file this is
    /// written in (`file` is the caller's own `#filePath`).
    public init(
        id: String, title: String, source: String? = nil, parameters: [any ParameterDeclaration] = [], outputs: [OutputKey],
        highlights: [OutputKey]? = nil, defaultSeed: UInt32? = nil, arithmeticParts: Arithmetic.Parts = .all,
        reference: String? = nil, fixtures: String? = nil, file: String = #filePath
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.parameters = parameters.map(\.parameter)
        self.outputs = outputs
        self.highlights = highlights ?? outputs
        self.defaultSeed = defaultSeed
        self.arithmeticParts = arithmeticParts
        let folders = file.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        self.reference = reference ?? (folders.joined(separator: "/") + "/reference.py")
        self.fixtures = fixtures ?? (folders.dropLast(2).joined(separator: "/") + "/Fixtures")
    }
}

/// What a lesson is checked against: ``Lesson/checks``.
public struct LessonChecks: Sendable {
    /// What the source notebook printed for this lesson.
    public var notebook: [NotebookCase]
    /// The notebook cells the lesson covers, found by count and fingerprint.
    public var sourceCells: [NotebookCell]
    /// What the book prints for the lesson's computation.
    public var book: [BookCase]
    /// The cases recorded in the lesson's fixture at full precision.
    public var examples: [Example]
    /// Outputs that need a tolerance other than bit-for-bit; why is stated
    /// where they are declared.
    public var tolerances: [String: Tolerance]
    /// A varied case for the cross-check sweep, drawn from the RNG: other
    /// seeds, points, functions, learning rates. The default example when nil.
    public var variation: (@Sendable (inout RandomState) -> Example)?

    public init(
        notebook: [NotebookCase] = [], sourceCells: [NotebookCell] = [], book: [BookCase] = [], examples: [Example] = [Example("default")],
        tolerances: [String: Tolerance] = [:], variation: (@Sendable (inout RandomState) -> Example)? = nil
    ) {
        self.notebook = notebook
        self.sourceCells = sourceCells
        self.book = book
        self.examples = examples
        self.tolerances = tolerances
        self.variation = variation
    }
}

/// The configuration and checks of any lesson, read from its value, for
/// the code that handles lessons of every type (registry, harness, command).
extension Lesson {
    public var configuration: LessonConfiguration { Self.configuration }
    public var id: String { Self.configuration.id }
    public var title: String { Self.configuration.title }
    /// Where the lesson comes from, for headings; empty for a lesson of one's own.
    public var source: String { Self.configuration.source ?? "" }
    public var parameters: [Parameter] { Self.configuration.parameters }
    /// The outputs' names, in the order ``run(_:rng:)`` returns them.
    public var outputs: [String] { Self.configuration.outputs.map(\.name) }
    public var highlights: [String] { Self.configuration.highlights.map(\.name) }
    public var defaultSeed: UInt32? { Self.configuration.defaultSeed }
    public var arithmeticParts: Arithmetic.Parts { Self.configuration.arithmeticParts }
    public var notebook: [NotebookCase] { checks.notebook }
    public var sourceCells: [NotebookCell] { checks.sourceCells }
    public var book: [BookCase] { checks.book }
    public var examples: [Example] { checks.examples }
    public var tolerances: [String: Tolerance] { checks.tolerances }
    public func variation(_ rng: inout RandomState) -> Example { checks.variation?(&rng) ?? Example("default") }
}

/// One named result of a lesson.
public struct Output: Sendable, Equatable {
    public let name: String
    public let value: Tensor
    public init(_ key: OutputKey, _ value: Tensor) {
        self.name = key.name
        self.value = value
    }
    /// An output by name, for code that handles every lesson's (a fixture's values).
    public init(named name: String, _ value: Tensor) {
        self.name = name
        self.value = value
    }
}

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

/// A parameter's value.
public enum ParameterValue: Sendable {
    case number(Double)
    case count(Int)
    case tensor(Tensor)
    case function(Expression)
    case text(String)

    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }
    public var tensor: Tensor? { if case .tensor(let t) = self { return t } else { return nil } }
    public var function: Expression? { if case .function(let f) = self { return f } else { return nil } }

    /// The value with a function's exp and log those of `arithmetic`.
    public func computing(in arithmetic: Arithmetic) -> ParameterValue {
        guard case .function(let f) = self, f.functions != arithmetic.functions else { return self }
        return .function(f.computing(with: arithmetic.functions))
    }

    /// The value as `lessons run` prints it in a transcript.
    public var text: String {
        switch self {
        case .number(let x): return NumPyFormat.pythonRepr(x)
        case .count(let n): return String(n)
        case .tensor(let t): return NumPyFormat.arrayRepr(t)
        case .function(let f): return f.source
        case .text(let text): return text
        }
    }

    /// The value as JSON: numbers, arrays, or the function's source text.
    public var json: JSON {
        switch self {
        case .number(let x): return .double(x)
        case .count(let n): return .integer(Int64(n))
        case .tensor(let t): return .tensor(t)
        case .function(let f): return .string(f.source)
        case .text(let text): return .string(text)
        }
    }

    /// The value as text that `--set NAME=TEXT` reads back to the same value.
    public var settingText: String {
        switch self {
        case .function(let f): return f.source
        case .text(let text): return text
        case .number(let x): return NumPyFormat.pythonRepr(x)
        default: return json.serialized()
        }
    }

    /// Reads `--set` text: a number, a comma list (`-3,4`), a JSON array
    /// (nested for a matrix), or an expression for a function.
    ///
    /// Refused with what was expected: an empty item in a list (`1,`, `1,,2`),
    /// and a number a double cannot hold — one that would overflow to ±inf
    /// (`1e400`) or, written with non-zero digits, underflow to 0 (`1e-400`).
    /// `inf`, `-inf` and `nan` are how to ask for those values.
    public init(parsing text: String, as kind: Parameter.Kind, for name: String) throws(LessonError) {
        let trimmed = text.trimmingWhitespace()
        if case .function(let variables) = kind {
            do { self = .function(try Expression(trimmed, variables: variables)) } catch { throw .badFunction(parameter: name, error) }
            return
        }
        if case .text(let accepted) = kind {
            guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else {
                throw .badValue(parameter: name, value: text, expected: accepted)
            }
            self = .text(trimmed)
            return
        }
        switch kind {
        case .vector, .fixedVector, .matrix:
            if let vector = try Constructors.vector(trimmed, for: name) {
                self = .tensor(try Self.shaped(Tensor(vector: vector), as: kind, for: name))
                return
            }
        default: break
        }
        let json: JSON
        if trimmed.hasPrefix("[") {
            do { json = try JSON(parsing: trimmed) } catch {
                throw .badValue(parameter: name, value: text.excerpt(), expected: "valid JSON: \(error)")
            }
        } else {
            let items = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            var numbers: [JSON] = []
            for (index, item) in items.enumerated() {
                if item.isEmpty && items.count > 1 {
                    throw .badValue(
                        parameter: name, value: text.excerpt(),
                        expected: "a list of numbers: item \(index + 1) of \(items.count) is empty (write 1,2 or [1, 2])")
                }
                numbers.append(.double(try Self.number(item, for: name)))
            }
            json = items.count == 1 ? numbers[0] : .array(numbers)
        }
        try self.init(json: json, as: kind, for: name, text: text)
    }

    /// A vector or matrix from the text of a file (`--set x=@values.txt`):
    /// a JSON array, or one number a line (blank lines and a final newline
    /// are ignored). `file` names the file in error messages.
    public init(fileText text: String, file: String, as kind: Parameter.Kind, for name: String) throws(LessonError) {
        switch kind {
        case .vector, .fixedVector, .matrix: break
        default:
            throw .badValue(parameter: name, value: "@" + file.excerpt(), expected: "a value written out: only vectors and matrices are read from a file")
        }
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("[") {
            let json: JSON
            do { json = try JSON(parsing: trimmed) } catch {
                throw .badValue(parameter: name, value: "@" + file.excerpt(), expected: "a file holding a JSON array or one number a line: \(error)")
            }
            try self.init(json: json, as: kind, for: name, text: "@" + file)
            return
        }
        var numbers: [Double] = []
        var line = 0
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            let item = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            if item.isEmpty { continue }
            do { numbers.append(try Self.number(item, for: name)) } catch {
                throw .badValue(
                    parameter: name, value: "@" + file.excerpt(),
                    expected: "a file of one number a line or a JSON array: line \(line) holds '\(item.excerpt())'")
            }
        }
        self = .tensor(try Self.shaped(Tensor(vector: numbers), as: kind, for: name))
    }

    /// Reads a value from JSON, as fixtures and `--set` JSON arrays hold it.
    public init(json: JSON, as kind: Parameter.Kind, for name: String, text: String? = nil) throws(LessonError) {
        // Only an error shows the value: a thousand numbers are not written out to be dropped.
        var shown: String { (text ?? json.serialized()).excerpt() }
        switch kind {
        case .function(let variables):
            guard let source = json.stringValue else { throw .badValue(parameter: name, value: shown, expected: "a function") }
            do { self = .function(try Expression(source, variables: variables)) } catch { throw .badFunction(parameter: name, error) }
        case .text(let accepted):
            guard let text = json.stringValue, !text.isEmpty, !text.contains(where: \.isNewline) else {
                throw .badValue(parameter: name, value: shown, expected: accepted)
            }
            self = .text(text)
        case .number:
            guard let x = json.doubleValue else { throw .badValue(parameter: name, value: shown, expected: "a number") }
            self = .number(x)
        case .count(let from, let limit):
            guard let x = json.doubleValue, x.isFinite, x == x.rounded(), x >= Double(from), x <= Double(limit) else {
                throw .badValue(parameter: name, value: shown, expected: "a whole number from \(from) to \(limit)")
            }
            self = .count(Int(x))
        case .vector, .fixedVector, .matrix:
            guard let tensor = json.tensorValue else {
                throw .badValue(parameter: name, value: shown, expected: "a number, a list of numbers or a JSON array of rows")
            }
            self = .tensor(try Self.shaped(tensor, as: kind, for: name))
        }
    }

    private static func shaped(_ tensor: Tensor, as kind: Parameter.Kind, for name: String) throws(LessonError) -> Tensor {
        let got = "shape \(tensor.shapeDescription)"
        switch kind {
        case .vector:
            if tensor.rank == 0 { return Tensor(vector: [tensor.scalar]) }
            guard tensor.rank == 1, tensor.count > 0 else { throw .wrongShape(parameter: name, expected: "a non-empty vector", got: got) }
            return tensor
        case .fixedVector(let length):
            let flat = tensor.rank == 0 ? [tensor.scalar] : tensor.scalars
            guard tensor.rank <= 1, flat.count == length else {
                throw .wrongShape(parameter: name, expected: "a vector of \(length) numbers, shape (\(length),)", got: got)
            }
            return Tensor(vector: flat)
        case .matrix(.fixed(let rows), .fixed(let columns)):
            let expected = "a \(rows)x\(columns) matrix, shape (\(rows), \(columns))"
            // A one-row matrix may be written as a flat list: `--set x=0.6,0.9`.
            if rows == 1, tensor.rank == 1, tensor.count == columns { return Tensor(shape: [1, columns], scalars: tensor.scalars) }
            guard tensor.shape == [rows, columns] else { throw .wrongShape(parameter: name, expected: expected, got: got) }
            return tensor
        case .matrix(let rows, let columns):
            // A shape that follows other parameters is checked once they are
            // all known (`Lesson.run(seed:values:arithmetic:)`); here, a matrix.
            guard tensor.rank == 2 || tensor.rank == 1 else {
                throw .wrongShape(parameter: name, expected: "a \(rows) × \(columns) matrix", got: got)
            }
            return tensor
        default:
            return tensor
        }
    }

    /// A decimal number (`3`, `-0.5`, `1e-4`) or `nan`, `inf`, `-inf`. Hex
    /// floats and other spellings `Double.init` would accept are refused, and
    /// so is a number that does not fit a double (see `init(parsing:as:for:)`).
    static func number(_ text: String, for name: String) throws(LessonError) -> Double {
        switch text.utf8.count <= 9 ? text.lowercased() : "" {
        case "nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        guard text.utf8.count <= JSON.maxNumberLength else {
            throw .badValue(parameter: name, value: text.excerpt(), expected: "a number of at most \(JSON.maxNumberLength) characters")
        }
        // Bytes, not Characters: every accepted character is ASCII.
        func allowed(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
                UInt8(ascii: "-"):
                return true
            default: return false
            }
        }
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard !text.isEmpty, text.utf8.allSatisfy(allowed), text.utf8.contains(where: isDigit), let x = Double(text) else {
            throw .badValue(parameter: name, value: text.excerpt(), expected: "a number (such as 3, -0.5, 1e-4, inf or nan)")
        }
        guard x.isFinite else {
            throw .badValue(
                parameter: name, value: text.excerpt(),
                expected: "a number a double can hold: it overflows to infinity (write inf for that)")
        }
        let mantissa = text.utf8.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
        guard x != 0 || !mantissa.contains(where: { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) }) else {
            throw .badValue(
                parameter: name, value: text.excerpt(), expected: "a number a double can hold: it underflows to 0 (write 0 for that)")
        }
        return x
    }
}

extension String {
    /// The string without leading and trailing white space.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

/// The values a lesson runs with: the learner's settings over the notebook's
/// defaults, and the arithmetic to compute in. Parameters with no default
/// (drawn ones) are absent unless set.
public struct Inputs: Sendable {
    public let values: [String: ParameterValue]
    /// The order of matrix products and whose exp and log to call: the
    /// canonical arithmetic unless the run asks for another. A function
    /// parameter's exp and log are already bound to it.
    public let arithmetic: Arithmetic

    public init(_ values: [String: ParameterValue], arithmetic: Arithmetic = .canonical) {
        self.values = values.mapValues { $0.computing(in: arithmetic) }
        self.arithmetic = arithmetic
    }

    public func number(_ name: String) -> Double {
        guard case .number(let x) = values[name] else { preconditionFailure("no number parameter '\(name)'") }
        return x
    }

    public func count(_ name: String) -> Int {
        guard case .count(let n) = values[name] else { preconditionFailure("no count parameter '\(name)'") }
        return n
    }

    /// A vector or matrix parameter, or nil when it was left to be drawn.
    public func tensor(_ name: String) -> Tensor? {
        guard case .tensor(let t) = values[name] else { return nil }
        return t
    }

    public func vector(_ name: String) -> [Double] {
        guard let t = tensor(name) else { preconditionFailure("no vector parameter '\(name)'") }
        return t.scalars
    }

    public func text(_ name: String) -> String {
        guard case .text(let text) = values[name] else { preconditionFailure("no text parameter '\(name)'") }
        return text
    }

    public func function(_ name: String) -> Expression {
        guard case .function(let f) = values[name] else { preconditionFailure("no function parameter '\(name)'") }
        return f
    }
}
