//! Candidate families q (docs/maths.md §3–§7, §11): Gaussians in mean/precision form, mixtures
//! of them, and two independent Bernoulli weights.
//!
//! Every Gaussian q is held as a mixture `Σ_k π_k N(m_k, S_k⁻¹)`; the single-Gaussian families
//! are the K = 1 case with π = (1). A Bernoulli q holds its natural parameter λ itself
//! ([`Bernoulli`]) and no Gaussian component. The family kind decides which parameters the rule
//! may move.

use crate::landscape::{Eval, Landscape};
use crate::linalg::{Mat2, Vec2, cholesky, inverse, solve};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::f64::consts::PI;

/// Which candidate family; the names are the scene's `family` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FamilyKind {
    /// N(m, S₀⁻¹) with fixed S₀: the rule is gradient descent (docs/maths.md §3).
    Fixed,
    /// N(m, diag(s)⁻¹): RMSprop/Adam/OGN-style updates (docs/maths.md §5).
    Diagonal,
    /// N(m, S⁻¹): variational online Newton; Newton's method at ρ = τ = 1 (docs/maths.md §4).
    Full,
    /// Σ π_k N(m_k, S_k⁻¹): multimodal search (docs/maths.md §7).
    Mixture,
    /// Two independent binary weights w ∈ {−a, +a}²: BayesBiNN (docs/maths.md §11).
    Bernoulli,
    /// Per weight the spike-and-slab p·N(m_i, σ²) + (1−p)·N(0, σ²), σ² → 0, with the
    /// responsibilities fixed at p: the rule is gradient descent on the dropout objective
    /// D(m) = E_z[ℓ̄(z ⊙ m)], z_i ~ Bern(p) (docs/maths.md §12). Held as one Gaussian whose mean
    /// is the slab mean m and whose covariance cov0·I only scales the step, as for `Fixed`.
    Dropout,
}

impl FamilyKind {
    /// Every kind, in the order `blr list` shows them.
    pub const ALL: [FamilyKind; 6] = [
        FamilyKind::Fixed,
        FamilyKind::Diagonal,
        FamilyKind::Full,
        FamilyKind::Mixture,
        FamilyKind::Bernoulli,
        FamilyKind::Dropout,
    ];

    /// The scene/CLI name.
    pub fn name(self) -> &'static str {
        match self {
            FamilyKind::Fixed => "fixed",
            FamilyKind::Diagonal => "diagonal",
            FamilyKind::Full => "full",
            FamilyKind::Mixture => "mixture",
            FamilyKind::Bernoulli => "bernoulli",
            FamilyKind::Dropout => "dropout",
        }
    }

    /// One-line description for `blr list` and the page.
    pub fn description(self) -> &'static str {
        match self {
            FamilyKind::Fixed => {
                "Gaussian with fixed covariance cov0·I: the rule is gradient descent"
            }
            FamilyKind::Diagonal => {
                "diagonal Gaussian: RMSprop/Adam-like updates of a per-axis precision"
            }
            FamilyKind::Full => {
                "full Gaussian: variational online Newton; Newton's method at lr = tau = 1"
            }
            FamilyKind::Mixture => "mixture of k Gaussians: finds several minima at once",
            FamilyKind::Bernoulli => {
                "two binary weights in {−scale, +scale}², independent Bernoulli: BayesBiNN (STE is its nearest classical relative)"
            }
            FamilyKind::Dropout => {
                "spike-and-slab per weight (keep probability p): gradient descent on the dropout objective; mc masks: dropout SGD"
            }
        }
    }
}

/// A Gaussian N(m, S⁻¹) in mean/precision form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gaussian {
    pub mean: Vec2,
    /// Precision S (symmetric positive definite while the run is healthy).
    pub prec: Mat2,
}

impl Gaussian {
    /// Covariance Σ = S⁻¹, `None` when S is singular.
    pub fn cov(&self) -> Option<Mat2> {
        inverse(&self.prec)
    }

    /// Natural parameters λ = (S m, −½ S).
    pub fn natural(&self) -> (Vec2, Mat2) {
        (self.prec * self.mean, self.prec * -0.5)
    }

