//! Expectation estimators (docs/maths.md §2): E_{N(m,S⁻¹)}[f], E[∇f] and E[∇²f] (or a stand-in for
//! the Hessian) from weighted points θᵢ = m + L⁻ᵀ zᵢ; for a Bernoulli q, E_q[ℓ̄] and its
//! gradient in μ = tanh λ (docs/maths.md §11).
//!
//! All points of all components are gathered into one structure-of-arrays batch and the
//! landscape is evaluated once per step ([`crate::landscape::Landscape::evals`]).

use crate::family::{Bernoulli, FamilyKind, Gaussian, Q, dropout_masks, sech2};
use crate::landscape::{Batch, Landscape, RidgeSum};
use crate::linalg::{Mat2, Vec2, sym};
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::OnceLock;

pub use crate::rng::{SeededRng, normal, seeded, uniform_open};

/// Which expectation estimator; the names are the scene's `estimator` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EstimatorKind {
    /// E[f(θ)] ≈ f(m): turns the rule into classical algorithms.
    Delta,
    /// Monte Carlo with antithetic pairs ±ε, θ = m + L⁻ᵀε.
    Mc,
    /// Tensor-product Gauss–Hermite (probabilists') with `gh` nodes per axis.
    GaussHermite,
    /// Unscented transform, κ = 1: m (weight 1/3) and m ± √3·(L⁻ᵀ)₍:,ᵢ₎ (weight 1/6 each).
    Unscented,
    /// The exact sum over every state, where a finite sum exists: the Bernoulli family's four
    /// corners, the dropout family's four masks (each with its probability); refused for the
    /// Gaussian families.
    Exact,
}

/// What stands in for ∇²ℓ̄ at each point; the names are the scene's `hessian` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HessianKind {
    /// The exact Hessian (automatic differentiation).
    Exact,
    /// Gauss–Newton JᵀJ (sums of squares, logistic).
    GaussNewton,
    /// Stein's identity, gradients only: E[∇²f] = E[S(θ−m)∇f(θ)ᵀ], symmetrised.
    Stein,
    /// ĝĝᵀ: the square-gradient (RMSprop-like) stand-in.
    SquareGradient,
}

impl EstimatorKind {
    pub const ALL: [EstimatorKind; 5] = [
        EstimatorKind::Delta,
        EstimatorKind::Mc,
        EstimatorKind::GaussHermite,
        EstimatorKind::Unscented,
        EstimatorKind::Exact,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EstimatorKind::Delta => "delta",
            EstimatorKind::Mc => "mc",
            EstimatorKind::GaussHermite => "gauss-hermite",
            EstimatorKind::Unscented => "unscented",
            EstimatorKind::Exact => "exact",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            EstimatorKind::Delta => "delta method E[f] ≈ f(m): gives the classical algorithms",
            EstimatorKind::Mc => {
                "Monte Carlo, seeded (samples = number of draws): antithetic pairs for Gaussians, the concrete relaxation for bernoulli"
            }
            EstimatorKind::GaussHermite => {
                "Gauss–Hermite quadrature, gh nodes per axis (logistic regression: each data term along its own direction, 4·gh² nodes)"
            }
            EstimatorKind::Unscented => "unscented transform (κ = 1), 5 points",
            EstimatorKind::Exact => {
                "the exact sum over every state, where a finite sum exists (bernoulli: the 4 corners; dropout: the 4 masks, weighted)"
            }
        }
    }
}

impl HessianKind {
    pub const ALL: [HessianKind; 4] = [
        HessianKind::Exact,
        HessianKind::GaussNewton,
        HessianKind::Stein,
        HessianKind::SquareGradient,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HessianKind::Exact => "exact",
            HessianKind::GaussNewton => "gauss-newton",
            HessianKind::Stein => "stein",
            HessianKind::SquareGradient => "square-gradient",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            HessianKind::Exact => "exact Hessian by automatic differentiation",
            HessianKind::GaussNewton => "Gauss–Newton JᵀJ (sum-of-squares and logistic landscapes)",
            HessianKind::Stein => {
                "Stein's identity from gradients only (needs a sampling estimator)"
            }
            HessianKind::SquareGradient => "square gradient ĝĝᵀ (RMSprop-like)",
        }
    }
}

