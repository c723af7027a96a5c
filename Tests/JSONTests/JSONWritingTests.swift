import NumPyMath
import NumPyRandom
import Testing

@testable import JSON
@testable import NumPyText

/// Writing JSON (JSON.swift's serializer and NumPyFormat's number printing).
struct JSONWritingTests {
    @Test func randomDoublesOfEveryMagnitudeReadBackToTheSameBits() throws {
        var rng = RandomState(seed: 9)
        let values = (0..<5_000).map { _ in Double(bitPattern: rng.nextUInt64()) }.filter(\.isFinite)
        let text = JSON.array(values.map(JSON.double)).serialized()
        let back = try #require(try JSON(parsing: text).tensorValue)
        #expect(back.scalars.map(\.bitPattern) == values.map(\.bitPattern))
        // Each number is Python's repr: the same text as the digit-by-digit formatter's.
        for x in values.prefix(1000) {
            let digits = NumPyFormat.withShortestDigits(x) { digits, _, _ in String(decoding: digits, as: UTF8.self) }
            let text = NumPyFormat.pythonRepr(x)
            let mantissa = text.split(separator: "e")[0].filter(\.isNumber).drop { $0 == "0" }
            let trimmed = mantissa.count > 1 ? String(mantissa.reversed().drop { $0 == "0" }.reversed()) : String(mantissa)
            #expect(trimmed == digits || (digits == "0" && trimmed.isEmpty), "\(text)")
        }
    }

    @Test func indentedTextKeepsRowsOnOneLine() {
        let value = JSON.object([("history", .tensor(Tensor(rows: [[1, 2], [3, 0.5]]))), ("empty", .array([])), ("n", .integer(3))])
        #expect(
            value.serialized(indent: 2) == """
                {
                  "history": [
                    [1.0, 2.0],
                    [3.0, 0.5]
                  ],
                  "empty": [],
                  "n": 3
                }
                """)
        #expect(value.serialized() == #"{"history":[[1.0,2.0],[3.0,0.5]],"empty":[],"n":3}"#)
    }
}
