import Checksums
import CHTTP
import FileAccess

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

/// Downloads a known set's four files into a folder, checking each.
///
/// Each file is streamed through ``SafeWrite/Writer`` (a temporary file in
/// the same folder, created new, never through a link), its length and
/// SHA-256 checked against the set's, and only then renamed over `<name>`:
/// a reader sees the old file or the whole new one, never part of one. A
/// file already there with the right checksum is kept as it is.
public enum Fetch {
    /// What happened to one file.
    public enum Outcome: Equatable, Sendable {
        case alreadyPresent(path: String)
        case downloaded(path: String, bytes: Int)
    }

    /// Progress of one download: the file, the bytes so far, and the total when known.
    public struct Progress: Sendable {
        public let file: String
        public let received: Int
        public let total: Int?
    }

    /// `base` as the URL of a folder on an http or https server, or the
    /// error naming it (checked before anything is fetched or printed).
    public static func folderURL(_ base: String) throws(DataError) -> URL {
        guard let url = URL(string: base.hasSuffix("/") ? base : base + "/"), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else { throw .badURL(shown(base)) }
        return url
    }

    /// Fetches `set`'s files from `base` (a folder URL: each file's name is
    /// appended) into `folder`, creating it if needed.
    ///
    /// - Parameters:
    ///   - timeout: seconds a connection may stay silent, or below 1 KiB a
    ///     second, before the download fails; each file must also arrive
    ///     whole within ``deadline(for:timeout:slowest:)``.
    ///   - progress: called on the calling thread as bytes arrive, at most every 0.1 s and once complete.
    public static func fetch(
        _ set: KnownSet, from base: String, into folder: String, timeout: Double = 60, slowest: Double = Fetch.slowest,
        progress: (@Sendable (Progress) -> Void)? = nil
    ) throws(DataError) -> [Outcome] {
        let baseURL = try folderURL(base)
        try makeFolder(folder)
        var outcomes: [Outcome] = []
        for file in set.files {
            let target = DataLocation.join(folder, file.name)
            SafeWrite.removeStaleTemporaryFiles(in: folder, for: file.name)
            switch Files.kind(target) {
            case .regular:
                if let bytes = try? Files.readData(target, limit: file.size), SHA256.hash(bytes) == file.sha256 {
                    outcomes.append(.alreadyPresent(path: target))
                    continue
                }
            case .none: break
            case .directory, .other: throw .cannotWrite(path: target, reason: "not a regular file")
            }
            let url = baseURL.appendingPathComponent(file.name)
            try download(url, to: target, expected: file, timeout: timeout, deadline: deadline(for: file.size, timeout: timeout, slowest: slowest), progress: progress)
            outcomes.append(.downloaded(path: target, bytes: file.size))
        }
        return outcomes
    }

    private static func makeFolder(_ folder: String) throws(DataError) {
        switch Files.kind(folder) {
        case .directory: return
        case .none:
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: folder, reason: "cannot create the folder")
            }
        case .regular, .other: throw .cannotWrite(path: folder, reason: "not a folder")
        }
    }

    /// The slowest a whole file may arrive, in bytes a second.
    public static let slowest = 16_384.0

    /// The seconds a file of `size` bytes may take in all: the timeout, and
    /// its size at `slowest` bytes a second (MNIST's 9.9 MB of training
    /// images: 60 s + 605 s at the defaults), so that a server trickling just
    /// above the 1 KiB/s floor cannot hold a fetch for hours.
    public static func deadline(for size: Int, timeout: Double, slowest: Double = slowest) -> Double { timeout + Double(size) / slowest }

    /// `url` as messages show it: without a user name or password in it.
    public static func shown(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "…@" + String(rest[rest.index(after: at)...])
    }

    private static func download(
        _ url: URL, to target: String, expected: KnownFile, timeout: Double, deadline: Double, progress: (@Sendable (Progress) -> Void)?
    ) throws(DataError) {
        let file: SafeWrite.Writer
        do { file = try SafeWrite.Writer(target) } catch { throw .cannotWrite(path: target, reason: error.reason) }
        var receiver = Receiver(file: file, url: shown(url.absoluteString), expected: expected, progress: progress)
        var status = 0
        var message = [CChar](repeating: 0, count: 512)
        let result = withUnsafeMutablePointer(to: &receiver) { pointer in
            chttp_http_get(
                url.absoluteString, timeout, deadline,
                { context, bytes, count in
                    context!.assumingMemoryBound(to: Receiver.self).pointee.receive(bytes!, count: count)
                }, pointer, &status, &message, message.count)
        }
        // Each throw below leaves the old target whole: the writer removes
        // its temporary file unless committed.
        // A transport failure first: a redirect that led to it leaves its 3xx as the status.
        if result != 0 {
            throw .downloadFailed(
                url: shown(url.absoluteString),
                reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        if status != 0, status != 200 { throw .httpStatus(url: shown(url.absoluteString), status: status) }
        if let failure = receiver.failure { throw failure }
        if receiver.received != expected.size {
            throw .sizeMismatch(file: shown(url.absoluteString), expected: expected.size, found: receiver.received)
        }
        let digest = receiver.hasher.finish()
        if digest != expected.sha256 {
            throw .checksumMismatch(file: shown(url.absoluteString), expected: expected.sha256, found: digest)
        }
        do { try file.commit() } catch { throw .cannotWrite(path: target, reason: error.reason) }
    }

    /// One download's bytes on their way to the temporary file: written,
    /// hashed, counted and reported as libcurl hands them over (on the
    /// calling thread).
    private struct Receiver {
        let file: SafeWrite.Writer
        let url: String
        let expected: KnownFile
        let progress: (@Sendable (Progress) -> Void)?
        var received = 0
        var hasher = SHA256()
        var failure: DataError?
        var lastReport = 0.0

        /// Returns 0 to go on, 1 to stop the transfer.
        mutating func receive(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int32 {
            // More than the known size cannot be the file: stop reading.
            guard received + count <= expected.size else {
                failure = .sizeMismatch(file: url, expected: expected.size, found: received + count)
                return 1
            }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: count)
            hasher.update(buffer)
            do { try file.write(buffer) } catch {
                failure = .cannotWrite(path: file.path, reason: error.reason)
                return 1
            }
            received += count
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let seconds = Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
            if seconds - lastReport >= 0.1 || received == expected.size {
                lastReport = seconds
                progress?(Progress(file: expected.name, received: received, total: expected.size))
            }
            return 0
        }
    }
}
