import Testing

@testable import Terminal

struct TerminalTextTests {
    @Test func paragraphsAreRefilledAndFormulasKept() {
        let text = "one two three\nfour five six seven\n\n    f(x) = x^2 + 3*x + 100, a formula longer than the width\nnext paragraph"
        #expect(
            TerminalText.wrapped(text, width: 14) == """
                one two three
                four five six
                seven

                    f(x) = x^2 + 3*x + 100, a formula longer than the width
                next paragraph
                """)
    }

    @Test func chineseBreaksBetweenCharactersButNotBeforeClosingPunctuation() {
        let text = "梯度下降沿着下坡方向一步步走，寻找函数的最小值。"
        let lines = TerminalText.wrapped(text, width: 10).split(separator: "\n").map(String.init)
        #expect(lines.joined() == text)
        for line in lines {
            #expect(TerminalText.columns(line) <= 10 || line.count == 1)
            #expect(!line.hasPrefix("，") && !line.hasPrefix("。"))
        }
        // A line break between two Chinese characters in the source joins them without a space.
        #expect(TerminalText.wrapped("最小\n值", width: 80) == "最小值")
        #expect(TerminalText.wrapped("lr\n是", width: 80) == "lr 是")
    }

    @Test func anOperatorKeepsItsOperandsOnItsLine() {
        let lines = TerminalText.wrapped("so that the point x + h rounds back", width: 20).split(separator: "\n")
        #expect(lines == ["so that the point", "x + h rounds back"])
    }

    /// A combining mark or a decomposed Hangul syllable's vowel never starts a
    /// line: it stays with the character it belongs to, wide or not.
    @Test func marksStayWithTheirCharacter() {
        let text = "梯度下降法中\u{301}文字中\u{301}文字 e\u{301}te\u{301} \u{1100}\u{1161}\u{11A8}\u{1100}\u{1161}\u{11A8}\u{1100}\u{1161}"
        for width in 4...14 {
            let lines = TerminalText.wrapped(text, width: width).split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines {
                let first = line.unicodeScalars.first.map { TerminalText.isExtending($0) } ?? false
                #expect(!first, "width \(width): a line starts with a mark: \(line.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TerminalText.columns("abc") == 3)
        #expect(TerminalText.columns("梯度 lr") == 7)
    }
}
