/// NumPy's reductions over float64, in NumPy's order of operations, so that
/// a lesson that sums or takes a maximum gets NumPy's bits.
public enum NumPy {
    /// `np.sum(a)` over a contiguous float64 array: `0.0 + pairwise(a)`, where
    /// ```
    /// pairwise(a) = ((0 + a0) + a1) + …                       if n < 8
    ///             = 8 running sums r0…r7 over blocks of 8,
    ///               ((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7)), then the rest   if n ≤ 128
    ///             = pairwise(first n2) + pairwise(rest), n2 = n/2 rounded down to a multiple of 8
    /// ```
    /// Exact in the sense that matters here: the same additions in the same
    /// order as NumPy, so the result has the same bits (0 ulps).
    public static func sum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { 0.0 + pairwise($0[...]) }
    }

    private static func pairwise(_ a: Slice<UnsafeBufferPointer<Double>>) -> Double {
        let n = a.count
        let start = a.startIndex
        if n < 8 {
            var result = 0.0
            for value in a { result += value }
            return result
        }
        if n <= 128 {
            var r = (0..<8).map { a[start + $0] }
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[start + i + j] }
                i += 8
            }
            var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                result += a[start + i]
                i += 1
            }
            return result
        }
        var half = n / 2
        half -= half % 8
        return pairwise(a[start..<start + half]) + pairwise(a[(start + half)...])
    }

    /// `np.max(a)`: the largest element, or NaN if any element is NaN (NumPy
    /// propagates NaN where Swift's `max` would skip it). `a` must not be empty.
    public static func max(_ a: [Double]) -> Double {
        precondition(!a.isEmpty, "np.max of an empty array")
        var result = a[0]
        for value in a.dropFirst() {
            if value.isNaN || result.isNaN { return .nan }
            if value > result { result = value }
        }
        return result
    }
}
