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
        let works = bench.works(references: bench.references()).filter {
            $0.id == "gradient" || ($0.id == "sum-squares" && $0.size == "n = 100")
        }
        let (versions, rows) = try bench.run(works)
        #expect(rows.count == 2 && rows.allSatisfy { $0.identical && $0.comparable })
        #expect(rows.allSatisfy { $0.swiftSeconds.count == 2 && $0.numpySeconds.count == 2 && $0.ratio > 0 })
        let table = Bench.table(rows, versions: versions, machine: "test machine")
        #expect(table.contains("| gradient of sum(x^2) | n = 100 |") && table.contains("yes"))
        let json = Bench.json(rows, versions: versions, machine: "test machine")
        #expect(json["works"]?.arrayValue?.count == 2)
    }
}

/// Whether Tools/oracle.py can run here (python3 with NumPy), and why not.
private let oracleAvailability = NumPyOracle().availability()
