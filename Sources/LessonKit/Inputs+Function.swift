extension Inputs {
    /// The `function` parameter, checked against the length of the point
    /// parameter: `x5` on a 3-vector is refused before anything runs.
    public func function(_ function: Input<Expression>, of point: Input<Tensor>) throws(LessonError) -> Expression {
        let f = self[function]
        do { try f.requireVariables(count: self[point].count) } catch {
            throw .badFunction(parameter: function.name, error)
        }
        return f
    }
}
