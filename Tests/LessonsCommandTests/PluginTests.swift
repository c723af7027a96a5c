import LessonKit
import LessonsCommand
import Testing

/// A lesson that exists only in this test target: another package can add
/// lessons and build its own `lessons` command with them.
private struct Square: Lesson {
    static let a = Input<Double>.number("a", default: "3", "the number")
    static let square = OutputKey("square")
    static let configuration = LessonConfiguration(id: "square", title: "squares a number", parameters: [a], outputs: [square])

    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
        let a = inputs[Self.a]
        return [Output(Self.square, Tensor(scalar: a * a))]
    }
}

struct PluginTests {
    let registry = Registry([Square()])

    @Test func aLessonFromAnotherTargetRunsThroughTheCommand() {
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["run", "square", "--set", "a=1.5", "--format", "json"], registry: registry, console: captured.console)
        #expect(status == 0)
        #expect(captured.out == #"{"lesson":"square","seed":null,"parameters":{"a":1.5},"outputs":{"square":2.25}}"#)
    }

    @Test func theRegistryIsTheOnlySourceOfLessons() {
        let captured = CapturedConsole()
        let status = LessonsCommand.run(["run", "gradient"], registry: registry, console: captured.console)
        #expect(status == 64)
        #expect(captured.err == "error: unknown lesson 'gradient'; the lessons are: square")
    }
}
