import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension NumPyFormat {
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

        /// Finds the format as NumPy's `FloatingFormat.fillFormat` does, step by
        /// step (distinct values, positional or scientific, precision, padding),
        /// in one function so that the two read side by side.
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
}
