/// How close a lesson's output must be to an expected value.
public enum Tolerance: Sendable, Equatable {
    /// At most this many units in the last place apart (0: the same double;
    /// -0.0 and 0.0 count as 0 ulps apart).
    case ulps(Int)
    /// `|actual - expected| <= bound`.
    case absolute(Double)
    /// `|actual - expected| <= bound * |expected|`.
    case relative(Double)
    /// The notebook printed the value; the actual value, printed the same way,
    /// must read the same. `digits` fraction digits in `notation`.
    case printed(PrintedNotation, digits: Int)

    /// The default for recorded values: bit for bit.
    public static let exact = Tolerance.ulps(0)
}

/// How a notebook printed a number.
public enum PrintedNotation: String, Sendable, Equatable {
    /// Python's `repr(float)`: the shortest text that reads back to the same
    /// double, so the value is known exactly.
    case repr
    /// NumPy positional: `14.`, `0.79417551` — rounded to `digits` fraction digits.
    case positional
    /// NumPy scientific: `6.72221872e-09` — rounded to `digits` mantissa fraction digits.
    case scientific
    /// Python's `int(x)`: `220` for 220.00000000000003 — the value truncated
    /// toward zero. A float's repr always has a `.` or an `e`, so a whole
    /// number printed for a float output was printed through `int()`.
    case integer
}
