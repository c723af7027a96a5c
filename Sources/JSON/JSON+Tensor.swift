import NumPyMath
import NumPyText
import Terminal

extension JSON {
    /// A tensor as JSON: a number, an array, or an array of arrays.
    public static func tensor(_ t: Tensor) -> JSON {
        switch t.rank {
        case 0: return double(t.scalar)
        case 1: return .array(t.scalars.map(double))
        default:
            // Rows of the last axis, as `Tensor.rows`, without copying each row first.
            let columns = t.shape[t.shape.count - 1]
            return .array(
                (0..<(columns == 0 ? 0 : t.count / columns)).map { row in
                    .array(t.scalars[(row * columns)..<((row + 1) * columns)].map(double))
                })
        }
    }

    /// Appends the compact text of `tensor(t)` to `out`, straight from the
    /// scalars: a million-row history never becomes a million JSON arrays
    /// (which took longer to build and free than to write).
    package static func appendTensor(_ t: Tensor, to out: inout [UInt8]) {
        var memo = NumberMemo()
        func append(_ x: Double) {
            if x.isFinite { memo.append(x, to: &out) } else { writeString(nonFiniteText(x), to: &out) }
        }
        func appendRow(_ row: Range<Int>) {
            out.append(UInt8(ascii: "["))
            for i in row {
                if i > row.lowerBound { out.append(UInt8(ascii: ",")) }
                append(t.scalars[i])
            }
            out.append(UInt8(ascii: "]"))
        }
        switch t.rank {
        case 0: append(t.scalar)
        case 1: appendRow(0..<t.count)
        default:
            let columns = t.shape[t.shape.count - 1]
            let rows = columns == 0 ? 0 : t.count / columns
            out.append(UInt8(ascii: "["))
            for row in 0..<rows {
                if row > 0 { out.append(UInt8(ascii: ",")) }
                appendRow((row * columns)..<((row + 1) * columns))
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// Reads a tensor back from `tensor(_:)`'s form. Returns nil for anything
    /// that is not a number, a flat array of numbers, or a rectangular array of them.
    public var tensorValue: Tensor? {
        if let x = doubleValue { return Tensor(scalar: x) }
        guard let items = arrayValue else { return nil }
        if items.isEmpty { return Tensor(vector: []) }
        if let values = Self.doubles(items) { return Tensor(vector: values) }
        var rows: [[Double]] = []
        for item in items {
            guard let row = item.arrayValue.flatMap(Self.doubles) else { return nil }
            rows.append(row)
        }
        guard let cols = rows.first?.count, rows.allSatisfy({ $0.count == cols }) else { return nil }
        return Tensor(shape: [rows.count, cols], scalars: rows.flatMap { $0 })
    }

    /// The items' numbers, or nil if one is not a number. (A loop, not a
    /// cast of `[Double?]` to `[Double]`, which casts item by item.)
    private static func doubles(_ items: [JSON]) -> [Double]? {
        var values: [Double] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let x = item.doubleValue else { return nil }
            values.append(x)
        }
        return values
    }
}
