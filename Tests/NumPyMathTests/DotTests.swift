import NumPyMath
import Testing

/// `dot` against `np.dot` run here, bit for bit, on the shapes of the
/// two-layer network and on odd ones.
@Suite(.enabled(if: NumPyRun.available, "python3 with NumPy is needed to compare with np.dot"))
struct DotTests {
    /// Inputs like the network's: pixels in [0, 1] (float32, widened) with
    /// many zeros, and weights of 0.01 · N(0, 1).
    func operands(_ m: Int, _ k: Int, _ n: Int, seed: UInt64) -> (Matrix, Matrix) {
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

    static let shapes: [(Int, Int, Int)] = [
        (100, 784, 50), (100, 50, 10), (784, 100, 50), (50, 100, 10), (100, 10, 50),
        (6, 7, 5), (10, 1000, 30), (2, 513, 3), (1000, 784, 50),
    ]

    @Test(arguments: shapes.indices)
    func sameBitsAsNumPy(_ index: Int) throws {
        let (m, k, n) = Self.shapes[index]
        let (a, b) = operands(m, k, n, seed: UInt64(index + 1))
        let expected = try NumPyRun.run("out = np.dot(a0, a1)", inputs: [([m, k], a.scalars), ([k, n], b.scalars)])
        let got = dot(a, b)
        let differing = zip(got.scalars, expected).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "(\(m), \(k))·(\(k), \(n)): \(differing) of \(m * n) outputs differ from np.dot")
    }

    @Test func threadsDoNotChangeABit() {
        let (a, b) = operands(1000, 784, 50, seed: 9)
        #expect(dot(a, b, threads: 1).scalars.map(\.bitPattern) == dot(a, b, threads: 2).scalars.map(\.bitPattern))
    }
}
