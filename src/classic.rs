//! The classical algorithms the rule is compared with, written as their textbooks state them
//! (not through the rule), so that the on-screen gap between the two paths is a real check.

use crate::landscape::Landscape;
use crate::landscape::data::Model;
use crate::linalg::{Mat2, Vec2, finite_vec, inverse, solve};
use crate::rng::{SeededRng, normal, seeded};
use serde::{Deserialize, Serialize};

/// Which classical algorithm; the names are the scene's `compare` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClassicKind {
    /// θ ← θ − α∇ℓ̄(θ), α = lr·cov0, on every row.
    Gd,
    /// Minibatch SGD: θ ← θ − α∇ℓ̂_B(θ), α = lr·cov0, on the rule's rows B of the step
    /// (docs/maths.md §10).
    Sgd,
    /// θ ← θ − lr·∇²ℓ̄(θ)⁻¹∇ℓ̄(θ) (damped Newton; Newton at lr = 1).
    Newton,
    /// Online Gauss–Newton / RMSprop without the square root:
    /// v ← (1−lr)v + lr·ĥ, θ ← θ − lr·g/v, ĥ = g² (per-row squares on data landscapes).
    Ogn,
    /// Variational OGN (Khan et al. 2018): OGN with g and ĥ averaged over the rule's draws
    /// θᵢ = m + εᵢ/√v of the step (docs/maths.md §10).
    Vogn,
    /// RMSprop: v ← (1−lr)v + lr·g², θ ← θ − lr·g/(√v + 1e−8).
    Rmsprop,
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e−8, step lr).
    Adam,
    /// IVON (Shen et al. 2024, docs/maths.md §5) with λ = 1/τ, δ = 1e−3, β₁ = 0.9, β₂ = 1 − lr.
    Ivon,
    /// Coordinate ascent VI (Bishop §10.1.2) written as coordinate-wise Newton, one coordinate
    /// at a time under the other's newest value: θᵢ ← θᵢ − ∂ᵢℓ̄(θ)/∂²ᵢᵢℓ̄(θ). On a Gaussian
    /// target ½(θ−a)ᵀΛ(θ−a) this is CAVI's θᵢ = aᵢ − (Λᵢⱼ/Λᵢᵢ)(θⱼ − aⱼ). No step size.
    Cavi,
    /// Expectation maximisation (Bishop §9.2) for the means θ = (μ₁, μ₂) of the
    /// one-dimensional mixture with equal weights, known σ and prior precision δ, on every row:
    /// E-step r_nk = N(xₙ|μₖ,σ²)/Σⱼ N(xₙ|μⱼ,σ²); M-step μₖ = Σₙ r_nk xₙ/(Σₙ r_nk + δσ²).
    /// No step size.
    Em,
    /// Stochastic variational inference (Hoffman et al. 2013) on the same mixture with
    /// q(μₖ) = N(mₖ, 1/Sₖ), on the rule's rows B of the step: local step
    /// r_nk ∝ exp(−((xₙ − mₖ)² + 1/Sₖ)/(2σ²)), global step on the natural parameters
    /// λₖ = (Sₖmₖ, Sₖ) ← (1 − ρ)λₖ + ρ((0, δ) + (N/b)Σ_{n∈B} r_nk(xₙ/σ², 1/σ²)).
    Svi,
    /// The straight-through estimator for binary weights (Bengio et al. 2013; docs/maths.md
    /// §11): a latent r ∈ R², w = a·sign(r) (sign 0 = +1), r ← r − α∇ℓ̄(w) with α = lr. The
    /// iterate is the latent r.
    Ste,
    /// Dropout SGD (Srivastava et al. 2014) on the rule's masks zₛ of the step (docs/maths.md
    /// §12): θ ← θ − α Σₛ wₛ zₛ ⊙ ∇ℓ̄(zₛ ⊙ θ), α = lr·cov0, wₛ = 1/samples; with the four
    /// exact masks and their probabilities as weights, gradient descent on D.
    DropoutSgd,
    /// The Kalman filter (Kalman 1960) for the random walk θ_t = θ_{t−1} + w_t,
    /// w_t ~ N(0, qI), observed as y_t = θ_t + v_t, v_t ~ N(0, rI) (docs/maths.md §13): predict
    /// P⁻ = P + qI; gain K = P⁻(P⁻ + rI)⁻¹; update θ ← θ + K(y_t − θ), P ← (I − K)P⁻. P₀ = cov0·I.
    /// No step size.
    Kalman,
}

