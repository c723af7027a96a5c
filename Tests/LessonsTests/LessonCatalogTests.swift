import Foundation
import LessonCatalog
import LessonKit
import Testing

/// Every registered lesson comes whole: its NumPy reference (which the
/// crosscheck runs), its golden fixture (which verify checks) and a test
/// file of its own, named for its folder.
struct LessonCatalogTests {
    @Test(arguments: LessonCatalog.registry.lessons.map(\.id))
    func everyLessonHasItsReferenceFixtureAndTests(_ id: String) throws {
        let lesson = try LessonCatalog.registry.lesson(id)
        let configuration = lesson.configuration
        let files = FileManager.default
        #expect(files.fileExists(atPath: configuration.reference), "\(id): no \(configuration.reference)")
        #expect(files.fileExists(atPath: configuration.fixtures + "/\(id).json.gz"), "\(id): no fixture in \(configuration.fixtures)")
        let folder = URL(filePath: configuration.reference).deletingLastPathComponent()
        let tests = folder.deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Tests/LessonsTests/\(folder.lastPathComponent)Tests.swift")
        #expect(files.fileExists(atPath: tests.path), "\(id): no \(tests.path)")
    }

    /// A lesson's sentences come from its phrasebook: every sentence its
    /// code passes to `<Name>.phrasebook(…)` is a key of the table in
    /// `<Name>+Phrasebook.swift`, the table holds no sentence the code no
    /// longer writes, and no entry is left in English. Read from the
    /// sources, so a sentence on a branch no test runs is checked too.
    @Test(arguments: LessonCatalog.registry.lessons.map(\.id))
    func everySentenceIsInThePhrasebook(_ id: String) throws {
        let folder = URL(filePath: try LessonCatalog.registry.lesson(id).configuration.reference).deletingLastPathComponent()
        let name = folder.lastPathComponent
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        let tableFile = "\(name)+Phrasebook.swift"
        let literal = #""((?:[^"\\]|\\.)*)""#
        var used: Set<String> = []
        for file in files where file != tableFile {
            let source = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            let call = try Regex(name + #"\.phrasebook\(\s*"# + literal)
            for match in source.matches(of: call) { used.insert(String(match.output[1].substring!)) }
        }
        guard files.contains(tableFile) else {
            #expect(used.isEmpty, "\(id): sentences \(used.sorted()) but no \(tableFile)")
            return
        }
        let table = try String(contentsOf: folder.appending(path: tableFile), encoding: .utf8).split(separator: "\n").map(String.init)
        let key = try Regex(#"^\s*"# + literal + ":$")
        let value = try Regex(#"^\s*"# + literal + ",$")
        var entries: [(english: String, chinese: String)] = []
        for (index, line) in table.enumerated() {
            guard let english = try key.wholeMatch(in: line)?.output[1].substring else { continue }
            let chinese = index + 1 < table.count ? try value.wholeMatch(in: table[index + 1])?.output[1].substring : nil
            entries.append((String(english), chinese.map(String.init) ?? ""))
        }
        #expect(!entries.isEmpty, "\(id): no entries read from \(tableFile)")
        let keys = entries.map(\.english)
        #expect(Set(keys).count == keys.count, "\(id): a sentence twice in \(tableFile)")
        #expect(used.subtracting(keys).isEmpty, "\(id): not in \(tableFile): \(used.subtracting(keys).sorted())")
        #expect(Set(keys).subtracting(used).isEmpty, "\(id): in \(tableFile) but never written: \(Set(keys).subtracting(used).sorted())")
        for entry in entries {
            #expect(!entry.chinese.isEmpty && entry.chinese != entry.english, "\(id): '\(entry.english)' has no Chinese")
        }
    }
}
