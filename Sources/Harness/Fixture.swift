import LessonKit

/// The golden values of one lesson, stored as `Fixtures/<id>.json.gz`.
///
/// JSON layout (keys sorted when written):
/// ```
/// {"schema": 1, "lesson": "gradient", "cases": [
///   {"name": "notebook In [264]", "kind": "notebook", "seed": null,
///    "parameters": {"function": "...", "x": [3.0, 4.0, 5.0], "h": 0.0001},
///    "provenance": "...", "not_reproducible": null,
///    "outputs": {"gradient": {"shape": [3], "values": [14.0, 6.0, 10.0],
///                             "printed": "array([14.,  6., 10.])",
///                             "tolerance": {"printed": "positional", "digits": 8}}}}]}
/// ```
public struct Fixture: Equatable, Sendable {
    public static let schemaVersion = 1

    public var lesson: String
    public var cases: [FixtureCase]

    public init(lesson: String, cases: [FixtureCase]) {
        self.lesson = lesson
        self.cases = cases
    }
}

public struct FixtureCase: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// What the source notebook printed; never rewritten by `record`.
        case notebook
        /// What the book printed; checked against the lesson, never stored in a fixture.
        case book
        /// The lesson's own full-precision outputs; rewritten by `record`.
        case recorded
    }

    public var name: String
    public var kind: Kind
    public var seed: Int64?
    /// Parameter name → value, as `lessons run --format json` writes them.
    public var parameters: [(String, JSON)]
    public var provenance: String
    /// Why this case cannot be reproduced; nil when it can.
    public var notReproducible: String?
    public var outputs: [(String, ExpectedOutput)]

    public init(
        name: String, kind: Kind, seed: Int64?, parameters: [(String, JSON)], provenance: String, notReproducible: String? = nil,
        outputs: [(String, ExpectedOutput)]
    ) {
        self.name = name
        self.kind = kind
        self.seed = seed
        self.parameters = parameters
        self.provenance = provenance
        self.notReproducible = notReproducible
        self.outputs = outputs
    }

    /// Equal when their canonical text (sorted keys, shortest round-trip
    /// numbers) is equal: the same decoded content, whatever the key order.
    public static func == (a: FixtureCase, b: FixtureCase) -> Bool {
        a.json.serialized(sortedKeys: true) == b.json.serialized(sortedKeys: true)
    }
}

public struct ExpectedOutput: Equatable, Sendable {
    public var value: Tensor
    public var tolerance: Tolerance
    /// The notebook's text for a printed value.
    public var printed: String?

    public init(value: Tensor, tolerance: Tolerance, printed: String? = nil) {
        self.value = value
        self.tolerance = tolerance
        self.printed = printed
    }

    public static func == (a: ExpectedOutput, b: ExpectedOutput) -> Bool {
        a.value.isBitwiseIdentical(to: b.value) && a.tolerance == b.tolerance && a.printed == b.printed
    }
}

// MARK: - JSON

extension Fixture {
    public var json: JSON {
        .object([("schema", .integer(Int64(Self.schemaVersion))), ("lesson", .string(lesson)), ("cases", .array(cases.map(\.json)))])
    }

    /// The file's text: sorted keys, two-space indent, a final newline, so a
    /// `git diff` through `gzip -dc` reads line by line.
    public var text: String { json.serialized(sortedKeys: true, indent: 2) + "\n" }

