import Foundation
import Gzip
import Harness
import LessonCatalog
import LessonKit
import Synchronization
import TestSupport
import Testing

/// Thousands of damaged and edited fixtures through the built `lessons`
/// binary, from a fixed seed: byte flips and truncations of the gzip stream
/// and of the JSON inside, an edit of every field of every fixture, nudged
/// values, loosened checks (a wider tolerance, a `not_reproducible` flag, a
/// changed kind) on top of a changed value, huge and tiny numbers, deep
/// nesting and long escapes.
///
/// The mutants of one lesson go to one process, `lessons verify ID --brief
/// --file F1 --file F2 …`, which checks each file exactly as it checks the
/// lesson's own fixture (`FixtureStore.verify(_:file:)`) and prints one
/// line per file; spawning one process per mutant would not fit CI's minute.
/// A sample also goes through the plain `verify` and `record` paths.
///
/// For every mutant: the process ends by exiting, never by a signal, and
/// within the time limit; each file gets one line of at most a few hundred
/// characters; and a file passes exactly when it holds the same content as
/// the committed one, read as JSON with integers as doubles and provenance
/// (a note for people) left out. A changed value never passes.
@Suite(.serialized)
struct FixtureFuzzTests {
    static let seed: UInt64 = 0x5EED_F1C5_2026_0010
    /// Mutants per committed fixture: 750 for the small ones; 40 for the
    /// network lessons' (80–200 KB compressed), whose every mutant means
    /// re-encoding a megabyte of JSON — enough to reach every field of them
    /// while the whole test stays within a minute.
    static func perFixture(bytes: Int) -> Int { bytes < 20_000 ? 750 : 40 }

