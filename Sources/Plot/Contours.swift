/// Contour lines by marching squares.
public enum Contours {
    /// Line segments where `f` crosses each of `levels`, from a grid of
    /// `resolution`×`resolution` cells over the two ranges. Cells with a
    /// non-finite corner are skipped.
    public static func segments(
        of f: (Double, Double) -> Double, x: ClosedRange<Double>, y: ClosedRange<Double>, levels: [Double], resolution: Int = 48
    ) -> [(level: Int, from: Figure.Point, to: Figure.Point)] {
        let n = resolution
        let xs = (0...n).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(n) }
        let ys = (0...n).map { y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(n) }
        let values = ys.map { yv in xs.map { xv in f(xv, yv) } }
        var result: [(Int, Figure.Point, Figure.Point)] = []
        for (levelIndex, level) in levels.enumerated() {
            for j in 0..<n {
                for i in 0..<n {
                    // Corners counter-clockwise from bottom-left.
                    let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                    let v = corners.map { values[$0.1][$0.0] }
                    guard v.allSatisfy(\.isFinite) else { continue }
                    var crossings: [Figure.Point] = []
                    for k in 0..<4 {
                        let (a, b) = (k, (k + 1) % 4)
                        guard (v[a] < level) != (v[b] < level) else { continue }
                        let t = (level - v[a]) / (v[b] - v[a])
                        let (ca, cb) = (corners[a], corners[b])
                        crossings.append(
                            Figure.Point(xs[ca.0] + t * (xs[cb.0] - xs[ca.0]), ys[ca.1] + t * (ys[cb.1] - ys[ca.1])))
                    }
                    if crossings.count == 2 {
                        result.append((levelIndex, crossings[0], crossings[1]))
                    } else if crossings.count == 4 {
                        result.append((levelIndex, crossings[0], crossings[1]))
                        result.append((levelIndex, crossings[2], crossings[3]))
                    }
                }
            }
        }
        return result
    }

    /// `count` levels spread over the finite values of `f` on a coarse grid,
    /// by quantile, so a steep bowl still gets rings near its bottom.
    public static func levels(of f: (Double, Double) -> Double, x: ClosedRange<Double>, y: ClosedRange<Double>, count: Int = 12) -> [Double]
    {
        let n = 40
        var values: [Double] = []
        for j in 0...n {
            for i in 0...n {
                let v = f(
                    x.lowerBound + (x.upperBound - x.lowerBound) * Double(i) / Double(n),
                    y.lowerBound + (y.upperBound - y.lowerBound) * Double(j) / Double(n))
                if v.isFinite { values.append(v) }
            }
        }
        values.sort()
        guard values.count > 1, values.first! < values.last! else { return [] }
        var levels: [Double] = []
        for k in 1...count {
            let level = values[(values.count - 1) * k / (count + 1)]
            if levels.last != level { levels.append(level) }
        }
        return levels
    }
}
