import _NumPyExpLog

/// The C library's `pow(x, 2)`, computed as `x * x` wherever that is provably
/// the same double, and by calling `pow` elsewhere.
///
/// NumPy's scalar `x**2` calls `pow`, and `pow(x, 2)` is not always `x * x`
/// (the correctly rounded square): glibc's `pow` (the Arm optimized-routines
/// code, glibc ≥ 2.28, and musl's) is within 0.54 ulp of the exact power, as
/// its source states, so where x² lies close to halfway between two doubles
/// it may round the other way. `p = x * x` is x² rounded, and
/// `e = fma(x, x, -p)` is the rounding error exactly. When |e| ≤ 3/8 ulp(p),
/// the doubles next to p are at least 5/8 ulp from x², beyond 0.54 ulp, so
/// `pow` can only return p. A correctly rounded `pow` returns p as well.
/// Squares beyond 2^±960 (near underflow and overflow `pow` scales its
/// result, and rounds differently: x = -3.86e-154 is one), zero, infinite
/// and NaN squares, powers of two (whose ulp below is half the one above) and
/// |e| > 3/8 ulp (a quarter of all x) call `pow`.
///
/// The descent of `x0^2 + x1^2` spends most of its time here; the test
/// checks equality with `pow` on millions of values, in debug and release
/// builds (the long-descent benchmark compares a million steps with NumPy).
@inline(__always)
func libmSquare(_ x: Double) -> Double {
    let p = x * x
    // From the bits: the biased exponent within 2^±960 (so ulp(p), which is
    // 2^(exponent - 52), is a normal number), and a significand that is not
    // a power of two. `exponent` and `ulp` are not inlined, and this is the
    // innermost loop of a descent.
    let bits = p.bitPattern
    let biased = Int(truncatingIfNeeded: bits >> 52)  // p ≥ 0: no sign bit
    if (1023 - 960)...(1023 + 960) ~= biased && bits & 0x000F_FFFF_FFFF_FFFF != 0 {
        let ulp = Double(bitPattern: UInt64(biased - 52) << 52)
        let e = (-p).addingProduct(x, x)
        if e.magnitude <= 0.375 * ulp { return p }
    }
    // Not `pow(x, 2)`: the optimiser rewrites a literal square power as
    // x * x, which is exactly what must not happen here.
    return npk_libm_pow(x, 2)
}
