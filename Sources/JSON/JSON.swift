import NumPyMath
import NumPyText
import Terminal

/// A JSON value with the two properties the project needs and Foundation's
/// coders do not promise: numbers written as the shortest text that parses
/// back to the same double, and a byte-stable layout (object keys keep their
/// order, or are sorted on request).
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// A whole number, written without a fraction (a count, a seed).
    case integer(Int64)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a.bitPattern == b.bitPattern
        case (.integer(let a), .integer(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// The value for `key` in an object, or nil.
    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [(String, JSON)]? { if case .object(let o) = self { return o } else { return nil } }

    /// A number as a double; the strings `"nan"`, `"inf"` and `"-inf"` stand
    /// for the values JSON cannot write.
    public var doubleValue: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let n): return Double(n)
        case .string("nan"): return .nan
        case .string("inf"): return .infinity
        case .string("-inf"): return -.infinity
        default: return nil
        }
    }

    /// A double as JSON: a number when finite, else `"nan"`, `"inf"`, `"-inf"`.
    public static func double(_ x: Double) -> JSON {
        x.isFinite ? .number(x) : .string(nonFiniteText(x))
    }

    /// How a non-finite number is written: the strings NumPy prints.
    static func nonFiniteText(_ x: Double) -> String { x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
}
