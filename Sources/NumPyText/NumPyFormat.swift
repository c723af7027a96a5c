import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints doubles and arrays the way Python and NumPy 2 print them in a
/// notebook: `23.000000000052978`, `array([14.,  6., 10.])`,
/// `array([6.72221872e-09, 4.07407195e-09])`.
///
/// Scalars print as Python's `repr(float)`: the shortest digits that read
/// back to the same double, so printing loses nothing. Arrays follow NumPy's
/// default print options (precision 8, `floatmode='maxprec'`, line width 75,
/// summarised past 1000 elements with 3 edge items); like NumPy's, they round
/// to 8 digits and are for reading, not for round trips.
public enum NumPyFormat {
    /// The shortest decimal digits of a finite double, without a heap
    /// allocation: `body` gets them (ASCII, no leading or trailing zeros, "0"
    /// for zero), where the point falls (`value = 0.digits × 10^point`) and
    /// the sign.
    static func withShortestDigits<R>(_ value: Double, _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) -> R) -> R {
        // Swift's description is the shortest round-trip form, e.g. "1.5e-05" or "123.25".
        var text = value.magnitude.description
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
                var count = 0
                var point = -1
                var exponent = 0
                var i = 0
                while i < bytes.count {
                    let byte = bytes[i]
                    if byte == UInt8(ascii: ".") {
                        point = count
                    } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                        exponent = readExponent(bytes, after: i)
                        break
                    } else if count < digits.count {
                        digits[count] = byte
                        count += 1
                    }
                    i += 1
                }
                if point < 0 { point = count }
                point += exponent
                var first = 0
                while first < count - 1, digits[first] == UInt8(ascii: "0") {
                    first += 1
                    point -= 1
                }
                var last = count
                while last - first > 1, digits[last - 1] == UInt8(ascii: "0") { last -= 1 }
                if last - first == 1 && digits[first] == UInt8(ascii: "0") { point = 1 }
                return body(UnsafeBufferPointer(rebasing: digits[first..<last]), point, value.sign == .minus)
            }
        }
    }

    /// Python's `repr(x)` for a float: shortest round-trip digits, positional
    /// when the decimal point falls within -4 < point ≤ 16, else `d.ddde±XX`.
    public static func pythonRepr(_ x: Double) -> String {
        var out: [UInt8] = []
        appendPythonRepr(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``pythonRepr(_:)`` of `x` to `out` as UTF-8, reading the
    /// shortest digits from Swift's own round-trip `description` byte by
    /// byte: no intermediate strings besides that one, so a million numbers
    /// print in a fraction of a second.
    public static func appendPythonRepr(_ x: Double, to out: inout [UInt8]) {
        if x.isNaN { return out.append(contentsOf: "nan".utf8) }
        if x.isInfinite { return out.append(contentsOf: (x < 0 ? "-inf" : "inf").utf8) }
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        var text = x.magnitude.description
        let copied = text.withUTF8 { bytes in
            // Swift and Python write the same shortest digits in the same
            // layout ("26.400000000000002", "4.65206376e-21", "1e+16") except
            // from 2^53 to 1e16, where Swift goes to "…e+15" and Python stays
            // positional: copy all but those.
            let n = bytes.count
            if n < 4 || bytes[n - 4] != UInt8(ascii: "e") || bytes[n - 3] != UInt8(ascii: "+") || bytes[n - 2] != UInt8(ascii: "1")
                || bytes[n - 1] != UInt8(ascii: "5")
            {
                out.append(contentsOf: bytes)
                return true
            }
            return false
        }
        if copied { return }
        withShortestDigits(x) { digits, point, _ in
            let significant = digits.count
            if point <= -4 || point > 16 {
                out.append(digits[0])
                if significant > 1 {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1...]))
                }
                let e = point - 1
                out.append(UInt8(ascii: "e"))
                out.append(UInt8(ascii: e < 0 ? "-" : "+"))
                let magnitude = Swift.abs(e)
                if magnitude < 10 { out.append(UInt8(ascii: "0")) }
                if magnitude >= 100 { out.append(48 + UInt8(magnitude / 100)) }
                if magnitude >= 10 { out.append(48 + UInt8(magnitude / 10 % 10)) }
                out.append(48 + UInt8(magnitude % 10))
            } else if point <= 0 {
                out.append(contentsOf: "0.".utf8)
                for _ in 0..<(-point) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: digits)
            } else if point >= significant {
                out.append(contentsOf: digits)
                for _ in 0..<(point - significant) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: ".0".utf8)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<point]))
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[point...]))
            }
        }
    }
}
