import Dispatch
import LessonKit
import NumPyMath

extension Network {
    /// The book's `numerical_gradient(x, t)`: for W1, b1, W2 and b2 in turn,
    /// each element in C order is set to `w + h`, then `w - h`, the loss of the
    /// whole batch is taken at both, `(up - down) / (2h)` is its gradient, and
    /// the element is put back.
    ///
    /// The loss is the same function of the weights as NumPy's, evaluated
    /// without redoing what a nudge cannot change: W1[i, j] moves only hidden
    /// unit j, and only in the rows whose pixel i is not 0 (a zero pixel adds
    /// ±0 to the unit's sum, which neither sigmoid nor ReLU can tell apart), so only those
    /// rows' a1[r, j], z1[r, j], a2[r, :], softmax and log are recomputed —
    /// each output by ``NumPyMath/ProductPlan`` in the very order of the
    /// whole product — and the batch's row losses are summed again in
    /// NumPy's pairwise order. Same operations on the same values: the same
    /// bits as recomputing everything, at a small fraction of the cost.
    ///
    /// A Ctrl-C heard while listening (``LessonKit/LessonProgress/isInterrupted``)
    /// stops the loop early; the gradient is then incomplete, and the caller
    /// must check for the interrupt before using it.
    package func numericalGradient(_ x: Matrix, _ t: Matrix, h: Double = 1e-4, threads: Int = defaultThreads) -> Network {
        let base = Baseline(network: self, x: x, t: t)
        func gradient(of values: [Double], _ loss: @Sendable (inout Scratch, Int, Double) -> Double) -> [Double] {
            let count = values.count
            let parts = count < 64 ? 1 : max(1, threads)
            let chunk = (count + parts - 1) / parts
            let results = UnsafeResults(count: count)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var scratch = Scratch(base)
                for index in (part * chunk)..<min(count, (part + 1) * chunk) {
                    // A step of a large net takes minutes: Ctrl-C stops it here, and the caller says so.
                    if LessonProgress.isInterrupted { break }
                    let saved = values[index]
                    let up = loss(&scratch, index, saved + h)
                    let down = loss(&scratch, index, saved - h)
                    results.set(index, (up - down) / (2 * h))
                }
            }
            return results.values
        }
        let dW1 = gradient(of: W1.scalars) { $0.lossWithW1($1, $2) }
        let db1 = gradient(of: b1) { $0.lossWithB1($1, $2) }
        let dW2 = gradient(of: W2.scalars) { $0.lossWithW2($1, $2) }
        let db2 = gradient(of: b2) { $0.lossWithB2($1, $2) }
        return Network(
            W1: Matrix(rows: W1.rows, columns: W1.columns, scalars: dW1), b1: db1,
            W2: Matrix(rows: W2.rows, columns: W2.columns, scalars: dW2), b2: db2, arithmetic: arithmetic, activation: activation)
    }
}

/// Everything the unnudged network computes for the batch.
struct Baseline: Sendable {
    let network: Network
    let x: Matrix
    let labels: [Int]
    /// W1's columns as rows, so that hidden unit j's weights are contiguous.
    let w1Columns: Matrix
    let w2Columns: Matrix
    /// x · W1 before the bias, z1, and z1 · W2 before the bias.
    let a1Sum: Matrix
    let z1: Matrix
    let a2Sum: Matrix
    /// `log(y[r, label_r] + delta)` per row.
    let rowLogs: [Double]
    /// For each input i, the rows whose x[r, i] is not 0.
    let rowsUsing: [[Int]]
    /// Each hidden unit's saved chains, where its column adds up in blocks.
    let chains: [ColumnChains?]
    let first: ProductPlan
    let second: ProductPlan

    init(network: Network, x: Matrix, t: Matrix) {
        self.network = network
        self.x = x
        labels = Network.argmaxRows(t)
        w1Columns = network.W1.transposed
        w2Columns = network.W2.transposed
        let (order, numpy) = (network.arithmetic.products, network.numpy)
        first = ProductPlan(m: x.rows, n: network.W1.columns, k: x.columns, order: order)
        second = ProductPlan(m: x.rows, n: network.W2.columns, k: network.W2.rows, order: order)
        a1Sum = dot(x, network.W1, order: order)
        var a1 = a1Sum
        Network.addRow(network.b1, to: &a1)
        z1 = Matrix(rows: a1.rows, columns: a1.columns, scalars: a1.scalars.map(network.activate))
        a2Sum = dot(z1, network.W2, order: order)
        var a2 = a2Sum
        Network.addRow(network.b2, to: &a2)
        let y = numpy.softmaxRows(a2)
        rowLogs = labels.enumerated().map { r, label in numpy.log(y[r, label] + network.delta) }
        var rowsUsing = [[Int]](repeating: [], count: x.columns)
        for r in 0..<x.rows {
            for i in 0..<x.columns where x[r, i] != 0 { rowsUsing[i].append(r) }
        }
        self.rowsUsing = rowsUsing
        let (first, w1Columns, inputs) = (first, w1Columns, x.columns)
        chains = (0..<network.W1.columns).map { j in
            guard first.isBlocked(column: j) else { return nil }
            return x.scalars.withUnsafeBufferPointer { xs in
                w1Columns.scalars.withUnsafeBufferPointer { w in
                    ColumnChains(plan: first, a: xs.baseAddress!, column: w.baseAddress! + j * inputs, bStride: 1)
                }
            }
        }
    }
}

/// One thread's copies of what a nudge changes, restored after each loss.
struct Scratch {
    let base: Baseline
    var w1Columns: Matrix
    var w2Columns: Matrix
    var b1: [Double]
    var b2: [Double]
    var z1Row: [Double]
    var a2Row: [Double]
    var rowLogs: [Double]
    var sums: [Double] = []

