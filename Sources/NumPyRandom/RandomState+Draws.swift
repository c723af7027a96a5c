#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws for generating varied test cases (the cross-check sweep), built on
/// the same NumPy-identical stream so that a sweep seed names its cases.
extension RandomState {
    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextDouble() }

    /// Log-uniform in [low, high): every decade equally likely, as for a learning rate.
    public mutating func logUniform(_ low: Double, _ high: Double) -> Double {
        exp(uniform(log(low), log(high)))
    }

    /// A whole number in `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        Int(randint(Int64(range.lowerBound), Int64(range.upperBound) + 1))
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[integer(0...(items.count - 1))] }
}
