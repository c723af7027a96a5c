#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading data files through POSIX: regular files only (a pipe or a
/// device could block or never end), with the size checked before reading.
enum Files {
    /// What is at a path, following symbolic links.
    enum Kind: Equatable {
        case none
        case regular(size: Int, modified: Int, inode: UInt64)
        case directory
        case other
    }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .none }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let modified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
            return .regular(size: Int(info.st_size), modified: modified, inode: UInt64(info.st_ino))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

    /// The bytes of the regular file at `path`, refusing files over `limit` bytes.
    static func read(_ path: String, limit: Int) throws(DataError) -> [UInt8] {
        guard case .regular(let size, _, _) = kind(path) else {
            if kind(path) == .none { throw .unreadable(file: path, reason: "no such file") }
            throw .notRegularFile(path)
        }
        guard size <= limit else { throw .tooLarge(file: path, limit: limit) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(file: path, reason: systemMessage()) }
        defer { close(descriptor) }
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = systemRead(descriptor, buffer.baseAddress! + initialized, size - initialized)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failure = systemMessage() }
                if count <= 0 { break }
                initialized += count
            }
        }
        if let failure { throw .unreadable(file: path, reason: failure) }
        return bytes
    }

    static func systemMessage() -> String { String(cString: strerror(errno)) }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}
