//! The executor (argmin's idea): owns q, the estimator, the seeded generator and the classical
//! comparator, and advances them one step at a time with divergence checks. A diverged run
//! stops with a reason; it never produces NaN silently. It is built from a [`Setup`] (what the
//! scene resolves to) and knows nothing of keys, URLs or pages.

use crate::classic::{Classic, ClassicHyper, ClassicKind};
use crate::estimate::{
    EstimateError, Estimator, EstimatorKind, HessianKind, Moments, Target, Workspace, expectations,
};
use crate::family::{FamilyKind, Q};
use crate::landscape::Landscape;
use crate::linalg::{Mat2, Vec2, finite_vec};
use crate::rng::{SeededRng, seeded};
use crate::rule::{self, Hyper, Schedule, StepError};
use serde::Serialize;
use std::sync::Arc;

/// A mean further than this from the origin counts as diverged.
pub const BOUND: f64 = 1e6;

/// The largest precision eigenvalue a healthy q may have: a covariance below this floor's
/// inverse (1e-12) counts as collapsed, a divergence (docs/maths.md §1).
pub const PREC_MAX: f64 = 1e12;

/// The smallest precision eigenvalue a healthy q may have: a covariance above 1e12 counts as
/// spread without bound, a divergence (docs/maths.md §1).
pub const PREC_MIN: f64 = 1e-12;

/// `v` in short exponent form for a message (finite numbers only reach messages).
fn short(v: f64) -> String {
    format!("{v:.3e}")
}

/// One component of q as the JSON contract shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Component {
    pub weight: f64,
    pub mean: [f64; 2],
    pub cov: [[f64; 2]; 2],
}

/// One step of the trajectory (t = 0 is the initial q).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepRecord {
    pub t: usize,
    /// L(λ) = E_q[ℓ̄] − τH(q), estimated like the gradients.
    pub objective: Option<f64>,
    pub components: Vec<Component>,
    /// "ok" or "diverged: why".
    pub status: String,
    /// With minibatches: the rows (0-based, ascending) that produced this step, from t − 1
    /// to t; `None` at t = 0 and on every row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<Vec<usize>>,
    /// Dropout family with Monte Carlo masks: the masks z ∈ {0, 1}² that produced this step
    /// (from t − 1 to t), in the order drawn; `None` at t = 0 and for exact masks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masks: Option<Vec<[u8; 2]>>,
}

/// What a run is built from: the landscape, q₀, the estimator and hyper-parameters, the seed
/// of the Monte Carlo stream and the classical comparator (if any), all resolved.
#[derive(Clone, Debug)]
pub struct Setup {
    pub landscape: Landscape,
    pub q: Q,
    pub estimator: Estimator,
    pub hessian: HessianKind,
    pub hyper: Hyper,
    pub seed: u64,
    pub classic: Option<Classic>,
    /// Data landscapes: rows per step (0: every row; docs/maths.md §10).
    pub batch: usize,
}

/// A running q.
#[derive(Clone, Debug)]
pub struct Run {
    landscape: Landscape,
    est: Estimator,
    hessian: HessianKind,
    hyper: Hyper,
    q: Q,
    t: usize,
    rng: SeededRng,
    ws: Workspace,
    /// Moments at the current q (used for its objective and for the next step).
    moments: Vec<Moments>,
    diverged: Option<String>,
    /// Rows per step (0: every row).
    batch: usize,
    /// With minibatches: the landscape on the rows the current moments were estimated on
    /// (those of the next step).
    batch_landscape: Option<Landscape>,
    /// With minibatches: the rows that produced the current q.
    last_batch: Option<Arc<[usize]>>,
    /// Dropout with Monte Carlo masks: the masks that produced the current q.
    last_masks: Option<Vec<[u8; 2]>>,
    /// Per component, E[ℓ̄] on every row minus its minibatch estimate at the same points, so
    /// that the objective is always the full one.
    full_correction: Vec<f64>,
    classic: Option<Classic>,
    classic_path: Vec<Vec2>,
    classic_status: Option<String>,
    gap: f64,
    /// The covariances S_k⁻¹ of the current q, checked finite (what the records report).
    covs: Vec<Mat2>,
}

