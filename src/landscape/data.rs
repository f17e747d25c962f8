//! The data sets shipped with the posterior landscapes (docs/maths.md §9).
//!
//! Each set was drawn once from a fixed seed (the generator and seed are stated in the CSV's
//! header comment) and is compiled into the binary, so every build, native or wasm, sees the
//! same numbers and no run ever draws data. Files are parsed on first use and cached.

use crate::linalg::{self, Mat2, Vec2};
use std::sync::OnceLock;

const LOGISTIC_CSV: &str = include_str!("../../assets/data/logistic.csv");
const RIDGE_CSV: &str = include_str!("../../assets/data/ridge.csv");

/// Noise standard deviation σ of the ridge model y = Xθ + σε (the CSV was drawn with it).
const RIDGE_SIGMA: f64 = 0.5;
/// Prior precision δ of the ridge model, θ ~ N(0, δ⁻¹I).
const RIDGE_DELTA: f64 = 1.0;

/// Rows of three numbers from a shipped CSV: `#` lines are comments, the first other line is
/// the column header. The files are part of the source tree and checked by the tests, so a
/// malformed row is a build defect, reported loudly rather than skipped.
fn rows(csv: &'static str) -> impl Iterator<Item = [f64; 3]> {
    csv.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|line| {
            let mut cells = line.split(',').map(|c| c.trim().parse::<f64>());
            let mut next = || match cells.next() {
                Some(Ok(v)) => v,
                _ => panic!("malformed row in a shipped data set: {line:?}"),
            };
            [next(), next(), next()]
        })
}

/// Logistic-regression data: (xᵢ, yᵢ) with xᵢ ∈ R² and label yᵢ ∈ {−1, +1}.
/// 30 points per class: +1 ~ N((1, 5), I), −1 ~ N((−5, 1), 2.2²I) (assets/data/logistic.csv).
pub fn logistic() -> &'static [([f64; 2], f64)] {
    static DATA: OnceLock<Vec<([f64; 2], f64)>> = OnceLock::new();
    DATA.get_or_init(|| rows(LOGISTIC_CSV).map(|[a, b, l]| ([a, b], l)).collect())
}

/// Linear-Gaussian regression data and model: yᵢ = xᵢᵀθ + σεᵢ, prior θ ~ N(0, δ⁻¹I), so
/// ℓ̄(θ) = ‖y − Xθ‖²/(2σ²) + δ‖θ‖²/2.
#[derive(Clone, Debug, PartialEq)]
pub struct Ridge {
    /// Rows xᵢ of the design matrix X.
    pub x: Vec<[f64; 2]>,
    /// Targets yᵢ.
    pub y: Vec<f64>,
    /// Noise standard deviation σ.
    pub sigma: f64,
    /// Prior precision δ.
    pub delta: f64,
}

/// The ridge data set: 20 rows, true θ = (1, −0.5), σ = 0.5, δ = 1 (assets/data/ridge.csv).
pub fn ridge() -> &'static Ridge {
    static DATA: OnceLock<Ridge> = OnceLock::new();
    DATA.get_or_init(|| {
        let (x, y) = rows(RIDGE_CSV).map(|[a, b, t]| ([a, b], t)).unzip();
        Ridge {
            x,
            y,
            sigma: RIDGE_SIGMA,
            delta: RIDGE_DELTA,
        }
    })
}

/// The exact Gaussian posterior of the ridge model, (m*, S*) with
/// S* = XᵀX/σ² + δI and m* = S*⁻¹Xᵀy/σ² (docs/maths.md §8, the conjugate oracle).
pub fn ridge_posterior() -> (Vec2, Mat2) {
    let r = ridge();
    let w = 1.0 / (r.sigma * r.sigma);
    let mut s = Mat2::identity() * r.delta;
    let mut b = Vec2::zeros();
    for (xi, &yi) in r.x.iter().zip(&r.y) {
        let xi = Vec2::new(xi[0], xi[1]);
        s += xi * xi.transpose() * w;
        b += xi * (yi * w);
    }
    // S* ⪰ δI with δ > 0, so it is never singular.
    let m = linalg::solve(&s, &b).expect("S* = XᵀX/σ² + δI is positive definite");
    (m, s)
}
