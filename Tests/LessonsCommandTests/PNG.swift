import Foundation
import Gzip
import Harness

/// Just enough PNG decoding to tell a drawn figure from a blank page: 8-bit
/// RGB or RGBA, non-interlaced, as rsvg-convert writes.
struct PNGImage {
    let width: Int
    let height: Int
    let pixels: [UInt32]

    enum Failure: Error {
        case notPNG
        case unsupported(String)
        case corrupt
    }

    init(_ data: [UInt8]) throws {
        guard data.count > 8, Array(data.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Failure.notPNG }
        var offset = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        func be32(_ at: Int) -> Int { data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        while offset + 8 <= data.count {
            let length = be32(offset)
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            guard offset + 12 + length <= data.count else { throw Failure.corrupt }
            let body = Array(data[offset + 8..<offset + 8 + length])
            if type == "IHDR" { header = body }
            if type == "IDAT" { compressed += body }
            offset += 12 + length
        }
        guard header.count == 13 else { throw Failure.corrupt }
        width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        guard header[8] == 8, header[12] == 0, header[9] == 6 || header[9] == 2 else {
            throw Failure.unsupported("bit depth \(header[8]), colour type \(header[9]), interlace \(header[12])")
        }
        let bpp = header[9] == 6 ? 4 : 3
        let raw = try Gzip.decompress(compressed, limit: 64 << 20, zlib: true)
        let stride = width * bpp
        guard raw.count == height * (stride + 1) else { throw Failure.corrupt }
        // Unfiltered in place, through raw pointers: this test code runs
        // unoptimised, and bounds-checked arrays made it seconds per image.
        var bytes = raw
        let (width, height) = (self.width, self.height)
        var result = [UInt32](repeating: 0, count: width * height)
        try bytes.withUnsafeMutableBufferPointer { all in
            try result.withUnsafeMutableBufferPointer { out in
                let zeros = [UInt8](repeating: 0, count: stride)
                try zeros.withUnsafeBufferPointer { zeroRow in
                    var previous = zeroRow.baseAddress!
                    for row in 0..<height {
                        let start = all.baseAddress! + row * (stride + 1)
                        let filter = start[0]
                        let line = start + 1
                        for i in 0..<stride {
                            let a = i >= bpp ? Int(line[i - bpp]) : 0
                            let b = Int(previous[i])
                            let c = i >= bpp ? Int(previous[i - bpp]) : 0
                            let predictor: Int
                            switch filter {
                            case 0: predictor = 0
                            case 1: predictor = a
                            case 2: predictor = b
                            case 3: predictor = (a + b) / 2
                            case 4:
                                let p = a + b - c
                                let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                            default: throw Failure.corrupt
                            }
                            line[i] = UInt8(truncatingIfNeeded: Int(line[i]) + predictor)
                        }
                        for x in 0..<width {
                            let p = line + x * bpp
                            var pixel = UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2])
                            if bpp == 4 { pixel = pixel << 8 | UInt32(p[3]) }
                            out[row * width + x] = pixel
                        }
                        previous = UnsafePointer(line)
                    }
                }
            }
        }
        pixels = result
    }
}
