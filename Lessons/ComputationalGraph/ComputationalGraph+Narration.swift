import LessonKit
import Plot

extension ComputationalGraph {
    public var narration: Narration {
        Narration(
            english: """
                Backpropagation is the chain rule, done node by node on a graph. The bill: two
                apples at 100 and three oranges at 150, then a tax factor of 1.1. Forward, each
                node computes its output from its inputs: 100 · 2 = 200, 150 · 3 = 450,
                200 + 450 = 650, 650 · 1.1 = 715.0000000000001.

                Backward, the question is how much the price changes when one input changes. Each
                node takes the derivative arriving from above (dout, 1 at the price) and hands it on,
                multiplied by its own local derivative:

                    multiply node x · y:  dx = dout · y,  dy = dout · x      (the inputs swap)
                    add node x + y:       dx = dout,      dy = dout          (passed on unchanged)

                So one more apple raises the price by dApple_num = 1.1 · 100 ≈ 110, and one unit more on
                the apple's price raises it by dApple = 1.1 · 2 = 2.2. Every derivative costs one multiplication, however many
                inputs there are: the numerical gradient of chapter 4 would run the whole bill twice
                per input. The book prints some results through int(), so 715.0000000000001 shows as
                715 and 110.00000000000001 as 110; 1.1 · 3 shows as 3.3000000000000003.
                """,
            chinese: """
                反向传播就是在图上一个节点一个节点地运用链式法则。账单：两个苹果，每个 100；三个橘子，
                每个 150；再乘以税率 1.1。正向时，每个节点由输入算出输出：100 · 2 = 200，150 · 3 = 450，
                200 + 450 = 650，650 · 1.1 = 715.0000000000001。

                反向时要问的是：某个输入变一点，价格变多少。每个节点接过上游传来的导数（dout，在价格处
                为 1），乘上自己的局部导数，再传下去：

                    乘法节点 x · y：dx = dout · y，dy = dout · x      （输入互换）
                    加法节点 x + y：dx = dout，    dy = dout          （原样传下去）

                所以多买一个苹果，价格增加 dApple_num = 1.1 · 100 ≈ 110；苹果单价每高 1，价格增加 dApple = 1.1 · 2 = 2.2。
                不论输入有多少，每个导数只需一次乘法；第 4 章的数值梯度则要为每个输入把整张账单算两遍。
                书中用 int() 打印部分结果，所以 715.0000000000001 显示为 715，110.00000000000001 显示为
                110；1.1 · 3 显示为 3.3000000000000003。
                """)
    }

    /// Which input moves the price most, per unit, and the check against a
    /// numerical derivative of the same bill.
    public func notes(_ run: Run, language: Narration.Language) -> [String] {
        guard let apple = run[Parameters.apple], let appleNum = run[Parameters.apple_num], let orange = run[Parameters.orange],
            let orangeNum = run[Parameters.orange_num], let tax = run[Parameters.tax]
        else { return [] }
        let names = ["apple", "apple_num", "orange", "orange_num", "tax"]
        let backprop = [
            run[Outputs.dApple].scalar, run[Outputs.dApple_num].scalar, run[Outputs.dOrange].scalar, run[Outputs.dOrange_num].scalar,
            run[Outputs.dTax].scalar,
        ]
        // The same derivatives by central difference on the forward bill alone.
        let inputs = [apple, appleNum, orange, orangeNum, tax]
        func price(_ v: [Double]) -> Double { Self.graph(apple: v[0], appleNum: v[1], orange: v[2], orangeNum: v[3], tax: v[4]).price }
        let h = 1e-4
        let numerical = inputs.indices.map { i -> Double in
            var up = inputs, down = inputs
            up[i] += h
            down[i] -= h
            return (price(up) - price(down)) / (2 * h)
        }
        let worst = zip(backprop, numerical).map { abs($0 - $1) / max(abs($0), 1) }.max() ?? 0
        guard let largest = backprop.indices.max(by: { abs(backprop[$0]) < abs(backprop[$1]) }) else { return [] }
        return [
            ComputationalGraph.phrasebook("The price moves most with {0}: {1} per unit. Each derivative took one multiplication backward.", names[largest], Figure.short(backprop[largest]), in: language),
            ComputationalGraph.phrasebook("A central difference (h = 1e-4) on the forward bill gives the same derivatives to {0} of their size: backward and numerical agree, and the graph needed 5 × 2 forward runs for the numerical ones.", Figure.short(worst), in: language),
        ]
    }

    /// Node by node: the forward value, then the gradient arriving from above
    /// and what the node hands to each input.
    public func trace(_ run: Run) -> Trace? {
        guard let apple = run[Parameters.apple], let appleNum = run[Parameters.apple_num], let orange = run[Parameters.orange],
            let orangeNum = run[Parameters.orange_num], let tax = run[Parameters.tax]
        else { return nil }
        let v = Self.graph(apple: apple, appleNum: appleNum, orange: orange, orangeNum: orangeNum, tax: tax)
        let r = NumPyFormat.pythonRepr
        let rows = [
            ["4: all_price × tax", r(v.price), "1", "d all_price = \(r(v.dAllPrice)), d tax = \(r(v.dTax))"],
            ["3: apple_price + orange_price", r(v.allPrice), r(v.dAllPrice), "d apple_price = \(r(v.dApplePrice)), d orange_price = \(r(v.dOrangePrice))"],
            ["2: orange × orange_num", r(v.orangePrice), r(v.dOrangePrice), "d orange = \(r(v.dOrange)), d orange_num = \(r(v.dOrangeNum))"],
            ["1: apple × apple_num", r(v.applePrice), r(v.dApplePrice), "d apple = \(r(v.dApple)), d apple_num = \(r(v.dAppleNum))"],
        ]
        return Trace(
            columns: ["node", "forward", "dout", "backward to its inputs"], rows: rows,
            note: "backward runs from the price down: node 4, 3, 2, 1")
    }

    /// The phrases of the title, figure and table in Chinese.
    public var glossary: Glossary {
        Glossary([
            "a shopping bill as a computational graph, forward and backward": "把购物账单画成计算图，正向与反向",
            "buy_apple_orange, chapter 5": "buy_apple_orange，第 5 章",
            "The bill as a computational graph": "账单的计算图",
            "each edge: its forward value above, the derivative of the price by it below": "每条边：上方是正向的值，下方是价格对它的导数",
            "forward value": "正向的值", "derivative of the price": "价格的导数",
            "backward runs from the price down: node 4, 3, 2, 1": "反向从价格往下：节点 4、3、2、1",
            "backward to its inputs": "传给输入的导数", "node": "节点", "forward": "正向",
        ])
    }
}
