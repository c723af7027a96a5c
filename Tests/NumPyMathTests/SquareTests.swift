import Testing
import _NumPyExpLog

@testable import NumPyMath

/// `libmSquare(x)` must be the C library's `pow(x, 2)` bit for bit: the
/// argument for its shortcut rests on the error bound `pow`'s source states,
/// and this checks the result on values of every size. The reference is `pow`
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
        // Any bit pattern: every exponent, subnormals, inf and nan; the
        // squares near 2^±960, where the shortcut stops; and x near 2^-760,
        // below which a square is +0 without calling pow.
        for k in 0..<1_000_000 {
            let exponent = [-480, 480, -760, -761][k / 4 % 4]
            let x =
                k % 4 == 0
                ? Double(sign: .plus, exponent: exponent, significand: 1 + Double(next() >> 12) * 0x1p-52) : Double(bitPattern: next())
            checked += 1
            if libmSquare(x).bitPattern != npk_libm_pow(x, 2).bitPattern && !(x.isNaN) { differing.append(x) }
        }
        // Points like the lessons': a few units, nudged by h = 1e-4 and smaller steps.
        for _ in 0..<1_000_000 {
            let x = (Double(next() % 20_000) / 100 - 100) + Double(Int64(bitPattern: next()) % 1000) * 1e-4
            checked += 1
            if squareIfPowAgrees(x) != nil { shortcut += 1 }
            if libmSquare(x).bitPattern != npk_libm_pow(x, 2).bitPattern { differing.append(x) }
        }
        #expect(differing.isEmpty, "\(differing.count) of \(checked) differ, e.g. \(differing.prefix(5))")
        // The shortcut is taken for about nine ordinary values in ten.
        #expect(shortcut > 850_000, "\(shortcut)")
    }

    /// The values a long descent squares at every step once x has shrunk
    /// below h: ±1e-4, whose rounding error is 0.4529 ulp, and subnormals.
    @Test func theDescentsSteadyStateNeedsNoPow() {
        #expect(squareIfPowAgrees(1e-4) == npk_libm_pow(1e-4, 2))
        #expect(squareIfPowAgrees(-1e-4) == npk_libm_pow(-1e-4, 2))
        // Where glibc's pow without FMA rounds the other way: no shortcut.
        #expect(squareIfPowAgrees(1.975997552138735) == nil)
        for x in [0.0, -0.0, Double.leastNonzeroMagnitude, -Double.leastNormalMagnitude.nextDown, 0x1p-761] {
            #expect(squareIfPowAgrees(x)?.bitPattern == npk_libm_pow(x, 2).bitPattern, "\(x)")
        }
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
