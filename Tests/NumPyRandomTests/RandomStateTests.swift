import NumPyMath
import Testing

@testable import NumPyRandom

/// Values printed by NumPy 2.4 (`np.random.seed(s)` then the calls named),
/// pasted as literals: the Swift stream must give the same bits.
struct RandomStateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let seed: UInt32
        let normals: [Double]  // randn(3): an odd count leaves one normal cached
        let uniforms: [Double]  // rand(2): must not clear that cache
        let moreNormals: [Double]  // randn(2): the cached one first
        var testDescription: String { "seed \(seed)" }
    }

    static let cases: [Case] = [
        Case(
            seed: 0, normals: [1.764052345967664, 0.4001572083672233, 0.9787379841057392],
            uniforms: [0.4236547993389047, 0.6458941130666561], moreNormals: [2.240893199201458, 0.9500884175255894]),
        Case(
            seed: 1, normals: [1.6243453636632417, -0.6117564136500754, -0.5281717522634557],
            uniforms: [0.39676747423066994, 0.538816734003357], moreNormals: [-1.0729686221561705, 1.74481176421648]),
        Case(
            seed: 42, normals: [0.4967141530112327, -0.13826430117118466, 0.6476885381006925],
            uniforms: [0.15601864044243652, 0.15599452033620265], moreNormals: [1.5230298564080254, 1.5792128155073915]),
        Case(
            seed: 4_294_967_295, normals: [0.6484086742306527, 0.6693235306338161, -1.0805437227474493],
            uniforms: [0.9093750727977705, 0.5537363115925001], moreNormals: [0.2845010447986309, -0.044026015448043285]),
        Case(
            seed: 123_456_789, normals: [2.2129019979039612, 2.128397797652002, 1.8417114045748335],
            uniforms: [0.25699895475697543, 0.7526936088721111], moreNormals: [0.08238247951406152, 1.1572705185893468]),
    ]

    @Test(arguments: cases)
    func normalsUniformsAndTheCachedNormalMatchNumPy(_ c: Case) {
        var rng = RandomState(seed: c.seed)
        #expect(rng.randn(3).scalars.map(\.bitPattern) == c.normals.map(\.bitPattern))
        #expect(rng.rand(2).scalars.map(\.bitPattern) == c.uniforms.map(\.bitPattern))
        #expect(rng.randn(2).scalars.map(\.bitPattern) == c.moreNormals.map(\.bitPattern))
    }

    @Test func sixNormalsForSeedZeroFillAMatrixInCOrder() {
        var rng = RandomState(seed: 0)
        let w = rng.randn(2, 3)
        #expect(w.shape == [2, 3])
        #expect(
            w.scalars == [
                1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675, -0.977277879876411,
            ])
    }

    @Test func choiceWithReplacementMatchesNumPy() {
        var rng = RandomState(seed: 0)
        #expect(rng.choice(60000, count: 10) == [2732, 43567, 42613, 52416, 45891, 21243, 30403, 32103, 41993, 57043])
    }

    @Test func randintSmallWideAndSingletonRangesMatchNumPy() {
        // np.random.seed(7); randint(0, 10, 8); randint(-5, 2**40, 3); choice(60000, 4); randint(3, 4, 2)
        var rng = RandomState(seed: 7)
        #expect(rng.randint(0, 10, count: 8) == [4, 9, 6, 3, 3, 7, 7, 9])
        #expect(rng.randint(-5, 1 << 40, count: 3) == [309_610_205_524, 936_371_204_995, 719_526_270_945])
        #expect(rng.choice(60000, count: 4) == [1092, 50608, 55167, 57735])
        #expect(rng.randint(3, 4, count: 2) == [3, 3])
    }

    @Test func fullThirtyTwoBitRangeTakesOneOutputUnmasked() {
        // np.random.RandomState(5).randint(0, 2**32, dtype=np.uint64) == 953453411
        var rng = RandomState(seed: 5)
        #expect(rng.randint(0, 1 << 32) == 953_453_411)
    }

    @Test func reseedingClearsTheCachedNormal() {
        var a = RandomState(seed: 0)
        _ = a.randn(1)
        a = RandomState(seed: 0)
        #expect(a.standardNormal() == 1.764052345967664)
    }
}