impl ClassicKind {
    pub const ALL: [ClassicKind; 14] = [
        ClassicKind::Gd,
        ClassicKind::Sgd,
        ClassicKind::Newton,
        ClassicKind::Ogn,
        ClassicKind::Vogn,
        ClassicKind::Rmsprop,
        ClassicKind::Adam,
        ClassicKind::Ivon,
        ClassicKind::Cavi,
        ClassicKind::Em,
        ClassicKind::Svi,
        ClassicKind::Ste,
        ClassicKind::DropoutSgd,
        ClassicKind::Kalman,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ClassicKind::Gd => "gd",
            ClassicKind::Sgd => "sgd",
            ClassicKind::Newton => "newton",
            ClassicKind::Ogn => "ogn",
            ClassicKind::Vogn => "vogn",
            ClassicKind::Rmsprop => "rmsprop",
            ClassicKind::Adam => "adam",
            ClassicKind::Ivon => "ivon",
            ClassicKind::Cavi => "cavi",
            ClassicKind::Em => "em",
            ClassicKind::Svi => "svi",
            ClassicKind::Ste => "ste",
            ClassicKind::DropoutSgd => "dropout-sgd",
            ClassicKind::Kalman => "kalman",
        }
    }

    /// What the legend calls the dashed path.
    pub fn label(self) -> &'static str {
        match self {
            ClassicKind::Gd => "gradient descent",
            ClassicKind::Sgd => "minibatch SGD",
            ClassicKind::Newton => "Newton's method",
            ClassicKind::Ogn => "online Gauss–Newton (RMSprop without the square root)",
            ClassicKind::Vogn => "variational online Gauss–Newton (VOGN)",
            ClassicKind::Rmsprop => "RMSprop",
            ClassicKind::Adam => "Adam",
            ClassicKind::Ivon => "IVON",
            ClassicKind::Cavi => "coordinate ascent VI (CAVI)",
            ClassicKind::Em => "expectation maximisation (EM)",
            ClassicKind::Svi => "stochastic variational inference (SVI)",
            ClassicKind::Ste => "straight-through estimator (STE), latent weights r",
            ClassicKind::DropoutSgd => "dropout SGD",
            ClassicKind::Kalman => "the Kalman filter",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            ClassicKind::Gd => "gradient descent on every row, step lr·cov0",
            ClassicKind::Sgd => "minibatch SGD on the rule's rows, step lr·cov0",
            ClassicKind::Newton => "Newton's method, damped by lr",
            ClassicKind::Ogn => {
                "online Gauss–Newton: RMSprop without the square root (per-row squares on data)"
            }
            ClassicKind::Vogn => "VOGN: OGN at the rule's Monte Carlo draws, per-row squares",
            ClassicKind::Rmsprop => "RMSprop (with the square root heuristic)",
            ClassicKind::Adam => "Adam (momentum and bias correction)",
            ClassicKind::Ivon => "IVON (improved variational online Newton, Monte Carlo)",
            ClassicKind::Cavi => {
                "coordinate ascent VI: coordinate-wise Newton, one coordinate at a time (no step size)"
            }
            ClassicKind::Em => {
                "EM for the means of mixture1d: E-step at the means, M-step with the prior (no step size)"
            }
            ClassicKind::Svi => {
                "SVI for the means of mixture1d on the rule's rows: responsibilities under q, natural parameters averaged with rate lr"
            }
            ClassicKind::Ste => {
                "straight-through estimator: latent r, binary w = scale·sign(r), r ← r − lr·∇ℓ̄(w)"
            }
            ClassicKind::DropoutSgd => {
                "dropout SGD: the gradient at the masked weights z ⊙ θ, masked, on the rule's masks; step lr·cov0"
            }
            ClassicKind::Kalman => {
                "the Kalman filter on tracking: predict P + drift·I, gain P⁻(P⁻ + noise·I)⁻¹, update (no step size)"
            }
        }
    }
}

impl ClassicKind {
    /// Whether the algorithm takes its steps on the rule's minibatch (the stochastic-gradient
    /// methods) rather than on every row (gradient descent and Newton's method).
    pub fn uses_batch(self) -> bool {
        !matches!(
            self,
            ClassicKind::Gd | ClassicKind::Newton | ClassicKind::Em | ClassicKind::Kalman
        )
    }

    /// Whether the algorithm is online: one observation per step, on landscape tracking only
    /// (the others minimise one fixed loss and do not run there).
    pub fn online(self) -> bool {
        self == ClassicKind::Kalman
    }
}

/// The classical algorithm's settings, taken from the scene.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassicHyper {
    pub lr: f64,
    pub cov0: f64,
    pub tau: f64,
    /// STE: the binary weights' magnitude a (w = a·sign(r)).
    pub scale: f64,
}

/// A classical optimiser's state.
#[derive(Clone, Debug)]
pub struct Classic {
    pub kind: ClassicKind,
    pub theta: Vec2,
    /// Second-moment / curvature estimate (RMSprop, OGN, Adam, IVON's h; SVI's precisions Sₖ).
    v: Vec2,
    /// First moment (Adam, IVON).
    mom: Vec2,
    /// The Kalman filter's covariance P.
    p: Mat2,
    t: i32,
    rng: SeededRng,
}

