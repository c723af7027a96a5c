import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole files safely: a reader sees the old content or the new,
/// never a part, and only a regular file is ever replaced.
///
/// - The bytes go to a temporary file beside the target, named
///   `.<name>.lessons-partial-<pid>` (a long name cut, see `stem`), which is
///   flushed to disk and renamed
///   over the target. A kill between the two leaves that temporary file and
///   the old target whole; the next write to the same folder removes
///   temporary files whose process is gone, and `verify` lists them.
/// - A directory, a device, a FIFO or a socket at the path is refused,
///   never replaced (`/dev/full`, `/tmp`).
/// - A symlink is followed, as a shell's `>` follows it: the file it points
///   to is replaced and the link stays. A link to nothing, or to anything but
///   a regular file, is refused.
/// - A replaced file keeps its permission bits; a new one gets 0666 less
///   the umask.
public enum SafeWrite {
    /// Why a file could not be written: one line naming it.
    public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write '\(path.excerpt(limit: 160))': \(reason)" }
    }

    /// What marks a temporary file: `.<name>` + this + the writer's pid.
    public static let partialMarker = ".lessons-partial-"

    /// Writes `bytes` to `path` atomically; see the type's rules.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let file = try Writer(path)
        let failure: Failure? = bytes.withUnsafeBytes { buffer in
            do throws(Failure) { try file.write(buffer) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        try file.commit()
    }

    /// One file being written: opened by ``init(_:)`` (the checks, and the
    /// temporary file beside the target), filled by ``write(_:)``, and made
    /// the target by ``commit()``. A writer that is not committed removes
    /// its temporary file, so a failure anywhere leaves the old target whole.
    public final class Writer {
        /// The path as given, for messages.
        public let path: String
        let target: String
        let folder: String
        let temporary: String
        private var descriptor: Int32
        private var committed = false

        func fail(_ reason: String) -> Failure { Failure(path: path, reason: reason) }

        /// Checks `path` (see ``SafeWrite``'s rules), clears temporary files
        /// of the same name whose writer is gone, and creates this writer's.
        public init(_ path: String) throws(Failure) {
            self.path = path
            func fail(_ reason: String) -> Failure { Failure(path: path, reason: reason) }
            guard !path.isEmpty else { throw fail("no file name given") }
            guard !path.hasSuffix("/") else { throw fail("it names a folder (it ends in /), not a file") }
            var target = path
            var info = stat()
            var exists = false
            if lstat(path, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFLNK {
                    guard let resolved = realpath(path, nil) else { throw fail("it is a symlink to a file that does not exist") }
                    target = String(cString: resolved)
                    free(resolved)
                    guard stat(target, &info) == 0 else { throw fail("cannot follow its symlink (\(Files.systemMessage()))") }
                }
                if let kind = Files.kind(of: info.st_mode) { throw fail("it is \(kind), not a regular file") }
                exists = true
            } else if errno != ENOENT {
                throw fail(Files.systemMessage())
            }
            let (folder, name) = split(target)
            var folderInfo = stat()
            guard stat(folder, &folderInfo) == 0 else { throw fail("its folder '\(folder.excerpt(limit: 160))' does not exist") }
            guard (folderInfo.st_mode & S_IFMT) == S_IFDIR else { throw fail("'\(folder.excerpt(limit: 160))' is not a folder") }
            removeStaleTemporaryFiles(in: folder, for: name)
            let temporary = folder + "/." + stem(name) + partialMarker + String(getpid())
            unlink(temporary)  // one this process left, if a write of it failed midway
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw fail("cannot create a temporary file in '\(folder.excerpt(limit: 160))': \(Files.systemMessage())") }
            if exists { fchmod(descriptor, info.st_mode & 0o7777) }
            (self.target, self.folder, self.temporary, self.descriptor) = (target, folder, temporary, descriptor)
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
            if !committed { unlink(temporary) }
        }

        /// Appends `bytes` to the temporary file.
        public func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            guard descriptor >= 0 else { throw fail("the file was already committed") }
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw fail(Files.systemMessage()) }
                offset += written
            }
        }

        /// Flushes the temporary file to disk and renames it over the target,
        /// checking once more that the target is not something else by now.
        public func commit() throws(Failure) {
            guard descriptor >= 0 else { throw fail("the file was already committed") }
            let synced = fsync(descriptor) == 0
            let reason = synced ? "" : Files.systemMessage()
            let closed = close(descriptor) == 0
            descriptor = -1
            guard synced else { throw fail(reason) }
            guard closed else { throw fail(Files.systemMessage()) }
            // Checked again just before the rename: the path may have changed since.
            var info = stat()
            if lstat(target, &info) == 0, let kind = Files.kind(of: info.st_mode) { throw fail("it is \(kind), not a regular file") }
            guard rename(temporary, target) == 0 else { throw fail(Files.systemMessage()) }
            committed = true
            let folderDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
            if folderDescriptor >= 0 {
                fsync(folderDescriptor)
                close(folderDescriptor)
            }
        }
    }

    /// Temporary files in `folder` (names only), whoever left them.
    public static func temporaryFiles(in folder: String) -> [String] {
        Files.names(in: folder).filter { $0.hasPrefix(".") && $0.contains(partialMarker) }.sorted()
    }

    /// Removes the temporary files in `folder` (only those of `name` when
    /// given) whose writing process no longer runs; returns their names.
    @discardableResult
    public static func removeStaleTemporaryFiles(in folder: String, for name: String? = nil) -> [String] {
        var removed: [String] = []
        for file in temporaryFiles(in: folder) {
            guard let range = file.ranges(of: partialMarker).last else { continue }
            if let name, file[file.index(after: file.startIndex)..<range.lowerBound] != stem(name) { continue }
            guard let pid = Int32(file[range.upperBound...]), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // still running
            if unlink(folder + "/" + file) == 0 { removed.append(file) }
        }
        return removed
    }

    /// The part of a temporary file's name that stands for the target's:
    /// the name itself, or for a name too long to take the dot, the marker
    /// and a pid within a file name's 255 bytes, its first 180 bytes (whole
    /// characters) and a hash of the rest, so that a 250-byte name can be
    /// written as any other.
    static func stem(_ name: String) -> String {
        guard name.utf8.count + 1 + partialMarker.utf8.count + 10 > 255 else { return name }
        var kept = ""
        for character in name {
            guard kept.utf8.count + character.utf8.count <= 180 else { break }
            kept.append(character)
        }
        // FNV-1a over the whole name's bytes.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return kept + "~" + String(hash, radix: 16)
    }

    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
