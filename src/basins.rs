//! Basins of attraction: run one method from every pixel of an n×n grid over the landscape's
//! domain and label each start with the known minimum ([`Landscape::minima`]) it ends near.
//!
//! All starts advance together, structure of arrays: a step gathers the points of a chunk of
//! live starts into one batch and evaluates the landscape once ([`Landscape::evals`]), then
//! updates every start from its slice of the batch; a [`Job`] does this a bounded amount of
//! work at a time (the page spends a few milliseconds a frame on it). Each start follows exactly the iteration
//! a single run of the method from that point would (the same arithmetic, and for Monte
//! Carlo the same seeded stream: every start draws from the scene's `seed`, as the run with
//! `init` = the start, `family=full`, `improved=true` does), so a pixel's label is the fate of
//! that run (`tests/basins.rs` checks this pixel by pixel).
//!
//! Methods:
//! - [`Method::Gd`]: the fixed-covariance Gaussian with the delta method, i.e. gradient
//!   descent m ← m − ρ·cov0·∇ℓ̄(m) (docs/maths.md §3).
//! - [`Method::Newton`]: the full Gaussian, delta, ρ = τ = 1, plain rule, i.e. Newton's
//!   method m ← m − ∇²ℓ̄(m)⁻¹∇ℓ̄(m) (docs/maths.md §4). It is iterated as Newton's method, without the
//!   rule's positive-definiteness check, because the point of the picture is that Newton is
//!   attracted to saddles and maxima too; a singular Hessian stops the start.
//! - [`Method::Rule`]: the full Gaussian with entropy: the scene's estimator, Hessian
//!   stand-in, τ and ρ, the improved rule on (docs/maths.md §6), starting from N(start, cov0·I).
//!
//! A start is labelled with the index of the nearest known minimum if its final mean lies
//! within `tol` × (the domain's diagonal) of it, else [`NONE`]: it stopped at a saddle or a
//! maximum, diverged (non-finite, |θ| > 1e6, singular or indefinite precision), or had not
//! converged after the given number of steps.

use crate::estimate::{EstimatorKind, HessianKind, SeededRng, seeded, standard_points};
use crate::family::Gaussian;
use crate::landscape::{Batch, Domain, Landscape, LandscapeKind, Minimum};
use crate::linalg::{Mat2, Vec2, finite_vec, is_positive_definite, solve, sym};
use crate::rule::precision_step;
use crate::run::BOUND;
use crate::scene::{Scene, SceneError};
use rand_distr::{Distribution, StandardNormal};

/// The label of a start that ended near no known minimum.
pub const NONE: i16 = -1;

/// Which iteration runs from every start (the names are the scene's `basins` values).
pub use crate::scene::BasinsMethod as Method;

/// Landscape evaluations per start and step: 1 for gradient descent and Newton's method; for
/// the rule, the estimator's points (delta 1, Monte Carlo `samples`, Gauss–Hermite gh², the
/// unscented transform 5). n²·steps times this bounds a computation's cost.
pub fn points_per_start(scene: &Scene, method: Method) -> usize {
    match method {
        Method::Gd | Method::Newton => 1,
        Method::Rule => match scene.estimator {
            EstimatorKind::Delta => 1,
            EstimatorKind::Mc => scene.samples,
            EstimatorKind::GaussHermite => scene.gh * scene.gh,
            EstimatorKind::Unscented => 5,
            // Refused for the rule's basins (a full Gaussian: exact has no finite sum there).
            EstimatorKind::Exact => 4,
        },
    }
}

/// What one landscape evaluation costs, in rows: a data landscape's loss sums over the rows
/// in use (logistic, ridge, mixture1d); the others, tracking's one observation included, 1.
pub fn rows_per_eval(l: &Landscape) -> usize {
    match l.data() {
        Some(d) if l.kind() != LandscapeKind::Tracking => d
            .batch
            .as_ref()
            .map_or(d.data.rows.len(), |b| b.len())
            .max(1),
        _ => 1,
    }
}

