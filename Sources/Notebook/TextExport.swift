import LessonKit

/// The text export of a notebook, as kept in `Fixtures/notebook/`: each code
/// cell starts with a line `In [N]:` (`In [ ]:` for one that never ran),
/// followed by its code, then — after a blank line — what it printed, then
/// any markdown up to the next `In [N]:`. Lines before the first `In [N]:`
/// are markdown.
///
/// Where the code stops is read from the paragraphs (runs of lines between
/// blank lines) after the first: the first one that reads entirely as
/// printed values (``PrintedValues``) or starts a traceback is the output;
/// one that starts with a letter outside ASCII (prose, such as the
/// notebook's Chinese notes) starts the markdown; any other paragraph is
/// more code. A cell whose code mentions `print(` printed to standard
/// output; otherwise its output was the value of its last expression.
/// Jupyter's own prompts are read too: `In[N]:`, and `Out[N]:` before a
/// result, on its line or the line above it.
enum TextExport {
    static func read(_ text: String, file: String) throws(NotebookError) -> Notebook {
        let lines = Self.lines(text)
        var headers: [(line: Int, count: Int?)] = []
        for (number, line) in lines.enumerated() {
            guard let count = try header(line, file: file, lineNumber: number + 1) else { continue }
            headers.append((number, count.value))
        }
        guard let first = headers.first else {
            throw .invalid(file: file, reason: "no 'In [N]:' line, so neither an nbformat 4 notebook nor a text export")
        }
        guard headers.count <= Notebook.cellLimit else {
            throw .invalid(file: file, reason: "\(headers.count) code cells, more than the \(Notebook.cellLimit) a notebook is read with")
        }
        var cells: [Cell] = []
        appendMarkdown(lines[0..<first.line], to: &cells)
        for (position, header) in headers.enumerated() {
            let end = position + 1 < headers.count ? headers[position + 1].line : lines.count
            let isLast = position + 1 == headers.count
            try readCell(lines[(header.line + 1)..<end], count: header.count, isLast: isLast, file: file, into: &cells)
        }
        return Notebook(format: .text, cells: cells)
    }

