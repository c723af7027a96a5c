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

        public var swiftMedian: Double { Bench.median(swiftSeconds) }
        public var numpyMedian: Double { Bench.median(numpySeconds) }
        /// Swift's time over NumPy's: 0.05 means Swift took 5 % of NumPy's time.
        public var ratio: Double { swiftMedian / numpyMedian }
    }

    public let registry: Registry
    public let oracle: NumPyOracle
    public var runs = 5
    public var budget = 10.0

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

    /// Times `works`: all of Swift's first, then NumPy's in one process.
    /// `extra` settings apply to every work (after its own).
    public func run(_ works: [Work], extra: [String] = []) throws -> (versions: NumPyOracle.Versions, rows: [Row]) {
        var swift: [(seconds: [Double], digests: [String: Digest])] = []
        var requests: [JSON] = []
        // NumPy's order here, which Swift follows where it can.
        let (header, _) = try oracle.answer([], label: { "case \($0)" })
        let arithmetics = works.map { header.arithmetic(for: $0.lesson.arithmeticParts) }
        for (work, numpyOrder) in zip(works, arithmetics) {
            let settings = work.settings + extra
            // Parse once, as the oracle's run parses its JSON once per run: the timed part is the lesson.
            let values = try Self.values(work.lesson, settings)
            var seconds: [Double] = []
            var last: Run?
            while seconds.count < max(1, runs) {
                let start = ContinuousClock.now
                let run = try work.lesson.run(seed: nil, values: values, arithmetic: numpyOrder ?? .canonical)
                seconds.append(Self.seconds(ContinuousClock.now - start))
                last = run
                if seconds.reduce(0, +) > budget { break }
            }
            let run = last!
            let seed = run.seed
            swift.append((seconds, Dictionary(uniqueKeysWithValues: run.outputs.map { ($0.name, Digest($0.value)) })))
            requests.append(
                .object([
                    (
                        "bench",
                        .object([
                            ("lesson", .string(work.lesson.id)), ("reference", .string(work.lesson.configuration.reference)), ("seed", seed.map { .integer(Int64($0)) } ?? .null),
                            ("parameters", run.json["parameters"]!), ("runs", .integer(Int64(max(1, runs)))), ("budget", .number(budget)),
                        ])
                    )
                ]))
        }
        let (versions, answers) = try oracle.answer(requests) { "\(works[$0].title), \(works[$0].size)" }
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
            rows.append(
                Row(
                    work: work, swiftSeconds: mine.seconds, numpySeconds: numpy, identical: identical, arithmetic: numpyOrder ?? .canonical,
                    comparable: numpyOrder != nil))
        }
        return (versions, rows)
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

    /// The table: work, size, Swift median, NumPy median, ratio, bits identical.
    public static func table(_ rows: [Row], versions: NumPyOracle.Versions, machine: String) -> String {
        func time(_ s: Double) -> String {
            s >= 1 ? "\(s.fixed(2)) s" : s >= 1e-3 ? "\((s * 1e3).fixed(2)) ms" : "\((s * 1e6).fixed(1)) µs"
        }
        let header = ["work", "size", "Swift median", "NumPy median", "Swift / NumPy", "bits identical"]
        let cells = rows.map { row in
            [
                row.work.title, row.work.size, time(row.swiftMedian) + " ×\(row.swiftSeconds.count)",
                time(row.numpyMedian) + " ×\(row.numpySeconds.count)", row.ratio.fixed(4),
                !row.comparable ? "not compared" : row.identical ? "yes" : "NO",
            ]
        }
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
        lines += cells.map { "| " + $0.joined(separator: " | ") + " |" }
        lines.append("")
        lines.append("\(versions); \(machine). Medians of in-process runs (×count); NumPy with one BLAS thread and its native SIMD loops.")
        let orders = Set(rows.filter(\.comparable).map(\.arithmetic.name)).sorted()
        if !orders.isEmpty { lines.append("Swift computed in NumPy's order here (\(orders.joined(separator: ", "))), so both sides did the same work.") }
        if rows.contains(where: { !$0.comparable }) {
            lines.append(
                "NumPy's order here (\(versions.profile)) is not one the lessons implement: where a work has products, "
                    + "Swift computed in the canonical order and the bits are not compared (\(Tool.name) crosscheck compares them within a bound).")
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ rows: [Row], versions: NumPyOracle.Versions, machine: String) -> JSON {
        .object([
            ("numpy", .string(versions.numpy)), ("python", .string(versions.python)), ("machine", .string(machine)),
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