/// Grid size, number of steps and the convergence tolerance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Pixels per side (n × n starts).
    pub n: usize,
    /// Steps per start.
    pub steps: usize,
    /// A start ends "at" a minimum within `tol` × the domain's diagonal.
    pub tol: f64,
}

impl Options {
    /// The default grid and steps, with the grid halved (never below `min_n` per side) until
    /// n²·steps·[`points_per_start`]·[`rows_per_eval`] ≤ `budget` (landscape evaluations, a
    /// data landscape's counted once per row): what the page uses so that an expensive
    /// estimator or data set gives a coarser picture rather than a long wait.
    ///
    /// ```
    /// use blr_playground::basins::{Method, Options};
    /// use blr_playground::scene::Scene;
    /// let scene = |q| Scene::from_query(q).unwrap();
    /// let n = |q, m| Options::within_budget(&scene(q), m, 32_000_000, 16).n;
    /// assert_eq!(n("", Method::Newton), 128);
    /// assert_eq!(n("estimator=mc&samples=16", Method::Rule), 128);
    /// assert_eq!(n("estimator=gauss-hermite&gh=10", Method::Rule), 32);
    /// assert_eq!(n("estimator=mc&samples=4096", Method::Rule), 16);
    /// assert_eq!(n("estimator=mc&samples=4096", Method::Gd), 128);
    /// ```
    pub fn within_budget(scene: &Scene, method: Method, budget: usize, min_n: usize) -> Options {
        let mut o = Options::default();
        let rows = scene.setup().map_or(1, |s| rows_per_eval(&s.landscape));
        let per_start = o.steps * points_per_start(scene, method).max(1) * rows;
        while o.n > min_n && o.n * o.n * per_start > budget {
            o.n = (o.n / 2).max(min_n);
        }
        o
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            n: 128,
            steps: 100,
            tol: 0.01,
        }
    }
}

/// The labelled grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Basins {
    pub n: usize,
    pub domain: Domain,
    /// The known minima the labels index.
    pub minima: Vec<Minimum>,
    /// `labels[row * n + col]` for the start [`Basins::start`]`(row, col)`: an index into
    /// `minima`, or [`NONE`]. Row 0 is the top of the picture (largest y).
    pub labels: Vec<i16>,
    /// How many starts ended at each minimum.
    pub counts: Vec<usize>,
    /// How many starts ended at none.
    pub none: usize,
    /// How many of those stopped early: diverged, singular or indefinite (the rest of
    /// `none` ended at a saddle, a maximum or an unlisted minimum, or had not converged).
    pub stopped: usize,
}

impl Basins {
    /// The start of pixel (row, col): the pixel's centre.
    pub fn start(&self, row: usize, col: usize) -> Vec2 {
        pixel_centre(&self.domain, self.n, row, col)
    }

    /// Fraction of starts labelled [`NONE`].
    pub fn fraction_none(&self) -> f64 {
        self.none as f64 / self.labels.len().max(1) as f64
    }

    /// Fraction of starts labelled with minimum k.
    pub fn fraction(&self, k: usize) -> f64 {
        self.counts[k] as f64 / self.labels.len().max(1) as f64
    }
}

/// Centre of pixel (row, col) of an n×n grid over the domain, row 0 at the top.
pub fn pixel_centre(d: &Domain, n: usize, row: usize, col: usize) -> Vec2 {
    let u = (col as f64 + 0.5) / n as f64;
    let v = (row as f64 + 0.5) / n as f64;
    Vec2::new(
        d.x[0] + u * (d.x[1] - d.x[0]),
        d.y[1] - v * (d.y[1] - d.y[0]),
    )
}

/// A start's movement below this (relative to max(1, |θ|)) counts as converged: it stops
/// being updated, which changes its final mean by far less than any tolerance but lets
/// Newton's method, which converges in a handful of steps, skip the rest.
const FROZEN: f64 = 1e-13;

/// Where each start is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fate {
    Running,
    /// Stopped moving (converged somewhere).
    Frozen,
    /// Diverged or could not step.
    Stopped,
}

