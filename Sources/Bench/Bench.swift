import Arithmetic
import LessonKit
import Oracle

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `lessons bench`: the same work timed in Swift (in this process) and in
/// NumPy (each lesson's `reference.py`, in one oracle process started for
/// the purpose), in one run, with a check that both gave the same bits.
///
/// Swift computes in NumPy's own order there (as `crosscheck` does), so the
/// two sides do the same work; where the lessons do not implement NumPy's
/// order, Swift computes in the canonical one and the bits are not compared.
///
/// The works are every registered lesson that has a NumPy reference, at its
/// defaults (a new lesson joins without code here), and the scaling works
/// below. A time is the median of up to `runs` runs; a side stops repeating
/// once it has spent `budget` seconds on a work (after one run at least).
public struct Bench {
    /// One piece of work: a lesson run with settings over its defaults.
    public struct Work: Sendable {
        /// The name the command line selects it by.
        public let id: String
        /// What it does, and at what size, for the table.
        public let title: String
        public let size: String
        public let lesson: any Lesson
        public let settings: [String]

        public init(id: String, title: String, size: String, lesson: any Lesson, settings: [String]) {
            self.id = id
            self.title = title
            self.size = size
            self.lesson = lesson
            self.settings = settings
        }
    }

    /// One row of the table.
    public struct Row: Sendable {
        public let work: Work
        public let swiftSeconds: [Double]
        public let numpySeconds: [Double]
        /// Whether every output has the same shape and bits on both sides (NaN as NaN).
        public let identical: Bool
        /// The arithmetic Swift computed in: NumPy's order here, or the
        /// canonical one (then `comparable` is false) where the lessons do not
        /// implement it.
        public var arithmetic: Arithmetic = .canonical
        public var comparable = true
        /// Identical, or not comparable to the bit: what fails a bench run is a difference.
        public var agrees: Bool { identical || !comparable }

        /// NumPy's times with its default BLAS threads (empty when not timed).
        public var numpyDefaultSeconds: [Double] = []
        /// The run's matrix-product operations (``Lesson/productFlops(_:)``), if the lesson counts them.
        public var flops: Double?

        public var swiftMedian: Double { Bench.median(swiftSeconds) }
        public var numpyMedian: Double { Bench.median(numpySeconds) }
        public var numpyDefaultMedian: Double { Bench.median(numpyDefaultSeconds) }
        /// Swift's time over NumPy's: 0.05 means Swift took 5 % of NumPy's time.
        public var ratio: Double { swiftMedian / numpyMedian }
    }

    /// NumPy's matrix-product rate on this machine, measured in the same run:
    /// `np.dot` of two n×n matrices, at a number of BLAS threads.
    public struct ProductRate: Sendable {
        public let threads: Int
        public let n: Int
        public let seconds: [Double]
        public let flops: Double
        /// Operations a second, from the fastest run (the others waited on something else).
        public var flopsPerSecond: Double { flops / (seconds.min() ?? .nan) }
    }

    /// Which NumPy runs a bench times: one BLAS thread only (the one whose
    /// bits are compared), or also NumPy's default threads.
    public enum NumPyThreads: String, Sendable, CaseIterable {
        case one, both
    }

    public let registry: Registry
    public let oracle: NumPyOracle
    public var runs = 5
    public var budget = 10.0
    public var numpyThreads = NumPyThreads.both
    /// The size of the matrix-product rate's product (n×n by n×n); 0 measures none.
    public var rateSize = 2000

    public init(registry: Registry, oracle: NumPyOracle) {
        self.registry = registry
        self.oracle = oracle
    }

    /// The sizes of the gradient works: n variables of sum(x^2), and of the
    /// same function written out term by term (NumPy's loop evaluates that
    /// n-term expression 2n times, which takes minutes past n = 1000).
    public static let sumSizes = [10, 100, 1000, 10_000]
    public static let spelledSizes = [10, 100, 1000]
    public static let descentSteps = 1_000_000

