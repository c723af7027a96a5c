#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading files through POSIX: regular files only (a pipe or a device
/// could block or never end), with the size checked before reading.
public enum Files {
    /// What is at a path, following symbolic links.
    public enum Kind: Equatable, Sendable {
        case none
        case regular(size: Int, modified: Int, inode: UInt64)
        case directory
        case other
    }

    /// Why a file was not read.
    public enum Failure: Error, Equatable, Sendable {
        case missing
        /// A directory, a device, a pipe, …: `kind` says which.
        case notRegularFile(kind: String)
        /// Its size, or the bytes read when it outgrew the limit while read.
        case tooLarge(size: Int)
        case unreadable(reason: String)
    }

    public static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .none }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // Darwin names the modification time st_mtimespec; Linux st_mtim.
            #if canImport(Darwin)
                let time = info.st_mtimespec
            #else
                let time = info.st_mtim
            #endif
            let modified = Int(time.tv_sec) &* 1_000_000_000 &+ Int(time.tv_nsec)
            return .regular(size: Int(info.st_size), modified: modified, inode: UInt64(info.st_ino))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public static func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

    /// Whether anything is at `path`, a dangling symbolic link included
    /// (`kind` follows links, and calls a dangling one `.none`).
    public static func isPresent(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether two paths name one file (the same device and inode, through
    /// any links); false when either does not exist.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// The bytes of the regular file at `path`, refusing files over `limit`
    /// bytes. The file is opened without waiting (a FIFO put in its place
    /// cannot block the open) and then checked, through its descriptor, to
    /// be a regular file; it is read to its end, however large it says it
    /// is (files under /proc say 0), but never past `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            // A path through a file (`notes.txt/x`) names nothing, as a missing one does.
            if errno == ENOENT || errno == ENOTDIR { throw .missing }
            throw .unreadable(reason: systemMessage())
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(reason: systemMessage()) }
        if let kind = kind(of: info.st_mode) { throw .notRegularFile(kind: kind) }
        guard Int(info.st_size) <= limit else { throw .tooLarge(size: Int(info.st_size)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw .unreadable(reason: systemMessage()) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            if bytes.count > limit { throw .tooLarge(size: bytes.count) }
        }
    }

    /// The names in `folder` (without `.` and `..`), in the order the system
    /// lists them; none when it cannot be listed.
    public static func names(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// "a directory", "a device", … for anything but a regular file; nil for one.
    public static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symlink"
        default: return "not a regular file"
        }
    }

    /// The C library's message for the current `errno`.
    public static func systemMessage() -> String { String(cString: strerror(errno)) }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}
