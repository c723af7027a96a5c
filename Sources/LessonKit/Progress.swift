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

    /// From now on SIGINT asks a listening lesson (``listening(_:)``) to
    /// stop at its next check. Otherwise, and on a second Ctrl-C, the
    /// default action ends the process, so that a calling shell sees a death
    /// by SIGINT and stops too. A SIGINT the caller ignores (a script's
    /// background job) stays ignored.
    public static func catchInterrupts() {
        let inherited = signal(SIGINT) { _ in
            if LessonProgress.interrupted != 0 || LessonProgress.listeners == 0 {
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
                return
            }
            LessonProgress.interrupted = 1
        }
        if unsafeBitCast(inherited, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(SIGINT, SIG_IGN) }
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
