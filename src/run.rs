//! The executor (argmin's idea): owns q, the estimator, the seeded generator and the classical
//! comparator, and advances them one step at a time with divergence checks. A diverged run
//! stops with a reason; it never produces NaN silently. It is built from a [`Setup`] (what the
//! scene resolves to) and knows nothing of keys, URLs or pages.

use crate::classic::{Classic, ClassicHyper, ClassicKind};
use crate::estimate::{
    EstimateError, Estimator, EstimatorKind, HessianKind, Moments, Target, Workspace, expectations,
    moments_at_points, place_points,
};
use crate::family::{Bernoulli, FamilyKind, Gaussian, Q};
use crate::landscape::{Landscape, LandscapeKind};
use crate::linalg::{Mat2, Vec2, finite_vec, inverse};
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
    /// E[θ] (Bernoulli: E_q[w] = a·tanh λ).
    pub mean: [f64; 2],
    /// The covariance (Bernoulli: diag(Var w_i) = diag(a² sech²λ_i); no precision is implied).
    pub cov: [[f64; 2]; 2],
    /// Bernoulli only: the natural parameter λ, the rule's state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<[f64; 2]>,
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
    /// Tracking: the predicted q⁻ = N(m, P⁻) this step started from (docs/maths.md §13), its
    /// weight 1; `None` at t = 0 and on offline landscapes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted: Option<Component>,
}

/// Tracking's online state (docs/maths.md §13): the loss of the step that produced the current
/// q, and what the next step starts from.
#[derive(Clone, Debug)]
struct Online {
    /// ℓ_t, the loss the step into t minimised (ℓ₀ = −log q₀, the prior alone).
    loss: Landscape,
    /// q⁻_t, the predicted prior the step into t started from (`None` at t = 0).
    predicted: Option<Gaussian>,
    /// q⁻_{t+1} and ℓ_{t+1}: the next step's predicted q and loss; `None` once every row is
    /// consumed (or if the prediction cannot be formed, which a healthy q never gives).
    next: Option<(Q, Landscape)>,
}

/// The predict step of the random walk with drift q (docs/maths.md §13): P⁻ = S⁻¹ + qI and
/// m⁻ = m, within the family (the fixed family's covariance is frozen, so it stays). `None` if
/// a precision cannot be inverted.
pub fn predict(q: &Q, drift: f64) -> Option<Q> {
    let mut next = q.clone();
    if matches!(q.kind, FamilyKind::Full | FamilyKind::Diagonal) {
        for g in &mut next.comps {
            g.prec = inverse(&(g.cov()? + Mat2::identity() * drift))?;
        }
    }
    Some(next)
}

impl Online {
    /// The state after a step into t that started from `predicted` and minimised `loss`,
    /// with the current q: the next row, t (0-based), predicted from q.
    fn at(base: &Landscape, q: &Q, t: usize, loss: Landscape, predicted: Option<Gaussian>) -> Self {
        let drift = base.data().map_or(0.0, |d| d.drift);
        let next = predict(q, drift).and_then(|p| {
            let g = p.comps.first()?;
            let l = base.online(Some(t), g.mean, g.prec)?;
            Some((p, l))
        });
        Online {
            loss,
            predicted,
            next,
        }
    }
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

/// A run at one step, what the page keeps to go back in a run: its memory does not grow with
/// the step (the classical path it holds is the recent one, [`CLASSIC_RECENT`] points).
#[derive(Clone, Debug)]
pub struct Checkpoint {
    run: Run,
}

impl Checkpoint {
    /// The step it was taken at.
    pub fn t(&self) -> usize {
        self.run.t
    }

    /// About how many bytes it holds: the run itself, the current estimate's points
    /// (coordinates, standard coordinates, weights, values), the estimator's table and the
    /// recent classical path.
    pub fn bytes(&self) -> usize {
        let r = &self.run;
        size_of::<Run>()
            + r.ws.xs.capacity() * (4 * size_of::<f64>() + size_of::<Vec2>())
            + r.classic_path.points.capacity() * size_of::<Vec2>()
            + r.q.comps.len() * (size_of::<Moments>() + 8 * size_of::<f64>())
            + 1024
    }
}

/// Classical iterates a run keeps: the most recent ones (the page draws its last 200), so a
/// run of any length holds a bounded path. `blr run` prints every point: it collects them
/// while the run plays ([`Run::classic_point`]).
pub const CLASSIC_RECENT: usize = 256;

/// The classical comparator's path, one point per step while it stays finite, of which the
/// last [`CLASSIC_RECENT`] (to twice as many) are held; `len` counts the whole path.
#[derive(Clone, Debug, Default)]
struct RecentPath {
    points: Vec<Vec2>,
    len: usize,
}

impl RecentPath {
    fn push(&mut self, p: Vec2) {
        // Dropping the older half at once keeps the cost per point constant.
        if self.points.len() == 2 * CLASSIC_RECENT {
            self.points.drain(..CLASSIC_RECENT);
        }
        self.points.push(p);
        self.len += 1;
    }