    @Test func mutatedFixturesNeverCrashHangOrPassWithAChangedValue() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixtures = packageRoot.appending(path: "Fixtures")
        let ids = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".json.gz") }
            .map { String($0.dropLast(".json.gz".count)) }.sorted()
        try #require(!ids.isEmpty)

        let start = Date()
        // Each fixture's mutants are made on a core of their own.
        let made = Mutex<[String: [(path: String, samePassing: Bool, label: String)]]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            let id = ids[index]
            do {
                var rng = SplitMix64(seed: Self.seed &+ UInt64(index))
                // This machine's fixture of the lesson (see FixtureStore.url(for:)).
                let committed = FixtureStore(registry: LessonCatalog.registry, directory: fixtures).url(for: id)
                let gzip = Array(try Data(contentsOf: committed))
                let text = String(decoding: try Gzip.decompress(gzip), as: UTF8.self)
                let original = try JSON(parsing: text)
                let lesson = try LessonCatalog.registry.lesson(id)
                let mutator = Mutator(gzip: gzip, text: text, json: original) { output in
                    switch lesson.tolerances[output] ?? .exact {
                    case .ulps(let n): return n
                    default: return nil
                    }
                }
                var files: [(String, Bool, String)] = []
                for (number, mutant) in mutator.mutants(Self.perFixture(bytes: gzip.count), &rng).enumerated() {
                    let path = directory.appending(path: "\(id)-\(number).json.gz").path
                    try Data(mutant.bytes).write(to: URL(filePath: path))
                    let read =
                        mutant.tree
                        ?? (try? Gzip.decompress(mutant.bytes)).flatMap { String(validating: $0, as: UTF8.self) }.flatMap {
                            try? JSON(parsing: $0)
                        }
                    files.append((path, read.map { sameContent($0, original) } ?? false, mutant.label))
                }
                made.withLock { $0[id] = files }
            } catch {
                failures.withLock { $0.append("\(id): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        var batches: [(id: String, files: [(path: String, samePassing: Bool, label: String)])] = []
        for id in ids {
            let files = made.withLock { $0[id] } ?? []
            // Four processes per fixture, so both cores work and no command
            // line is so long that parsing it (quadratic in a debug build of
            // swift-argument-parser) dominates.
            for quarter in 0..<4 {
                batches.append((id, Array(files[files.count * quarter / 4..<files.count * (quarter + 1) / 4])))
            }
        }

        let generated = Date()
        let outcomes = Mutex<[Int: TimedOutcome?]>([:])
        let commands = batches.map { batch in
            ["verify", batch.id, "--brief", "--fixtures", directory.path] + batch.files.flatMap { ["--file", $0.path] }
        }
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let arguments = commands[index]
            let outcome = try? lessonsWithin(150, arguments)
            outcomes.withLock { $0[index] = outcome }
        }
        let seconds = Date().timeIntervalSince(started)

        var checked = 0
        var passed = 0
        for (index, batch) in batches.enumerated() {
            let outcome = try #require(outcomes.withLock { $0[index] } ?? nil, "batch \(index) did not run")
            #expect(!outcome.timedOut, "verify of \(batch.id) mutants took longer than the limit")
            #expect(outcome.signal == nil, "verify of \(batch.id) mutants died of signal \(outcome.signal ?? 0)")
            let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == batch.files.count, "\(batch.id): \(lines.count) lines for \(batch.files.count) files")
            for (line, file) in zip(lines, batch.files) {
                let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
                guard fields.count == 3, fields[1].hasSuffix(file.path.split(separator: "/").last.map(String.init) ?? "?") else {
                    Issue.record("unexpected line for \(file.label): \(line.prefix(300))")
                    continue
                }
                checked += 1
                #expect(["0", "1", "65"].contains(fields[0]), "\(file.label): status \(fields[0])")
                #expect(fields[2].count <= 700, "\(file.label): a line of \(fields[2].count) characters")
                if fields[0] == "0" { passed += 1 }
                if file.samePassing {
                    #expect(fields[0] == "0", "\(file.label) holds the committed content but did not pass: \(fields[2].prefix(300))")
                } else {
                    #expect(fields[0] != "0", "\(file.label) changed the content but passed")
                }
            }
        }
        #expect(checked == made.withLock { $0.values.map(\.count).reduce(0, +) } && checked >= 3000)
        #expect(passed < checked / 10, "\(passed) of \(checked) mutants passed: the mutator barely mutates")
        #expect(seconds < 120, "verifying \(checked) mutants took \(seconds) s")
        print(
            "fuzz: \(checked) mutants, \(passed) passing (unchanged content); made in \(generated.timeIntervalSince(start)) s, verified in \(seconds) s"
        )
    }

    /// A few mutants through the ordinary paths a learner uses: `verify` of a
    /// fixtures folder (one error line on stderr, exit 0, 1 or 65) and
    /// `record --mode failed`, which refuses a damaged file untouched (65) and
    /// otherwise puts back exactly the committed fixture.
    @Test func ordinaryVerifyAndRecordHandleMutantsToo() throws {
        var rng = SplitMix64(seed: Self.seed ^ 1)
        let fixtures = packageRoot.appending(path: "Fixtures")
        for id in ["gradient", "simplenet"] {
            let committed = Array(try Data(contentsOf: FixtureStore(registry: LessonCatalog.registry, directory: fixtures).url(for: id)))
            let text = String(decoding: try Gzip.decompress(committed), as: UTF8.self)
            let mutator = Mutator(gzip: committed, text: text, json: try JSON(parsing: text)) { _ in nil }
            let all = mutator.mutants(300, &rng)
            // Two byte-level mutants, two field edits and a value change.
            for mutant in [all[0], all[3], all[100], all[200], all[all.count - 1]] {
                let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-fuzz-\(UUID().uuidString)")
                try FileManager.default.copyItem(at: fixtures, to: directory)
                defer { try? FileManager.default.removeItem(at: directory) }
                let file = FixtureStore(registry: LessonCatalog.registry, directory: directory).url(for: id)
                try Data(mutant.bytes).write(to: file)
                let verified = try lessonsWithin(60, ["verify", id, "--fixtures", directory.path])
                #expect(verified.signal == nil && [0, 1, 65].contains(verified.status), "\(mutant.label): \(verified.status)")
                #expect(verified.stderr.split(separator: "\n").count <= 1, "\(mutant.label): \(verified.stderr.prefix(300))")
                let recorded = try lessonsWithin(60, ["record", id, "--mode", "failed", "--fixtures", directory.path])
                #expect(recorded.signal == nil && [0, 65].contains(recorded.status), "\(mutant.label): \(recorded.status)")
                if recorded.status == 65 {
                    #expect(Array(try Data(contentsOf: file)) == mutant.bytes, "\(mutant.label): a damaged fixture was overwritten")
                } else if (try? Gzip.decompress(Array(try Data(contentsOf: file)))) != nil {
                    #expect(try lessonsWithin(60, ["verify", id, "--fixtures", directory.path]).status == 0, "\(mutant.label)")
                }
            }
        }
    }
}

