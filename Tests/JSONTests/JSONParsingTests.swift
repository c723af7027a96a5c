import Foundation
import NumPyMath
import Testing

@testable import JSON

/// The reader's limits: linear time, bounded depth and size, and numbers a
/// double can hold, each refusal naming where in the document it happened.
struct JSONParsingTests {
    @Test func escapesParseInLinearTime() throws {
        // 200 000 escapes, then ten times as many: the time grows about tenfold.
        func seconds(_ count: Int) throws -> Double {
            let text = "[\"" + String(repeating: "\\n", count: count) + "\\u00e9\"]"
            let start = Date()
            let value = try JSON(parsing: text)
            #expect(value.arrayValue?.first?.stringValue?.count == count + 1)
            return Date().timeIntervalSince(start)
        }
        let small = try seconds(200_000)
        let large = try seconds(2_000_000)
        #expect(large < max(small, 0.02) * 30, "2M escapes took \(large) s, 200k took \(small) s")
    }

    @Test(arguments: [
        ("{\"a\": [1, 1e400]}", "the number 1e400 is too large for a double (it would read as infinity) (at a[1], byte 10)"),
        ("{\"a\": {\"b\": -1e309}}", "the number -1e309 is too large for a double (it would read as infinity) (at a.b, byte 12)"),
        ("[1e-400]", "the number 1e-400 is too small for a double (it would read as 0) (at [0], byte 1)"),
        ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\" (byte 9)"),
        ("[" + String(repeating: "9", count: 1001) + "]", "a number of 1001 characters is longer than any double needs (at [0], byte 1)"),
    ])
    func outOfRangeNumbersAndDuplicatesAreRefusedWithTheirPlace(_ text: String, _ message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: text) }
        do {
            _ = try JSON(parsing: text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func zerosAndTinyNumbersThatFitAreKept() throws {
        #expect(try JSON(parsing: "[0e400, 0.0e-999, -0, 5e-324]") == .array([.number(0), .number(0), .number(-0.0), .number(.leastNonzeroMagnitude)]))
        #expect(try JSON(parsing: "-0").doubleValue?.sign == .minus)
        #expect(try JSON(parsing: "9223372036854775807") == .integer(.max))
        #expect(try JSON(parsing: "9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try JSON(parsing: "-9223372036854775808") == .integer(.min))
        // One past Int64.min reads as the nearest double, -2^63.
        #expect(try JSON(parsing: "-9223372036854775809") == .number(-0x1p63))
    }

    /// Decimals read in and around Clinger's fast path (up to 19 significant
    /// digits, powers of ten within ±22) and past it, each against
    /// `Double(String)`, which reads with strtod: the same double, bit for bit.
    @Test func decimalsReadAsStrtodReadsThem() throws {
        var state: UInt64 = 0x5EED_0D0C_2026_1129
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var texts: [String] = []
        for _ in 0..<20_000 {
            // Two draws of 16 digits: mantissas of 17 to 20 digits, past 2^53
            // and past the fast path's 19, come up too.
            let digits = (String(next()) + String(next())).prefix(Int(1 + next() % 20))
            let point = Int(next() % UInt64(digits.count + 1))
            var text = (next() % 2 == 0 ? "-" : "") + digits.prefix(point) + (point < digits.count ? "." + digits.dropFirst(point) : "")
            if text.hasPrefix(".") || text.hasPrefix("-.") { text = text.replacingOccurrences(of: ".", with: "0.") }
            if next() % 2 == 0 { text += "e\(Int(next() % 61) - 30)" }
            texts.append(text)
        }
        texts += [
            "9007199254740993.0", "9007199254740995e1", "18446744073709551617.0", "9007199254740992e22", "1e22", "1e23", "4.35e-22",
            "123456789012345678.9", "0.000001",
        ]
        let parsed = try JSON(parsing: "[" + texts.joined(separator: ",") + "]").arrayValue ?? []
        try #require(parsed.count == texts.count)
        let differing = zip(texts, parsed).filter { text, json in json.doubleValue?.bitPattern != Double(text)?.bitPattern }
        #expect(differing.isEmpty, "\(differing.count) differ, such as \(differing.prefix(3).map(\.0))")
    }

    @Test func depthAndSizeAreBounded() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: deep) }
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: "\"" + String(repeating: "x", count: 100) + "\"", maxLength: 64) }
        #expect(try JSON(parsing: String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).arrayValue != nil)
    }

    @Test func surrogatePairsAndEscapesDecode() throws {
        #expect(try JSON(parsing: #""\ud83d\ude00\t\u00e9\/""#) == .string("😀\té/"))
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: #""\ud83d""#) }
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: "\"a\nb\"") }
    }
}
