import Foundation
import LessonKit
import TestSupport
import Testing

/// NumPy's own `repr` of random arrays and Python's of random floats, against
/// `NumPyFormat`: the notation NumPy chooses from the data (positional, or
/// scientific when magnitudes differ by more than 1 000), rounding at 8
/// digits, padding to a common width, line wrapping and the summary past
/// 1 000 elements.
@Suite(.enabled(if: oracleAvailability.available, "NumPy oracle tests skipped: \(oracleAvailability.reason)"))
struct ArrayPrintingTests {
    /// A fixed stream of doubles of every kind the printer must handle:
    /// whole numbers, ties, thirds and sevenths, subnormals, 2^53 + 2, and
    /// random digits at magnitudes spread over `spread` decades.
    struct Values {
        var rng: SplitMix64

        init(state: UInt64) { rng = SplitMix64(seed: state) }

        mutating func next() -> UInt64 { rng.next() }

        mutating func below(_ n: Int) -> Int { rng.below(n) }

        mutating func value(spread: Int) -> Double {
            let sign: Double = below(2) == 0 ? 1 : -1
            switch below(12) {
            case 0:
                return [0.0, -0.0, 0.5, 2.5, 0.125, 1.00000005, 123456.785, .leastNonzeroMagnitude, 0x1p53 + 2, 1e16, 1e8, 1e-4][below(12)]
            case 1 where below(4) == 0: return sign * Double(bitPattern: next() >> UInt64(12 + below(40)))  // subnormal
            case 1: return sign * Double(below(1000))
            case 2: return sign * Double(below(1000)) / 7
            case 3: return sign * (2.0 / 3) * pow(10, Double(below(2 * spread + 1) - spread))
            default:
                let unit = Double(next() >> 11) / Double(1 << 53)
                return sign * unit * pow(10, Double(below(2 * spread + 1) - spread))
            }
        }

        mutating func vector() -> [Double] {
            let count = below(10) == 0 ? 100 + below(1100) : 1 + below(20)
            let spread = [0, 1, 3, 9, 30][below(5)]
            return (0..<count).map { _ in value(spread: spread) }
        }
    }

    /// Python's answers for `cases`, one string each.
    func python(_ code: String, _ cases: JSON) throws -> [String] {
        let input = FileManager.default.temporaryDirectory.appending(path: "lessons-repr-\(UUID().uuidString).json")
        try Data(cases.serialized().utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let script = "import json, sys\nimport numpy as np\ncases = json.load(open(sys.argv[1]))\n\(code)"
        return try JSONSerialization.jsonObject(with: OracleTests.python(script, [input.path])) as? [String] ?? []
    }

    @Test func randomArraysPrintAsNumPyPrintsThem() throws {
        var values = Values(state: 0x5EED_A77A_2026_1129)
        let vectors = (0..<600).map { _ in values.vector() }
        let expected = try python(
            "print(json.dumps([repr(np.array(c, dtype=np.float64)) for c in cases]))",
            .array(vectors.map { .array($0.map(JSON.number)) }))
        try #require(expected.count == vectors.count)
        var mismatches = 0
        for (vector, numpy) in zip(vectors, expected) where NumPyFormat.arrayRepr(Tensor(vector: vector)) != numpy {
            mismatches += 1
            if mismatches <= 3 {
                Issue.record(
                    "\(vector.prefix(8)) (\(vector.count) values): \(NumPyFormat.arrayRepr(Tensor(vector: vector)).prefix(300)) against NumPy's \(numpy.prefix(300))"
                )
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(vectors.count) arrays print otherwise than NumPy")
    }

    @Test func randomMatricesPrintAsNumPyPrintsThem() throws {
        var values = Values(state: 0x5EED_3A71_2026_1129)
        let matrices: [[[Double]]] = (0..<150).map { _ in
            let (rows, columns, spread) = (1 + values.below(6), 1 + values.below(9), [0, 2, 9][values.below(3)])
            return (0..<rows).map { _ in (0..<columns).map { _ in values.value(spread: spread) } }
        }
        let expected = try python(
            "print(json.dumps([repr(np.array(c, dtype=np.float64)) for c in cases]))",
            .array(matrices.map { .array($0.map { .array($0.map(JSON.number)) }) }))
        try #require(expected.count == matrices.count)
        for (matrix, numpy) in zip(matrices, expected) {
            #expect(NumPyFormat.arrayRepr(Tensor(rows: matrix)) == numpy)
        }
    }

    /// `print(a)`'s form, the notebook's In [372] and the book's dW: vectors
    /// and matrices as `str(a)` gives them, long ones wrapped and summarised.
    @Test func randomArraysPrintAsNumPysStr() throws {
        var values = Values(state: 0x5EED_57A1_2026_1207)
        var tensors: [Tensor] = (0..<200).map { _ in Tensor(vector: values.vector()) }
        tensors += (0..<100).map { _ in
            let (rows, columns, spread) = (1 + values.below(6), 1 + values.below(14), [0, 2, 9][values.below(3)])
            return Tensor(rows: (0..<rows).map { _ in (0..<columns).map { _ in values.value(spread: spread) } })
        }
        let expected = try python(
            "print(json.dumps([str(np.array(c, dtype=np.float64)) for c in cases]))",
            .array(tensors.map { t in t.rank == 1 ? .array(t.scalars.map(JSON.number)) : .array((0..<t.shape[0]).map { r in .array(t.scalars[r * t.shape[1]..<(r + 1) * t.shape[1]].map(JSON.number)) }) }))
        try #require(expected.count == tensors.count)
        let differing = zip(tensors, expected).filter { NumPyFormat.arrayStr($0) != $1 }
        #expect(differing.isEmpty, "\(differing.count) differ, such as \(differing.prefix(2).map { "\(NumPyFormat.arrayStr($0.0)) against NumPy's \($0.1)" })")
    }

    @Test func randomFloatsPrintAsPythonPrintsThem() throws {
        var values = Values(state: 0x5EED_F10A_2026_1129)
        let floats = (0..<3000).map { _ in values.value(spread: 300) }
        let expected = try python("print(json.dumps([repr(c) for c in cases]))", .array(floats.map(JSON.number)))
        try #require(expected.count == floats.count)
        let differing = zip(floats, expected).filter { NumPyFormat.pythonRepr($0) != $1 }
        #expect(differing.isEmpty, "\(differing.count) differ, such as \(differing.prefix(3))")
    }
}
