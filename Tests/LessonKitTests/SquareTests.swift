import Testing
import _NumPyExpLog

@testable import LessonKit

/// `libmSquare(x)` must be the C library's `pow(x, 2)` bit for bit: the
/// argument for its shortcut rests on `pow`'s stated 0.54-ulp bound, and
/// this checks the result on values of every size. The reference is `pow`
/// called out of line (`npk_libm_pow`): an optimised build turns a plain
/// `pow(x, 2)` into `x * x`, which would make the check compare x * x with
/// itself.
struct SquareTests {
    @Test func equalsPowBitForBit() {
        var state: UInt64 = 0x5155_A2E0_2026_1129
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var checked = 0
        var differing: [Double] = []
        var shortcut = 0
        // Any bit pattern: every exponent, subnormals, inf and nan; and the
        // squares near 2^±960, where the shortcut stops.
        for k in 0..<1_000_000 {
            let x = k % 4 == 0 ? Double(sign: .plus, exponent: k % 8 == 0 ? -480 : 480, significand: 1 + Double(next() >> 12) * 0x1p-52) : Double(bitPattern: next())
            checked += 1
            if libmSquare(x).bitPattern != npk_libm_pow(x, 2).bitPattern && !(x.isNaN) { differing.append(x) }
        }
        // Points like the lessons': a few units, nudged by h = 1e-4 and smaller steps.
        for _ in 0..<1_000_000 {
            let x = (Double(next() % 20_000) / 100 - 100) + Double(Int64(bitPattern: next()) % 1000) * 1e-4
            checked += 1
            let p = x * x
            if p.isFinite && (-960...960).contains(p.exponent) && p.significandBitPattern != 0 && (-p).addingProduct(x, x).magnitude <= 0.375 * p.ulp { shortcut += 1 }
            if libmSquare(x).bitPattern != npk_libm_pow(x, 2).bitPattern { differing.append(x) }
        }
        #expect(differing.isEmpty, "\(differing.count) of \(checked) differ, e.g. \(differing.prefix(5))")
        // The shortcut is taken for about three quarters of ordinary values.
        #expect(shortcut > 650_000, "\(shortcut)")
    }

    /// Squares that `pow` rounds differently from `x * x` exist (the reason
    /// `x0^2` must be `pow` to match NumPy's scalar `**`): one is found near 1.
    @Test func powAndTheRoundedSquareDoDifferSometimes() {
        var x = 1.0
        while npk_libm_pow(x, 2).bitPattern == (x * x).bitPattern && x < 3 { x = x.nextUp.nextUp.nextUp + 1e-7 }
        #expect(x < 3, "pow(x, 2) equalled x * x for every x tried: this C library's pow is correctly rounded")
        #expect(libmSquare(x).bitPattern == npk_libm_pow(x, 2).bitPattern)
    }
}
