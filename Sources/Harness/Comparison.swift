import LessonKit

/// How an actual output compares with an expected one.
///
/// Rules, in order: the shapes must be equal; then element by element, NaN
/// equals NaN only at the same position, an infinity equals only the same
/// infinity, and finite values must be within the tolerance. Ulps are
/// counted in IEEE 754 total order, where -0.0 sits just below 0.0: they
/// are 1 ulp apart, so an exact (0 ulps) comparison means the same bits, and
/// a fixture whose zero changed sign fails it.
public struct OutputComparison: Sendable {
    public struct Row: Sendable {
        public let index: [Int]
        public let expected: Double
        public let actual: Double
        public var difference: Double { actual - expected }
        public let ulps: UInt64?
    }

    public enum Status: String, Sendable {
        case match, mismatch
        /// The fixture expects an output the lesson did not produce.
        case missing
        /// The lesson produced an output the case does not check.
        case unchecked
        case wrongShape = "wrong shape"
    }

    public let name: String
    public let status: Status
    public let tolerance: Tolerance?
    public let expectedShape: [Int]?
    public let actualShape: [Int]?
    public let elements: Int
    public let differing: Int
    public let maxAbsoluteError: Double
    public let maxRelativeError: Double
    public let maxUlps: UInt64
    /// The first differing elements, at most `rowLimit`.
    public let rows: [Row]

    public static let rowLimit = 10

    static func structural(_ name: String, _ status: Status, expected: [Int]?, actual: [Int]?) -> OutputComparison {
        OutputComparison(
            name: name, status: status, tolerance: nil, expectedShape: expected, actualShape: actual, elements: 0, differing: 0,
            maxAbsoluteError: 0, maxRelativeError: 0, maxUlps: 0, rows: [])
    }

    /// Compares element by element under `tolerance`.
    public static func compare(_ name: String, expected: Tensor, actual: Tensor, tolerance: Tolerance) -> OutputComparison {
        guard expected.shape == actual.shape else {
            return structural(name, .wrongShape, expected: expected.shape, actual: actual.shape)
        }
        var differing = 0
        var maxAbs = 0.0
        var maxRel = 0.0
        var maxUlps: UInt64 = 0
        var rows: [Row] = []
        for (offset, (e, a)) in zip(expected.scalars, actual.scalars).enumerated() {
            let ulps = ulpDistance(e, a)
            if e.isFinite && a.isFinite {
                let absolute = (a - e).magnitude
                maxAbs = max(maxAbs, absolute)
                if e != 0 { maxRel = max(maxRel, absolute / e.magnitude) } else if absolute != 0 { maxRel = .infinity }
                maxUlps = max(maxUlps, ulps ?? 0)
            }
            if !matches(expected: e, actual: a, tolerance: tolerance) {
                differing += 1
                if rows.count < rowLimit { rows.append(Row(index: index(offset, in: expected.shape), expected: e, actual: a, ulps: ulps)) }
            }
        }
        return OutputComparison(
            name: name, status: differing == 0 ? .match : .mismatch, tolerance: tolerance, expectedShape: expected.shape,
            actualShape: actual.shape, elements: expected.count, differing: differing, maxAbsoluteError: maxAbs,
            maxRelativeError: maxRel, maxUlps: maxUlps, rows: rows)
    }

    /// One element under a tolerance; see the type's rules.
    public static func matches(expected e: Double, actual a: Double, tolerance: Tolerance) -> Bool {
        if e.isNaN || a.isNaN { return e.isNaN && a.isNaN }
        if e.isInfinite || a.isInfinite { return e == a }
        switch tolerance {
        case .ulps(let n): return (ulpDistance(e, a) ?? .max) <= UInt64(n)
        case .absolute(let bound): return (a - e).magnitude <= bound
        case .relative(let bound): return (a - e).magnitude <= bound * e.magnitude
        case .printed(let notation, let digits): return Printed.rounded(a, notation, digits: digits) == e
        }
    }

    /// How many steps apart `a` and `b` are in IEEE 754 total order, which
    /// counts -0.0 as a step below 0.0: 0 only for the same bits, 1 between
    /// -0.0 and 0.0 or a double and its neighbour; nil when either is NaN.
    public static func ulpDistance(_ a: Double, _ b: Double) -> UInt64? {
        if a.isNaN || b.isNaN { return nil }
        func ordered(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern)
            return bits < 0 ? -(bits & Int64.max) - 1 : bits
        }
        let (x, y) = (ordered(a), ordered(b))
        return x >= y ? UInt64(bitPattern: x &- y) : UInt64(bitPattern: y &- x)
    }

    static func index(_ offset: Int, in shape: [Int]) -> [Int] {
        if shape.count < 2 { return shape.isEmpty ? [] : [offset] }
        return [offset / shape[1], offset % shape[1]]
    }
}
