import Foundation
import Gzip
import TestSupport
import Testing

@testable import Datasets

/// Random header and size edits of a data folder's four IDX files, raw or
/// gzip'd, from a fixed seed: the magic number, the counts (0, one off, the
/// 250 000 cap and past it, 2^32 − 1), the image size, a byte anywhere in the
/// header, the file cut short or run on. Each folder either loads to the
/// data it holds unchanged, or is refused with one `DataError`; none crashes
/// or hangs, and the whole test stays within seconds.
struct IDXFolderFuzzTests {
    static let seed: UInt64 = 0x1D7F_0DE2_2026_1207

    /// The four files of a small set: 20 training and 5 test images.
    static let files: [[UInt8]] = {
        var state: UInt64 = 7
        func byte() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let train = (0..<(20 * 784)).map { _ in byte() }
        let test = (0..<(5 * 784)).map { _ in byte() }
        return [
            IDX.encode(images: train, count: 20), IDX.encode(labels: (0..<20).map { UInt8($0 % 10) }),
            IDX.encode(images: test, count: 5), IDX.encode(labels: [3, 1, 4, 1, 5]),
        ]
    }()
    static let names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    static func gzip(_ bytes: [UInt8]) -> [UInt8] { Gzip.compress(bytes, level: 6) }

    /// One edit of `bytes` (an image file when `images`); nil when the edit
    /// leaves the file as it was.
    static func edit(_ bytes: [UInt8], images: Bool, _ rng: inout SplitMix64) -> [UInt8]? {
        var edited = bytes
        func setWord(_ offset: Int, _ value: UInt32) {
            for k in 0..<4 { edited[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * k)) }
        }
        let counts: [UInt32] = [0, 1, 4, 5, 6, 19, 21, 250_000, 250_001, UInt32.max]
        switch rng.below(7) {
        case 0: setWord(0, [2049, 2051, 2050, 0, UInt32.max][rng.below(5)])
        case 1: setWord(4, counts[rng.below(counts.count)])
        case 2 where images: setWord(8 + 4 * rng.below(2), [0, 27, 29, 784, UInt32.max][rng.below(5)])
        case 3: edited[rng.below(images ? 16 : 8)] = UInt8(rng.below(256))
        case 4: edited = Array(edited.prefix(rng.below(edited.count)))
        case 5: edited += (0..<(1 + rng.below(40))).map { _ in UInt8(rng.below(256)) }
        default: edited[rng.below(edited.count)] ^= UInt8(1 + rng.below(255))
        }
        return edited == bytes ? nil : edited
    }

    @Test func editedFoldersLoadWholeOrAreRefused() throws {
        var rng = SplitMix64(seed: Self.seed)
        let start = Date()
        var refused = 0
        for trial in 0..<240 {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let target = rng.below(4)
            var changed = false
            var contents = Self.files
            if let edited = Self.edit(Self.files[target], images: target % 2 == 0, &rng) {
                contents[target] = edited
                changed = true
            }
            // A label file's byte past the header is a label: a value over 9 is refused, one of 0...9 is another label.
            let relabelled = changed && target % 2 == 1 && contents[target].count == Self.files[target].count
                && contents[target].prefix(8) == Self.files[target].prefix(8)
            for (index, bytes) in contents.enumerated() {
                let gzipped = rng.below(2) == 0
                try folder.write(Self.names[index] + (gzipped ? ".gz" : ""), gzipped ? Self.gzip(bytes) : bytes)
            }
            do {
                let data = try DataSet.load(folder: folder.path, name: "fuzz", expected: nil, hint: "", strict: false)
                // Loaded: the same images, and labels as the files hold them.
                #expect(data.train.bytes == Array(contents[0].dropFirst(16)) && data.test.bytes == Array(contents[2].dropFirst(16)), "trial \(trial)")
                #expect(data.train.labels == Array(contents[1].dropFirst(8)) && data.test.labels == Array(contents[3].dropFirst(8)))
                // Only an unchanged folder, or a label changed to another class, loads.
                #expect(!changed || relabelled || contents[target].count == Self.files[target].count, "trial \(trial): a changed folder loaded")
            } catch {
                refused += 1
                #expect(changed, "trial \(trial): an unchanged folder was refused: \(error)")
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(refused > 150)
        #expect(Date().timeIntervalSince(start) < 60)
    }
}

