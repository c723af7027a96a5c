import CInterrupts
import Synchronization

/// How a long lesson tells the command where it is, and learns that the
/// learner pressed Ctrl-C.
///
/// The command sets ``report`` (a progress line on a terminal, nothing when
/// piped, quiet or JSON), calls ``markDue()`` on a clock and calls
/// ``catchInterrupts(acknowledge:rewritesLines:)``. A lesson may call ``update(_:)`` at every step:
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
    private static let due = Atomic<Bool>(false)

    /// Asks for the next update (the command calls it a few times a second).
    public static func markDue() { due.store(true, ordering: .relaxed) }

    public static func update(_ update: @autoclosure () -> Update) {
        guard due.load(ordering: .relaxed) else { return }
        due.store(false, ordering: .relaxed)
        report?(update())
    }

    /// The command tells whether its progress line is drawn, so that a
    /// Ctrl-C that ends the process first clears it.
    public static func progressLine(shown: Bool) { cinterrupts_progress_line(shown ? 1 : 0) }

    /// From now on SIGINT asks a listening lesson (``listening(_:)``) to
    /// stop at its next check, and when `acknowledge` (a terminal) says so
    /// at once, since a step may take a while (over the progress line when
    /// the terminal `rewritesLines`). Otherwise, and on a second
    /// Ctrl-C, the default action ends the process (after clearing a
    /// progress line), so that a calling shell sees a death by SIGINT and
    /// stops too. A SIGINT the caller ignores (a script's background job)
    /// stays ignored. The handler is C (`CInterrupts`): a signal may touch
    /// nothing else safely.
    public static func catchInterrupts(acknowledge: Bool, rewritesLines: Bool) {
        _ = cinterrupts_install(acknowledge ? (rewritesLines ? 2 : 1) : 0)
    }

    /// Runs `body`, a loop that calls ``checkInterrupted(lesson:at:)``
    /// between its steps, so that Ctrl-C stops it there with a reason.
    /// Check once more after it returns: a Ctrl-C during its last step is
    /// seen only then.
    public static func listening<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        cinterrupts_listen(1)
        defer { cinterrupts_listen(-1) }
        return try body()
    }

    /// Whether Ctrl-C was pressed while listening: one load of a flag, for a
    /// long step to poll inside itself and return early (its caller then
    /// calls ``checkInterrupted(lesson:at:)``).
    public static var isInterrupted: Bool { cinterrupts_interrupted() != 0 }
}
