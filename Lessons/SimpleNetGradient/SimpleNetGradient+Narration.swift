import LessonKit
import NumPyMath
import Plot

extension SimpleNetGradient {
    public var narration: Narration {
        Narration(
            english: """
                SimpleNet's loss is a function of its six weights. Its gradient dW says, for each
                weight w[i, j], how fast the loss changes when that weight alone moves:

                    dW[i, j] = (loss(w[i, j] + h) - loss(w[i, j] - h)) / (2h)

                The loop visits the weights in C order (row by row), nudges one in place, takes the
                loss twice and puts the weight back, exactly as the gradient lesson did for a point.
                The loss reads the one-hot t as a label: only y[label] enters, -log(y[label] + delta).
                So the column of the right class gets negative entries (raising those weights raises
                its score and lowers the loss) and the other columns positive ones. Row i is scaled by
                x[i]: a weight multiplies its input, so its gradient does too.
                The book printed W to 8 digits and then dW. Run with the printed W: the dW digits
                come back only with delta = 0. With the book's own 1e-7 inside the log, the 7th digit
                moves, because y[label] + 1e-7 shifts the loss by about 1e-7 / y[label], and that
                shift does not cancel between w + h and w - h. The book's dW was computed with
                another loss than the one it shows.
                """,
            chinese: """
                SimpleNet 的损失是六个权重的函数。梯度 dW 对每个权重 w[i, j] 给出：只动这一个权重时，
                损失变化得有多快：

                    dW[i, j] = (loss(w[i, j] + h) - loss(w[i, j] - h)) / (2h)

                循环按 C 顺序（一行接一行）访问权重，原地把一个权重挪动一下，算两次损失，再把它放回，
                和梯度一课对一个点所做的完全一样。损失把独热的 t 读作标签：只有 y[label] 参与，
                即 -log(y[label] + delta)。所以正确类别那一列的分量为负（增大这些权重会提高该类
                得分、降低损失），其余各列为正。第 i 行按 x[i] 缩放：权重乘以它的输入，梯度也一样。
                书中把 W 印到 8 位小数，然后印出 dW。用印出的 W 运行：只有 delta = 0 时，dW 的各位
                数字才能重现。用书里自己的 1e-7 时，第 7 位会变，因为 y[label] + 1e-7 使损失大约
                移动 1e-7 / y[label]，而这一移动在 w + h 与 w - h 之间并不抵消。书中的 dW 是用另一个
                损失算出来的，并不是书里写出的那一个。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let dW = run.output("dW").scalars
        guard let t = run.parameter("t")?.tensor?.scalars else { return [] }
        let label = Self.argmax(t)
        let sums: [Double] = (0..<2).map { (i: Int) -> Double in 0 + dW[i * 3] + dW[i * 3 + 1] + dW[i * 3 + 2] }
        let english = language == .english
        var notes: [String] = []
        if dW.allSatisfy(\.isFinite) {
            let row = sums.map { Figure.short($0) }.joined(separator: english ? " and " : " 和 ")
            notes.append(
                english
                    ? "Each row of dW adds up to about 0 (\(row)): adding the same amount to all three scores of a row leaves softmax unchanged, so the loss cannot change along that direction."
                    : "dW 每一行的和都约为 0（\(row)）：给一行的三个得分加上同一个数，softmax 不变，所以损失沿这个方向不会变化。"
            )
            notes.append(
                english
                    ? "Column \(label) (the label) is negative: raising those weights raises y[\(label)] and lowers the loss."
                    : "第 \(label) 列（标签所在列）为负：增大这些权重会提高 y[\(label)]，降低损失。")
        }
        if t.contains(where: { $0 != 0 && $0 != 1 }) || t.reduce(0, +) != 1 {
            notes.append(
                english
                    ? "t is not one-hot; the book's loss uses only its argmax, class \(label)."
                    : "t 不是独热向量；书中的损失只用它的 argmax，即第 \(label) 类。")
        }
        return notes
    }

    /// Per weight: the two losses and their difference, then dW.
    public func trace(_ run: Run) -> Trace? {
        guard let h = run.parameter("h")?.number, let delta = run.parameter("delta")?.number,
            let x = run.parameter("x")?.tensor?.scalars, let t = run.parameter("t")?.tensor?.scalars
        else { return nil }
        var w = Matrix(rows: 2, columns: 3, scalars: run.output("w").scalars)
        let input = Matrix(rows: 1, columns: 2, scalars: x)
        let label = Self.argmax(t)
        func loss(_ w: Matrix) -> Double { Self.loss(w, x: input, label: label, delta: delta, arithmetic: run.arithmetic) }
        var rows: [[String]] = []
        for index in 0..<6 {
            let saved = w.scalars[index]
            w.scalars[index] = saved + h
            let up = loss(w)
            w.scalars[index] = saved - h
            let down = loss(w)
            w.scalars[index] = saved
            rows.append([
                "[\(index / 3), \(index % 3)]", NumPyFormat.pythonRepr(up), NumPyFormat.pythonRepr(down),
                NumPyFormat.pythonRepr(up - down), NumPyFormat.pythonRepr(run.output("dW").scalars[index]),
            ])
        }
        return Trace(
            columns: ["w[i, j]", "loss(w + h)", "loss(w - h)", "difference", "dW = difference / 2h"], rows: rows,
            note: "weights in C order, as the loop visits them")
    }
}
