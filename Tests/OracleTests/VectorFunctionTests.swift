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

    /// The gradient lesson's outputs and NumPy's for the same settings.
    func both(_ settings: [String]) throws -> (swift: Tensor, numpy: Tensor) {
        let run = try LessonCatalog.registry.lesson("gradient").run(settings: settings)
        let request = JSON.object([("lesson", .string("gradient")), ("seed", .null), ("parameters", run.json["parameters"]!)])
        let (_, answers) = try oracle.answer([request]) { _ in settings.joined(separator: " ") }
        return (run.output("gradient"), try #require(answers.first?["outputs"]?["gradient"]?.tensorValue))
    }

    @Test(arguments: [
        "sum(x^2)", "sum(x**2) + x0*x[1]", "x0^2 + x1^2 + x2^2", "sum(x^3 - 2*x) * e", "sqrt(sum((x - pi)^2) + 1)", "sum(x^x0)",
        "sum(abs(x)^0.5) - sum(x^-1)",
    ])
    func gradientsHaveNumPysBits(_ function: String) throws {
        // 899.611982707253 is a point where pow(x, 2) and x*x differ in the last bit.
        let (swift, numpy) = try both(["function=\(function)", "x=899.611982707253,-3.25,0.5"])
        // NaN as NaN: glibc and NumPy give NaNs of either sign (README, "Known differences").
        func bits(_ t: Tensor) -> [UInt64] { t.scalars.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern } }
        #expect(bits(swift) == bits(numpy), "\(swift.scalars) vs \(numpy.scalars)")
    }

    @Test func theSweepOfTheVectorLessonsIsExact() throws {
        let report = try CrossCheck(registry: LessonCatalog.registry, oracle: oracle).run(
            ["gradient", "descent"], count: 40, seed: 9, rng: false)
        #expect(report.passed, "\(report.text)")
        #expect(report.lessons.allSatisfy { $0.maxUlps == 0 && $0.identical == 40 })
    }
}
