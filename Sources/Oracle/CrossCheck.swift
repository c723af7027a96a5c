import Arithmetic
import Harness
import LessonKit

/// The cross-check sweep: varied cases run through each Swift lesson and
/// through its NumPy reference, compared output by output.
///
/// The lessons compute in NumPy's own order here wherever they implement it
/// (``NumPyOracle/Versions/arithmetic(for:)``): then the tolerance is 0 ulps
/// (the same double) for outputs of + − × ÷, `exp`, `log` and `pow`; at
/// most 4 ulps for outputs the lesson declares (SimpleNet's `y` and `loss`)
/// and for cases whose function calls sin, cos or tanh, where NumPy may use
/// SIMD loops of its own. Non-finite values must agree in kind (NaN with
/// NaN, +inf with +inf).
///
/// Where NumPy's products follow an order the lessons do not implement (an
/// OpenBLAS core such as Sandybridge's, or another BLAS), a lesson with
/// products cannot give NumPy's bits. It then computes in the canonical
/// order, and each output is compared within a bound that holds for every
/// order of every product: the oracle carries each value with an interval
/// that encloses what any order would give (see `Tools/bounds.py`), and the
/// Swift value must lie in it. Outputs whose interval is not finite (a long
/// training run, where each step's error feeds the next) are counted, not
/// compared.
public struct CrossCheck: Sendable {
    public let registry: Registry
    public let oracle: NumPyOracle

    public static let transcendental: Set<String> = ["sin", "cos", "tanh"]
    public static let transcendentalUlps = 4

    public init(registry: Registry, oracle: NumPyOracle) {
        self.registry = registry
        self.oracle = oracle
    }

    /// How a lesson is compared with NumPy on this machine.
    public enum Mode: Sendable, Equatable {
        /// In NumPy's own order, to the bit.
        case exact(Arithmetic)
        /// Within the bound for every order of the products, the lesson in `Arithmetic`.
        case bounded(Arithmetic)
        /// Not at all, and why.
        case skipped(String)