/// Every start's state, structure of arrays.
struct Starts {
    mean: Vec<Vec2>,
    /// Precision (rule only).
    prec: Vec<Mat2>,
    /// Monte Carlo streams (rule with mc only).
    rng: Vec<SeededRng>,
    fate: Vec<Fate>,
}

/// The points of one step: coordinates and weights; the k-th start stepped `stepped[k]` owns
/// the points `first[k]..first[k + 1]`.
#[derive(Default)]
struct Points {
    xs: Vec<f64>,
    ys: Vec<f64>,
    ws: Vec<f64>,
    stepped: Vec<usize>,
    first: Vec<usize>,
    batch: Batch,
}

impl Points {
    fn push(&mut self, p: Vec2, w: f64) {
        self.xs.push(p[0]);
        self.ys.push(p[1]);
        self.ws.push(w);
    }

    fn clear(&mut self) {
        self.xs.clear();
        self.ys.clear();
        self.ws.clear();
        self.stepped.clear();
        self.first.clear();
    }
}

/// Runs `method` from every pixel centre of an n×n grid over the scene's landscape domain
/// (see the module docs) to the end: a [`Job`] advanced until it is done.
pub fn basins(scene: &Scene, method: Method, opts: &Options) -> Result<Basins, SceneError> {
    let mut job = Job::new(scene, method, opts)?;
    while !job.advance(usize::MAX) {}
    Ok(job.finish())
}

/// A basins computation that advances a bounded amount of work at a time, so that the page
/// can spend a few milliseconds of each frame on it (and cancel it by dropping it). The
/// starts advance step by step, all of them through step s before any takes step s + 1, a
/// chunk of starts per landscape evaluation; each start follows exactly the iteration it
/// would follow alone (module docs), so however the work is split the picture is the same.
pub struct Job {
    landscape: Landscape,
    scene: Scene,
    method: Method,
    opts: Options,
    /// The estimator's standard points (rule, Gauss–Hermite and unscented).
    z_table: Vec<(Vec2, f64)>,
    /// Landscape evaluations per start and step.
    per_start: usize,
    st: Starts,
    /// Steps every live start has taken.
    step: usize,
    /// The starts still running at this step, and how many of them have taken it.
    live: Vec<usize>,
    next: usize,
    pts: Points,
    done: bool,
}

impl Job {
    /// Starts a computation: the scene gives the landscape, ρ (`lr`), cov0, τ, the estimator,
    /// its sample count / nodes, the Hessian stand-in and the seed. The scene must be valid
    /// (the error names the key to change, as for a run).
    pub fn new(scene: &Scene, method: Method, opts: &Options) -> Result<Job, SceneError> {
        let landscape = scene.setup()?.landscape;
        if method == Method::Rule && scene.estimator == EstimatorKind::Exact {
            return Err(SceneError {
                key: "basins".into(),
                message: "the rule's basins run the full Gaussian, for which exact has no finite sum (it sums the Bernoulli corners or the dropout masks); accepted with estimator=exact: off, gd, newton (or another estimator)".into(),
            });
        }
        let domain = landscape.domain();
        let n = opts.n;
        let count = n * n;
        let rule = method == Method::Rule;
        let mc = rule && scene.estimator == EstimatorKind::Mc;
        Ok(Job {
            z_table: standard_points(scene.estimator, scene.gh),
            per_start: points_per_start(scene, method).max(1),
            st: Starts {
                mean: (0..count)
                    .map(|k| pixel_centre(&domain, n, k / n, k % n))
                    .collect(),
                prec: if rule {
                    vec![Mat2::identity() / scene.cov0; count]
                } else {
                    Vec::new()
                },
                rng: if mc {
                    vec![seeded(scene.seed); count]
                } else {
                    Vec::new()
                },
                fate: vec![Fate::Running; count],
            },
            landscape,
            scene: scene.clone(),
            method,
            opts: *opts,
            step: 0,
            live: (0..count).collect(),
            next: 0,
            pts: Points::default(),
            done: opts.steps == 0,
        })
    }