    /// The lines of `text`, split on `\n` with a `\r` before it dropped, in
    /// one pass over the UTF-8 bytes (splitting by characters is slow on
    /// megabytes of text).
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            let bytes = line.last == 0x0D ? line.dropLast() : line[...]
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The line without ASCII white space at either end.
    static func trimmed(_ line: String) -> String {
        let bytes = line.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0C || b == 0x0D || b == 0x0A }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(line[start...end])
    }

    /// The count of an `In [N]:` line, nil inside for `In [ ]:`; nil for any other line.
    private static func header(_ line: String, file: String, lineNumber: Int) throws(NotebookError) -> (value: Int?, Void)? {
        guard line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: "I") else { return nil }
        let trimmed = Self.trimmed(line)
        guard trimmed.hasPrefix("In [") || trimmed.hasPrefix("In["), trimmed.hasSuffix("]:") else { return nil }
        let inside = String(trimmed.drop { $0 != "[" }.dropFirst().dropLast(2)).trimmingWhitespace()
        if inside.isEmpty { return (nil, ()) }
        guard inside.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard inside.count <= 9, let count = Int(inside) else {
            throw .invalid(file: file, reason: "line \(lineNumber): execution count \(excerpt(inside, limit: 20)) is out of range")
        }
        return (count, ())
    }

    private static func appendMarkdown(_ lines: ArraySlice<String>, to cells: inout [Cell]) {
        let text = lines.joined(separator: "\n").trimmingWhitespace()
        if !text.isEmpty { cells.append(Cell(kind: .markdown, source: text)) }
    }

    /// Reads one cell of the text export: its source and its printed output,
    /// told apart by the layout rules it applies in one pass over the region.
    private static func readCell(
        _ region: ArraySlice<String>, count: Int?, isLast: Bool, file: String, into cells: inout [Cell]
    ) throws(NotebookError) {
        // Paragraphs: runs of non-blank lines, as index ranges into `region`.
        var paragraphs: [Range<Int>] = []
        var start: Int?
        for index in region.indices {
            let blank = region[index].utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0C || $0 == 0x0D }
            if !blank, start == nil { start = index }
            if blank, let s = start {
                paragraphs.append(s..<index)
                start = nil
            }
        }
        if let s = start { paragraphs.append(s..<region.endIndex) }
        guard let firstParagraph = paragraphs.first else {
            cells.append(Cell(kind: .code, executionCount: count, source: ""))
            return
        }
        var codeEnd = firstParagraph.upperBound
        var outputs: [CellOutput] = []
        var markdownStart = region.endIndex
        let label = "In [\(count.map(String.init) ?? " ")]"
        var position = 1
        scan: while position < paragraphs.count {
            let paragraph = paragraphs[position]
            let firstLine = Self.trimmed(region[paragraph.lowerBound])
            if let rest = outPrompt(firstLine) {
                // Copied from Jupyter's page: `Out[263]: 23.000000000052978`.
                let text = ([rest] + region[paragraph].dropFirst()).joined(separator: "\n")
                outputs.append(.result(Self.trimmed(text)))
                markdownStart = position + 1 < paragraphs.count ? paragraphs[position + 1].lowerBound : region.endIndex
                break scan
            }
            let mayBeOutput = PrintedValues.mayStart(firstLine)
            let text = mayBeOutput ? region[paragraph].joined(separator: "\n") : ""
            if startsTraceback(firstLine) {
                var last = position
                while last < paragraphs.count, !paragraphs[last].contains(where: { isExceptionLine(region[$0]) }) { last += 1 }
                last = min(last, paragraphs.count - 1)
                let exception = paragraphs[position...last].flatMap { $0 }.last { isExceptionLine(region[$0]) }.map { region[$0] }
                let (name, value) = split(exception: exception ?? "Error")
                outputs.append(.error(name, value))
                markdownStart = last + 1 < paragraphs.count ? paragraphs[last + 1].lowerBound : region.endIndex
                break scan
            }
            if mayBeOutput, PrintedValues.split(text) != nil || PrintedValues.looksPrinted(firstLine) && !PrintedValues.isCutShort(text) {
                let code = region[firstParagraph.lowerBound..<codeEnd].joined(separator: "\n")
                outputs.append(code.contains("print(") ? .stream("stdout", text + "\n") : .result(text))
                markdownStart = position + 1 < paragraphs.count ? paragraphs[position + 1].lowerBound : region.endIndex
                break scan
            }
            if mayBeOutput, PrintedValues.isCutShort(text) {
                let whereCut =
                    isLast && position == paragraphs.count - 1 ? "the file ends inside it (truncated?)" : "its brackets never close"
                throw .invalid(file: file, reason: "\(label) prints \"\(excerpt(text))\" but \(whereCut)")
            }
            if isProse(firstLine) {
                markdownStart = paragraph.lowerBound
                break scan
            }
            codeEnd = paragraph.upperBound
            position += 1
        }
        let code = region[firstParagraph.lowerBound..<codeEnd].joined(separator: "\n")
        cells.append(Cell(kind: .code, executionCount: count, source: code, outputs: outputs))
        appendMarkdown(region[markdownStart...], to: &cells)
    }

    /// What follows `Out[N]:` on a line that starts with it; nil for any other line.
    private static func outPrompt(_ line: String) -> String? {
        guard line.hasPrefix("Out[") || line.hasPrefix("Out ["), let close = line.firstRange(of: "]:") else { return nil }
        let inside = line[line.index(after: line.firstIndex(of: "[")!)..<close.lowerBound].trimmingPrefix(" ")
        guard inside.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Self.trimmed(String(line[close.upperBound...]))
    }

    /// Whether a line reads as prose rather than Python: it starts with a
    /// letter outside ASCII (the notebook's Chinese notes), or it is four
    /// words or more with none of Python's `=()[]{}:` and no keyword first
    /// (`The gradient points uphill.`, not `import numpy as np`).
    static func isProse(_ line: String) -> Bool {
        guard let first = line.first else { return false }
        if !first.isASCII { return first.isLetter }
        guard first.isLetter, !line.utf8.contains(where: { pythonMarks.contains($0) }) else { return false }
        let words = line.split(separator: " ", maxSplits: 4)
        return words.count >= 4 && !pythonKeywords.contains(String(words[0]))
    }

    private static let pythonMarks = Set("=()[]{}:#@\\".utf8)
    private static let pythonKeywords: Set<String> = [
        "import", "from", "return", "pass", "del", "raise", "assert", "global", "nonlocal", "print", "yield", "await", "break", "continue",
        "not", "lambda", "async", "with", "for", "while", "if", "elif", "else", "try", "except", "finally", "def", "class",
    ]

    /// IPython's rule of dashes, or Python's own first traceback line.
    private static func startsTraceback(_ line: String) -> Bool {
        (line.count >= 10 && line.allSatisfy { $0 == "-" }) || line.hasPrefix("Traceback (most recent call last)")
    }

    /// `NameError: name 'x' is not defined` at the start of a line.
    private static func isExceptionLine(_ line: String) -> Bool {
        guard let first = line.first, first.isLetter, !line.contains("Traceback (most recent call last)") else { return false }
        let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        return ["Error", "Exception", "Interrupt", "Exit"].contains { name.hasSuffix($0) }
            && (name.count == line.count || line[name.endIndex] == ":")
    }

    private static func split(exception line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingWhitespace())
    }
}
