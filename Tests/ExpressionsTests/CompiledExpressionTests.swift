import NumPyMath
import NumPyRandom
import Testing

@testable import Expressions

/// The incremental gradient must give the bits of the plain loop that
/// evaluates the whole function at each nudged point (the notebook's
/// `numerical_gradient`), which `fullGradient` below is.
struct CompiledExpressionTests {
    /// The notebook's loop, evaluating f from scratch 2n times.
    static func fullGradient(_ f: Expression, at point: [Double], h: Double) -> [Double] {
        var x = point
        var grad = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let saved = x[i]
            x[i] = saved + h
            let fx1 = f(x)
            x[i] = saved - h
            let fx2 = f(x)
            grad[i] = (fx1 - fx2) / (2 * h)
            x[i] = saved
        }
        return grad
    }

    static func point(_ n: Int) -> [Double] {
        var rng = RandomState(seed: UInt32(n))
        return (0..<n).map { _ in rng.uniform(-10, 10) }
    }

    @Test(arguments: [
        "sum(x^2)", "sum(x**2) + x0*x[1]", "x0^2 + 2*x0*x1 + x2^2 + x0", "sum(x*x1) - pi", "sum(exp(-x^2/2)) * x2",
        "sqrt(sum((x - x0)^2) + 1)", "sum(x^x0)", "-sum(1/(x^2 + 1)) / sum(x)^2", "x3*x3*x3 - sum(abs(x)^0.5)", "e^2",
    ])
    func incrementalGradientHasTheFullLoopsBits(_ source: String) throws {
        let f = try Expression(source, variables: .vector)
        for n in [5, 130] {
            let x = Self.point(n)
            let fast = f.gradient(at: x, h: 1e-4)
            let full = Self.fullGradient(f, at: x, h: 1e-4)
            #expect(fast.map(\.bitPattern) == full.map(\.bitPattern), "\(source) at n = \(n)")
        }
    }

    @Test func spelledOutSumMatchesTheFullLoop() throws {
        let n = 200
        let f = try Expression((0..<n).map { "x[\($0)]^2" }.joined(separator: " + "), variables: .vector)
        let x = Self.point(n)
        #expect(f.gradient(at: x, h: 1e-4).map(\.bitPattern) == Self.fullGradient(f, at: x, h: 1e-4).map(\.bitPattern))
    }

    @Test func gradientOfSumOfSquaresIsNumPys() throws {
        // numerical_gradient(lambda x: np.sum(x**2), x, 1e-4) in NumPy 2.4 for
        // x = [(i % 17) * 0.1 - 0.8 for i in range(1000)]: its first three
        // elements, and np.sum of all of it.
        let x = (0..<1000).map { Double($0 % 17) * 0.1 - 0.8 }
        let grad = try Expression("sum(x^2)", variables: .vector).gradient(at: x, h: 1e-4)
        #expect(Array(grad.prefix(3)) == [-1.5999999999394277, -1.399999999875945, -1.2000000000966793])
        #expect(NumPy.sum(grad) == -4.20000000005416)
    }

    @Test func anEvaluatorServesManyPoints() throws {
        let f = try Expression("sum((x - 1)^2) + x0*x1", variables: .vector)
        let evaluator = Expression.Evaluator(f, count: 3)
        var grad = [0.0, 0, 0]
        for point in [[1.0, 2, 3], [-4, 0.5, 8], [1e-3, 1e3, -7]] {
            #expect(evaluator.value(at: point) == f(point))
            evaluator.gradient(at: point, h: 1e-4, into: &grad)
            #expect(grad.map(\.bitPattern) == Self.fullGradient(f, at: point, h: 1e-4).map(\.bitPattern))
        }
    }

    @Test func nonFiniteValuesFlowAsInNumPy() throws {
        // log(0) is -inf; -inf - -inf is nan, in both evaluations.
        let f = try Expression("sum(log(abs(x)))", variables: .vector)
        let x = [0.0, 2, -3]
        let fast = f.gradient(at: x, h: 1e-4)
        #expect(fast[0].isNaN == false && fast[0].isInfinite == false)
        #expect(fast.map(\.bitPattern) == Self.fullGradient(f, at: x, h: 1e-4).map(\.bitPattern))
        let g = try Expression("log(x0) + sum(x)", variables: .vector)
        #expect(g.gradient(at: [-1, 2], h: 1e-4)[0].isNaN)
    }
}
