import Testing

@testable import Terminal

struct ExcerptTests {
    @Test func controlCharactersBecomeEscapesAndLongTextIsCut() {
        #expect("a\nb\tc\u{1b}".excerpt() == "a\\nb\\tc\\u{1b}")
        #expect(String(repeating: "9", count: 5000).excerpt() == String(repeating: "9", count: 48) + "…(4952 more bytes)")
        #expect("short".excerpt() == "short")
        #expect("é".excerpt(limit: 0) == "…(2 more bytes)")
    }
}
