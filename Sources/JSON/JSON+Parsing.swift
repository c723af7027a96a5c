import CDoubleText
import NumPyMath
import NumPyText
import Terminal

/// Why a JSON text was refused: what was wrong, where in the value tree
/// (`cases[1].outputs.x.values[0]`) and at which byte reading stopped.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public let offset: Int
    public let reason: String
    /// The member and index path to the value at fault, empty at the top level.
    public let path: String

    init(offset: Int, reason: String, path: String = "") {
        self.offset = offset
        self.reason = reason
        self.path = path
    }

    public var description: String {
        let at = path.isEmpty ? "" : "at \(path.excerpt(limit: 120)), "
        return "\(reason) (\(at)byte \(offset))"
    }

    /// The same error one level further out: `component` is `[3]` or `.name`.
    func inside(_ component: String) -> JSONSyntaxError {
        let joined = component + (path.hasPrefix("[") || path.isEmpty ? path : "." + path)
        return JSONSyntaxError(offset: offset, reason: reason, path: joined.hasPrefix(".") ? String(joined.dropFirst()) : joined)
    }
}

extension JSON {
    /// The longest text `JSON(parsing:)` reads by default: the most a fixture
    /// may decode to.
    public static let defaultMaxLength = 16 * 1024 * 1024
    /// The longest number literal read. A double needs at most 17 significant
    /// digits to round-trip and its exact decimal expansion is under 800
    /// characters; longer literals are refused rather than handed to `strtod`.
    public static let maxNumberLength = 1000

    /// Parses JSON text (RFC 8259) in time linear in its length.
    ///
    /// Refused, with the path to the value at fault: nesting deeper than
    /// `maxDepth` (the reader is recursive), text longer than `maxLength`
    /// bytes, duplicate keys, and numbers a double cannot hold: one that
    /// overflows to ±infinity (`1e400`), one written with non-zero digits that
    /// underflows to 0 (`1e-400`), or a literal longer than `maxNumberLength`.
    /// Whole numbers that fit an `Int64` read as `.integer`, except `-0`,
    /// which reads as the double -0.0.
    public init(parsing text: String, maxDepth: Int = 64, maxLength: Int = JSON.defaultMaxLength) throws(JSONSyntaxError) {
        let count = text.utf8.count
        guard count <= maxLength else {
            throw JSONSyntaxError(offset: 0, reason: "the text is \(count) bytes, more than the \(maxLength)-byte limit")
        }
        var text = text
        text.makeContiguousUTF8()
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> Result<JSON, JSONSyntaxError> in
            var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
            do throws(JSONSyntaxError) { return .success(try reader.readDocument()) } catch { return .failure(error) }
        }
        guard let result else { throw JSONSyntaxError(offset: 0, reason: "the text has no contiguous UTF-8 storage") }
        self = try result.get()
    }
}

