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
                With delta = 0 its gradient has a closed form, dW[i, j] = x[i] · (y[j] - t[j]): a
                weight multiplies its input x[i], and the score it feeds pulls y[j] toward t[j]. So
                y[j] - t[j] is negative in the label's column and positive in the others, and x[i]
                sets each row's sign: with a positive x[i] raising a label weight lowers the loss,
                with a negative x[i] it raises it.
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
                即 -log(y[label] + delta)。delta = 0 时它的梯度有闭式解 dW[i, j] = x[i] · (y[j] - t[j])：
                权重乘以它的输入 x[i]，它所影响的得分把 y[j] 推向 t[j]。所以 y[j] - t[j] 在标签那一列为负、
                在其余各列为正，而 x[i] 决定每一行的符号：x[i] 为正时增大标签列的权重会降低损失，
                x[i] 为负时反而会提高损失。
                书中把 W 印到 8 位小数，然后印出 dW。用印出的 W 运行：只有 delta = 0 时，dW 的各位
                数字才能重现。用书里自己的 1e-7 时，第 7 位会变，因为 y[label] + 1e-7 使损失大约
                移动 1e-7 / y[label]，而这一移动在 w + h 与 w - h 之间并不抵消。书中的 dW 是用另一个
                损失算出来的，并不是书里写出的那一个。
                """)
    }

    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        let dW = run[Outputs.dW].scalars
        guard let t = run[Parameters.t]?.scalars, let x = run[Parameters.x]?.scalars else { return [] }
        let label = Self.argmax(t)
        let sums: [Double] = (0..<2).map { (i: Int) -> Double in 0 + dW[i * 3] + dW[i * 3 + 1] + dW[i * 3 + 2] }
        var notes: [String] = []
        if dW.allSatisfy(\.isFinite) {
            let row = sums.map { Figure.short($0) }.joined(separator: SimpleNetGradient.phrasebook(" and ", in: language))
            notes.append(
                SimpleNetGradient.phrasebook("Each row of dW adds up to about 0 ({0}): adding the same amount to the three weights of row i moves all three scores by x[i] times it, which softmax ignores, so the loss cannot change along that direction.", row, in: language)
            )
            let closed = Self.closedForm(run)
            // One line, so the note wraps as prose: NumPy's repr with its line breaks and padding folded.
            let shown = closed.map { scalars in
                NumPyFormat.arrayRepr(Tensor(shape: [2, 3], scalars: scalars)).reduce(into: "") { line, character in
                    if character.isWhitespace {
                        if let last = line.last, last != " ", last != "[" { line.append(" ") }
                    } else {
                        line.append(character)
                    }
                }
            }
            let differs = zip(dW, closed ?? []).map { abs($0 - $1) / max(abs($1), .leastNormalMagnitude) }.max() ?? 0
            if let shown {
                let delta = run[Parameters.delta] ?? 1e-7
                let why =
                    delta == 0
                    ? (SimpleNetGradient.phrasebook("by the central difference's own error", in: language))
                    : (SimpleNetGradient.phrasebook("mostly by the delta = {0} inside the log, which the closed form leaves out", Figure.short(delta), in: language))
                notes.append(
                    SimpleNetGradient.phrasebook("In closed form dW[i, j] = x[i] · (y[j] − t[j]) = {0}; the numerical dW differs from it by at most {1} of each value, {2}.", shown, Figure.short(differs), why, in: language))
            }
            // The label's column has the sign of -x[i]: x[i] · (y[label] - 1).
            for (i, xi) in x.enumerated() where xi != 0 {
                let negative = xi > 0
                notes.append(
                    negative
                        ? SimpleNetGradient.phrasebook("dW[{0}, {1}] (the label's column) is negative because x[{0}] = {2} is positive: raising w[{0}, {1}] raises y[{1}] and so lowers the loss.", i, label, Figure.short(xi), in: language)
                        : SimpleNetGradient.phrasebook("dW[{0}, {1}] (the label's column) is positive because x[{0}] = {2} is negative: raising w[{0}, {1}] lowers y[{1}] and so raises the loss.", i, label, Figure.short(xi), in: language))
            }
        }
        if t.contains(where: { $0 != 0 && $0 != 1 }) || t.reduce(0, +) != 1 {
            notes.append(
                SimpleNetGradient.phrasebook("t is not one-hot; the book's loss uses only its argmax, class {0}.", label, in: language))
        }
        return notes
    }

    /// dW in closed form, x[i] · (y[j] − onehot(label)[j]) with y = softmax(x · w):
    /// the gradient of −log y[label], without delta.
    public static func closedForm(_ run: Run) -> [Double]? {
        guard let t = run[Parameters.t]?.scalars, let x = run[Parameters.x]?.scalars else { return nil }
        let w = Matrix(rows: 2, columns: 3, scalars: run[Outputs.w].scalars)
        let numpy = NumPyFunctions(run.arithmetic)
        let y = softmax(dot(Matrix(rows: 1, columns: 2, scalars: x), w, order: run.arithmetic.products).scalars, numpy)
        let label = argmax(t)
        return (0..<6).map { index in x[index / 3] * (y[index % 3] - (index % 3 == label ? 1 : 0)) }
    }

    /// Per weight: the two losses and their difference, then dW.
    public func trace(_ run: Run) -> Trace? {
        guard let h = run[Parameters.h], let delta = run[Parameters.delta],
            let x = run[Parameters.x]?.scalars, let t = run[Parameters.t]?.scalars
        else { return nil }
        var w = Matrix(rows: 2, columns: 3, scalars: run[Outputs.w].scalars)
        let input = Matrix(rows: 1, columns: 2, scalars: x)
        let label = Self.argmax(t)
        func loss(_ w: Matrix) -> Double { Self.loss(w, x: input, label: label, delta: delta, arithmetic: run.arithmetic) }
        var rows: [[String]] = []
        let closed = Self.closedForm(run)
        for index in 0..<6 {
            let saved = w.scalars[index]
            w.scalars[index] = saved + h
            let up = loss(w)
            w.scalars[index] = saved - h
            let down = loss(w)
            w.scalars[index] = saved
            rows.append([
                "[\(index / 3), \(index % 3)]", NumPyFormat.pythonRepr(up), NumPyFormat.pythonRepr(down),
                NumPyFormat.pythonRepr(up - down), NumPyFormat.pythonRepr(run[Outputs.dW].scalars[index]),
                closed.map { NumPyFormat.pythonRepr($0[index]) } ?? "",
            ])
        }
        return Trace(
            columns: ["w[i, j]", "loss(w + h)", "loss(w - h)", "difference", "dW = difference / 2h", "x[i] · (y[j] − t[j])"], rows: rows,
            note: "weights in C order, as the loop visits them; the last column is dW in closed form, without delta")
    }
}

extension SimpleNetGradient {
    /// The title, figure and table phrases in Chinese.
    public var glossary: Glossary {
        Glossary([
            "the numerical gradient of SimpleNet's loss with respect to its weights": "SimpleNet 的损失对权重的数值梯度",
            "gradient_simplenet, after ": "gradient_simplenet，接在 ",
            "; dW = ∂loss/∂w, one cell per weight": "；dW = ∂loss/∂w，每个权重一格",
            "column j of w (score of class j)": "w 的第 j 列（类别 j 的得分）",
            "row i of w, which multiplies x[i]": "w 的第 i 行，与 x[i] 相乘",
            "dW > 0: a larger w[i, j] raises the loss": "dW > 0：增大 w[i, j] 会提高损失",
            "dW < 0: a larger w[i, j] lowers it": "dW < 0：增大 w[i, j] 会降低损失",
            "some dW are not finite: the loss overflowed at w ± h": "有些 dW 不是有限值：损失在 w ± h 处溢出",
            "weights in C order, as the loop visits them; the last column is dW in closed form, without delta": "权重按 C 顺序排列，与循环访问的顺序相同；最后一列是 dW 的闭式解，不含 delta",
            "dW = difference / 2h": "dW = 差 / 2h",
            "difference": "差",
            "class ": "类别 ",
        ])
    }
}
