import Testing

@testable import Notebook

struct PrintedValuesTests {
    @Test func printsAreSplitIntoValues() {
        #expect(
            PrintedValues.split("[[ 0.79417551  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]\n1.9870735326459652\n")
                == ["[[ 0.79417551  1.69591862 -0.02072039]\n [ 0.82302452  0.50197766  1.4669881 ]]", "1.9870735326459652"])
        #expect(PrintedValues.split("array([14.,  6., 10.])") == ["array([14.,  6., 10.])"])
        #expect(PrintedValues.split("np.float64(1.9870735326459652)") == ["1.9870735326459652"])
        #expect(PrintedValues.split("array([1.,\n       2.])") == ["array([1.,\n 2.])"])
    }

    @Test(arguments: ["", "True", "hello", "array([1., 2.]", "[1, x]", "(1, 2)", "array([1, 2], dtype=int32)"])
    func textThatIsNotAPrintedNumberIsNot(_ text: String) {
        #expect(PrintedValues.split(text) == nil)
    }

    @Test func aValueCutShortIsSeen() {
        #expect(PrintedValues.isCutShort("[[ 0.79417551  1.695"))
        #expect(PrintedValues.isCutShort("array([14.,"))
        #expect(!PrintedValues.isCutShort("array([14.])"))
        #expect(!PrintedValues.isCutShort("x = [1,"))
    }

    @Test func textLongerThanAnyNumPyPrintIsNotAValue() {
        let long = "array([" + String(repeating: "1., ", count: 60_000) + "2.])"
        #expect(PrintedValues.split(long) == nil)
    }
}
