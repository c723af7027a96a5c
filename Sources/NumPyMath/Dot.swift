import Arithmetic
import Dispatch
import _NumPyKernels

/// `np.dot(a, b)` for float64 matrices, with the bits NumPy's OpenBLAS gives
/// on one thread when it runs the kernels `order` names.
///
/// Each output is an independent sum over k in that order (see
/// ``Arithmetic/Products``), so the rows can be shared among threads without
/// changing a bit; `threads` only changes the time, and so does the CPU: the
/// AVX-512, AVX2 and portable loops give the same bits.
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
public func dot(_ a: Matrix, _ b: Matrix, transpose: Transpose = [], order: Arithmetic.Products, threads: Int = defaultThreads) -> Matrix {
    let (m, k) = transpose.contains(.a) ? (a.columns, a.rows) : (a.rows, a.columns)
    let b = transpose.contains(.b) ? b.transposed : b
    precondition(k == b.rows, "shapes (\(m), \(k)) and (\(b.rows), \(b.columns)) not aligned")
    let n = b.columns
    var plan = ProductPlan(m: m, n: n, k: k, transpose: transpose, order: order)
    // A transposed left operand is read in place when every output is a plain
    // blocked chain; otherwise it is copied out, for the other kinds' rows.
    let strided = transpose.contains(.a) && npk_dot_has_exceptions(&plan.product) == 0
    let a = transpose.contains(.a) && !strided ? a.transposed : a
    // Every output is written by the kernel (zeros first), so no zeroing here.
    var c = Matrix(rows: m, columns: n, scalars: [Double](unsafeUninitializedCapacity: m * n) { _, count in count = m * n })
    guard m > 0, n > 0 else { return c }
    let parts = rowRangeCount(m, work: m * n * max(k, 1), threads: threads)
    forEachRowRange(m, parts: parts, a, b, into: &c, plan: &plan) { plan, operands, start, end in
        if strided {
            npk_dot_rows_strided(plan, operands.a, 1, m, operands.b, operands.c, start, end)
        } else {
            npk_dot_rows(plan, operands.a, operands.b, operands.c, start, end)
        }
    }
    return c
}

/// Which operands of a product NumPy sees as transposed views (`x.T`):
/// OpenBLAS may take another path for them, so the order can depend on it.
public struct Transpose: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `np.dot(a.T, b)`.
    public static let a = Transpose(rawValue: 1)
    /// `np.dot(a, b.T)`.
    public static let b = Transpose(rawValue: 2)
}

/// The order of one product's outputs, for recomputing single outputs: a
/// numerical gradient that nudges one weight needs only the outputs that
/// weight touches, and each must come out as the whole product would give it.
public struct ProductPlan: Sendable {
    var product: npk_product

    /// The plan for `np.dot` of an m×k and a k×n operand, seen by NumPy as
    /// `transpose` says, in the order of OpenBLAS's kernels `order`.
    public init(m: Int, n: Int, k: Int, transpose: Transpose = [], order: Arithmetic.Products) {
        let kernel = order == .skylakeX ? Int32(NPK_SKYLAKEX.rawValue) : Int32(NPK_HASWELL.rawValue)
        product = npk_plan(kernel, m, n, k, transpose.contains(.a) ? 1 : 0, transpose.contains(.b) ? 1 : 0)
    }

    /// Output (i, j): `a` is the whole left operand (row-major m×k); the
    /// right operand's element (k, j) is `b[k * bk + j * bj]` (bk = n, bj = 1
    /// for a row-major k×n matrix; bk = 1, bj = k for its transpose).
    @inline(__always)
    public func entry(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, bk: Int, bj: Int, i: Int, j: Int) -> Double {
        withUnsafePointer(to: product) { npk_dot_entry($0, a, b, bk, bj, i, j) }
    }
}

extension ProductPlan {
    /// Output (i, j) when only row i of the left operand is at hand (`row`,
    /// k values): only that row is ever read.
    @inline(__always)
    public func entry(row: UnsafePointer<Double>, _ b: UnsafePointer<Double>, bk: Int, bj: Int, i: Int, j: Int) -> Double {
        let k = Int(product.K)
        return entry(row - i * k, b, bk: bk, bj: bj, i: i, j: j)
    }

