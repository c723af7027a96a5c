/// One lesson's sentences in both languages, as a table.
///
/// The code that picks a sentence writes it once, in English, with numbered
/// places for its values (`"x never moved in {0}."`); the table gives the
/// same sentence in Chinese, whose places may come in another order or use
/// other values of the same call (`"{1} 步中 x 一次也没有移动。"`). A
/// sentence missing from the table prints in English; a test checks that
/// every sentence a lesson writes is in its table and that the table holds
/// nothing else.
public struct Phrasebook: Sendable {
    /// Chinese by English.
    public let chinese: [String: String]

    public init(_ pairs: KeyValuePairs<String, String>) {
        chinese = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The sentence `english` in `language`, each `{n}` replaced by
    /// `values[n]` as string interpolation writes it.
    public func callAsFunction(_ english: String, _ values: Any..., in language: Narration.Language) -> String {
        let template = language == .chinese ? chinese[english] ?? english : english
        return Self.filling(template, values)
    }

    /// `template` with each `{n}` (n < `values.count`) replaced; other braces stay.
    static func filling(_ template: String, _ values: [Any]) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let digits = rest[rest.index(after: open)...].prefix { $0.isASCII && $0.isNumber }
            let close = digits.endIndex
            if !digits.isEmpty, close < rest.endIndex, rest[close] == "}", let n = Int(digits), n < values.count {
                out += String(describing: values[n])
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        return out + rest
    }
}