    /// Advances by about `evals` landscape evaluations (at least one start's step); true once
    /// every start has taken its steps or stopped.
    pub fn advance(&mut self, evals: usize) -> bool {
        let mut left = evals;
        while !self.done && left > 0 {
            if self.next == self.live.len() {
                // Every live start took this step: on to the next, with those still running.
                if self.next > 0 {
                    self.step += 1;
                }
                let fate = &self.st.fate;
                self.live.retain(|&i| fate[i] == Fate::Running);
                self.next = 0;
                if self.step >= self.opts.steps || self.live.is_empty() {
                    self.done = true;
                    break;
                }
            }
            let take = (left / self.per_start)
                .max(1)
                .min(self.live.len() - self.next);
            let chunk = &self.live[self.next..self.next + take];
            match self.method {
                Method::Gd | Method::Newton => step_points(
                    &self.landscape,
                    &self.scene,
                    self.method,
                    &mut self.st,
                    chunk,
                    &mut self.pts,
                ),
                Method::Rule => step_rule(
                    &self.landscape,
                    &self.scene,
                    &self.z_table,
                    &mut self.st,
                    chunk,
                    &mut self.pts,
                ),
            }
            self.next += take;
            left = left.saturating_sub(take * self.per_start);
        }
        self.done
    }

    /// The share of the work done, in [0, 1]: steps taken over the steps asked (starts that
    /// stop early make the rest quicker than this says).
    pub fn progress(&self) -> f64 {
        if self.done {
            return 1.0;
        }
        let within = self.next as f64 / self.live.len().max(1) as f64;
        ((self.step as f64 + within) / self.opts.steps.max(1) as f64).min(1.0)
    }

    /// The labelled grid (call once [`Job::advance`] returned true; before, the starts are
    /// labelled where they are now).
    pub fn finish(self) -> Basins {
        let domain = self.landscape.domain();
        let minima = self.landscape.minima();
        let reach = self.opts.tol * (domain.x[1] - domain.x[0]).hypot(domain.y[1] - domain.y[0]);
        let mut counts = vec![0; minima.len()];
        let mut none = 0;
        let stopped = self.st.fate.iter().filter(|f| **f == Fate::Stopped).count();
        let labels = self
            .st
            .mean
            .iter()
            .zip(&self.st.fate)
            .map(|(m, fate)| {
                let label = (*fate != Fate::Stopped)
                    .then(|| {
                        let (k, d) = minima
                            .iter()
                            .map(|min| (min.at - m).norm())
                            .enumerate()
                            .min_by(|a, b| a.1.total_cmp(&b.1))?;
                        (d <= reach).then_some(k)
                    })
                    .flatten()
                    .map_or(NONE, |k| k as i16);
                match usize::try_from(label) {
                    Ok(k) => counts[k] += 1,
                    Err(_) => none += 1,
                }
                label
            })
            .collect();
        Basins {
            n: self.opts.n,
            domain,
            minima,
            labels,
            counts,
            none,
            stopped,
        }
    }
}

/// True when a new mean is finite and inside the bound a run enforces.
fn inside(m: &Vec2) -> bool {
    finite_vec(m) && m.amax() <= BOUND
}

/// Moves start i to `next`, freezing it when it barely moved and stopping it when it left.
fn advance(mean: &mut Vec2, fate: &mut Fate, next: Vec2) {
    if !inside(&next) {
        *fate = Fate::Stopped;
        return;
    }
    if (next - *mean).norm() <= FROZEN * next.norm().max(1.0) {
        *fate = Fate::Frozen;
    }
    *mean = next;
}

