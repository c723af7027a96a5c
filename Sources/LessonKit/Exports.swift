// What a lesson's code uses beside the protocol, each a target of its own:
// arrays and NumPy's reductions, NumPy's random stream, NumPy's printing,
// the expression language, JSON and terminal text. A lesson imports
// LessonKit and has them all, as a lesson package of one's own does
// through the LessonKit product.
@_exported import Expressions
@_exported import JSON
@_exported import NumPyMath
@_exported import NumPyRandom
@_exported import NumPyText
@_exported import Terminal