impl Run {
    /// Starts a run at the setup's q₀ (t = 0, its moments estimated).
    pub fn new(setup: Setup) -> Run {
        let mut run = Run {
            classic_path: setup.classic.iter().map(|c| c.theta).collect(),
            classic: setup.classic,
            classic_status: None,
            est: setup.estimator,
            hessian: setup.hessian,
            hyper: setup.hyper,
            landscape: setup.landscape,
            q: setup.q,
            t: 0,
            rng: seeded(setup.seed),
            ws: Workspace::default(),
            moments: Vec::new(),
            diverged: None,
            batch: setup.batch,
            batch_landscape: None,
            last_batch: None,
            last_masks: None,
            full_correction: Vec::new(),
            gap: 0.0,
            covs: Vec::new(),
        };
        match run.check(&run.q) {
            Ok(covs) => run.covs = covs,
            Err(why) => {
                // Not reachable from a scene (cov0 keeps the precision in range); stated anyway.
                run.covs = vec![Mat2::identity(); run.q.comps.len()];
                run.diverged = Some(why);
                return run;
            }
        }
        run.estimate();
        run.update_gap();
        run
    }

    /// The landscape of the next step: the whole loss, or with minibatches the scaled loss on
    /// b distinct rows drawn uniformly without replacement from the run's generator.
    fn draw_batch(&mut self) -> Option<Landscape> {
        let n = self.landscape.data()?.data.len();
        if self.batch == 0 {
            return None;
        }
        let mut rows = rand::seq::index::sample(&mut self.rng, n, self.batch.min(n)).into_vec();
        rows.sort_unstable();
        self.landscape.with_batch(rows.into())
    }

    /// The landscape the current moments were estimated on (the next step's loss).
    pub fn step_landscape(&self) -> &Landscape {
        self.batch_landscape.as_ref().unwrap_or(&self.landscape)
    }

    /// The rows of the next step (with minibatches).
    pub fn next_batch(&self) -> Option<&[usize]> {
        self.step_landscape().data()?.batch.as_deref()
    }

    /// Dropout with Monte Carlo masks: the masks of the next step (drawn with its moments).
    pub fn next_masks(&self) -> Option<Vec<[u8; 2]>> {
        (self.q.kind == FamilyKind::Dropout && self.est.kind() == EstimatorKind::Mc).then(|| {
            self.ws
                .draws()
                .0
                .iter()
                .map(|z| [u8::from(z[0] != 0.0), u8::from(z[1] != 0.0)])
                .collect()
        })
    }

    /// Estimates the moments at the current q (on the next step's rows); on failure the run is
    /// marked diverged.
    fn estimate(&mut self) {
        self.batch_landscape = self.draw_batch();
        let landscape = self.batch_landscape.as_ref().unwrap_or(&self.landscape);
        let target = Target {
            landscape,
            hessian: self.hessian,
            tau: self.hyper.tau,
            with_log_q: self.q.kind == FamilyKind::Mixture,
        };
        match expectations(&target, &self.q, &self.est, &mut self.rng, &mut self.ws) {
            Ok(m) => {
                let bad = m.iter().position(|m| {
                    !(m.value.is_finite()
                        && finite_vec(&m.grad)
                        && m.hess.iter().all(|v| v.is_finite()))
                });
                match bad {
                    Some(k) => {
                        let p = self.q.comps[k].mean;
                        self.diverged = Some(format!(
                            "non-finite loss or derivative near ({:.6}, {:.6})",
                            p[0], p[1]
                        ));
                    }
                    None => {
                        self.full_correction = match &self.batch_landscape {
                            None => Vec::new(),
                            Some(_) => self
                                .ws
                                .ranges
                                .iter()
                                .map(|r| {
                                    r.clone()
                                        .map(|i| {
                                            let p = Vec2::new(self.ws.xs[i], self.ws.ys[i]);
                                            self.ws.ws[i]
                                                * (self.landscape.value(p) - self.ws.values()[i])
                                        })
                                        .sum()
                                })
                                .collect(),
                        };
                        self.moments = m
                    }
                }
            }
            Err(EstimateError::NotPositiveDefinite(k)) => {
                self.diverged = Some(format!("precision of component {k} not positive definite"))
            }
            Err(EstimateError::NoGaussNewton) => {
                self.diverged = Some("gauss-newton is not defined for this landscape".into())
            }
            Err(EstimateError::NoExactSum) => {
                self.diverged = Some(
                    "estimator exact sums over a finite family's states; a Gaussian has none"
                        .into(),
                )
            }
        }
    }

