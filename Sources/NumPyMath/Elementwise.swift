import _NumPyKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NumPy's float64 `np.exp` and `np.log`, element by element, with the bits
/// NumPy gives on this CPU.
///
/// NumPy's Linux wheels compute them with the C library on most CPUs, but on
/// CPUs with AVX-512 (NumPy's X86_V4 group) with the SVML routines they
/// bundle, whose last bit differs from the C library's in about 5 % of exp
/// and 0.4 % of log values; a training run amplifies one such bit. These
/// follow whichever NumPy uses here: `npk_exp` / `npk_log` are a scalar port
/// of the SVML routines, equal to NumPy's on 14.6 million exp and 20.2
/// million log inputs (special values included). `LESSONS_NUMPY_EXP=libm`
/// or `svml` overrides the choice (to compare with a NumPy whose CPU
/// features were limited by `NPY_DISABLE_CPU_FEATURES`).
///
/// NumPy itself falls back to the C library for a 1-D array read or written
/// with a negative stride (`np.exp(x[::-1])`); the lessons never do that.
public enum NumPyFunctions {
    /// Whether NumPy uses its own exp and log on this CPU.
    public static var usesSVML: Bool { npk_kernel_uses_svml() != 0 }

    /// `np.exp(x)` (through the kernels' copy of the port, optimised in debug builds too).
    @inline(__always) public static func exp(_ x: Double) -> Double { npk_kernel_numpy_exp(x) }

    /// `np.log(x)`.
    @inline(__always) public static func log(_ x: Double) -> Double { npk_kernel_numpy_log(x) }

    /// `np.sum(a)` of a 1-D array: `0.0 +` NumPy's pairwise sum.
    public static func sum(_ a: [Double]) -> Double { a.withUnsafeBufferPointer { npk_sum($0.baseAddress, $0.count) } }

    /// `log(softmax(a)[label] + 1e-7)`: one row's term of the book's
    /// cross-entropy, in NumPy's order (see `Network.softmax`).
    public static func logProbability(_ a: [Double], label: Int) -> Double {
        a.withUnsafeBufferPointer { npk_log_probability($0.baseAddress, $0.count, label, usesSVML ? 1 : 0) }
    }

    /// The book's softmax of every row of `a`: `a - max(a)` per row, `exp`,
    /// divided by the row's pairwise sum.
    public static func softmaxRows(_ a: Matrix) -> Matrix {
        var y = a
        y.scalars.withUnsafeMutableBufferPointer { p in
            npk_softmax_rows(p.baseAddress, p.baseAddress, a.rows, a.columns, usesSVML ? 1 : 0)
        }
        return y
    }

    /// `sigmoid` of every element.
    public static func sigmoid(_ a: Matrix) -> Matrix {
        var z = a
        z.scalars.withUnsafeMutableBufferPointer { p in npk_sigmoid(p.baseAddress, p.baseAddress, p.count, usesSVML ? 1 : 0) }
        return z
    }

    /// The book's `sigmoid`: `1 / (1 + np.exp(-x))`.
    @inline(__always) public static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
