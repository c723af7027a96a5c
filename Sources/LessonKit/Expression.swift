#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A function of one variable `x` or of a vector `x0, x1, …`, written as a
/// learner would write the notebook's lambda: `x^2 + 3*x + 100`,
/// `x0**2 + 2*x0*x1 + x2**2`.
///
/// Grammar, with Python's precedence (loosest first):
/// ```
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := atom (('^' | '**') unary)?      -- right-associative
/// atom    := number | variable | name '(' sum ')' | '(' sum ')'
/// ```
/// So `-x^2` is `-(x^2)` and `2^3^2` is `2^9`, as in Python. Evaluation is in
/// `Double`, left to right within a level, exactly as Python evaluates the
/// same source on floats, so `0.01*x^2 + 0.1*x` gives Python's bits. Powers
/// call the C library's `pow`, as NumPy's float64 `**` does; `exp`, `log`,
/// `sin`, `cos`, `tanh` are the C library's too, which is why outputs that go
/// through them are compared with a small ulp tolerance rather than exactly.
public struct Expression: Sendable, CustomStringConvertible {
    /// How the function names its variables.
    public enum Variables: Sendable {
        /// One variable, `x` (the derivative lesson).
        case scalar
        /// A vector: `x0, x1, …` or `x[0], x[1], …` (the vector lessons).
        case vector
    }

    /// The functions an expression may call.
    public static let functions: [String: @Sendable (Double) -> Double] = [
        "exp": { exp($0) }, "log": { log($0) }, "sqrt": { $0.squareRoot() },
        "sin": { sin($0) }, "cos": { cos($0) }, "tanh": { tanh($0) }, "abs": { Swift.abs($0) },
    ]

    indirect enum Node: Sendable {
        case number(Double)
        case variable(Int)
        case negate(Node)
        case binary(Character, Node, Node)
        case power(Node, Node)
        case call(String, Node)
    }

    /// The text the expression was parsed from.
    public let source: String
    public let variables: Variables
    let root: Node
    /// The highest variable index used (0 for `x`), or nil when the
    /// expression is constant.
    public let highestVariable: Int?

    public var description: String { source }

    /// Parses `source`, refusing anything outside the grammar with the column
    /// of the first offending character.
    public init(_ source: String, variables: Variables) throws(ExpressionError) {
        var parser = Parser(source: source, variables: variables)
        root = try parser.parseAll()
        self.source = source
        self.variables = variables
        highestVariable = parser.highestVariable
    }

    /// Checks that a point with `count` coordinates gives every variable a value.
    public func requireVariables(count: Int) throws(ExpressionError) {
        if let highest = highestVariable, highest >= count {
            throw .variableOutOfRange(source: source, variable: "x\(highest)", count: count)
        }
    }

    /// Evaluates at a point; for `.scalar` expressions pass one coordinate.
    /// Call `requireVariables(count:)` first: an out-of-range index traps.
    public func callAsFunction(_ x: [Double]) -> Double { Self.evaluate(root, x) }

    /// Evaluates a one-variable expression at `x`.
    public func callAsFunction(_ x: Double) -> Double { Self.evaluate(root, [x]) }

    private static func evaluate(_ node: Node, _ x: [Double]) -> Double {
        switch node {
        case .number(let value): return value
        case .variable(let index): return x[index]
        case .negate(let operand): return -evaluate(operand, x)
        case .power(let base, let exponent): return pow(evaluate(base, x), evaluate(exponent, x))
        case .call(let name, let argument): return functions[name]!(evaluate(argument, x))
        case .binary(let op, let lhs, let rhs):
            let a = evaluate(lhs, x)
            let b = evaluate(rhs, x)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return a / b
            }
        }
    }
}

/// Why an expression was refused. Columns count characters from 1.
public enum ExpressionError: Error, Equatable, CustomStringConvertible, Sendable {
    case unexpected(source: String, column: Int, found: String, expected: String)
    case unknownName(source: String, column: Int, name: String, variables: Expression.Variables)
    case badNumber(source: String, column: Int, text: String)
    case tooComplex(source: String, reason: String)
    case variableOutOfRange(source: String, variable: String, count: Int)

