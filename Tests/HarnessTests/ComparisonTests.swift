import Harness
import LessonKit
import Testing

struct ComparisonTests {
    @Test func ulpDistanceCountsDoublesBetween() {
        #expect(OutputComparison.ulpDistance(1, 1.0.nextUp) == 1)
        #expect(OutputComparison.ulpDistance(-0.0, 0.0) == 1)
        #expect(OutputComparison.ulpDistance(-Double.leastNonzeroMagnitude, .leastNonzeroMagnitude) == 3)
        #expect(OutputComparison.ulpDistance(-1, -1.0.nextDown) == 1)
        #expect(OutputComparison.ulpDistance(-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude) == 0xFFDF_FFFF_FFFF_FFFF)
        #expect(OutputComparison.ulpDistance(.nan, 1) == nil)
    }

    @Test func nanMatchesNaNOnlyAtTheSamePosition() {
        let expected = Tensor(vector: [.nan, 1])
        #expect(OutputComparison.compare("v", expected: expected, actual: Tensor(vector: [.nan, 1]), tolerance: .exact).status == .match)
        let swapped = OutputComparison.compare("v", expected: expected, actual: Tensor(vector: [1, .nan]), tolerance: .absolute(10))
        #expect(swapped.status == .mismatch)
        #expect(swapped.differing == 2)
    }

    @Test func infinitiesCompareExactlyWhateverTheTolerance() {
        #expect(!OutputComparison.matches(expected: .infinity, actual: .greatestFiniteMagnitude, tolerance: .relative(1)))
        #expect(!OutputComparison.matches(expected: .infinity, actual: -.infinity, tolerance: .ulps(Int.max)))
        #expect(OutputComparison.matches(expected: -.infinity, actual: -.infinity, tolerance: .exact))
    }

    @Test func exactMeansTheSameBitsSoAZeroThatChangedSignFails() {
        #expect(!OutputComparison.matches(expected: 0.0, actual: -0.0, tolerance: .exact))
        #expect(OutputComparison.matches(expected: 0.0, actual: -0.0, tolerance: .ulps(1)))
        #expect(OutputComparison.matches(expected: -0.0, actual: -0.0, tolerance: .exact))
    }

    @Test func tolerancesBoundWhatTheySay() {
        #expect(OutputComparison.matches(expected: 1, actual: 1.0.nextUp.nextUp, tolerance: .ulps(2)))
        #expect(!OutputComparison.matches(expected: 1, actual: 1.0.nextUp.nextUp.nextUp, tolerance: .ulps(2)))
        #expect(OutputComparison.matches(expected: 100, actual: 100.5, tolerance: .absolute(0.5)))
        #expect(!OutputComparison.matches(expected: 100, actual: 100.5, tolerance: .absolute(0.49)))
        #expect(OutputComparison.matches(expected: 100, actual: 101, tolerance: .relative(0.01)))
        #expect(!OutputComparison.matches(expected: 100, actual: 101.01, tolerance: .relative(0.01)))
    }

    @Test func printedValuesCompareAtTheirPrintedPrecision() {
        // "14." at 8 digits: 14.000000000038426 prints the same; 14.00000001 does not.
        let positional = Tolerance.printed(.positional, digits: 8)
        #expect(OutputComparison.matches(expected: 14, actual: 14.000000000038426, tolerance: positional))
        #expect(!OutputComparison.matches(expected: 14, actual: 14.00000001, tolerance: positional))
        #expect(OutputComparison.matches(expected: 14, actual: 14.000000004999, tolerance: positional))
        #expect(!OutputComparison.matches(expected: 14, actual: 14.000000005001, tolerance: positional))
        let scientific = Tolerance.printed(.scientific, digits: 8)
        #expect(OutputComparison.matches(expected: 6.72221872e-09, actual: 6.7222187218403284e-09, tolerance: scientific))
        #expect(!OutputComparison.matches(expected: 6.72221872e-09, actual: 6.722218725e-09 * (1 + 1e-15), tolerance: scientific))
        // A repr is exact: one ulp off fails.
        let repr = Tolerance.printed(.repr, digits: 17)
        #expect(!OutputComparison.matches(expected: 23.000000000052978, actual: 23.000000000052978.nextUp, tolerance: repr))
    }

    @Test func reportsCountErrorsAndCapTheTable() {
        let expected = Tensor(vector: (0..<30).map { (i: Int) -> Double in Double(i) })
        let actual = Tensor(vector: (0..<30).map { (i: Int) -> Double in Double(i) + (i % 2 == 0 ? 0.5 : 0) })
        let comparison = OutputComparison.compare("v", expected: expected, actual: actual, tolerance: .exact)
        #expect(comparison.differing == 15)
        #expect(comparison.elements == 30)
        #expect(comparison.rows.count == OutputComparison.rowLimit)
        #expect(comparison.maxAbsoluteError == 0.5)
        #expect(comparison.maxRelativeError == .infinity)  // 0 expected, 0.5 actual
        #expect(comparison.rows[1].index == [2])
    }

    @Test func shapesAreComparedBeforeValues() {
        let comparison = OutputComparison.compare(
            "w", expected: Tensor(vector: [1, 2]), actual: Tensor(rows: [[1, 2]]), tolerance: .exact)
        #expect(comparison.status == .wrongShape)
    }
}
