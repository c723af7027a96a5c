import Foundation
import LessonKit

/// The fixtures of a registry's lessons in one folder: where they live, how
/// they are read and written, and which files no lesson owns.
public struct FixtureStore: Sendable {
    public let registry: Registry
    public let directory: URL

    /// The largest fixture file read (compressed); see `Gzip.decodedLimit` for decoded.
    public static let fileLimit = 4 * 1024 * 1024
    public static let suffix = ".json.gz"

    public init(registry: Registry, directory: URL) {
        self.registry = registry
        self.directory = directory
    }

    /// The fixture file of a registered lesson. Ids come only from the
    /// registry, which admits `[a-z0-9_-]` names, so this never leaves `directory`.
    public func url(for id: String) -> URL { directory.appending(path: id + Self.suffix) }

    /// The path as reports print it.
    public func displayPath(for id: String) -> String { displayPath(url(for: id)) }

    func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    /// Reads a lesson's fixture; nil when the file does not exist.
    public func load(_ id: String) throws(FixtureError) -> Fixture? {
        let file = displayPath(for: id)
        let path = url(for: id).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else { throw .unreadable(file: file, reason: "it is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.fileLimit else {
            throw .unreadable(file: file, reason: "\(size) bytes is larger than the \(Self.fileLimit)-byte limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: file, reason: "permission denied or I/O error")
        }
        let decoded: [UInt8]
        do { decoded = try Gzip.decompress(Array(data)) } catch { throw .damaged(file: file, error) }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw .notJSON(file: file, reason: "not UTF-8 text") }
        let json: JSON
        do { json = try JSON(parsing: text) } catch { throw .notJSON(file: file, reason: error.description) }
        let fixture = try Fixture(json: json, file: file)
        guard fixture.lesson == id else { throw .wrongLesson(file: file, found: fixture.lesson, expected: id) }
        return fixture
    }

    /// Writes atomically: a temporary file in the same folder, then a rename,
    /// so an interrupted write leaves the previous fixture whole.
    public func save(_ fixture: Fixture) throws(FixtureError) {
        let target = url(for: fixture.lesson)
        let bytes = Gzip.compress(Array(fixture.text.utf8))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: target, options: .atomic)
        } catch {
            throw .cannotWrite(file: displayPath(target), reason: "\(error.localizedDescription)")
        }
    }

    /// Fixture files (`*.json.gz`) in the folder that no registered lesson owns.
    public func unownedFixtures() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let owned = Set(registry.ids.map { $0 + Self.suffix })
        return names.filter { $0.hasSuffix(Self.suffix) && !$0.hasPrefix(".") && !owned.contains($0) }.sorted()
            .map { displayPath(directory.appending(path: $0)) }
    }
}
