import Arithmetic

/// A finished run of a lesson: what went in and what came out.
public struct Run: Sendable {
    public let lesson: any Lesson
    /// The seed the RNG started from, or nil for a lesson that draws nothing.
    public let seed: UInt32?
    /// Every parameter in declaration order; nil marks one drawn from the RNG.
    public let parameters: [(name: String, value: ParameterValue?)]
    public let outputs: [Output]
    /// The arithmetic the run computed in (function parameters are bound to it).
    public let arithmetic: Arithmetic
    /// Whether the run drew anything from its seed: a SimpleNet given both
    /// w and x draws nothing, and its transcript then shows no seed.
    public let drewFromSeed: Bool

    public init(
        lesson: any Lesson, seed: UInt32?, parameters: [(name: String, value: ParameterValue?)], outputs: [Output],
        arithmetic: Arithmetic = .canonical, drewFromSeed: Bool = true
    ) {
        self.lesson = lesson
        self.seed = seed
        self.drewFromSeed = drewFromSeed
        self.parameters = parameters.map { ($0.name, $0.value?.computing(in: arithmetic)) }
        self.outputs = outputs
        self.arithmetic = arithmetic
    }

    /// The value of parameter `name`, or nil when it was drawn.
    public func parameter(_ name: String) -> ParameterValue? { parameters.first { $0.name == name }?.value }

    /// The value of output `name`; it must exist.
    public func output(_ name: String) -> Tensor {
        guard let output = outputs.first(where: { $0.name == name }) else { preconditionFailure("no output '\(name)'") }
        return output.value
    }

    /// `{"lesson", "seed", "parameters", "outputs"}` as `lessons run --format json` writes it.
    public var json: JSON {
        .object(head + [("outputs", .object(outputs.map { ($0.name, .tensor($0.value)) }))])
    }

    /// The members before the outputs, which ``jsonUTF8(outputs:extra:)`` writes
    /// too: a run in another arithmetic than the canonical one names it.
    private var head: [(String, JSON)] {
        [
            ("lesson", .string(lesson.id)),
            ("seed", seed.map { .integer(Int64($0)) } ?? .null),
            ("parameters", .object(parameters.map { ($0.name, $0.value?.json ?? .null) })),
        ] + (arithmetic == .canonical ? [] : [("arithmetic", .string(arithmetic.name))])
    }

