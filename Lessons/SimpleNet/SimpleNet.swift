import Arithmetic
import LessonKit
import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Notebook In [369] and In [372]: a one-layer network with weights `w`
/// (2×3), no bias, softmax output, and the cross-entropy loss against `t`.
///
/// ```
/// w = randn(2, 3); x = randn(1, 2)        -- in this order, from the seed
/// a = x · w
/// y = exp(a - max(a)) / sum(exp(a - max(a)))
/// loss = -sum(t * log(y + 1e-7))
/// ```
/// Every output is bit-identical to NumPy's for the same seed, in the run's
/// arithmetic: `x · w` in the order of OpenBLAS's kernels, `exp` and `log`
/// NumPy's SVML routines or the C library's (see ``Arithmetic``).
public struct SimpleNet: Lesson {
    public init() {}

    public enum Parameters {
        public static let w = Input<Tensor>.matrix("w", rows: 2, columns: 3, drawn: "the weights; drawn by randn(2, 3) unless set")
        public static let x = Input<Tensor>.matrix("x", rows: 1, columns: 2, drawn: "the input; drawn by randn(1, 2) unless set")
        public static let t = Input<Tensor>.vector("t", length: 3, default: "0.5, 0.6, 0.7", "the target the loss compares y with")
    }

    public enum Outputs {
        public static let w = OutputKey("w")
        public static let x = OutputKey("x")
        public static let y = OutputKey("y")
        public static let loss = OutputKey("loss")
    }

    public static let configuration = LessonConfiguration(
        id: "simplenet", title: "a one-layer softmax network and its cross-entropy loss", source: "notebook In [369], In [372]",
        parameters: [Parameters.w, Parameters.x, Parameters.t],
        outputs: [Outputs.w, Outputs.x, Outputs.y, Outputs.loss],
        defaultSeed: 0)

