#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Double {
    /// The value with `digits` digits after the point, as C's `%.<digits>f`
    /// prints it (the exact binary value rounded half to even): for timings
    /// and sizes in reports, not for values that must read back.
    public func fixed(_ digits: Int) -> String {
        let digits = Swift.max(0, Swift.min(digits, 40))
        var buffer = [CChar](repeating: 0, count: 400)
        let count = withVaList([self]) { vsnprintf(&buffer, buffer.count, "%.\(digits)f", $0) }
        return String(
            decoding: buffer.prefix(Int(Swift.max(0, Swift.min(count, Int32(buffer.count - 1))))).map { UInt8(bitPattern: $0) },
            as: UTF8.self)
    }
}
