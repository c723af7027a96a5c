import LessonKit

/// The book's computational graph of a shopping bill (chapter 5,
/// buy_apple_orange.py): multiply and add nodes, forward to the price and
/// backward to the derivative of the price by every input.
///
/// ```
/// (1) apple_price  = apple · apple_num        (2) orange_price = orange · orange_num
/// (3) all_price    = apple_price + orange_price
/// (4) price        = all_price · tax
/// backward, from dprice = 1:
/// (4) dall_price = dprice · tax,  dtax = dprice · all_price     -- a multiply node swaps its inputs
/// (3) dapple_price = dall_price · 1,  dorange_price = dall_price · 1   -- an add node passes it on
/// (2) dorange = dorange_price · orange_num,  dorange_num = dorange_price · orange
/// (1) dapple = dapple_price · apple_num,  dapple_num = dapple_price · apple
/// ```
/// One rounding per node, in this order, as the book's Python does it:
/// `dOrange` is 1.1 · 3 = 3.3000000000000003 there and here.
public struct ComputationalGraph: Lesson {
    public init() {}

    public enum Parameters {
        public static let apple = Input<Double>.number("apple", default: "100", "the price of one apple")
        public static let apple_num = Input<Double>.number("apple_num", default: "2", "how many apples")
        public static let orange = Input<Double>.number("orange", default: "150", "the price of one orange")
        public static let orange_num = Input<Double>.number("orange_num", default: "3", "how many oranges")
        public static let tax = Input<Double>.number("tax", default: "1.1", "the tax factor")
    }

    public enum Outputs {
        public static let price = OutputKey("price")
        public static let dApple = OutputKey("dApple")
        public static let dApple_num = OutputKey("dApple_num")
        public static let dOrange = OutputKey("dOrange")
        public static let dOrange_num = OutputKey("dOrange_num")
        public static let dTax = OutputKey("dTax")
    }

    public static let configuration = LessonConfiguration(
        id: "computational-graph", title: "a shopping bill as a computational graph, forward and backward",
        source: "the book's buy_apple_orange, chapter 5",
        parameters: [Parameters.apple, Parameters.apple_num, Parameters.orange, Parameters.orange_num, Parameters.tax],
        outputs: [Outputs.price, Outputs.dApple, Outputs.dApple_num, Outputs.dOrange, Outputs.dOrange_num, Outputs.dTax],
        // Scalar products and sums only.
        arithmeticParts: [])

    public let checks = LessonChecks(
        // The book prints the price and the two counts' derivatives through int().
        book: [
            BookCase(
                "buy_apple: two apples, tax 1.1", source: "buy_apple.py", settings: ["orange_num=0"],
                printed: [("price", "220"), ("dApple", "2.2"), ("dApple_num", "110"), ("dTax", "200")]),
            BookCase(
                "buy_apple_orange: two apples and three oranges", source: "buy_apple_orange.py",
                printed: [
                    ("price", "715"), ("dApple", "2.2"), ("dApple_num", "110"), ("dOrange", "3.3000000000000003"),
                    ("dOrange_num", "165"), ("dTax", "650"),
                ]),
        ],
        examples: [
            Example("the book's bill"),
            Example("apples only", settings: ["orange_num=0"]),
            Example("fractions everywhere", settings: ["apple=0.3", "apple_num=7", "orange=1.7", "orange_num=0.1", "tax=1.08"]),
        ],
        variation: { rng in
            Example(
                "varied",
                settings: [
                    "apple=\(rng.uniform(0, 300))", "apple_num=\(rng.integer(0...20))", "orange=\(rng.uniform(0, 300))",
                    "orange_num=\(rng.integer(0...20))", "tax=\(rng.uniform(1, 1.3))",
                ])
        })

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let graph = Self.graph(inputs)
        return [
            Output(Outputs.price, Tensor(scalar: graph.price)), Output(Outputs.dApple, Tensor(scalar: graph.dApple)),
            Output(Outputs.dApple_num, Tensor(scalar: graph.dAppleNum)), Output(Outputs.dOrange, Tensor(scalar: graph.dOrange)),
            Output(Outputs.dOrange_num, Tensor(scalar: graph.dOrangeNum)), Output(Outputs.dTax, Tensor(scalar: graph.dTax)),
        ]
    }

    /// Every value the graph holds, forward and backward.
    struct Values {
        var applePrice, orangePrice, allPrice, price: Double
        var dAllPrice, dTax, dApplePrice, dOrangePrice, dApple, dAppleNum, dOrange, dOrangeNum: Double
    }

    /// The four nodes forward, then backward from dprice = 1.
    static func graph(_ inputs: Inputs) -> Values {
        graph(
            apple: inputs[Parameters.apple], appleNum: inputs[Parameters.apple_num], orange: inputs[Parameters.orange],
            orangeNum: inputs[Parameters.orange_num], tax: inputs[Parameters.tax])
    }

    static func graph(apple: Double, appleNum: Double, orange: Double, orangeNum: Double, tax: Double) -> Values {
        let applePrice = Multiply.forward(apple, appleNum)
        let orangePrice = Multiply.forward(orange, orangeNum)
        let allPrice = Add.forward(applePrice, orangePrice)
        let price = Multiply.forward(allPrice, tax)
        let dPrice = 1.0
        let (dAllPrice, dTax) = Multiply.backward(dPrice, x: allPrice, y: tax)
        let (dApplePrice, dOrangePrice) = Add.backward(dAllPrice)
        let (dOrange, dOrangeNum) = Multiply.backward(dOrangePrice, x: orange, y: orangeNum)
        let (dApple, dAppleNum) = Multiply.backward(dApplePrice, x: apple, y: appleNum)
        return Values(
            applePrice: applePrice, orangePrice: orangePrice, allPrice: allPrice, price: price, dAllPrice: dAllPrice, dTax: dTax,
            dApplePrice: dApplePrice, dOrangePrice: dOrangePrice, dApple: dApple, dAppleNum: dAppleNum, dOrange: dOrange,
            dOrangeNum: dOrangeNum)
    }

    /// A multiply node: forward x · y; backward hands each input the upstream
    /// gradient times the *other* input (∂(xy)/∂x = y).
    enum Multiply {
        static func forward(_ x: Double, _ y: Double) -> Double { x * y }
        static func backward(_ dout: Double, x: Double, y: Double) -> (dx: Double, dy: Double) { (dout * y, dout * x) }
    }

    /// An add node: forward x + y; backward passes the upstream gradient to
    /// both inputs unchanged (∂(x + y)/∂x = 1).
    enum Add {
        static func forward(_ x: Double, _ y: Double) -> Double { x + y }
        static func backward(_ dout: Double) -> (dx: Double, dy: Double) { (dout * 1, dout * 1) }
    }
}
