import Testing

@testable import LessonKit

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