/// Estimated expectations under one component: E[f], E[∇f], E[H].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    pub value: f64,
    pub grad: Vec2,
    pub hess: Mat2,
}

/// An estimator with its fixed tables (Gauss–Hermite nodes are computed once).
#[derive(Clone, Debug)]
pub struct Estimator {
    kind: EstimatorKind,
    samples: usize,
    /// Standard points zᵢ and weights wᵢ for the deterministic rules (Σwᵢ = 1).
    table: Vec<(Vec2, f64)>,
    /// Gauss–Hermite only: the one-dimensional rule with 4·gh² nodes that integrates each term
    /// of a [`RidgeSum`] landscape along its own direction. Each term is a kink at the scale
    /// of q there, which a grid in θ resolves badly (its error does not fall as gh grows);
    /// along the term's direction the error falls as gh grows, below 1e-3 at gh = 10 on the
    /// shipped logistic regression (tests/paper/variational.rs). Built on first use (a
    /// 4·gh²-point Golub–Welsch eigenproblem), so scenes without such a landscape never pay.
    line: OnceLock<Vec<(f64, f64)>>,
    /// Gauss–Hermite nodes per axis.
    gh: usize,
    /// Bernoulli Monte Carlo: the concrete relaxation's temperature ϑ (docs/maths.md §11).
    relax: f64,
    /// Dropout family: the keep probability p of the masks z_i ~ Bern(p) that `exact` sums
    /// over and `mc` draws (docs/maths.md §12).
    keep: f64,
}

impl Estimator {
    /// `samples`: number of Monte Carlo draws; `gh`: Gauss–Hermite nodes per axis.
    pub fn new(kind: EstimatorKind, samples: usize, gh: usize) -> Self {
        let table = match kind {
            EstimatorKind::Mc => Vec::new(),
            _ => standard_points(kind, gh),
        };
        Estimator {
            kind,
            samples,
            table,
            line: OnceLock::new(),
            gh,
            relax: 1.0,
            keep: 1.0,
        }
    }

    /// The same estimator with the dropout masks' keep probability p (1 unless set).
    pub fn with_keep(mut self, keep: f64) -> Self {
        self.keep = keep;
        self
    }

    /// Appends the dropout family's points z ⊙ m (docs/maths.md §12), with the mask z as the
    /// point's standard coordinates: the four masks with their probabilities (`exact`), or
    /// `samples` masks z_i ~ Bern(p) drawn from the run's generator, each of weight 1/samples,
    /// z₁ then z₂ per mask (`mc`; how the records' `masks` are replayed).
    fn push_masks(&self, m: Vec2, rng: &mut SeededRng, ws: &mut Workspace) {
        if self.kind == EstimatorKind::Mc {
            let w = 1.0 / self.samples as f64;
            for _ in 0..self.samples {
                let mut z = Vec2::zeros();
                for zi in z.iter_mut() {
                    let u: f64 = rand::RngExt::random(rng);
                    *zi = if u < self.keep { 1.0 } else { 0.0 };
                }
                ws.push(z.component_mul(&m), z, w);
            }
        } else {
            for (z, w) in dropout_masks(self.keep) {
                ws.push(z.component_mul(&m), z, w);
            }
        }
    }

    /// The same estimator with the concrete relaxation's temperature ϑ (Bernoulli Monte Carlo).
    pub fn with_relax(mut self, relax: f64) -> Self {
        self.relax = relax;
        self
    }

    /// The concrete relaxation's temperature ϑ.
    pub fn relax(&self) -> f64 {
        self.relax
    }

    /// The one-dimensional rule of [`ridge_moments`] (Gauss–Hermite only).
    fn line(&self) -> &[(f64, f64)] {
        self.line
            .get_or_init(|| gauss_hermite(4 * self.gh * self.gh))
    }

    pub fn kind(&self) -> EstimatorKind {
        self.kind
    }