    /// Inverse of [`Gaussian::natural`]: S = −2 λ₂, m = S⁻¹ λ₁.
    pub fn from_natural(l1: Vec2, l2: Mat2) -> Option<Gaussian> {
        let prec = l2 * -2.0;
        Some(Gaussian {
            mean: solve(&prec, &l1)?,
            prec,
        })
    }

    /// Expectation parameters μ = (m, S⁻¹ + m mᵀ).
    pub fn expectation(&self) -> Option<(Vec2, Mat2)> {
        Some((self.mean, self.cov()? + self.mean * self.mean.transpose()))
    }

    /// Entropy H = ½ log det(2πe Σ) = log(2πe) − ½ log det S (dimension 2).
    pub fn entropy(&self) -> f64 {
        (2.0 * PI * std::f64::consts::E).ln() - 0.5 * self.prec.determinant().ln()
    }

    /// log N(θ; m, S⁻¹) = −log 2π + ½ log det S − ½ (θ−m)ᵀ S (θ−m).
    pub fn log_density(&self, p: Vec2) -> f64 {
        let d = p - self.mean;
        -(2.0 * PI).ln() + 0.5 * self.prec.determinant().ln() - 0.5 * d.dot(&(self.prec * d))
    }

    /// The matrix A = L⁻ᵀ with S = L Lᵀ, so that θ = m + A z has covariance S⁻¹ for z ~ N(0, I).
    /// `None` when S is not positive definite.
    pub fn sqrt_cov(&self) -> Option<Mat2> {
        let l = cholesky(&self.prec)?;
        // L = [[a, 0], [b, c]] ⇒ L⁻¹ = [[1/a, 0], [−b/(ac), 1/c]]; A = (L⁻¹)ᵀ.
        let (a, b, c) = (l[(0, 0)], l[(1, 0)], l[(1, 1)]);
        Some(Mat2::new(1.0 / a, -b / (a * c), 0.0, 1.0 / c))
    }

    /// One draw θ = m + L⁻ᵀε, ε ~ N(0, I); `None` when S is not positive definite.
    pub fn sample<R: rand::Rng>(&self, rng: &mut R) -> Option<Vec2> {
        let e = Vec2::new(crate::rng::normal(rng), crate::rng::normal(rng));
        Some(self.mean + self.sqrt_cov()? * e)
    }
}

/// log(2 cosh x), without overflow: |x| + log(1 + e^{−2|x|}).
fn log_2cosh(x: f64) -> f64 {
    x.abs() + (-2.0 * x.abs()).exp().ln_1p()
}

/// sech²x = 1 − tanh²x, computed directly (1 − tanh² rounds to 0 once |x| > 19).
pub fn sech2(x: f64) -> f64 {
    let c = x.cosh();
    1.0 / (c * c)
}

/// Two independent binary weights w ∈ {−a, +a}² (docs/maths.md §11):
/// q(w) = Π_i exp(λ_i w_i/a) / (2 cosh λ_i), expectation parameter μ_i = E_q[w_i]/a = tanh λ_i.
/// λ itself is the state: tanh λ rounds to ±1 once |λ| > 19, so λ is never recovered from μ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bernoulli {
    /// Natural parameter λ ∈ R².
    pub lambda: Vec2,
    /// The weights' magnitude a > 0 (the scene's `scale`).
    pub scale: f64,
}

impl Bernoulli {
    /// The four states s ∈ {±1}² (w = a·s), in the order [`Bernoulli::probs`] lists them.
    pub const STATES: [[f64; 2]; 4] = [[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]];

    /// The q whose mean E_q[w] is `mean`: λ_i = atanh(mean_i/a); `None` unless `mean` lies
    /// strictly inside the square (−a, a)².
    pub fn from_mean(mean: Vec2, scale: f64) -> Option<Bernoulli> {
        let inside = mean.iter().all(|m| m.abs() < scale) && scale > 0.0;
        let lambda = mean.map(|m| (m / scale).atanh());
        (inside && lambda.iter().all(|l| l.is_finite())).then_some(Bernoulli { lambda, scale })
    }

