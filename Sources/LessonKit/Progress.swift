#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a long lesson tells the command where it is, and learns that the
/// learner pressed Ctrl-C.
///
/// The command sets ``report`` (a progress line on a terminal, nothing when
/// piped, quiet or JSON) and calls ``catchInterrupts()``; a lesson calls
/// ``update(_:)`` now and then and ``checkInterrupted(lesson:at:)`` between steps.
public enum LessonProgress {
    /// One report: the step reached, of how many, and a few words of status.
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

    public static func update(_ update: @autoclosure () -> Update) {
        if let report { report(update()) }
    }

    nonisolated(unsafe) private static var interrupted: sig_atomic_t = 0

    /// From now on SIGINT asks the running lesson to stop instead of killing
    /// the process; a second Ctrl-C kills it as usual.
    public static func catchInterrupts() {
        signal(SIGINT) { _ in
            if LessonProgress.interrupted != 0 { _exit(130) }
            LessonProgress.interrupted = 1
        }
    }

    /// Throws ``LessonError/interrupted(lesson:at:)`` once Ctrl-C was pressed.
    public static func checkInterrupted(lesson: String, at step: String) throws(LessonError) {
        if interrupted != 0 { throw .interrupted(lesson: lesson, at: step) }
    }
}
