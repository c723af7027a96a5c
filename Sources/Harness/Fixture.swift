import Gzip
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

    /// Reads and checks a fixture's form; `file` names it in errors. Every
    /// key is required and no other is allowed, so two files that read the
    /// same hold the same content. What the content is checked against comes
    /// from the lesson: see `FixtureStore.check(_:against:_:)`.
    public init(json: JSON, file: String) throws(FixtureError) {
        func bad(_ what: String) -> FixtureError { .invalid(file: file, reason: what) }
        guard let pairs = json.objectValue else { throw bad("the top level is not a JSON object") }
        try requireKeys(pairs, ["schema", "lesson", "cases"], fail: bad)
        guard case .integer(let version) = json["schema"] else {
            throw bad("\"schema\" is \(describe(json["schema"])), not a version number")
        }
        guard version == Int64(Self.schemaVersion) else {
            throw bad("schema version \(version) is not the supported version \(Self.schemaVersion)")
        }
        guard let lesson = json["lesson"]?.stringValue else { throw bad("\"lesson\" is \(describe(json["lesson"])), not a string") }
        guard let cases = json["cases"]?.arrayValue else { throw bad("\"cases\" is \(describe(json["cases"])), not an array") }
        var parsed: [FixtureCase] = []
        var names = Set<String>()
        for (index, item) in cases.enumerated() {
            let label = item["name"]?.stringValue.map { "case \"\($0.excerpt())\"" } ?? "case #\(index + 1)"
            let fixtureCase = try FixtureCase(json: item, fail: { .invalid(file: file, reason: "\(label): \($0)") })
            guard names.insert(fixtureCase.name).inserted else { throw bad("two cases are named \"\(fixtureCase.name.excerpt())\"") }
            parsed.append(fixtureCase)
        }
        self.init(lesson: lesson, cases: parsed)
    }
}

/// Refuses an object with a key outside `required + optional`, or without
/// one of `required`.
func requireKeys(
    _ pairs: [(String, JSON)], _ required: [String], optional: [String] = [], fail: (String) -> FixtureError
) throws(FixtureError) {
    for (key, _) in pairs where !required.contains(key) && !optional.contains(key) {
        throw fail("unknown key \"\(key.excerpt())\" (expected only \((required + optional).map { "\"\($0)\"" }.joined(separator: ", ")))")
    }
    for key in required where !pairs.contains(where: { $0.0 == key }) { throw fail("no \"\(key)\"") }
}