    /// Reads and checks a fixture; `file` names it in errors.
    public init(json: JSON, file: String) throws(FixtureError) {
        func bad(_ what: String) -> FixtureError { .invalid(file: file, reason: what) }
        guard json.objectValue != nil else { throw bad("the top level is not a JSON object") }
        guard case .integer(let version) = json["schema"] else { throw bad("no integer \"schema\"") }
        guard version == Int64(Self.schemaVersion) else {
            throw bad("schema version \(version) is not the supported version \(Self.schemaVersion)")
        }
        guard let lesson = json["lesson"]?.stringValue else { throw bad("no \"lesson\" string") }
        guard let cases = json["cases"]?.arrayValue else { throw bad("no \"cases\" array") }
        var parsed: [FixtureCase] = []
        for (index, item) in cases.enumerated() {
            let name = item["name"]?.stringValue ?? "#\(index + 1)"
            parsed.append(try FixtureCase(json: item, fail: { .invalid(file: file, reason: "case \"\(name)\": \($0)") }))
        }
        var names = Set<String>()
        for c in parsed where !names.insert(c.name).inserted { throw bad("two cases are named \"\(c.name)\"") }
        self.init(lesson: lesson, cases: parsed)
    }
}

extension FixtureCase {
    public var json: JSON {
        .object([
            ("name", .string(name)), ("kind", .string(kind.rawValue)), ("seed", seed.map { .integer($0) } ?? .null),
            ("parameters", .object(parameters)), ("provenance", .string(provenance)),
            ("not_reproducible", notReproducible.map { .string($0) } ?? .null),
            ("outputs", .object(outputs.map { ($0.0, $0.1.json) })),
        ])
    }

    init(json: JSON, fail: (String) -> FixtureError) throws(FixtureError) {
        guard json.objectValue != nil else { throw fail("not an object") }
        guard let name = json["name"]?.stringValue, !name.isEmpty else { throw fail("no \"name\"") }
        guard let kindText = json["kind"]?.stringValue, let kind = Kind(rawValue: kindText), kind != .book else {
            throw fail("\"kind\" must be \"notebook\" or \"recorded\"")
        }
        var seed: Int64?
        switch json["seed"] {
        case .integer(let value)?: seed = value
        case .null?, nil: seed = nil
        default: throw fail("\"seed\" must be a whole number or null")
        }
        guard let parameters = json["parameters"]?.objectValue else { throw fail("no \"parameters\" object") }
        guard let provenance = json["provenance"]?.stringValue else { throw fail("no \"provenance\" string") }
        var notReproducible: String?
        switch json["not_reproducible"] {
        case .string(let reason)?: notReproducible = reason
        case .null?, nil: notReproducible = nil
        default: throw fail("\"not_reproducible\" must be a string or null")
        }
        guard let outputs = json["outputs"]?.objectValue else { throw fail("no \"outputs\" object") }
        var expected: [(String, ExpectedOutput)] = []
        for (outputName, item) in outputs {
            expected.append((outputName, try ExpectedOutput(json: item, fail: { fail("output \"\(outputName)\": \($0)") })))
        }
        self.init(
            name: name, kind: kind, seed: seed, parameters: parameters, provenance: provenance, notReproducible: notReproducible,
            outputs: expected)
    }
}

extension ExpectedOutput {
    var json: JSON {
        var pairs: [(String, JSON)] = [
            ("shape", .array(value.shape.map { .integer(Int64($0)) })),
            // Rows of a matrix on lines of their own, so a diff reads row by row.
            ("values", value.rank == 2 ? .array(value.rows.map { .array($0.map(JSON.double)) }) : .array(value.scalars.map(JSON.double))),
            ("tolerance", tolerance.json),
        ]
        if let printed { pairs.append(("printed", .string(printed))) }
        return .object(pairs)
    }

