import NumPyMath
import CFormat

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

    /// C's `printf` with one double, for rounding at a fixed precision.
    public static func printf(_ format: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
            let written = cformat_double(buffer.baseAddress!, buffer.count, format, x)
            precondition(written >= 0 && written < buffer.count)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)), as: UTF8.self)
        }
    }

    /// The exponent written after the `e` at `index`: an optional sign, then
    /// digits to the end.
    private static func readExponent(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
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
            let written = cformat_double(buffer.baseAddress!, buffer.count, format, x)
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

    /// NumPy's `FloatingFormat` for default print options: chooses positional
    /// or scientific notation from the data, then pads every element to a
    /// common width. Each distinct value is formatted once, whatever the
    /// number of elements that hold it.
    struct FloatFormat {
        var exponential = false
        var padLeft = 0
        var padRight = 0
        var precision = 8
        var exponentDigits = 0
        /// The printed, padded form of each distinct value, one after another.
        private var printed: [UInt8] = []
        /// Where each distinct value's form ends in `printed`.
        private var ends: [Int] = []
        /// For each element of the data, its distinct value's number.
        private var distinctOf: [Int] = []

        init(_ data: [Double]) {
            // Distinct by bit pattern (-0.0 and 0.0 print differently), found
            // with an open-addressed table of distinct numbers, at most half full.
            var distinct: [Double] = []
            distinctOf.reserveCapacity(data.count)
            let bits = max(4, Int.bitWidth - (2 * data.count).leadingZeroBitCount)
            var table = [Int](repeating: -1, count: 1 << bits)
            for x in data {
                var slot = Int(truncatingIfNeeded: (x.bitPattern &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
                while table[slot] >= 0 && distinct[table[slot]].bitPattern != x.bitPattern {
                    slot = (slot + 1) & (table.count - 1)
                }
                if table[slot] < 0 {
                    table[slot] = distinct.count
                    distinct.append(x)
                }
                distinctOf.append(table[slot])
            }
            let finite = distinct.filter(\.isFinite)
            let nonZero = finite.filter { $0 != 0 }.map(\.magnitude)
            if let maxValue = nonZero.max(), let minValue = nonZero.min() {
                exponential = maxValue >= 1e8 || minValue < 0.0001 || maxValue / minValue > 1000
            }
            // Each distinct value's positional parts, computed once for the
            // widths and used again to print (the same call, the same
            // precision): bytes in `partBytes`, and where each part ends.
            var partBytes: [UInt8] = []
            var positionalParts: [(start: Int, whole: Int, fraction: Int)?] = []
            var scientificParts: [(start: Int, whole: Int, fraction: Int, exponent: Int)?] = []
            if finite.isEmpty {
                padLeft = 0
                padRight = 0
            } else if exponential {
                scientificParts = distinct.map { x -> (start: Int, whole: Int, fraction: Int, exponent: Int)? in
                    guard x.isFinite else { return nil }
                    let start = partBytes.count
                    let (whole, fraction, exponent) = appendScientific(x, precision: 8, to: &partBytes)
                    return (start, whole, fraction, exponent)
                }
                let parts = scientificParts.compactMap { $0 }
                precision = parts.map { $0.fraction }.max()!
                exponentDigits = max(2, parts.map { String(abs($0.exponent)).utf8.count }.max()!)
                padLeft = parts.map { $0.whole }.max()!
                padRight = exponentDigits + 2 + precision
            } else {
                positionalParts = distinct.map { x -> (start: Int, whole: Int, fraction: Int)? in
                    guard x.isFinite else { return nil }
                    let start = partBytes.count
                    let (whole, fraction) = appendPositional(x, precision: 8, to: &partBytes)
                    padLeft = max(padLeft, whole)
                    padRight = max(padRight, fraction)
                    return (start, whole, fraction)
                }
            }
            if finite.count != distinct.count {
                let negativeInfinity = distinct.contains { $0.isInfinite && $0 < 0 } ? 1 : 0
                let offset = padRight + 1
                padLeft = max(padLeft, 3 - offset, 3 + negativeInfinity - offset)
            }
            ends.reserveCapacity(distinct.count)
            // Written to a local buffer: the writers below read `self`, which
            // would otherwise hold a second reference to `printed` and make
            // every append copy it. Every element takes the common width.
            var out: [UInt8] = []
            out.reserveCapacity(distinct.count * (padLeft + 1 + padRight))
            for (number, x) in distinct.enumerated() {
                if !positionalParts.isEmpty, let part = positionalParts[number] {
                    // Positional: the parts padded to the common widths.
                    append(UInt8(ascii: " "), times: max(0, padLeft - part.whole), to: &out)
                    out.append(contentsOf: partBytes[part.start..<(part.start + part.whole)])
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: partBytes[(part.start + part.whole)..<(part.start + part.whole + part.fraction)])
                    append(UInt8(ascii: " "), times: max(0, padRight - part.fraction), to: &out)
                } else if !scientificParts.isEmpty, let part = scientificParts[number] {
                    // Scientific: the parts at precision 8 serve when the
                    // common precision stayed 8; else they are made again.
                    // NumPy prints at least `precision` fraction digits
                    // (min_digits): past a value's shortest digits they are
                    // its exact binary value's, which for a normal double are
                    // zeros that far, but not for a subnormal (5e-324 is
                    // 4.94065646e-324), which printf rounds from the exact value.
                    let exactDigits = x.isSubnormal && part.fraction < precision
                    if precision == 8 && !exactDigits {
                        let fraction = part.start + part.whole
                        writeScientific(
                            whole: partBytes[part.start..<fraction], fraction: partBytes[fraction..<(fraction + part.fraction)],
                            exponent: part.exponent, to: &out)
                    } else {
                        var bytes: [UInt8] = []
                        let (whole, fraction, exponent) =
                            exactDigits
                            ? appendPrintf("%.\(precision)e", x, to: &bytes)
                            : appendScientific(x, precision: precision, to: &bytes)
                        writeScientific(
                            whole: bytes[..<whole], fraction: bytes[whole..<(whole + fraction)], exponent: exponent, to: &out)
                    }
                } else {
                    writeNonFinite(x, to: &out)
                }
                ends.append(out.count)
            }
            printed = out
        }

        /// Appends the data's element `index` padded to the common width: the
        /// element NumPy prints.
        func appendElement(_ index: Int, to out: inout [UInt8]) {
            let number = distinctOf[index]
            let start = number == 0 ? 0 : ends[number - 1]
            printed.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<ends[number]])) }
        }

        /// Appends `byte` `count` times, growing `out` as single appends do.
        private func append(_ byte: UInt8, times count: Int, to out: inout [UInt8]) {
            for _ in 0..<count { out.append(byte) }
        }

        /// Writes `nan`, `inf` or `-inf` padded to the common width.
        private func writeNonFinite(_ x: Double, to out: inout [UInt8]) {
            let text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            append(UInt8(ascii: " "), times: max(0, padLeft + padRight + 1 - text.utf8.count), to: &out)
            out.append(contentsOf: text.utf8)
        }

        /// Writes `d.ddd…e±XX` padded to the common width.
        private func writeScientific(whole: ArraySlice<UInt8>, fraction: ArraySlice<UInt8>, exponent: Int, to out: inout [UInt8]) {
            append(UInt8(ascii: " "), times: max(0, padLeft - whole.count), to: &out)
            out.append(contentsOf: whole)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: fraction)
            append(UInt8(ascii: "0"), times: max(0, precision - fraction.count), to: &out)
            out.append(UInt8(ascii: "e"))
            out.append(UInt8(ascii: exponent < 0 ? "-" : "+"))
            let magnitude = String(abs(exponent)).utf8
            append(UInt8(ascii: "0"), times: max(0, exponentDigits - magnitude.count), to: &out)
            out.append(contentsOf: magnitude)
        }
    }

    /// NumPy's default line width, less the closing `)` that `repr` adds.
    static let lineWidth = 75 - 1
    static let summaryThreshold = 1000
    static let edgeItems = 3

    /// NumPy's `repr` of a float64 array of rank 1 or more; a rank-0 tensor
    /// prints as Python prints a float.
    public static func arrayRepr(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return pythonRepr(tensor.scalar) }
        if tensor.count == 0 {
            return tensor.rank == 1 ? "array([], dtype=float64)" : "array([], shape=\(tensor.shapeDescription), dtype=float64)"
        }
        return arrayText(tensor, repr: true)
    }

    /// NumPy's `str` of a float64 array of rank 1 or more, as `print(a)`
    /// shows it: `[[ 0.79417551  1.69591862 -0.02072039]` and so on, the
    /// elements as `repr` formats them, separated by spaces, 75 columns.
    /// A rank-0 tensor prints as Python prints a float.
    public static func arrayStr(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return pythonRepr(tensor.scalar) }
        if tensor.count == 0 { return "[]" }
        return arrayText(tensor, repr: false)
    }

    /// The body of `repr` (`array(…)`, elements separated by ", ") or `str`
    /// (elements separated by " "): NumPy's array2string with its defaults.
    private static func arrayText(_ tensor: Tensor, repr: Bool) -> String {
        let summarize = tensor.count > summaryThreshold
        let strides = tensor.shape.indices.map { axis in tensor.shape[(axis + 1)...].reduce(1, *) }

        func indices(_ length: Int) -> [Int] {
            summarize && length > 2 * edgeItems ? Array(0..<edgeItems) + Array((length - edgeItems)..<length) : Array(0..<length)
        }
        // The values NumPy looks at to choose the format: the summarised
        // ones, in the order they print (all of them, row by row, when the
        // array is not summarised).
        var shown: [Double] = []
        if summarize {
            func collect(axis: Int, offset: Int) {
                if axis == tensor.rank { return shown.append(tensor.scalars[offset]) }
                for index in indices(tensor.shape[axis]) { collect(axis: axis + 1, offset: offset + index * strides[axis]) }
            }
            collect(axis: 0, offset: 0)
        } else {
            shown = tensor.scalars
        }
        let format = FloatFormat(shown)
        var printed = 0
        let separator = Array((repr ? ", " : " ").utf8)
        let prefix = repr ? "array(" : ""
        let comma: [UInt8] = repr ? [UInt8(ascii: ",")] : []

        // Built as bytes: every character of a repr is ASCII, so bytes are
        // also columns, and a thousand elements cost no String per element:
        // each distinct value is formatted once, then copied onto its line.
        func recurse(axis: Int, indent: [UInt8], width: Int) -> [UInt8] {
            let length = tensor.shape[axis]
            let nextIndent = indent + [UInt8(ascii: " ")]
            let nextWidth = width - 1
            let showSummary = summarize && 2 * edgeItems < length
            let leading = showSummary ? edgeItems : 0
            let trailing = showSummary ? edgeItems : length
            var s: [UInt8] = []
            if axis == tensor.rank - 1 {
                let elementWidth = width - 1
                var line = indent
                // Appends one word (an element, or the ellipsis) to the line,
                // first breaking the line if the word would pass the width.
                func extend(_ write: (inout [UInt8]) -> Void) {
                    let start = line.count
                    write(&line)
                    if line.count > elementWidth && start > indent.count {
                        let word = line[start...]
                        var end = start
                        while end > 0 && line[end - 1] == UInt8(ascii: " ") { end -= 1 }
                        s += line[..<end]
                        s.append(UInt8(ascii: "\n"))
                        line = indent + word
                    }
                }
                // Elements print in the order `shown` holds them.
                func element() {
                    extend { format.appendElement(printed, to: &$0) }
                    printed += 1
                }
                for _ in 0..<leading {
                    element()
                    line += separator
                }
                if showSummary {
                    extend { $0 += "...".utf8 }
                    line += separator
                }
                for _ in 1..<trailing {
                    element()
                    line += separator
                }
                element()
                s += line
            } else {
                func element() -> [UInt8] { recurse(axis: axis + 1, indent: nextIndent, width: nextWidth) }
                let lineSeparator = comma + Array(repeating: UInt8(ascii: "\n"), count: tensor.rank - axis - 1)
                for _ in 0..<leading { s += indent + element() + lineSeparator }
                if showSummary { s += indent + Array("...".utf8) + lineSeparator }
                for _ in 1..<trailing { s += indent + element() + lineSeparator }
                s += indent + element()
            }
            return [UInt8(ascii: "[")] + s.dropFirst(indent.count) + [UInt8(ascii: "]")]
        }

        let indent = [UInt8](repeating: UInt8(ascii: " "), count: prefix.utf8.count + 1)
        // repr's width leaves room for its closing ")"; str has none.
        let body = prefix + String(decoding: recurse(axis: 0, indent: indent, width: repr ? lineWidth : lineWidth + 1), as: UTF8.self)
        guard repr else { return body }
        guard summarize else { return body + ")" }
        // NumPy 2 names the shape of a summarised array, since the elision
        // hides it: after a space, or on a line of its own, indented under
        // the "(", when it would take the last line past NumPy's 75 columns.
        let shape = "shape=\(tensor.shapeDescription))"
        let utf8 = body.utf8
        let lastLineStart = utf8.lastIndex(of: UInt8(ascii: "\n")).map { utf8.distance(from: utf8.startIndex, to: $0) + 1 } ?? 0
        // The last line with its comma, a space and the shape, against the full 75 columns.
        let fits = (utf8.count - lastLineStart + 1) + 1 + shape.utf8.count <= lineWidth + 1
        return body + "," + (fits ? " " : "\n" + String(repeating: " ", count: prefix.utf8.count)) + shape
    }
}
