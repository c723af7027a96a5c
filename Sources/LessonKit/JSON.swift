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
        if x.isNaN { return .string("nan") }
        if x.isInfinite { return .string(x < 0 ? "-inf" : "inf") }
        return .number(x)
    }

    /// A tensor as JSON: a number, an array, or an array of arrays.
    public static func tensor(_ t: Tensor) -> JSON {
        switch t.rank {
        case 0: return double(t.scalar)
        case 1: return .array(t.scalars.map(double))
        default:
            // Rows of the last axis, as `Tensor.rows`, without copying each row first.
            let columns = t.shape[t.shape.count - 1]
            return .array(
                (0..<(columns == 0 ? 0 : t.count / columns)).map { row in
                    .array(t.scalars[(row * columns)..<((row + 1) * columns)].map(double))
                })
        }
    }

    /// Reads a tensor back from `tensor(_:)`'s form. Returns nil for anything
    /// that is not a number, a flat array of numbers, or a rectangular array of them.
    public var tensorValue: Tensor? {
        if let x = doubleValue { return Tensor(scalar: x) }
        guard let items = arrayValue else { return nil }
        if items.isEmpty { return Tensor(vector: []) }
        if let values = items.map(\.doubleValue) as? [Double] { return Tensor(vector: values) }
        guard let rows = items.map({ $0.arrayValue?.map(\.doubleValue) }) as? [[Double?]],
            let numbers = rows.map({ $0 as? [Double] }) as? [[Double]],
            let cols = numbers.first?.count, numbers.allSatisfy({ $0.count == cols })
        else { return nil }
        return Tensor(shape: [numbers.count, cols], scalars: numbers.flatMap { $0 })
    }

    /// Compact JSON text. `sortedKeys` orders object keys by their UTF-8 bytes.
    /// With `indent`, nested values go on lines of their own, indented by
    /// that many spaces per level, and an array of scalars stays on one line.
    ///
    /// - Complexity: O(size of the text): bytes are appended to one buffer,
    ///   numbers through ``NumPyFormat/appendPythonRepr(_:to:)`` without
    ///   intermediate strings.
    public func serialized(sortedKeys: Bool = false, indent: Int? = nil) -> String {
        var out: [UInt8] = []
        // Room for the numbers up front: growing a buffer of tens of
        // megabytes by doubling copies it and faults in its pages again.
        out.reserveCapacity(256 + 24 * numberCount)
        var memo = NumberMemo()
        write(to: &out, sortedKeys: sortedKeys, indent: indent, level: 0, memo: &memo)
        return String(decoding: out, as: UTF8.self)
    }

    /// How many numbers the value holds.
    private var numberCount: Int {
        switch self {
        case .number, .integer: return 1
        case .array(let items): return items.reduce(0) { $0 + $1.numberCount }
        case .object(let pairs): return pairs.reduce(0) { $0 + $1.1.numberCount }
        default: return 0
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// The text of recently written numbers, so that a value that repeats
    /// (a converged descent, a zero-filled array) is formatted once: 64
    /// slots chosen by a hash of the bits, the newest value winning a slot.
    private struct NumberMemo {
        static let slots = 64
        static let width = 32
        var keys = [UInt64](repeating: 0, count: slots)
        var lengths = [Int](repeating: 0, count: slots)
        var bytes = [UInt8](repeating: 0, count: slots * width)

        mutating func append(_ x: Double, to out: inout [UInt8]) {
            let bits = x.bitPattern
            let slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 58)
            let base = slot * Self.width
            if lengths[slot] > 0 && keys[slot] == bits {
                out.append(contentsOf: bytes[base..<(base + lengths[slot])])
                return
            }
            let start = out.count
            NumPyFormat.appendPythonRepr(x, to: &out)
            let count = out.count - start
            guard count <= Self.width else { return }
            keys[slot] = bits
            lengths[slot] = count
            for k in 0..<count { bytes[base + k] = out[start + k] }
        }
    }

    private func write(to out: inout [UInt8], sortedKeys: Bool, indent: Int?, level: Int, memo: inout NumberMemo) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let x):
            precondition(x.isFinite, "JSON numbers are finite; use JSON.double(_:)")
            memo.append(x, to: &out)
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            if indent != nil, items.allSatisfy(\.isScalar) {
                // A row of numbers stays on one line, so diffs read row by row.
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(contentsOf: ", ".utf8) }
                    item.write(to: &out, sortedKeys: sortedKeys, indent: nil, level: 0, memo: &memo)
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent, level + 1)
                item.write(to: &out, sortedKeys: sortedKeys, indent: indent, level: level + 1, memo: &memo)
            }
            Self.newline(&out, indent, level)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            let ordered = sortedKeys ? pairs.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) } : pairs
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in ordered.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent, level + 1)
                Self.writeString(key, to: &out)
                out.append(contentsOf: (indent == nil ? ":" : ": ").utf8)
                value.write(to: &out, sortedKeys: sortedKeys, indent: indent, level: level + 1, memo: &memo)
            }
            Self.newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The shortest decimal text that reads back to `x` (Python's `repr`,
    /// which is valid JSON for finite values).
    static func numberText(_ x: Double) -> String {
        precondition(x.isFinite, "JSON numbers are finite; use JSON.double(_:)")
        return NumPyFormat.pythonRepr(x)
    }

    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Why a JSON text was refused, with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public let offset: Int
    public let reason: String
    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSON {
    /// Parses JSON text (RFC 8259). Nesting deeper than `maxDepth` is refused
    /// rather than risking the stack on hostile input.
    public init(parsing text: String, maxDepth: Int = 64) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes: Array(text.utf8), maxDepth: maxDepth)
        self = try reader.readDocument()
    }
}

