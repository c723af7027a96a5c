import Arithmetic
import NumPyMath
import Testing
import TestSupport

/// The row operations over whole arrays (which take NumPy's SVML exp four
/// at a time where the CPU can) against the same formulas one value at a
/// time through the scalar `exp`: the same operations, so the same bits.
struct ElementwiseTests {
    /// Inputs that reach every path of exp: ordinary values, the edge of
    /// its common path (|x| ≈ 707.70), overflow and underflow, values whose
    /// x·log2(e)·16 falls near a whole number, signed zeros, tiny values,
    /// infinities and NaN.
    static func inputs(_ count: Int, seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        let edge = 0x1.61da04cbafe44p+9
        return (0..<count).map { _ in
            switch random.below(12) {
            case 0: return Double(bitPattern: random.next())
            case 1: return (random.below(2) == 0 ? 1 : -1) * Double(bitPattern: edge.bitPattern &+ UInt64(random.below(5)) &- 2)
            case 2: return Double(random.below(40_001) - 20_000) / (16 * 1.4426950408889634)
            case 3: return random.pick([0.0, -0.0, .infinity, -.infinity, .nan, 0x1p-1030, -0x1p-1030, 745.2, -745.2, 709.8, -709.8])
            case 4: return Double(bitPattern: random.next() >> UInt64(1 + random.below(60))) * (random.below(2) == 0 ? 1 : -1)
            default: return Double(random.below(2_000_001) - 1_000_000) / 1_000_000 * 800
            }
        }
    }

    static func same(_ x: Double, _ y: Double) -> Bool { x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) }

    @Test(arguments: [1, 3, 4, 5, 8, 11, 4099])
    func sigmoidOfAnArrayIsSigmoidOfEachValue(_ count: Int) {
        let numpy = NumPyFunctions(.svml)
        let a = Self.inputs(count, seed: UInt64(count))
        let whole = numpy.sigmoid(Matrix(rows: 1, columns: count, scalars: a)).scalars
        let differing = a.indices.filter { !Self.same(whole[$0], 1 / (1 + numpy.exp(-a[$0]))) }
        #expect(differing.isEmpty, "\(differing.count) of \(count) differ, first at x = \(differing.first.map { a[$0] } ?? 0)")
    }

    @Test(arguments: [1, 3, 4, 7, 10, 129])
    func softmaxOfRowsIsTheBooksFormulaPerRow(_ columns: Int) {
        let numpy = NumPyFunctions(.svml)
        let rows = 200
        // Rows of one scale each, so that most rows keep their exps away from 0.
        var random = SplitMix64(seed: UInt64(columns) + 99)
        let raw = Self.inputs(rows * columns, seed: UInt64(columns))
        let a = (0..<rows * columns).map { random.below(3) == 0 ? raw[$0] : Double(random.below(2001) - 1000) / 50 }
        let whole = numpy.softmaxRows(Matrix(rows: rows, columns: columns, scalars: a)).scalars
        var differing = 0
        for r in 0..<rows {
            let row = Array(a[r * columns..<(r + 1) * columns])
            // np.max: NaN wins; then exp(a - max), its pairwise sum, and each divided by it.
            let c = row.contains { $0.isNaN } ? Double.nan : row.max()!
            let e = row.map { numpy.exp($0 - c) }
            let s = NumPyFunctions.sum(e)
            for j in 0..<columns where !Self.same(whole[r * columns + j], e[j] / s) { differing += 1 }
        }
        #expect(differing == 0, "\(differing) of \(rows * columns) differ")
    }
}
