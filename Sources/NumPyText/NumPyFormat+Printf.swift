import CDoubleText
import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension NumPyFormat {
    /// C's `printf` with one double, for rounding at a fixed precision.
    public static func printf(_ format: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
            let written = cdoubletext_format(buffer.baseAddress!, buffer.count, format, x)
            precondition(written >= 0 && written < buffer.count)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)), as: UTF8.self)
        }
    }

    /// The exponent written after the `e` at `index`: an optional sign, then
    /// digits to the end.
    static func readExponent(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        var j = index + 1
        let negative = bytes[j] == UInt8(ascii: "-")
        if negative || bytes[j] == UInt8(ascii: "+") { j += 1 }
        var exponent = 0
        while j < bytes.count {
            exponent = exponent * 10 + Int(bytes[j] &- UInt8(ascii: "0"))
            j += 1
        }
        return negative ? -exponent : exponent
    }

    /// `printf(format, x)` split as ``appendSplit(_:to:)`` splits it.
    static func appendPrintf(_ format: String, _ x: Double, to out: inout [UInt8]) -> (whole: Int, fraction: Int, exponent: Int) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
            let written = cdoubletext_format(buffer.baseAddress!, buffer.count, format, x)
            precondition(written >= 0 && written < buffer.count)
            return UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)).withMemoryRebound(to: UInt8.self) {
                appendSplit($0, to: &out)
            }
        }
    }

    /// Splits printf's `[-]digits[.digits][e±dd]` at the point: appends the
    /// integer part (with its sign) and the fraction digits, trailing zeros
    /// trimmed, to `out`, and returns their lengths and the exponent.
    private static func appendSplit(_ rounded: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> (
        whole: Int, fraction: Int, exponent: Int
    ) {
        var end = rounded.count
        var exponent = 0
        if let e = rounded.firstIndex(of: UInt8(ascii: "e")) {
            exponent = readExponent(rounded, after: e)
            end = e
        }
        let dot = rounded[..<end].firstIndex(of: UInt8(ascii: ".")) ?? end
        out.append(contentsOf: UnsafeBufferPointer(rebasing: rounded[..<dot]))
        guard dot < end else { return (dot, 0, exponent) }
        var last = end
        while last > dot + 1, rounded[last - 1] == UInt8(ascii: "0") { last -= 1 }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: rounded[(dot + 1)..<last]))
        return (dot, last - dot - 1, exponent)
    }

    /// NumPy's `dragon4_positional(x, precision, unique=True, fractional=True, trim='.')`:
    /// the shortest digits when they need at most `precision` fraction digits,
    /// otherwise the exact value rounded (half to even) to `precision` digits;
    /// trailing zeros trimmed, the point kept. Appends the integer part and
    /// then the fraction digits to `out`, and returns how many bytes each took.
    static func appendPositional(_ x: Double, precision: Int, to out: inout [UInt8]) -> (whole: Int, fraction: Int) {
        let start = out.count
        let shortest: (whole: Int, fraction: Int)? = withShortestDigits(x) { digits, point, negative in
            guard digits.count - point <= precision else { return nil }
            if negative { out.append(UInt8(ascii: "-")) }
            if point <= 0 {
                out.append(UInt8(ascii: "0"))
                let whole = out.count - start
                for _ in 0..<(-point) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: digits)
                return (whole, out.count - start - whole)
            }
            if point >= digits.count {
                out.append(contentsOf: digits)
                for _ in 0..<(point - digits.count) { out.append(UInt8(ascii: "0")) }
                return (out.count - start, 0)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<point]))
            let whole = out.count - start
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[point...]))
            return (whole, out.count - start - whole)
        }
        if let shortest { return shortest }
        if let parts = appendFixed(x, precision: precision, to: &out) { return parts }
        let parts = appendPrintf("%.\(precision)f", x, to: &out)
        return (parts.whole, parts.fraction)
    }

    /// Powers of ten that doubles hold exactly, 10^0 … 10^15.
    private static let exactPowersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { product, _ in product * 10 } }

    /// `printf("%.<precision>f", x)` split at the point, trailing zeros
    /// trimmed, without printf: `x · 10^precision` is rounded to an integer
    /// from its exact value, which `p + e` holds (`p` the rounded product,
    /// `e = fma(x, 10^precision, -p)` its exact error), ties to even as
    /// glibc rounds. Nil where that integer could pass 2^52, where `p`
    /// alone can no longer tell a tie; printf answers those.
    static func fixed(_ x: Double, precision: Int) -> (whole: String, fraction: String)? {
        var bytes: [UInt8] = []
        guard let (whole, fraction) = appendFixed(x, precision: precision, to: &bytes) else { return nil }
        return (String(decoding: bytes[..<whole], as: UTF8.self), String(decoding: bytes[whole..<(whole + fraction)], as: UTF8.self))
    }

    /// ``fixed(_:precision:)`` as bytes, appended to `out` as
    /// ``appendPositional(_:precision:to:)`` appends them.
    static func appendFixed(_ x: Double, precision: Int, to out: inout [UInt8]) -> (whole: Int, fraction: Int)? {
        guard x.isFinite, precision >= 0, precision < exactPowersOfTen.count else { return nil }
        let scale = exactPowersOfTen[precision]
        let magnitude = x.magnitude
        let product = magnitude * scale
        guard product < 0x1p52 else { return nil }
        let error = (-product).addingProduct(magnitude, scale)
        var n = product.rounded(.toNearestOrEven)
        // `product - n` is exact; only at ±1/2 can the error move the result.
        let offset = product - n
        if offset == 0.5 && error > 0 { n += 1 }
        if offset == -0.5 && error < 0 { n -= 1 }
        let units = UInt64(n)
        let divisor = UInt64(scale)
        let start = out.count
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        appendDigits(units / divisor, count: nil, to: &out)
        let whole = out.count - start
        var fraction = units % divisor
        guard fraction != 0 else { return (whole, 0) }
        var digits = precision
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        appendDigits(fraction, count: digits, to: &out)
        return (whole, digits)
    }

    /// Appends the decimal digits of `n`, zero-padded on the left to `count`
    /// digits when given.
    private static func appendDigits(_ n: UInt64, count: Int?, to out: inout [UInt8]) {
        var length = 1
        var rest = n / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        let width = Swift.max(length, count ?? 0)
        let end = out.count + width
        for _ in 0..<width { out.append(UInt8(ascii: "0")) }
        var k = end - 1
        rest = n
        repeat {
            out[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            k -= 1
        } while rest > 0
    }

    /// NumPy's `dragon4_scientific(x, precision, unique=True, trim='.')`:
    /// appends the integer digit (with its sign) and the fraction digits to
    /// `out`, and returns their lengths and the exponent.
    static func appendScientific(_ x: Double, precision: Int, to out: inout [UInt8]) -> (whole: Int, fraction: Int, exponent: Int) {
        let start = out.count
        let shortest: (whole: Int, fraction: Int, exponent: Int)? = withShortestDigits(x) { digits, point, negative in
            guard digits.count - 1 <= precision else { return nil }
            if negative { out.append(UInt8(ascii: "-")) }
            out.append(digits[0])
            let whole = out.count - start
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1...]))
            let isZero = digits.count == 1 && digits[0] == UInt8(ascii: "0")
            return (whole, digits.count - 1, isZero ? 0 : point - 1)
        }
        return shortest ?? appendPrintf("%.\(precision)e", x, to: &out)
    }
}