private struct JSONReader {
    let bytes: [UInt8]
    let maxDepth: Int
    var offset = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: offset, reason: reason) }

    mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]) { offset += 1 }
    }

    mutating func readDocument() throws(JSONSyntaxError) -> JSON {
        let value = try readValue(depth: 0)
        skipSpace()
        guard offset == bytes.count else { throw fail("unexpected text after the JSON value") }
        return value
    }

    mutating func expect(_ literal: String, _ value: JSON) throws(JSONSyntaxError) -> JSON {
        let literalBytes = Array(literal.utf8)
        guard bytes.count - offset >= literalBytes.count, Array(bytes[offset..<offset + literalBytes.count]) == literalBytes else {
            throw fail("invalid literal")
        }
        offset += literalBytes.count
        return value
    }

    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSON {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        skipSpace()
        guard offset < bytes.count else { throw fail("unexpected end of JSON") }
        switch bytes[offset] {
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "["):
            offset += 1
            var items: [JSON] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(items)
            }
            while true {
                items.append(try readValue(depth: depth + 1))
                skipSpace()
                guard offset < bytes.count else { throw fail("unterminated array") }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                if bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return .array(items)
                }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "{"):
            offset += 1
            var pairs: [(String, JSON)] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(pairs)
            }
            while true {
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try readString()
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                offset += 1
                let value = try readValue(depth: depth + 1)
                if pairs.contains(where: { $0.0 == key }) { throw fail("duplicate key \"\(key)\"") }
                pairs.append((key, value))
                skipSpace()
                guard offset < bytes.count else { throw fail("unterminated object") }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                if bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    return .object(pairs)
                }
                throw fail("expected ',' or '}'")
            }
        default:
            return try readNumber()
        }
    }

    mutating func readNumber() throws(JSONSyntaxError) -> JSON {
        let start = offset
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw fail("invalid value") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw fail("invalid number") }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw fail("invalid number") }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let whole = Int64(text) { return .integer(whole) }
        guard let value = Double(text) else { throw fail("invalid number") }
        return .number(value)
    }

    mutating func readString() throws(JSONSyntaxError) -> String {
        offset += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll()
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        offset += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                    scalars.append(scalar)
                default: throw fail("invalid escape")
                }
            case 0..<0x20:
                throw fail("control character in string")
            default:
                run.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - offset >= 4, let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else {
            throw fail("invalid \\u escape")
        }
        offset += 4
        return value
    }
}
