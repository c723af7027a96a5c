/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator whose
/// stream depends on its seed alone, so that every run of a fuzz test makes
/// the same edits, and a failure names a seed that reproduces it.
///
/// For tests only: it is not NumPy's stream (that is `RandomState`).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in 0 ..< n, as `next() % n` (0 when n is 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
