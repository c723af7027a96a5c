/// NumPy's constructors of float64 vectors, for vector parameters too long
/// to type: `linspace(a, b, n)`, `arange(stop)`, `arange(start, stop)`,
/// `arange(start, stop, step)`, `zeros(n)` and `ones(n)`, each with NumPy's
/// bits.
///
/// ```
/// linspace: step = (b - a) / (n - 1); y[i] = i * step + a; y[n - 1] = b
///           (step == 0: y[i] = i / (n - 1) * (b - a) + a)
/// arange:   n = ceil((stop - start) / step); d = (start + step) - start
///           y[0] = start; y[1] = start + step; y[i] = start + i * d
/// ```
/// Each is separate IEEE operations in this order, as NumPy's float64 loops
/// run them on x86-64 (no fused multiply-add: NumPy's baseline there has
/// none), so no tolerance applies.
public enum Constructors {
    /// The most elements a constructor makes: 10 million doubles, 80 MB.
    public static let limit = 10_000_000

    /// The names, for error messages.
    static let names = "linspace(a, b, n), arange(stop), arange(start, stop, step), zeros(n) or ones(n)"

    /// The vector `text` constructs, nil when `text` is not a constructor
    /// call at all (so a plain list is read as one); throws when it is one
    /// with bad arguments.
    public static func vector(_ text: String, for name: String) throws(LessonError) -> [Double]? {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return nil }
        let function = String(text[..<open]).trimmingWhitespace()
        guard ["linspace", "arange", "zeros", "ones"].contains(function) else { return nil }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let items = inside.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        func fail(_ why: String) -> LessonError { .badValue(parameter: name, value: text.excerpt(), expected: why) }
        var arguments: [Double] = []
        for item in items {
            guard let value = try? ParameterValue.number(item, for: name) else { throw fail("\(names), with numbers as arguments") }
            arguments.append(value)
        }
        func count(_ x: Double) throws(LessonError) -> Int {
            guard x.isFinite, x == x.rounded(), x >= 0, x <= Double(limit) else {
                throw fail("a vector of 0 to \(limit) elements (a count, not \(NumPyFormat.pythonRepr(x)))")
            }
            return Int(x)
        }
        switch (function, arguments.count) {
        case ("linspace", 3):
            return linspace(arguments[0], arguments[1], try count(arguments[2]))
        case ("arange", 1...3):
            let (start, stop, step) =
                arguments.count == 1 ? (0, arguments[0], 1) : (arguments[0], arguments[1], arguments.count == 3 ? arguments[2] : 1)
            guard step != 0 else { throw fail("an arange with a step other than 0") }
            guard start.isFinite, stop.isFinite, step.isFinite else { throw fail("an arange with a finite start, stop and step") }
            let length = ((stop - start) / step).rounded(.up)
            guard length <= Double(limit) else { throw fail("a vector of at most \(limit) elements (this arange has \(NumPyFormat.pythonRepr(length)))") }
            return arange(start, step, length > 0 ? Int(length) : 0)
        case ("zeros", 1): return [Double](repeating: 0, count: try count(arguments[0]))
        case ("ones", 1): return [Double](repeating: 1, count: try count(arguments[0]))
        default: throw fail(names)
        }
    }

    /// `np.linspace(a, b, n)` (endpoint included).
    public static func linspace(_ a: Double, _ b: Double, _ n: Int) -> [Double] {
        guard n > 0 else { return [] }
        let div = Double(n - 1)
        let delta = b - a
        var y = (0..<n).map { Double($0) }
        if n > 1 {
            let step = delta / div
            if step == 0 {
                // NumPy's path for a step that underflows to 0 (gh-5437).
                for i in y.indices { y[i] = y[i] / div * delta }
            } else {
                for i in y.indices { y[i] = y[i] * step }
            }
        } else {
            y[0] = y[0] * delta
        }
        for i in y.indices { y[i] = y[i] + a }
        if n > 1 { y[n - 1] = b }
        return y
    }

    /// `np.arange(start, stop, step)` with its `length` worked out: the first
    /// two values added, the rest `start + i * d` with `d` the difference of
    /// the first two (NumPy's `DOUBLE_fill`).
    static func arange(_ start: Double, _ step: Double, _ length: Int) -> [Double] {
        guard length > 0 else { return [] }
        var y = [Double](repeating: start, count: length)
        guard length > 1 else { return y }
        y[1] = start + step
        let d = y[1] - start
        for i in 2..<length { y[i] = start + Double(i) * d }
        return y
    }
}
