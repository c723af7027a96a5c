/// The words of a lesson's figures and tables in another language: phrase
/// pairs, English first, applied longest phrase first to any text, so that
/// "loss per step" is taken before "loss". Numbers and formulas between
/// the phrases pass through unchanged.
///
/// A lesson's narration and notes are written in each language whole; its
/// figure titles, axis labels, legends, table columns and table notes are
/// built from phrases and numbers, and a glossary translates those.
public struct Glossary: Sendable {
    public let pairs: [(english: String, chinese: String)]

    public init(_ pairs: KeyValuePairs<String, String>) {
        self.pairs = pairs.map { ($0.key, $0.value) }.sorted { $0.english.count > $1.english.count }
    }

    public init(pairs: [(english: String, chinese: String)]) {
        self.pairs = pairs.sorted { $0.english.count > $1.english.count }
    }

    /// This glossary's phrases, then `other`'s (which a longer phrase here
    /// still takes first).
    public func adding(_ other: Glossary) -> Glossary { Glossary(pairs: pairs + other.pairs) }

    /// `text` with every phrase replaced, longest first; a replaced part is
    /// not looked at again.
    public func chinese(_ text: String) -> String {
        guard !pairs.isEmpty, !text.isEmpty else { return text }
        var out = ""
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            for pair in pairs where !pair.english.isEmpty && rest.hasPrefix(pair.english) {
                out += pair.chinese
                rest = rest.dropFirst(pair.english.count)
                continue outer
            }
            out.append(rest.removeFirst())
        }
        return out
    }

    /// The words every lesson's header shares: where it comes from.
    public static let common = Glossary([
        "notebook In [": "笔记本 In [",
        "the book's ": "书中的 ",
        "drawn from the seeded RNG (see the output below)": "由设了种子的随机数生成器抽取（见下面的输出）",
        "drawn from the seeded RNG": "由设了种子的随机数生成器抽取",
    ])
}