/// A JSON value in a few words for an error line, never its whole text.
func describe(_ json: JSON?) -> String {
    switch json {
    case nil: return "absent"
    case .null?: return "null"
    case .bool(let b)?: return b ? "true" : "false"
    case .integer(let n)?: return String(n)
    case .number(let x)?: return NumPyFormat.pythonRepr(x)
    case .string(let s)?: return "\"\(s.excerpt())\""
    case .array(let items)?: return "an array of \(items.count) item\(items.count == 1 ? "" : "s")"
    case .object(let pairs)?: return "an object of \(pairs.count) key\(pairs.count == 1 ? "" : "s")"
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
        guard let pairs = json.objectValue else { throw fail("\(describe(json)), not an object") }
        try requireKeys(pairs, ["name", "kind", "seed", "parameters", "provenance", "not_reproducible", "outputs"], fail: fail)
        guard let name = json["name"]?.stringValue, !name.isEmpty else { throw fail("\"name\" is \(describe(json["name"])), not a name") }
        guard let kindText = json["kind"]?.stringValue, let kind = Kind(rawValue: kindText), kind != .book else {
            throw fail("\"kind\" is \(describe(json["kind"])), not \"notebook\" or \"recorded\"")
        }
        var seed: Int64?
        switch json["seed"] {
        case .integer(let value)?: seed = value
        case .null?: seed = nil
        default: throw fail("\"seed\" is \(describe(json["seed"])), not a whole number or null")
        }
        guard let parameters = json["parameters"]?.objectValue else {
            throw fail("\"parameters\" is \(describe(json["parameters"])), not an object")
        }
        guard let provenance = json["provenance"]?.stringValue else {
            throw fail("\"provenance\" is \(describe(json["provenance"])), not a string")
        }
        var notReproducible: String?
        switch json["not_reproducible"] {
        case .string(let reason)?: notReproducible = reason
        case .null?: notReproducible = nil
        default: throw fail("\"not_reproducible\" is \(describe(json["not_reproducible"])), not a string or null")
        }
        guard let outputs = json["outputs"]?.objectValue else { throw fail("\"outputs\" is \(describe(json["outputs"])), not an object") }
        var expected: [(String, ExpectedOutput)] = []
        for (outputName, item) in outputs {
            expected.append((outputName, try ExpectedOutput(json: item, fail: { fail("output \"\(outputName.excerpt())\": \($0)") })))
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

    /// The most elements an expected output may hold, and the largest size
    /// of one dimension: far beyond any lesson's, far below what could
    /// overflow a count.
    public static let elementLimit = 1 << 24

    init(json: JSON, fail: (String) -> FixtureError) throws(FixtureError) {
        guard let pairs = json.objectValue else { throw fail("\(describe(json)), not an object") }
        try requireKeys(pairs, ["shape", "values", "tolerance"], optional: ["printed"], fail: fail)
        guard let shapeItems = json["shape"]?.arrayValue else { throw fail("\"shape\" is \(describe(json["shape"])), not an array") }
        guard shapeItems.count <= 2 else { throw fail("\"shape\" has \(shapeItems.count) dimensions; outputs have at most 2") }
        var shape: [Int] = []
        var count = 1
        for item in shapeItems {
            guard case .integer(let n) = item, n >= 0, n <= Int64(Self.elementLimit) else {
                throw fail("\"shape\" holds \(describe(item)), not a size from 0 to \(Self.elementLimit)")
            }
            shape.append(Int(n))
            count *= Int(n)  // at most 2^48: no overflow
        }
        guard count <= Self.elementLimit else { throw fail("shape \(shape) holds more than \(Self.elementLimit) elements") }
        guard var items = json["values"]?.arrayValue else { throw fail("\"values\" is \(describe(json["values"])), not an array") }
        if shape.count == 2 {
            var flat: [JSON] = []
            for (index, row) in items.enumerated() {
                guard let values = row.arrayValue, values.count == shape[1] else {
                    throw fail("\"values\" row \(index) is \(describe(row)); shape \(shape) needs \(shape[0]) rows of \(shape[1]) values")
                }
                flat += values
            }
            guard items.count == shape[0] else {
                throw fail("shape \(shape) needs \(shape[0]) rows of \(shape[1]) values, found \(items.count) rows")
            }
            items = flat
        }
        guard items.count == count else { throw fail("shape \(shape) needs \(count) values, found \(items.count)") }
        var scalars: [Double] = []
        scalars.reserveCapacity(count)
        for (index, item) in items.enumerated() {
            guard let x = item.doubleValue else {
                throw fail("\"values\" item \(index) is \(describe(item)), not a number (or \"nan\", \"inf\", \"-inf\")")
            }
            scalars.append(x)
        }
        guard let toleranceJSON = json["tolerance"], let tolerance = Tolerance(json: toleranceJSON) else {
            throw fail(
                "\"tolerance\" must be {\"ulps\": n}, {\"absolute\": x}, {\"relative\": x} or {\"printed\": notation, \"digits\": n}")
        }
        var printed: String?
        if let text = json["printed"] {
            guard let string = text.stringValue else { throw fail("\"printed\" is \(describe(text)), not a string") }
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
            return "\(file): holds lesson \"\(found.excerpt())\", not \"\(expected)\""
        case .cannotWrite(let file, let reason): return "\(file): cannot write: \(reason)"
        }
    }
}