        public var label: String {
            switch self {
            case .exact(let arithmetic): return "to the bit, in \(arithmetic.name)"
            case .bounded: return "within the bound for any order of the products"
            case .skipped(let reason): return "not compared: \(reason)"
            }
        }
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
        public var mode: Mode = .exact(.canonical)
        public var cases = 0
        public var identical = 0
        public var maxUlps: UInt64 = 0
        /// Bounded mode: elements checked within their bound, and elements
        /// whose bound is not finite (not compared).
        public var bounded = 0
        public var unbounded = 0
        /// Bounded mode: the largest |Swift − NumPy| over the interval's
        /// width, over all checked elements (at most 1 when within).
        public var largestShare = 0.0
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
                let cases = "\(row.cases) case\(row.cases == 1 ? "" : "s")"
                let verdict = row.failures.isEmpty ? "" : "  FAIL"
                switch row.mode {
                case .exact:
                    lines.append(
                        "\(name)  \(cases)  \(row.identical) identical bits  max \(row.maxUlps) ulps  \(row.failures.count) failed\(verdict)")
                case .bounded:
                    lines.append(
                        "\(name)  \(cases)  within the bound: \(row.bounded) values (largest share of the bound used "
                            + "\(NumPyFormat.printf("%.3g", row.largestShare))), \(row.unbounded) not bounded  \(row.failures.count) failed\(verdict)")
                case .skipped(let reason):
                    lines.append("\(name)  not compared: \(reason)")
                }
                for failure in row.failures.prefix(10) {
                    lines.append("  case \(failure.index): \(failure.problem)")
                    lines.append("    reproduce: \(failure.commandLine)")
                }
                if row.failures.count > 10 { lines.append("  … and \(row.failures.count - 10) more failing cases") }
            }
            let exact = lessons.compactMap { if case .exact(let a) = $0.mode { a.name } else { nil } }
            if Set(exact).count == 1, let name = exact.first {
                lines.append("compared to the bit: \(lessons.filter { if case .exact = $0.mode { true } else { false } }.map(\.lesson).joined(separator: ", ")) (NumPy's order here: \(name))")
            } else if !exact.isEmpty {
                lines.append("compared to the bit: " + lessons.compactMap { row in if case .exact(let a) = row.mode { "\(row.lesson) (\(a.name))" } else { nil } }.joined(separator: ", "))
            }
            let bounded = lessons.filter { if case .bounded = $0.mode { true } else { false } }.map(\.lesson)
            if !bounded.isEmpty {
                lines.append(
                    "compared within a bound: \(bounded.joined(separator: ", ")): NumPy's products follow \(versions.products ?? "an unknown") order, "
                        + "which the lessons do not implement; each value must lie in an interval that encloses every order's result "
                        + "(|ĉ − c| ≤ γ_K·Σ|a_k·b_k| per product, γ_K = K·u/(1 − K·u), carried through the later steps)")
            }
            let total = rows.reduce(0) { $0 + $1.cases }
            lines.append(
                "\(versions); \(total) case\(total == 1 ? "" : "s") in \(seconds.fixed(2)) s "
                    + "(Swift \(swiftSeconds.fixed(2)) s, NumPy \(numpySeconds.fixed(2)) s) — "
                    + (passed ? "OK" : "FAILED"))
            return lines.joined(separator: "\n")
        }
    }

    /// How `lesson` is compared with the NumPy that `versions` describes.
    public static func mode(of lesson: any Lesson, _ versions: NumPyOracle.Versions) -> Mode {
        let parts = lesson.arithmeticParts
        if parts.contains(.products), let reason = versions.unusable { return .skipped("NumPy cannot compute products here: \(reason)") }
        if let arithmetic = versions.arithmetic(for: parts) { return .exact(arithmetic) }
        var arithmetic = Arithmetic.canonical
        if let name = versions.functions, let functions = Arithmetic.Functions(rawValue: name) { arithmetic.functions = functions }
        guard versions.arithmetic(for: parts.subtracting(.products)) != nil else {
            return .skipped("NumPy's exp and log here (\(versions.functions ?? "unknown")) are neither SVML's nor the C library's")
        }
        return .bounded(arithmetic)
    }

    /// Runs `count` varied cases per lesson (and as many RNG sequences when
    /// `rng` is true), all drawn from `seed`, through one oracle process.
    ///
    /// One function: drawing the cases, one oracle process for all of them,
    /// its answers and the comparison share that process and its timeout.
    public func run(_ ids: [String], count: Int, seed: UInt32, rng includeRNG: Bool = true) throws -> Report {
        let start = ContinuousClock.now
        let lessons = try registry.lessons(ids)
        var draws = RandomState(seed: seed)
        // How NumPy computes here decides how each lesson is compared.
        let (header, _) = try oracle.answer([], label: { "case \($0)" })
        let modes = lessons.map { Self.mode(of: $0, header) }

        // Generate every case first, so one process answers them all.
        var runs: [(lesson: any Lesson, mode: Mode, index: Int, run: Run)] = []
        var requests: [JSON] = []
        for (lesson, mode) in zip(lessons, modes) {
            let arithmetic: Arithmetic
            switch mode {
            case .exact(let chosen), .bounded(let chosen): arithmetic = chosen
            case .skipped: continue
            }
            for index in 0..<count {
                let example = lesson.variation(&draws)
                let run = try lesson.run(seed: example.seed, settings: example.settings, arithmetic: arithmetic)
                runs.append((lesson, mode, index, run))
                var request: [(String, JSON)] = [
                    ("lesson", .string(lesson.id)), ("reference", .string(lesson.configuration.reference)), ("seed", run.json["seed"]!), ("parameters", run.json["parameters"]!),
                ]
                if case .bounded = mode { request.append(("bounds", .bool(true))) }
                requests.append(.object(request))
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
        var summaries = zip(lessons, modes).map { Summary(lesson: $0.id, mode: $1) }
        for ((lesson, mode, index, run), answer) in zip(runs, answers) {
            let slot = summaries.firstIndex { $0.lesson == lesson.id }!
            summaries[slot].cases += 1
            let problem: String?
            if case .bounded = mode {
                let outcome = Self.compareWithinBounds(run, answer: answer)
                summaries[slot].bounded += outcome.bounded
                summaries[slot].unbounded += outcome.unbounded
                summaries[slot].largestShare = max(summaries[slot].largestShare, outcome.largestShare)
                problem = outcome.problem
            } else {
                let outcome = compare(run, lesson: lesson, answer: answer)
                summaries[slot].maxUlps = max(summaries[slot].maxUlps, outcome.maxUlps)
                if outcome.identical { summaries[slot].identical += 1 }
                problem = outcome.problem
            }
            if let problem {
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

    /// A run against NumPy's answer with bounds: for every output element,
    /// NumPy's value lies in `[low, high]` by construction, and the Swift value
    /// must lie there too. NaN must meet NaN; an element whose interval is not
    /// finite (or is NaN) is counted as unbounded and not compared.
    static func compareWithinBounds(_ run: Run, answer: JSON) -> (bounded: Int, unbounded: Int, largestShare: Double, problem: String?) {
        if let error = answer["error"]?.stringValue { return (0, 0, 0, "the NumPy reference raised \(error)") }
        guard let outputs = answer["outputs"], let bounds = answer["bounds"] else {
            return (0, 0, 0, "the NumPy reference returned no outputs with bounds")
        }
        var (bounded, unbounded, largest) = (0, 0, 0.0)
        var problems: [String] = []
        for output in run.outputs {
            guard let numpy = outputs[output.name]?.tensorValue, let low = bounds[output.name]?["low"]?.tensorValue,
                let high = bounds[output.name]?["high"]?.tensorValue
            else {
                problems.append("\(output.name): missing from NumPy's answer")
                continue
            }
            let mine = output.value
            if numpy.count == 0 && mine.count == 0 { continue }
            guard numpy.shape == mine.shape, low.shape == mine.shape, high.shape == mine.shape else {
                problems.append("\(output.name): shape \(mine.shapeDescription), NumPy \(numpy.shapeDescription)")
                continue
            }
            var outside: (index: Int, value: Double, numpy: Double, low: Double, high: Double)?
            var outsideCount = 0
            for i in 0..<mine.count {
                let (value, reference, lo, hi) = (mine.scalars[i], numpy.scalars[i], low.scalars[i], high.scalars[i])
                if reference.isNaN || value.isNaN {
                    if reference.isNaN != value.isNaN, lo.isFinite, hi.isFinite {
                        outsideCount += 1
                        if outside == nil { outside = (i, value, reference, lo, hi) }
                    }
                    continue
                }
                guard lo.isFinite, hi.isFinite else {
                    unbounded += 1
                    continue
                }
                bounded += 1
                if value < lo || value > hi {
                    outsideCount += 1
                    if outside == nil { outside = (i, value, reference, lo, hi) }
                } else if hi > lo {
                    largest = max(largest, abs(value - reference) / (hi - lo))
                }
            }
            if let outside {
                let r = NumPyFormat.pythonRepr
                let index = mine.rank > 1 ? "[\(outside.index / mine.shape[1]), \(outside.index % mine.shape[1])]" : mine.rank == 1 ? "[\(outside.index)]" : ""
                problems.append(
                    "\(output.name)\(index): Swift \(r(outside.value)), NumPy \(r(outside.numpy)), outside the bound "
                        + "[\(r(outside.low)), \(r(outside.high))]; \(outsideCount) of \(mine.count) elements outside")
            }
        }
        return (bounded, unbounded, largest, problems.isEmpty ? nil : problems.joined(separator: "; "))
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