    fn update_gap(&mut self) {
        if let (Some(c), [g]) = (&self.classic, self.q.comps.as_slice())
            && self.classic_status.is_none()
        {
            self.gap = self.gap.max((g.mean - c.theta).norm());
        }
    }

    /// Advances one step (the rule and, while it stays finite, the classical comparator).
    /// Returns false when the run has diverged (then nothing changes any more).
    pub fn step(&mut self) -> bool {
        if self.diverged.is_some() {
            return false;
        }
        let next = match (self.q.kind, self.hyper.schedule) {
            (FamilyKind::Diagonal, Schedule::Sequential) => self.sequential(),
            _ => rule::step(&self.q, &self.moments, &self.hyper),
        };
        if self.diverged.is_some() {
            return false;
        }
        let next = match next {
            Ok(next) => next,
            Err(e) => {
                self.diverged = Some(self.explain(&e));
                return false;
            }
        };
        match self.check(&next) {
            Ok(covs) => {
                self.q = next;
                self.covs = covs;
            }
            Err(why) => {
                self.diverged = Some(why);
                return false;
            }
        }
        // The comparator takes its step on the same rows and draws as the rule's.
        if let Some(c) = &mut self.classic
            && self.classic_status.is_none()
        {
            let h = ClassicHyper {
                lr: self.hyper.lr,
                cov0: self.hyper.cov0,
                tau: self.hyper.tau,
            };
            let l = match &self.batch_landscape {
                Some(b) if c.kind.uses_batch() => b,
                _ => &self.landscape,
            };
            match c.step(l, &h, self.ws.draws()) {
                Ok(()) => self.classic_path.push(c.theta),
                Err(e) => self.classic_status = Some(format!("diverged: {e}")),
            }
        }
        self.last_batch = self
            .batch_landscape
            .as_ref()
            .and_then(|l| l.data()?.batch.clone());
        self.last_masks = self.next_masks();
        self.t += 1;
        self.estimate();
        if self.diverged.is_none() && self.objective().is_none() {
            self.diverged = Some(format!(
                "the objective L is not finite at step {} (the loss overflows under q); lower lr",
                self.t
            ));
        }
        self.update_gap();
        self.diverged.is_none()
    }

    /// The sequential schedule (docs/maths.md §15): coordinate 1 from the moments at q, then
    /// the moments again under the q that holds the new coordinate 1, then coordinate 2. q
    /// itself changes only when the caller accepts the result.
    fn sequential(&mut self) -> Result<Q, StepError> {
        let h = self.hyper;
        let mut half = self.q.clone();
        half.comps[0] = rule::diagonal(&self.q.comps[0], &self.moments[0], &h, [true, false])?;
        let previous = std::mem::replace(&mut self.q, half);
        self.estimate();
        let half = std::mem::replace(&mut self.q, previous);
        if self.diverged.is_some() {
            // The step stops here; q stays the last valid one.
            return Ok(half);
        }
        let mut next = half.clone();
        next.comps[0] = rule::diagonal(&half.comps[0], &self.moments[0], &h, [false, true])?;
        Ok(next)
    }