/// How a run of the binary under a time limit ended.
struct TimedOutcome {
    let status: Int32
    let stdout: String
    let stderr: String
    /// The signal that ended it (other than the limit's own), if any.
    let signal: Int32?
    let timedOut: Bool
}

/// Runs the built `lessons` under coreutils' `timeout`, which exits 124
/// when the limit is reached and 128 + n when the program dies of signal n.
func lessonsWithin(_ seconds: Int, _ arguments: [String]) throws -> TimedOutcome {
    let outcome = try runCapturing(
        URL(filePath: "/usr/bin/env"), ["timeout", String(seconds), productsDirectory.appending(path: "lessons").path] + arguments)
    let status = outcome.status
    return TimedOutcome(
        status: status, stdout: outcome.stdout, stderr: outcome.stderr, signal: status > 128 ? status - 128 : nil, timedOut: status == 124)
}

/// Whether two fixtures hold the same content as far as any check goes:
/// the same values (a whole number in a value or a parameter is the double
/// it reads as), cases matched by name whatever their order, and any
/// provenance string (a note for people, not checked).
func sameContent(_ a: JSON, _ b: JSON, key: String? = nil, numeric: Bool = false) -> Bool {
    switch (a, b) {
    case (.integer(let x), .integer(let y)): return numeric ? Double(x).bitPattern == Double(y).bitPattern : x == y
    case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
    case (.integer(let n), .number(let x)), (.number(let x), .integer(let n)): return numeric && Double(n).bitPattern == x.bitPattern
    case (.string(let x), .string(let y)): return key == "provenance" || x == y
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.array(let x), .array(let y)):
        guard x.count == y.count else { return false }
        if key == "cases" {
            return x.allSatisfy { item in
                y.contains { other in other["name"] == item["name"] && sameContent(item, other, numeric: numeric) }
            }
        }
        return zip(x, y).allSatisfy { sameContent($0, $1, numeric: numeric) }
    case (.object(let x), .object(let y)):
        guard x.count == y.count, Set(x.map(\.0)) == Set(y.map(\.0)) else { return false }
        return x.allSatisfy { name, item in
            sameContent(item, b[name]!, key: name, numeric: numeric || name == "values" || name == "parameters")
        }
    default: return false
    }
}

/// Makes damaged and edited copies of one fixture.
struct Mutator {
    let gzip: [UInt8]
    let text: String
    let json: JSON
    /// The ulps a recorded output is compared within, as its lesson declares
    /// (nil for another kind of tolerance).
    let ulps: @Sendable (String) -> Int?
    /// The compact text of the original's large arrays (see `write`).
    let texts: [UnsafeRawPointer: String]

    init(gzip: [UInt8], text: String, json: JSON, ulps: @escaping @Sendable (String) -> Int?) {
        self.gzip = gzip
        self.text = text
        self.json = json
        self.ulps = ulps
        texts = Self.arrayTexts(json)
    }

    struct Mutant {
        let label: String
        let bytes: [UInt8]
        /// The edited value, when the bytes are exactly its text (no raw
        /// text, no byte damage): what reading them back would give.
        var tree: JSON? = nil
    }

