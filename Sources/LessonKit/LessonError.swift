/// Why a lesson could not run with the input it was given. Each description
/// is one line that names the lesson, parameter or value at fault.
public enum LessonError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownLesson(String, known: [String])
    case unknownParameter(lesson: String, name: String, known: [String])
    case badSetting(String)
    case badValue(parameter: String, value: String, expected: String)
    case wrongShape(parameter: String, expected: String, got: String)
    case badFunction(parameter: String, ExpressionError)
    case seedOutOfRange(String)
    case seedNotUsed(lesson: String)
    case cannotDraw(lesson: String, reason: String)
    /// A data set that cannot be found (exit 64) or is damaged (exit 65).
    case badData(String, status: Int32)
    /// Ctrl-C during a long run (exit 130); `at` says how far it got
    /// ("after 12 of 100 iterations").
    case interrupted(lesson: String, at: String)
    /// Ctrl-C during a long run that keeps what it did: `outputs` are those
    /// of the steps done (training's losses and epochs so far, and its
    /// weights then), every declared output present. `lessons run` prints
    /// them and exits 130; everything else treats it as ``interrupted(lesson:at:)``.
    case stopped(lesson: String, at: String, outputs: [Output])

    /// The exit status for this error: 64 for bad input, 65 for damaged
    /// data, 130 for an interrupted run.
    public var exitStatus: Int32 {
        switch self {
        case .badData(_, let status): return status
        case .interrupted, .stopped: return 130
        default: return 64
        }
    }

    public var description: String {
        switch self {
        case .unknownLesson(let id, let known):
            return "unknown lesson '\(id.excerpt())'; the lessons are: \(known.joined(separator: ", "))"
        case .unknownParameter(let lesson, let name, let known):
            return "lesson '\(lesson)' has no parameter '\(name.excerpt())'; its parameters are: \(known.joined(separator: ", "))"
        case .badSetting(let text):
            return "--set expects NAME=VALUE, got '\(text.excerpt())'"
        case .badValue(let parameter, let value, let expected):
            return "\(parameter): '\(value)' is not \(expected)"
        case .wrongShape(let parameter, let expected, let got):
            return "\(parameter): expected \(expected), got \(got)"
        case .badFunction(let parameter, let error):
            return "\(parameter) \(error)"
        case .seedOutOfRange(let seed):
            return "seed '\(seed.excerpt())' is out of range: a seed is a whole number from 0 to 4294967295 (2^32 - 1)"
        case .cannotDraw(let lesson, let reason):
            return "cannot draw the \(lesson) figure: \(reason)"
        case .badData(let message, _):
            return message
        case .interrupted(let lesson, let step), .stopped(let lesson, let step, _):
            return "\(lesson) stopped by Ctrl-C \(step); nothing was printed"
        case .seedNotUsed(let lesson):
            return "lesson '\(lesson)' draws no random numbers, so --seed does not apply to it"
        }
    }
}