const IVON_DELTA: f64 = 1e-3;

/// OGN's curvature ĥ at θ: the per-row squares Σₙ w ∇ℓₙ ⊙ ∇ℓₙ + δ on data landscapes
/// (docs/maths.md §10), g ⊙ g elsewhere.
fn square_gradient(l: &Landscape, th: Vec2, g: Vec2) -> Vec2 {
    l.square_gradient(th)
        .map_or_else(|| g.component_mul(&g), |h| Vec2::new(h[(0, 0)], h[(1, 1)]))
}

impl Classic {
    /// Starts at θ₀; the curvature estimates start at the initial precision 1/cov0, like the
    /// rule's diagonal family.
    pub fn new(kind: ClassicKind, theta: Vec2, cov0: f64, seed: u64) -> Self {
        let v0 = match kind {
            ClassicKind::Adam => 0.0,
            ClassicKind::Ivon => 1.0 / cov0 - IVON_DELTA,
            _ => 1.0 / cov0,
        };
        Classic {
            kind,
            theta,
            v: Vec2::repeat(v0),
            mom: Vec2::zeros(),
            p: Mat2::identity() * cov0,
            t: 0,
            // A stream of its own, so the rule's draws do not depend on the comparator.
            rng: seeded(seed ^ 0x9E37_79B9_7F4A_7C15),
        }
    }

    /// One step on the landscape `l` (the step's minibatch for the stochastic methods);
    /// `draws` are the standard normal draws εᵢ and weights of the rule's step, which VOGN
    /// reads (dropout SGD reads the masks of the dropout family's step there). `Err` names why the iterate is no longer finite.
    pub fn step(
        &mut self,
        l: &Landscape,
        h: &ClassicHyper,
        draws: (&[Vec2], &[f64]),
    ) -> Result<(), String> {
        self.t += 1;
        let lr = h.lr;
        // STE evaluates the loss at the binary weights w = a·sign(r), not at its latent r.
        let at = match self.kind {
            ClassicKind::Ste => self.theta.map(|r| if r < 0.0 { -h.scale } else { h.scale }),
            _ => self.theta,
        };
        let e = l.eval(at);
        let g = e.grad;
        let next = match self.kind {
            ClassicKind::Gd | ClassicKind::Sgd => self.theta - g * (lr * h.cov0),
            ClassicKind::Ste => self.theta - g * lr,
            ClassicKind::Newton => {
                let d = solve(&e.hess, &g).ok_or("Newton: Hessian is singular")?;
                self.theta - d * lr
            }
            ClassicKind::Ogn | ClassicKind::Vogn => {
                // ĝ and ĥ at θ (OGN) or averaged over θᵢ = m + εᵢ/√v (VOGN).
                let one = ([Vec2::zeros()], [1.0]);
                let (zs, ws) = match self.kind {
                    ClassicKind::Vogn => draws,
                    _ => (&one.0[..], &one.1[..]),
                };
                let sd = self.v.map(|v| 1.0 / v.sqrt());
                let (mut gm, mut hm) = (Vec2::zeros(), Vec2::zeros());
                for (z, &w) in zs.iter().zip(ws) {
                    let th = self.theta + sd.component_mul(z);
                    let gi = l.eval(th).grad;
                    let hi = square_gradient(l, th, gi);
                    gm += gi * w;
                    hm += hi * w;
                }
                self.v = self.v * (1.0 - lr) + hm * lr;
                self.theta - gm.component_div(&self.v) * lr
            }
            ClassicKind::Rmsprop => {
                self.v = self.v * (1.0 - lr) + g.component_mul(&g) * lr;
                self.theta - g.component_div(&self.v.map(|v| v.sqrt() + 1e-8)) * lr
            }
            ClassicKind::Adam => {
                let (b1, b2) = (0.9f64, 0.999f64);
                self.mom = self.mom * b1 + g * (1.0 - b1);
                self.v = self.v * b2 + g.component_mul(&g) * (1.0 - b2);
                let mh = self.mom / (1.0 - b1.powi(self.t));
                let vh = self.v / (1.0 - b2.powi(self.t));
                self.theta - mh.component_div(&vh.map(|v| v.sqrt() + 1e-8)) * lr
            }
            ClassicKind::Ivon => self.ivon_step(l, h),
            ClassicKind::DropoutSgd => {
                let (zs, ws) = draws;
                let mut g = Vec2::zeros();
                for (z, &w) in zs.iter().zip(ws) {
                    g += z.component_mul(&l.eval(z.component_mul(&self.theta)).grad) * w;
                }
                self.theta - g * (lr * h.cov0)
            }
            ClassicKind::Cavi => {
                let mut th = self.theta;
                for i in 0..2 {
                    let e = l.eval(th);
                    th[i] -= e.grad[i] / e.hess[(i, i)];
                }
                th
            }
            ClassicKind::Em | ClassicKind::Svi => self.mixture_step(l, lr)?,
            ClassicKind::Kalman => self.kalman_step(l)?,
        };
        if !finite_vec(&next) || next.amax() > 1e6 {
            return Err(format!("{} left the bounded region", self.kind.name()));
        }
        self.theta = next;
        Ok(())
    }