    enum Step: Hashable, CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let k): return "." + k
            case .index(let i): return "[\(i)]"
            }
        }
    }

    /// Marks where raw text (not JSON the writer could produce) goes.
    static let token = "\u{1}FUZZ\u{1}"

    /// `count` mutants: a share of byte-level damage, an edit of every
    /// field outside the value arrays, then edits of values alone and of
    /// values together with a loosened check.
    func mutants(_ count: Int, _ rng: inout SplitMix64) -> [Mutant] {
        var out: [Mutant] = []
        let paths = Self.paths(json, [])
        let fields = paths.filter { path in !path.dropLast().contains(.key("values")) }
        let values = paths.filter { path in
            path.dropLast().contains(.key("values")) && Self.value(json, path).map(\.isNumberLike) == true
        }
        let byteShare = count / 5
        for i in 0..<byteShare {
            switch i % 6 {
            case 0, 1:
                var bytes = gzip
                let at = rng.below(bytes.count)
                bytes[at] ^= UInt8(1 << rng.below(8))
                out.append(Mutant(label: "gzip bit flip at byte \(at)", bytes: bytes))
            case 2:
                let length = rng.below(gzip.count)
                out.append(Mutant(label: "gzip truncated to \(length) bytes", bytes: Array(gzip.prefix(length))))
            case 3:
                var bytes = Array(text.utf8)
                let at = rng.below(bytes.count)
                bytes[at] ^= UInt8(1 << rng.below(8))
                out.append(Mutant(label: "JSON bit flip at byte \(at)", bytes: Gzip.compress(bytes, level: 1)))
            case 4:
                let length = rng.below(text.utf8.count)
                out.append(
                    Mutant(label: "JSON truncated to \(length) bytes", bytes: Gzip.compress(Array(text.utf8.prefix(length)), level: 1)))
            default:
                var bytes = Array(text.utf8)
                let at = rng.below(bytes.count)
                if rng.below(2) == 0 { bytes.remove(at: at) } else { bytes.insert(rng.pick(Array("0-.e\"[]{},: \\9".utf8)), at: at) }
                out.append(Mutant(label: "JSON byte inserted or removed at \(at)", bytes: Gzip.compress(bytes, level: 1)))
            }
        }
        // Every field once (the outer structure: schema, lesson, each case's
        // name, kind, seed, parameters, provenance, flags, outputs, shapes,
        // tolerances, printed text), then random ones, until half is used.
        // A fixture given fewer mutants than twice its fields (the network
        // lessons': each edit re-encodes a megabyte) gets random fields only.
        let everyField = count >= 2 * fields.count
        var fieldEdits = 0
        while fieldEdits < (everyField ? max(fields.count, count / 2 - byteShare) : count / 2 - byteShare) {
            let path = everyField && fieldEdits < fields.count ? fields[fieldEdits] : rng.pick(fields)
            out.append(edit(at: path, &rng))
            fieldEdits += 1
        }
        // Values: a change of one element, alone or with the check loosened.
        // An output held to n ulps is moved 2n + 1 ulps, so the change is
        // outside the tolerance however the actual value sits within it.
        var attempts = 0
        while out.count < count, !values.isEmpty, attempts < 100 * count {
            attempts += 1
            let path = rng.pick(values)
            let old = Self.value(json, path)!
            let x = old.doubleValue!
            guard case .key(let output)? = path.dropFirst(3).first,
                let kind = Self.value(json, Array(path.prefix(2)) + [.key("kind")])?.stringValue,
                let n = kind == "notebook" ? 0 : ulps(output)
            else { continue }
            var far = x
            for _ in 0..<(2 * n + 1) { far = far.nextUp }
            var nearer = x
            for _ in 0..<(2 * n + 1) { nearer = nearer.nextDown }
            var choices: [JSON] = [.string("nan"), x.isFinite ? .double(far) : .number(1), x.isFinite ? .double(nearer) : .number(-1)]
            if n == 0 {
                choices += [.double(Double(bitPattern: x.bitPattern ^ 1)), x == 0 ? .number(x.sign == .minus ? 0.0 : -0.0) : .double(-x)]
            }
            if x.isFinite && x.magnitude > 1e-300 { choices += [.double(x * 2), .string("inf")] }
            let nudged = rng.pick(choices)
            var edited = Self.replacing(json, path[...], with: nudged)
            var label = "value \(Self.show(path)) \(old.serialized()) → \(nudged.serialized())"
            if let caseIndex = path.firstIndex(of: .key("outputs")), rng.below(3) > 0 {
                let casePath = Array(path[..<caseIndex])
                let outputPath = Array(path[...path.index(after: caseIndex)])
                switch rng.below(4) {
                case 0:
                    edited = Self.replacing(edited, (casePath + [.key("not_reproducible")])[...], with: .string("x"))
                    label += " with not_reproducible \"x\""
                case 1:
                    edited = Self.replacing(
                        edited, (outputPath + [.key("tolerance")])[...], with: .object([("absolute", .number(1e300))]))
                    label += " with tolerance absolute 1e300"
                case 2:
                    edited = Self.replacing(edited, (outputPath + [.key("tolerance")])[...], with: .object([("relative", .number(1))]))
                    label += " with tolerance relative 1"
                default:
                    let kind = Self.value(edited, casePath + [.key("kind")])?.stringValue == "notebook" ? "recorded" : "notebook"
                    edited = Self.replacing(edited, (casePath + [.key("kind")])[...], with: .string(kind))
                    label += " with kind \(kind)"
                }
            }
            out.append(Mutant(label: label, bytes: write(edited, raw: nil), tree: edited))
        }
        return out
    }

    /// Raw replacements for any field: out-of-range numbers, a 1200-digit
    /// integer, nesting 100 and 50 000 deep, and 50 000 escapes (made once).
    static let rawTexts: [String] = [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", String(repeating: "9", count: 1200),
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        String(repeating: "[", count: 50000) + String(repeating: "]", count: 50000),
        "\"" + String(repeating: "\\n", count: 50000) + "\"",
        "\"" + String(repeating: "\\ud83d\\ude00", count: 5000) + "\"",
    ]

    /// One edit of the value at `path`, chosen by its type.
    func edit(at path: [Step], _ rng: inout SplitMix64) -> Mutant {
        let old = Self.value(json, path)!
        let raw: (String) -> (JSON, String?) = { (.string(Self.token), $0) }
        var choices: [(JSON, String?)] =
            [
                (.null, nil), (.string("x"), nil), (.integer(1), nil), (.array([]), nil), (.object([]), nil),
            ] + Self.rawTexts.map(raw)
        switch old {
        case .integer(let n): choices += [(.integer(n &+ 1), nil), (.integer(0 &- n), nil), (.number(Double(n) + 0.5), nil)]
        case .number(let x):
            choices += [(.double(x.nextUp), nil), (.double(-x), nil), (.integer(Int64(exactly: x.rounded(.towardZero)) ?? 1), nil)]
        case .string(let s):
            choices += [
                (.string(s + "x"), nil), (.string(""), nil), (.string(String(s.dropLast())), nil), (.string("notebook"), nil),
                (.string("recorded"), nil), (.string(s.uppercased()), nil),
            ]
        case .array(let items) where !items.isEmpty:
            choices += [
                (.array(Array(items.dropFirst())), nil), (.array(items + [items[items.count - 1]]), nil), (.array(items.reversed()), nil),
                (.array([.array(items)]), nil),
            ]
        case .object(let pairs) where !pairs.isEmpty:
            let dropped = rng.below(pairs.count)
            choices += [
                (.object(pairs.enumerated().filter { $0.offset != dropped }.map(\.element)), nil),
                (.object(pairs + [("not_reproducible", .string("x"))]), nil), (.object(pairs + [("extra", .integer(1))]), nil),
                (.object(pairs.map { ($0.0 == pairs[dropped].0 ? $0.0 + "_" : $0.0, $0.1) }), nil),
                (.object([("absolute", .number(1e300))]), nil),
            ]
        default: break
        }
        let (replacement, rawText) = rng.pick(choices)
        let edited = Self.replacing(json, path[...], with: replacement)
        let shown = rawText.map { $0.count > 40 ? String($0.prefix(20)) + "…(\($0.count))" : $0 } ?? replacement.serialized()
        return Mutant(
            label: "field \(Self.show(path)) → \(shown.prefix(80))", bytes: write(edited, raw: rawText),
            tree: rawText == nil ? edited : nil)
    }

    /// Compact JSON text with `raw` in place of the token, gzipped (level 1:
    /// the reader takes any level, and level 9 of a megabyte per mutant is
    /// slow). Numbers are Swift's shortest round-trip text (`1e-05`, `-0.0`),
    /// so any layout the reader accepts is exercised.
    ///
    /// An edit rebuilds only the arrays on its path; every other array of
    /// the edited tree still shares its storage with the original's (copy on
    /// write), so the text of the original's large arrays is made once, in
    /// `init`, and reused by storage address. Only the original's arrays are
    /// looked up, and the original outlives every mutant, so an address
    /// never names another array.
    func write(_ json: JSON, raw: String?) -> [UInt8] {
        Self.write(json, raw: raw, texts: texts)
    }

    /// The compact text of each array of 32 or more items in `json`, by storage address.
    static func arrayTexts(_ json: JSON) -> [UnsafeRawPointer: String] {
        var texts: [UnsafeRawPointer: String] = [:]
        func visit(_ value: JSON) {
            switch value {
            case .array(let items):
                if items.count >= 32, let address = Self.address(items) {
                    texts[address] = String(decoding: Self.write(value, raw: nil, texts: [:], compressed: false), as: UTF8.self)
                } else {
                    items.forEach(visit)
                }
            case .object(let pairs): pairs.forEach { visit($0.1) }
            default: break
            }
        }
        visit(json)
        return texts
    }

    static func address(_ items: [JSON]) -> UnsafeRawPointer? {
        items.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    static func write(_ json: JSON, raw: String?, texts: [UnsafeRawPointer: String], compressed: Bool = true) -> [UInt8] {
        var text = ""
        func emit(_ value: JSON) {
            switch value {
            case .string(token) where raw != nil: text += raw!
            case .number(let x): text += x.description
            case .array(let items) where items.count >= 32 && Self.address(items).flatMap({ texts[$0] }) != nil:
                text += texts[Self.address(items)!]!
            case .array(let items):
                text += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { text += "," }
                    emit(item)
                }
                text += "]"
            case .object(let pairs):
                text += "{"
                for (i, (key, item)) in pairs.enumerated() {
                    if i > 0 { text += "," }
                    text += JSON.string(key).serialized() + ":"
                    emit(item)
                }
                text += "}"
            default: text += value.serialized()
            }
        }
        emit(json)
        return compressed ? Gzip.compress(Array(text.utf8), level: 1) : Array(text.utf8)
    }

    static func show(_ path: [Step]) -> String { path.map(\.description).joined() }

    static func paths(_ json: JSON, _ prefix: [Step]) -> [[Step]] {
        var out: [[Step]] = prefix.isEmpty ? [] : [prefix]
        switch json {
        case .array(let items): for (i, item) in items.enumerated() { out += paths(item, prefix + [.index(i)]) }
        case .object(let pairs): for (key, item) in pairs { out += paths(item, prefix + [.key(key)]) }
        default: break
        }
        return out
    }

    static func value(_ json: JSON, _ path: [Step]) -> JSON? {
        var node = json
        for step in path {
            switch (step, node) {
            case (.key(let k), .object):
                guard let next = node[k] else { return nil }
                node = next
            case (.index(let i), .array(let items)):
                guard i < items.count else { return nil }
                node = items[i]
            default: return nil
            }
        }
        return node
    }

    /// `json` with the value at `path` replaced (or added, for a missing key).
    static func replacing(_ json: JSON, _ path: ArraySlice<Step>, with replacement: JSON) -> JSON {
        guard let step = path.first else { return replacement }
        switch (step, json) {
        case (.key(let k), .object(var pairs)):
            if let i = pairs.firstIndex(where: { $0.0 == k }) {
                pairs[i].1 = replacing(pairs[i].1, path.dropFirst(), with: replacement)
            } else {
                pairs.append((k, replacement))
            }
            return .object(pairs)
        case (.index(let i), .array(var items)) where i < items.count:
            items[i] = replacing(items[i], path.dropFirst(), with: replacement)
            return .array(items)
        default: return json
        }
    }
}

extension JSON {
    var isNumberLike: Bool {
        switch self {
        case .number, .integer, .string("nan"), .string("inf"), .string("-inf"): return true
        default: return false
        }
    }
}
