import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a long lesson tells the command where it is, and learns that the
/// learner pressed Ctrl-C.
///
/// The command sets ``report`` (a progress line on a terminal, nothing when
/// piped, quiet or JSON), calls ``markDue()`` on a clock and calls
/// ``catchInterrupts()``. A lesson may call ``update(_:)`` at every step:
/// the update is built and reported only when one is due, so a step pays one
/// load of a flag. A lesson whose loop calls ``checkInterrupted(lesson:at:)``
/// between steps runs that loop inside ``listening(_:)``; Ctrl-C outside
/// such a loop ends the process at once, as it would without a handler.
public enum LessonProgress {
    /// One report: the step reached, of how many, and a few words of status
    /// (may be empty).
    public struct Update: Sendable {
        public let step: Int
        public let total: Int
        public let status: String
        public init(step: Int, total: Int, status: String) {
            self.step = step
            self.total = total
            self.status = status
        }
    }

    nonisolated(unsafe) public static var report: (@Sendable (Update) -> Void)?

    /// Whether the next update is reported: set by the command's clock
    /// (``markDue()``), cleared by each report; never set without a
    /// ``report``, so that an update then costs one load.
    @usableFromInline static let due = Atomic<Bool>(false)

    /// Asks for the next update (the command calls it a few times a second).
    public static func markDue() { due.store(true, ordering: .relaxed) }

    @inlinable public static func update(_ update: @autoclosure () -> Update) {
        guard due.load(ordering: .relaxed) else { return }
        due.store(false, ordering: .relaxed)
        report?(update())
    }

    nonisolated(unsafe) private static var interrupted: sig_atomic_t = 0
    nonisolated(unsafe) private static var listeners: sig_atomic_t = 0
    /// Whether the command's progress line is on the terminal now.
    nonisolated(unsafe) private static var lineShown: sig_atomic_t = 0
    /// Whether stderr is a terminal, where a heard Ctrl-C is acknowledged.
    nonisolated(unsafe) private static var acknowledge: sig_atomic_t = 0
    /// What the handler writes, made before it can run (it may not allocate):
    /// the sequence that clears the progress line, and that plus the
    /// acknowledgement of a Ctrl-C a listening loop will act on.
    nonisolated(unsafe) private static var clearLine = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    nonisolated(unsafe) private static var heard = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    /// The command tells whether its progress line is drawn, so that a
    /// Ctrl-C that ends the process first clears it.
    public static func progressLine(shown: Bool) { lineShown = shown ? 1 : 0 }

    /// From now on SIGINT asks a listening lesson (``listening(_:)``) to
    /// stop at its next check, and says so on a terminal, since a step may
    /// take a while. Otherwise, and on a second Ctrl-C, the default action
    /// ends the process (after clearing a progress line), so that a calling
    /// shell sees a death by SIGINT and stops too. A SIGINT the caller
    /// ignores (a script's background job) stays ignored.
    public static func catchInterrupts() {
        var current = sigaction()
        sigaction(SIGINT, nil, &current)
        if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { return }
        if clearLine.baseAddress == nil {
            clearLine = bytes("\r\u{1B}[K")
            heard = bytes("\r\u{1B}[KCtrl-C: stopping after this step (Ctrl-C again to stop at once)\n")
        }
        acknowledge = isatty(2) != 0 ? 1 : 0
        signal(SIGINT) { _ in
            if LessonProgress.interrupted != 0 || LessonProgress.listeners == 0 {
                if LessonProgress.lineShown != 0 { _ = write(2, LessonProgress.clearLine.baseAddress, LessonProgress.clearLine.count) }
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
                return
            }
            LessonProgress.interrupted = 1
            if LessonProgress.acknowledge != 0 { _ = write(2, LessonProgress.heard.baseAddress, LessonProgress.heard.count) }
        }
    }

    /// `text` in memory of its own that is never freed.
    private static func bytes(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let utf8 = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: utf8.count)
        _ = buffer.initialize(from: utf8)
        return buffer
    }

    /// Runs `body`, a loop that calls ``checkInterrupted(lesson:at:)``
    /// between its steps, so that Ctrl-C stops it there with a reason.
    public static func listening<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        listeners += 1
        defer { listeners -= 1 }
        return try body()
    }

    /// Throws ``LessonError/interrupted(lesson:at:)`` once Ctrl-C was pressed.
    public static func checkInterrupted(lesson: String, at step: @autoclosure () -> String) throws(LessonError) {
        if interrupted != 0 { throw .interrupted(lesson: lesson, at: step()) }
    }
}