    init(_ base: Baseline) {
        self.base = base
        w1Columns = base.w1Columns
        w2Columns = base.w2Columns
        b1 = base.network.b1
        b2 = base.network.b2
        z1Row = Array(repeating: 0, count: base.z1.columns)
        a2Row = Array(repeating: 0, count: base.a2Sum.columns)
        rowLogs = base.rowLogs
    }

    var batch: Double { Double(base.x.rows) }
    var numpy: NumPyFunctions { base.network.numpy }

    /// The loss with the row losses as they now are: NumPy's pairwise sum.
    func total() -> Double { -NumPyFunctions.sum(rowLogs) / batch }

    /// Row r's log-probability of its label, from z1 row r as in `z1Row`:
    /// all of a2's row, or only its column `changedColumn` (the others are
    /// the baseline's).
    mutating func rowLog(_ r: Int, changedColumn: Int? = nil) -> Double {
        let n = base.a2Sum.columns
        let hidden = base.z1.columns
        let second = base.second
        z1Row.withUnsafeBufferPointer { z in
            a2Row.withUnsafeMutableBufferPointer { out in
                if let c = changedColumn {
                    for k in 0..<n { out[k] = base.a2Sum[r, k] }
                    out[c] = w2Columns.scalars.withUnsafeBufferPointer { w in
                        second.entry(row: z.baseAddress!, w.baseAddress!, bk: 1, bj: hidden, i: r, j: c)
                    }
                } else {
                    base.network.W2.scalars.withUnsafeBufferPointer { w in second.row(z.baseAddress!, w.baseAddress!, i: r, into: out.baseAddress!) }
                }
                for k in 0..<n { out[k] = out[k] + b2[k] }
            }
        }
        return numpy.logProbability(a2Row, label: base.labels[r], delta: base.network.delta)
    }

    mutating func loadZ1Row(_ r: Int) {
        let hidden = base.z1.columns
        for j in 0..<hidden { z1Row[j] = base.z1.scalars[r * hidden + j] }
    }

    /// Loss with W1[i, j] (index i·hidden + j) set to `value`.
    mutating func lossWithW1(_ index: Int, _ value: Double) -> Double {
        let hidden = base.z1.columns
        let (i, j) = (index / hidden, index % hidden)
        let inputs = base.x.columns
        let saved = w1Columns.scalars[j * inputs + i]
        w1Columns.scalars[j * inputs + i] = value
        defer { w1Columns.scalars[j * inputs + i] = saved }
        let rows = base.rowsUsing[i]
        if rows.isEmpty { return total() }
        if sums.count < rows.count { sums = Array(repeating: 0, count: rows.count) }
        let first = base.first
        base.x.scalars.withUnsafeBufferPointer { x in
            w1Columns.scalars.withUnsafeBufferPointer { w in
                rows.withUnsafeBufferPointer { rows in
                    sums.withUnsafeMutableBufferPointer { out in
                        if let chains = base.chains[j] {
                            chains.nudged(
                                x.baseAddress!, column: w.baseAddress! + j * inputs, bStride: 1, k: i, value: value, rows: rows,
                                into: out.baseAddress!)
                        } else {
                            first.column(x.baseAddress!, w.baseAddress!, bk: 1, bj: inputs, j: j, rows: rows, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
        for (q, r) in rows.enumerated() {
            loadZ1Row(r)
            z1Row[j] = base.network.activate(sums[q] + b1[j])
            rowLogs[r] = rowLog(r)
        }
        let loss = total()
        for r in rows { rowLogs[r] = base.rowLogs[r] }
        return loss
    }

    /// Loss with b1[j] set to `value`: unit j of every row.
    mutating func lossWithB1(_ j: Int, _ value: Double) -> Double {
        for r in 0..<base.x.rows {
            loadZ1Row(r)
            z1Row[j] = base.network.activate(base.a1Sum[r, j] + value)
            rowLogs[r] = rowLog(r)
        }
        let loss = total()
        rowLogs = base.rowLogs
        return loss
    }

    /// Loss with W2[j, c] (index j·output + c) set to `value`: output c of every row.
    mutating func lossWithW2(_ index: Int, _ value: Double) -> Double {
        let n = base.a2Sum.columns
        let hidden = base.z1.columns
        let (j, c) = (index / n, index % n)
        let saved = w2Columns.scalars[c * hidden + j]
        w2Columns.scalars[c * hidden + j] = value
        defer { w2Columns.scalars[c * hidden + j] = saved }
        for r in 0..<base.x.rows {
            loadZ1Row(r)
            rowLogs[r] = rowLog(r, changedColumn: c)
        }
        let loss = total()
        rowLogs = base.rowLogs
        return loss
    }

    /// Loss with b2[c] set to `value`.
    mutating func lossWithB2(_ c: Int, _ value: Double) -> Double {
        let saved = b2[c]
        b2[c] = value
        defer { b2[c] = saved }
        let n = base.a2Sum.columns
        for r in 0..<base.x.rows {
            for k in 0..<n { a2Row[k] = base.a2Sum[r, k] + b2[k] }
            rowLogs[r] = numpy.logProbability(a2Row, label: base.labels[r], delta: base.network.delta)
        }
        let loss = total()
        rowLogs = base.rowLogs
        return loss
    }
}

/// Results written by several threads at distinct indices.
final class UnsafeResults: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Double>
    init(count: Int) { buffer = .allocate(capacity: count) }
    deinit { buffer.deallocate() }
    func set(_ index: Int, _ value: Double) { buffer[index] = value }
    var values: [Double] { Array(buffer) }
}
