import Arithmetic
import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A function of one variable `x` or of a vector, written as a learner
/// would write the notebook's lambda: `x^2 + 3*x + 100`,
/// `x0**2 + 2*x0*x1 + x2**2`, or the book's `sum(x^2)` for `np.sum(x**2)`.
///
/// Grammar, with Python's precedence (loosest first):
/// ```
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := atom (('^' | '**') unary)?      -- right-associative
/// atom    := number | e | pi | variable | name '(' sum ')' | '(' sum ')'
/// ```
/// So `-x^2` is `-(x^2)` and `2^3^2` is `2^9`, as in Python. Evaluation is in
/// `Double`, left to right within a level, exactly as Python evaluates the
/// same source on NumPy floats, so `0.01*x^2 + 0.1*x` gives Python's bits.
///
/// For a function of a vector, `x0`, `x[1]` are coordinates (NumPy float64
/// scalars) and `x` alone is the whole vector: `+ - * / ^` and the functions
/// then work element by element, a scalar standing for every element, and
/// `sum(...)` adds a vector up as `np.sum` does (pairwise, ``NumPy/sum(_:)``).
/// The result must be one number, so a vector has to pass through `sum`.
///
/// Powers follow NumPy, which treats the two kinds differently:
/// - a scalar to any power, and anything to a vector power, calls the C
///   library's `pow` (NumPy's scalar `**` and its baseline `np.power` loop);
/// - a vector to a scalar power takes NumPy's shortcuts for the exponents
///   2 (`x*x`), 0.5 (`sqrt`), -1 (`1/x`), 1 (`x`) and 0 (`1.0`), and `pow`
///   for the rest. `pow(x, 2)` and `x*x` differ in the last bit for some x,
///   so `sum(x^2)` and `x0^2 + x1^2` are not the same function bit for bit,
///   exactly as in NumPy.
///
/// `exp` and `log` are those of the run's ``Arithmetic`` (``functions``):
/// NumPy's SVML routines in the canonical arithmetic, ported to portable C,
/// or the C library's. `sqrt` is IEEE's, correctly rounded everywhere.
/// `sin`, `cos`, `tanh` and `pow` are the C library's, as NumPy's scalar
/// ones are; NumPy's SIMD loops for `tanh` and for powers of a whole vector
/// can differ from them in the last bit (docs/reproducibility.md, "Known differences").
public struct Expression: Sendable, CustomStringConvertible {
    /// How the function names its variables.
    public enum Variables: Sendable {
        /// One variable, `x` (the derivative lesson).
        case scalar
        /// A vector: `x0, x1, …` or `x[0], x[1], …` for its coordinates, `x` for all of it.
        case vector
    }

    /// The functions an expression may call, applied element by element to a vector.
    public static let functions: [String: @Sendable (Double) -> Double] = [
        "exp": { Arithmetic.canonical.functions.exp($0) }, "log": { Arithmetic.canonical.functions.log($0) },
        "sqrt": { $0.squareRoot() },
        "sin": { sin($0) }, "cos": { cos($0) }, "tanh": { tanh($0) }, "abs": { Swift.abs($0) },
    ]

    /// Named constants, NumPy's `np.e` and `np.pi` (the doubles nearest e and π).
    public static let constants: [String: Double] = ["e": 2.718281828459045, "pi": Double.pi]

    /// The largest expression accepted, in nodes (numbers, variables,
    /// operators, calls): far above an honest function of 10 000 variables
    /// written out (about 30 000 nodes), far below what would take seconds
    /// to parse or memory to hold.
    public static let maxNodes = 2_000_000
    /// The deepest nesting of parentheses, signs and powers accepted: parsing
    /// and compiling recurse once per level, so this keeps them far from the
    /// end of a thread's stack. Chains such as `x0 + x1 + …` are not nesting.
    public static let maxNesting = 100

    indirect enum Node: Sendable {
        case number(Double)
        /// One coordinate, `x0` or `x[0]` (or `x` for a scalar expression).
        case variable(Int)
        /// The whole vector `x`.
        case vector
        case negate(Node)
        /// `first op1 rest1 op2 rest2 …`, folded left to right (`+ -` or `* /`).
        case chain(Node, [Link])
        case power(Node, Node)
        case call(String, Node)
        case sum(Node)
    }

    struct Link: Sendable {
        let op: Character
        let operand: Node
    }

    /// The text the expression was parsed from.
    public let source: String
    /// Whose exp and log it calls: the canonical arithmetic's, unless a run
    /// in another arithmetic binds its own (``computing(with:)``).
    public private(set) var functions = Arithmetic.canonical.functions
    public let variables: Variables
    let program: Program
    /// The highest variable index used (0 for `x`), or nil when the
    /// expression names no single coordinate.
    public let highestVariable: Int?
    /// Whether the expression uses the whole vector `x` (then it works for any length).
    public var usesWholeVector: Bool { !program.vectorLeaves.isEmpty }

    public var description: String { source }

