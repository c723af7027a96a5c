import LessonKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The line a long run keeps rewriting on a terminal's stderr: the step
/// reached, the lesson's status and the time left, at most five times a
/// second. Nothing when stderr is not a terminal (piped, a file, CI).
final class RunProgress: @unchecked Sendable {
    private let start = ContinuousClock.now
    /// When the line was last drawn, and whether it has been at all.
    private let drawn = Mutex((last: ContinuousClock.now - .seconds(1), any: false))

    /// Installs a progress line for the coming run when `enabled` and stderr
    /// is a terminal; returns it so that `finish()` can clear it.
    static func install(enabled: Bool) -> RunProgress? {
        LessonProgress.catchInterrupts()
        guard enabled, isatty(2) != 0 else { return nil }
        let line = RunProgress()
        LessonProgress.report = { line.show($0) }
        return line
    }

    func show(_ update: LessonProgress.Update) {
        drawn.withLock { drawn in
            let now = ContinuousClock.now
            guard now - drawn.last >= .milliseconds(200) || update.step == update.total else { return }
            drawn = (now, true)
            draw(update, elapsed: now - start)
        }
    }

    private func draw(_ update: LessonProgress.Update, elapsed duration: Duration) {
        let elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        let left = update.step > 0 ? elapsed / Double(update.step) * Double(update.total - update.step) : 0
        let text = "  \(update.step)/\(update.total)  \(update.status)  \(Self.duration(left)) left"
        Console.write(Array(("\r\u{1B}[K" + text).utf8)[...], to: 2)
    }

    /// Clears the line, so that what follows starts on a clean line.
    func finish() {
        LessonProgress.report = nil
        if drawn.withLock({ $0.any }) { Console.write(Array("\r\u{1B}[K".utf8)[...], to: 2) }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }
}
