import CInterrupts
import Terminal

extension LessonProgress {
    /// Throws ``LessonError/interrupted(lesson:at:)`` once Ctrl-C was pressed.
    public static func checkInterrupted(lesson: String, at step: @autoclosure () -> String) throws(LessonError) {
        if cinterrupts_interrupted() != 0 { throw .interrupted(lesson: lesson, at: step()) }
    }
}
