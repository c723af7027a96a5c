import LessonKit

/// Reads a value as the notebook printed it: a Python float repr
/// (`23.000000000052978`) or a NumPy array (`array([14.,  6., 10.])`,
/// `[[ 0.79417551 …]]`), and the tolerance that its printing implies.
///
/// A repr is exact: it reads back to the one double it came from. An array
/// printed with NumPy's default options shows each element rounded to 8
/// digits (fraction digits when positional, mantissa fraction digits when
/// scientific), trailing zeros trimmed — so `14.` means "rounds to
/// 14.00000000", and the comparison rounds the actual value the same way.
public enum Printed {
    /// NumPy's default print precision.
    public static let numpyDigits = 8

    public struct Failure: Error, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "cannot read the printed value \"\(text)\": \(reason)" }
    }

    public static func parse(_ text: String) throws(Failure) -> (value: Tensor, tolerance: Tolerance) {
        var body = Substring(text)
        if body.hasPrefix("array(") && body.hasSuffix(")") { body = body.dropFirst(6).dropLast() }
        if !body.contains("[") {
            let scalar = String(body).trimmingWhitespace()
            guard let x = number(scalar) else { throw Failure(text: text, reason: "not a number") }
            let whole = !scalar.isEmpty && scalar.drop { $0 == "-" }.allSatisfy { $0.isASCII && $0.isNumber }
            return (Tensor(scalar: x), whole ? .printed(.integer, digits: 0) : .printed(.repr, digits: 17))
        }
        // Rows are bracketed groups at depth 2; a vector has depth 1.
        var depth = 0
        var maxDepth = 0
        var rows: [[Double]] = [[]]
        var token = ""
        var scientific = false
        func flush() throws(Failure) {
            guard !token.isEmpty else { return }
            guard let x = number(token) else { throw Failure(text: text, reason: "'\(token)' is not a number") }
            if token.contains("e") { scientific = true }
            rows[rows.count - 1].append(x)
            token = ""
        }
        for character in body {
            switch character {
            case "[":
                depth += 1
                maxDepth = max(maxDepth, depth)
                if depth == 2, !rows[rows.count - 1].isEmpty { rows.append([]) }
            case "]":
                try flush()
                depth -= 1
                guard depth >= 0 else { throw Failure(text: text, reason: "unbalanced brackets") }
            case ",", " ", "\n":
                try flush()
            default:
                token.append(character)
            }
        }
        try flush()
        guard depth == 0, maxDepth <= 2 else { throw Failure(text: text, reason: "unbalanced or too deeply nested brackets") }
        let tolerance = Tolerance.printed(scientific ? .scientific : .positional, digits: numpyDigits)
        if maxDepth == 1 { return (Tensor(vector: rows[0]), tolerance) }
        guard let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else {
            throw Failure(text: text, reason: "rows of different lengths")
        }
        return (Tensor(rows: rows), tolerance)
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard text.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
            return Double(text.hasSuffix(".") ? text + "0" : text.replacing(".e", with: "e"))
        }
    }

    /// `x` printed as the notebook would have printed it at this precision,
    /// read back as a double: what an actual value is compared by.
    static func rounded(_ x: Double, _ notation: PrintedNotation, digits: Int) -> Double {
        switch notation {
        case .repr: return x
        case .positional: return Double(NumPyFormat.printf("%.\(digits)f", x))!
        case .scientific: return Double(NumPyFormat.printf("%.\(digits)e", x))!
        case .integer: return x.rounded(.towardZero)
        }
    }
}
