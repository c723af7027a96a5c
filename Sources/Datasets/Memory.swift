import FileAccess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How much memory a data set may take here: what the system says is
/// available now, for a refusal in one line before a large allocation
/// rather than a machine driven into swap or the out-of-memory killer.
enum Memory {
    /// Bytes available: Linux's MemAvailable (free memory and what caches
    /// would give back), less for a process in a cgroup whose limit is
    /// nearer (a container); else the physical memory; nil when nothing is
    /// known.
    static func available() -> Int? {
        func text(_ path: String) -> String? { (try? Files.read(path, limit: 1 << 16)).map { String(decoding: $0, as: UTF8.self) } }
        if let found = available(meminfo: text("/proc/meminfo"), limit: text("/sys/fs/cgroup/memory.max"), used: text("/sys/fs/cgroup/memory.current")) {
            return found
        }
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : nil
    }

    /// The bytes available from the text of /proc/meminfo and of a cgroup's
    /// memory.max (`max` for none) and memory.current; nil without a
    /// MemAvailable line.
    static func available(meminfo: String?, limit: String?, used: String?) -> Int? {
        guard let meminfo else { return nil }
        var available: Int?
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Int(fields[1]) { available = kilobytes * 1024 }
        }
        guard let available else { return nil }
        if let limit = limit.flatMap({ Int($0.trimmingWhitespace()) }), let used = used.flatMap({ Int($0.trimmingWhitespace()) }) {
            return min(available, max(0, limit - used))
        }
        return available
    }

    /// `196 MB`, `1.6 GB`: a size for a message.
    static func describe(_ bytes: Int) -> String {
        guard bytes >= 1 << 30 else { return "\(max(1, bytes >> 20)) MB" }
        let tenths = (bytes * 10) >> 30
        return "\(tenths / 10).\(tenths % 10) GB"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
