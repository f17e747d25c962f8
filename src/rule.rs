//! One step of the Bayesian Learning Rule for each family (docs/maths.md §1, §3–§7).
//!
//! The step is pure: `step(q, moments, hyper) -> q'`; the executor in [`crate::run`] owns the
//! loop, the estimator and the divergence checks (argmin's solver/executor split).

use crate::estimate::Moments;
use crate::family::{FamilyKind, Gaussian, Q};
use crate::linalg::{Mat2, Vec2, inverse, is_positive_definite, solve};

/// How the diagonal (mean-field) family updates its two coordinates (docs/maths.md §15).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// Both coordinates from the same q (Jacobi).
    Parallel,
    /// Coordinate 1, then coordinate 2 with expectations under the q that already holds the
    /// new coordinate 1 (Gauss–Seidel): at ρ = 1 this is variational message passing, and
    /// CAVI on a Gaussian target.
    Sequential,
}

impl Schedule {
    pub const ALL: [Schedule; 2] = [Schedule::Parallel, Schedule::Sequential];

    /// The scene's `schedule` value.
    pub fn name(self) -> &'static str {
        match self {
            Schedule::Parallel => "parallel",
            Schedule::Sequential => "sequential",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Schedule::Parallel => "both coordinates from the same q (Jacobi)",
            Schedule::Sequential => {
                "one coordinate at a time, each under the q the other just updated (VMP; CAVI at ρ = 1)"
            }
        }
    }
}

/// The rule's hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    /// Learning rate ρ ∈ (0, 1].
    pub lr: f64,
    /// Mixture-weight learning rate ρ_π.
    pub lr_weights: f64,
    /// Learning rate ρ_z of the local assignments q(z_n) (landscapes with latent variables).
    pub lr_local: f64,
    /// Temperature τ > 0.
    pub tau: f64,
    /// Use the improved rule's positive-definite correction (docs/maths.md §6).
    pub improved: bool,
    /// Fixed family: the covariance S₀⁻¹ = cov0·I.
    pub cov0: f64,
    /// Diagonal family: parallel or sequential coordinate updates.
    pub schedule: Schedule,
}

/// Why a step could not produce a valid q.
#[derive(Clone, Debug, PartialEq)]
pub enum StepError {
    /// The new precision of component k is not positive definite (plain rule only).
    NotPositiveDefinite {
        component: usize,
        eigenvalues: [f64; 2],
    },
    /// The new precision of component k is singular, so the mean step cannot be solved.
    Singular { component: usize },
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepError::NotPositiveDefinite {
                component,
                eigenvalues: [a, b],
            } => write!(
                f,
                "precision of component {component} not positive definite (eigenvalues {a:.4e}, {b:.4e})"
            ),
            StepError::Singular { component } => {
                write!(f, "precision of component {component} is singular")
            }
        }
    }
}

/// Eigenvalues of a symmetric 2×2 matrix, ascending.
pub fn eigenvalues(s: &Mat2) -> [f64; 2] {
    let (a, b, c) = (s[(0, 0)], s[(0, 1)], s[(1, 1)]);
    let mid = 0.5 * (a + c);
    let r = (0.25 * (a - c) * (a - c) + b * b).sqrt();
    [mid - r, mid + r]
}

/// Precision update for a full Gaussian.
///
/// Plain (docs/maths.md §4): S' = S − ρG with G = τS − E[∇²ℓ̄], i.e. S' = (1 − ρτ)S + ρE[∇²ℓ̄].
/// Improved (docs/maths.md §6): S' = S − ρG + (ρ²/2) G S⁻¹ G, positive definite for any symmetric G.
/// `g_hess` is E[∇²ℓ̄] and `self_weight` is τ (0 for mixtures, whose entropy term is inside
/// E[∇²b] through log q).
pub fn precision_step(s: &Mat2, e_hess: &Mat2, self_weight: f64, lr: f64, improved: bool) -> Mat2 {
    if improved {
        let g = s * self_weight - e_hess;
        let s_inv = inverse(s).unwrap_or_else(Mat2::zeros);
        let corr = g * s_inv * g;
        // Symmetrise: G S⁻¹ G is symmetric in exact arithmetic only.
        s - g * lr + (corr + corr.transpose()) * (0.25 * lr * lr)
    } else {
        s * (1.0 - lr * self_weight) + e_hess * lr
    }
}