    /// Appends the points θᵢ = m + A zᵢ (A = L⁻ᵀ) and weights for N(m, S⁻¹).
    /// Returns `None` when S is not positive definite (no square root exists).
    fn push_points(&self, g: &Gaussian, rng: &mut SeededRng, ws: &mut Workspace) -> Option<()> {
        if self.kind == EstimatorKind::Delta {
            // No square root needed: the delta method never looks at S.
            ws.push(g.mean, Vec2::zeros(), 1.0);
            return Some(());
        }
        let a = g.sqrt_cov()?;
        if self.kind == EstimatorKind::Mc {
            let n = self.samples;
            let w = 1.0 / n as f64;
            for i in 0..n.div_ceil(2) {
                let e = Vec2::new(StandardNormal.sample(rng), StandardNormal.sample(rng));
                ws.push(g.mean + a * e, e, w);
                if 2 * i + 1 < n {
                    ws.push(g.mean - a * e, -e, w);
                }
            }
        } else {
            for &(z, w) in &self.table {
                ws.push(g.mean + a * z, z, w);
            }
        }
        Some(())
    }
}

/// Standard points zᵢ and weights wᵢ (Σwᵢ = 1) of a deterministic rule, θᵢ = m + L⁻ᵀzᵢ:
/// delta (z = 0), the n×n Gauss–Hermite tensor grid, or the unscented transform (κ = 1).
/// Monte Carlo has no fixed table; it gets the single point z = 0.
pub fn standard_points(kind: EstimatorKind, gh: usize) -> Vec<(Vec2, f64)> {
    match kind {
        // Monte Carlo draws its points.
        EstimatorKind::Delta | EstimatorKind::Mc => vec![(Vec2::zeros(), 1.0)],
        EstimatorKind::GaussHermite => {
            let rule = gauss_hermite(gh);
            let mut t = Vec::with_capacity(gh * gh);
            for &(zi, wi) in &rule {
                for &(zj, wj) in &rule {
                    t.push((Vec2::new(zi, zj), wi * wj));
                }
            }
            t
        }
        // No Gaussian points: `exact` sums over the states of a finite family (the Bernoulli
        // corners, the dropout masks: `Estimator::push_masks`) and is refused for the Gaussian
        // families.
        EstimatorKind::Exact => Vec::new(),
        EstimatorKind::Unscented => {
            let r = 3f64.sqrt();
            vec![
                (Vec2::zeros(), 1.0 / 3.0),
                (Vec2::new(r, 0.0), 1.0 / 6.0),
                (Vec2::new(-r, 0.0), 1.0 / 6.0),
                (Vec2::new(0.0, r), 1.0 / 6.0),
                (Vec2::new(0.0, -r), 1.0 / 6.0),
            ]
        }
    }
}

/// Reusable buffers: the points of every component, their standard coordinates, weights and
/// the batch of landscape derivatives.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub ws: Vec<f64>,
    /// Standard coordinates zᵢ of each point (θ = m + L⁻ᵀz).
    zs: Vec<Vec2>,
    /// Which points belong to which component.
    pub ranges: Vec<Range<usize>>,
    batch: Batch,
}

impl Workspace {
    fn push(&mut self, p: Vec2, z: Vec2, w: f64) {
        self.xs.push(p[0]);
        self.ys.push(p[1]);
        self.zs.push(z);
        self.ws.push(w);
    }

    /// The standard coordinates zᵢ (θᵢ = m + L⁻ᵀzᵢ) and weights of the points of the last
    /// estimate: the draws a Monte Carlo step used (for the dropout family, the masks z with
    /// θᵢ = z ⊙ m).
    pub fn draws(&self) -> (&[Vec2], &[f64]) {
        (&self.zs, &self.ws)
    }

    /// The landscape's values at the points of the last estimate.
    pub fn values(&self) -> &[f64] {
        &self.batch.value
    }

    fn clear(&mut self) {
        self.xs.clear();
        self.ys.clear();
        self.ws.clear();
        self.zs.clear();
        self.ranges.clear();
    }
}

/// Why the expectations could not be formed.
#[derive(Clone, Debug, PartialEq)]
pub enum EstimateError {
    /// Component k's precision has no Cholesky factor.
    NotPositiveDefinite(usize),
    /// The landscape has no Gauss–Newton matrix.
    NoGaussNewton,
    /// `exact` was asked of a family with no finite sum over its states (a Gaussian).
    NoExactSum,
}

/// What is being integrated: f = ℓ̄ + τ·log q (the log q term only when `with_log_q`, i.e.
/// for mixtures, docs/maths.md §7), with `hessian` standing in for ∇²ℓ̄ (log q's Hessian is exact).
pub struct Target<'a> {
    pub landscape: &'a Landscape,
    pub hessian: HessianKind,
    pub tau: f64,
    pub with_log_q: bool,
}

