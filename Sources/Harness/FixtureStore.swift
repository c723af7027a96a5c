import Arithmetic
import FileAccess
import Gzip
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fixtures of a registry's lessons in one folder: where they live, how
/// they are read and written, and which files no lesson owns.
///
/// One fixture per lesson, `<directory>/<id>.json.gz`, holding values of one
/// arithmetic: the canonical one, which every default run computes in on
/// every machine, unless the store is told otherwise (`--arithmetic` with a
/// folder of its own). The arithmetic comes from the code or the command
/// line, never from a file.
public struct FixtureStore: Sendable {
    public let registry: Registry
    public let directory: URL
    /// The arithmetic the folder's values are in, and so the one `verify`
    /// and `record` run the lessons in.
    public let arithmetic: Arithmetic

    /// The largest fixture file read (compressed); see `Gzip.decodedLimit` for decoded.
    public static let fileLimit = 4 * 1024 * 1024
    public static let suffix = ".json.gz"

    public init(registry: Registry, directory: URL, arithmetic: Arithmetic = .canonical) {
        self.registry = registry
        self.directory = directory
        self.arithmetic = arithmetic
    }

    /// The fixture file of a registered lesson: `<directory>/<id>.json.gz`.
    /// Ids come only from the registry, which admits `[a-z0-9_-]` names, so
    /// this never leaves `directory`.
    public func url(for id: String) -> URL { directory.appending(path: id + Self.suffix) }

    /// What a `lessons record` command needs to write into this folder:
    /// nothing for the package's own `Fixtures`, else `--fixtures DIR`, and
    /// `--arithmetic NAME` for values of another arithmetic than the canonical.
    public var fixturesOption: String {
        let shown = displayPath(directory)
        return (shown == "Fixtures" || shown == "Fixtures/" ? "" : " --fixtures \(shellQuoted(shown))")
            + (arithmetic == .canonical ? "" : " --arithmetic \(arithmetic.name)")
    }

    /// The path as reports print it.
    public func displayPath(for id: String) -> String { displayPath(url(for: id)) }

    func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    /// Reads a lesson's fixture; nil when the file does not exist.
    public func load(_ id: String) throws(FixtureError) -> Fixture? { try load(id, from: url(for: id)) }

    /// Reads the fixture of lesson `id` from `url`; nil when no file is there.
    ///
    /// Only a regular file (or a symlink to one) is read, so a FIFO or a
    /// device at the path is refused instead of blocking or streaming
    /// forever; it is read up to `fileLimit` bytes, decoded up to
    /// `Gzip.decodedLimit`, and parsed with the JSON reader's limits.
    public func load(_ id: String, from url: URL) throws(FixtureError) -> Fixture? {
        let file = displayPath(url)
        let path = url.path
        let data: [UInt8]
        do { data = try Files.read(path, limit: Self.fileLimit) } catch {
            switch error {
            // A link to nothing is there, and is no fixture: not "missing", which record would be advised to fill.
            case .missing where Files.isPresent(path): throw .unreadable(file: file, reason: "it is a symlink to a file that does not exist")
            case .missing: return nil
            case .notRegularFile(let kind): throw .unreadable(file: file, reason: "it is \(kind), not a fixture file")
            case .tooLarge(let size): throw .unreadable(file: file, reason: "\(size) bytes is larger than the \(Self.fileLimit)-byte limit")
            case .unreadable(let reason): throw .unreadable(file: file, reason: reason)
            }
        }
        let decoded: [UInt8]
        do { decoded = try Gzip.decompress(data) } catch { throw .damaged(file: file, error) }
        guard let text = String(validating: decoded, as: UTF8.self) else { throw .notJSON(file: file, reason: "not UTF-8 text") }
        let json: JSON
        do { json = try JSON(parsing: text) } catch { throw .notJSON(file: file, reason: error.description) }
        let fixture = try Fixture(json: json, file: file)
        guard fixture.lesson == id else { throw .wrongLesson(file: file, found: fixture.lesson, expected: id) }
        return fixture
    }

    /// Writes atomically through `SafeWrite`: an interrupted write leaves the
    /// previous fixture whole, and only a regular file (or the regular file a
    /// symlink points to) is ever replaced.
    public func save(_ fixture: Fixture) throws(FixtureError) {
        let target = url(for: fixture.lesson)
        let bytes = Gzip.compress(Array(fixture.text.utf8))
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(file: displayPath(folder), reason: "cannot create the fixtures folder")
        }
        // A fixture may be a link to another file in the folder; a link out of it
        // would have record replace a file elsewhere, which it never does.
        if let outside = Self.linkLeaving(target.path, folder: directory.path) {
            throw .cannotWrite(
                file: displayPath(target), reason: "it is a symlink to '\(outside.excerpt(limit: 160))', outside the fixtures folder; record writes only inside it")
        }
        do { try SafeWrite.write(bytes, to: target.path) } catch {
            throw .cannotWrite(file: displayPath(target), reason: error.reason)
        }
    }

    /// Where the symlink at `path` leads when that is outside `folder`, else nil.
    static func linkLeaving(_ path: String, folder: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
            let resolved = realpath(path, nil), let base = realpath(folder, nil)
        else { return nil }
        defer {
            free(resolved)
            free(base)
        }
        let (target, root) = (String(cString: resolved), String(cString: base))
        return target.hasPrefix(root == "/" ? "/" : root + "/") ? nil : target
    }

    /// The folder's subfolders (not hidden ones): `notebook/`, which holds no
    /// fixtures, and any other, whose fixture files no lesson owns.
    func subfolders() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appending(path: $0) }
            .filter { Files.kind($0.path) == .directory }
    }

    /// Removes temporary files that interrupted writes left in the folder
    /// and its subfolders; returns their paths as reports print them.
    @discardableResult
    public func removeStaleTemporaryFiles() -> [String] { inEveryFolder { SafeWrite.removeStaleTemporaryFiles(in: $0) } }

    /// Temporary files of interrupted writes in the folder and its
    /// subfolders, whoever left them.
    public func temporaryFiles() -> [String] { inEveryFolder(SafeWrite.temporaryFiles(in:)) }

    /// The names `list` gives for the folder and each subfolder, as paths reports print.
    private func inEveryFolder(_ list: (String) -> [String]) -> [String] {
        ([directory] + subfolders()).flatMap { folder in list(folder.path).map { displayPath(folder.appending(path: $0)) } }
    }

    /// Fixture files (`*.json.gz`) that no registered lesson owns: at the
    /// top, any not named after a lesson; in a subfolder, every one (a
    /// lesson's fixture is at the top, whatever the machine).
    public func unownedFixtures() -> [String] {
        let owned = Set(registry.ids.map { $0 + Self.suffix })
        return ([(directory, owned)] + subfolders().map { ($0, Set<String>()) }).flatMap { folder, owned in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter { $0.hasSuffix(Self.suffix) && !$0.hasPrefix(".") && !owned.contains($0) }.sorted()
                .map { displayPath(folder.appending(path: $0)) }
        }
    }
}