    public let checks = LessonChecks(
        notebook: [
            NotebookCase(
                "In [372]",
                printed: [
                    ("w", "[[ 0.79417551  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]"),
                    ("loss", "1.9870735326459652"),
                ],
                notReproducible: "the notebook drew w and x from an unseeded RNG and never printed x",
                consistency: { printed in Self.printedLossIsReachable(w: printed["w"], loss: printed["loss"]) })
        ],
        // In [369] defines the network; In [372] runs it.
        sourceCells: [NotebookCell(369, fingerprint: "d888ffc01cc3345f"), NotebookCell(372, fingerprint: "c76690fcf439484f")],
        examples: [
            Example("default"),
            Example("seed 7", seed: 7),
            Example("seed 4294967295", seed: 4_294_967_295),
            Example("one-hot target", seed: 3, settings: ["t=0,0,1"]),
            Example("w set, x still drawn", settings: ["w=[[1,0,-1],[0.5,2,0]]"]),
        ],
        variation: { rng in
            let seed = Int64(rng.nextUInt32())
            var settings: [String] = []
            if rng.nextDouble() < 0.3 { settings.append("t=\(rng.list(3) { $0.uniform(0, 1) })") }
            if rng.nextDouble() < 0.2 { settings.append("w=[[\(rng.list(3) { $0.uniform(-3, 3) })],[\(rng.list(3) { $0.uniform(-3, 3) })]]") }
            return Example("varied", seed: seed, settings: settings)
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        // Draw both, as the notebook does, even when one is set: setting w
        // must not change x. With both set nothing is drawn (and the
        // transcript shows no seed).
        let given = (w: inputs.given(Parameters.w), x: inputs.given(Parameters.x))
        let drawn = given.w != nil && given.x != nil ? nil : (w: rng.randn(2, 3), x: rng.randn(1, 2))
        guard let w = given.w ?? drawn?.w, let x = given.x ?? drawn?.x else { preconditionFailure("w and x are given or drawn") }
        let t = inputs[Parameters.t].scalars

        let arithmetic = inputs.arithmetic
        let y = Self.softmax(Self.dot(x, w, order: arithmetic.products), NumPyFunctions(arithmetic))
        let loss = Self.crossEntropyError(y, t, NumPyFunctions(arithmetic))
        return [
            Output(Outputs.w, w), Output(Outputs.x, x),
            Output(Outputs.y, Tensor(shape: [1, y.count], scalars: y)),
            Output(Outputs.loss, Tensor(scalar: loss)),
        ]
    }

    /// What can be checked of In [372] without its x: that the network, with
    /// the printed w and the default t, gives the printed loss for some x
    /// (in the canonical arithmetic: the search works at 10 digits).
    ///
    /// The loss is continuous in x, so it takes every value between its
    /// smallest and largest on a polar grid (radius ≤ 30); if the printed loss
    /// lies between them, bisection on the segment joining those two points
    /// finds an x that gives it (one of many: x was never printed).
    static func printedLossIsReachable(w: Tensor?, loss: Tensor?) -> (held: Bool, detail: String) {
        guard let w, w.shape == [2, 3], let target = loss?.scalar, target.isFinite else {
            return (false, "In [372] needs a printed 2x3 w and a finite loss")
        }
        let t = [0.5, 0.6, 0.7]
        let (order, functions) = (Arithmetic.canonical.products, NumPyFunctions(Arithmetic.canonical))
        func lossAt(_ x: [Double]) -> Double { crossEntropyError(softmax(dot(Tensor(rows: [x]), w, order: order), functions), t, functions) }
        var (low, high) = ((value: Double.infinity, x: [0.0, 0.0]), (value: -Double.infinity, x: [0.0, 0.0]))
        for radius in stride(from: 0.0, through: 30, by: 0.25) {
            for degree in stride(from: 0.0, to: 360, by: 2) {
                let angle = degree * Double.pi / 180
                let x = [radius * cos(angle), radius * sin(angle)]
                let value = lossAt(x)
                if value < low.value { low = (value, x) }
                if value > high.value { high = (value, x) }
            }
        }
        let range = "[\(NumPyFormat.pythonRepr(low.value)), \(NumPyFormat.pythonRepr(high.value))]"
        guard low.value <= target, target <= high.value else {
            return (
                false,
                "the printed loss \(NumPyFormat.pythonRepr(target)) is outside \(range), the losses this network gives with the printed w"
            )
        }
        var (a, b) = (0.0, 1.0)
        func point(_ s: Double) -> [Double] { zip(low.x, high.x).map { $0 + s * ($1 - $0) } }
        for _ in 0..<200 where b - a > 0 {
            let middle = (a + b) / 2
            if lossAt(point(middle)) < target { a = middle } else { b = middle }
        }
        let x = point(a).map { NumPyFormat.printf("%.9f", $0) }.joined(separator: ",")
        return (
            true,
            "with the printed w the loss spans \(range) as x varies, so the printed loss is one this network gives; "
                + "x = [\(x)] gives \(NumPyFormat.printf("%.10g", lossAt(point(a)))) (one such x of many)"
        )
    }

    /// `np.dot(x, w)` for a 1×k row and a k×n matrix, as OpenBLAS's kernels
    /// `order` add it up (a 1-row product goes to dgemv: plain sums on
    /// Haswell kernels, fused multiply-adds on SkylakeX; see NumPyMath).
    static func dot(_ x: Tensor, _ w: Tensor, order: Arithmetic.Products) -> [Double] {
        let (k, n) = (w.shape[0], w.shape[1])
        return NumPyMath.dot(
            Matrix(rows: 1, columns: k, scalars: x.scalars), Matrix(rows: k, columns: n, scalars: w.scalars), order: order
        ).scalars
    }

    /// Softmax with the maximum subtracted first, so `exp` never overflows:
    /// `y = exp(a - c) / sum(exp(a - c))`, `c = max(a)`.
    static func softmax(_ a: [Double], _ numpy: NumPyFunctions) -> [Double] {
        let c = NumPy.max(a)
        let expA = a.map { numpy.exp($0 - c) }
        let sumExpA = NumPy.sum(expA)
        return expA.map { $0 / sumExpA }
    }

    /// Cross-entropy `-sum(t * log(y + 1e-7))`; the 1e-7 keeps `log(0)` = -inf
    /// out of the sum when a probability underflows to 0.
    static func crossEntropyError(_ y: [Double], _ t: [Double], _ numpy: NumPyFunctions) -> Double {
        let delta = 1e-7
        return -NumPy.sum(zip(t, y).map { ti, yi in ti * numpy.log(yi + delta) })
    }
}
