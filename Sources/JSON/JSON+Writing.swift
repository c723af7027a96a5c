import NumPyMath
import NumPyText
import Terminal

extension JSON {
    /// Compact JSON text. `sortedKeys` orders object keys by their UTF-8 bytes.
    /// With `indent`, nested values go on lines of their own, indented by
    /// that many spaces per level, and an array of scalars stays on one line.
    ///
    /// - Complexity: O(size of the text): bytes are appended to one buffer,
    ///   numbers through ``NumPyFormat/appendPythonRepr(_:to:)`` without
    ///   intermediate strings.
    public func serialized(sortedKeys: Bool = false, indent: Int? = nil) -> String {
        String(decoding: serializedUTF8(sortedKeys: sortedKeys, indent: indent), as: UTF8.self)
    }

    /// The text of `serialized`, as UTF-8 bytes.
    public func serializedUTF8(sortedKeys: Bool = false, indent: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        // Room for the numbers up front: growing a buffer of tens of
        // megabytes by doubling copies it and faults in its pages again.
        out.reserveCapacity(256 + 24 * numberCount)
        var memo = NumberMemo()
        write(to: &out, sortedKeys: sortedKeys, indent: indent, level: 0, memo: &memo)
        return out
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
    struct NumberMemo {
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

    package static func writeString(_ s: String, to out: inout [UInt8]) {
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
