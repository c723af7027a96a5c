extension Double {
    /// The value with `digits` digits after the point, as C's `%.<digits>f`
    /// prints it (the exact binary value rounded half to even): for timings
    /// and sizes in reports, not for values that must read back.
    public func fixed(_ digits: Int) -> String {
        NumPyFormat.printf("%.\(Swift.max(0, Swift.min(digits, 40)))f", self)
    }
}
