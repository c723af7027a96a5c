import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

let rsvgAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert")

/// `lessons run ID --plot FILE.svg`, through the built binary.
@Suite(.serialized)
struct FigureCommandTests {
    static let runs: [[String]] = [
        ["derivative"],
        ["derivative", "--set", "function=x**-2", "--set", "x=0.5"],
        ["gradient", "--set", "function=x0^2 + x1^2", "--set", "x=-3,4"],
        ["descent"],
        ["descent", "--set", "lr=10", "--set", "init=-3,4"],
        ["descent", "--set", "lr=1e200", "--set", "steps=4"],
        ["descent", "--set", "lr=1e-10"],
        ["simplenet"],
        ["simplenet", "--seed", "3", "--set", "t=0,0,1"],
    ]

    func scratch() -> URL { FileManager.default.temporaryDirectory.appending(path: "figure-\(UUID().uuidString).svg") }

    @Test(arguments: runs)
    func figuresAreWellFormedAndDeterministic(_ arguments: [String]) throws {
        let (a, b) = (scratch(), scratch())
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        let first = try lessons(["run"] + arguments + ["--plot", a.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote the figure to \(a.path)"))
        _ = try lessons(["run"] + arguments + ["--plot", b.path, "--quiet"])
        let svg = try Data(contentsOf: a)
        #expect(svg == (try Data(contentsOf: b)))
        #expect(XMLParser(data: svg).parse())
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("width=\"640\" height=\"480\""))
        #expect(!text.contains("nan") && !text.contains("inf\""))
    }

    @Test(.enabled(if: rsvgAvailable, "rsvg-convert (Debian librsvg2-bin) not found"), arguments: runs)
    func figuresRenderToAPictureThatIsNotBlank(_ arguments: [String]) throws {
        let svg = scratch()
        let png = svg.deletingPathExtension().appendingPathExtension("png")
        defer {
            try? FileManager.default.removeItem(at: svg)
            try? FileManager.default.removeItem(at: png)
        }
        #expect(try lessons(["run"] + arguments + ["--plot", svg.path]).status == 0)
        let render = Process()
        render.executableURL = URL(filePath: "/usr/bin/rsvg-convert")
        render.arguments = ["-o", png.path, svg.path]
        try render.run()
        render.waitUntilExit()
        #expect(render.terminationStatus == 0)
        let image = try PNGImage(Array(try Data(contentsOf: png)))
        #expect(image.width == 640 && image.height == 480)
        let white: Set<UInt32> = [0xffff_ffff, 0xff_ffff]
        let inked = image.pixels.filter { !white.contains($0) }.count
        // Axes, ticks, labels and data: well over 2% of the page is ink, in many colours.
        #expect(Double(inked) / Double(image.pixels.count) > 0.02)
        #expect(Set(image.pixels).count > 50)
    }

    @Test func theREADMEFigureIsWhatTheDefaultDescentRunDraws() throws {
        let target = scratch()
        defer { try? FileManager.default.removeItem(at: target) }
        #expect(try lessons("run", "descent", "--plot", target.path).status == 0)
        let committed = try Data(contentsOf: packageRoot.appending(path: "Lessons/Descent/figure.svg"))
        #expect(try Data(contentsOf: target) == committed, "regenerate: swift run lessons run descent --plot Lessons/Descent/figure.svg")
    }

    @Test func aFunctionThatCannotBeDrawnGetsAMessageAndNoFile() throws {
        let target = scratch()
        let outcome = try lessons(["run", "gradient", "--plot", target.path])
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty)
        #expect(
            outcome.stderr
                == "error: cannot draw the gradient figure: the gradient field is drawn in the plane, for a function of x0 and x1 at a 2-vector x; this x has 3 coordinates\n"
        )
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let descent = try lessons(["run", "descent", "--set", "function=x0^2+x1^2+x2^2", "--set", "init=1,2,3", "--plot", target.path])
        #expect(descent.status == 64)
        #expect(descent.stderr.contains("this init has 3 coordinates"))
    }

    @Test func anUnwritablePathIsOneLine() throws {
        let outcome = try lessons(["run", "descent", "--plot", "/nonexistent/dir/f.svg"])
        #expect(outcome.status == 73)
        #expect(outcome.stderr.hasPrefix("error: cannot write the figure to '/nonexistent/dir/f.svg'"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }
}

/// The narration: English or Chinese before the outputs, never in JSON.
@Suite(.serialized)
struct NarrationCommandTests {
    @Test func chineseNarrationComesBeforeTheOutputs() throws {
        let outcome = try lessons("run", "descent", "--lang", "zh")
        #expect(outcome.status == 0)
        let story = try #require(outcome.stdout.range(of: "学习率 lr"))
        let output = try #require(outcome.stdout.range(of: "array([6.72221872e-09, 4.07407195e-09])"))
        #expect(story.lowerBound < output.lowerBound)
    }

    @Test func theLocaleChoosesTheLanguageAndLCAllWins() throws {
        #expect(try lessons("run", "derivative", environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": ""]).stdout.contains("导数"))
        #expect(
            try lessons("run", "derivative", environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"]).stdout.contains(
                "The derivative"))
        #expect(try lessons("run", "derivative", environment: ["LANG": "C", "LC_ALL": ""]).stdout.contains("The derivative"))
        #expect(try lessons("run", "derivative", "--lang", "en", environment: ["LC_ALL": "zh_TW.UTF-8"]).stdout.contains("central one"))
    }

    @Test(arguments: ["derivative", "gradient", "descent", "simplenet"])
    func everyLessonTellsItsStoryInBothLanguages(_ id: String) throws {
        let english = try lessons("run", id, "--lang", "en").stdout
        let chinese = try lessons("run", id, "--lang", "zh").stdout
        #expect(english != chinese)
        #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(english.split(separator: "\n").count > 12)
    }

    @Test func quietAndJSONLeaveTheStoryOut() throws {
        let quiet = try lessons("run", "gradient", "--quiet", "--lang", "zh")
        #expect(quiet.stdout == "gradient = array([14.,  6., 10.])\n")
        let json = try lessons("run", "gradient", "--format", "json", "--lang", "zh")
        #expect(json.stdout.hasPrefix("{\"lesson\":\"gradient\""))
        #expect(!json.stdout.contains("梯度"))
    }

    @Test func anUnknownLanguageIsRefused() throws {
        let outcome = try lessons("run", "gradient", "--lang", "fr")
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("fr"))
    }
}
