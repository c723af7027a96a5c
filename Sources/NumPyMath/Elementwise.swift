import Arithmetic
import _NumPyKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NumPy's float64 `np.exp` and `np.log`, and the row operations of the
/// book's network built on them, in one ``Arithmetic/Functions``.
///
/// `.svml` is NumPy's SVML routines (its AVX-512 loops), through a scalar
/// port equal to NumPy's on 14.6 million exp and 20.2 million log inputs,
/// special values included; `.libm` is the C library's, which NumPy calls
/// on other CPUs. The kernels call their own copy of the port, compiled
/// optimised in debug builds too.
///
/// NumPy itself falls back to the C library for a 1-D array read or written
/// with a negative stride (`np.exp(x[::-1])`); the lessons never do that.
public struct NumPyFunctions: Sendable {
    public let functions: Arithmetic.Functions

    public init(_ functions: Arithmetic.Functions) { self.functions = functions }

    /// The functions of `arithmetic`.
    public init(_ arithmetic: Arithmetic) { self.init(arithmetic.functions) }

    private var svml: Int32 { functions == .svml ? 1 : 0 }

    /// `np.exp(x)`.
    @inline(__always) public func exp(_ x: Double) -> Double {
        switch functions {
        case .svml: npk_kernel_exp(x)
        case .libm: functions.exp(x)
        }
    }

    /// `np.log(x)`.
    @inline(__always) public func log(_ x: Double) -> Double {
        switch functions {
        case .svml: npk_kernel_log(x)
        case .libm: functions.log(x)
        }
    }

    /// `np.sum(a)` of a 1-D array: `0.0 +` NumPy's pairwise sum.
    public static func sum(_ a: [Double]) -> Double { a.withUnsafeBufferPointer { npk_sum($0.baseAddress, $0.count) } }

    /// `log(softmax(a)[label] + delta)`: one row's term of the book's
    /// cross-entropy (delta 1e-7), in NumPy's order (see `Network.softmax`).
    public func logProbability(_ a: [Double], label: Int, delta: Double = 1e-7) -> Double {
        a.withUnsafeBufferPointer { npk_log_probability($0.baseAddress, $0.count, label, delta, svml) }
    }

    /// The book's softmax of every row of `a`: `a - max(a)` per row, `exp`,
    /// divided by the row's pairwise sum.
    public func softmaxRows(_ a: Matrix) -> Matrix {
        var y = a
        let svml = svml
        y.scalars.withUnsafeMutableBufferPointer { p in
            npk_softmax_rows(p.baseAddress, p.baseAddress, a.rows, a.columns, svml)
        }
        return y
    }

    /// ``softmaxRows(_:)`` of `rows` rows of `columns` values, in place.
    public func softmaxRows(_ a: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        npk_softmax_rows(a, a, rows, columns, svml)
    }

    /// `sigmoid` of every element.
    public func sigmoid(_ a: Matrix) -> Matrix {
        var z = a
        let svml = svml
        z.scalars.withUnsafeMutableBufferPointer { p in npk_sigmoid(p.baseAddress, p.baseAddress, p.count, svml) }
        return z
    }

    /// `sigmoid` of `count` values from `a` into `z` (which may be `a`).
    public func sigmoid(_ a: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>, count: Int) {
        npk_sigmoid(a, z, count, svml)
    }

    /// The book's `sigmoid`: `1 / (1 + np.exp(-x))`.
    @inline(__always) public func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
