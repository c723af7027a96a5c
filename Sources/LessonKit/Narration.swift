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