    /// Why a rule step failed, with the fix that applies to this scene.
    fn explain(&self, e: &StepError) -> String {
        let lr = self.hyper.lr;
        match *e {
            StepError::NotPositiveDefinite {
                component: k,
                eigenvalues: [a, b],
            } if a.is_finite() && b.is_finite() => {
                let near = self.q.comps[k].mean;
                let why = format!(
                    "precision of component {k} not positive definite (eigenvalues {}, {}): the expected Hessian is indefinite near ({:.4}, {:.4})",
                    short(a),
                    short(b),
                    near[0],
                    near[1]
                );
                if self.hyper.improved {
                    // The improved step is positive definite in exact arithmetic: rounding.
                    format!(
                        "{why}, and rounding broke the improved rule's guarantee; lower lr (now {lr})"
                    )
                } else {
                    format!(
                        "{why}; turn on the improved rule (improved=true) or lower lr (now {lr})"
                    )
                }
            }
            StepError::NotPositiveDefinite { component: k, .. } => format!(
                "precision of component {k} is not finite (the expected Hessian overflowed); lower lr (now {lr})"
            ),
            StepError::Singular { component: k } => format!(
                "precision of component {k} is singular, so the mean step has no solution; lower lr (now {lr})"
            ),
        }
    }

    /// Checks a new q before it is accepted: every mean finite and within |θ| ≤ [`BOUND`],
    /// every weight finite, every precision finite, positive definite with eigenvalues in
    /// [[`PREC_MIN`], [`PREC_MAX`]], and its covariance finite. Returns the covariances, or why
    /// not with the fix that applies to this scene.
    fn check(&self, q: &Q) -> Result<Vec<Mat2>, String> {
        let (lr, tau) = (self.hyper.lr, self.hyper.tau);
        if let Some(k) = q
            .comps
            .iter()
            .position(|g| !finite_vec(&g.mean) || g.mean.amax() > BOUND)
        {
            return Err(
                if matches!(q.kind, FamilyKind::Fixed | FamilyKind::Dropout) {
                    format!(
                        "mean of component {k} left |θ| ≤ 1e6: gradient descent with step lr·cov0 = {} overshoots; lower lr or cov0",
                        short(lr * self.hyper.cov0)
                    )
                } else {
                    format!(
                        "mean of component {k} left |θ| ≤ 1e6: the steps grow; lower lr (now {lr})"
                    )
                },
            );
        }
        if q.eta.iter().any(|e| !e.is_finite()) || q.weights().iter().any(|w| !w.is_finite()) {
            return Err(format!(
                "mixture weights not finite; lower lr_weights (now {})",
                self.hyper.lr_weights
            ));
        }
        q.comps
            .iter()
            .enumerate()
            .map(|(k, g)| {
                let [lo, hi] = rule::eigenvalues(&g.prec);
                if !(lo.is_finite() && hi.is_finite() && g.prec.iter().all(|v| v.is_finite())) {
                    return Err(format!(
                        "precision of component {k} is not finite; lower lr (now {lr})"
                    ));
                }
                if hi > PREC_MAX {
                    return Err(format!(
                        "covariance of component {k} fell below the floor 1e-12 (precision eigenvalue {}): q collapsed to a point; raise tau (now {tau}) or lower lr (now {lr})",
                        short(hi)
                    ));
                }
                if lo < PREC_MIN {
                    return Err(if lo > 0.0 {
                        format!(
                            "covariance of component {k} grew past the ceiling 1e12 (precision eigenvalue {}): the landscape is too flat for q here; lower tau (now {tau})",
                            short(lo)
                        )
                    } else if self.hyper.improved {
                        format!(
                            "precision of component {k} not positive definite (eigenvalues {}, {}) after rounding; lower lr (now {lr})",
                            short(lo),
                            short(hi)
                        )
                    } else {
                        format!(
                            "precision of component {k} not positive definite (eigenvalues {}, {}); turn on the improved rule (improved=true) or lower lr (now {lr})",
                            short(lo),
                            short(hi)
                        )
                    });
                }
                match g.cov() {
                    Some(c) if c.iter().all(|v| v.is_finite()) => Ok(c),
                    _ => Err(format!(
                        "covariance of component {k} cannot be formed (precision nearly singular); lower lr (now {lr})"
                    )),
                }
            })
            .collect()
    }