    /// μ = tanh λ (the expectation parameter, E_q[w]/a).
    pub fn mu(&self) -> Vec2 {
        self.lambda.map(f64::tanh)
    }

    /// E_q[w] = a·tanh λ.
    pub fn mean(&self) -> Vec2 {
        self.mu() * self.scale
    }

    /// Var(w_i) = a²(1 − tanh²λ_i) = a² sech²λ_i (the weights are independent under q).
    pub fn var(&self) -> Vec2 {
        self.lambda.map(|l| self.scale * self.scale * sech2(l))
    }

    /// q(w_i = a·s_i) = (1 + s_i tanh λ_i)/2 = 1/(1 + e^{−2 s_i λ_i}), exact even where
    /// tanh λ rounds to ±1.
    pub fn prob(&self, i: usize, s: f64) -> f64 {
        1.0 / (1.0 + (-2.0 * s * self.lambda[i]).exp())
    }

    /// q(w = a·s) for each of [`Bernoulli::STATES`].
    pub fn probs(&self) -> [f64; 4] {
        Self::STATES.map(|s| self.prob(0, s[0]) * self.prob(1, s[1]))
    }

    /// H(q) = Σ_i [log(2 cosh λ_i) − λ_i tanh λ_i].
    pub fn entropy(&self) -> f64 {
        self.lambda
            .iter()
            .map(|&l| log_2cosh(l) - l * l.tanh())
            .sum()
    }
}

/// The state of q: Gaussian components and the mixture's free logits η (η_K = 0 implied), or a
/// Bernoulli q (then `comps` and `eta` are empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Q {
    pub kind: FamilyKind,
    pub comps: Vec<Gaussian>,
    /// Logits η₁…η_K with η_K fixed at 0; π = softmax(η).
    pub eta: Vec<f64>,
    /// The Bernoulli family's state (`None` for the Gaussian families).
    pub bern: Option<Bernoulli>,
}

/// Responsibilities and derivatives of log q at one point (docs/maths.md §7).
#[derive(Clone, Debug)]
pub struct LogQ {
    pub value: f64,
    pub grad: Vec2,
    pub hess: Mat2,
}

impl Q {
    /// The means E_q[θ] of the components: m_k, or a·tanh λ for a Bernoulli q.
    pub fn means(&self) -> Vec<Vec2> {
        match &self.bern {
            Some(b) => vec![b.mean()],
            None => self.comps.iter().map(|g| g.mean).collect(),
        }
    }

    /// Mixture weights π = softmax(η).
    pub fn weights(&self) -> Vec<f64> {
        self.log_weights().into_iter().map(f64::exp).collect()
    }

    /// The per-component constants cₖ = log πₖ − log 2π + ½ log det Sₖ, so that
    /// log πₖNₖ(θ) = cₖ − ½(θ−mₖ)ᵀSₖ(θ−mₖ). Computed once per q, not once per point.
    pub fn normalisers(&self) -> Vec<f64> {
        self.log_weights()
            .iter()
            .zip(&self.comps)
            .map(|(lw, c)| lw - (2.0 * PI).ln() + 0.5 * c.prec.determinant().ln())
            .collect()
    }

    /// log q(θ) with its gradient and Hessian, given [`Q::normalisers`]:
    /// r_j = π_j N_j(θ)/q(θ), g_j = −S_j(θ − m_j),
    /// ∇log q = Σ r_j g_j, ∇²log q = Σ r_j (g_j g_jᵀ − S_j) − ∇log q ∇log qᵀ.
    /// One exponential per component and no allocation for K ≤ 16 (this runs at every
    /// sample point of every mixture step).
    pub fn log_q(&self, p: Vec2, norm: &[f64]) -> LogQ {
        let k = self.comps.len();
        let mut stack = [0.0f64; 16];
        let mut heap = Vec::new();
        let e: &mut [f64] = if k <= stack.len() {
            &mut stack[..k]
        } else {
            heap.resize(k, 0.0);
            &mut heap
        };
        let mut mx = f64::NEG_INFINITY;
        for ((t, c), n) in e.iter_mut().zip(&self.comps).zip(norm) {
            let d = p - c.mean;
            *t = n - 0.5 * d.dot(&(c.prec * d));
            mx = mx.max(*t);
        }
        let mut z = 0.0;
        for t in e.iter_mut() {
            *t = (*t - mx).exp();
            z += *t;
        }
        let mut grad = Vec2::zeros();
        let mut second = Mat2::zeros();
        for (c, t) in self.comps.iter().zip(e.iter()) {
            let r = t / z;
            let g = -(c.prec * (p - c.mean));
            grad += g * r;
            second += (g * g.transpose() - c.prec) * r;
        }
        LogQ {
            value: mx + z.ln(),
            grad,
            hess: second - grad * grad.transpose(),
        }
    }

