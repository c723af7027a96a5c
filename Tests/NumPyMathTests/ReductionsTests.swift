import Testing

@testable import NumPyMath

struct ReductionsTests {
    @Test func shortSumsAddLeftToRightAsNumPyDoes() {
        // np.sum([1e16, 1., 1.]) == 1e16: ((1e16 + 1) + 1) rounds twice;
        // 1e16 + (1 + 1) would give 1.0000000000000002e16.
        #expect(NumPy.sum([1e16, 1, 1]) == 1e16)
        // np.sum([-0.0, -0.0, -0.0]) is +0.0: the reduction starts from 0.0.
        #expect(NumPy.sum([-0.0, -0.0, -0.0]).sign == .plus)
    }

    @Test func longSumsUsePairwiseBlocks() {
        // np.sum(np.array([1e16] + [1.0] * 9 + [-1e16])) == 8.0: the first
        // eight running sums absorb 1e16 and seven 1s in separate slots.
        #expect(NumPy.sum([1e16] + Array(repeating: 1.0, count: 9) + [-1e16]) == 8)
        // np.sum([0.1] * 200) == 20.0, where adding left to right gives 20.000000000000014.
        #expect(NumPy.sum(Array(repeating: 0.1, count: 200)) == 20.0)
    }

    @Test func maxPropagatesNaN() {
        #expect(NumPy.max([1, .nan, 3]).isNaN)
        #expect(NumPy.max([-1, -3]) == -1)
    }
}

struct PairwiseSumTests {
    @Test func changingOneElementKeepsNumPysBits() {
        // np.sum of x = [(i * 0.37) % 5 - 2.1 for i in range(5000)] is
        // 1974.9999999999445; after x[1234] = 7.77 it is 1983.2899999999447.
        var x = (0..<5000).map { (Double($0) * 0.37).truncatingRemainder(dividingBy: 5) - 2.1 }
        #expect(NumPy.sum(x) == 1974.9999999999445)
        let tree = NumPy.PairwiseSum(count: x.count)
        x.withUnsafeBufferPointer { tree.rebuild($0.baseAddress!) }
        #expect(tree.total == 1974.9999999999445)
        x[1234] = 7.77
        x.withUnsafeBufferPointer { tree.update(1234, $0.baseAddress!) }
        #expect(tree.total == 1983.2899999999447)
        // Every block boundary: an update anywhere equals summing afresh.
        for i in [0, 7, 8, 127, 128, 2495, 2496, 4999] {
            x[i] += 0.1
            x.withUnsafeBufferPointer { tree.update(i, $0.baseAddress!) }
            #expect(tree.total.bitPattern == NumPy.sum(x).bitPattern)
        }
    }

    /// Every element of vectors whose blocks have tails (1 000: blocks of 124
    /// and 128; 13: one block, 5 after the eights) or no eights at all (5),
    /// changed one at a time and back: each total is the sum taken afresh.
    @Test(arguments: [1000, 13, 5]) func everyElementOfEveryLaneAndTail(count: Int) {
        var x = (0..<count).map { (Double($0) * 0.37).truncatingRemainder(dividingBy: 5) - 2.1 }
        let tree = NumPy.PairwiseSum(count: count)
        x.withUnsafeBufferPointer { tree.rebuild($0.baseAddress!) }
        for i in 0..<count {
            let saved = x[i]
            for value in [saved + 1e-4, saved - 1e-4, saved] {
                x[i] = value
                x.withUnsafeBufferPointer { tree.update(i, $0.baseAddress!) }
                #expect(tree.total.bitPattern == NumPy.sum(x).bitPattern, "element \(i) of \(count)")
            }
        }
    }

    @Test func emptyAndShortVectors() {
        let empty = NumPy.PairwiseSum(count: 0)
        [Double]().withUnsafeBufferPointer { empty.rebuild($0.baseAddress ?? UnsafePointer(bitPattern: 8)!) }
        #expect(empty.total == 0)
        // np.sum(np.array([1e16] + [1.0] * 300 + [-1e16])) == 290.0
        #expect(NumPy.sum([1e16] + Array(repeating: 1.0, count: 300) + [-1e16]) == 290)
    }
}
