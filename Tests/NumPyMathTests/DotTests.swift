import NumPyMath
import Testing

/// `dot` against `np.dot` run here, bit for bit, on the shapes of the
/// two-layer network and on odd ones.
@Suite(.enabled(if: NumPyRun.available, "python3 with NumPy is needed to compare with np.dot"))
struct DotTests {
    /// Inputs like the network's: pixels in [0, 1] (float32, widened) with
    /// many zeros, and weights of 0.01 · N(0, 1).
    static func operands(_ m: Int, _ k: Int, _ n: Int, seed: UInt64) -> (Matrix, Matrix) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> Double {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Double(state >> 11) / Double(1 << 53)
        }
        let a = (0..<m * k).map { _ in next() < 0.7 ? 0 : Double(Float(next())) }
        let b = (0..<k * n).map { _ in (next() - 0.5) * 0.02 }
        return (Matrix(rows: m, columns: k, scalars: a), Matrix(rows: k, columns: n, scalars: b))
    }

    /// The network's products and shapes that take OpenBLAS's other paths:
    /// odd row counts, one row or column (dgemv, ddot), K = 1, SkylakeX's
    /// small-matrix kernels and its split columns past 192, transposed views.
    static let shapes: [(m: Int, k: Int, n: Int, transpose: Transpose)] = [
        (100, 784, 50, []), (100, 50, 10, []), (784, 100, 50, .a), (50, 100, 10, .a), (100, 10, 50, .b),
        (6, 7, 5, []), (10, 1000, 30, []), (2, 513, 3, []), (1000, 784, 50, []),
        (101, 784, 50, []), (7, 50, 10, []), (5, 784, 9, []), (3, 60, 10, .b), (1, 784, 50, []), (100, 50, 1, []),
        (1, 2, 3, []), (1, 300, 1, []), (4, 1, 6, []), (1, 1, 5, []), (30, 40, 400, []), (13, 17, 200, .a),
    ]

    /// Each shape's operands as stored: NumPy gets the views the network
    /// would pass, x.T of a stored x and W.T of a stored W.
    static func stored(_ index: Int) -> (Matrix, Matrix) {
        let (m, k, n, transpose) = shapes[index]
        let (a, b) = operands(m, k, n, seed: UInt64(index + 1))
        return (transpose.contains(.a) ? a.transposed : a, transpose.contains(.b) ? b.transposed : b)
    }

    /// np.dot of every shape, from one Python process.
    static let numpy: Result<[[Double]], any Error> = Result {
        try NumPyRun.runAll(
            shapes.indices.map { index in
                let (storedA, storedB) = stored(index)
                let transpose = shapes[index].transpose
                let expression = "out = np.dot(a0\(transpose.contains(.a) ? ".T" : ""), a1\(transpose.contains(.b) ? ".T" : ""))"
                return (expression, [([storedA.rows, storedA.columns], storedA.scalars), ([storedB.rows, storedB.columns], storedB.scalars)])
            })
    }

    @Test(arguments: shapes.indices)
    func sameBitsAsNumPy(_ index: Int) throws {
        let (m, k, n, transpose) = Self.shapes[index]
        let (storedA, storedB) = Self.stored(index)
        let expected = try Self.numpy.get()[index]
        let got = dot(storedA, storedB, transpose: transpose)
        let differing = zip(got.scalars, expected).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(expected.count == m * n)
        #expect(differing == 0, "(\(m), \(k))·(\(k), \(n)) \(transpose.rawValue): \(differing) of \(m * n) outputs differ from np.dot")
    }

    /// Single outputs, as the numerical gradient recomputes them, equal the
    /// whole product's.
    @Test(arguments: shapes.indices)
    func entriesEqualTheWholeProduct(_ index: Int) {
        let (m, k, n, transpose) = Self.shapes[index]
        let (a, b) = Self.operands(m, k, n, seed: UInt64(index + 100))
        let whole = dot(a, b, transpose: []).scalars
        _ = transpose
        let plan = ProductPlan(m: m, n: n, k: k)
        var differing = 0
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                for i in 0..<m {
                    for j in 0..<n where plan.entry(pa.baseAddress!, pb.baseAddress!, bk: n, bj: 1, i: i, j: j).bitPattern != whole[i * n + j].bitPattern {
                        differing += 1
                    }
                }
            }
        }
        #expect(differing == 0, "(\(m), \(k))·(\(k), \(n)): \(differing) entries differ from the whole product")
    }

    @Test func threadsDoNotChangeABit() {
        let (a, b) = Self.operands(1000, 784, 50, seed: 9)
        #expect(dot(a, b, threads: 1).scalars.map(\.bitPattern) == dot(a, b, threads: 2).scalars.map(\.bitPattern))
    }
}
