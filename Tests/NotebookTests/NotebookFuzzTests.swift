import Foundation
import TestSupport
import Testing

/// Random edits of what the packaged notebook printed, in both its forms
/// (the text export and the .ipynb), from a fixed seed: a changed digit, a
/// dropped or added character, a sign, the same value in the other notation
/// (positional for scientific and back), and edits of the layout alone
/// (spaces, a line broken after a comma as NumPy breaks long arrays).
/// `lessons notebook` must pass exactly the layout edits: a printed value
/// is NumPy's text for the lesson's value or it is refused. Each check runs
/// in process; the whole test takes seconds.
struct NotebookFuzzTests {
    static let seed: UInt64 = 0xF0CC_AC1A_2026_1207

    /// The printed values the lessons compare, and each in the other notation.
    static let values: [(text: String, other: String)] = [
        ("23.000000000052978", "2.3000000000052978e+01"),
        ("array([14.,  6., 10.])", "array([1.4e+01, 6.0e+00, 1.0e+01])"),
        ("array([6.72221872e-09, 4.07407195e-09])", "array([0.00000001, 0.        ])"),
    ]

    enum Kind: CaseIterable { case layout, digit, drop, add, sign, notation }

    /// One edit of `text`: the edited text and whether only its layout changed.
    static func edit(_ value: (text: String, other: String), _ kind: Kind, _ rng: inout SplitMix64) -> (String, layoutOnly: Bool)? {
        var characters = Array(value.text)
        switch kind {
        case .layout:
            let commas = characters.indices.filter { characters[$0] == "," }
            if let comma = commas.randomElement(using: &rng), rng.below(2) == 0 {
                characters.insert(contentsOf: "\n       ", at: comma + 1)
            } else {
                characters.append(contentsOf: "   ")
            }
            return (String(characters), true)
        case .digit:
            guard let at = characters.indices.filter({ characters[$0].isNumber }).randomElement(using: &rng) else { return nil }
            let digit = characters[at].wholeNumberValue!
            characters[at] = Character(String((digit + 1 + rng.below(9)) % 10))
            return (String(characters), false)
        case .drop:
            guard let at = characters.indices.filter({ !characters[$0].isWhitespace }).randomElement(using: &rng) else { return nil }
            characters.remove(at: at)
            return (String(characters), false)
        case .add:
            characters.insert(Array("0123456789.e-")[rng.below(13)], at: rng.below(characters.count + 1))
            return (String(characters), false)
        case .sign:
            guard let at = characters.indices.first(where: { characters[$0].isNumber }) else { return nil }
            characters.insert("-", at: at)
            return (String(characters), false)
        case .notation:
            return (value.other, false)
        }
    }

    @Test(arguments: ["chapter4.txt", "chapter4.ipynb"])
    func onlyLayoutEditsOfPrintedValuesPass(_ form: String) throws {
        let ipynb = form.hasSuffix(".ipynb")
        let original = ipynb ? try packagedIpynbContents() : try packagedTextContents()
        var rng = SplitMix64(seed: Self.seed &+ (ipynb ? 1 : 0))
        let scratch = try Scratch()
        let start = Date()
        var (passed, failed) = (0, 0)
        for trial in 0..<120 {
            let value = Self.values[rng.below(Self.values.count)]
            let kind = Kind.allCases[rng.below(Kind.allCases.count)]
            guard let (edited, layoutOnly) = Self.edit(value, kind, &rng), edited != value.text else { continue }
            // In the .ipynb the text sits in a JSON string.
            let written = ipynb ? edited.replacingOccurrences(of: "\n", with: "\\n") : edited
            let file = try scratch.write("t\(trial)-" + form, original.replacingFirst(value.text, with: written))
            let outcome = lessons("notebook", file.path, "derivative", "gradient", "descent")
            #expect(outcome.status == (layoutOnly ? 0 : 1), "trial \(trial), \(kind): \(edited.debugDescription) → \(outcome.status): \(outcome.out.suffix(300))\(outcome.err)")
            if outcome.status == 0 { passed += 1 } else { failed += 1 }
        }
        #expect(passed > 10 && failed > 60)
        #expect(Date().timeIntervalSince(start) < 60)
    }
}