/// Per-component moments E_{N_k}[f], E_{N_k}[∇f], E_{N_k}[H] of the target under each
/// component of q, all points evaluated in one batch.
pub fn expectations(
    target: &Target,
    q: &Q,
    est: &Estimator,
    rng: &mut SeededRng,
    ws: &mut Workspace,
) -> Result<Vec<Moments>, EstimateError> {
    let Target {
        landscape,
        hessian,
        with_log_q,
        ..
    } = *target;
    ws.clear();
    if let Some(b) = &q.bern {
        return Ok(vec![bernoulli_moments(landscape, b, est, rng, ws)]);
    }
    let dropout = q.kind == FamilyKind::Dropout;
    if est.kind == EstimatorKind::Exact && !dropout {
        return Err(EstimateError::NoExactSum);
    }
    if est.kind == EstimatorKind::GaussHermite
        && !dropout
        && !with_log_q
        && hessian == HessianKind::Exact
        && let Some(sum) = landscape.ridge_sum()
    {
        return q
            .comps
            .iter()
            .enumerate()
            .map(|(k, g)| {
                ridge_moments(&sum, g, est.line()).ok_or(EstimateError::NotPositiveDefinite(k))
            })
            .collect();
    }
    place_points(q, est, rng, ws)?;
    moments_at_points(target, q, ws)
}

/// Places the estimator's points θᵢ and weights wᵢ for every component of q in `ws` (what
/// [`expectations`] integrates with), drawing from `rng` for Monte Carlo.
pub fn place_points(
    q: &Q,
    est: &Estimator,
    rng: &mut SeededRng,
    ws: &mut Workspace,
) -> Result<(), EstimateError> {
    ws.clear();
    let dropout = q.kind == FamilyKind::Dropout;
    for (k, g) in q.comps.iter().enumerate() {
        let start = ws.xs.len();
        if dropout {
            est.push_masks(g.mean, rng, ws);
        } else {
            est.push_points(g, rng, ws)
                .ok_or(EstimateError::NotPositiveDefinite(k))?;
        }
        ws.ranges.push(start..ws.xs.len());
    }
    Ok(())
}

/// Per-component moments of the target at the points [`place_points`] left in `ws`.
pub fn moments_at_points(
    target: &Target,
    q: &Q,
    ws: &mut Workspace,
) -> Result<Vec<Moments>, EstimateError> {
    let Target {
        landscape,
        hessian,
        tau,
        with_log_q,
    } = *target;
    landscape.evals(&ws.xs, &ws.ys, &mut ws.batch);
    let dropout = q.kind == FamilyKind::Dropout;
    let norm = q.normalisers();
    let mut out = Vec::with_capacity(q.comps.len());
    for (g, range) in q.comps.iter().zip(&ws.ranges) {
        let mut m = Moments {
            value: 0.0,
            grad: Vec2::zeros(),
            hess: Mat2::zeros(),
        };
        for i in range.clone() {
            let e = ws.batch.get(i);
            let p = Vec2::new(ws.xs[i], ws.ys[i]);
            if dropout {
                // θ = z ⊙ m: the chain rule through the mask (docs/maths.md §12).
                let (z, w) = (ws.zs[i], ws.ws[i]);
                let d = Mat2::from_diagonal(&z);
                m.value += w * e.value;
                m.grad += z.component_mul(&e.grad) * w;
                m.hess += d * e.hess * d * w;
                continue;
            }
            let h = match hessian {
                HessianKind::Exact => e.hess,
                HessianKind::GaussNewton => landscape
                    .gauss_newton(p)
                    .ok_or(EstimateError::NoGaussNewton)?,
                // Per row on data landscapes (docs/maths.md §10), else ĝĝᵀ.
                HessianKind::SquareGradient => landscape
                    .square_gradient(p)
                    .unwrap_or_else(|| e.grad * e.grad.transpose()),
                // S(θ−m) = L z' with z' = Lᵀ(θ−m); use the precision directly.
                HessianKind::Stein => sym(&(g.prec * (p - g.mean) * e.grad.transpose())),
            };
            let (mut v, mut gr, mut hs) = (e.value, e.grad, h);
            if with_log_q {
                let lq = q.log_q(p, &norm);
                v += tau * lq.value;
                gr += lq.grad * tau;
                hs += lq.hess * tau;
            }
            let w = ws.ws[i];
            m.value += w * v;
            m.grad += gr * w;
            m.hess += hs * w;
        }
        out.push(m);
    }
    Ok(out)
}

