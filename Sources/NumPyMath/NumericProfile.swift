/// The CPU-dependent side of NumPy's float64 arithmetic on this machine, as
/// one name: which OpenBLAS kernels order `np.dot`'s sums (``BLASOrder``)
/// and whose exp and log `np.exp` and `np.log` call (``NumPyFunctions``).
///
/// Two machines with the same profile give the network lessons the same
/// bits, and so does NumPy on each; two profiles can differ in the last bit
/// of a product or an exp, which a training run amplifies. The names are
/// `skylakex-svml` (AVX-512: OpenBLAS's SkylakeX kernels, NumPy's SVML exp
/// and log) and `haswell-libm` (AVX2 + FMA without AVX-512), or either mix
/// when `OPENBLAS_CORETYPE` or `LESSONS_NUMPY_EXP` forces one side.
public enum NumericProfile {
    public static var current: String {
        let kernels =
            switch BLASOrder.current {
            case .haswell: "haswell"
            case .skylakeX: "skylakex"
            }
        return kernels + (NumPyFunctions.usesSVML ? "-svml" : "-libm")
    }
}
