import Dispatch
import _NumPyKernels

/// Calls `body` on ranges of `0 ..< rows` (in multiples of 4 rows), one per
/// thread, concurrently when the work is worth a thread's start: fewer than
/// 200 000 multiply-adds (`work`) run on the calling thread alone.
///
/// For the row-wise steps of a pass (a product's rows, then what follows
/// on the same rows: a bias, an activation, a softmax), each thread takes
/// its rows through every step, so only the product needs all of the
/// right operand, and no step waits for another thread's rows.
public func forEachRowRange(_ rows: Int, work: Int, threads: Int = defaultThreads, _ body: @Sendable (Range<Int>) -> Void) {
    forEachRowRange(rows, parts: rowRangeCount(rows, work: work, threads: threads)) { start, end in body(start..<end) }
}

/// How many ranges of 4-row multiples `rows` rows are shared among: one
/// below 200 000 multiply-adds of `work`, else one per thread.
func rowRangeCount(_ rows: Int, work: Int, threads: Int) -> Int {
    work < 200_000 ? 1 : min(max(threads, 1), (rows + 3) / 4)
}

/// The storage of a matrix or vector, pinned for a call in which threads
/// write disjoint parts of it.
public struct SharedScalars: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Double>
    public init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
    public subscript(offset: Int) -> UnsafeMutablePointer<Double> { base + offset }
}

extension ProductPlan {
    /// Rows `range` of the product: `a` points at the range's first row of
    /// the left operand (k values a row, row-major) and `c` at its first row
    /// of the output (n values a row); `b` is the whole right operand (k×n,
    /// row-major), each as the plan's operands are once any transposed view
    /// is written out. Every output has the bits the whole product gives it,
    /// so ranges may be computed on any threads, and a block of rows may be
    /// all that is ever held.
    public func rows(_ range: Range<Int>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>) {
        guard !range.isEmpty else { return }
        withUnsafePointer(to: product) { npk_dot_rows_from($0, a, b, c, range.lowerBound, range.upperBound) }
    }
}
