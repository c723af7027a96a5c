import Arithmetic
import LessonKit
import NumPyMath

/// The book's gradient_simplenet, the step after notebook In [372]: the
/// numerical gradient of SimpleNet's loss with respect to its weights.
///
/// ```
/// w = randn(2, 3)                                  -- from the seed, unless set
/// loss(w) = -log(y[argmax t] + delta),  y = softmax(x · w)
/// for each w[i, j] in C order:
///     dW[i, j] = (loss(w with w[i, j] + h) - loss(w with w[i, j] - h)) / (2h)
/// ```
/// The book's loss reads a one-hot t as the label `argmax t`, so only the
/// probability of that class enters the loss. `x · w` is NumPy's product of a
/// vector and a matrix, and exp and log are NumPy's, in the run's arithmetic,
/// so every output is the same double as NumPy's (0 ulps; checked by the oracle).
///
/// The book printed `W` to 8 digits and `dW` for the `W` it really had. Its
/// printed `dW` follows from the printed `W` to all 8 printed digits only
/// with `delta = 0`; with the book's own 1e-7 the 7th digit moves. That is
/// the lesson's book case, and the reason for the `delta` parameter.
public struct SimpleNetGradient: Lesson {
    public init() {}

    public enum Parameters {
        public static let w = Input<Tensor>.matrix("w", rows: 2, columns: 3, drawn: "the weights; drawn by randn(2, 3) unless set")
        public static let x = Input<Tensor>.vector("x", length: 2, default: "0.6, 0.9", "the input")
        public static let t = Input<Tensor>.vector("t", length: 3, default: "0, 0, 1", "the target; the loss reads it as the label argmax(t)")
        public static let h = Input<Double>.number("h", default: "1e-4", "the step of the central difference")
        public static let delta = Input<Double>.number("delta", default: "1e-7", "the constant added inside the log")
    }

    public enum Outputs {
        public static let w = OutputKey("w")
        public static let loss = OutputKey("loss")
        public static let dW = OutputKey("dW")
    }

    public static let configuration = LessonConfiguration(
        id: "simplenet-gradient", title: "the numerical gradient of SimpleNet's loss with respect to its weights", source: "the book's gradient_simplenet, after notebook In [372]",
        parameters: [Parameters.w, Parameters.x, Parameters.t, Parameters.h, Parameters.delta],
        outputs: [Outputs.w, Outputs.loss, Outputs.dW],
        defaultSeed: 0)

    public let checks = LessonChecks(
        // The book's printed W and dW. They agree only with `delta = 0`: with
        // the book's own 1e-7 the 7th digit of dW differs.
        book: [
            BookCase(
                "gradient_simplenet (delta = 0: with 1e-7 the 7th digit differs)", source: "gradient_simplenet.py",
                settings: [
                    "w=[[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]",
                    "delta=0",
                ],
                printed: [
                    ("w", "[[ 0.47355232  0.9977393   0.84668094]\n [ 0.85557411  0.03563661  0.69422093]]"),
                    ("dW", "[[ 0.21924763  0.14356247 -0.36281009]\n [ 0.32887144  0.2153437  -0.54421514]]"),
                ])
        ],
        examples: [
            Example("default"),
            Example("seed 7", seed: 7),
            Example("the book's w with its delta", settings: ["w=[[0.47355232,0.9977393,0.84668094],[0.85557411,0.03563661,0.69422093]]"]),
            Example("label 0, h 1e-5", seed: 3, settings: ["t=1,0,0", "h=1e-5"]),
            Example("delta 0", seed: 11, settings: ["delta=0"]),
        ],
        variation: { rng in
            let seed = Int64(rng.nextUInt32())
            var settings: [String] = []
            if rng.nextDouble() < 0.5 { settings.append("x=\(rng.list(2) { $0.uniform(-3, 3) })") }
            if rng.nextDouble() < 0.5 {
                let label = rng.integer(0...2)
                settings.append("t=" + (0..<3).map { $0 == label ? "1" : "0" }.joined(separator: ","))
            }
            if rng.nextDouble() < 0.3 { settings.append("h=\(rng.logUniform(1e-7, 1e-2))") }
            if rng.nextDouble() < 0.3 { settings.append("delta=\(rng.pick(["0", "1e-7", "1e-3"]))") }
            if rng.nextDouble() < 0.2 { settings.append("w=[[\(rng.list(3) { $0.uniform(-3, 3) })],[\(rng.list(3) { $0.uniform(-3, 3) })]]") }
            return Example("varied", seed: seed, settings: settings)
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        // w is drawn unless it is set (then nothing is drawn, and the transcript shows no seed).
        var w = Matrix(rows: 2, columns: 3, scalars: (inputs.given(Parameters.w) ?? rng.randn(2, 3)).scalars)
        let x = Matrix(rows: 1, columns: 2, scalars: inputs[Parameters.x].scalars)
        let label = Self.argmax(inputs[Parameters.t].scalars)
        let (h, delta) = (inputs[Parameters.h], inputs[Parameters.delta])

        let arithmetic = inputs.arithmetic
        func loss(_ w: Matrix) -> Double { Self.loss(w, x: x, label: label, delta: delta, arithmetic: arithmetic) }
        let dW = Self.numericalGradient(of: loss, at: &w, h: h)
        return [
            Output(Outputs.w, Tensor(shape: [2, 3], scalars: w.scalars)),
            Output(Outputs.loss, Tensor(scalar: loss(w))),
            Output(Outputs.dW, Tensor(shape: [2, 3], scalars: dW.scalars)),
        ]
    }

    /// The book's loss for one input: `-log(softmax(x · w)[label] + delta) / 1`.
    static func loss(_ w: Matrix, x: Matrix, label: Int, delta: Double, arithmetic: Arithmetic) -> Double {
        let numpy = NumPyFunctions(arithmetic)
        let y = softmax(dot(x, w, order: arithmetic.products).scalars, numpy)
        return -numpy.log(y[label] + delta) / 1
    }

    /// The book's `numerical_gradient` for an array of any shape: each
    /// element in C order is nudged up and down by `h` in place, the loss is
    /// evaluated at both, and the element is put back.
    static func numericalGradient(of f: (Matrix) -> Double, at w: inout Matrix, h: Double) -> Matrix {
        var grad = Matrix(zeros: w.rows, w.columns)
        for index in w.scalars.indices {
            let saved = w.scalars[index]
            w.scalars[index] = saved + h
            let up = f(w)
            w.scalars[index] = saved - h
            let down = f(w)
            grad.scalars[index] = (up - down) / (2 * h)
            w.scalars[index] = saved
        }
        return grad
    }

    /// The book's softmax of a vector: `exp(a - max(a)) / sum(exp(a - max(a)))`.
    static func softmax(_ a: [Double], _ numpy: NumPyFunctions) -> [Double] {
        let c = NumPy.max(a)
        let e = a.map { numpy.exp($0 - c) }
        let s = NumPy.sum(e)
        return e.map { $0 / s }
    }

    /// `np.argmax`: the first index of the largest value (NaN counts as largest).
    static func argmax(_ a: [Double]) -> Int {
        var best = 0
        for i in a.indices.dropFirst() {
            if a[best].isNaN { break }
            if a[i].isNaN || a[i] > a[best] { best = i }
        }
        return best
    }
}