    /// The ids of the works that are not a lesson at its defaults: the
    /// gradient of sum(x^2) and of the spelled-out sum over n, and the long descent.
    public enum Scaling {
        public static let sumSquares = "sum-squares", spelledOut = "spelled-out", longDescent = "long-descent"
        public static let all = [sumSquares, spelledOut, longDescent]
    }

    /// The point of the gradient works: x[i] = (7i mod 17) / 10 − 0.8, short
    /// numbers that are the same doubles in Python and Swift.
    public static func point(_ n: Int) -> String {
        (0..<n).map { (i: Int) -> String in NumPyFormat.pythonRepr(Double((7 * i) % 17 - 8) / 10) }.joined(separator: ",")
    }

    /// Every work: the lessons with a reference at their defaults, then the
    /// scaling works of the lessons they build on (when registered).
    public func works(references: Set<String>) -> [Work] {
        var works = registry.lessons.filter { references.contains($0.id) }.map { lesson in
            Work(id: lesson.id, title: "\(lesson.id) (defaults)", size: "default", lesson: lesson, settings: [])
        }
        if let gradient = registry.lessons.first(where: { $0.id == "gradient" }), references.contains("gradient") {
            for n in Self.sumSizes {
                works.append(
                    Work(
                        id: Scaling.sumSquares, title: "gradient of sum(x^2)", size: "n = \(n)", lesson: gradient,
                        settings: ["function=sum(x^2)", "x=\(Self.point(n))"]))
            }
            for n in Self.spelledSizes {
                let terms = n <= 3 ? (0..<n).map { "x\($0)^2" } : ["x0^2", "x1^2", "…", "x\(n - 1)^2"]
                works.append(
                    Work(
                        id: Scaling.spelledOut, title: "gradient of " + terms.joined(separator: " + "), size: "n = \(n)", lesson: gradient,
                        settings: ["function=" + (0..<n).map { "x\($0)^2" }.joined(separator: " + "), "x=\(Self.point(n))"]))
            }
        }
        if let descent = registry.lessons.first(where: { $0.id == "descent" }), references.contains("descent") {
            works.append(
                Work(
                    id: Scaling.longDescent, title: "descent on x0^2 + x1^2", size: "\(Self.descentSteps) steps", lesson: descent,
                    settings: ["steps=\(Self.descentSteps)"]))
        }
        return works
    }

    /// The ids of the registered lessons whose configuration names a
    /// `reference.py` that exists.
    public func references() -> Set<String> {
        Set(registry.lessons.filter { FileManager.default.fileExists(atPath: $0.configuration.reference) }.map(\.id))
    }