    public var description: String {
        switch self {
        case .unexpected(let source, let column, let found, let expected):
            return "\"\(source)\": expected \(expected) but found \(found) at column \(column): \(Self.mark(source, column))"
        case .unknownName(let source, let column, let name, let variables):
            let allowed = variables == .scalar ? "the variable x" : "variables x0, x1, … (or x[0], x[1], …)"
            let names = Expression.functions.keys.sorted().joined(separator: " ")
            return
                "\"\(source)\": unknown name '\(name)' at column \(column): \(Self.mark(source, column)) (use \(allowed) and the functions \(names))"
        case .badNumber(let source, let column, let text):
            return "\"\(source)\": '\(text)' at column \(column) is not a number: \(Self.mark(source, column))"
        case .tooComplex(let source, let reason):
            return "\"\(source.count > 60 ? String(source.prefix(60)) + "…" : source)\": \(reason)"
        case .variableOutOfRange(let source, let variable, let count):
            return "\"\(source)\" uses \(variable), but the point has only \(count) coordinate\(count == 1 ? "" : "s") (x0 … x\(count - 1))"
        }
    }

    /// The source with `→` inserted before the offending column.
    static func mark(_ source: String, _ column: Int) -> String {
        let characters = Array(source)
        let index = min(max(column - 1, 0), characters.count)
        return String(characters[..<index]) + "→" + String(characters[index...])
    }
}

extension Expression.Variables: Equatable {}

private struct Parser {
    let source: String
    let characters: [Character]
    let variables: Expression.Variables
    var index = 0
    var highestVariable: Int?
    var depth = 0
    /// Limits that keep parsing and evaluation far from the stack's end:
    /// no learner's function comes near them.
    static let maxLength = 2000
    static let maxNesting = 100

    init(source: String, variables: Expression.Variables) {
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

    mutating func parseAll() throws(ExpressionError) -> Expression.Node {
        if characters.count > Self.maxLength {
            throw .tooComplex(source: source, reason: "\(characters.count) characters is longer than the limit of \(Self.maxLength)")
        }
        let node = try parseSum()
        if peek() != nil { throw unexpected("an operator") }
        return node
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression.Node {
        var node = try parseProduct()
        while let op = peek(), op == "+" || op == "-" {
            index += 1
            node = .binary(op, node, try parseProduct())
        }
        return node
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression.Node {
        var node = try parseUnary()
        while let op = peek(), op == "*" || op == "/" {
            if op == "*", index + 1 < characters.count, characters[index + 1] == "*" { break }
            index += 1
            node = .binary(op, node, try parseUnary())
        }
        return node
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression.Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxNesting {
            throw .tooComplex(source: source, reason: "nested more than \(Self.maxNesting) levels deep at column \(column)")
        }
        switch peek() {
        case "-":
            index += 1
            return .negate(try parseUnary())
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
        return .power(base, try parseUnary())
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
        if next.isNumber || next == "." { return try parseNumber() }
        if next.isLetter || next == "_" { return try parseName() }
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
        let text = String(characters[start..<index])
        guard text.contains(where: \.isNumber), let value = Double(text), text.last != "e", text.last != "E",
            text.last != "+", text.last != "-"
        else {
            throw .badNumber(source: source, column: start + 1, text: text)
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
        let name = String(characters[start..<index])
        if Expression.functions[name] != nil {
            guard peek() == "(" else { throw unexpected("'(' after \(name)") }
            index += 1
            let argument = try parseSum()
            guard peek() == ")" else { throw unexpected("')'") }
            index += 1
            return .call(name, argument)
        }
        let unknown = ExpressionError.unknownName(source: source, column: start + 1, name: name, variables: variables)
        switch variables {
        case .scalar:
            guard name == "x" else { throw unknown }
            return use(0)
        case .vector:
            if name == "x" {
                // x[i], the notebook's own spelling.
                guard peek() == "[" else { throw unknown }
                index += 1
                skipSpaces()
                let digitsStart = index
                while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
                guard let position = Int(String(characters[digitsStart..<index])) else { throw unexpected("an index") }
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