    /// Parses `source`, refusing anything outside the grammar with the column
    /// of the first offending character, and anything over ``maxNodes`` nodes
    /// or ``maxNesting`` levels deep.
    public init(_ source: String, variables: Variables) throws(ExpressionError) {
        try self.init(source, variables: variables, maxNodes: Self.maxNodes)
    }

    init(_ source: String, variables: Variables, maxNodes: Int) throws(ExpressionError) {
        var parser = Parser(source: source, variables: variables, maxNodes: maxNodes)
        let root = try parser.parseAll()
        self.source = source
        self.variables = variables
        highestVariable = parser.highestVariable
        program = Program(root)
        if program.instructions.last?.isVector == true {
            throw .notScalar(source: source)
        }
    }

    /// The same expression, calling `functions`' exp and log.
    public func computing(with functions: Arithmetic.Functions) -> Expression {
        var copy = self
        copy.functions = functions
        return copy
    }

    /// Checks that a point with `count` coordinates gives every variable a value.
    public func requireVariables(count: Int) throws(ExpressionError) {
        if let highest = highestVariable, highest >= count {
            throw .variableOutOfRange(source: source, variable: "x\(highest)", count: count)
        }
    }

    /// Evaluates at a point; for `.scalar` expressions pass one coordinate.
    /// Call `requireVariables(count:)` first: an out-of-range index traps.
    public func callAsFunction(_ x: [Double]) -> Double { Evaluator(self, count: x.count).value(at: x) }

    /// Evaluates a one-variable expression at `x`.
    public func callAsFunction(_ x: Double) -> Double { self([x]) }

    /// The numerical gradient at `point` by central differences, as the
    /// notebook's loop computes it; see ``Evaluator/gradient(at:h:into:done:)``.
    public func gradient(at point: [Double], h: Double, done: ((Int) -> Void)? = nil) -> [Double] {
        var grad = [Double](repeating: 0, count: point.count)
        Evaluator(self, count: point.count).gradient(at: point, h: h, into: &grad, done: done)
        return grad
    }

    /// The names of the functions the expression calls (`sum` included).
    public var calledFunctions: Set<String> { Set(program.instructions.compactMap(\.functionName)) }
}

/// Why an expression was refused. Columns count characters from 1.
public enum ExpressionError: Error, Equatable, CustomStringConvertible, Sendable {
    case unexpected(source: String, column: Int, found: String, expected: String)
    case unknownName(source: String, column: Int, name: String, variables: Expression.Variables)
    case badNumber(source: String, column: Int, text: String)
    case numberOutOfRange(source: String, column: Int, text: String, reason: String)
    case tooComplex(source: String, reason: String)
    case variableOutOfRange(source: String, variable: String, count: Int)
    case notScalar(source: String)

    public var description: String {
        switch self {
        case .unexpected(let source, let column, let found, let expected):
            return "\"\(Self.excerpt(source))\": expected \(expected) but found \(found) at column \(column): \(Self.mark(source, column))"
        case .unknownName(let source, let column, let name, let variables):
            let allowed = variables == .scalar ? "the variable x" : "x0, x1, … (or x[0], x[1], …), x for the whole vector"
            let names = (Expression.functions.keys.sorted() + ["sum"]).joined(separator: " ")
            return
                "\"\(Self.excerpt(source))\": unknown name '\(Self.excerpt(name))' at column \(column): \(Self.mark(source, column)) (use \(allowed), the constants e and pi, and the functions \(names))"
        case .badNumber(let source, let column, let text):
            return "\"\(Self.excerpt(source))\": '\(text)' at column \(column) is not a number: \(Self.mark(source, column))"
        case .numberOutOfRange(let source, let column, let text, let reason):
            return "\"\(Self.excerpt(source))\": '\(Self.excerpt(text))' at column \(column) is not a number a double can hold: \(reason)"
        case .tooComplex(let source, let reason):
            return "\"\(Self.excerpt(source))\": \(reason)"
        case .variableOutOfRange(let source, let variable, let count):
            return
                "\"\(Self.excerpt(source))\" uses \(variable), but the point has only \(count) coordinate\(count == 1 ? "" : "s") (x0 … x\(count - 1))"
        case .notScalar(let source):
            return
                "\"\(Self.excerpt(source))\" gives a vector, one value per coordinate; a function gives one number: add it up with sum(...), as np.sum(x**2)"
        }
    }

    /// The source with `→` inserted before the offending column; a long
    /// source is cut to 30 characters either side.
    static func mark(_ source: String, _ column: Int) -> String {
        let characters = Array(source)
        let index = min(max(column - 1, 0), characters.count)
        let before = characters[max(0, index - 30)..<index]
        let after = characters[index..<min(characters.count, index + 30)]
        return (before.startIndex > 0 ? "…" : "") + String(before) + "→" + String(after) + (after.endIndex < characters.count ? "…" : "")
    }

    /// A long source cut to its first 60 characters.
    static func excerpt(_ source: String) -> String { source.count > 60 ? String(source.prefix(60)) + "…" : source }
}

extension Expression.Variables: Equatable {}
