import LessonCatalog
import LessonKit
import LessonsCommand
import OptimizerCompare

// The built-in lessons and this package's own, under this command's name.
LessonsCommand.main(registry: Registry(LessonCatalog.lessons + [OptimizerCompare()]), name: "optimizers", version: "1.0.0")