    init(json: JSON, fail: (String) -> FixtureError) throws(FixtureError) {
        guard let shapeItems = json["shape"]?.arrayValue else { throw fail("no \"shape\" array") }
        var shape: [Int] = []
        for item in shapeItems {
            guard case .integer(let n) = item, n >= 0, n <= 1 << 24 else { throw fail("\"shape\" holds \(item.serialized()), not a size") }
            shape.append(Int(n))
        }
        guard shape.count <= 2 else { throw fail("shape \(shape) has more than 2 dimensions") }
        guard var items = json["values"]?.arrayValue else { throw fail("no \"values\" array") }
        if shape.count == 2 {
            guard let rows = items.map(\.arrayValue) as? [[JSON]], rows.count == shape[0], rows.allSatisfy({ $0.count == shape[1] }) else {
                throw fail("shape \(shape) needs \(shape[0]) rows of \(shape[1]) values")
            }
            items = rows.flatMap { $0 }
        }
        let count = shape.reduce(1, *)
        guard items.count == count else { throw fail("shape \(shape) needs \(count) values, found \(items.count)") }
        var scalars: [Double] = []
        for item in items {
            guard let x = item.doubleValue else { throw fail("\(item.serialized()) is not a number") }
            scalars.append(x)
        }
        guard let toleranceJSON = json["tolerance"], let tolerance = Tolerance(json: toleranceJSON) else {
            throw fail(
                "\"tolerance\" must be {\"ulps\": n}, {\"absolute\": x}, {\"relative\": x} or {\"printed\": notation, \"digits\": n}")
        }
        var printed: String?
        if let text = json["printed"] {
            guard let string = text.stringValue else { throw fail("\"printed\" must be a string") }
            printed = string
        }
        self.init(value: Tensor(shape: shape, scalars: scalars), tolerance: tolerance, printed: printed)
    }
}

extension Tolerance {
    var json: JSON {
        switch self {
        case .ulps(let n): return .object([("ulps", .integer(Int64(n)))])
        case .absolute(let x): return .object([("absolute", .double(x))])
        case .relative(let x): return .object([("relative", .double(x))])
        case .printed(let notation, let digits):
            return .object([("printed", .string(notation.rawValue)), ("digits", .integer(Int64(digits)))])
        }
    }

    init?(json: JSON) {
        guard let pairs = json.objectValue else { return nil }
        let keys = Set(pairs.map(\.0))
        if keys == ["ulps"], case .integer(let n)? = json["ulps"], n >= 0, n <= 1 << 52 {
            self = .ulps(Int(n))
        } else if keys == ["absolute"], let x = json["absolute"]?.doubleValue, x >= 0 {
            self = .absolute(x)
        } else if keys == ["relative"], let x = json["relative"]?.doubleValue, x >= 0 {
            self = .relative(x)
        } else if keys == ["printed", "digits"], let text = json["printed"]?.stringValue, let notation = PrintedNotation(rawValue: text),
            case .integer(let digits)? = json["digits"], (0...17).contains(digits)
        {
            self = .printed(notation, digits: Int(digits))
        } else {
            return nil
        }
    }

    /// The tolerance in words, for reports.
    public var summary: String {
        switch self {
        case .ulps(0): return "exact (0 ulps)"
        case .ulps(let n): return "within \(n) ulps"
        case .absolute(let x): return "within \(NumPyFormat.pythonRepr(x)) absolute"
        case .relative(let x): return "within \(NumPyFormat.pythonRepr(x)) relative"
        case .printed(.repr, _): return "as printed (repr: exact)"
        case .printed(let notation, let digits): return "as printed (\(notation.rawValue), \(digits) digits)"
        }
    }
}

/// Why a fixture could not be used. Each names the file.
public enum FixtureError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case damaged(file: String, Gzip.Failure)
    case notJSON(file: String, reason: String)
    case invalid(file: String, reason: String)
    case wrongLesson(file: String, found: String, expected: String)
    case cannotWrite(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .damaged(let file, let failure): return "\(file): \(failure)"
        case .notJSON(let file, let reason): return "\(file): not valid JSON after decompression (\(reason))"
        case .invalid(let file, let reason): return "\(file): not a valid fixture: \(reason)"
        case .wrongLesson(let file, let found, let expected):
            return "\(file): holds lesson \"\(found)\" but its name says \"\(expected)\""
        case .cannotWrite(let file, let reason): return "\(file): cannot write: \(reason)"
        }
    }
}
