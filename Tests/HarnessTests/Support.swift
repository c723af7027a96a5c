import Gzip
import Foundation
import Harness
import LessonCatalog
import LessonKit

/// The package's committed fixtures.
let packageFixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "Fixtures")

/// The committed fixture of lesson `id` (canonical arithmetic, on every machine).
func committed(_ id: String) -> URL {
    FixtureStore(registry: LessonCatalog.registry, directory: packageFixtures).url(for: id)
}

/// A scratch copy of the committed fixtures, removed when the test ends.
struct ScratchFixtures: ~Copyable {
    let directory: URL
    let store: FixtureStore

    init(copying: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "lessons-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = FixtureStore(registry: LessonCatalog.registry, directory: directory)
        if copying {
            for id in LessonCatalog.registry.ids { try FileManager.default.copyItem(at: committed(id), to: store.url(for: id)) }
        }
        self.store = store
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func url(_ id: String) -> URL { store.url(for: id) }

    func bytes(_ id: String) throws -> [UInt8] { Array(try Data(contentsOf: url(id))) }

    func write(_ id: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: url(id)) }

    /// Rewrites a fixture's decoded JSON text with `edit`, then gzips it back.
    func editText(_ id: String, _ edit: (String) -> String) throws {
        let text = String(decoding: try Gzip.decompress(try bytes(id)), as: UTF8.self)
        try write(id, Gzip.compress(Array(edit(text).utf8)))
    }
}

extension String {
    /// Replaces the first occurrence of `target`; traps if there is none, so
    /// a test never edits nothing.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { preconditionFailure("'\(target)' not found") }
        return replacingCharacters(in: range, with: replacement)
    }
}
