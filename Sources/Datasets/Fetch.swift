import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Downloads a known set's four files into a folder, checking each.
///
/// Each file is streamed into a temporary file in the same folder
/// (`.<name>.partial-<pid>`, created new, never through a link), its length
/// and SHA-256 checked against the set's, and only then renamed over
/// `<name>`: a reader sees the old file or the whole new one, never part of
/// one. A file already there with the right checksum is kept as it is.
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

    /// Fetches `set`'s files from `base` (a folder URL: each file's name is
    /// appended) into `folder`, creating it if needed.
    ///
    /// - Parameters:
    ///   - timeout: seconds a connection may stay silent before the download fails.
    ///   - progress: called on a background thread as bytes arrive.
    public static func fetch(
        _ set: KnownSet, from base: String, into folder: String, timeout: Double = 60,
        progress: (@Sendable (Progress) -> Void)? = nil
    ) throws(DataError) -> [Outcome] {
        guard let baseURL = URL(string: base.hasSuffix("/") ? base : base + "/"), let scheme = baseURL.scheme?.lowercased(),
            scheme == "http" || scheme == "https", baseURL.host != nil
        else { throw .badURL(base) }
        try makeFolder(folder)
        var outcomes: [Outcome] = []
        for file in set.files {
            let target = DataLocation.join(folder, file.name)
            removeAbandonedPartials(of: file.name, in: folder)
            switch Files.kind(target) {
            case .regular:
                if let bytes = try? Files.read(target, limit: file.size), SHA256.hash(bytes) == file.sha256 {
                    outcomes.append(.alreadyPresent(path: target))
                    continue
                }
            case .none: break
            case .directory, .other: throw .cannotWrite(path: target, reason: "not a regular file")
            }
            let url = baseURL.appendingPathComponent(file.name)
            try download(url, to: target, expected: file, timeout: timeout, progress: progress)
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

    /// Deletes `.<name>.partial-<pid>` files left by fetches that were
    /// stopped (their process no longer runs); a running fetch's file stays.
    private static func removeAbandonedPartials(of name: String, in folder: String) {
        let prefix = ".\(name).partial-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = DataLocation.join(folder, entry)
            if case .regular = Files.kind(path) { unlink(path) }
        }
    }

    private static func download(
        _ url: URL, to target: String, expected: KnownFile, timeout: Double, progress: (@Sendable (Progress) -> Void)?
    ) throws(DataError) {
        let folder = (target as NSString).deletingLastPathComponent
        let partial = DataLocation.join(folder, ".\(expected.name).partial-\(getpid())")
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: partial, reason: Files.systemMessage()) }
        let receiver = Receiver(descriptor: descriptor, path: partial, file: expected, progress: progress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: queue)
        let task = session.dataTask(with: url)
        task.resume()
        receiver.done.wait()
        session.finishTasksAndInvalidate()
        let state = receiver.state.withLock { $0 }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        do {
            if let status = state.status, status != 200 { throw DataError.httpStatus(url: url.absoluteString, status: status) }
            if let failure = state.failure { throw failure }
            if let reason = state.transportError { throw DataError.downloadFailed(url: url.absoluteString, reason: reason) }
            if state.received != expected.size {
                throw DataError.sizeMismatch(file: url.absoluteString, expected: expected.size, found: state.received)
            }
            var hasher = state.hasher
            let digest = hasher.finish()
            if digest != expected.sha256 {
                throw DataError.checksumMismatch(file: url.absoluteString, expected: expected.sha256, found: digest)
            }
            if !synced { throw DataError.cannotWrite(path: partial, reason: Files.systemMessage()) }
            if rename(partial, target) != 0 { throw DataError.cannotWrite(path: target, reason: Files.systemMessage()) }
        } catch let error as DataError {
            unlink(partial)
            throw error
        } catch {
            unlink(partial)
            throw .downloadFailed(url: url.absoluteString, reason: "\(error)")
        }
    }

    /// The download's state, written by URLSession's delegate callbacks (one at a time).
    private struct State: Sendable {
        var status: Int?
        var received = 0
        var hasher = SHA256()
        var failure: DataError?
        var transportError: String?
        var lastReport = 0.0
    }

    private final class Receiver: NSObject, URLSessionDataDelegate, Sendable {
        let descriptor: Int32
        let path: String
        let file: KnownFile
        let progress: (@Sendable (Progress) -> Void)?
        let state = Mutex(State())
        let done = DispatchSemaphore(value: 0)

        init(descriptor: Int32, path: String, file: KnownFile, progress: (@Sendable (Progress) -> Void)?) {
            self.descriptor = descriptor
            self.path = path
            self.file = file
            self.progress = progress
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            state.withLock { $0.status = status }
            completionHandler(status == 200 ? .allow : .cancel)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let (received, report) = state.withLock { state -> (Int, Bool) in
                guard state.failure == nil else { return (state.received, false) }
                // More than the known size cannot be the file: stop reading.
                guard state.received + data.count <= file.size else {
                    state.failure = .sizeMismatch(
                        file: dataTask.originalRequest?.url?.absoluteString ?? file.name, expected: file.size,
                        found: state.received + data.count)
                    return (state.received, false)
                }
                var failed = false
                data.withUnsafeBytes { buffer in
                    state.hasher.update(buffer)
                    var offset = 0
                    while offset < buffer.count {
                        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 {
                            failed = true
                            break
                        }
                        offset += written
                    }
                }
                if failed { state.failure = .cannotWrite(path: path, reason: Files.systemMessage()) }
                state.received += data.count
                let now = Date().timeIntervalSinceReferenceDate
                let report = now - state.lastReport >= 0.1 || state.received == file.size
                if report { state.lastReport = now }
                return (state.received, report)
            }
            if state.withLock({ $0.failure != nil }) { dataTask.cancel() }
            if report { progress?(Progress(file: file.name, received: received, total: file.size)) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            if let error {
                state.withLock { state in
                    // A cancel of our own (a refused status, too many bytes) is already explained.
                    if state.failure == nil && (state.status == nil || state.status == 200) {
                        state.transportError = error.localizedDescription
                    }
                }
            }
            done.signal()
        }
    }
}
