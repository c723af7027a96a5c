import Arithmetic
import NumPyMath
import Testing
import TestSupport

/// The tiled loops (6 rows × 8 columns of chains, B's block packed, the
/// last panel padded with zeros) against every output computed alone by the
/// plan's per-output code: the same chains, so the same bits, whatever the
/// shape's remainders, the operand views and the values.
struct ProductTilesTests {
    /// A value like a network's: a weight or pixel, or zero.
    static func value(_ random: inout SplitMix64) -> Double {
        random.below(4) == 0 ? 0 : Double(random.below(2_000_001)) / 1_000_000 - 1
    }

    /// A few values that test what the lanes carry: a signed zero, a large
    /// or tiny magnitude, an infinity (one of them spoils a whole output, so
    /// only a few, and only in every third case).
    static func spoil(_ values: inout [Double], _ random: inout SplitMix64) {
        for _ in 0..<3 where !values.isEmpty {
            values[random.below(values.count)] = random.pick([-0.0, .infinity, -.infinity, 3e300, -2e300, 0x1p-1030])
        }
    }

    @Test(arguments: 0..<200, Arithmetic.Products.allCases)
    func tilesGiveEveryOutputsOwnChain(_ seed: Int, _ order: Arithmetic.Products) {
        var random = SplitMix64(seed: UInt64(seed))
        // Shapes around the tiles' edges and OpenBLAS's blocks of K (384 and 256).
        let m = random.pick([1, 2, 5, 6, 7, 12, 13, 25, 100]) + random.below(3)
        let n = random.pick([1, 2, 3, 7, 8, 9, 15, 16, 17, 50]) + random.below(2)
        let k = random.pick([1, 2, 8, 33, 100, 257, 385, 784]) + random.below(2)
        let transpose = random.pick([Transpose(), .a, .b, [.a, .b]])
        var (a, b) = (Matrix(rows: m, columns: k, scalars: (0..<m * k).map { _ in Self.value(&random) }), Matrix(rows: k, columns: n, scalars: (0..<k * n).map { _ in Self.value(&random) }))
        if seed % 3 == 0 {
            Self.spoil(&a.scalars, &random)
            Self.spoil(&b.scalars, &random)
        }
        // The operands as stored, for NumPy's view of them (x.T of a stored x).
        let storedA = transpose.contains(.a) ? a.transposed : a
        let storedB = transpose.contains(.b) ? b.transposed : b
        let product = dot(storedA, storedB, transpose: transpose, order: order, threads: 1 + random.below(3))
        let plan = ProductPlan(m: m, n: n, k: k, transpose: transpose, order: order)
        var differing: [String] = []
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                for i in 0..<m {
                    for j in 0..<n {
                        let alone = plan.entry(pa.baseAddress!, pb.baseAddress!, bk: n, bj: 1, i: i, j: j)
                        let tiled = product[i, j]
                        if alone.bitPattern != tiled.bitPattern && !(alone.isNaN && tiled.isNaN) { differing.append("(\(i), \(j)): \(tiled) against \(alone)") }
                    }
                }
            }
        }
        #expect(differing.isEmpty, "(\(m), \(k))·(\(k), \(n)) \(transpose.rawValue), seed \(seed): \(differing.count) outputs differ, first \(differing.prefix(3))")
    }
}
