import Testing

@testable import LessonKit

/// How `--set` values are read: numbers that fit a double, lists without
/// holes, and messages that say what was expected, quoting a short excerpt.
struct ParameterParsingTests {
    @Test(arguments: [
        ("1,", ParameterValue.self, "x: '1,' is not a list of numbers: item 2 of 2 is empty (write 1,2 or [1, 2])"),
        ("1,,2", ParameterValue.self, "x: '1,,2' is not a list of numbers: item 2 of 3 is empty (write 1,2 or [1, 2])"),
        ("1e400", ParameterValue.self, "x: '1e400' is not a number a double can hold: it overflows to infinity (write inf for that)"),
        ("-1e309,2", ParameterValue.self, "x: '-1e309' is not a number a double can hold: it overflows to infinity (write inf for that)"),
        ("1e-400", ParameterValue.self, "x: '1e-400' is not a number a double can hold: it underflows to 0 (write 0 for that)"),
        ("0x10", ParameterValue.self, "x: '0x10' is not a number (such as 3, -0.5, 1e-4, inf or nan)"),
    ])
    func badNumbersSayWhatWasExpected(_ text: String, _: ParameterValue.Type, _ message: String) {
        do {
            _ = try ParameterValue(parsing: text, as: .vector, for: "x")
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func infinityNaNZeroAndSubnormalsStayTheWayToAskForThem() throws {
        let values = try #require(try ParameterValue(parsing: "inf, -inf, nan, 0, 0e-500, 5e-324", as: .vector, for: "x").tensor)
        #expect(values.scalars[0] == .infinity && values.scalars[1] == -.infinity && values.scalars[2].isNaN)
        #expect(values.scalars[3] == 0 && values.scalars[4] == 0 && values.scalars[5] == .leastNonzeroMagnitude)
    }

    @Test func aHugeOrMultiLineValueIsQuotedAsAShortExcerpt() {
        for text in [String(repeating: "7", count: 100_000), "1\n2", "[1,\n" + String(repeating: "x", count: 10_000) + "]"] {
            do {
                _ = try ParameterValue(parsing: text, as: .number, for: "h")
                Issue.record("accepted")
            } catch {
                #expect(!error.description.contains("\n"))
                #expect(error.description.count < 300, "\(error.description.count) characters")
            }
        }
    }
}
