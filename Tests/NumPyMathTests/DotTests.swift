import Arithmetic
import Foundation
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

    /// The order of np.dot here: OpenBLAS's core, as the lessons name its
    /// kernels' order, or nil for a core whose order they do not implement
    /// (and for kernels this CPU cannot run: then np.dot is not called).
    static let numpyOrder: (order: Arithmetic.Products?, runs: Bool) = {
        let tools = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Tools").path
        let code = try? NumPyRun.run(
            """
            import sys; sys.path.insert(0, '\(tools)'); sys.dont_write_bytecode = True
            import oracle
            found = oracle.arithmetic()
            out = [{'skylakex': 1.0, 'haswell': 0.0}.get(found['products'], -1.0), 0.0 if 'unusable' in found else 1.0]
            """, inputs: [])
        guard let code, code.count == 2 else { return (nil, false) }
        return (code[0] == 1 ? .skylakeX : code[0] == 0 ? .haswell : nil, code[1] == 1)
    }()

    /// In NumPy's order here, the same bits as np.dot; where the lessons do
    /// not implement that order, within the bound that holds for any order
    /// of the sums: |ĉ − c| ≤ γ_K · Σ_k |a_k b_k| for each side, γ_K = K·u / (1 − K·u),
    /// so the two differ by at most twice that.
    @Test(.enabled(if: numpyOrder.runs, "NumPy's products cannot run here"), arguments: shapes.indices)
    func sameBitsAsNumPy(_ index: Int) throws {
        let (m, k, n, transpose) = Self.shapes[index]
        let (storedA, storedB) = Self.stored(index)
        let expected = try Self.numpy.get()[index]
        #expect(expected.count == m * n)
        guard let order = Self.numpyOrder.order else {
            let got = dot(storedA, storedB, transpose: transpose, order: Arithmetic.canonical.products)
            let bound = Self.orderBound(storedA, storedB, transpose: transpose)
            let outside = (0..<m * n).filter { abs(got.scalars[$0] - expected[$0]) > bound[$0] }
            #expect(outside.isEmpty, "(\(m), \(k))·(\(k), \(n)): \(outside.count) outputs differ from np.dot by more than 2γ_K·Σ|a·b|")
            return
        }
        let got = dot(storedA, storedB, transpose: transpose, order: order)
        let differing = zip(got.scalars, expected).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "(\(m), \(k))·(\(k), \(n)) \(transpose.rawValue): \(differing) of \(m * n) outputs differ from np.dot")
    }

    /// 2 γ_K Σ_k |a_ik b_kj| per output, rounded up: Σ|a b| is computed in
    /// plain sums of non-negative terms, which err by at most γ_K of it, so
    /// it is scaled by 1/(1 − γ_K) (and γ_K by a further ulp) to stay a bound.
    static func orderBound(_ storedA: Matrix, _ storedB: Matrix, transpose: Transpose) -> [Double] {
        let a = transpose.contains(.a) ? storedA.transposed : storedA
        let b = transpose.contains(.b) ? storedB.transposed : storedB
        let (m, k, n) = (a.rows, a.columns, b.columns)
        let u = 0x1p-53
        let gamma = (Double(k) * u / (1 - Double(k) * u)).nextUp
        return (0..<m * n).map { index in
            let (i, j) = (index / n, index % n)
            var sum = 0.0
            for q in 0..<k { sum += abs(a[i, q] * b[q, j]) }
            return 2 * gamma * sum / (1 - gamma) + 0x1p-1070
        }
    }

    /// The two orders the lessons implement differ, and within that bound:
    /// a check on the bound itself, on every machine.
    @Test func theTwoOrdersDifferWithinTheBound() {
        let (a, b) = Self.operands(100, 784, 50, seed: 3)
        let skylake = dot(a, b, order: .skylakeX).scalars
        let haswell = dot(a, b, order: .haswell).scalars
        let bound = Self.orderBound(a, b, transpose: [])
        #expect(zip(skylake, haswell).filter { $0.bitPattern != $1.bitPattern }.count > 1000)
        #expect((0..<skylake.count).allSatisfy { abs(skylake[$0] - haswell[$0]) <= bound[$0] })
    }

    /// Single outputs, as the numerical gradient recomputes them, equal the
    /// whole product's, in either order.
    @Test(arguments: shapes.indices, Arithmetic.Products.allCases)
    func entriesEqualTheWholeProduct(_ index: Int, _ order: Arithmetic.Products) {
        let (m, k, n, transpose) = Self.shapes[index]
        let (a, b) = Self.operands(m, k, n, seed: UInt64(index + 100))
        let whole = dot(a, b, transpose: [], order: order).scalars
        _ = transpose
        let plan = ProductPlan(m: m, n: n, k: k, order: order)
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

    @Test(arguments: Arithmetic.Products.allCases)
    func threadsDoNotChangeABit(_ order: Arithmetic.Products) {
        let (a, b) = Self.operands(1000, 784, 50, seed: 9)
        #expect(dot(a, b, order: order, threads: 1).scalars.map(\.bitPattern) == dot(a, b, order: order, threads: 2).scalars.map(\.bitPattern))
    }
}