    /// The current step as the JSON contract shows it.
    pub fn record(&self) -> StepRecord {
        let w = self.q.weights();
        let components = self
            .q
            .comps
            .iter()
            .zip(&w)
            .zip(&self.covs)
            .map(|((g, &weight), c)| {
                // The covariances were checked when q was accepted (no fallback here).
                Component {
                    weight,
                    mean: [g.mean[0], g.mean[1]],
                    cov: [[c[(0, 0)], c[(0, 1)]], [c[(1, 0)], c[(1, 1)]]],
                }
            })
            .collect();
        StepRecord {
            t: self.t,
            objective: self.objective(),
            components,
            status: match &self.diverged {
                None => "ok".into(),
                Some(why) => format!("diverged: {why}"),
            },
            batch: self.last_batch.as_deref().map(<[usize]>::to_vec),
            masks: self.last_masks.clone(),
        }
    }

    /// L(λ) = E_q[ℓ̄] − τH(q) at the current q, on every row of a data landscape: for one Gaussian E[ℓ̄] − τH in closed form;
    /// for a mixture Σ_k π_k E_{N_k}[ℓ̄ + τ log q] (the entropy has no closed form); for the
    /// dropout family the dropout objective D(m) = E_z[ℓ̄(z ⊙ m)] (estimated like the
    /// gradient; the σ² → 0 entropy does not depend on m and is left out).
    pub fn objective(&self) -> Option<f64> {
        if self.diverged.is_some() || self.moments.is_empty() {
            return None;
        }
        // E[ℓ̄] on every row: a minibatch estimate is corrected at the same points.
        let value = |k: usize| self.moments[k].value + self.full_correction.get(k).unwrap_or(&0.0);
        let v = match self.q.entropy() {
            Some(h) if self.q.kind != FamilyKind::Mixture => value(0) - self.hyper.tau * h,
            _ => self
                .q
                .weights()
                .iter()
                .enumerate()
                .map(|(k, w)| w * value(k))
                .sum(),
        };
        v.is_finite().then_some(v)
    }

    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }
    pub fn q(&self) -> &Q {
        &self.q
    }
    pub fn t(&self) -> usize {
        self.t
    }
    /// Whether the improved rule's correction is in effect (the scene's `improved`, with auto
    /// resolved by the landscape's convexity).
    pub fn improved(&self) -> bool {
        self.hyper.improved
    }
    /// The reason the run stopped, if it did.
    pub fn diverged(&self) -> Option<&str> {
        self.diverged.as_deref()
    }
    /// The classical comparator's path so far.
    pub fn classic_path(&self) -> &[Vec2] {
        &self.classic_path
    }
    pub fn classic_kind(&self) -> Option<ClassicKind> {
        self.classic.as_ref().map(|c| c.kind)
    }
    pub fn classic_status(&self) -> Option<&str> {
        self.classic_status.as_deref()
    }
    /// max_t ‖m_t − θ_t‖ so far (single Gaussians with a comparator).
    pub fn gap(&self) -> Option<f64> {
        (self.classic.is_some() && self.q.comps.len() == 1).then_some(self.gap)
    }
    /// The points at which the current moments were estimated (x and y arrays).
    pub fn points(&self) -> (&[f64], &[f64]) {
        (&self.ws.xs, &self.ws.ys)
    }

    /// Σ_k π_k ℓ̄(m_k): ℓ̄ at the mean for one Gaussian; for a mixture the delta-method
    /// estimate of E_q[ℓ̄].
    pub fn loss(&self) -> f64 {
        self.q
            .weights()
            .iter()
            .zip(&self.q.comps)
            .map(|(w, g)| w * self.landscape.value(g.mean))
            .sum()
    }

    /// Changes what the next steps use, keeping q and the step count (a mid-run tuning);
    /// the moments are estimated again with the new settings. A diverged run stays stopped.
    pub fn tune(&mut self, estimator: Estimator, hessian: HessianKind, hyper: Hyper) {
        (self.est, self.hessian, self.hyper) = (estimator, hessian, hyper);
        if self.diverged.is_none() {
            self.estimate();
        }
    }

    /// The rule's hyper-parameters in effect.
    pub fn hyper(&self) -> &Hyper {
        &self.hyper
    }
}
