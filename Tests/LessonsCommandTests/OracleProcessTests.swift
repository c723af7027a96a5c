import Foundation
import Testing

/// The NumPy oracle's process as `lessons` runs it, in conditions a parent
/// program sets up.
struct OracleProcessTests {
    /// A parent that ignores SIGCHLD passes that on through exec; the oracle's
    /// exit status must still be read (127: no interpreter), not taken as 0.
    @Test func theOraclesStatusIsReadWhenTheParentIgnoresSIGCHLD() throws {
        let outcome = try runCapturing(
            URL(filePath: "/bin/bash"),
            ["-c", "trap '' CHLD; exec \"$0\" crosscheck gradient --cases 1", productsDirectory.appending(path: "lessons").path],
            environment: ["LESSONS_PYTHON": "/nonexistent/python3"])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("'/nonexistent/python3' was not found"), "\(outcome.stderr)")
    }
}