    /// Times `works`: all of Swift's first, then NumPy's in one process with
    /// one BLAS thread (whose bits are compared) and, with `numpyThreads`
    /// `.both`, in another with NumPy's default threads; each process then
    /// measures its matrix-product rate, unless NumPy's products cannot run
    /// here (`Versions.unusable`). `extra` settings apply to every
    /// work (after its own).
    public func run(_ works: [Work], extra: [String] = []) throws -> (
        versions: NumPyOracle.Versions, rows: [Row], rates: [ProductRate]
    ) {
        // NumPy's order here, which Swift follows where it can.
        let (header, _) = try oracle.answer([], label: { "case \($0)" })
        let arithmetics = works.map { header.arithmetic(for: $0.lesson.arithmeticParts) }
        var swift: [SwiftTiming] = []
        for (work, numpyOrder) in zip(works, arithmetics) { swift.append(try time(work, extra: extra, in: numpyOrder ?? .canonical)) }
        let requests = swift.map(\.request)
        // No rate where NumPy's products cannot run (OPENBLAS_CORETYPE forcing
        // kernels this CPU lacks): np.dot would stop the process.
        let measured = rateSize > 0 && header.unusable == nil
        let rate: [JSON] = measured ? [.object([("dgemm", .object([("n", .integer(Int64(rateSize))), ("runs", .integer(3))]))])] : []
        func label(_ index: Int) -> String { index < works.count ? "\(works[index].title), \(works[index].size)" : "np.dot of \(rateSize)×\(rateSize)" }
        let (versions, all) = try oracle.answer(requests + rate, label: label)
        let answers = Array(all.prefix(works.count))
        var rates = try all.dropFirst(works.count).map { answer throws(OracleError) in try Self.rate(answer, n: rateSize) }
        var defaults: [JSON] = []
        if numpyThreads == .both {
            // NumPy as it runs by default: OpenBLAS picks its threads.
            var environment = oracle.childEnvironment ?? ProcessInfo.processInfo.environment
            environment["LESSONS_NUMPY_THREADS"] = "default"
            environment["OPENBLAS_NUM_THREADS"] = nil
            environment["OMP_NUM_THREADS"] = nil
            var threaded = oracle
            threaded.childEnvironment = environment
            let (_, more) = try threaded.answer(requests + rate, label: label)
            defaults = Array(more.prefix(works.count))
            rates += try more.dropFirst(works.count).map { answer throws(OracleError) in try Self.rate(answer, n: rateSize) }
        }
        var rows: [Row] = []
        for (((work, mine), answer), numpyOrder) in zip(zip(zip(works, swift), answers), arithmetics) {
            if let error = answer["error"]?.stringValue {
                throw OracleError.raised(at: "\(work.title), \(work.size)", message: error)
            }
            let numpy = answer["seconds"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            guard !numpy.isEmpty, let digests = answer["digest"] else {
                throw OracleError.malformed(at: "\(work.title), \(work.size)", text: answer.serialized())
            }
            let identical = work.lesson.outputs.allSatisfy { name in
                guard let theirs = digests[name], let mine = mine.digests[name] else { return false }
                return theirs["digest"]?.stringValue == String(mine.value)
                    && theirs["shape"]?.arrayValue?.compactMap(\.doubleValue).map { Int($0) } == mine.shape
            }
            var row = Row(
                work: work, swiftSeconds: mine.seconds, numpySeconds: numpy, identical: identical, arithmetic: numpyOrder ?? .canonical,
                comparable: numpyOrder != nil)
            row.flops = mine.flops
            if let answer = defaults.dropFirst(rows.count).first {
                if let error = answer["error"]?.stringValue {
                    throw OracleError.raised(at: "\(work.title), \(work.size) (default threads)", message: error)
                }
                row.numpyDefaultSeconds = answer["seconds"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            }
            rows.append(row)
        }
        return (versions, rows, rates)
    }

    /// Swift's side of one work: its times, its outputs' digests, its
    /// products' operations, and the request that asks NumPy for the same run.
    struct SwiftTiming {
        let seconds: [Double]
        let digests: [String: Digest]
        let flops: Double?
        let request: JSON
    }

    /// Runs `work` up to `runs` times (fewer once `budget` seconds are
    /// spent, once at least) in `arithmetic`.
    func time(_ work: Work, extra: [String], in arithmetic: Arithmetic) throws -> SwiftTiming {
        // Parse once, as the oracle's run parses its JSON once per run: the timed part is the lesson.
        let values = try Self.values(work.lesson, work.settings + extra)
        var seconds: [Double] = []
        var last: Run?
        while seconds.count < max(1, runs) {
            let start = ContinuousClock.now
            let run = try work.lesson.run(seed: nil, values: values, arithmetic: arithmetic)
            seconds.append(Self.seconds(ContinuousClock.now - start))
            last = run
            if seconds.reduce(0, +) > budget { break }
        }
        let run = last!
        let request = JSON.object([
            (
                "bench",
                .object([
                    ("lesson", .string(work.lesson.id)), ("reference", .string(work.lesson.configuration.reference)),
                    ("seed", run.seed.map { .integer(Int64($0)) } ?? .null), ("parameters", run.json["parameters"]!),
                    ("runs", .integer(Int64(max(1, runs)))), ("budget", .number(budget)),
                ])
            )
        ])
        return SwiftTiming(
            seconds: seconds, digests: Dictionary(uniqueKeysWithValues: run.outputs.map { ($0.name, Digest($0.value)) }),
            flops: work.lesson.productFlops(run), request: request)
    }

    /// A matrix-product rate from the oracle's answer to a `dgemm` request.
    static func rate(_ answer: JSON, n: Int) throws(OracleError) -> ProductRate {
        let label = "np.dot of \(n)×\(n)"
        if let error = answer["error"]?.stringValue { throw .raised(at: label, message: error) }
        guard let seconds = answer["seconds"]?.arrayValue?.compactMap(\.doubleValue), !seconds.isEmpty,
            let flops = answer["flops"]?.doubleValue, let threads = answer["threads"]?.doubleValue
        else { throw .malformed(at: label, text: answer.serialized()) }
        return ProductRate(threads: Int(threads), n: n, seconds: seconds, flops: flops)
    }

    static func values(_ lesson: any Lesson, _ settings: [String]) throws -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else { throw LessonError.badSetting(setting) }
            let name = String(setting[..<equals]).trimmingWhitespace()
            let parameter = try lesson.parameter(named: name)
            values[name] = try ParameterValue(parsing: String(setting[setting.index(after: equals)...]), as: parameter.kind, for: name)
        }
        return values
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The middle value (the mean of the two middle ones for an even count).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The digest `Tools/oracle.py` computes (`_digest`): Σ word[i]·(2i + 1)
    /// mod 2^64 over the values' bit patterns, NaN as 0x7ff8000000000000.
    /// Arrays that differ in one element never share it, since 2i + 1 is odd.
    public struct Digest: Sendable, Equatable {
        public let shape: [Int]
        public let value: UInt64

        public init(_ tensor: Tensor) {
            shape = tensor.shape
            var total: UInt64 = 0
            for (i, x) in tensor.scalars.enumerated() {
                let word = x.isNaN ? 0x7ff8_0000_0000_0000 : x.bitPattern
                total &+= word &* (2 &* UInt64(i) &+ 1)
            }
            value = total
        }
    }

    /// The table: work, size, Swift median, NumPy median, ratio (and NumPy
    /// at its default threads when timed), the products' rate, bits
    /// identical; then the machine's matrix-product rates and what each
    /// counted work's time is against them.
    public static func table(_ rows: [Row], versions: NumPyOracle.Versions, machine: String, rates: [ProductRate] = []) -> String {
        func time(_ s: Double) -> String {
            s >= 1 ? "\(s.fixed(2)) s" : s >= 1e-3 ? "\((s * 1e3).fixed(2)) ms" : "\((s * 1e6).fixed(1)) µs"
        }
        let threaded = rows.contains { !$0.numpyDefaultSeconds.isEmpty }
        let threads = rates.last.map { "\($0.threads) threads" } ?? "default threads"
        let counted = rows.contains { $0.flops != nil }
        var header = ["work", "size", "Swift median", "NumPy median", "Swift / NumPy"]
        if threaded { header += ["NumPy, \(threads)", "Swift / NumPy, \(threads)"] }
        if counted { header += ["products GFLOP/s"] }
        header += ["bits identical"]
        let cells = rows.map { row in
            var cells = [
                row.work.title, row.work.size, time(row.swiftMedian) + " ×\(row.swiftSeconds.count)",
                time(row.numpyMedian) + " ×\(row.numpySeconds.count)", row.ratio.fixed(4),
            ]
            if threaded {
                cells += row.numpyDefaultSeconds.isEmpty
                    ? ["—", "—"]
                    : [time(row.numpyDefaultMedian) + " ×\(row.numpyDefaultSeconds.count)", (row.swiftMedian / row.numpyDefaultMedian).fixed(4)]
            }
            if counted { cells.append(row.flops.map { ($0 / row.swiftMedian / 1e9).fixed(1) } ?? "—") }
            cells.append(!row.comparable ? "not compared" : row.identical ? "yes" : "NO")
            return cells
        }
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
        lines += cells.map { "| " + $0.joined(separator: " | ") + " |" }
        lines.append("")
        lines.append(
            "\(versions); \(machine). Medians of in-process runs (×count); NumPy with one BLAS thread and its native SIMD loops"
                + (threaded ? ", and again with its default threads (those bits are not compared)." : "."))
        if !rates.isEmpty {
            let best = rates.max { $0.flopsPerSecond < $1.flopsPerSecond }!
            lines.append(
                "The machine's matrix-product rate, np.dot of \(best.n)×\(best.n) (fastest of \(best.seconds.count)): "
                    + rates.map { "\(($0.flopsPerSecond / 1e9).fixed(1)) GFLOP/s with \($0.threads) thread\($0.threads == 1 ? "" : "s")" }
                    .joined(separator: ", ") + ".")
            for row in rows {
                guard let flops = row.flops else { continue }
                let needed = flops / best.flopsPerSecond
                lines.append(
                    "\(row.work.title) (\(row.work.size)): \((flops / 1e9).fixed(1)) GFLOP of products, which need \(time(needed)) at "
                        + "\((best.flopsPerSecond / 1e9).fixed(1)) GFLOP/s; Swift takes \((row.swiftMedian / needed).fixed(2))× that.")
            }
        }
        let orders = Set(rows.filter(\.comparable).map(\.arithmetic.name)).sorted()
        if !orders.isEmpty { lines.append("Swift computed in NumPy's order here (\(orders.joined(separator: ", "))), so both sides did the same work.") }
        if rows.contains(where: { !$0.comparable }) {
            lines.append(
                "NumPy's order here (\(versions.profile)) is not one the lessons implement: where a work has products, "
                    + "Swift computed in the canonical order and the bits are not compared (\(Tool.name) crosscheck compares them within a bound).")
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ rows: [Row], versions: NumPyOracle.Versions, machine: String, rates: [ProductRate] = []) -> JSON {
        .object([
            ("numpy", .string(versions.numpy)), ("python", .string(versions.python)), ("machine", .string(machine)),
            (
                "product_rates",
                .array(
                    rates.map { rate in
                        .object([
                            ("threads", .integer(Int64(rate.threads))), ("n", .integer(Int64(rate.n))),
                            ("seconds", .array(rate.seconds.map(JSON.double))), ("flops_per_second", .double(rate.flopsPerSecond)),
                        ])
                    })
            ),
            (
                "works",
                .array(
                    rows.map { row in
                        .object([
                            ("id", .string(row.work.id)), ("work", .string(row.work.title)), ("size", .string(row.work.size)),
                            ("lesson", .string(row.work.lesson.id)), ("reference", .string(row.work.lesson.configuration.reference)),
                            ("swift_seconds", .array(row.swiftSeconds.map(JSON.double))),
                            ("numpy_seconds", .array(row.numpySeconds.map(JSON.double))),
                            ("swift_median", .double(row.swiftMedian)), ("numpy_median", .double(row.numpyMedian)),
                            ("ratio", .double(row.ratio)), ("identical", .bool(row.identical)),
                            ("numpy_default_threads_seconds", .array(row.numpyDefaultSeconds.map(JSON.double))),
                            ("product_flops", row.flops.map(JSON.double) ?? .null),
                            ("arithmetic", .string(row.arithmetic.name)), ("compared", .bool(row.comparable)),
                        ])
                    })
            ),
        ])
    }

    /// The CPU model and core count, from /proc/cpuinfo where there is one.
    public static func machine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last.map { String($0.drop(while: \.isWhitespace)) }
            ?? "unknown CPU"
        return "\(cpu), \(cores) cores, \(memory.fixed(0)) GiB"
    }
}
