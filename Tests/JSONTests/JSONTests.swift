import NumPyMath
import Testing

@testable import JSON

struct JSONTests {
    @Test func numbersRoundTripToTheSameBits() throws {
        let values: [Double] = [0.1, 1e-300, .leastNonzeroMagnitude, 6.7222187218403284e-09, -0.0, 1.7976931348623157e308, 23.000000000052978]
        let text = JSON.array(values.map(JSON.double)).serialized()
        let back = try #require(try JSON(parsing: text).tensorValue)
        #expect(back.scalars.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func nonFiniteValuesTravelAsStrings() throws {
        let text = JSON.tensor(Tensor(vector: [.nan, .infinity, -.infinity])).serialized()
        #expect(text == #"["nan","inf","-inf"]"#)
        let back = try #require(try JSON(parsing: text).tensorValue)
        #expect(back.scalars[0].isNaN && back.scalars[1] == .infinity && back.scalars[2] == -.infinity)
    }

    @Test func sortedKeysGiveStableText() {
        let value = JSON.object([("b", .integer(2)), ("a", .array([.bool(true), .null])), ("é", .string("q\"\n"))])
        #expect(value.serialized(sortedKeys: true) == #"{"a":[true,null],"b":2,"é":"q\"\n"}"#)
        #expect(value.serialized() == #"{"b":2,"a":[true,null],"é":"q\"\n"}"#)
    }

    @Test func matricesReadBackWithTheirShape() throws {
        let t = try #require(try JSON(parsing: "[[1, 2, 3], [4, 5, 6]]").tensorValue)
        #expect(t.shape == [2, 3])
        #expect(try JSON(parsing: "[[1, 2], [3]]").tensorValue == nil)
    }

    @Test(arguments: [
        "", "[1,", "{\"a\" 1}", "[01]", "\"abc", "[1] x", "{\"a\":1,\"a\":2}", "nul", "[1.]", String(repeating: "[", count: 100),
    ])
    func malformedTextIsRefused(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: text) }
    }
}
