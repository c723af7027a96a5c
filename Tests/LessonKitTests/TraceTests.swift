import LessonKit
import Testing

struct TraceTests {
    @Test func numbersAlignRightAndWordsLeft() {
        let trace = Trace(columns: ["name", "value"], rows: [["f(x + h)", "230.00230001"], ["2h", "0.0002"], Trace.gap], note: "end")
        #expect(
            trace.text == """
                name             value
                --------  ------------
                f(x + h)  230.00230001
                2h              0.0002
                …
                end
                """)
    }

    @Test func aLongTraceKeepsItsEndsAndWhatHappenedBetween() {
        #expect(Trace.thinned(count: 40) == Array(0..<40))
        let rows = Trace.thinned(count: 101, keep: [50])
        #expect(rows == Array(0..<10) + [49, 50, 51] + Array(91..<101))
        #expect(Trace.thinned(count: 101, keep: [0, 100]) == Array(0..<10) + Array(91..<101))
    }
}
