// swift-tools-version: 6.1
import PackageDescription

// A lesson package of one's own, built on the lessons framework: the
// book's comparison of four optimizers (chapter 6), with its NumPy
// reference, fixtures and tests, and a command that runs it beside the
// built-in lessons.
let package = Package(
    name: "Optimizers",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "optimizers", targets: ["optimizers"])],
    dependencies: [.package(name: "lessons", path: "../..")],
    targets: [
        .target(
            name: "OptimizerCompare",
            dependencies: [.product(name: "LessonKit", package: "lessons"), .product(name: "Plot", package: "lessons")],
            // The NumPy reference beside the lesson is for the oracle, not the compiler.
            exclude: ["reference.py"]),
        .executableTarget(
            name: "optimizers",
            dependencies: [
                "OptimizerCompare", .product(name: "LessonsCommand", package: "lessons"),
                .product(name: "LessonCatalog", package: "lessons"),
            ]),
        .testTarget(name: "OptimizerCompareTests", dependencies: ["OptimizerCompare", .product(name: "LessonKit", package: "lessons")]),
    ]
)
