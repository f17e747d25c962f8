//! Small 2×2 linear algebra on top of nalgebra, with the checks the rule needs.

/// A 2×2 matrix of f64 (precisions, covariances, Hessians).
pub type Mat2 = nalgebra::Matrix2<f64>;
/// A point or vector in R².
pub type Vec2 = nalgebra::Vector2<f64>;

/// Cholesky factor L (lower) with S = L Lᵀ, or `None` when S is not positive definite.
pub fn cholesky(s: &Mat2) -> Option<Mat2> {
    nalgebra::Cholesky::new(*s).map(|c| c.l())
}

/// True when the symmetric matrix S has two positive, finite eigenvalues
/// (2×2 Sylvester criterion: S₁₁ > 0 and det S > 0).
pub fn is_positive_definite(s: &Mat2) -> bool {
    let det = s[(0, 0)] * s[(1, 1)] - s[(0, 1)] * s[(1, 0)];
    s.iter().all(|v| v.is_finite()) && s[(0, 0)] > 0.0 && det > 0.0
}

/// Solves S x = b for a 2×2 S by Cramer's rule (exact enough at 2×2, and
/// deterministic: the same inputs give the same bits on every target).
/// Diagonal systems are divided elementwise, so a diagonal precision gives the same bits as
/// the textbook g/v. Returns `None` when S is singular.
pub fn solve(s: &Mat2, b: &Vec2) -> Option<Vec2> {
    if s[(0, 1)] == 0.0 && s[(1, 0)] == 0.0 {
        let x = Vec2::new(b[0] / s[(0, 0)], b[1] / s[(1, 1)]);
        return (s[(0, 0)] != 0.0 && s[(1, 1)] != 0.0).then_some(x);
    }
    let det = s[(0, 0)] * s[(1, 1)] - s[(0, 1)] * s[(1, 0)];
    if det == 0.0 || !det.is_finite() {
        return None;
    }
    Some(Vec2::new(
        (s[(1, 1)] * b[0] - s[(0, 1)] * b[1]) / det,
        (s[(0, 0)] * b[1] - s[(1, 0)] * b[0]) / det,
    ))
}

/// Inverse of a 2×2 matrix, `None` when singular.
pub fn inverse(s: &Mat2) -> Option<Mat2> {
    let det = s[(0, 0)] * s[(1, 1)] - s[(0, 1)] * s[(1, 0)];
    if det == 0.0 || !det.is_finite() {
        return None;
    }
    // 0 − x rather than −x: a zero off-diagonal stays +0, not −0, in printed output.
    Some(Mat2::new(s[(1, 1)], 0.0 - s[(0, 1)], 0.0 - s[(1, 0)], s[(0, 0)]) / det)
}

/// Symmetric part ½(A + Aᵀ).
pub fn sym(a: &Mat2) -> Mat2 {
    (a + a.transpose()) * 0.5
}

/// True when every entry is finite.
pub fn finite_vec(v: &Vec2) -> bool {
    v.iter().all(|x| x.is_finite())
}
