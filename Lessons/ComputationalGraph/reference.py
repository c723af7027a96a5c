"""NumPy reference for computational-graph: the book's multiply and add
layers (chapter 5, layer_naive.py) on its apple-and-orange bill
(buy_apple_orange.py), forward and backward, in the book's order."""
import oracle

LESSON = "computational-graph"


class Multiply:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        # Each input gets the upstream gradient times the other input.
        return dout * self.y, dout * self.x


class Add:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


def run(seed, parameters):
    number = oracle.number
    apple, apple_num = number(parameters["apple"]), number(parameters["apple_num"])
    orange, orange_num = number(parameters["orange"]), number(parameters["orange_num"])
    tax = number(parameters["tax"])

    apple_node, orange_node, add_node, tax_node = Multiply(), Multiply(), Add(), Multiply()
    apple_price = apple_node.forward(apple, apple_num)
    orange_price = orange_node.forward(orange, orange_num)
    all_price = add_node.forward(apple_price, orange_price)
    price = tax_node.forward(all_price, tax)

    dall_price, dtax = tax_node.backward(1)
    dapple_price, dorange_price = add_node.backward(dall_price)
    dorange, dorange_num = orange_node.backward(dorange_price)
    dapple, dapple_num = apple_node.backward(dapple_price)
    return {
        "price": price, "dApple": dapple, "dApple_num": dapple_num,
        "dOrange": dorange, "dOrange_num": dorange_num, "dTax": dtax,
    }
