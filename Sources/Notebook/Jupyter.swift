import LessonKit

/// nbformat 4: the JSON a Jupyter `.ipynb` file holds.
///
/// Read: `cells` (each with `cell_type`, `source` as a string or a list of
/// lines, and for code cells `execution_count` and `outputs`), `nbformat`
/// (must be 4). Outputs: `execute_result` and `display_data` (their
/// `text/plain`), `stream` (`name`, `text`) and `error` (`ename`, `evalue`).
/// Anything else (metadata, images, widgets) is ignored.
enum Jupyter {
    /// Deeper nesting than any notebook needs (outputs sit at depth 6).
    static let maxDepth = 64

    /// Reads `text` with the package's JSON reader (``JSON/init(parsing:maxDepth:maxLength:)``:
    /// linear in the text, escapes included, with the nesting limit above).
    static func read(_ text: String, file: String) throws(NotebookError) -> Notebook {
        let json: JSON
        do { json = try JSON(parsing: text, maxDepth: maxDepth) } catch {
            // Reading stopped at the very end: the file was cut short. The
            // path is cut to 40 characters, so the line stays short.
            let truncated = error.offset >= text.utf8.count ? "the file ends inside a value (truncated?): " : ""
            let path = error.path.isEmpty ? "" : "at \(excerpt(error.path, limit: 40)), "
            throw .badJSON(file: file, reason: truncated + "\(error.reason) (\(path)byte \(error.offset))")
        }
        func bad(_ reason: String) -> NotebookError { .invalid(file: file, reason: reason) }
        guard json.objectValue != nil else { throw bad("the top level is not a JSON object") }
        switch json["nbformat"] {
        case .integer(4)?: break
        case let value?: throw .wrongFormat(file: file, found: excerpt(value.serialized(), limit: 20))
        case nil: throw .wrongFormat(file: file, found: "missing (no \"nbformat\" key)")
        }
        guard let items = json["cells"]?.arrayValue else { throw bad("no \"cells\" array") }
        guard items.count <= Notebook.cellLimit else {
            throw bad("\(items.count) cells, more than the \(Notebook.cellLimit) a notebook is read with")
        }
        var cells: [Cell] = []
        for (index, item) in items.enumerated() {
            cells.append(try cell(item, fail: { bad("cell \(index + 1): \($0)") }))
        }
        return Notebook(format: .ipynb, cells: cells)
    }

    private static func cell(_ json: JSON, fail: (String) -> NotebookError) throws(NotebookError) -> Cell {
        guard json.objectValue != nil else { throw fail("not an object") }
        guard let type = json["cell_type"]?.stringValue else { throw fail("no \"cell_type\" string") }
        guard let kind = Cell.Kind(rawValue: type) else { throw fail("unknown cell_type \"\(excerpt(type, limit: 20))\"") }
        guard let source = multiline(json["source"]) else { throw fail("\"source\" must be a string or a list of strings") }
        guard kind == .code else { return Cell(kind: kind, source: source) }
        var count: Int?
        switch json["execution_count"] {
        case .integer(let n)? where n >= 0 && n < 1_000_000_000: count = Int(n)
        case .null?, nil: count = nil
        case let value?:
            throw fail("\"execution_count\" must be a whole number from 0 or null, not \(excerpt(value.serialized(), limit: 20))")
        }
        guard let outputItems = json["outputs"]?.arrayValue else { throw fail("a code cell needs an \"outputs\" array") }
        var outputs: [CellOutput] = []
        for (index, item) in outputItems.enumerated() {
            if let output = try output(item, fail: { fail("output \(index + 1): \($0)") }) { outputs.append(output) }
        }
        return Cell(kind: .code, executionCount: count, source: source, outputs: outputs)
    }

