import LessonKit
import Testing

/// A seed is taken as NumPy takes it, or refused with the value quoted.
struct RandomStateSeedTests {
    @Test(arguments: [Int64(-1), 4_294_967_296, Int64.max])
    func seedsOutsideNumPysRangeAreRefused(_ seed: Int64) {
        #expect(throws: LessonError.seedOutOfRange(String(seed))) { try RandomState(checkedSeed: seed) }
    }
}
