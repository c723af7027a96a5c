import Arithmetic
import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Expression.Evaluator {
    /// The steps to recompute when coordinate `i` moves.
    @inline(__always) func path(for i: Int) -> UnsafeBufferPointer<Step> {
        let kept = keptPaths[i]
        return kept.count > 0 ? kept : newPath(for: i)
    }

    /// Computes coordinate `i`'s path, and keeps it within the budget.
    func newPath(for i: Int) -> UnsafeBufferPointer<Step> {
        let leaves = self.leaves[i]
        if leaves.isEmpty && keptPaths[count].count > 0 {
            keptPaths[i] = keptPaths[count]
            return keptPaths[i]
        }
        let steps = path(from: leaves.isEmpty ? program.vectorLeaves : program.vectorLeaves + leaves)
        // Nothing to recompute (f does not read x): nothing to keep.
        if steps.isEmpty { return UnsafeBufferPointer(start: nil, count: 0) }
        let buffer = UnsafeMutableBufferPointer<Step>.allocate(capacity: steps.count)
        _ = buffer.initialize(from: steps)
        let path = UnsafeBufferPointer(buffer)
        if leaves.isEmpty {
            keptPaths[count] = path
            keptPaths[i] = path
        } else if pathsKept + steps.count <= Self.pathBudget {
            keptPaths[i] = path
            pathsKept += steps.count
        } else {
            unkeptPath.deallocate()
            unkeptPath = buffer
        }
        return path
    }

    /// The union of the paths from `leaves` to the root, in evaluation
    /// order, each step marked whole unless it is a vector instruction
    /// reached only through single elements of vectors.
    func path(from leaves: [Int32]) -> [Step] {
        stamp &+= 1
        if stamp == 0 {
            for k in mark.indices { mark[k] = 0 }
            stamp = 1
        }
        var indices: [Int32] = []
        for leaf in leaves {
            var k = leaf
            while k >= 0, mark[Int(k)] != stamp {
                mark[Int(k)] = stamp
                indices.append(k)
                k = instructions[Int(k)].parent
            }
        }
        // One leaf walks up in order already; several need sorting.
        if leaves.count > 1 { indices.sort() }
        for k in indices {
            childWhole[Int(k)] = false
            firstSlot[Int(k)] = Int32.max
        }
        var steps: [Step] = []
        steps.reserveCapacity(indices.count)
        for k in indices {
            let instruction = instructions[Int(k)]
            let isWhole: Bool
            switch instruction.op {
            case .vector: isWhole = false
            case .variable: isWhole = true
            default: isWhole = childWhole[Int(k)]
            }
            steps.append(
                Step(
                    index: k, whole: isWhole, from: firstSlot[Int(k)] == Int32.max ? 0 : firstSlot[Int(k)],
                    kept: isKept(Int(k), whole: isWhole)))
            // Tell the parent (later in the order) how this operand changed.
            let parent = Int(instruction.parent)
            if parent >= 0 {
                if !instruction.isVector || isWhole { childWhole[parent] = true }
                firstSlot[parent] = min(firstSlot[parent], instruction.slot)
            }
        }
        return steps
    }

    @inline(__always) func operand(_ k: Int32, _ e: Int) -> Double {
        let offset = offsets[Int(k)]
        return offset >= 0 ? storage[offset + e] : scalars[Int(k)]
    }

    /// Recomputes instruction `k`: every element, or only element
    /// `element` of a vector; a scalar chain from its term `from` on.
    func evaluate(_ k: Int, at element: Int?, from: Int) {
        let instruction = code[k]
        if instruction.op == .chain && !instruction.isVector {
            let base = prefixOffsets[k]
            var value: Double
            var m: Int
            if from == 0 {
                value = scalars[Int(instruction.a)]
                prefixes[base] = value
                m = 1
            } else {
                value = prefixes[base + from - 1]
                m = from
            }
            while m <= instruction.links.count {
                let link = chainLinks[instruction.links.lowerBound + m - 1]
                value = Self.combine(link.op, value, scalars[Int(link.operand)])
                prefixes[base + m] = value
                m += 1
            }
            scalars[k] = value
            return
        }
        if instruction.op == .sum {
            if let tree = trees[k] {
                let base = UnsafePointer(storage.baseAddress! + offsets[Int(instruction.a)])
                if let element { tree.update(element, base) } else { tree.rebuild(base) }
                scalars[k] = tree.total
            } else {
                // np.sum of a scalar: the reduction starts from 0.0.
                scalars[k] = 0.0 + scalars[Int(instruction.a)]
            }
            return
        }
        guard instruction.isVector else {
            scalars[k] = apply(instruction, 0, vector: false)
            return
        }
        let offset = offsets[k]
        if let element {
            storage[offset + element] = apply(instruction, element, vector: true)
        } else {
            for e in 0..<count { storage[offset + e] = apply(instruction, e, vector: true) }
        }
    }

    @inline(__always) func apply(_ instruction: Program.Instruction, _ e: Int, vector: Bool) -> Double {
        switch instruction.op {
        case .number: return instruction.value
        case .variable: return x[instruction.variable]
        case .vector: return x[e]
        case .negate: return -operand(instruction.a, e)
        case .add: return operand(instruction.a, e) + operand(instruction.b, e)
        case .subtract: return operand(instruction.a, e) - operand(instruction.b, e)
        case .multiply: return operand(instruction.a, e) * operand(instruction.b, e)
        case .divide: return operand(instruction.a, e) / operand(instruction.b, e)
        case .power:
            let base = operand(instruction.a, e)
            let exponent = operand(instruction.b, e)
            if vector && offsets[Int(instruction.b)] < 0 {
                // NumPy's shortcuts for an array to a scalar power.
                switch exponent {
                case 2: return base * base
                case 0.5: return base.squareRoot()
                case -1: return 1.0 / base
                case 1: return base
                case 0: return 1.0
                default: break
                }
            }
            return exponent == 2 ? libmSquare(base) : pow(base, exponent)
        case .call:
            let value = operand(instruction.a, e)
            switch instruction.function {
            case .exp: return functions.exp(value)
            case .log: return functions.log(value)
            case .sqrt: return value.squareRoot()
            case .sin: return sin(value)
            case .cos: return cos(value)
            case .tanh: return tanh(value)
            case .abs: return Swift.abs(value)
            }
        case .chain:
            var value = operand(instruction.a, e)
            for link in UnsafeBufferPointer(rebasing: chainLinks[instruction.links]) {
                value = Self.combine(link.op, value, operand(link.operand, e))
            }
            return value
        case .sum: preconditionFailure("sum is evaluated by evaluate(_:at:from:)")
        }
    }

    @inline(__always) static func combine(_ op: Program.Op, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        default: return a / b
        }
    }
}
