/// A dense float64 array with a shape, stored row-major like a C-contiguous
/// NumPy array: `[]` is a scalar, `[n]` a vector, `[rows, cols]` a matrix.
public struct Tensor: Equatable, Sendable {
    public let shape: [Int]
    public var scalars: [Double]

    /// Creates a tensor; `scalars.count` must equal the product of `shape`.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) does not hold \(scalars.count) values")
        self.shape = shape
        self.scalars = scalars
    }

    public init(scalar: Double) { self.init(shape: [], scalars: [scalar]) }
    public init(vector: [Double]) { self.init(shape: [vector.count], scalars: vector) }

    /// Creates a matrix from its rows, which must all have the same length.
    public init(rows: [[Double]]) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(shape: [rows.count, cols], scalars: rows.flatMap { $0 })
    }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The value of a scalar (rank 0) tensor; for other ranks, the first element.
    public var scalar: Double { scalars[0] }

    /// The rows of a matrix, or the one row of a vector.
    public var rows: [[Double]] {
        switch rank {
        case 0: return [scalars]
        case 1: return [scalars]
        default:
            let cols = shape[shape.count - 1]
            return stride(from: 0, to: count, by: max(cols, 1)).map { Array(scalars[$0..<min($0 + cols, count)]) }
        }
    }

    /// The shape written as NumPy writes it: `()`, `(3,)`, `(2, 3)`.
    public var shapeDescription: String {
        switch rank {
        case 0: return "()"
        case 1: return "(\(shape[0]),)"
        default: return "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
    }

    /// Bitwise equality: NaN equals NaN with the same payload and sign, and
    /// -0.0 differs from 0.0. This is the test "same bits" in the issues.
    public func isBitwiseIdentical(to other: Tensor) -> Bool {
        shape == other.shape && zip(scalars, other.scalars).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// The same doubles bit for bit, except that any NaN equals any NaN: a
    /// NaN's sign and payload do not survive JSON (`"nan"`) or NumPy's
    /// printing, and the C library and NumPy set them differently (glibc's
    /// `log(-3)` is -nan, NumPy's is +nan).
    public func isIdentical(to other: Tensor) -> Bool {
        shape == other.shape
            && zip(scalars, other.scalars).allSatisfy { ($0.isNaN && $1.isNaN) || $0.bitPattern == $1.bitPattern }
    }
}
