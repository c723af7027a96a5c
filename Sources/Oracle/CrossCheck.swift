import Harness
import LessonKit

/// The cross-check sweep: varied cases run through each Swift lesson and
/// through its NumPy reference, compared output by output.
///
/// Tolerance: 0 ulps (the same double) for outputs of + − × ÷ and `pow`, which
/// both sides take from the same C library; at most 4 ulps for outputs the
/// lesson declares (SimpleNet's `y` and `loss`) and for cases whose function
/// calls exp, log, sin, cos or tanh, where NumPy may use its own SIMD loops.
/// Non-finite values must agree in kind (NaN with NaN, +inf with +inf).
public struct CrossCheck: Sendable {
    public let registry: Registry
    public let oracle: NumPyOracle

    public static let transcendental: Set<String> = ["exp", "log", "sin", "cos", "tanh"]
    public static let transcendentalUlps = 4

    public init(registry: Registry, oracle: NumPyOracle) {
        self.registry = registry
        self.oracle = oracle
    }

    /// One case that did not match, with the command that reproduces it.
    public struct Failure: Sendable {
        public let lesson: String
        public let index: Int
        public let problem: String
        public let commandLine: String
    }

    /// Per-lesson totals.
    public struct Summary: Sendable {
        public let lesson: String
        public var cases = 0
        public var identical = 0
        public var maxUlps: UInt64 = 0
        public var failures: [Failure] = []
    }

    public struct Report: Sendable {
        public let versions: NumPyOracle.Versions
        public let lessons: [Summary]
        public let rng: Summary?
        public let seconds: Double
        /// Time spent computing the cases in Swift, and waiting for NumPy to
        /// answer them (one process, start-up included): the two sides of one run.
        public let swiftSeconds: Double
        public let numpySeconds: Double
        public var passed: Bool { lessons.allSatisfy { $0.failures.isEmpty } && (rng?.failures.isEmpty ?? true) }

        public var text: String {
            var lines: [String] = []
            let rows = lessons + (rng.map { [$0] } ?? [])
            let width = rows.map(\.lesson.count).max() ?? 0
            for row in rows {
                let name = row.lesson + String(repeating: " ", count: width - row.lesson.count)
                lines.append(
                    "\(name)  \(row.cases) case\(row.cases == 1 ? "" : "s")  \(row.identical) identical bits  max \(row.maxUlps) ulps  \(row.failures.count) failed"
                        + (row.failures.isEmpty ? "" : "  FAIL"))
                for failure in row.failures.prefix(10) {
                    lines.append("  case \(failure.index): \(failure.problem)")
                    lines.append("    reproduce: \(failure.commandLine)")
                }
                if row.failures.count > 10 { lines.append("  … and \(row.failures.count - 10) more failing cases") }
            }
            let total = rows.reduce(0) { $0 + $1.cases }
            lines.append(
                "\(versions); \(total) case\(total == 1 ? "" : "s") in \(seconds.fixed(2)) s "
                    + "(Swift \(swiftSeconds.fixed(2)) s, NumPy \(numpySeconds.fixed(2)) s) — "
                    + (passed ? "OK" : "FAILED"))
            return lines.joined(separator: "\n")
        }
    }

    /// Runs `count` varied cases per lesson (and as many RNG sequences when
    /// `rng` is true), all drawn from `seed`, through one oracle process.
    public func run(_ ids: [String], count: Int, seed: UInt32, rng includeRNG: Bool = true) throws -> Report {
        let start = ContinuousClock.now
        let lessons = try registry.lessons(ids)
        var draws = RandomState(seed: seed)

        // Generate every case first, so one process answers them all.
        var runs: [(lesson: any Lesson, index: Int, run: Run)] = []
        var requests: [JSON] = []
        for lesson in lessons {
            for index in 0..<count {
                let example = lesson.variation(&draws)
                let run = try lesson.run(seed: example.seed, settings: example.settings)
                runs.append((lesson, index, run))
                requests.append(
                    .object([("lesson", .string(lesson.id)), ("seed", run.json["seed"]!), ("parameters", run.json["parameters"]!)]))
            }
        }
        var sequences: [RNGSequence] = []
        if includeRNG {
            for _ in 0..<count { sequences.append(RNGSequence.random(&draws)) }
            requests += sequences.map(\.json)
        }

        let swiftDone = ContinuousClock.now
        let (versions, answers) = try oracle.answer(requests) { i in
            i < runs.count ? "\(runs[i].lesson.id) case \(runs[i].index) (\(runs[i].run.commandLine))" : "rng sequence \(i - runs.count)"
        }

        let numpyDone = ContinuousClock.now
        var summaries = lessons.map { Summary(lesson: $0.id) }
        for ((lesson, index, run), answer) in zip(runs, answers) {
            let slot = summaries.firstIndex { $0.lesson == lesson.id }!
            summaries[slot].cases += 1
            let outcome = compare(run, lesson: lesson, answer: answer)
            summaries[slot].maxUlps = max(summaries[slot].maxUlps, outcome.maxUlps)
            if outcome.identical { summaries[slot].identical += 1 }
            if let problem = outcome.problem {
                summaries[slot].failures.append(Failure(lesson: lesson.id, index: index, problem: problem, commandLine: run.commandLine))
            }
        }
        var rngSummary: Summary?
        if includeRNG {
            var summary = Summary(lesson: "rng")
            for (index, (sequence, answer)) in zip(sequences, answers.dropFirst(runs.count)).enumerated() {
                summary.cases += 1
                if let problem = sequence.compare(answer) {
                    summary.failures.append(Failure(lesson: "rng", index: index, problem: problem, commandLine: sequence.description))
                } else {
                    summary.identical += 1
                }
            }
            rngSummary = summary
        }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let elapsed = ContinuousClock.now - start
        return Report(
            versions: versions, lessons: summaries, rng: rngSummary,
            seconds: seconds(elapsed), swiftSeconds: seconds(swiftDone - start), numpySeconds: seconds(numpyDone - swiftDone))
    }

