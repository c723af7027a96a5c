// The example lesson of docs/writing-lessons.md, compiled and checked: the
// code between the markers is the guide's, character for character (a test
// compares them).
// README-LESSON-BEGIN
import LessonKit
import NumPyMath

public struct Softmax: Lesson {
    public init() {}

    public enum Parameters {
        public static let a = Input<Tensor>.vector("a", default: "0.3, 2.9, 4.0", "the scores")
    }
    public enum Outputs {
        public static let y = OutputKey("y")
    }

    public static let configuration = LessonConfiguration(
        id: "softmax", title: "softmax of a score vector", source: "the book's softmax, chapter 3",
        parameters: [Parameters.a], outputs: [Outputs.y], arithmeticParts: .functions)

    public let checks = LessonChecks(
        book: [BookCase("softmax of (0.3, 2.9, 4.0)", source: "chapter 3", printed: [("y", "[0.01821127 0.24519181 0.73659691]")])],
        examples: [Example("default"), Example("large scores", settings: ["a=1010,1000,990"])])

    public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let numpy = NumPyFunctions(inputs.arithmetic)  // NumPy's exp, in the run's arithmetic
        let a = inputs[Parameters.a].scalars
        let top = a.max()!
        let e = a.map { numpy.exp($0 - top) }
        let total = NumPyFunctions.sum(e)  // np.sum's pairwise order
        return [Output(Outputs.y, Tensor(vector: e.map { $0 / total }))]
    }
}
// README-LESSON-END

import Foundation
import Harness
import Testing

struct ReadmeLessonTests {
    /// The book's printed softmax comes back, and the large scores do not overflow.
    @Test func theReadmesLessonRunsAndPassesItsBookCase() throws {
        let lesson = Softmax()
        let reports = lesson.bookReports()
        #expect(reports.count == 1 && reports.allSatisfy { $0.status == .passed }, "\(reports.map(\.notes))")
        let large = try lesson.run(settings: ["a=1010,1000,990"])
        #expect(large[Softmax.Outputs.y].scalars.allSatisfy { $0.isFinite })
    }

    /// The guide to writing lessons shows exactly this file's lesson.
    @Test func theWritingLessonsGuideShowsThisCode() throws {
        let here = try String(contentsOf: URL(filePath: #filePath), encoding: .utf8)
        let start = try #require(here.range(of: "// README-LESSON-BEGIN\n"))
        let end = try #require(here.range(of: "// README-LESSON-END"))
        let code = String(here[start.upperBound..<end.lowerBound])
        let guide = try String(
            contentsOf: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appending(path: "docs/writing-lessons.md"), encoding: .utf8)
        #expect(guide.contains("```swift\n" + code + "```"))
    }
}
