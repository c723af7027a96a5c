import Checksums
import Datasets
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded subset's folder in this source tree.
let embeddedSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/EmbeddedMNIST/Embedded").path

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "datasets-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    func copyEmbedded(except skipped: Set<String> = []) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: embeddedSource)
        where name.hasSuffix(".gz") && !skipped.contains(name) {
            try FileManager.default.copyItem(atPath: embeddedSource + "/" + name, toPath: file(name))
        }
    }

    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

func readBytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

/// The SHA-256 of floats' little-endian bytes, as NumPy's `x.astype('<f4').tobytes()` hashes them.
func floatsDigest(_ values: [Float]) -> String {
    values.withUnsafeBytes { buffer in
        var hasher = Checksums.SHA256()
        hasher.update(buffer)
        return hasher.finish()
    }
}

/// A one-thread HTTP/1.1 server on 127.0.0.1 for download tests: it answers
/// each GET from `reply`, closes every connection after one answer, and
/// stops by itself after `lifetime` seconds at most.
final class LoopbackServer: Sendable {
    /// An answer: a status, a body, and optionally a longer Content-Length
    /// than the body (the connection then closes early: a truncated download).
    struct Reply: Sendable {
        var status = 200
        var body: [UInt8] = []
        var declaredLength: Int?
        /// A Location header (for a redirect).
        var location: String? = nil
        /// Send the body `trickleBytes` at a time, this long apart (a server that crawls).
        var trickle: Duration? = nil
        var trickleBytes = 2
    }

    let port: UInt16
    private let listener: Int32
    private let stopping = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)
    let requests = Mutex<[String]>([])

    init(lifetime: Double = 20, reply: @escaping @Sendable (String) -> Reply) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ServerError.socket
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let deadline = Date().addingTimeInterval(lifetime)
        let thread = Thread { [self] in
            while !stopping.withLock({ $0 }) && Date() < deadline {
                var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 50) > 0 else { continue }
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                serve(connection, reply)
                close(connection)
            }
            finished.signal()
        }
        thread.start()
    }

    var base: String { "http://127.0.0.1:\(port)/" }

    /// Stops accepting, waits for the serving thread, and closes the socket.
    func stop() {
        stopping.withLock { $0 = true }
        finished.wait()
        close(listener)
    }

    private func serve(_ connection: Int32, _ reply: @Sendable (String) -> Reply) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return }
            request += chunk[..<count]
        }
        let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
        let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        requests.withLock { $0.append(path) }
        let answer = reply(path)
        let head =
            "HTTP/1.1 \(answer.status) Status\r\nContent-Length: \(answer.declaredLength ?? answer.body.count)\r\n"
            + (answer.location.map { "Location: \($0)\r\n" } ?? "")
            + "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        if let pause = answer.trickle {
            send(all: Array(head.utf8), to: connection)
            var offset = 0
            while offset < answer.body.count, !stopping.withLock({ $0 }) {
                let end = min(offset + answer.trickleBytes, answer.body.count)
                guard sendCounting(Array(answer.body[offset..<end]), to: connection) else { break }
                offset = end
                Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
            }
        } else {
            send(all: Array(head.utf8) + answer.body, to: connection)
        }
        shutdown(connection, Int32(SHUT_WR))
    }

    /// Sends `bytes`; false once the peer has gone.
    private func sendCounting(_ bytes: [UInt8], to connection: Int32) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    private func send(all bytes: [UInt8], to connection: Int32) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    enum ServerError: Error { case socket }
}

/// A loopback port bound without listening: connections to it are refused.
struct ReservedPort {
    let descriptor: Int32
    let number: UInt16

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let fd = descriptor
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard fd >= 0, bound == 0 else { throw LoopbackServer.ServerError.socket }
        number = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(descriptor) }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
