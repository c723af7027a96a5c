// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The lessons, in the order `lessons list` shows them.
///
/// Adding a lesson is a folder `Lessons/<Name>/` holding a public type `<Name>`
/// that conforms to `Lesson`, plus one line here. `uses` names the earlier
/// lessons whose code this one imports.
let lessons: [(name: String, uses: [String])] = [
    ("Derivative", uses: []),
    ("Gradient", uses: []),
    ("Descent", uses: ["Gradient"]),
    ("SimpleNet", uses: []),
    ("SimpleNetGradient", uses: []),
    ("TwoLayerNet", uses: []),
    ("Training", uses: []),
    ("ComputationalGraph", uses: []),
    ("Layers", uses: []),
    ("GradientCheck", uses: []),
]

/// The numeric kernels are compiled optimised in debug builds too, so that
/// `swift test` runs the network lessons at their real sizes in seconds.
/// SwiftPM allows such flags in a root package and in one a package depends
/// on by path, so a lesson package depends on a checkout of this one
/// (`.package(path:)`), as Examples/Optimizers does.
let optimisedC: [CSetting] = [.unsafeFlags(["-O2"], .when(configuration: .debug))]
let optimisedSwift: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let numericLessons: Set<String> = ["SimpleNet", "SimpleNetGradient", "TwoLayerNet", "Training", "GradientCheck", "Layers"]

let lessonTargets: [Target] = lessons.map { lesson in
    .target(
        name: lesson.name,
        dependencies: ["LessonKit", "Plot", "Arithmetic", "NumPyMath", "Datasets", "NeuralNet"] + lesson.uses.map { .target(name: $0) },
        path: "Lessons/\(lesson.name)",
        // Not Swift: the NumPy reference (run by Tools/oracle.py) and figures for README.
        exclude: ((try? FileManager.default.contentsOfDirectory(atPath: "\(Context.packageDirectory)/Lessons/\(lesson.name)")) ?? [])
            .filter { $0.hasSuffix(".py") || $0.hasSuffix(".svg") || $0.hasSuffix(".md") || $0 == "__pycache__" },
        swiftSettings: numericLessons.contains(lesson.name) ? optimisedSwift : []
    )
}

let package = Package(
    name: "lessons",
    // Mutex and Atomic (Synchronization) need macOS 15.
    platforms: [.macOS(.v15)],
    // What a lesson package of one's own builds on (Examples/Optimizers is
    // one): the protocol, the command, the built-in lessons to run beside
    // one's own, NumPy's arithmetic, figures, data sets and the oracle.
    products: [
        .library(name: "LessonKit", targets: ["LessonKit"]),
        .library(name: "LessonsCommand", targets: ["LessonsCommand"]),
        .library(name: "LessonCatalog", targets: ["LessonCatalog"]),
        .library(name: "NumPyMath", targets: ["NumPyMath"]),
        .library(name: "Arithmetic", targets: ["Arithmetic"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Oracle", targets: ["Oracle"]),
        .executable(name: "lessons", targets: ["lessons"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: lessonTargets + [
        // printf of one double, without Swift's va_list (see its header for why).
        .target(name: "CFormat"),
        .target(name: "Plot", dependencies: ["CFormat"]),
        // NumPy's exp and log (a port of the SVML routines its wheels use on AVX-512):
        // plain flags, since LessonKit's expressions use them too.
        .target(name: "_NumPyExpLog", linkerSettings: [.linkedLibrary("m")]),
        // The canonical arithmetic and NumPy's other orders, as a value a run is given.
        .target(name: "Arithmetic", dependencies: ["_NumPyExpLog"]),
        .target(name: "_NumPyKernels", dependencies: ["_NumPyExpLog"], cSettings: optimisedC, linkerSettings: [.linkedLibrary("m")]),
        .target(name: "NumPyMath", dependencies: ["Arithmetic", "_NumPyKernels"], swiftSettings: optimisedSwift),
        // Ctrl-C: the flags and handler a signal may touch (see its header for why C).
        .target(name: "CInterrupts"),
        .target(name: "LessonKit", dependencies: ["Plot", "Arithmetic", "_NumPyExpLog", "CFormat", "CInterrupts"]),
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "FileAccess"),
        .target(name: "Harness", dependencies: ["LessonKit", "Arithmetic", "CZlib", "FileAccess"]),
        .target(name: "ChildProcess", dependencies: ["FileAccess"]),
        .target(name: "Oracle", dependencies: ["LessonKit", "Arithmetic", "Harness", "ChildProcess"]),
        .target(name: "Notebook", dependencies: ["LessonKit", "Harness", "Datasets", "FileAccess"]),
        // dlopen (libcurl for `data fetch`): in libc from glibc 2.34, in libdl before.
        .target(name: "CDatasets", linkerSettings: [.linkedLibrary("dl")]),
        // The embedded MNIST subset travels as a resource folder, with its README, licence and
        // checksums, in a C target (see its one source file for why).
        .target(name: "EmbeddedMNIST", resources: [.copy("Embedded")]),
        .target(name: "Datasets", dependencies: ["CZlib", "CDatasets", "FileAccess", "EmbeddedMNIST"]),
        .target(name: "Bench", dependencies: ["LessonKit", "Arithmetic", "Oracle"]),
        // The book's two-layer network (chapter 4's sigmoid, chapter 5's layers), its
        // data and its numerical gradient: library code the network lessons share.
        .target(
            name: "NeuralNet", dependencies: ["LessonKit", "Plot", "Arithmetic", "NumPyMath", "Datasets"], swiftSettings: optimisedSwift),
        .target(
            name: "LessonsCommand",
            dependencies: [
                "LessonKit", "Arithmetic", "Harness", "Oracle", "Datasets", "Bench", "Notebook", "FileAccess", "ChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(name: "LessonCatalogGenerator", capability: .buildTool()),
        .target(
            name: "LessonCatalog",
            dependencies: ["LessonKit"] + lessons.map { .target(name: $0.name) },
            plugins: ["LessonCatalogGenerator"]
        ),
        // The release build links the Swift runtime and FoundationEssentials
        // statically: a run then starts in about 3 ms less (no dynamic loading
        // and symbol binding of ten Swift libraries). The debug build, which
        // `swift test` links into its test bundle, stays dynamic.
        .executableTarget(
            name: "lessons", dependencies: ["LessonsCommand", "LessonCatalog"],
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "_NumPyExpLog"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "FileAccess", "CZlib"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "ChildProcessTests", dependencies: ["ChildProcess"]),
        .testTarget(name: "FileAccessTests", dependencies: ["FileAccess"]),
        .testTarget(name: "NumPyMathTests", dependencies: ["NumPyMath", "Arithmetic"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Arithmetic", "LessonKit", "LessonCatalog"]),
        .testTarget(
            name: "OracleTests", dependencies: ["Oracle", "Bench", "Harness", "Arithmetic", "LessonKit", "LessonCatalog"] + lessons.map { .target(name: $0.name) }),
        .testTarget(
            name: "LessonsTests",
            dependencies: ["LessonKit", "LessonCatalog", "Arithmetic", "NumPyMath", "Harness", "NeuralNet"] + lessons.map { .target(name: $0.name) }
        ),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Harness", "LessonKit", "LessonCatalog", "LessonsCommand"]),
        // Not on the `lessons` executable, whose release link is static: the
        // tests run the binary that `swift build --build-tests` builds with
        // everything else.
        .testTarget(name: "LessonsCommandTests", dependencies: ["LessonsCommand", "LessonKit", "LessonCatalog"]),
    ]
)
