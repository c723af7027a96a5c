import LessonKit
import Testing

struct PhrasebookTests {
    let book = Phrasebook([
        "x moved {0} in {1}.": "{2} 步中 x 移动了 {0}。",
        "Diverged at step {0}, from {1} to {1}.": "第 {0} 步发散：从 {1} 到 {1}。",
    ])

    /// English fills its own places; Chinese may reorder them and use other
    /// values of the same call; a value prints as string interpolation does.
    @Test func placesTakeTheirValuesInEitherLanguage() {
        #expect(book("x moved {0} in {1}.", "0.5", "3 steps", 3, in: .english) == "x moved 0.5 in 3 steps.")
        #expect(book("x moved {0} in {1}.", "0.5", "3 steps", 3, in: .chinese) == "3 步中 x 移动了 0.5。")
        #expect(book("Diverged at step {0}, from {1} to {1}.", 7, 0.1, in: .english) == "Diverged at step 7, from 0.1 to 0.1.")
        #expect(book("Diverged at step {0}, from {1} to {1}.", 7, 0.1, in: .chinese) == "第 7 步发散：从 0.1 到 0.1。")
    }

    /// A sentence the table lacks prints in English; braces that are not a
    /// place of a given value stay as they are.
    @Test func missingSentencesAndOtherBracesStay() {
        #expect(book("not in the table {0}", "x", in: .chinese) == "not in the table x")
        #expect(book("{2} {} {x} {0", "a", in: .english) == "{2} {} {x} {0")
        #expect(book("{0}{0}", "ab", in: .english) == "abab")
    }
}
