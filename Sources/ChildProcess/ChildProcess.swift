import FileAccess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program run to the end with `posix_spawn`: its standard input given as
/// bytes, its standard output and error collected, and a deadline after which
/// it is killed.
///
/// One thread does everything through `poll`, so a child that writes a lot of
/// errors while its input is still being fed cannot deadlock the two sides,
/// and no helper threads (or Foundation's `Process`, whose library costs every
/// start of `lessons` a few milliseconds) are needed.
public enum ChildProcess {
    /// How a finished (or killed) child ended and what it wrote.
    public struct Result: Sendable, Equatable {
        /// The exit status, or 128 + the signal number when a signal ended
        /// it; -1 when the child was reaped elsewhere and its status is unknown.
        public var status: Int32
        public var output: [UInt8]
        public var errors: [UInt8]
        /// The deadline passed and the child was killed with SIGKILL.
        public var timedOut: Bool
        /// Its standard output passed `outputLimit` (or `lineLimit`) and it
        /// was killed, with what it wrote up to the limit kept.
        public var overflowed = false
    }

    /// Why the child could not be started.
    public struct StartFailure: Error, Sendable, CustomStringConvertible {
        public let program: String
        public let reason: String
        public var description: String { "cannot start \(program): \(reason)" }
    }

    /// Runs `program` (a path; `/usr/bin/env` finds a name on the PATH) with
    /// `arguments`, in `environment` (this process's own when nil).
    ///
    /// A child that writes without end must not take this process's memory:
    /// past `outputLimit` bytes of standard output it is killed (and
    /// `overflowed` set), as it is past `lineLimit`'s count of lines or with
    /// a line longer than its length, and of its standard error only the
    /// last `errorLimit` bytes are kept.
    ///
    /// `timeout` is for the whole run, or with `perLine` (and a `lineLimit`)
    /// for each line of standard output: a child answering a long batch one
    /// line at a time is stopped when one answer takes too long, not when the
    /// batch is merely long.
    public static func run(
        _ program: String, arguments: [String], environment: [String: String]? = nil, input: [UInt8] = [],
        timeout: Duration, perLine: Bool = false, outputLimit: Int = 1 << 30, lineLimit: (count: Int, length: Int)? = nil,
        errorLimit: Int = 1 << 20
    ) throws(StartFailure) -> Result {
        // A child that exits before reading all its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let child = try spawning.withLock { _ throws(StartFailure) in try start(program, arguments: arguments, environment: environment) }
        return exchange(
            pid: child.pid, input: input, stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, timeout: timeout,
            perLine: perLine && lineLimit != nil, limits: (max(0, outputLimit), max(0, errorLimit), lineLimit))
    }

    /// Held from making a child's pipes to starting it. `pipe` and the
    /// close-on-exec flag are two calls (`pipe2` is not in Swift's Glibc),
    /// and a child started between them by another thread would hold a pipe
    /// end open, so that this child's output never reached its end.
    private static let spawning = Mutex(())