    private static func output(_ json: JSON, fail: (String) -> NotebookError) throws(NotebookError) -> CellOutput? {
        guard json.objectValue != nil else { throw fail("not an object") }
        guard let type = json["output_type"]?.stringValue else { throw fail("no \"output_type\" string") }
        switch type {
        case "execute_result", "display_data":
            guard let data = json["data"], data.objectValue != nil else { throw fail("\(type) without a \"data\" object") }
            // An image or HTML without text/plain has nothing to compare.
            guard let plain = data["text/plain"] else { return nil }
            guard let text = multiline(plain) else { throw fail("\"text/plain\" must be a string or a list of strings") }
            return type == "execute_result" ? .result(text) : .display(text)
        case "stream":
            guard let name = json["name"]?.stringValue, name == "stdout" || name == "stderr" else {
                throw fail("a stream needs \"name\" stdout or stderr")
            }
            guard let text = multiline(json["text"]) else { throw fail("\"text\" must be a string or a list of strings") }
            return .stream(name, text)
        case "error":
            guard let name = json["ename"]?.stringValue, let value = json["evalue"]?.stringValue else {
                throw fail("an error needs \"ename\" and \"evalue\" strings")
            }
            return .error(name, value)
        default:
            throw fail("unknown output_type \"\(excerpt(type, limit: 20))\"")
        }
    }

    /// nbformat's multi-line strings: one string, or a list of lines to join.
    private static func multiline(_ json: JSON?) -> String? {
        switch json {
        case .string(let s)?: return s
        case .array(let items)?:
            var text = ""
            for item in items {
                guard let line = item.stringValue else { return nil }
                text += line
            }
            return text
        default: return nil
        }
    }

    /// The notebook as nbformat 4.4 JSON, as Jupyter writes it: sorted keys,
    /// one-space indent, multi-line strings as lists of lines.
    static func write(_ notebook: Notebook) -> String {
        func lines(_ text: String) -> JSON {
            var items: [JSON] = []
            var current = ""
            for character in text {
                current.append(character)
                if character == "\n" {
                    items.append(.string(current))
                    current = ""
                }
            }
            if !current.isEmpty { items.append(.string(current)) }
            return .array(items)
        }
        let cells: [JSON] = notebook.cells.map { cell in
            var pairs: [(String, JSON)] = [
                ("cell_type", .string(cell.kind.rawValue)), ("metadata", .object([])), ("source", lines(cell.source)),
            ]
            guard cell.kind == .code else { return .object(pairs) }
            let count: JSON = cell.executionCount.map { .integer(Int64($0)) } ?? .null
            pairs.append(("execution_count", count))
            pairs.append(
                (
                    "outputs",
                    .array(
                        cell.outputs.map { output in
                            switch output {
                            case .result(let text):
                                return .object([
                                    ("output_type", .string("execute_result")), ("execution_count", count),
                                    ("data", .object([("text/plain", lines(text))])), ("metadata", .object([])),
                                ])
                            case .display(let text):
                                return .object([
                                    ("output_type", .string("display_data")), ("data", .object([("text/plain", lines(text))])),
                                    ("metadata", .object([])),
                                ])
                            case .stream(let name, let text):
                                return .object([("output_type", .string("stream")), ("name", .string(name)), ("text", lines(text))])
                            case .error(let name, let value):
                                return .object([
                                    ("output_type", .string("error")), ("ename", .string(name)), ("evalue", .string(value)),
                                    ("traceback", .array([])),
                                ])
                            }
                        })
                ))
            return .object(pairs)
        }
        let metadata: JSON = .object([
            (
                "kernelspec",
                .object([("display_name", .string("Python 3")), ("language", .string("python")), ("name", .string("python3"))])
            ),
            ("language_info", .object([("name", .string("python"))])),
        ])
        let root: JSON = .object([
            ("cells", .array(cells)), ("metadata", metadata), ("nbformat", .integer(4)), ("nbformat_minor", .integer(4)),
        ])
        return root.serialized(sortedKeys: true, indent: 1) + "\n"
    }
}

extension Notebook {
    /// The notebook as an nbformat 4 `.ipynb` file's text.
    public var ipynb: String { Jupyter.write(self) }
}
