import NumPyMath
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NumPy's legacy random stream: what `np.random.seed(s)` followed by
/// `np.random.randn`, `rand`, `randint` or `choice` draws, bit for bit.
///
/// The generator is the 32-bit Mersenne Twister (MT19937) seeded with
/// `init_genrand`; doubles take 53 bits from two outputs; normals use
/// Marsaglia's polar method and keep the second value of each pair for the
/// next call, even across draws of other kinds, exactly as NumPy's
/// `RandomState` does. Only `log` and `sqrt` enter the normals: `sqrt` is
/// correctly rounded everywhere, and `log` is the platform's (see
/// `standardNormal()`).
public struct RandomState: Sendable {
    private static let stateLength = 624
    private var key: [UInt32]
    private var position: Int
    private var cachedNormal: Double?
    /// The seed this stream started from.
    public let seed: UInt32
    /// Whether anything has been drawn: the first draw fills the key, so
    /// the flag costs nothing per draw.
    public private(set) var hasDrawn = false

    /// Seeds the stream as `np.random.seed(seed)` does.
    public init(seed: UInt32) {
        self.seed = seed
        key = [UInt32](repeating: 0, count: Self.stateLength)
        var value = seed
        for index in 0..<Self.stateLength {
            key[index] = value
            value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(index + 1)
        }
        position = Self.stateLength
        cachedNormal = nil
    }

    private mutating func regenerate() {
        let n = Self.stateLength
        for index in 0..<n {
            let y = (key[index] & 0x8000_0000) | (key[(index + 1) % n] & 0x7fff_ffff)
            var next = key[(index + 397) % n] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            key[index] = next
        }
        position = 0
        hasDrawn = true
    }

    /// The next 32-bit output of MT19937 (tempered).
    public mutating func nextUInt32() -> UInt32 {
        if position == Self.stateLength { regenerate() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A 64-bit value from two outputs, high word first (NumPy's `next_uint64`).
    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return (high << 32) | UInt64(nextUInt32())
    }

    /// A double in [0, 1) from two outputs a, b:
    /// ```
    /// ((a >> 5) * 2^26 + (b >> 6)) / 2^53
    /// ```
    /// Exact: every step is representable, so no tolerance applies.
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// One standard normal, NumPy's legacy `gauss`:
    /// ```
    /// repeat x1 = 2u - 1, x2 = 2u - 1, r2 = x1*x1 + x2*x2 until 0 < r2 < 1
    /// f = sqrt(-2 * log(r2) / r2); keep f * x1 for the next call; return f * x2
    /// ```
    /// Bit-identical to NumPy wherever both use the same `log`; NumPy's own
    /// legacy code calls the C library's `log`, as this does.
    public mutating func standardNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        var x1 = 0.0
        var x2 = 0.0
        var r2 = 0.0
        repeat {
            x1 = 2.0 * nextDouble() - 1.0
            x2 = 2.0 * nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * log(r2) / r2).squareRoot()
        cachedNormal = f * x1
        return f * x2
    }

    /// `np.random.randn(*shape)`: standard normals filling `shape` in C order.
    public mutating func randn(_ shape: Int...) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in standardNormal() })
    }

    /// `np.random.rand(*shape)`: uniform doubles in [0, 1) filling `shape`.
    public mutating func rand(_ shape: Int...) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in nextDouble() })
    }

    /// One integer in `low ..< high` by NumPy's legacy masked rejection:
    /// with `range = high - low - 1` and `mask` its bits smeared right, draw
    /// (32 bits when `range` fits, else 64), keep `draw & mask`, and accept
    /// the first value not above `range`.
    public mutating func randint(_ low: Int64, _ high: Int64) -> Int64 {
        precondition(low < high, "randint needs low < high")
        let range = UInt64(bitPattern: high &- low &- 1)
        if range == 0 { return low }
        var mask = range
        for shift in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> shift }
        var value: UInt64
        if range <= 0xffff_ffff {
            if range == 0xffff_ffff {
                value = UInt64(nextUInt32())
            } else {
                repeat { value = UInt64(nextUInt32()) & mask } while value > range
            }
        } else if range == UInt64.max {
            value = nextUInt64()
        } else {
            repeat { value = nextUInt64() & mask } while value > range
        }
        return low &+ Int64(bitPattern: value)
    }

    /// `np.random.randint(low, high, size=count)`.
    public mutating func randint(_ low: Int64, _ high: Int64, count: Int) -> [Int64] {
        (0..<count).map { _ in randint(low, high) }
    }

    /// `np.random.choice(n, count)` with replacement and no weights, which
    /// NumPy defines as `randint(0, n, count)`.
    public mutating func choice(_ n: Int64, count: Int) -> [Int64] {
        randint(0, n, count: count)
    }
}
