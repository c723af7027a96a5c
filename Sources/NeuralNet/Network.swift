import Arithmetic
import Datasets
import Dispatch
import LessonKit
import NumPyMath
import Synchronization

/// The book's two-layer network: `x · W1 + b1`, sigmoid (chapter 4) or ReLU
/// (chapter 5's layers), `· W2 + b2`, softmax, with cross-entropy loss, in
/// NumPy's order of operations.
///
/// ```
/// a1 = x · W1 + b1;  z1 = sigmoid(a1) = 1 / (1 + exp(-a1))   or   z1 = relu(a1) = (a1 <= 0 ? 0 : a1)
/// a2 = z1 · W2 + b2; y = softmax(a2) per row
/// loss = -sum(log(y[r, label_r] + delta)) / batch,  label_r = argmax(t[r]),  delta = 1e-7 in the book
/// ```
/// Products are ``NumPyMath/dot(_:_:transpose:order:threads:)`` (OpenBLAS's
/// order), exp and log are NumPy's, both as ``arithmetic`` says; sums follow
/// NumPy (pairwise along a row, row by row down a column), so every value is
/// the double NumPy computes.
package struct Network: Sendable {
    package var W1: Matrix
    package var b1: [Double]
    package var W2: Matrix
    package var b2: [Double]
    /// The order of the products and whose exp and log, for every pass.
    package let arithmetic: Arithmetic
    /// The constant inside the loss's log (the book's 1e-7). Backpropagation's
    /// `(y - t) / batch` is the gradient of the loss without it.
    package var delta = 1e-7
    /// What the hidden layer does to `a1`.
    package var activation = Activation.sigmoid

    /// The hidden layer of the book's two networks.
    package enum Activation: String, Sendable, CaseIterable {
        /// Chapter 4's two_layer_net: `z1 = sigmoid(a1)`; backward,
        /// `sigmoid_grad(a1) · da1 = ((1 - z1) · z1) · da1`.
        case sigmoid
        /// Chapter 5's `Relu` layer: `out = x.copy(); out[x <= 0] = 0`, so
        /// z1 is a1 or +0 (a NaN passes); backward, `dout[mask] = 0`: da1
        /// where a1 > 0, else +0.
        case relu
    }

    /// `W1 = std · randn(input, hidden)`, `b1 = 0`, `W2 = std · randn(hidden, output)`,
    /// `b2 = 0`: the draws in the book's order.
    package init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, weightInitStd std: Double, rng: inout RandomState, arithmetic: Arithmetic
    ) {
        W1 = Matrix(rows: inputSize, columns: hiddenSize, scalars: rng.randn(inputSize, hiddenSize).scalars.map { std * $0 })
        b1 = Array(repeating: 0, count: hiddenSize)
        W2 = Matrix(rows: hiddenSize, columns: outputSize, scalars: rng.randn(hiddenSize, outputSize).scalars.map { std * $0 })
        b2 = Array(repeating: 0, count: outputSize)
        self.arithmetic = arithmetic
    }

    package init(W1: Matrix, b1: [Double], W2: Matrix, b2: [Double], arithmetic: Arithmetic, activation: Activation = .sigmoid) {
        (self.W1, self.b1, self.W2, self.b2, self.arithmetic, self.activation) = (W1, b1, W2, b2, arithmetic, activation)
    }

    /// `relu(x)`: the Relu layer's `out[x <= 0] = 0`.
    @inline(__always) package static func relu(_ x: Double) -> Double { x <= 0 ? 0 : x }

    /// The hidden layer on one pre-activation.
    @inline(__always) func activate(_ x: Double) -> Double {
        switch activation {
        case .sigmoid: numpy.sigmoid(x)
        case .relu: Self.relu(x)
        }
    }

    /// The hidden layer backward: `da1` becomes the gradient at `a1`, given
    /// the forward pass's a1 and z1.
    func backward(_ da1: inout Matrix, a1: Matrix, z1: Matrix) {
        switch activation {
        case .sigmoid:
            for i in da1.scalars.indices {
                let s = z1.scalars[i]
                da1.scalars[i] = ((1.0 - s) * s) * da1.scalars[i]
            }
        case .relu:
            for i in da1.scalars.indices where a1.scalars[i] <= 0 { da1.scalars[i] = 0 }
        }
    }

    /// exp, log and the row operations built on them, in ``arithmetic``.
    package var numpy: NumPyFunctions { NumPyFunctions(arithmetic) }

    /// The forward pass, keeping what the backward pass needs.
    package struct Forward: Sendable {
        package var a1: Matrix
        package var z1: Matrix
        package var y: Matrix
    }

    /// Every step after `x · W1` works row by row, so each thread takes its
    /// rows of the batch through all of them (``NumPyMath/forEachRowRange(_:work:threads:_:)``):
    /// the same operations on the same values as one step at a time over
    /// the whole batch, so the same bits.
    package func forward(_ x: Matrix) -> Forward {
        let (m, k, h, o) = (x.rows, x.columns, W1.columns, W2.columns)
        let plans = ForwardPlans(self, rows: m, features: k)
        var f = Forward(a1: .uninitialized(m, h), z1: .uninitialized(m, h), y: .uninitialized(m, o))
        guard m > 0 else { return f }
        x.scalars.withUnsafeBufferPointer { x in
            f.a1.scalars.withUnsafeMutableBufferPointer { a1 in
                f.z1.scalars.withUnsafeMutableBufferPointer { z1 in
                    f.y.scalars.withUnsafeMutableBufferPointer { y in
                        let x = SharedScalars(UnsafeMutablePointer(mutating: x.baseAddress!))
                        let (a1, z1, y) = (SharedScalars(a1.baseAddress!), SharedScalars(z1.baseAddress!), SharedScalars(y.baseAddress!))
                        forEachRowRange(m, work: m * k * h) { rows in
                            let start = rows.lowerBound
                            forward(rows: rows, plans, x: x[start * k], a1: a1[start * h], z1: z1[start * h], y: y[start * o])
                        }
                    }
                }
            }
        }
        return f
    }

    /// The two products' orders for an input of `rows` rows.
    struct ForwardPlans: Sendable {
        let first: ProductPlan
        let second: ProductPlan
        init(_ network: Network, rows: Int, features: Int) {
            let (h, o) = (network.W1.columns, network.W2.columns)
            precondition(
                features == network.W1.rows && h == network.W2.rows,
                "shapes (\(rows), \(features)), (\(network.W1.rows), \(h)) and (\(network.W2.rows), \(o)) not aligned")
            first = ProductPlan(m: rows, n: h, k: features, order: network.arithmetic.products)
            second = ProductPlan(m: rows, n: o, k: h, order: network.arithmetic.products)
        }
    }

    /// The forward pass on rows `rows` of the input the plans are for: `x`,
    /// `a1`, `z1` and `y` point at the range's first row of each.
    func forward(
        rows: Range<Int>, _ plans: ForwardPlans, x: UnsafePointer<Double>, a1: UnsafeMutablePointer<Double>, z1: UnsafeMutablePointer<Double>,
        y: UnsafeMutablePointer<Double>
    ) {
        let (count, h, o) = (rows.count, W1.columns, W2.columns)
        W1.scalars.withUnsafeBufferPointer { w1 in plans.first.rows(rows, x, w1.baseAddress!, into: a1) }
        Self.addRow(b1, to: a1, rows: count)
        switch activation {
        case .sigmoid: numpy.sigmoid(a1, into: z1, count: count * h)
        case .relu: for i in 0..<count * h { z1[i] = Self.relu(a1[i]) }
        }
        W2.scalars.withUnsafeBufferPointer { w2 in plans.second.rows(rows, z1, w2.baseAddress!, into: y) }
        Self.addRow(b2, to: y, rows: count)
        numpy.softmaxRows(y, rows: count, columns: o)
    }

    package func predict(_ x: Matrix) -> Matrix { forward(x).y }

    /// The book's `loss(x, t)`: cross-entropy of `predict(x)` against `t`.
    package func loss(_ x: Matrix, _ t: Matrix) -> Double {
        Self.crossEntropy(forward(x).y, labels: Self.argmaxRows(t), delta: delta, numpy)
    }

    /// `np.sum(argmax(y) == argmax(t)) / float(rows)`.
    package func accuracy(_ x: Matrix, _ t: Matrix) -> Double {
        Self.accuracy(predict(x), labels: Self.argmaxRows(t))
    }

    /// `accuracy(x, t)` over a whole split of images, `x` never held
    /// whole (Fashion-MNIST's training set widened would be 376 MB): each
    /// thread takes a share of the images, `block` at a time, widening a
    /// block into a buffer that stays in cache for its forward pass. Each
    /// output of both products has the bits of the whole product
    /// (``NumPyMath/ProductPlan/rows(_:_:_:into:)``), and sigmoid, softmax
    /// and argmax work row by row, so the accuracy is the one NumPy gives for
    /// the whole set.
    package func accuracy(on set: ImageSet, block: Int = 64, threads: Int = defaultThreads) -> Double {
        let (m, k, h, o) = (set.count, set.rows * set.columns, W1.columns, W2.columns)
        precondition(block > 0, "accuracy(on:): a block of \(block) images")
        guard m > 0 else { return .nan }
        let plans = ForwardPlans(self, rows: m, features: k)
        let blocks = (m + block - 1) / block
        let parts = min(max(threads, 1), blocks)
        let hits = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var x = [Double](repeating: 0, count: block * k), y = [Double](repeating: 0, count: block * o)
            var (a1, z1) = ([Double](repeating: 0, count: block * h), [Double](repeating: 0, count: block * h))
            var found = 0
            for first in stride(from: part * block, to: m, by: parts * block) {
                let rows = first..<min(m, first + block)
                x.withUnsafeMutableBufferPointer { x in
                    a1.withUnsafeMutableBufferPointer { a1 in
                        z1.withUnsafeMutableBufferPointer { z1 in
                            y.withUnsafeMutableBufferPointer { y in
                                set.widen(rows, into: x)
                                forward(rows: rows, plans, x: x.baseAddress!, a1: a1.baseAddress!, z1: z1.baseAddress!, y: y.baseAddress!)
                                for r in rows.indices where Self.argmax(y.baseAddress! + (r - first) * o, count: o) == Int(set.labels[r]) {
                                    found += 1
                                }
                            }
                        }
                    }
                }
            }
            hits.withLock { $0 += found }
        }
        return Double(hits.withLock { $0 }) / Double(m)
    }

    package static func accuracy(_ y: Matrix, labels: [Int]) -> Double {
        let predicted = argmaxRows(y)
        let hits = zip(predicted, labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(hits) / Double(y.rows)
    }

    /// The gradients of the loss by backpropagation, in the book's steps:
    /// ```
    /// dy = (y - t) / batch
    /// dW2 = z1ᵀ · dy;  db2 = sum(dy, axis=0)
    /// da1 = dy · W2ᵀ;  dz1 = ((1 - sigmoid(a1)) · sigmoid(a1)) · da1   (ReLU: da1 where a1 > 0, else 0)
    /// dW1 = xᵀ · dz1;  db1 = sum(dz1, axis=0)
    /// ```
    /// Chapter 5's layers (Affine, Relu, Affine, SoftmaxWithLoss) take the
    /// same steps: SoftmaxWithLoss.backward is `(y - t) / batch_size`, and
    /// Affine.backward is `dW = xᵀ · dout`, `db = sum(dout, axis=0)`,
    /// `dx = dout · Wᵀ`.
    package func gradient(_ x: Matrix, _ t: Matrix) -> Network {
        let f = forward(x)
        let batch = Double(x.rows)
        var dy = f.y
        for i in dy.scalars.indices { dy.scalars[i] = (dy.scalars[i] - t.scalars[i]) / batch }
        let dW2 = dot(f.z1, dy, transpose: .a, order: arithmetic.products)
        let db2 = Self.sumColumns(dy)
        var dz1 = dot(dy, W2, transpose: .b, order: arithmetic.products)
        backward(&dz1, a1: f.a1, z1: f.z1)
        let dW1 = dot(x, dz1, transpose: .a, order: arithmetic.products)
        return Network(W1: dW1, b1: Self.sumColumns(dz1), W2: dW2, b2: db2, arithmetic: arithmetic, activation: activation)
    }

    /// How far the gradient of the loss with `delta` inside its log is from
    /// backpropagation's, which has none: per row the loss is
    /// `-log(y_l + δ)` (l the label), whose derivative in the scores is
    /// `(y_l / (y_l + δ)) (y - onehot)`, against `y - onehot` for `-log y`.
    /// The difference, `(δ / (y_l + δ)) (onehot - y) / batch`, is carried
    /// back through the same steps as `dy`. Nearly all of what the numerical
    /// gradient (which differentiates the loss with δ) differs from
    /// backpropagation by is this, where backpropagation is right.
    package func deltaGradient(_ x: Matrix, _ t: Matrix) -> Network {
        let f = forward(x)
        let labels = Self.argmaxRows(t)
        let batch = Double(x.rows)
        var dy = Matrix(zeros: f.y.rows, f.y.columns)
        for (r, label) in labels.enumerated() {
            let factor = delta / (f.y[r, label] + delta)
            for k in 0..<f.y.columns { dy[r, k] = factor * ((k == label ? 1 : 0) - f.y[r, k]) / batch }
        }
        let dW2 = dot(f.z1, dy, transpose: .a, order: arithmetic.products)
        var dz1 = dot(dy, W2, transpose: .b, order: arithmetic.products)
        backward(&dz1, a1: f.a1, z1: f.z1)
        let dW1 = dot(x, dz1, transpose: .a, order: arithmetic.products)
        return Network(W1: dW1, b1: Self.sumColumns(dz1), W2: dW2, b2: Self.sumColumns(dy), arithmetic: arithmetic, activation: activation)
    }

    // MARK: NumPy's row and column operations

    /// `a + b` with `b` broadcast along the rows.
    package static func addRow(_ b: [Double], to a: inout Matrix) {
        let n = a.columns
        a.scalars.withUnsafeMutableBufferPointer { p in
            for r in 0..<a.rows {
                for j in 0..<n { p[r * n + j] = p[r * n + j] + b[j] }
            }
        }
    }

    /// `a + b` on `rows` rows of `b.count` values from `a`.
    static func addRow(_ b: [Double], to a: UnsafeMutablePointer<Double>, rows: Int) {
        let n = b.count
        b.withUnsafeBufferPointer { b in
            for r in 0..<rows {
                for j in 0..<n { a[r * n + j] = a[r * n + j] + b[j] }
            }
        }
    }

    /// `np.sum(a, axis=0)`, in NumPy's order: from 0, row by row; but a
    /// single column is one contiguous run, which NumPy sums pairwise.
    package static func sumColumns(_ a: Matrix) -> [Double] {
        if a.columns == 1 { return [NumPyFunctions.sum(a.scalars)] }
        var sum = Array(repeating: 0.0, count: a.columns)
        for r in 0..<a.rows {
            for j in 0..<a.columns { sum[j] = sum[j] + a.scalars[r * a.columns + j] }
        }
        return sum
    }

    /// `-np.sum(np.log(y[arange(batch), labels] + delta)) / batch`.
    package static func crossEntropy(_ y: Matrix, labels: [Int], delta: Double, _ numpy: NumPyFunctions) -> Double {
        let logs = labels.enumerated().map { r, label in numpy.log(y[r, label] + delta) }
        return -NumPyFunctions.sum(logs) / Double(y.rows)
    }

    /// `np.argmax(a, axis=1)`: per row, the first index of the largest value
    /// (a NaN counts as the largest, as in NumPy).
    package static func argmaxRows(_ a: Matrix) -> [Int] {
        a.scalars.withUnsafeBufferPointer { p in (0..<a.rows).map { r in argmax(p.baseAddress! + r * a.columns, count: a.columns) } }
    }

    /// `np.argmax` of one row of `count` values.
    static func argmax(_ row: UnsafePointer<Double>, count: Int) -> Int {
        var best = 0
        for j in 1..<max(count, 1) {
            if row[best].isNaN { break }
            if row[j].isNaN || row[j] > row[best] { best = j }
        }
        return best
    }
}