    fn recent(&self) -> &[Vec2] {
        &self.points[self.points.len().saturating_sub(CLASSIC_RECENT)..]
    }

    /// The i-th point of the whole path, if still held.
    fn at(&self, i: usize) -> Option<Vec2> {
        let first = self.len - self.points.len();
        self.points.get(i.checked_sub(first)?).copied()
    }
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
    /// (those of the next step); the stochastic comparators step on it.
    batch_landscape: Option<Landscape>,
    /// With latent assignments (mixture1d): the log-odds η_n of every row's q(z_n) that
    /// produced the current q (docs/maths.md §14); `None` on other landscapes.
    local: Option<Vec<f64>>,
    /// With latent assignments: the next step's log-odds, from `local` and the current q(θ).
    local_next: Vec<f64>,
    /// With latent assignments: the landscape the current moments were estimated on, the
    /// complete-data loss under the responsibilities of `local_next` on the next step's rows.
    local_landscape: Option<Landscape>,
    /// With minibatches: the rows that produced the current q.
    last_batch: Option<Arc<[usize]>>,
    /// Dropout with Monte Carlo masks: the masks that produced the current q.
    last_masks: Option<Vec<[u8; 2]>>,
    /// Per component, E[ℓ̄] on every row minus its minibatch estimate at the same points, so
    /// that the objective is always the full one.
    full_correction: Vec<f64>,
    classic: Option<Classic>,
    classic_path: RecentPath,
    classic_status: Option<String>,
    gap: f64,
    /// The covariances S_k⁻¹ of the current q, checked finite (what the records report).
    covs: Vec<Mat2>,
    /// Tracking: the online state; `None` on offline landscapes.
    online: Option<Box<Online>>,
}

impl Run {
    /// Starts a run at the setup's q₀ (t = 0, its moments estimated).
    pub fn new(setup: Setup) -> Run {
        // The assignments start uniform, q(z_n = 1) = ½. Bernoulli weights have no Gaussian
        // points to take responsibilities at: they read the marginal loss at their corners.
        let local = (setup.landscape.kind() == LandscapeKind::Mixture1d && setup.q.bern.is_none())
            .then(|| setup.landscape.data().map(|d| vec![0.0; d.data.len()]))
            .flatten();
        let mut run = Run {
            local_next: local.clone().unwrap_or_default(),
            local,
            local_landscape: None,
            classic_path: {
                let mut path = RecentPath::default();
                if let Some(c) = &setup.classic {
                    path.push(c.theta);
                }
                path
            },
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
            online: None,
        };
        match run.check(&run.q) {
            Ok(covs) => run.covs = covs,
            Err(why) => {
                // Not reachable from a scene (cov0 keeps the precision in range); stated anyway.
                run.covs = vec![Mat2::identity(); run.q.means().len()];
                run.diverged = Some(why);
                return run;
            }
        }
        if run.landscape.kind() == LandscapeKind::Tracking {
            let g = run.q.comps.first().copied();
            let start = g.and_then(|g| run.landscape.online(None, g.mean, g.prec));
            match start {
                Some(loss) => {
                    run.online = Some(Box::new(Online::at(&run.landscape, &run.q, 0, loss, None)))
                }
                None => run.diverged = Some("tracking needs one Gaussian q".into()),
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
        self.local_landscape
            .as_ref()
            .or(self.batch_landscape.as_ref())
            .or(self.next_online().map(|(_, l)| l))
            .unwrap_or(&self.landscape)
    }

    /// Tracking: the next step's predicted q⁻ and loss ℓ_{t+1}.
    fn next_online(&self) -> Option<&(Q, Landscape)> {
        self.online.as_ref()?.next.as_ref()
    }

    /// The loss at the current step: on tracking ℓ_t, the loss the step into t minimised
    /// (docs/maths.md §13; ℓ₀ = −log q₀); elsewhere the landscape itself.
    pub fn loss_landscape(&self) -> &Landscape {
        self.online.as_ref().map_or(&self.landscape, |o| &o.loss)
    }

    /// Tracking: the 0-based row of the observation the step into t consumed (`None` at t = 0
    /// and on offline landscapes).
    pub fn observation(&self) -> Option<usize> {
        self.online.as_ref()?;
        self.t.checked_sub(1)
    }

    /// Tracking: the predicted q⁻_t the step into t started from (`None` at t = 0 and on
    /// offline landscapes).
    pub fn predicted(&self) -> Option<&Gaussian> {
        self.online.as_ref()?.predicted.as_ref()
    }

    /// The next step's assignments (docs/maths.md §14), from the estimator's points already
    /// placed for the current q: E_q[μₖ] and E_q[μₖ²] over every point (weights πₖwᵢ), the
    /// log-odds η̂ₙ they imply, and η'ₙ = (1 − ρ_z)ηₙ + ρ_z η̂ₙ for the rows in use (the
    /// others keep ηₙ). Returns the complete-data loss under σ(η') on the step's rows.
    fn assignments(&mut self) -> Option<Landscape> {
        let eta = self.local.as_ref()?;
        let base = self.batch_landscape.as_ref().unwrap_or(&self.landscape);
        let d = base.data()?;
        let pi = self.q.weights();
        let (mut first, mut second) = ([0.0; 2], [0.0; 2]);
        for (k, range) in self.ws.ranges.iter().enumerate() {
            for i in range.clone() {
                let w = pi[k] * self.ws.ws[i];
                let (a, b) = (self.ws.xs[i], self.ws.ys[i]);
                first[0] += w * a;
                first[1] += w * b;
                second[0] += w * a * a;
                second[1] += w * b * b;
            }
        }
        let (tau, lr_local) = (self.hyper.tau, self.hyper.lr_local);
        let mut next = eta.clone();
        d.for_each_indexed_row(|n, _| {
            let implied = d.assignment_log_odds(n, first, second, tau);
            next[n] = rule::local_step(eta[n], implied, lr_local);
        });
        let resp: Arc<[f64]> = next.iter().map(|&e| rule::responsibility(e)).collect();
        self.local_next = next;
        base.with_responsibilities(resp)
    }

    /// With latent assignments: q(z_n = 1) of every row as the next step uses them (from the
    /// current q(θ)); `None` on other landscapes.
    pub fn responsibilities(&self) -> Option<Vec<f64>> {
        self.local.as_ref()?;
        Some(
            self.local_next
                .iter()
                .map(|&e| rule::responsibility(e))
                .collect(),
        )
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

    /// Estimates the moments the next step needs: at the current q, or on tracking at the
    /// predicted q⁻_{t+1} (on ℓ_{t+1}); nothing once every row is consumed.
    fn estimate(&mut self) {
        let Some(online) = self.online.as_mut() else {
            return self.estimate_at_q();
        };
        let Some((prior, _)) = online.next.as_mut() else {
            self.moments.clear();
            return;
        };
        // The step starts from q⁻: estimate there, then put q back.
        std::mem::swap(&mut self.q, prior);
        self.estimate_at_q();
        if let Some((prior, _)) = self.online.as_mut().and_then(|o| o.next.as_mut()) {
            std::mem::swap(&mut self.q, prior);
        }
    }

    /// Estimates the moments at `self.q` on the next step's loss (its rows, its assignments,
    /// its observation); on failure the run is marked diverged.
    fn estimate_at_q(&mut self) {
        self.batch_landscape = self.draw_batch();
        let with_log_q = self.q.kind == FamilyKind::Mixture;
        let result = if self.local.is_some() {
            // The assignments first, from the points the θ-step then integrates with.
            match place_points(&self.q, &self.est, &mut self.rng, &mut self.ws) {
                Ok(()) => {
                    self.local_landscape = self.assignments();
                    let target = Target {
                        landscape: self.local_landscape.as_ref().unwrap_or(&self.landscape),
                        hessian: self.hessian,
                        tau: self.hyper.tau,
                        with_log_q,
                    };
                    moments_at_points(&target, &self.q, &mut self.ws)
                }
                Err(e) => Err(e),
            }
        } else {
            let online = self.online.as_ref().and_then(|o| o.next.as_ref());
            let target = Target {
                landscape: self
                    .batch_landscape
                    .as_ref()
                    .or(online.map(|(_, l)| l))
                    .unwrap_or(&self.landscape),
                hessian: self.hessian,
                tau: self.hyper.tau,
                with_log_q,
            };
            expectations(&target, &self.q, &self.est, &mut self.rng, &mut self.ws)
        };
        match result {
            Ok(m) => {
                let bad = m.iter().position(|m| {
                    !(m.value.is_finite()
                        && finite_vec(&m.grad)
                        && m.hess.iter().all(|v| v.is_finite()))
                });
                match bad {
                    Some(k) => {
                        let p = self.q.means()[k];
                        self.diverged = Some(format!(
                            "non-finite loss or derivative near ({:.6}, {:.6})",
                            p[0], p[1]
                        ));
                    }
                    None => {
                        let whole = self.batch_landscape.is_none() && self.local.is_none();
                        self.full_correction = match whole {
                            true => Vec::new(),
                            false => self
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
        if let (Some(c), [m]) = (&self.classic, self.q.means().as_slice())
            && self.classic_status.is_none()
        {
            self.gap = self.gap.max((m - c.theta).norm());
        }
    }

    /// Advances one step (the rule and, while it stays finite, the classical comparator).
    /// Returns false when the run has diverged (then nothing changes any more), or on tracking
    /// once every row is consumed.
    pub fn step(&mut self) -> bool {
        if self.diverged.is_some() {
            return false;
        }
        // Tracking: the step starts from the predicted q⁻ (docs/maths.md §13); a step that
        // fails before it is accepted leaves q as it was.
        let current = match self.online.as_ref().map(|o| o.next.as_ref()) {
            None => None,
            Some(None) => return false,
            Some(Some((prior, _))) => Some(std::mem::replace(&mut self.q, prior.clone())),
        };
        let t = self.t;
        let ok = self.advance();
        if let Some(q) = current
            && self.t == t
        {
            self.q = q;
        }
        ok
    }

    /// [`Run::step`] from `self.q`.
    fn advance(&mut self) -> bool {
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
                if let Some(eta) = &mut self.local {
                    eta.clone_from(&self.local_next);
                }
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
                scale: self.q.bern.map_or(1.0, |b| b.scale),
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
        if let Some(o) = self.online.take()
            && let Some((prior, loss)) = o.next
        {
            let predicted = prior.comps.first().copied();
            self.online = Some(Box::new(Online::at(
                &self.landscape,
                &self.q,
                self.t,
                loss,
                predicted,
            )));
        }
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
        self.estimate_at_q();
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
    ///
    /// A Bernoulli q has no precision to check: it is healthy while λ is finite, however
    /// confident (|λ| large) it is; its "covariance" is diag(Var w_i).
    fn check(&self, q: &Q) -> Result<Vec<Mat2>, String> {
        let (lr, tau) = (self.hyper.lr, self.hyper.tau);
        if let Some(b) = &q.bern {
            if !finite_vec(&b.lambda) {
                return Err(format!(
                    "the natural parameter λ is not finite (the step overflowed); lower lr (now {lr})"
                ));
            }
            let v = b.var();
            return Ok(vec![Mat2::new(v[0], 0.0, 0.0, v[1])]);
        }
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
        let w = match self.q.bern {
            Some(_) => vec![1.0],
            None => self.q.weights(),
        };
        let lambda = self.q.bern.map(|b| [b.lambda[0], b.lambda[1]]);
        let components = self
            .q
            .means()
            .iter()
            .zip(&w)
            .zip(&self.covs)
            .map(|((m, &weight), c)| {
                // The covariances were checked when q was accepted (no fallback here).
                Component {
                    weight,
                    mean: [m[0], m[1]],
                    cov: [[c[(0, 0)], c[(0, 1)]], [c[(1, 0)], c[(1, 1)]]],
                    lambda,
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
            predicted: self.predicted().and_then(|g| {
                let (m, c) = (g.mean, g.cov()?);
                Some(Component {
                    weight: 1.0,
                    mean: [m[0], m[1]],
                    cov: [[c[(0, 0)], c[(0, 1)]], [c[(1, 0)], c[(1, 1)]]],
                    lambda: None,
                })
            }),
        }
    }

    /// L(λ) = E_q[ℓ̄] − τH(q) at the current q, on every row of a data landscape (on tracking,
    /// on ℓ_t, in closed form): for one Gaussian E[ℓ̄] − τH in closed form;
    /// for a mixture Σ_k π_k E_{N_k}[ℓ̄ + τ log q] (the entropy has no closed form); for a
    /// Bernoulli q the exact sum over the four states minus τH, whatever the estimator (a
    /// finite sum exists, so nothing needs estimating); for the dropout family the dropout
    /// objective D(m) = E_z[ℓ̄(z ⊙ m)] (estimated like the gradient; the σ² → 0 entropy does
    /// not depend on m and is left out).
    pub fn objective(&self) -> Option<f64> {
        if self.diverged.is_some() {
            return None;
        }
        if let Some(o) = &self.online {
            // ℓ_t is quadratic with Hessian Λ: E_q[ℓ_t] = ℓ_t(m) + ½ tr(ΛΣ), whatever the
            // estimator (docs/maths.md §13).
            let (g, cov) = (self.q.comps.first()?, self.covs.first()?);
            let (_, lambda) = o.loss.gaussian()?;
            let v =
                o.loss.value(g.mean) + 0.5 * (lambda * cov).trace() - self.hyper.tau * g.entropy();
            return v.is_finite().then_some(v);
        }
        if self.moments.is_empty() {
            return None;
        }
        if let Some(b) = &self.q.bern {
            let v = self.expected_loss(b) - self.hyper.tau * b.entropy();
            return v.is_finite().then_some(v);
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
    /// The classical comparator's recent path: its last [`CLASSIC_RECENT`] iterates (fewer
    /// early in the run or once it stopped), oldest first.
    pub fn classic_recent(&self) -> &[Vec2] {
        self.classic_path.recent()
    }
    /// The classical iterate after t steps (θ₀ at t = 0), while the comparator stayed finite
    /// and the point is among the recent ones (always the current step's, t = [`Run::t`]).
    pub fn classic_point(&self, t: usize) -> Option<Vec2> {
        self.classic_path.at(t)
    }
    pub fn classic_kind(&self) -> Option<ClassicKind> {
        self.classic.as_ref().map(|c| c.kind)
    }
    pub fn classic_status(&self) -> Option<&str> {
        self.classic_status.as_deref()
    }
    /// max_t ‖m_t − θ_t‖ so far (one mean, i.e. a single Gaussian or a Bernoulli q, with a
    /// comparator; for STE θ_t is the latent r_t).
    pub fn gap(&self) -> Option<f64> {
        (self.classic.is_some() && self.q.means().len() == 1).then_some(self.gap)
    }
    /// The points at which the current moments were estimated (x and y arrays).
    pub fn points(&self) -> (&[f64], &[f64]) {
        (&self.ws.xs, &self.ws.ys)
    }

    /// E_q[ℓ̄] = Σ_s ℓ̄(a·s) q(a·s) over the four states of a Bernoulli q, on every row.
    fn expected_loss(&self, b: &Bernoulli) -> f64 {
        Bernoulli::STATES
            .iter()
            .zip(b.probs())
            .map(|(s, p)| p * self.landscape.value(Vec2::new(s[0], s[1]) * b.scale))
            .sum()
    }

    /// Σ_k π_k ℓ̄(m_k) (on tracking ℓ_t(m)): ℓ̄ at the mean for one Gaussian; for a mixture the delta-method
    /// estimate of E_q[ℓ̄]; for a Bernoulli q the exact E_q[ℓ̄] (ℓ̄ at its mean, inside the
    /// square, is no loss of binary weights).
    pub fn loss(&self) -> f64 {
        if let Some(b) = &self.q.bern {
            return self.expected_loss(b);
        }
        let l = self.loss_landscape();
        self.q
            .weights()
            .iter()
            .zip(&self.q.comps)
            .map(|(w, g)| w * l.value(g.mean))
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

    /// This run as it stands, for going back to it later (see [`Checkpoint`]).
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint { run: self.clone() }
    }

    /// The run at a checkpoint again. Stepping it repeats the run exactly: the generator,
    /// the moments and the comparator (with its recent path) are restored with it.
    pub fn resume(cp: &Checkpoint) -> Run {
        cp.run.clone()
    }

    /// The rule's hyper-parameters in effect.
    pub fn hyper(&self) -> &Hyper {
        &self.hyper
    }
}
