import Arithmetic

/// A parameter's value.
public enum ParameterValue: Sendable {
    case number(Double)
    case count(Int)
    case tensor(Tensor)
    case function(Expression)
    case text(String)

    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }
    public var tensor: Tensor? { if case .tensor(let t) = self { return t } else { return nil } }
    public var function: Expression? { if case .function(let f) = self { return f } else { return nil } }

    /// The value with a function's exp and log those of `arithmetic`.
    public func computing(in arithmetic: Arithmetic) -> ParameterValue {
        guard case .function(let f) = self, f.functions != arithmetic.functions else { return self }
        return .function(f.computing(with: arithmetic.functions))
    }

    /// The value as `lessons run` prints it in a transcript.
    public var text: String {
        switch self {
        case .number(let x): return NumPyFormat.pythonRepr(x)
        case .count(let n): return String(n)
        case .tensor(let t): return NumPyFormat.arrayRepr(t)
        case .function(let f): return f.source
        case .text(let text): return text
        }
    }

    /// The value as JSON: numbers, arrays, or the function's source text.
    public var json: JSON {
        switch self {
        case .number(let x): return .double(x)
        case .count(let n): return .integer(Int64(n))
        case .tensor(let t): return .tensor(t)
        case .function(let f): return .string(f.source)
        case .text(let text): return .string(text)
        }
    }

    /// The value as text that `--set NAME=TEXT` reads back to the same value.
    public var settingText: String {
        switch self {
        case .function(let f): return f.source
        case .text(let text): return text
        case .number(let x): return NumPyFormat.pythonRepr(x)
        default: return json.serialized()
        }
    }

    /// Reads `--set` text: a number, a comma list (`-3,4`), a JSON array
    /// (nested for a matrix), or an expression for a function.
    ///
    /// Refused with what was expected: an empty item in a list (`1,`, `1,,2`),
    /// and a number a double cannot hold — one that would overflow to ±inf
    /// (`1e400`) or, written with non-zero digits, underflow to 0 (`1e-400`).
    /// `inf`, `-inf` and `nan` are how to ask for those values.
    public init(parsing text: String, as kind: Parameter.Kind, for name: String) throws(LessonError) {
        let trimmed = text.trimmingWhitespace()
        if case .function(let variables) = kind {
            do { self = .function(try Expression(trimmed, variables: variables)) } catch { throw .badFunction(parameter: name, error) }
            return
        }
        if case .text(let accepted) = kind {
            guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else {
                throw .badValue(parameter: name, value: text, expected: accepted)
            }
            self = .text(trimmed)
            return
        }
        switch kind {
        case .vector, .fixedVector, .matrix:
            if let vector = try Constructors.vector(trimmed, for: name) {
                self = .tensor(try Self.shaped(Tensor(vector: vector), as: kind, for: name))
                return
            }
        default: break
        }
        let json: JSON
        if trimmed.hasPrefix("[") {
            do { json = try JSON(parsing: trimmed) } catch {
                throw .badValue(parameter: name, value: text.excerpt(), expected: "valid JSON: \(error)")
            }
        } else {
            let items = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            var numbers: [JSON] = []
            for (index, item) in items.enumerated() {
                if item.isEmpty && items.count > 1 {
                    throw .badValue(
                        parameter: name, value: text.excerpt(),
                        expected: "a list of numbers: item \(index + 1) of \(items.count) is empty (write 1,2 or [1, 2])")
                }
                numbers.append(.double(try Self.number(item, for: name)))
            }
            json = items.count == 1 ? numbers[0] : .array(numbers)
        }
        try self.init(json: json, as: kind, for: name, text: text)
    }

    /// A vector or matrix from the text of a file (`--set x=@values.txt`):
    /// a JSON array, or one number a line (blank lines and a final newline
    /// are ignored). `file` names the file in error messages.
    public init(fileText text: String, file: String, as kind: Parameter.Kind, for name: String) throws(LessonError) {
        switch kind {
        case .vector, .fixedVector, .matrix: break
        default:
            throw .badValue(parameter: name, value: "@" + file.excerpt(), expected: "a value written out: only vectors and matrices are read from a file")
        }
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("[") {
            let json: JSON
            do { json = try JSON(parsing: trimmed) } catch {
                throw .badValue(parameter: name, value: "@" + file.excerpt(), expected: "a file holding a JSON array or one number a line: \(error)")
            }
            try self.init(json: json, as: kind, for: name, text: "@" + file)
            return
        }
        var numbers: [Double] = []
        var line = 0
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            let item = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            if item.isEmpty { continue }
            do { numbers.append(try Self.number(item, for: name)) } catch {
                throw .badValue(
                    parameter: name, value: "@" + file.excerpt(),
                    expected: "a file of one number a line or a JSON array: line \(line) holds '\(item.excerpt())'")
            }
        }
        self = .tensor(try Self.shaped(Tensor(vector: numbers), as: kind, for: name))
    }

    /// Reads a value from JSON, as fixtures and `--set` JSON arrays hold it.
    public init(json: JSON, as kind: Parameter.Kind, for name: String, text: String? = nil) throws(LessonError) {
        // Only an error shows the value: a thousand numbers are not written out to be dropped.
        var shown: String { (text ?? json.serialized()).excerpt() }
        switch kind {
        case .function(let variables):
            guard let source = json.stringValue else { throw .badValue(parameter: name, value: shown, expected: "a function") }
            do { self = .function(try Expression(source, variables: variables)) } catch { throw .badFunction(parameter: name, error) }
        case .text(let accepted):
            guard let text = json.stringValue, !text.isEmpty, !text.contains(where: \.isNewline) else {
                throw .badValue(parameter: name, value: shown, expected: accepted)
            }
            self = .text(text)
        case .number:
            guard let x = json.doubleValue else { throw .badValue(parameter: name, value: shown, expected: "a number") }
            self = .number(x)
        case .count(let from, let limit):
            guard let x = json.doubleValue, x.isFinite, x == x.rounded(), x >= Double(from), x <= Double(limit) else {
                throw .badValue(parameter: name, value: shown, expected: "a whole number from \(from) to \(limit)")
            }
            self = .count(Int(x))
        case .vector, .fixedVector, .matrix:
            guard let tensor = json.tensorValue else {
                throw .badValue(parameter: name, value: shown, expected: "a number, a list of numbers or a JSON array of rows")
            }
            self = .tensor(try Self.shaped(tensor, as: kind, for: name))
        }
    }

    private static func shaped(_ tensor: Tensor, as kind: Parameter.Kind, for name: String) throws(LessonError) -> Tensor {
        let got = "shape \(tensor.shapeDescription)"
        switch kind {
        case .vector:
            if tensor.rank == 0 { return Tensor(vector: [tensor.scalar]) }
            guard tensor.rank == 1, tensor.count > 0 else { throw .wrongShape(parameter: name, expected: "a non-empty vector", got: got) }
            return tensor
        case .fixedVector(let length):
            let flat = tensor.rank == 0 ? [tensor.scalar] : tensor.scalars
            guard tensor.rank <= 1, flat.count == length else {
                throw .wrongShape(parameter: name, expected: "a vector of \(length) numbers, shape (\(length),)", got: got)
            }
            return Tensor(vector: flat)
        case .matrix(.fixed(let rows), .fixed(let columns)):
            let expected = "a \(rows)x\(columns) matrix, shape (\(rows), \(columns))"
            // A one-row matrix may be written as a flat list: `--set x=0.6,0.9`.
            if rows == 1, tensor.rank == 1, tensor.count == columns { return Tensor(shape: [1, columns], scalars: tensor.scalars) }
            guard tensor.shape == [rows, columns] else { throw .wrongShape(parameter: name, expected: expected, got: got) }
            return tensor
        case .matrix(let rows, let columns):
            // A shape that follows other parameters is checked once they are
            // all known (`Lesson.run(seed:values:arithmetic:)`); here, a matrix.
            guard tensor.rank == 2 || tensor.rank == 1 else {
                throw .wrongShape(parameter: name, expected: "a \(rows) × \(columns) matrix", got: got)
            }
            return tensor
        default:
            return tensor
        }
    }

    /// A decimal number (`3`, `-0.5`, `1e-4`) or `nan`, `inf`, `-inf`. Hex
    /// floats and other spellings `Double.init` would accept are refused, and
    /// so is a number that does not fit a double (see `init(parsing:as:for:)`).
    static func number(_ text: String, for name: String) throws(LessonError) -> Double {
        switch text.utf8.count <= 9 ? text.lowercased() : "" {
        case "nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        guard text.utf8.count <= JSON.maxNumberLength else {
            throw .badValue(parameter: name, value: text.excerpt(), expected: "a number of at most \(JSON.maxNumberLength) characters")
        }
        // Bytes, not Characters: every accepted character is ASCII.
        func allowed(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
                UInt8(ascii: "-"):
                return true
            default: return false
            }
        }
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard !text.isEmpty, text.utf8.allSatisfy(allowed), text.utf8.contains(where: isDigit), let x = Double(text) else {
            throw .badValue(parameter: name, value: text.excerpt(), expected: "a number (such as 3, -0.5, 1e-4, inf or nan)")
        }
        guard x.isFinite else {
            throw .badValue(
                parameter: name, value: text.excerpt(),
                expected: "a number a double can hold: it overflows to infinity (write inf for that)")
        }
        let mantissa = text.utf8.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
        guard x != 0 || !mantissa.contains(where: { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) }) else {
            throw .badValue(
                parameter: name, value: text.excerpt(), expected: "a number a double can hold: it underflows to 0 (write 0 for that)")
        }
        return x
    }
}

extension String {
    /// The string without leading and trailing white space.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
