import _NumPyKernels

/// A row-major float64 matrix, the shape of a C-contiguous 2-D NumPy array.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var scalars: [Double]

    /// A matrix of `rows` × `columns` values in row order.
    public init(rows: Int, columns: Int, scalars: [Double]) {
        precondition(rows >= 0 && columns >= 0 && rows * columns == scalars.count, "\(rows)x\(columns) cannot hold \(scalars.count) values")
        self.rows = rows
        self.columns = columns
        self.scalars = scalars
    }

    /// A matrix of zeros, as `np.zeros((rows, columns))`.
    public init(zeros rows: Int, _ columns: Int) {
        self.init(rows: rows, columns: columns, scalars: Array(repeating: 0, count: rows * columns))
    }

    /// A matrix whose every value the caller writes before reading it.
    public static func uninitialized(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, scalars: [Double](unsafeUninitializedCapacity: rows * columns) { _, count in count = rows * columns })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { scalars[row * columns + column] }
        set { scalars[row * columns + column] = newValue }
    }

    /// `a.T`, materialised in row order.
    public var transposed: Matrix {
        var out = [Double](repeating: 0, count: scalars.count)
        scalars.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { t in
                for i in 0..<rows {
                    for j in 0..<columns { t[j * rows + i] = a[i * columns + j] }
                }
            }
        }
        return Matrix(rows: columns, columns: rows, scalars: out)
    }

    /// The rows at `indices`, in that order: NumPy's `a[indices]`.
    public func rows(at indices: [Int]) -> Matrix {
        let n = columns
        let values = [Double](unsafeUninitializedCapacity: indices.count * n) { buffer, count in
            scalars.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    (buffer.baseAddress! + row * n).initialize(from: source.baseAddress! + index * n, count: n)
                }
            }
            count = indices.count * n
        }
        return Matrix(rows: indices.count, columns: n, scalars: values)
    }

    /// Rows `range` as a matrix of their own.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns, scalars: Array(scalars[range.lowerBound * columns..<range.upperBound * columns]))
    }
}

extension Matrix {
    /// For long runs that allocate large matrices over and over (the
    /// accuracy of 60 000 images every epoch): freed memory is kept for reuse
    /// rather than returned to the system and faulted in again.
    public static func keepFreedMemory() { npk_keep_freed_memory() }
}