/// Diagonal precision update, elementwise: s' = (1 − ρτ)s + ρh, or the improved
/// s' = s − ρg + (ρ²/2) g²/s with g = τs − h.
pub fn diagonal_step(s: f64, h: f64, tau: f64, lr: f64, improved: bool) -> f64 {
    if improved {
        let g = tau * s - h;
        s - lr * g + 0.5 * lr * lr * g * g / s
    } else {
        (1.0 - lr * tau) * s + lr * h
    }
}

/// Checks a new precision and takes the mean step m' = m − ρ S'⁻¹ E[∇f] (new precision in the
/// mean step, docs/maths.md §4).
fn mean_step(k: usize, mean: Vec2, prec: Mat2, grad: Vec2, lr: f64) -> Result<Gaussian, StepError> {
    if !is_positive_definite(&prec) {
        return Err(StepError::NotPositiveDefinite {
            component: k,
            eigenvalues: eigenvalues(&prec),
        });
    }
    let d = solve(&prec, &grad).ok_or(StepError::Singular { component: k })?;
    Ok(Gaussian {
        mean: mean - d * lr,
        prec,
    })
}

/// The diagonal family's step on the chosen coordinates (the others stay as they are):
/// s_i' = (1 − ρτ)s_i + ρE[∂²_ii ℓ̄] (or §6's elementwise form), m_i' = m_i − ρE[∂_i ℓ̄]/s_i'.
pub fn diagonal(
    g: &Gaussian,
    m: &Moments,
    h: &Hyper,
    coords: [bool; 2],
) -> Result<Gaussian, StepError> {
    let mut s = Mat2::new(g.prec[(0, 0)], 0.0, 0.0, g.prec[(1, 1)]);
    for i in (0..2).filter(|&i| coords[i]) {
        s[(i, i)] = diagonal_step(g.prec[(i, i)], m.hess[(i, i)], h.tau, h.lr, h.improved);
    }
    let mut next = mean_step(0, g.mean, s, m.grad, h.lr)?;
    for i in (0..2).filter(|&i| !coords[i]) {
        next.mean[i] = g.mean[i];
    }
    Ok(next)
}

/// The rule's step for a local categorical candidate q(z_n) in its natural parameter, the
/// log-odds η = log(q(z_n = 1)/q(z_n = 2)) (docs/maths.md §14): η' = (1 − ρ_z)η + ρ_z η̂, where
/// η̂ is the log-odds the current q(θ) implies. At ρ_z = 1 it is η̂ exactly (the E-step).
pub fn local_step(eta: f64, implied: f64, lr_local: f64) -> f64 {
    (1.0 - lr_local) * eta + lr_local * implied
}

/// The responsibility q(z_n = 1) = 1/(1 + e^(−η)) of log-odds η (0 or 1 at the extremes,
/// never NaN for finite or infinite η).
pub fn responsibility(eta: f64) -> f64 {
    1.0 / (1.0 + (-eta).exp())
}

