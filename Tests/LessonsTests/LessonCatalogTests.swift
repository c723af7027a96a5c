import Foundation
import LessonCatalog
import LessonKit
import Testing

/// Every registered lesson comes whole: its NumPy reference (which the
/// crosscheck runs), its golden fixture (which verify checks) and a test
/// file of its own, named for its folder.
struct LessonCatalogTests {
    @Test(arguments: LessonCatalog.registry.lessons.map(\.id))
    func everyLessonHasItsReferenceFixtureAndTests(_ id: String) throws {
        let lesson = try LessonCatalog.registry.lesson(id)
        let configuration = lesson.configuration
        let files = FileManager.default
        #expect(files.fileExists(atPath: configuration.reference), "\(id): no \(configuration.reference)")
        #expect(files.fileExists(atPath: configuration.fixtures + "/\(id).json.gz"), "\(id): no fixture in \(configuration.fixtures)")
        let folder = URL(filePath: configuration.reference).deletingLastPathComponent()
        let tests = folder.deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Tests/LessonsTests/\(folder.lastPathComponent)Tests.swift")
        #expect(files.fileExists(atPath: tests.path), "\(id): no \(tests.path)")
    }
}
