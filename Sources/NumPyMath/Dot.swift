import Dispatch
import _NumPyKernels

/// `np.dot(a, b)` for float64 matrices, with the bits NumPy's OpenBLAS gives
/// on one thread.
///
/// Each output is an independent sum over k in OpenBLAS's order (see
/// ``BLASOrder``), so the rows can be shared among threads without changing a
/// bit; `threads` only changes the time.
///
/// ```
/// c[i, j] = 0
/// for each block of k (OpenBLAS's split of K):
///     s = 0; for k in block: s = fma(a[i, k], b[k, j], s)
///     c[i, j] = s + c[i, j]
/// ```
/// Tolerance: none where the order is known (0 ulps, checked against NumPy by
/// the oracle); an order that does not match NumPy would differ by up to
/// γ_K · Σ_k |a_ik b_kj| (γ_K = K·u / (1 − K·u), u = 2⁻⁵³), which is the bound
/// to state for any shape the order does not cover.
public func dot(_ a: Matrix, _ b: Matrix, threads: Int = defaultThreads) -> Matrix {
    precondition(a.columns == b.rows, "shapes (\(a.rows), \(a.columns)) and (\(b.rows), \(b.columns)) not aligned")
    var c = Matrix(zeros: a.rows, b.columns)
    let (m, n, k) = (a.rows, b.columns, a.columns)
    guard m > 0, n > 0 else { return c }
    let work = m * n * max(k, 1)
    let parts = work < 200_000 ? 1 : min(max(threads, 1), m)
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            c.scalars.withUnsafeMutableBufferPointer { pc in
                let operands = Operands(a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!)
                let kernel = BLASOrder.current
                forEachRowRange(m, parts: parts) { start, end in
                    kernel.run(operands.a, operands.b, operands.c, m, n, k, start, end)
                }
            }
        }
    }
    return c
}

/// Threads for large products: the machine's cores, at most 8.
public let defaultThreads = min(8, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The order in which NumPy's OpenBLAS adds up a product on this machine.
public enum BLASOrder: String, Sendable, CaseIterable {
    /// OpenBLAS's Haswell kernels (AVX2 + FMA, no AVX-512): blocks of
    /// K ≤ 256, one FMA chain per block.
    case haswell

    /// The order used on this CPU.
    public static let current: BLASOrder = .haswell

    /// Rows `start ..< end` of `c = a · b` (all row-major; a is m×k, b is k×n).
    func run(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        _ m: Int, _ n: Int, _ k: Int, _ start: Int, _ end: Int
    ) {
        switch self {
        case .haswell: npk_dot_haswell(a, b, c, m, n, k, start, end)
        }
    }
}

/// The three buffers of a product, shared by the threads that fill disjoint
/// rows of `c`.
struct Operands: @unchecked Sendable {
    let a: UnsafePointer<Double>
    let b: UnsafePointer<Double>
    let c: UnsafeMutablePointer<Double>
}

/// Calls `body` on `parts` ranges of `0 ..< rows`, in multiples of 4 rows,
/// concurrently when `parts` > 1.
func forEachRowRange(_ rows: Int, parts: Int, _ body: @Sendable (Int, Int) -> Void) {
    guard parts > 1 else { return body(0, rows) }
    let chunk = ((rows + parts - 1) / parts + 3) / 4 * 4
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let start = part * chunk
        let end = min(rows, start + chunk)
        if start < end { body(start, end) }
    }
}