    /// log π (the log weights), computed stably from η.
    pub fn log_weights(&self) -> Vec<f64> {
        let mx = self.eta.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let lz = mx + self.eta.iter().map(|v| (v - mx).exp()).sum::<f64>().ln();
        self.eta.iter().map(|v| v - lz).collect()
    }

    /// One draw from q: a component k with probability π_k, then θ ~ N_k (`None` for a
    /// Bernoulli q, which has no Gaussian component).
    pub fn sample<R: rand::Rng>(&self, rng: &mut R) -> Option<Vec2> {
        let u: f64 = rand::RngExt::random(rng);
        let w = self.weights();
        let mut acc = 0.0;
        // The last component takes any rounding remainder of Σπ.
        let k = w
            .iter()
            .position(|p| {
                acc += p;
                u < acc
            })
            .unwrap_or(w.len().saturating_sub(1));
        self.comps.get(k)?.sample(rng)
    }

    /// Closed-form entropy where it exists (a single Gaussian, a Bernoulli q); `None` for
    /// mixtures with K > 1 and for the dropout family, whose slab and spike have σ² → 0 (an
    /// entropy of −∞ that does not depend on m, so the objective is the dropout objective D
    /// alone).
    pub fn entropy(&self) -> Option<f64> {
        if let Some(b) = &self.bern {
            return Some(b.entropy());
        }
        match self.comps.as_slice() {
            [g] if self.kind != FamilyKind::Dropout => Some(g.entropy()),
            _ => None,
        }
    }
}

/// The dropout objective and its derivatives at m (docs/maths.md §12), with masks z_i ~ Bern(p):
/// D(m) = E_z[ℓ̄(z ⊙ m)] = p²ℓ̄(m₁, m₂) + p(1−p)[ℓ̄(m₁, 0) + ℓ̄(0, m₂)] + (1−p)²ℓ̄(0, 0),
/// ∇D(m) = E_z[z ⊙ ∇ℓ̄(z ⊙ m)], ∇²D(m) = E_z[diag(z) ∇²ℓ̄(z ⊙ m) diag(z)]. The masks of
/// probability 0 (p = 1) are skipped, so an infinite ℓ̄ there never turns into 0·∞.
pub fn dropout_objective(l: &Landscape, keep: f64, m: Vec2) -> Eval {
    let mut out = Eval {
        value: 0.0,
        grad: Vec2::zeros(),
        hess: Mat2::zeros(),
    };
    for (z, w) in dropout_masks(keep) {
        let e = l.eval(z.component_mul(&m));
        let d = Mat2::from_diagonal(&z);
        out.value += w * e.value;
        out.grad += z.component_mul(&e.grad) * w;
        out.hess += d * e.hess * d * w;
    }
    out
}

/// The four masks z ∈ {0, 1}² with their probabilities p^(z₁+z₂)(1−p)^(2−z₁−z₂), those of
/// probability 0 left out: (1,1) p², (1,0) and (0,1) p(1−p), (0,0) (1−p)².
pub fn dropout_masks(keep: f64) -> Vec<(Vec2, f64)> {
    let (p, r) = (keep, 1.0 - keep);
    [
        (Vec2::new(1.0, 1.0), p * p),
        (Vec2::new(1.0, 0.0), p * r),
        (Vec2::new(0.0, 1.0), r * p),
        (Vec2::new(0.0, 0.0), r * r),
    ]
    .into_iter()
    .filter(|&(_, w)| w > 0.0)
    .collect()
}