private struct JSONReader {
    /// The text's own UTF-8 storage: read without bounds-checked array
    /// accesses, which the unoptimised (debug) build pays dearly for on
    /// megabyte fixtures.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The same bytes for reading one at a time: a pointer's subscript is
    /// inlined even unoptimised, a buffer pointer's is a generic call.
    let base: UnsafePointer<UInt8>
    /// How many bytes there are.
    let end: Int
    let maxDepth: Int
    var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        // An empty text has no storage; `end` = 0 keeps the pointer unread.
        self.base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.end = bytes.count
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: offset, reason: reason) }

    mutating func skipSpace() {
        while offset < end {
            switch base[offset] {
            case 0x20, 0x09, 0x0a, 0x0d: offset += 1
            default: return
            }
        }
    }

    mutating func readDocument() throws(JSONSyntaxError) -> JSON {
        let value = try readValue(depth: 0)
        skipSpace()
        guard offset == end else { throw fail("unexpected text after the JSON value") }
        return value
    }

    mutating func expect(_ literal: StaticString, _ value: JSON) throws(JSONSyntaxError) -> JSON {
        let count = literal.utf8CodeUnitCount
        guard end - offset >= count else { throw fail("invalid literal") }
        for i in 0..<count where base[offset + i] != literal.utf8Start[i] { throw fail("invalid literal") }
        offset += count
        return value
    }

    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSON {
        guard depth < maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
        skipSpace()
        guard offset < end else { throw fail("unexpected end of JSON") }
        switch base[offset] {
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        default: return try readNumber()
        }
    }

    mutating func readArray(depth: Int) throws(JSONSyntaxError) -> JSON {
        offset += 1
        var items: [JSON] = []
        skipSpace()
        if offset < end, base[offset] == UInt8(ascii: "]") {
            offset += 1
            return .array(items)
        }
        while true {
            do throws(JSONSyntaxError) {
                items.append(try readValue(depth: depth + 1))
            } catch {
                throw error.inside("[\(items.count)]")
            }
            skipSpace()
            guard offset < end else { throw fail("unterminated array") }
            if base[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if base[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(items)
            }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func readObject(depth: Int) throws(JSONSyntaxError) -> JSON {
        offset += 1
        var pairs: [(String, JSON)] = []
        var keys = Set<String>()
        skipSpace()
        if offset < end, base[offset] == UInt8(ascii: "}") {
            offset += 1
            return .object(pairs)
        }
        while true {
            skipSpace()
            guard offset < end, base[offset] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let keyOffset = offset
            let key = try readString()
            guard keys.insert(key).inserted else {
                throw JSONSyntaxError(offset: keyOffset, reason: "duplicate key \"\(key.excerpt())\"")
            }
            skipSpace()
            guard offset < end, base[offset] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            offset += 1
            do throws(JSONSyntaxError) {
                pairs.append((key, try readValue(depth: depth + 1)))
            } catch {
                throw error.inside("." + key.excerpt(limit: 40))
            }
            skipSpace()
            guard offset < end else { throw fail("unterminated object") }
            if base[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if base[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(pairs)
            }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func readNumber() throws(JSONSyntaxError) -> JSON {
        let start = offset
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var nonZeroMantissa = false
        var whole = true
        func digits() {
            while offset < end, isDigit(base[offset]) {
                if base[offset] != UInt8(ascii: "0") { nonZeroMantissa = true }
                offset += 1
            }
        }
        if offset < end, base[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < end, isDigit(base[offset]) else { throw fail("invalid value") }
        if base[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            digits()
        }
        if offset < end, base[offset] == UInt8(ascii: ".") {
            whole = false
            offset += 1
            guard offset < end, isDigit(base[offset]) else { throw fail("invalid number") }
            digits()
        }
        if offset < end, base[offset] == UInt8(ascii: "e") || base[offset] == UInt8(ascii: "E") {
            whole = false
            offset += 1
            if offset < end, base[offset] == UInt8(ascii: "+") || base[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < end, isDigit(base[offset]) else { throw fail("invalid number") }
            while offset < end, isDigit(base[offset]) { offset += 1 }
        }
        let length = offset - start
        guard length <= JSON.maxNumberLength else {
            throw JSONSyntaxError(offset: start, reason: "a number of \(length) characters is longer than any double needs")
        }
        // Read from the bytes: a String per number was most of the cost of
        // reading a thousand of them.
        var text: String { String(decoding: bytes[start..<offset], as: UTF8.self) }
        if whole, let value = integer(start..<offset) { return .integer(value) }
        var read: Int32 = 0
        let value = UnsafeRawPointer(bytes.baseAddress! + start).withMemoryRebound(to: CChar.self, capacity: length) {
            cdoubletext_parse($0, length, &read)
        }
        guard read != 0 else { throw JSONSyntaxError(offset: start, reason: "invalid number") }
        guard value.isFinite else {
            throw JSONSyntaxError(
                offset: start, reason: "the number \(text.excerpt()) is too large for a double (it would read as infinity)")
        }
        guard value != 0 || !nonZeroMantissa else {
            throw JSONSyntaxError(offset: start, reason: "the number \(text.excerpt()) is too small for a double (it would read as 0)")
        }
        return .number(value)
    }

    /// The Int64 that JSON digits (with an optional minus) spell, or nil for
    /// `-0` (a double) and for values past Int64's range.
    private func integer(_ digits: Range<Int>) -> Int64? {
        let negative = base[digits.lowerBound] == UInt8(ascii: "-")
        var value: Int64 = 0
        for index in (negative ? digits.lowerBound + 1 : digits.lowerBound)..<digits.upperBound {
            let digit = Int64(base[index] &- UInt8(ascii: "0"))
            // Accumulated as a negative number, whose range reaches Int64.min.
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
            if overflow || overflow2 { return nil }
            value = next
        }
        if negative { return value == 0 ? nil : value }
        return value == Int64.min ? nil : -value
    }

    /// Reads a string in one pass: plain bytes are copied in runs, escapes
    /// are written as UTF-8, and the bytes become a String once at the end.
    mutating func readString() throws(JSONSyntaxError) -> String {
        offset += 1
        var utf8: [UInt8] = []
        var runStart = offset
        while offset < end {
            let byte = base[offset]
            switch byte {
            case UInt8(ascii: "\""):
                utf8.append(contentsOf: bytes[runStart..<offset])
                offset += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                utf8.append(contentsOf: bytes[runStart..<offset])
                offset += 1
                guard offset < end else { throw fail("unterminated string") }
                let escape = base[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard end - offset >= 6, base[offset] == UInt8(ascii: "\\"), base[offset + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        offset += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                    utf8.append(contentsOf: UTF8.encode(scalar)!)
                default: throw fail("invalid escape")
                }
                runStart = offset
            case 0..<0x20:
                throw fail("control character in string")
            default:
                offset += 1
            }
        }
        throw fail("unterminated string")
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard end - offset >= 4 else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for i in 0..<4 {
            let b = base[offset + i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        offset += 4
        return value
    }
}
