import Dispatch
import LessonKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The line a long run keeps rewriting on a terminal's stderr: the step
/// reached, the lesson's status and the time left, five times a second from
/// 200 ms on (a shorter run draws nothing). Nothing when stderr is not a
/// terminal (piped, a file, CI). Just before the line is first drawn,
/// `before` runs once: `lessons run` prints the lesson's explanation then, so
/// a long run is read about while it works, and a short or failing one
/// prints nothing early.
final class RunProgress: @unchecked Sendable {
    private let before: (@Sendable () -> Void)?

    private init(before: (@Sendable () -> Void)?) { self.before = before }

    private let start = ContinuousClock.now
    /// Whether the line has been drawn at all (updates come when due, see `clock`).
    private let drawn = Mutex(false)
    /// The first update's time (seconds since `start`) and step: the rate is
    /// measured from there, not from the start, whose set-up (loading a data
    /// set, say) is no step's cost.
    private let first = Mutex<(seconds: Double, step: Int)?>(nil)

    /// Installs a progress line for the coming run when `enabled` and stderr
    /// is a terminal; returns it so that `finish()` can clear it.
    static func install(enabled: Bool, before: (@Sendable () -> Void)? = nil) -> RunProgress? {
        // A progress line needs a terminal that can rewrite a line (not TERM=dumb).
        let terminal = isatty(2) != 0
        let rewrites = terminal && getenv("TERM").map { String(cString: $0) } != "dumb"
        LessonProgress.catchInterrupts(acknowledge: terminal, rewritesLines: rewrites)
        guard enabled, rewrites else { return nil }
        let line = RunProgress(before: before)
        LessonProgress.report = { line.show($0) }
        // Lessons report at every step; the clock lets one through five times
        // a second, the first after 200 ms, so that a short run draws nothing.
        line.clock.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        line.clock.setEventHandler { LessonProgress.markDue() }
        line.clock.resume()
        return line
    }

    /// Marks an update due (``LessonProgress/markDue()``) every 200 ms.
    private let clock = DispatchSource.makeTimerSource(queue: .global())

    func show(_ update: LessonProgress.Update) {
        drawn.withLock { drawn in
            let now = ContinuousClock.now
            if !drawn { before?() }
            drawn = true
            LessonProgress.progressLine(shown: true)
            draw(update, elapsed: now - start)
        }
    }

    private func draw(_ update: LessonProgress.Update, elapsed duration: Duration) {
        let elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        let since = first.withLock { first in
            if first == nil { first = (elapsed, update.step) }
            return first!
        }
        let left = Self.timeLeft(from: since, to: (elapsed, update.step), total: update.total)
        let text = "  \(update.step)/\(update.total)  " + (update.status.isEmpty ? "" : "\(update.status)  ") + left
        Console.write(Array(("\r\u{1B}[K" + text).utf8)[...], to: 2)
    }

    /// The time left at the rate measured from `from` to `to` (seconds,
    /// step): "estimating…" until half a second and one step lie between
    /// them, so the first steps do not extrapolate to minutes.
    static func timeLeft(from: (seconds: Double, step: Int), to: (seconds: Double, step: Int), total: Int) -> String {
        let (seconds, steps) = (to.seconds - from.seconds, to.step - from.step)
        guard seconds >= 0.5, steps >= 1 else { return to.step >= total ? "0 s left" : "estimating the time left" }
        return "\(duration(seconds / Double(steps) * Double(max(0, total - to.step)))) left"
    }

    /// Clears the line, so that what follows starts on a clean line.
    func finish() {
        clock.cancel()
        LessonProgress.report = nil
        LessonProgress.progressLine(shown: false)
        if drawn.withLock({ $0 }) { Console.write(Array("\r\u{1B}[K".utf8)[...], to: 2) }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }
}