    /// Starts the child with its three standard streams on new pipes;
    /// returns its pid and this side's ends.
    ///
    /// One function, so that every failure after a pipe or a file action is
    /// made closes what was opened, in one place.
    private static func start(
        _ program: String, arguments: [String], environment: [String: String]?
    ) throws(StartFailure) -> (pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                let reason = systemMessage()
                for fd in pipes.joined() { close(fd) }
                throw StartFailure(program: program, reason: reason)
            }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            pipes.append(ends)
        }
        // Child's ends: stdin reads pipes[0][0], stdout/stderr write pipes[1][1], pipes[2][1].
        // Darwin's types are optional pointers that init fills in; glibc's are structs.
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)

        let argv = ([program] + arguments).map { strdup($0) }
        let envp = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } }
        defer {
            for pointer in argv + (envp ?? []) { free(pointer) }
        }
        // The child starts with every signal at its default and none blocked:
        // it must not inherit, say, the SIG_IGN for SIGPIPE set above.
        #if canImport(Darwin)
            var attributes: posix_spawnattr_t? = nil
        #else
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        var none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let started = (argv + [nil]).withUnsafeBufferPointer { args in
            if let envp {
                return (envp + [nil]).withUnsafeBufferPointer { env in
                    posix_spawn(&pid, program, &actions, &attributes, args.baseAddress!, env.baseAddress!)
                }
            }
            #if canImport(Darwin)
                return posix_spawn(&pid, program, &actions, &attributes, args.baseAddress!, _NSGetEnviron().pointee)
            #else
                return posix_spawn(&pid, program, &actions, &attributes, args.baseAddress!, environ)
            #endif
        }
        close(pipes[0][0])
        close(pipes[1][1])
        close(pipes[2][1])
        guard started == 0 else {
            close(pipes[0][1])
            close(pipes[1][0])
            close(pipes[2][0])
            throw StartFailure(program: program, reason: String(cString: strerror(started)))
        }
        return (pid, pipes[0][1], pipes[1][0], pipes[2][0])
    }

    /// Feeds `input`, drains both outputs until they close or the deadline
    /// passes, then reaps the child.
    ///
    /// One poll loop, whole: feeding the input, draining both outputs, the
    /// deadline and the output caps share the descriptors and counters it
    /// keeps, which pieces of it would have to pass back and forth.
    private static func exchange(
        pid: pid_t, input: [UInt8], stdin: Int32, stdout: Int32, stderr: Int32, timeout: Duration, perLine: Bool,
        limits: (output: Int, errors: Int, lines: (count: Int, length: Int)?)
    ) -> Result {
        // Lines seen so far, and the length of the one being written.
        var (lines, lineLength) = (0, 0)
        var result = Result(status: 0, output: [], errors: [], timedOut: false)
        var inFD = stdin
        var outFD = stdout
        var errFD = stderr
        for fd in [inFD, outFD, errFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var written = 0
        if input.isEmpty {
            close(inFD)
            inFD = -1
        }
        var deadline = ContinuousClock.now.advanced(by: timeout)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while outFD >= 0 || errFD >= 0 {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero {
                killTree(pid)
                result.timedOut = true
                break
            }
            var fds = [
                pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: outFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errFD, events: Int16(POLLIN), revents: 0),
            ]
            // At most a minute per wait (the loop comes back): a deadline
            // years away must not overflow the milliseconds.
            let milliseconds =
                left >= .seconds(60) ? 60_000 : left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
            let ready = poll(&fds, nfds_t(fds.count), Int32(milliseconds))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            if inFD >= 0 && fds[0].revents != 0 {
                let count = input.withUnsafeBytes { write(inFD, $0.baseAddress! + written, input.count - written) }
                if count > 0 { written += count }
                if written == input.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
                    close(inFD)
                    inFD = -1
                }
            }
            for (slot, fd) in [(1, outFD), (2, errFD)] where fd >= 0 && fds[slot].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if count > 0 {
                    if slot == 1 {
                        let room = limits.output - result.output.count
                        result.output += chunk[..<min(count, room)]
                        if count > room { result.overflowed = true }
                        if let most = limits.lines {
                            let linesBefore = lines
                            // memchr finds the newlines: megabytes of answers, at C speed in debug builds too.
                            var longest = 0
                            chunk.withUnsafeBytes { raw in
                                guard var start = raw.baseAddress else { return }
                                var left = count
                                while left > 0, let newline = memchr(start, 0x0A, left) {
                                    let length = start.distance(to: UnsafeRawPointer(newline))
                                    longest = max(longest, lineLength + length)
                                    lines += 1
                                    lineLength = 0
                                    start += length + 1
                                    left -= length + 1
                                }
                                lineLength += left
                            }
                            // A last line may lack its newline: it counts once it has a byte.
                            if lines + (lineLength > 0 ? 1 : 0) > most.count || max(longest, lineLength) > most.length {
                                result.overflowed = true
                            }
                            // A finished line: the next one has the whole timeout.
                            if perLine && lines > linesBefore { deadline = ContinuousClock.now.advanced(by: timeout) }
                        }
                    } else {
                        result.errors += chunk[..<count]
                        // Only the end is kept: that is where an error says what went wrong.
                        if result.errors.count > 2 * limits.errors { result.errors.removeFirst(result.errors.count - limits.errors) }
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(fd)
                    if slot == 1 { outFD = -1 } else { errFD = -1 }
                }
            }
            if result.overflowed {
                killTree(pid)
                break
            }
        }
        if result.errors.count > limits.errors { result.errors.removeFirst(result.errors.count - limits.errors) }
        for fd in [inFD, outFD, errFD] where fd >= 0 { close(fd) }
        // A child may close its outputs and go on running: the deadline still holds.
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, result.timedOut || result.overflowed ? 0 : WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                // Reaped by someone else (SIGCHLD ignored, or a handler of
                // the host program): how it ended is unknown, not success.
                result.status = -1
                return result
            }
            if reaped == 0 {
                if ContinuousClock.now >= deadline {
                    killTree(pid)
                    result.timedOut = true
                } else {
                    usleep(1000)
                }
            }
        }
        // The <sys/wait.h> macros: the low 7 bits are the signal, else bits 8…15 the exit code.
        let signal = status & 0x7f
        result.status = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return result
    }

    /// Kills `pid` and every process below it: a child's own children (a
    /// shell script's, say) would otherwise outlive the deadline, still
    /// running and holding the output pipes. Each process is stopped before
    /// its children are listed, so none can start more in between; then all
    /// are killed, the deepest first. The children come from Linux's
    /// `/proc/PID/task/TID/children`; where that does not exist, only `pid`
    /// is killed.
    static func killTree(_ pid: pid_t) {
        var tree: [pid_t] = []
        var pending = [pid]
        while let next = pending.popLast(), tree.count < 10_000 {
            kill(next, SIGSTOP)
            tree.append(next)
            pending += children(of: next)
        }
        for member in tree.reversed() { kill(member, SIGKILL) }
    }

    /// The pids whose parent is `pid`, from each of its threads' `children` file.
    static func children(of pid: pid_t) -> [pid_t] {
        Files.names(in: "/proc/\(pid)/task").flatMap { tid in
            let listed = (try? Files.read("/proc/\(pid)/task/\(tid)/children", limit: 1 << 20)) ?? []
            return String(decoding: listed, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { pid_t($0) }
        }
    }

    /// Puts SIGCHLD back to its default when it is ignored, for a program
    /// to call first thing in `main`; a handler is left alone.
    ///
    /// A parent may start a program with SIGCHLD ignored (the setting
    /// survives exec). The kernel then reaps its children itself, and
    /// `waitpid` cannot say how one ended (`run` reports -1). A library
    /// does not change its host's signal settings behind its back, so this
    /// is the program's call, made before it has threads or children.
    public static func reportChildExits() {
        let previous = signal(SIGCHLD, SIG_DFL)
        if unsafeBitCast(previous, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self) { signal(SIGCHLD, previous) }
    }

    static func systemMessage() -> String { String(cString: strerror(errno)) }
}
