import NumPyMath
import Arithmetic

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
/// can differ from them in the last bit (README, known differences).
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

private struct Parser {
    let source: String
    let characters: [Character]
    let variables: Expression.Variables
    var index = 0
    var highestVariable: Int?
    var depth = 0
    var nodes = 0
    let maxNodes: Int

    /// The source's characters in `range`, appended one by one:
    /// `String(characters[range])` goes through the stdlib's unspecialised
    /// generic initialiser, whose first use alone costs a run 0.2 ms.
    func text(_ range: Range<Int>) -> String {
        var text = ""
        for character in characters[range] { text.append(character) }
        return text
    }

    init(source: String, variables: Expression.Variables, maxNodes: Int) {
        self.maxNodes = maxNodes
        self.source = source
        self.characters = Array(source)
        self.variables = variables
    }

    private var column: Int { index + 1 }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private mutating func peek() -> Character? {
        skipSpaces()
        return index < characters.count ? characters[index] : nil
    }

    private func found() -> String {
        index < characters.count ? "'\(characters[index])'" : "the end"
    }

    private func unexpected(_ expected: String) -> ExpressionError {
        .unexpected(source: source, column: column, found: found(), expected: expected)
    }

    /// Counts one node, refusing an expression past ``Expression/maxNodes``.
    private mutating func node(_ node: Expression.Node) throws(ExpressionError) -> Expression.Node {
        nodes += 1
        if nodes > maxNodes {
            throw .tooComplex(source: source, reason: "more than \(maxNodes) numbers, variables and operators (at column \(column))")
        }
        return node
    }

    mutating func parseAll() throws(ExpressionError) -> Expression.Node {
        let node = try parseSum()
        if peek() != nil { throw unexpected("an operator") }
        return node
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression.Node {
        let first = try parseProduct()
        var links: [Expression.Link] = []
        while let op = peek(), op == "+" || op == "-" {
            index += 1
            links.append(Expression.Link(op: op, operand: try parseProduct()))
            nodes += 1
        }
        return links.isEmpty ? first : .chain(first, links)
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression.Node {
        let first = try parseUnary()
        var links: [Expression.Link] = []
        while let op = peek(), op == "*" || op == "/" {
            if op == "*", index + 1 < characters.count, characters[index + 1] == "*" { break }
            index += 1
            links.append(Expression.Link(op: op, operand: try parseUnary()))
            nodes += 1
        }
        return links.isEmpty ? first : .chain(first, links)
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression.Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Expression.maxNesting {
            throw .tooComplex(source: source, reason: "nested more than \(Expression.maxNesting) levels deep at column \(column)")
        }
        switch peek() {
        case "-":
            index += 1
            return try node(.negate(try parseUnary()))
        case "+":
            index += 1
            return try parseUnary()
        default:
            return try parsePower()
        }
    }

    private mutating func parsePower() throws(ExpressionError) -> Expression.Node {
        let base = try parseAtom()
        switch peek() {
        case "^":
            index += 1
        case "*" where index + 1 < characters.count && characters[index + 1] == "*":
            index += 2
        default:
            return base
        }
        return try node(.power(base, try parseUnary()))
    }

    private mutating func parseAtom() throws(ExpressionError) -> Expression.Node {
        guard let next = peek() else { throw unexpected("a number, a variable or '('") }
        if next == "(" {
            index += 1
            let inner = try parseSum()
            guard peek() == ")" else { throw unexpected("')'") }
            index += 1
            return inner
        }
        if next.isNumber || next == "." { return try node(try parseNumber()) }
        if next.isLetter || next == "_" { return try node(try parseName()) }
        throw unexpected("a number, a variable or '('")
    }

    /// Python's float literal: digits, an optional fraction, an optional exponent.
    private mutating func parseNumber() throws(ExpressionError) -> Expression.Node {
        let start = index
        func digits() { while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 } }
        digits()
        if index < characters.count, characters[index] == "." {
            index += 1
            digits()
        }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            index += 1
            if index < characters.count, characters[index] == "+" || characters[index] == "-" { index += 1 }
            digits()
        }
        let text = text(start..<index)
        guard text.contains(where: \.isNumber), let value = Double(text), text.last != "e", text.last != "E",
            text.last != "+", text.last != "-"
        else {
            throw .badNumber(source: source, column: start + 1, text: text)
        }
        // As for a number given as a value: one a double cannot hold is refused, not quietly inf or 0.
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        if !value.isFinite || (value == 0 && mantissa.contains(where: { ("1"..."9").contains($0) })) {
            throw .numberOutOfRange(
                source: source, column: start + 1, text: text,
                reason: value == 0 ? "it underflows to 0 (write 0 for that)" : "it overflows to infinity")
        }
        if index < characters.count, characters[index].isLetter || characters[index] == "_" {
            throw unexpected("an operator")
        }
        return .number(value)
    }

    private mutating func parseName() throws(ExpressionError) -> Expression.Node {
        let start = index
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
            index += 1
        }
        let name = text(start..<index)
        if Program.Function(rawValue: name) != nil || name == "sum" {
            guard peek() == "(" else { throw unexpected("'(' after \(name)") }
            index += 1
            let argument = try parseSum()
            guard peek() == ")" else { throw unexpected("')'") }
            index += 1
            return name == "sum" ? .sum(argument) : .call(name, argument)
        }
        if let value = Expression.constants[name] { return .number(value) }
        let unknown = ExpressionError.unknownName(source: source, column: start + 1, name: name, variables: variables)
        switch variables {
        case .scalar:
            guard name == "x" else { throw unknown }
            return use(0)
        case .vector:
            if name == "x" {
                // x[i], the notebook's own spelling; x alone is the whole vector.
                guard peek() == "[" else { return .vector }
                index += 1
                skipSpaces()
                let digitsStart = index
                while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
                guard let position = Int(text(digitsStart..<index)) else { throw unexpected("an index") }
                guard peek() == "]" else { throw unexpected("']'") }
                index += 1
                return use(position)
            }
            guard name.first == "x", let position = Int(name.dropFirst()), name.dropFirst().allSatisfy(\.isASCII),
                String(position) == name.dropFirst() || name == "x0"
            else { throw unknown }
            return use(position)
        }
    }

    private mutating func use(_ variable: Int) -> Expression.Node {
        highestVariable = max(highestVariable ?? variable, variable)
        return .variable(variable)
    }
}
