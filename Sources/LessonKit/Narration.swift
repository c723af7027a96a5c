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

    /// "1 step", "3 steps": a count and its English noun, for notes and figures.
    public static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