/// The authors' guard in the concrete relaxation's scale (Meng, Bachmann, Khan 2020, code of
/// BayesBiNN): s = (1 − w_r² + ε)/(ϑ(1 − μ² + ε)) with ε = 1e-10, which keeps s finite when
/// |λ| is large.
pub const RELAX_GUARD: f64 = 1e-10;

/// E_q[ℓ̄] and g = ∇_μ E_q[ℓ̄] (μ = tanh λ) for a Bernoulli q, by the scene's estimator
/// (docs/maths.md §11); the Hessian field is zero (the rule needs none). The evaluated points
/// are left in `ws` (the page draws them); for Monte Carlo `ws.draws()` holds the uniforms ε.
///
/// - exact: E = Σ_s ℓ̄(a·s) Π_i q_i(s_i), q_i(s_i) = (1 + s_i μ_i)/2, so
///   g_1 = Σ_s ℓ̄(a·s) (s_1/2) q_2(s_2) and likewise g_2 (E is multilinear in μ).
/// - delta: E ≈ ℓ̄(a·μ), g ≈ a∇ℓ̄(a·μ).
/// - mc (concrete relaxation at temperature ϑ): ε ~ U(0, 1), δ = ½ log(ε/(1 − ε)),
///   w_r = a·tanh((λ + δ)/ϑ); g ≈ mean [a∇ℓ̄(w_r) ⊙ s], s = (sech²((λ+δ)/ϑ) + 1e-10) /
///   (ϑ(sech²λ + 1e-10)); E ≈ mean ℓ̄(w_r).
fn bernoulli_moments(
    landscape: &Landscape,
    b: &Bernoulli,
    est: &Estimator,
    rng: &mut SeededRng,
    ws: &mut Workspace,
) -> Moments {
    let a = b.scale;
    let mu = b.mu();
    // The per-point factor on a∇ℓ̄ (Monte Carlo only).
    let mut scales = Vec::new();
    match est.kind {
        EstimatorKind::Exact => {
            for s in Bernoulli::STATES {
                let s = Vec2::new(s[0], s[1]);
                let w = b.prob(0, s[0]) * b.prob(1, s[1]);
                ws.push(s * a, s, w);
            }
        }
        EstimatorKind::Mc => {
            let n = est.samples.max(1);
            let th = est.relax;
            let denom = b.lambda.map(|l| th * (sech2(l) + RELAX_GUARD));
            for _ in 0..n {
                let e = Vec2::new(uniform_open(rng), uniform_open(rng));
                let x = (b.lambda + e.map(|e| 0.5 * (e / (1.0 - e)).ln())) / th;
                ws.push(x.map(f64::tanh) * a, e, 1.0 / n as f64);
                scales.push((x.map(|x| sech2(x) + RELAX_GUARD)).component_div(&denom));
            }
        }
        // Delta (the scene accepts no other estimator for this family).
        _ => ws.push(mu * a, Vec2::zeros(), 1.0),
    }
    ws.ranges.push(0..ws.xs.len());
    landscape.evals(&ws.xs, &ws.ys, &mut ws.batch);
    let mut m = Moments {
        value: 0.0,
        grad: Vec2::zeros(),
        hess: Mat2::zeros(),
    };
    for (i, (&w, &s)) in ws.ws.iter().zip(&ws.zs).enumerate() {
        let e = ws.batch.get(i);
        m.value += w * e.value;
        m.grad += match est.kind {
            EstimatorKind::Exact => {
                // ∂/∂μ_i of Π_j (1 + s_j μ_j)/2 = (s_i/2) q_other(s_other).
                Vec2::new(0.5 * s[0] * b.prob(1, s[1]), 0.5 * s[1] * b.prob(0, s[0])) * e.value
            }
            EstimatorKind::Mc => (e.grad * a).component_mul(&scales[i]) * w,
            _ => e.grad * a,
        };
    }
    m
}

