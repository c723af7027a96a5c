import _NumPyExpLog

/// The C library's `pow(x, 2)`, computed as `x * x` wherever that is provably
/// the same double, and by calling `pow` elsewhere.
///
/// NumPy's scalar `x**2` calls `pow`, and `pow(x, 2)` is not always `x * x`
/// (the correctly rounded square): glibc's `pow` (the Arm optimized-routines
/// code, glibc ≥ 2.28, and musl's) is not correctly rounded, so where x² lies
/// close to halfway between two doubles it may round the other way.
/// See ``squareIfPowAgrees(_:)`` for when `x * x` is provably its answer.
///
/// The descent of `x0^2 + x1^2` spends most of its time here; the test
/// checks equality with `pow` on millions of values, in debug and release
/// builds (the long-descent benchmark compares a million steps with NumPy).
@inline(__always)
package func libmSquare(_ x: Double) -> Double {
    if let p = squareIfPowAgrees(x) { return p }
    // Not `pow(x, 2)`: the optimiser rewrites a literal square power as
    // x * x, which is exactly what must not happen here.
    return npk_libm_pow(x, 2)
}

/// `x * x` when `pow(x, 2)` must return that same double; nil otherwise.
///
/// The source of that `pow` bounds its error by
/// `ulperr_exp + |y·log x|·relerr_log·2^53` ulps, with `ulperr_exp = 0.509`
/// and `relerr_log = 1.3·2^-68` where the CPU has FMA, 0.511 and 1.5·2^-68
/// where it has not (glibc picks the code at start-up; 0.54 ulp at worst,
/// over all x and y). For `y = 2`, `|2 log x| = |log p| ≤ (|E| + 1)·ln 2`
/// where `2^E ≤ p = x * x`, so with both terms rounded up (0.512, and the
/// second to `(|E| + 1)·2^-14`) `pow` is within `B = 0.512 + (|E| + 1)·2^-14`
/// ulp of x². `p` is x² rounded and `e = fma(x, x, -p)` its rounding error,
/// exactly; the doubles beside p are `1 - |e|` ulp from x², so when
/// `|e| < 1 - B` `pow` can only return p. That holds for about nine values
/// in ten; a correctly rounded `pow` returns p as well. (A margin from the
/// FMA bounds alone was wrong on one x in 200 million without FMA:
/// 1.975997552138735, whose square's error is 0.4899 ulp.)
///
/// Excluded, so `pow` is called: squares beyond 2^±960 (near underflow and
/// overflow `pow` scales its result and rounds differently: x = -3.86e-154 is
/// one), powers of two (whose ulp below is half the one above), infinite and
/// NaN squares. Below |x| = 2^-760, where |2 log x| > 1024, that `pow` goes
/// straight to its underflow result, +0, which is also x * x.
@inline(__always)
package func squareIfPowAgrees(_ x: Double) -> Double? {
    let p = x * x
    // From the bits, as `exponent` and `ulp` are not inlined and this is the
    // innermost loop of a descent: the biased exponent within 2^±960 (so
    // ulp(p) = 2^(E - 52) is a normal number) and a significand that is not
    // a power of two.
    let bits = p.bitPattern
    let biased = Int(truncatingIfNeeded: bits >> 52)  // p ≥ 0: no sign bit
    if (1023 - 960)...(1023 + 960) ~= biased && bits & 0x000F_FFFF_FFFF_FFFF != 0 {
        let ulp = Double(bitPattern: UInt64(biased - 52) << 52)
        let e = (-p).addingProduct(x, x)
        let margin = 0.488 - Double((biased - 1023).magnitude + 1) * 0x1p-14
        return e.magnitude < margin * ulp ? p : nil
    }
    return x.magnitude < 0x1p-760 ? 0 : nil
}

/// Python's `x ** y` for floats (and NumPy's for float64 scalars): the C
/// library's `pow`, which is not always correctly rounded, so a lesson that
/// follows Python's `**` calls this rather than multiplying (`x ** 2` is
/// not always `x * x`). The same function the expressions use for `^`.
public func pythonPower(_ x: Double, _ y: Double) -> Double {
    y == 2 ? libmSquare(x) : npk_libm_pow(x, y)
}
