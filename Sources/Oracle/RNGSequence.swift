import Arithmetic
import Harness
import LessonKit

/// A random sequence of legacy RNG calls after `np.random.seed(seed)`,
/// including odd counts of normals followed by other draws (the cached normal).
struct RNGSequence: Sendable, CustomStringConvertible {
    enum Call: Sendable {
        case randn(Int)
        case rand(Int)
        case randint(Int64, Int64, Int)
        case choice(Int64, Int)
    }

    let seed: UInt32
    let calls: [Call]

    static func random(_ rng: inout RandomState) -> RNGSequence {
        let seed = rng.nextUInt32()
        var calls: [Call] = [.randn(2 * rng.integer(0...3) + 1)]  // always leave a normal cached
        for _ in 0..<rng.integer(1...4) {
            switch rng.integer(0...3) {
            case 0: calls.append(.randn(rng.integer(0...7)))
            case 1: calls.append(.rand(rng.integer(0...5)))
            case 2:
                let low = Int64(rng.integer(-1000...1000))
                let span = rng.pick([Int64(rng.integer(1...100)), Int64(rng.nextUInt32()) + 1, Int64(rng.nextUInt64() >> 24) + 1])
                calls.append(.randint(low, low + span, rng.integer(0...6)))
            default: calls.append(.choice(Int64(rng.integer(1...100_000)), rng.integer(0...6)))
            }
        }
        calls.append(.randn(1))
        return RNGSequence(seed: seed, calls: calls)
    }

    var json: JSON {
        let calls: [JSON] = calls.map { call in
            switch call {
            case .randn(let n): return .array([.string("randn"), .integer(Int64(n))])
            case .rand(let n): return .array([.string("rand"), .integer(Int64(n))])
            case .randint(let low, let high, let n): return .array([.string("randint"), .integer(low), .integer(high), .integer(Int64(n))])
            case .choice(let n, let k): return .array([.string("choice"), .integer(n), .integer(Int64(k))])
            }
        }
        return .object([("rng", .object([("seed", .integer(Int64(seed))), ("calls", .array(calls))]))])
    }

    /// The same calls on the Swift stream, as JSON values.
    func draws() -> [[JSON]] {
        var rng = RandomState(seed: seed)
        return calls.map { call in
            switch call {
            case .randn(let n): return rng.randn(n).scalars.map(JSON.double)
            case .rand(let n): return rng.rand(n).scalars.map(JSON.double)
            case .randint(let low, let high, let n): return rng.randint(low, high, count: n).map { .integer($0) }
            case .choice(let n, let k): return rng.choice(n, count: k).map { .integer($0) }
            }
        }
    }

    /// nil when NumPy's draws equal Swift's bit for bit, else what differs.
    func compare(_ answer: JSON) -> String? {
        if let error = answer["error"]?.stringValue { return "the NumPy reference raised \(error)" }
        guard let numpy = answer["draws"]?.arrayValue?.map(\.arrayValue) as? [[JSON]] else { return "no draws in NumPy's answer" }
        let swift = draws()
        for (index, (mine, theirs)) in zip(swift, numpy).enumerated() where mine != theirs {
            return "call \(index + 1) differs: Swift \(JSON.array(mine).serialized()), NumPy \(JSON.array(theirs).serialized())"
        }
        return swift.count == numpy.count ? nil : "NumPy answered \(numpy.count) calls, Swift made \(swift.count)"
    }

    var description: String {
        let text = calls.map { call -> String in
            switch call {
            case .randn(let n): return "randn(\(n))"
            case .rand(let n): return "rand(\(n))"
            case .randint(let low, let high, let n): return "randint(\(low), \(high), \(n))"
            case .choice(let n, let k): return "choice(\(n), \(k))"
            }
        }
        return "np.random.seed(\(seed)); " + text.joined(separator: "; ")
    }
}