/// One BLR step from q with the estimated moments of each component (docs/maths.md §3–§7).
///
/// - fixed: m' = m − ρ S₀⁻¹ E[∇ℓ̄] (S₀⁻¹ = cov0·I): gradient descent with step ρ·cov0.
/// - dropout: the same step with the moments of the masks, E_z[z ⊙ ∇ℓ̄(z ⊙ m)]: gradient
///   descent on the dropout objective D (docs/maths.md §12).
/// - full: S' = (1 − ρτ)S + ρE[∇²ℓ̄] (or §6), m' = m − ρS'⁻¹E[∇ℓ̄].
/// - diagonal: the same with diag(E[∇²ℓ̄]) elementwise.
/// - mixture (moments of b = ℓ̄ + τ log q): S_k' = S_k + ρE_k[∇²b] (or §6 with
///   G_k = −E_k[∇²b]), m_k' = m_k − ρS_k'⁻¹E_k[∇b], η_k' = η_k − ρ_π(E_k[b] − E_K[b]).
/// - bernoulli (moments' `grad` is ∇_μE_q[ℓ̄], μ = tanh λ): λ' = (1 − ρτ)λ − ρ∇_μE_q[ℓ̄]
///   (BayesBiNN, docs/maths.md §11); never fails (a non-finite λ is the executor's check).
pub fn step(q: &Q, moments: &[Moments], h: &Hyper) -> Result<Q, StepError> {
    let mut next = q.clone();
    if let (Some(b), Some(next_b)) = (&q.bern, &mut next.bern) {
        next_b.lambda = b.lambda * (1.0 - h.lr * h.tau) - moments[0].grad * h.lr;
        return Ok(next);
    }
    match q.kind {
        FamilyKind::Fixed | FamilyKind::Dropout => {
            let g = &q.comps[0];
            let cov = Mat2::identity() * h.cov0;
            next.comps[0].mean = g.mean - (cov * moments[0].grad) * h.lr;
        }
        FamilyKind::Full => {
            let g = &q.comps[0];
            let s = precision_step(&g.prec, &moments[0].hess, h.tau, h.lr, h.improved);
            next.comps[0] = mean_step(0, g.mean, s, moments[0].grad, h.lr)?;
        }
        FamilyKind::Diagonal => {
            next.comps[0] = diagonal(&q.comps[0], &moments[0], h, [true, true])?;
        }
        FamilyKind::Mixture => {
            for (k, (g, m)) in q.comps.iter().zip(moments).enumerate() {
                let s = precision_step(&g.prec, &m.hess, 0.0, h.lr, h.improved);
                next.comps[k] = mean_step(k, g.mean, s, m.grad, h.lr)?;
            }
            // η_K stays 0: the last component is the reference of the softmax.
            let last = moments[moments.len() - 1].value;
            let free = q.eta.len() - 1;
            for ((e, old), m) in next.eta.iter_mut().zip(&q.eta).zip(moments).take(free) {
                *e = old - h.lr_weights * (m.value - last);
            }
        }
        // Its state is `q.bern`, stepped above.
        FamilyKind::Bernoulli => {}
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn improved_rule_matches_spec_example() {
        // docs/maths.md §6: S = I, ∇²ℓ̄ = diag(−5, 1), ρ = 0.5, τ = 1.
        let s = Mat2::identity();
        let h = Mat2::new(-5.0, 0.0, 0.0, 1.0);
        let plain = precision_step(&s, &h, 1.0, 0.5, false);
        assert_eq!(eigenvalues(&plain), [-2.0, 1.0]);
        let improved = precision_step(&s, &h, 1.0, 0.5, true);
        assert_eq!(eigenvalues(&improved), [1.0, 2.5]);
        assert_eq!(diagonal_step(1.0, -5.0, 1.0, 0.5, true), 2.5);
        assert_eq!(diagonal_step(1.0, -5.0, 1.0, 0.5, false), -2.0);
    }

    #[test]
    fn improved_identity_holds_for_random_symmetric_g() {
        // S − ρG + (ρ²/2)GS⁻¹G = ½[S + (S − ρG)S⁻¹(S − ρG)].
        let s = Mat2::new(2.0, 0.3, 0.3, 0.7);
        let e = Mat2::new(-3.0, 1.2, 1.2, 4.0);
        for &lr in &[1e-3, 0.1, 0.5, 1.0] {
            let got = precision_step(&s, &e, 1.0, lr, true);
            let a = s - (s - e) * lr;
            let want = (s + a * inverse(&s).unwrap() * a) * 0.5;
            assert!((got - want).norm() < 1e-12 * want.norm());
            assert!(is_positive_definite(&got));
        }
    }
}