    /// The tolerance for one output of a run; see the type's doc comment.
    public static func tolerance(_ output: String, lesson: any Lesson, run: Run) -> Tolerance {
        if let declared = lesson.tolerances[output] { return declared }
        for case (_, .function(let f)?) in run.parameters where !f.calledFunctions.isDisjoint(with: transcendental) {
            return .ulps(transcendentalUlps)
        }
        return .exact
    }

    func compare(_ run: Run, lesson: any Lesson, answer: JSON) -> (identical: Bool, maxUlps: UInt64, problem: String?) {
        if let error = answer["error"]?.stringValue { return (false, 0, "the NumPy reference raised \(error)") }
        guard let outputs = answer["outputs"], outputs.objectValue != nil else {
            return (false, 0, "the NumPy reference returned no outputs")
        }
        var identical = true
        var maxUlps: UInt64 = 0
        var problems: [String] = []
        for output in run.outputs {
            guard let expected = outputs[output.name]?.tensorValue else {
                problems.append("\(output.name): missing from NumPy's answer")
                continue
            }
            // JSON writes every empty array as [], so an empty answer matches any empty shape.
            if expected.count == 0 && output.value.count == 0 { continue }
            let tolerance = Self.tolerance(output.name, lesson: lesson, run: run)
            let comparison = OutputComparison.compare(output.name, expected: expected, actual: output.value, tolerance: tolerance)
            if !expected.isIdentical(to: output.value) { identical = false }
            maxUlps = max(maxUlps, comparison.maxUlps)
            switch comparison.status {
            case .match: break
            case .wrongShape:
                problems.append("\(output.name): shape \(output.value.shapeDescription), NumPy \(expected.shapeDescription)")
            default:
                let row = comparison.rows[0]
                let index = row.index.isEmpty ? "" : "[" + row.index.map(String.init).joined(separator: ", ") + "]"
                problems.append(
                    "\(output.name)\(index): Swift \(NumPyFormat.pythonRepr(row.actual)), NumPy \(NumPyFormat.pythonRepr(row.expected)) "
                        + "(\(row.ulps.map { "\($0) ulps" } ?? "NaN") apart, tolerance \(tolerance.summary); \(comparison.differing) of \(comparison.elements) elements differ)"
                )
            }
        }
        return (identical && problems.isEmpty, maxUlps, problems.isEmpty ? nil : problems.joined(separator: "; "))
    }
}

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

extension Recorder {
    /// Recorded values computed by the NumPy oracle instead of the Swift
    /// lesson, one oracle process per lesson.
    public static func numpy(_ oracle: NumPyOracle) throws -> Recorder {
        let (versions, _) = try oracle.answer([], label: { "case \($0)" })
        return Recorder(provenance: "recorded from the NumPy reference (Tools/oracle.py; \(versions))") { lesson, batch in
            // A lesson whose bits follow the CPU takes NumPy's values only from a NumPy computing as it does.
            if let lessons = lesson.numericProfile, let numpy = versions.profile, numpy != lessons {
                throw OracleError.otherProfile(lesson: lesson.id, numpy: numpy, lessons: lessons)
            }
            let requests = batch.map { inputs in
                JSON.object([
                    ("lesson", .string(lesson.id)), ("seed", inputs.seed.map { .integer($0) } ?? .null),
                    ("parameters", .object(inputs.parameters)),
                ])
            }
            let (_, answers) = try oracle.answer(requests) {
                "\(lesson.id) case with parameters \(requests[$0]["parameters"]!.serialized())"
            }
            return try zip(requests, answers).map { request, answer in
                let label = "\(lesson.id) case with parameters \(request["parameters"]!.serialized())"
                if let error = answer["error"]?.stringValue { throw OracleError.raised(at: label, message: error) }
                return try lesson.outputs.map { name in
                    guard let value = answer["outputs"]?[name]?.tensorValue else {
                        throw OracleError.malformed(at: label, text: "no output \(name)")
                    }
                    return Output(name, value)
                }
            }
        }
    }
}