/// E[ℓ̄], E[∇ℓ̄] and E[∇²ℓ̄] under N(m, Σ) for ℓ̄ = w Σₙ f(vₙᵀθ) + ½δ‖θ‖²: each term along its
/// own direction, z = vₙᵀθ ~ N(μₙ, sₙ²) with μₙ = vₙᵀm, sₙ² = vₙᵀΣvₙ, by the one-dimensional
/// rule `line`: wE[f(z)], wvₙE[f′(z)], wvₙvₙᵀE[f″(z)]; the prior term exactly,
/// ½δ(‖m‖² + tr Σ), δm, δI. Unlike a tensor grid in θ, this converges as the nodes grow even
/// when each term is a kink at the scale of q (docs/maths.md §2). `None` if S is not
/// positive definite.
fn ridge_moments(sum: &RidgeSum, g: &Gaussian, line: &[(f64, f64)]) -> Option<Moments> {
    g.sqrt_cov()?;
    let cov = g.cov()?;
    let m = g.mean;
    let mut out = Moments {
        value: 0.5 * sum.delta * (m.norm_squared() + cov.trace()),
        grad: m * sum.delta,
        hess: Mat2::identity() * sum.delta,
    };
    for v in &sum.dirs {
        let (mu, s) = (v.dot(&m), v.dot(&(cov * v)).max(0.0).sqrt());
        let mut e = [0.0; 3];
        for &(z, w) in line {
            let f = (sum.f)(mu + s * z);
            for (acc, fi) in e.iter_mut().zip(f) {
                *acc += w * fi;
            }
        }
        out.value += sum.scale * e[0];
        out.grad += v * (sum.scale * e[1]);
        out.hess += v * v.transpose() * (sum.scale * e[2]);
    }
    Some(out)
}

/// Probabilists' Gauss–Hermite rule with n nodes (weights sum to 1), by Golub–Welsch: the
/// nodes are the eigenvalues of the Jacobi matrix with off-diagonal √k, the weights the
/// squared first components of its unit eigenvectors.
pub fn gauss_hermite(n: usize) -> Vec<(f64, f64)> {
    let n = n.max(1);
    let j = nalgebra::DMatrix::from_fn(n, n, |r, c| {
        if r + 1 == c || c + 1 == r {
            (r.max(c) as f64).sqrt()
        } else {
            0.0
        }
    });
    let eig = nalgebra::SymmetricEigen::new(j);
    let mut rule: Vec<(f64, f64)> = (0..n)
        .map(|i| (eig.eigenvalues[i], eig.eigenvectors[(0, i)].powi(2)))
        .collect();
    rule.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Symmetrise: the rule is exactly symmetric about 0; remove rounding asymmetry so odd
    // moments vanish to the last bit.
    for i in 0..n / 2 {
        let (z, w) = (
            0.5 * (rule[n - 1 - i].0 - rule[i].0),
            0.5 * (rule[i].1 + rule[n - 1 - i].1),
        );
        rule[i] = (-z, w);
        rule[n - 1 - i] = (z, w);
    }
    if n % 2 == 1 {
        rule[n / 2].0 = 0.0;
    }
    let total: f64 = rule.iter().map(|r| r.1).sum();
    rule.iter_mut().for_each(|r| r.1 /= total);
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_hermite_three_points_match_spec() {
        let r = gauss_hermite(3);
        let s3 = 3f64.sqrt();
        let want = [(-s3, 1.0 / 6.0), (0.0, 2.0 / 3.0), (s3, 1.0 / 6.0)];
        for ((z, w), (zw, ww)) in r.iter().zip(want) {
            assert!((z - zw).abs() < 1e-14 && (w - ww).abs() < 1e-14, "{z} {w}");
        }
    }

    #[test]
    fn gauss_hermite_is_exact_to_degree_2n_minus_1() {
        // E[z^(2j)] = (2j−1)!! for z ~ N(0,1).
        for n in 1..=10usize {
            let r = gauss_hermite(n);
            let mut dfact = 1.0;
            for j in 0..n {
                if j > 0 {
                    dfact *= (2 * j - 1) as f64;
                }
                let even: f64 = r.iter().map(|(z, w)| w * z.powi(2 * j as i32)).sum();
                assert!((even - dfact).abs() < 1e-10 * dfact, "n={n} j={j} {even}");
                let odd: f64 = r.iter().map(|(z, w)| w * z.powi(2 * j as i32 + 1)).sum();
                assert!(odd.abs() < 1e-10 * dfact.max(1.0), "n={n} odd {odd}");
            }
        }
    }
}
