import Arithmetic
import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads an expression's source into a tree of ``Expression/Node``s by
/// recursive descent, one precedence level per function, counting nodes and
/// nesting against the limits ``Expression`` states.
struct Parser {
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
    /// generic initialiser, whose first use alone costs a short run more
    /// than parsing does.
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
