import NumPyRandom

extension RandomState {
    /// Seeds from any integer, refusing what NumPy refuses: seeds outside
    /// 0 … 2^32 − 1.
    public init(checkedSeed seed: Int64) throws(LessonError) {
        guard let exact = UInt32(exactly: seed) else { throw .seedOutOfRange(String(seed)) }
        self.init(seed: exact)
    }
}