    /// Outputs (rows[q], j) for every q, operands as for ``entry(_:_:bk:bj:i:j:)``.
    public func column(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, bk: Int, bj: Int, j: Int, rows: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Double>
    ) {
        withUnsafePointer(to: product) { npk_dot_column($0, a, b, bk, bj, j, rows.baseAddress, rows.count, out) }
    }

    /// Whether column j adds up in blocks of single FMA chains, so that
    /// ``ColumnChains`` can recompute it after one of its weights changes.
    public func isBlocked(column j: Int) -> Bool { withUnsafePointer(to: product) { npk_dot_column_is_blocked($0, j) != 0 } }

    /// Every output of row i: `a` is row i of the left operand, `b` the
    /// whole right operand (row major).
    public func row(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, i: Int, into out: UnsafeMutablePointer<Double>) {
        withUnsafePointer(to: product) { npk_dot_row($0, a, b, i, out) }
    }
}

struct SharedPlan: @unchecked Sendable {
    let pointer: UnsafePointer<npk_product>
    init(_ pointer: UnsafePointer<npk_product>) { self.pointer = pointer }
}

/// Threads for large products: the machine's cores, at most 8.
public let defaultThreads = min(8, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// ``forEachRowRange(_:parts:_:)`` with the operands' storage and the plan
/// pinned for the whole call, as the C kernels read them from every thread.
func forEachRowRange(
    _ rows: Int, parts: Int, _ a: Matrix, _ b: Matrix, into c: inout Matrix, plan: inout ProductPlan,
    _ body: @Sendable (UnsafePointer<npk_product>, Operands, Int, Int) -> Void
) {
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            c.scalars.withUnsafeMutableBufferPointer { pc in
                let operands = Operands(a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!)
                withUnsafePointer(to: &plan.product) { product in
                    let shared = SharedPlan(product)
                    forEachRowRange(rows, parts: parts) { start, end in body(shared.pointer, operands, start, end) }
                }
            }
        }
    }
}

/// The saved chains of one blocked column of a product (see
/// ``ProductPlan/isBlocked(column:)``): each row's partial sum before every
/// term and every block's sum. When one weight of the column changes, only
/// the rest of its block and the sum of the block sums are recomputed: the
/// same operations on the same values as the whole product, so the same bits.
public struct ColumnChains: Sendable {
    let plan: ProductPlan
    let blocks: Int
    var before: [Double]
    var sums: [Double]

    /// The chains of column `j`: `a` is the whole left operand (m×k, row-major),
    /// `b` the column's k values, `bStride` apart.
    public init(plan: ProductPlan, a: UnsafePointer<Double>, column b: UnsafePointer<Double>, bStride: Int) {
        self.plan = plan
        let (m, k) = (Int(plan.product.M), Int(plan.product.K))
        blocks = withUnsafePointer(to: plan.product) { npk_dot_block_count($0) }
        var before = [Double](repeating: 0, count: m * k)
        var sums = [Double](repeating: 0, count: m * blocks)
        withUnsafePointer(to: plan.product) { p in
            before.withUnsafeMutableBufferPointer { pre in
                sums.withUnsafeMutableBufferPointer { sum in npk_dot_column_prefixes(p, a, b, bStride, pre.baseAddress, sum.baseAddress) }
            }
        }
        self.before = before
        self.sums = sums
    }

    /// Outputs (rows[n], j) with the column's entry `k` set to `value`.
    public func nudged(
        _ a: UnsafePointer<Double>, column b: UnsafePointer<Double>, bStride: Int, k: Int, value: Double, rows: UnsafeBufferPointer<Int>,
        into out: UnsafeMutablePointer<Double>
    ) {
        withUnsafePointer(to: plan.product) { p in
            before.withUnsafeBufferPointer { pre in
                sums.withUnsafeBufferPointer { sum in
                    npk_dot_column_nudged(p, a, b, bStride, k, value, pre.baseAddress, sum.baseAddress, rows.baseAddress, rows.count, out)
                }
            }
        }
    }
}
