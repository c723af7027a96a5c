import LessonCatalog
import LessonsCommand

LessonsCommand.main(registry: LessonCatalog.registry)
