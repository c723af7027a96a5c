import Checksums
import FileAccess

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `lessons data list` shows: each source's folder and the state of its four files.
public struct SourceStatus: Sendable {
    /// The state of one file.
    public enum FileState: Equatable, Sendable {
        case verified
        case missing
        case unknownChecksum
        case notRegularFile
        case unreadable(String)
    }

    public let source: DataSource
    public let set: KnownSet
    /// The folder read, or nil when none can be named (no HOME for mnist, no embedded bundle).
    public let folder: String?
    public let why: String
    /// One entry per file, in `DataFile` order: the file's path (or expected name) and its state.
    public let files: [(path: String, state: FileState)]

    /// True when all four files are there and match their known SHA-256.
    public var isVerified: Bool { files.count == 4 && files.allSatisfy { $0.state == .verified } }

    /// The state of the three named sources, hashing every file found.
    public static func all(environment: [String: String] = ProcessInfo.processInfo.environment) -> [SourceStatus] {
        let embedded = DataLocation.embeddedFolder()
        let mnist = try? DataLocation.mnistFolder(environment: environment)
        return [
            status(.embedded, .embedded, embedded.folder, why: "inside the package; the lessons' default"),
            status(
                .mnist, .mnist, mnist,
                why: "filled by 'lessons data fetch mnist' ($LESSONS_DATA/mnist, else ${XDG_CACHE_HOME:-~/.cache}/lessons/mnist)"),
            status(.fashionMNIST, .fashionMNIST, DataLocation.fashionMNISTFolder, why: "Debian's package dataset-fashion-mnist"),
        ]
    }

    static func status(_ source: DataSource, _ set: KnownSet, _ folder: String?, why: String) -> SourceStatus {
        var files: [(String, FileState)] = []
        for role in DataFile.allCases {
            guard let folder else {
                files.append((role.stem, .missing))
                continue
            }
            let path = role.candidates.map { DataLocation.join(folder, $0) }.first { Files.kind($0) != .none }
            guard let path else {
                files.append((DataLocation.join(folder, set.file(role).name), .missing))
                continue
            }
            do {
                let bytes = try Files.readData(path, limit: IDX.imagesLimit * 2)
                files.append((path, SHA256.hash(bytes) == set.file(role).sha256 ? .verified : .unknownChecksum))
            } catch .notRegularFile {
                files.append((path, .notRegularFile))
            } catch {
                files.append((path, .unreadable(error.description)))
            }
        }
        return SourceStatus(source: source, set: set, folder: folder, why: why, files: files)
    }
}
