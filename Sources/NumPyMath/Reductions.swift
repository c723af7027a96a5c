/// NumPy's reductions over float64, in NumPy's order of operations, so that
/// a lesson that sums or takes a maximum gets NumPy's bits.
public enum NumPy {
    /// `np.sum(a)` over a contiguous float64 array: `0.0 + pairwise(a)`, where
    /// ```
    /// pairwise(a) = ((0 + a0) + a1) + …                       if n < 8
    ///             = 8 running sums r0…r7 over blocks of 8,
    ///               ((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7)), then the rest   if n ≤ 128
    ///             = pairwise(first n2) + pairwise(rest), n2 = n/2 rounded down to a multiple of 8
    /// ```
    /// Exact in the sense that matters here: the same additions in the same
    /// order as NumPy, so the result has the same bits (0 ulps).
    public static func sum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { 0.0 + pairwise($0.baseAddress, $0.count) }
    }

    /// `pairwise(a[0..<n])` as in ``sum(_:)``, without the leading `0.0 +`.
    static func pairwise(_ a: UnsafePointer<Double>?, _ n: Int) -> Double {
        guard let a else { return 0.0 }
        if n <= 128 { return block(a, n) }
        var half = n / 2
        half -= half % 8
        return pairwise(a, half) + pairwise(a + half, n - half)
    }

    /// One block of at most 128 values: left to right under 8, else eight
    /// running sums combined as a tree, then the rest.
    @inline(__always) static func block(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        if n < 8 {
            var result = 0.0
            for i in 0..<n { result += a[i] }
            return result
        }
        var (r0, r1, r2, r3, r4, r5, r6, r7) = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
        var i = 8
        while i < n - n % 8 {
            r0 += a[i]
            r1 += a[i + 1]
            r2 += a[i + 2]
            r3 += a[i + 3]
            r4 += a[i + 4]
            r5 += a[i + 5]
            r6 += a[i + 6]
            r7 += a[i + 7]
            i += 8
        }
        var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n {
            result += a[i]
            i += 1
        }
        return result
    }

    /// `np.sum` of a vector that changes one element at a time: the pairwise
    /// tree of ``sum(_:)`` with every node's partial sum kept, and each
    /// block's eight running sums, so changing element i recomputes the one
    /// running sum that holds it (at most 16 additions), its block's
    /// combination of the eight (7, plus at most 7 for the block's tail)
    /// and the log2(n / 128) sums above it. Each sum is computed from the
    /// same operands in the same order as ``sum(_:)``, so `total` has its bits.
    public final class PairwiseSum {
        /// Nodes: a block [start, start + count) when `left` < 0, else left + right.
        /// `let` arrays and a pointer for the values: no exclusivity checks in `update`.
        private let start: [Int]
        private let length: [Int]
        private let left: [Int]
        private let right: [Int]
        private let parent: [Int]
        private let value: UnsafeMutableBufferPointer<Double>
        /// Block nodes in order of their start.
        private let blocks: [Int]
        /// The eight running sums r0…r7 of each block of 8 or more, in the
        /// order of `blocks`.
        private let lanes: UnsafeMutableBufferPointer<Double>
        private let root = 0
        /// `0.0 + pairwise(all)`, as `np.sum` returns it.
        public private(set) var total = 0.0

        public init(count: Int) {
            var start: [Int] = []
            var length: [Int] = []
            var left: [Int] = []
            var right: [Int] = []
            var parent: [Int] = []
            var blocks: [Int] = []
            func build(_ from: Int, _ n: Int, parent up: Int) -> Int {
                let node = start.count
                start.append(from)
                length.append(n)
                left.append(-1)
                right.append(-1)
                parent.append(up)
                if n <= 128 {
                    blocks.append(node)
                } else {
                    var half = n / 2
                    half -= half % 8
                    left[node] = build(from, half, parent: node)
                    right[node] = build(from + half, n - half, parent: node)
                }
                return node
            }
            _ = build(0, count, parent: -1)
            (self.start, self.length, self.left, self.right, self.parent, self.blocks) = (start, length, left, right, parent, blocks)
            value = .allocate(capacity: start.count)
            value.initialize(repeating: 0)
            lanes = .allocate(capacity: 8 * blocks.count)
            lanes.initialize(repeating: 0)
        }

        deinit {
            value.deallocate()
            lanes.deallocate()
        }

        /// Recomputes every partial sum from `a` (`count` values).
        public func rebuild(_ a: UnsafePointer<Double>) {
            for (number, node) in blocks.enumerated() {
                let block = a + start[node]
                let n = length[node]
                guard n >= 8 else { continue }
                let r = lanes.baseAddress! + 8 * number
                for j in 0..<8 {
                    var lane = block[j]
                    var k = j + 8
                    while k < n - n % 8 {
                        lane += block[k]
                        k += 8
                    }
                    r[j] = lane
                }
            }
            for node in stride(from: start.count - 1, through: 0, by: -1) {
                value[node] = left[node] < 0 ? NumPy.block(a + start[node], length[node]) : value[left[node]] + value[right[node]]
            }
            total = 0.0 + value[root]
        }

        /// Recomputes the sums that hold element `i` of `a`.
        public func update(_ i: Int, _ a: UnsafePointer<Double>) {
            // The last block starting at or before i.
            var low = 0
            var high = blocks.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if start[blocks[middle]] <= i { low = middle } else { high = middle - 1 }
            }
            var node = blocks[low]
            let block = a + start[node]
            let n = length[node]
            if n < 8 {
                value[node] = NumPy.block(block, n)
            } else {
                // NumPy.block's order: running sum j holds elements j, j + 8, …
                // of the whole eights; the tail follows the combination.
                let whole = n - n % 8
                let r = lanes.baseAddress! + 8 * low
                let k = i - start[node]
                if k < whole {
                    var lane = block[k % 8]
                    var m = k % 8 + 8
                    while m < whole {
                        lane += block[m]
                        m += 8
                    }
                    r[k % 8] = lane
                }
                var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                for m in whole..<n { result += block[m] }
                value[node] = result
            }
            node = parent[node]
            while node >= 0 {
                value[node] = value[left[node]] + value[right[node]]
                node = parent[node]
            }
            total = 0.0 + value[root]
        }
    }

    /// `np.max(a)`: the largest element, or NaN if any element is NaN (NumPy
    /// propagates NaN where Swift's `max` would skip it). `a` must not be empty.
    public static func max(_ a: [Double]) -> Double {
        precondition(!a.isEmpty, "np.max of an empty array")
        var result = a[0]
        for value in a.dropFirst() {
            if value.isNaN || result.isNaN { return .nan }
            if value > result { result = value }
        }
        return result
    }
}