/// The global minimum of the dropout objective D over the landscape's domain (keep = 1: of ℓ̄
/// itself): the lowest point of a 48 × 48 grid of pixel centres, refined by
/// [`dropout_minimum`]. `None` when the refinement finds no stationary point.
pub fn dropout_global_minimum(l: &Landscape, keep: f64) -> Option<Vec2> {
    const N: usize = 48;
    let d = l.domain();
    let at = |i: usize, j: usize| {
        Vec2::new(
            d.x[0] + (i as f64 + 0.5) / N as f64 * (d.x[1] - d.x[0]),
            d.y[0] + (j as f64 + 0.5) / N as f64 * (d.y[1] - d.y[0]),
        )
    };
    let value = |m: Vec2| {
        dropout_masks(keep)
            .iter()
            .map(|(z, w)| w * l.value(z.component_mul(&m)))
            .sum::<f64>()
    };
    let best = (0..N * N)
        .map(|k| at(k % N, k / N))
        .map(|m| (m, value(m)))
        .filter(|(_, v)| v.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    dropout_minimum(l, keep, best.0)
}

/// The minimum of the dropout objective D nearest to `start` (docs/maths.md §12): damped Newton
/// steps on D (a gradient step where ∇²D is not positive definite), at most 200, until the
/// step is below 1e-12 of the scale. `None` if the iterate leaves the finite region.
pub fn dropout_minimum(l: &Landscape, keep: f64, start: Vec2) -> Option<Vec2> {
    let mut m = start;
    for _ in 0..200 {
        let e = dropout_objective(l, keep, m);
        if !(e.value.is_finite() && crate::linalg::finite_vec(&e.grad)) {
            return None;
        }
        let newton = crate::linalg::is_positive_definite(&e.hess)
            .then(|| solve(&e.hess, &e.grad))
            .flatten();
        let d = newton.unwrap_or_else(|| e.grad * (0.1 / (1.0 + e.hess.norm())));
        // Backtrack until D does not rise (Newton on a non-quadratic D can overshoot).
        let mut t = 1.0;
        let mut next = m - d;
        let rises = |p: Vec2| {
            let v = dropout_objective(l, keep, p).value;
            !matches!(
                v.partial_cmp(&e.value),
                Some(Ordering::Less | Ordering::Equal)
            )
        };
        while t > 1e-6 && rises(next) {
            t *= 0.5;
            next = m - d * t;
        }
        let moved = (next - m).norm();
        m = next;
        if moved <= 1e-12 * m.norm().max(1.0) {
            break;
        }
    }
    // Only a stationary point counts: a search that ran out of steps marks nothing.
    let e = dropout_objective(l, keep, m);
    (crate::linalg::finite_vec(&m) && e.grad.norm() <= 1e-6 * e.value.abs().max(1.0)).then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_parameters_round_trip() {
        let g = Gaussian {
            mean: Vec2::new(0.3, -1.2),
            prec: Mat2::new(2.0, 0.4, 0.4, 1.5),
        };
        let (l1, l2) = g.natural();
        let back = Gaussian::from_natural(l1, l2).unwrap();
        assert!((back.mean - g.mean).norm() < 1e-14);
        assert!((back.prec - g.prec).norm() < 1e-14);
    }

    #[test]
    fn sqrt_cov_reproduces_covariance() {
        let g = Gaussian {
            mean: Vec2::zeros(),
            prec: Mat2::new(3.0, -0.7, -0.7, 0.9),
        };
        let a = g.sqrt_cov().unwrap();
        assert!((a * a.transpose() - g.cov().unwrap()).norm() < 1e-14);
    }

    #[test]
    fn samples_have_the_mixture_moments() {
        let q = Q {
            kind: FamilyKind::Mixture,
            comps: vec![
                Gaussian {
                    mean: Vec2::new(-2.0, 0.0),
                    prec: Mat2::new(4.0, 1.0, 1.0, 2.0),
                },
                Gaussian {
                    mean: Vec2::new(1.0, 1.0),
                    prec: Mat2::new(1.0, 0.0, 0.0, 1.0),
                },
            ],
            eta: vec![(3.0f64).ln(), 0.0],
            bern: None,
        };
        // π = (3/4, 1/4): E[θ] = ¾(−2, 0) + ¼(1, 1) = (−1.25, 0.25).
        let mut rng = crate::rng::seeded(5);
        let n = 200_000;
        let mut sum = Vec2::zeros();
        for _ in 0..n {
            sum += q.sample(&mut rng).unwrap();
        }
        let mean = sum / n as f64;
        // Standard error ≈ 1.4/√n ≈ 0.003; allow 4 standard errors.
        assert!((mean - Vec2::new(-1.25, 0.25)).norm() < 0.013, "{mean:?}");
        let g = q.comps[0];
        let mut s2 = Mat2::zeros();
        for _ in 0..n {
            let d = g.sample(&mut rng).unwrap() - g.mean;
            s2 += d * d.transpose();
        }
        assert!((s2 / n as f64 - g.cov().unwrap()).norm() < 0.01);
    }

    #[test]
    fn single_component_log_q_is_the_gaussian() {
        let g = Gaussian {
            mean: Vec2::new(1.0, 2.0),
            prec: Mat2::new(2.0, 0.5, 0.5, 1.0),
        };
        let q = Q {
            kind: FamilyKind::Full,
            comps: vec![g],
            eta: vec![0.0],
            bern: None,
        };
        let p = Vec2::new(0.2, 1.1);
        let lq = q.log_q(p, &q.normalisers());
        assert!((lq.value - g.log_density(p)).abs() < 1e-14);
        assert!((lq.grad + g.prec * (p - g.mean)).norm() < 1e-14);
        assert!((lq.hess + g.prec).norm() < 1e-13);
        // Entropy of N(0, I) in 2D is log(2πe).
        let unit = Gaussian {
            mean: Vec2::zeros(),
            prec: Mat2::identity(),
        };
        assert!((unit.entropy() - (2.0 * PI * std::f64::consts::E).ln()).abs() < 1e-15);
    }

    #[test]
    fn mixture_log_q_derivatives_match_finite_differences() {
        let q = Q {
            kind: FamilyKind::Mixture,
            comps: vec![
                Gaussian {
                    mean: Vec2::new(-1.0, 0.0),
                    prec: Mat2::new(2.0, 0.3, 0.3, 1.0),
                },
                Gaussian {
                    mean: Vec2::new(1.0, 0.5),
                    prec: Mat2::new(1.0, -0.2, -0.2, 3.0),
                },
            ],
            eta: vec![0.4, 0.0],
            bern: None,
        };
        let lw = q.normalisers();
        let h = 1e-5;
        for p in [
            Vec2::new(0.1, 0.2),
            Vec2::new(-0.8, 0.4),
            Vec2::new(1.3, -0.2),
        ] {
            let lq = q.log_q(p, &lw);
            let direct: f64 = q
                .comps
                .iter()
                .zip(q.weights())
                .map(|(g, w)| w * g.log_density(p).exp())
                .sum();
            assert!(
                (lq.value - direct.ln()).abs() < 1e-14,
                "{} vs {}",
                lq.value,
                direct.ln()
            );
            for i in 0..2 {
                let mut e = Vec2::zeros();
                e[i] = h;
                let fd = (q.log_q(p + e, &lw).value - q.log_q(p - e, &lw).value) / (2.0 * h);
                assert!(
                    (fd - lq.grad[i]).abs() < 1e-8,
                    "grad {i}: {fd} vs {}",
                    lq.grad[i]
                );
                let fdg = (q.log_q(p + e, &lw).grad - q.log_q(p - e, &lw).grad) / (2.0 * h);
                for j in 0..2 {
                    assert!((fdg[j] - lq.hess[(j, i)]).abs() < 1e-7);
                }
            }
        }
    }
}
