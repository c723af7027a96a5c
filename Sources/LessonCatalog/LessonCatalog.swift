import LessonKit

/// This package's own lessons. The list itself, `LessonCatalog.lessons`, is
/// generated from `Package.swift` by the LessonCatalogGenerator plugin, so
/// the manifest is the one place that names them.
public enum LessonCatalog {
    /// The registry the `lessons` command runs with.
    public static var registry: Registry { Registry(lessons) }
}
