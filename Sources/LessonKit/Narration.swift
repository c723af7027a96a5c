/// A lesson's explanation for learners, kept beside its code so that a new
/// lesson brings its own story. Written once per language.
public struct Narration: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case english = "en"
        case chinese = "zh"

        /// The language a locale asks for: `zh_*` gives Chinese, anything else
        /// English. `LC_ALL` wins over `LANG`, as in POSIX.
        public static func fromEnvironment(_ environment: [String: String]) -> Language {
            let locale =
                [environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"]]
                .compactMap { $0 }.first { !$0.isEmpty } ?? ""
            return locale.lowercased().hasPrefix("zh") ? .chinese : .english
        }
    }

    public let english: String
    public let chinese: String

    public init(english: String = "", chinese: String = "") {
        self.english = english
        self.chinese = chinese
    }

    public func text(in language: Language) -> String {
        switch language {
        case .english: return english
        case .chinese: return chinese.isEmpty ? english : chinese
        }
    }
}

extension Narration {
    /// `text` with each paragraph refilled to `width` columns.
    ///
    /// A paragraph is a run of lines that do not start with a space; its
    /// lines are joined (with a space between words, none between Chinese
    /// characters) and broken again before `width`. Indented lines (formulas)
    /// and blank lines are kept as they are. Chinese characters count two
    /// columns and a line may break between any two of them, but never
    /// before closing punctuation (，。）” …) or after opening (（“).
    public static func wrapped(_ text: String, width: Int) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += fill(paragraph, width: width) }
            paragraph = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty || line.first == " " {
                flush()
                out.append(line)
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// Items joined by commas for a note, the middle left out past `limit`:
    /// "a, b, c, …, x, y, z (1000 in all)", or "…, z（共 1000 个）". Inside
    /// parentheses of its own (`enclosed`), the count follows a semicolon
    /// instead: "(a, b, c, …, x, y, z; 1000 in all)". A note is read, not
    /// parsed: the whole list is in the outputs.
    public static func listed(_ items: [String], in language: Language, enclosed: Bool = false, limit: Int = 8) -> String {
        listed(items, in: language, enclosed: enclosed, limit: limit) { $0 }
    }

    /// ``listed(_:in:enclosed:limit:)`` of `items` written by `describe`,
    /// which only the items shown are given to (a thousand numbers are not
    /// formatted to show six).
    public static func listed<Items: RandomAccessCollection>(
        _ items: Items, in language: Language, enclosed: Bool = false, limit: Int = 8, _ describe: (Items.Element) -> String
    ) -> String {
        guard items.count > limit else { return items.map(describe).joined(separator: ", ") }
        let side = max(limit / 2 - 1, 1)
        let shown = (items.prefix(side).map(describe) + ["…"] + items.suffix(side).map(describe)).joined(separator: ", ")
        switch (language, enclosed) {
        case (.english, false): return shown + " (\(items.count) in all)"
        case (.english, true): return shown + "; \(items.count) in all"
        case (.chinese, false): return shown + "（共 \(items.count) 个）"
        case (.chinese, true): return shown + "；共 \(items.count) 个"
        }
    }

    /// The columns `text` takes in a terminal: two for wide (East Asian) characters.
    public static func columns(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) } }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            return true
        default: return false
        }
    }

    // Single scalars, not Characters: hashing a Character normalises it,
    // and a narration is wrapped at every run.
    private static let closing = Set("，。、：；？！）」』”’,.;:?!)".unicodeScalars)
    private static let opening = Set("（「『“‘(".unicodeScalars)
    private static let operators = Set("+-=<>·/×≈←".unicodeScalars)

    /// Greedy fill of one paragraph's lines.
    private static func fill(_ lines: [String], width: Int) -> [String] {
        // Units a line may break before; `space` says a space precedes it.
        var units: [(text: String, space: Bool)] = []
        var pendingSpace = false
        // The first scalar of the previous character, if any.
        var previousScalar: Unicode.Scalar?
        /// A character's scalar when it is a single one (every character the
        /// sets above hold is).
        func single(_ character: Character) -> Unicode.Scalar? {
            let scalars = character.unicodeScalars
            return scalars.count == 1 ? scalars.first : nil
        }
        for character in lines.joined(separator: "\n") {
            if character == " " || character == "\n" {
                pendingSpace = true
                continue
            }
            let first = character.unicodeScalars.first!
            let wide = isWide(first)
            let previousWide = previousScalar.map(isWide) ?? false
            // A line break between two Chinese characters joins them without a space.
            let space = pendingSpace && !(wide && previousWide)
            let glued =
                previousScalar != nil && !space && !pendingSpace
                && (single(character).map(closing.contains) == true || previousLastIsOpening(units) || (!wide && !previousWide))
            if glued { units[units.count - 1].text.append(character) } else { units.append((String(character), space)) }
            previousScalar = first
            pendingSpace = false
        }
        /// Whether the last unit ends with an opening bracket or quote.
        func previousLastIsOpening(_ units: [(text: String, space: Bool)]) -> Bool {
            guard let last = units.last?.text.last, let scalar = single(last) else { return false }
            return opening.contains(scalar)
        }
        // An operator standing alone (x + h, lr = 0.1, 0.5 < lr) keeps its
        // operands on its line: the three units become one.
        var merged: [(text: String, space: Bool)] = []
        var joinNext = false
        for unit in units {
            let isOperator =
                unit.space && unit.text.count <= 2 && unit.text.allSatisfy { single($0).map(operators.contains) == true } && !merged.isEmpty
            if isOperator || joinNext, !merged.isEmpty {
                merged[merged.count - 1].text += (unit.space ? " " : "") + unit.text
            } else {
                merged.append(unit)
            }
            joinNext = isOperator
        }
        var result: [String] = []
        var line = ""
        var lineColumns = 0
        for unit in merged {
            // Columns add up scalar by scalar: the line's are kept, not recounted.
            let unitColumns = columns(unit.text)
            let joined = lineColumns + (unit.space ? 1 : 0) + unitColumns
            if line.isEmpty || joined > width {
                if !line.isEmpty { result.append(line) }
                line = unit.text
                lineColumns = unitColumns
            } else {
                line += (unit.space ? " " : "") + unit.text
                lineColumns = joined
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }
}
