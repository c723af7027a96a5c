/// The lessons a `lessons` command knows, in the order it lists them.
public struct Registry: Sendable {
    public let lessons: [any Lesson]

    public init(_ lessons: [any Lesson]) {
        var seen = Set<String>()
        func allowed(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default: return false
            }
        }
        for lesson in lessons {
            // Ids name fixture files, so they are plain names: never a path.
            precondition(
                !lesson.id.isEmpty && lesson.id.utf8.allSatisfy(allowed) && lesson.id.utf8.first != UInt8(ascii: "-"),
                "lesson id '\(lesson.id)' must be lower-case letters, digits, _ and -")
            precondition(seen.insert(lesson.id).inserted, "two lessons are called '\(lesson.id)'")
        }
        self.lessons = lessons
    }

    public var ids: [String] { lessons.map(\.id) }

    /// The lessons named by `ids` in that order, without repeats, or all of
    /// them when `ids` is empty; an unknown id is refused.
    public func lessons(_ ids: [String]) throws(LessonError) -> [any Lesson] {
        if ids.isEmpty { return lessons }
        var chosen: [any Lesson] = []
        for id in ids where !chosen.contains(where: { $0.id == id }) { chosen.append(try lesson(id)) }
        return chosen
    }

    /// The lesson called `id`, or an error listing the known ones.
    public func lesson(_ id: String) throws(LessonError) -> any Lesson {
        guard let lesson = lessons.first(where: { $0.id == id }) else { throw .unknownLesson(id, known: ids) }
        return lesson
    }
}