    /// EM's or SVI's step on the one-dimensional mixture (see [`ClassicKind::Em`] and
    /// [`ClassicKind::Svi`]; EM is SVI's step with ρ = 1, every row and no variances).
    fn mixture_step(&mut self, l: &Landscape, lr: f64) -> Result<Vec2, String> {
        let d = l
            .data()
            .filter(|d| d.data.model == Model::Mixture1d)
            .ok_or_else(|| format!("{} needs landscape=mixture1d", self.kind.name()))?;
        let s2 = d.sigma * d.sigma;
        let m = self.theta;
        // EM's E-step is at the means; SVI's under q, with the variances 1/Sₖ.
        let var = match self.kind {
            ClassicKind::Svi => self.v.map(|s| 1.0 / s),
            _ => Vec2::zeros(),
        };
        let (mut rx, mut r) = (Vec2::zeros(), Vec2::zeros());
        d.for_each_row(|&[x, _, _]| {
            let e = [0, 1].map(|k| -((x - m[k]).powi(2) + var[k]) / (2.0 * s2));
            let top = e[0].max(e[1]);
            let (p1, p2) = ((e[0] - top).exp(), (e[1] - top).exp());
            let rn = Vec2::new(p1, p2) / (p1 + p2);
            rx += rn * x;
            r += rn;
        });
        Ok(match self.kind {
            ClassicKind::Svi => {
                let w = d.scale;
                let s = self.v * (1.0 - lr) + (r * (w / s2)).add_scalar(d.prior) * lr;
                let sm = self.v.component_mul(&m) * (1.0 - lr) + rx * (w / s2 * lr);
                self.v = s;
                sm.component_div(&s)
            }
            _ => rx.component_div(&r.add_scalar(d.prior * s2)),
        })
    }

    /// The Kalman filter's step t on observation y_t, row t − 1 of the tracking data (see
    /// [`ClassicKind::Kalman`]).
    fn kalman_step(&mut self, l: &Landscape) -> Result<Vec2, String> {
        let d = l
            .data()
            .filter(|d| d.data.model == Model::Tracking)
            .ok_or("kalman needs landscape=tracking")?;
        let [y1, y2, _] = *usize::try_from(self.t - 1)
            .ok()
            .and_then(|n| d.data.rows.get(n))
            .ok_or("kalman: no observation left")?;
        let eye = Mat2::identity();
        let p_pred = self.p + eye * d.drift;
        let gain =
            p_pred * inverse(&(p_pred + eye * d.noise)).ok_or("kalman: P⁻ + rI is singular")?;
        self.p = (eye - gain) * p_pred;
        Ok(self.theta + gain * (Vec2::new(y1, y2) - self.theta))
    }

    /// IVON (docs/maths.md §5): θ = m + σε, σ = 1/√(λ(h+δ)); ĝ = ∇ℓ̄(θ), ĥ = ĝ(θ−m)/σ²;
    /// g ← β₁g + (1−β₁)ĝ; h ← β₂h + (1−β₂)ĥ + ½(1−β₂)²(h−ĥ)²/(h+δ);
    /// m ← m − α(g/(1−β₁ᵗ) + δm)/(h+δ).
    fn ivon_step(&mut self, l: &Landscape, hp: &ClassicHyper) -> Vec2 {
        let (b1, b2, d) = (0.9f64, 1.0 - hp.lr, IVON_DELTA);
        let lambda = 1.0 / hp.tau;
        let m = self.theta;
        let sigma = self.v.map(|h| 1.0 / (lambda * (h + d)).sqrt());
        let eps = Vec2::new(normal(&mut self.rng), normal(&mut self.rng));
        let th = m + sigma.component_mul(&eps);
        let gh = l.eval(th).grad;
        let hh = gh
            .component_mul(&(th - m))
            .component_div(&sigma.component_mul(&sigma));
        self.mom = self.mom * b1 + gh * (1.0 - b1);
        for i in 0..2 {
            let h = self.v[i];
            self.v[i] = b2 * h
                + (1.0 - b2) * hh[i]
                + 0.5 * (1.0 - b2).powi(2) * (h - hh[i]).powi(2) / (h + d);
        }
        let mhat = self.mom / (1.0 - b1.powi(self.t));
        m - (mhat + m * d).component_div(&self.v.add_scalar(d)) * hp.lr
    }
}