/// One step of gradient descent or Newton's method for the starts `chunk`, one batch.
fn step_points(
    l: &Landscape,
    scene: &Scene,
    method: Method,
    st: &mut Starts,
    chunk: &[usize],
    pts: &mut Points,
) {
    pts.clear();
    for &i in chunk {
        pts.push(st.mean[i], 1.0);
    }
    l.evals(&pts.xs, &pts.ys, &mut pts.batch);
    // The fixed family's covariance S₀⁻¹ = cov0·I, applied as the rule does (rule::step).
    let cov = Mat2::identity() * scene.cov0;
    for (k, &i) in chunk.iter().enumerate() {
        let e = pts.batch.get(k);
        if !(e.value.is_finite() && finite_vec(&e.grad)) {
            st.fate[i] = Fate::Stopped;
            continue;
        }
        let next = match method {
            Method::Gd => st.mean[i] - (cov * e.grad) * scene.lr,
            _ => match solve(&e.hess, &e.grad) {
                Some(d) => st.mean[i] - d,
                None => {
                    st.fate[i] = Fate::Stopped;
                    continue;
                }
            },
        };
        advance(&mut st.mean[i], &mut st.fate[i], next);
    }
}

/// One step of the full-Gaussian rule (improved) for the starts `chunk`, one batch.
fn step_rule(
    l: &Landscape,
    scene: &Scene,
    z_table: &[(Vec2, f64)],
    st: &mut Starts,
    chunk: &[usize],
    pts: &mut Points,
) {
    let kind = scene.estimator;
    let mc = kind == EstimatorKind::Mc;
    // 1. Every start's points, one batch.
    pts.clear();
    for &i in chunk {
        let g = Gaussian {
            mean: st.mean[i],
            prec: st.prec[i],
        };
        let first = pts.xs.len();
        if kind == EstimatorKind::Delta {
            pts.push(g.mean, 1.0);
        } else {
            let Some(a) = g.sqrt_cov() else {
                st.fate[i] = Fate::Stopped;
                continue;
            };
            if mc {
                let (rng, n) = (&mut st.rng[i], scene.samples);
                let w = 1.0 / n as f64;
                for j in 0..n.div_ceil(2) {
                    let e: Vec2 = Vec2::new(StandardNormal.sample(rng), StandardNormal.sample(rng));
                    pts.push(g.mean + a * e, w);
                    if 2 * j + 1 < n {
                        pts.push(g.mean - a * e, w);
                    }
                }
            } else {
                for &(z, w) in z_table {
                    pts.push(g.mean + a * z, w);
                }
            }
        }
        pts.stepped.push(i);
        pts.first.push(first);
    }
    pts.first.push(pts.xs.len());
    l.evals(&pts.xs, &pts.ys, &mut pts.batch);
    // 2. Moments and one rule step per start (estimate::expectations, rule::step).
    for (k, &i) in pts.stepped.iter().enumerate() {
        let (mean, prec) = (st.mean[i], st.prec[i]);
        let (mut grad, mut hess) = (Vec2::zeros(), Mat2::zeros());
        let mut ok = true;
        for j in pts.first[k]..pts.first[k + 1] {
            let e = pts.batch.get(j);
            let p = Vec2::new(pts.xs[j], pts.ys[j]);
            let h = match scene.hessian {
                HessianKind::Exact => e.hess,
                HessianKind::GaussNewton => match l.gauss_newton(p) {
                    Some(h) => h,
                    None => {
                        ok = false;
                        break;
                    }
                },
                HessianKind::SquareGradient => e.grad * e.grad.transpose(),
                HessianKind::Stein => sym(&(prec * (p - mean) * e.grad.transpose())),
            };
            ok &= e.value.is_finite();
            let w = pts.ws[j];
            grad += e.grad * w;
            hess += h * w;
        }
        if !(ok && finite_vec(&grad) && hess.iter().all(|v| v.is_finite())) {
            st.fate[i] = Fate::Stopped;
            continue;
        }
        let s = precision_step(&prec, &hess, scene.tau, scene.lr, true);
        let next = if is_positive_definite(&s) {
            solve(&s, &grad).map(|d| mean - d * scene.lr)
        } else {
            None
        };
        match next {
            Some(next) => {
                st.prec[i] = s;
                advance(&mut st.mean[i], &mut st.fate[i], next);
            }
            None => st.fate[i] = Fate::Stopped,
        }
    }
}
