
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Figure {
    /// Round-number ticks (steps of 1, 2 or 5 × 10^k) inside `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 6) -> [(Double, String)] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        guard step > 0, step.isFinite, range.lowerBound.isFinite, range.upperBound.isFinite else { return [] }
        var values: [Double] = []
        var k = ceil(range.lowerBound / step)
        while k * step <= range.upperBound + step * 1e-9, values.count < 50 {
            values.append(k * step)
            k += 1
        }
        let largest = values.map(abs).max() ?? 0
        let scientific = largest >= 1e5 || (step < 1e-3)
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return values.map { value in
            let v = abs(value) < step * 1e-9 ? 0 : value
            return (v, scientific ? printf("%.2g", v) : printf("%.\(decimals)f", v))
        }
    }

    /// Ticks at powers of ten inside `range` (a range of log10 values), every
    /// k-th decade so that there are at most 7, labelled `1e-8`, `1`, `1e13`.
    static func logTicks(_ range: ClosedRange<Double>) -> [(Double, String)] {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound - range.lowerBound < 1e4 else { return [] }
        let (low, high) = (Int(ceil(range.lowerBound - 1e-9)), Int(floor(range.upperBound + 1e-9)))
        guard low <= high else { return [] }
        // Every 1, 2, 5, 10, 20, 50 … decades, on multiples of that step.
        let every = [1, 2, 5, 10, 20, 50, 100, 200, 500].first { (high - low) / $0 < 7 } ?? 1000
        let first = Int((Double(low) / Double(every)).rounded(.up)) * every
        let names: [Int: String] = [0: "1", 1: "10", 2: "100"]
        return stride(from: first, through: high, by: every).map { k -> (Double, String) in (Double(k), names[k] ?? "1e\(k)") }
    }
}
