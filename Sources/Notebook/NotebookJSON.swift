import LessonKit

/// A JSON reader for notebook files: linear in the input, however many
/// escapes its strings hold, with a nesting limit, giving ``JSON`` values.
///
/// Notebooks are larger than fixtures and their strings are mostly escapes
/// (`\n` ends every line of source), so this reader decodes each string in
/// one pass into a byte buffer. Integers that fit in 64 bits stay integers;
/// other numbers are doubles, and a number too large for a double is refused.
struct NotebookJSON {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var offset = 0
    private let maxDepth: Int

    static func parse(_ bytes: [UInt8], maxDepth: Int) throws(Failure) -> JSON {
        var reader = NotebookJSON(bytes: bytes, maxDepth: maxDepth)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.offset == bytes.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

    private mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[offset]) { offset += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSON {
        guard offset < bytes.count else { throw fail("the file ends inside a value (truncated?)") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw fail("nested deeper than \(maxDepth) levels") }
            offset += 1
            var pairs: [(String, JSON)] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(pairs)
            }
            while true {
                skipSpace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a key string") }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                if try endOrComma(UInt8(ascii: "}")) { return .object(pairs) }
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw fail("nested deeper than \(maxDepth) levels") }
            offset += 1
            var items: [JSON] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(items)
            }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if try endOrComma(UInt8(ascii: "]")) { return .array(items) }
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard offset < bytes.count else { throw fail("the file ends early (truncated?)") }
        guard bytes[offset] == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        offset += 1
    }

    /// True after the closing bracket, false after a comma.
    private mutating func endOrComma(_ close: UInt8) throws(Failure) -> Bool {
        guard offset < bytes.count else { throw fail("the file ends early (truncated?)") }
        let byte = bytes[offset]
        offset += 1
        if byte == close { return true }
        guard byte == UInt8(ascii: ",") else {
            offset -= 1
            throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'")
        }
        return false
    }

    private mutating func literal(_ word: String, _ value: JSON) throws(Failure) -> JSON {
        let utf8 = Array(word.utf8)
        guard bytes.count - offset >= utf8.count, Array(bytes[offset..<offset + utf8.count]) == utf8 else {
            throw fail("unexpected character")
        }
        offset += utf8.count
        return value
    }

    private mutating func number() throws(Failure) -> JSON {
        let start = offset
        while offset < bytes.count, "+-.eE0123456789".utf8.contains(bytes[offset]) { offset += 1 }
        guard offset > start else { throw fail("unexpected character") }
        guard offset - start <= 400 else { throw fail("a number \(offset - start) characters long") }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let whole = Int64(text) { return .integer(whole) }
        guard let x = Double(text), text.first != "+", !text.hasPrefix("."), !text.hasSuffix(".") else {
            offset = start
            throw fail("invalid number")
        }
        guard x.isFinite else {
            offset = start
            throw fail("a number too large for a double")
        }
        return .number(x)
    }

    private mutating func string() throws(Failure) -> String {
        offset += 1
        var buffer: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard offset + 1 < bytes.count else { throw fail("the file ends inside a string (truncated?)") }
                let escape = bytes[offset + 1]
                offset += 2
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        offset += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    offset -= 2
                    throw fail("invalid escape")
                }
            case 0..<0x20:
                throw fail("control character in a string")
            default:
                buffer.append(byte)
                offset += 1
            }
        }
        throw fail("the file ends inside a string (truncated?)")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw fail("the file ends inside a \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[offset..<offset + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        offset += 4
        return value
    }
}
