import Foundation
import LessonCatalog
import LessonKit
import Oracle
import Testing

/// Functions of the whole vector against the NumPy oracle: the book's
/// `np.sum(x**2)` and its kin give NumPy's bits, including where NumPy's
/// array square and its scalar pow differ.
@Suite(.enabled(if: oracleAvailability.available, "NumPy oracle tests skipped: \(oracleAvailability.reason)"))
struct VectorFunctionTests {
    let oracle = NumPyOracle()

    static let functions = [
        "sum(x^2)", "sum(x**2) + x0*x[1]", "x0^2 + x1^2 + x2^2", "sum(x^2 * x - 2*x) * e", "sqrt(sum((x - pi)^2) + 1)",
        "sum(abs(x)^0.5) - sum(x^-1)", "x0^3 + sum(sin(x))",
    ]

    @Test func gradientsHaveNumPysBits() throws {
        // 899.611982707253 is a point where pow(x, 2) and x*x differ in the last bit.
        let lesson = try LessonCatalog.registry.lesson("gradient")
        let arithmetic = try #require(try oracle.answer([], label: { "case \($0)" }).versions.arithmetic(for: lesson.arithmeticParts))
        let runs = try Self.functions.map { function in
            try lesson.run(settings: ["function=\(function)", "x=899.611982707253,-3.25,0.5"], arithmetic: arithmetic)
        }
        let requests = runs.map { run in
            JSON.object([("lesson", .string("gradient")), ("seed", .null), ("parameters", run.json["parameters"]!)])
        }
        // One oracle process for all of them.
        let (_, answers) = try oracle.answer(requests) { Self.functions[$0] }
        // NaN as NaN: glibc and NumPy give NaNs of either sign (docs/reproducibility.md, "Known differences").
        func bits(_ t: Tensor) -> [UInt64] { t.scalars.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern } }
        for (function, (run, answer)) in zip(Self.functions, zip(runs, answers)) {
            let numpy = try #require(answer["outputs"]?["gradient"]?.tensorValue, "\(function)")
            let swift = run.output("gradient")
            #expect(bits(swift) == bits(numpy), "\(function): \(swift.scalars) vs \(numpy.scalars)")
        }
    }

    @Test func theSweepOfTheVectorLessonsIsExact() throws {
        // NumPy with its C-library loops, so that the sweep's exp and log cases compare arithmetic on any CPU.
        var baseline = oracle
        baseline.childEnvironment = ProcessInfo.processInfo.environment.merging(["LESSONS_NUMPY_KERNELS": "baseline"]) { $1 }
        let report = try CrossCheck(registry: LessonCatalog.registry, oracle: baseline).run(
            ["gradient", "descent"], count: 60, seed: 9, rng: false)
        #expect(report.passed, "\(report.text)")
        #expect(report.lessons.allSatisfy { $0.maxUlps == 0 && $0.identical == 60 })
    }
}