    /// The compact text of ``json`` with only the outputs named in `shown`
    /// and then the `extra` members, written without building the outputs'
    /// JSON: the same bytes as `.object(…).serializedUTF8()` of that value
    /// (the tests compare the two), in a fraction of the time and memory for
    /// a long history.
    public func jsonUTF8(outputs shown: [String], extra: [(String, JSON)] = []) -> [UInt8] {
        let chosen = outputs.filter { shown.contains($0.name) }
        var out = JSON.object(head).serializedUTF8()
        out.reserveCapacity(out.count + 256 + 24 * chosen.reduce(0) { $0 + $1.value.count })
        out.removeLast()  // the head's closing brace: the object goes on
        out.append(contentsOf: #","outputs":{"#.utf8)
        for (i, output) in chosen.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(output.name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSON.appendTensor(output.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        for (key, value) in extra {
            out.append(UInt8(ascii: ","))
            JSON.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value.serializedUTF8())
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A notebook-like transcript: the inputs, then each output as NumPy prints it.
    public var transcript: String { transcript(outputs: outputs.map(\.name)) }

    /// ``transcript`` with only the outputs named in `shown`.
    public func transcript(outputs shown: [String]) -> String {
        var lines = ["# \(lesson.id): \(lesson.title)" + (lesson.source.isEmpty ? "" : " (\(lesson.source))")]
        if arithmetic != .canonical { lines.append("# arithmetic: \(arithmetic.name) (products in OpenBLAS's \(arithmetic.products.rawValue) order, \(arithmetic.functions.rawValue) exp and log)") }
        if let seed, drewFromSeed { lines.append("np.random.seed(\(seed))") }
        for (name, value) in parameters {
            // A drawn input is printed as an output of the same name, unless left out.
            let drawn = shown.contains(name) ? "drawn from the seeded RNG (see the output below)" : "drawn from the seeded RNG"
            lines.append("\(name) = \(value?.text ?? drawn)")
        }
        for output in outputs where shown.contains(output.name) {
            lines.append("")
            lines.append("Out[\(output.name)]:")
            lines.append(NumPyFormat.arrayRepr(output.value))
        }
        return lines.joined(separator: "\n")
    }

    /// The `lessons run` arguments that reproduce this run.
    public var commandLine: String {
        var words = [Tool.name, "run", lesson.id]
        if let seed, seed != lesson.defaultSeed { words += ["--seed", String(seed)] }
        if arithmetic != .canonical { words += ["--arithmetic", arithmetic.name] }
        for (name, value) in parameters {
            guard let value, let declared = lesson.parameters.first(where: { $0.name == name }) else { continue }
            if let defaultValue = declared.defaultValue, defaultValue.json == value.json { continue }
            words += ["--set", shellQuoted("\(name)=\(value.settingText)")]
        }
        return words.joined(separator: " ")
    }
}

/// Quotes a word for a POSIX shell when it needs it.
public func shellQuoted(_ word: String) -> String {
    let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,/:+@%")
    if !word.isEmpty, word.allSatisfy(plain.contains) { return word }
    return "'" + word.replacing("'", with: "'\\''") + "'"
}

extension Lesson {
    /// Runs with `--set`-style settings (`NAME=VALUE`) over the defaults, in
    /// `arithmetic`.
    public func run(seed: Int64? = nil, settings: [String], arithmetic: Arithmetic = .canonical) throws(LessonError) -> Run {
        try run(seed: seed, values: try values(settings: settings), arithmetic: arithmetic)
    }

    /// The values `--set`-style settings (`NAME=VALUE`) give, parsed and
    /// checked against the declared parameters, before anything runs.
    public func values(settings: [String]) throws(LessonError) -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else { throw .badSetting(setting) }
            let name = String(setting[..<equals]).trimmingWhitespace()
            let parameter = try self.parameter(named: name)
            values[name] = try ParameterValue(parsing: String(setting[setting.index(after: equals)...]), as: parameter.kind, for: name)
        }
        return values
    }

    /// The declared parameter called `name`.
    public func parameter(named name: String) throws(LessonError) -> Parameter {
        guard let parameter = parameters.first(where: { $0.name == name }) else {
            throw .unknownParameter(lesson: id, name: name, known: parameters.map(\.name))
        }
        return parameter
    }

    /// Runs with the given values over the defaults and the given seed (or
    /// the lesson's default seed), in `arithmetic`.
    public func run(seed: Int64? = nil, values given: [String: ParameterValue], arithmetic: Arithmetic = .canonical) throws(LessonError)
        -> Run
    {
        let (run, stopped) = try runKeepingWhatWasDone(seed: seed, values: given, arithmetic: arithmetic)
        if let stopped { throw .interrupted(lesson: id, at: stopped) }
        return run
    }

    /// ``run(seed:values:arithmetic:)``, except that a run stopped by Ctrl-C
    /// (``LessonError/stopped(lesson:at:outputs:)``) returns what it did, with
    /// how far it got (`"after 12 of 100 iterations"`); `stopped` is nil for
    /// a whole run. For `lessons run`, which prints the steps done.
    public func runKeepingWhatWasDone(
        seed: Int64? = nil, values given: [String: ParameterValue], arithmetic: Arithmetic = .canonical
    ) throws(LessonError) -> (run: Run, stopped: String?) {
        for name in given.keys where !parameters.contains(where: { $0.name == name }) {
            throw .unknownParameter(lesson: id, name: name, known: parameters.map(\.name))
        }
        var usedSeed: UInt32?
        if let seed {
            guard defaultSeed != nil else { throw .seedNotUsed(lesson: id) }
            guard let exact = UInt32(exactly: seed) else { throw .seedOutOfRange(String(seed)) }
            usedSeed = exact
        } else {
            usedSeed = defaultSeed
        }
        var values: [String: ParameterValue] = [:]
        for parameter in parameters {
            if let value = given[parameter.name] ?? parameter.defaultValue { values[parameter.name] = value }
        }
        // A matrix whose shape follows other parameters, checked now that all are known.
        for parameter in parameters {
            guard case .matrix(let rows, let columns) = parameter.kind, case .tensor(let value)? = values[parameter.name] else { continue }
            guard let r = rows.size(in: values), let c = columns.size(in: values) else {
                preconditionFailure("'\(parameter.name)' has a dimension that is no count parameter of '\(id)'")
            }
            if r == 1, value.rank == 1, value.count == c {
                values[parameter.name] = .tensor(Tensor(shape: [1, c], scalars: value.scalars))
            } else if value.shape != [r, c] {
                throw .wrongShape(
                    parameter: parameter.name, expected: "a \(r)x\(c) matrix (\(rows) × \(columns)), shape (\(r), \(c))",
                    got: "shape \(value.shapeDescription)")
            }
        }
        var rng = RandomState(seed: usedSeed ?? 0)
        let outputs: [Output]
        var stopped: String?
        do { outputs = try run(Inputs(values, arithmetic: arithmetic), rng: &rng) } catch {
            guard case .stopped(_, let at, let done) = error else { throw error }
            (outputs, stopped) = (done, at)
        }
        precondition(outputs.map(\.name) == self.outputs, "lesson '\(id)' returned \(outputs.map(\.name)), declared \(self.outputs)")
        let run = Run(
            lesson: self, seed: usedSeed,
            parameters: parameters.map { ($0.name, values[$0.name]) },
            outputs: outputs, arithmetic: arithmetic, drewFromSeed: rng.hasDrawn)
        return (run, stopped)
    }
}
