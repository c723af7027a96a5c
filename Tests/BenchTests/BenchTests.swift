import Bench
import Foundation
import LessonCatalog
import LessonKit
import Oracle
import Testing

struct BenchTests {
    @Test func digestsMatchTheOraclesFormula() {
        // Tools/oracle.py's _digest of np.array([[1.5, nan], [-0.0, 3.0]]) and of
        // np.float64(23.000000000052978), as printed by Python.
        let matrix = Bench.Digest(Tensor(rows: [[1.5, .nan], [-0.0, 3.0]]))
        #expect(matrix.value == 6_755_399_441_055_744 && matrix.shape == [2, 2])
        #expect(Bench.Digest(Tensor(scalar: 23.000000000052978)).value == 4_627_167_142_146_488_896)
        // One ulp in the last element changes it (Python: 6755399441055751).
        #expect(Bench.Digest(Tensor(rows: [[1.5, .nan], [-0.0, 3.0000000000000004]])).value == 6_755_399_441_055_751)
    }

    @Test func mediansOfOddAndEvenCounts() {
        #expect(Bench.median([3, 1, 2]) == 2)
        #expect(Bench.median([4, 1, 3, 2]) == 2.5)
        #expect(Bench.median([]).isNaN)
    }

    @Test func everyLessonWithAReferenceHasAWork() {
        let bench = Bench(registry: LessonCatalog.registry, oracle: NumPyOracle())
        let works = bench.works(references: Set(LessonCatalog.registry.ids.filter { $0 != "simplenet" }))
        let defaults = works.filter { $0.size == "default" }.map(\.id)
        #expect(defaults == LessonCatalog.registry.ids.filter { $0 != "simplenet" })
        #expect(works.filter { $0.id == "sum-squares" }.map(\.size) == Bench.sumSizes.map { "n = \($0)" })
        #expect(works.contains { $0.id == "long-descent" && $0.settings == ["steps=1000000"] })
    }

    @Test func thePointReadsTheSameInPython() {
        // [repr(((7*i) % 17 - 8) / 10) for i in range(4)] printed by Python.
        #expect(Bench.point(4) == "-0.8,-0.1,0.6,-0.4")
    }

    @Test(.enabled(if: oracleAvailability.available, "\(oracleAvailability.reason)"))
    func aRaceGivesATableWithIdenticalBits() throws {
        var bench = Bench(registry: LessonCatalog.registry, oracle: NumPyOracle())
        bench.runs = 2
        bench.rateSize = 300
        let works = bench.works(references: bench.references()).filter {
            $0.id == "gradient" || ($0.id == "sum-squares" && $0.size == "n = 100")
        }
        let (versions, rows, rates) = try bench.run(works)
        #expect(rows.count == 2 && rows.allSatisfy { $0.identical && $0.comparable })
        #expect(rows.allSatisfy { $0.swiftSeconds.count == 2 && $0.numpySeconds.count == 2 && $0.ratio > 0 })
        // NumPy again at its default threads, and the machine's rate at one thread and at those.
        #expect(rows.allSatisfy { !$0.numpyDefaultSeconds.isEmpty && $0.flops == nil })
        let table = Bench.table(rows, versions: versions, machine: "test machine", rates: rates)
        #expect(table.contains("| gradient of sum(x^2) | n = 100 |") && table.contains("yes"))
        let json = Bench.json(rows, versions: versions, machine: "test machine", rates: rates)
        #expect(json["works"]?.arrayValue?.count == 2)
        if let reason = versions.unusable {
            // OPENBLAS_CORETYPE forces kernels this CPU lacks: np.dot would stop NumPy's process.
            #expect(rates.isEmpty, "\(reason)")
            return
        }
        #expect(rates.count == 2 && rates[0].threads == 1 && rates[1].threads >= 1)
        #expect(rates.allSatisfy { $0.flops == 2 * 300 * 300 * 300 && $0.flopsPerSecond > 0 && $0.seconds.count == 3 })
        #expect(table.contains("NumPy, \(rates[1].threads) threads") && table.contains("np.dot of 300×300"), "\(table)")
        #expect(json["product_rates"]?.arrayValue?.count == 2)
    }

    /// Where OPENBLAS_CORETYPE forces kernels this CPU cannot run (SkylakeX's
    /// on a CPU without AVX-512), the race still runs (these works take no
    /// product) and the rate is left unmeasured rather than stopping NumPy.
    @Test(.enabled(if: oracleAvailability.available && x86CPULacksAVX512, "needs NumPy and an x86-64 Linux CPU without AVX-512"))
    func kernelsTheCPULacksLeaveTheRateUnmeasured() throws {
        var oracle = NumPyOracle()
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = "SkylakeX"
        oracle.childEnvironment = environment
        var bench = Bench(registry: LessonCatalog.registry, oracle: oracle)
        (bench.runs, bench.rateSize, bench.numpyThreads) = (1, 300, .one)
        let works = bench.works(references: bench.references()).filter { $0.id == "gradient" }
        let (versions, rows, rates) = try bench.run(works)
        #expect(versions.unusable != nil)
        #expect(rates.isEmpty)
        #expect(rows.count == 1 && rows.allSatisfy { $0.identical })
    }
}

/// Whether this is an x86-64 Linux CPU without AVX-512, which OpenBLAS's
/// SkylakeX kernels need (read from /proc/cpuinfo's flags).
let x86CPULacksAVX512: Bool = {
    #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        let flags = info.split(separator: "\n").filter { $0.hasPrefix("flags") }
        return !flags.isEmpty && !flags.contains { $0.split(separator: " ").contains("avx512f") }
    #else
        return false
    #endif
}()

/// The operations of a training run's products, counted from the shapes
/// the book's code multiplies (x: b×i, W1: i×h, W2: h×o), against the
/// lesson's own count.
struct ProductFlopsTests {
    @Test func trainingCountsEveryProductOfTheBooksLoop() throws {
        let training = try LessonCatalog.registry.lesson("training")
        let run = try training.run(seed: 1, settings: ["iters_num=3", "batch_size=5", "hidden_size=4"])
        let (b, i, h, o) = (5.0, 784.0, 4.0, 10.0)
        func product(_ m: Double, _ k: Double, _ n: Double) -> Double { 2 * m * k * n }
        // gradient: forward x·W1, z1·W2; backward z1ᵀ·dy, dy·W2ᵀ, xᵀ·da1; then the loss: x·W1, z1·W2.
        let step =
            product(b, i, h) + product(b, h, o) + product(h, b, o) + product(b, o, h) + product(i, b, h) + product(b, i, h)
            + product(b, h, o)
        // The embedded set: 4 000 training and 1 000 test images, one check (at iteration 0).
        let check = product(5000, i, h) + product(5000, h, o)
        #expect(run.output("train_acc").count == 1)
        #expect(training.productFlops(run) == 3 * step + check)
        let numerical = try training.run(seed: 1, settings: ["iters_num=1", "batch_size=2", "hidden_size=2", "gradient=numerical"])
        #expect(training.productFlops(numerical) == nil)
    }
}

/// Whether Tools/oracle.py can run here (python3 with NumPy), and why not.
private let oracleAvailability = NumPyOracle().availability()
