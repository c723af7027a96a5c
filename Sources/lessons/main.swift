// Imported here, though unused, for the release build's static link: compiled
// with -static-stdlib, this import records FoundationEssentials' own static
// dependencies in main's object, so the linker finds them (see Package.swift).
import FoundationEssentials
import LessonCatalog
import LessonsCommand

LessonsCommand.main(registry: LessonCatalog.registry)
