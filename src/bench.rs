//! The benchmark workloads (`bash scripts/bench.sh`, BENCHMARKS.md): plain Rust, compiled for
//! every target with the cargo feature `bench` (off in the shipped page), so the native
//! example (examples/bench_native.rs), both benchmark wasm builds (`web_bench`) and the tests
//! run exactly the same code. Timing lives with the callers
//! (`std::time::Instant` does not exist on wasm32); a workload only does its work and returns
//! a checksum, so the optimiser cannot drop the work and the JavaScript and NumPy versions
//! (www/bench/impl.js, bench/numpy_bench.py) can be checked against it.
//!
//! Every workload is defined here in words precise enough to re-implement it identically:
//!
//! 1. `raster-<kind>` ([`Raster`]): ℓ̄ at the pixel centres of a `side`×`side` grid over the
//!    landscape's domain (row 0 at the top, [`grid`]) through [`Landscape::values`], the
//!    SIMD path. Checksum: Σ ℓ̄ in row-major order.
//! 2. `mixture-density` ([`Density`]): log q(θ) of the K-component mixture [`mixture_q`] on
//!    the `side`×`side` grid over [−5, 5]² through [`raster::log_q`]. Checksum: Σ log q.
//! 3. `mixture-step` ([`SceneStep::new`]): one step of the rule for a mixture of K Gaussians on
//!    Himmelblau with Monte Carlo (`samples` draws per component, antithetic pairs), the
//!    exact Hessian, τ = 0.1, ρ = ρ_π = 0.1, improved rule, from the run's initial q (K means
//!    on a circle of radius 3 about (0.5, −0.5), precision 10·I, equal weights): the
//!    precision and mean update from the moments at q, then the moments at the new q (the
//!    unit of work of [`Run::step`]). Every iteration starts again from the initial state.
//!    Checksum: Σ_k (m_k,x + m_k,y + S_k,xx + S_k,xy + S_k,yy + η_k) after the step.
//! 4. `basins-newton` ([`BasinsNewton`]): [`basins::basins`] with Newton's method from every
//!    pixel centre of a `side`×`side` grid over Himmelblau's domain, up to `steps` steps
//!    (a start freezes once it moves less than 1e-13 relative). Checksum: Σ_k (k + 1)·count_k
//!    over the known minima k (starts labelled none count 0).
//! 5. The full frame (browser only, www/bench/main.js): the page's `Playground` steps once and
//!    hands out its frame; [`QDensity`] draws q's density on every pixel of the canvas.
//! 6. The paper's other rows, one step of the rule each from the scene's initial state
//!    ([`SceneStep`], like workload 3, no comparator), scenes in [`STEP_SCENES`]:
//!    `bernoulli-step` (BayesBiNN: Bernoulli q on two binary weights, 16 Monte Carlo draws,
//!    the relaxed gradient), `kalman-step` (tracking: full Gaussian, delta method, ρ = τ = 1,
//!    one observation), `em-step` (the 1-D two-component mixture: full Gaussian on the means,
//!    delta method, ρ = ρ_z = 1, the 80 responsibilities) and `dropout-step` (spike-and-slab
//!    per weight on Rosenbrock, keep 0.8, the four masks summed exactly). Checksum:
//!    [`q_checksum`]. Rust only (both wasm builds and native): no JavaScript or NumPy version.
//!
//! [`Workload::run`] repeats the work and computes the checksum once, outside the repetitions.
//! The Monte Carlo streams of the other implementations differ from Rust's, so workload 3 is
//! checked separately with [`CHECK_SAMPLES`] draws per component (`mixture-step-check`),
//! where the Monte Carlo error of the checksum is small enough to catch a wrong formula.

use crate::basins::{self, Method, Options};
use crate::estimate::{Estimator, EstimatorKind};
use crate::family::{FamilyKind, Gaussian, Q};
use crate::landscape::{Domain, Landscape, LandscapeKind};
use crate::linalg::{Mat2, Vec2};
use crate::raster::{self, View};
use crate::run::Run;
use crate::scene::Scene;
use std::f64::consts::TAU;

/// Grid side of the raster and density workloads.
pub const SIDE: usize = 512;
/// Mixture components (density and rule step).
pub const K: usize = 8;
/// Monte Carlo draws per component in the rule step.
pub const SAMPLES: usize = 64;
/// Basins grid side and steps.
pub const BASINS_SIDE: usize = 128;
pub const BASINS_STEPS: usize = 100;
/// Draws per component of the rule step's accuracy check (`mixture-step-check`).
pub const CHECK_SAMPLES: usize = 4096;
/// The density workload's grid: [−5, 5]².
pub const DENSITY_DOMAIN: Domain = Domain {
    x: [-5.0, 5.0],
    y: [-5.0, 5.0],
};

/// The timed workloads, in report order.
pub const WORKLOADS: [&str; 10] = [
    "raster-himmelblau",
    "raster-rastrigin",
    "raster-logistic",
    "mixture-density",
    "mixture-step",
    "basins-newton",
    "bernoulli-step",
    "kalman-step",
    "em-step",
    "dropout-step",
];

/// Workload 6's scenes (each the paper row's preset without its comparator, seed 1).
pub const STEP_SCENES: [(&str, &str); 4] = [
    (
        "bernoulli-step",
        "landscape=expr&expr=0.5*((x-0.25)^2%2B1.8*(x-0.25)*(y-0.05)%2B(y-0.05)^2)\
         &family=bernoulli&estimator=mc&samples=16&relax=0.3&tau=0.3&lr=0.1&init=0.25,0.05\
         &compare=none&seed=1",
    ),
    (
        "kalman-step",
        "landscape=tracking&family=full&estimator=delta&lr=1&tau=1&improved=false&init=0,0\
         &cov0=1&compare=none&seed=1",
    ),
    (
        "em-step",
        "landscape=mixture1d&family=full&estimator=delta&lr=1&lr_local=1&tau=1&improved=false\
         &cov0=1&init=2.8,2.7&compare=none&seed=1",
    ),
    (
        "dropout-step",
        "landscape=rosenbrock&family=dropout&keep=0.8&estimator=exact&lr=0.2&cov0=0.01&init=1,1\
         &compare=none&seed=1",
    ),
];

/// Pixel centres of a `side`×`side` grid over `d`, row-major, row 0 at the top:
/// x_i = x0 + (i + ½)/side·(x1 − x0), y_j = y1 − (j + ½)/side·(y1 − y0).
pub fn grid(d: &Domain, side: usize) -> (Vec<f64>, Vec<f64>) {
    let mut xs = Vec::with_capacity(side * side);
    let mut ys = Vec::with_capacity(side * side);
    let n = side as f64;
    for j in 0..side {
        let y = d.y[1] - (j as f64 + 0.5) / n * (d.y[1] - d.y[0]);
        for i in 0..side {
            xs.push(d.x[0] + (i as f64 + 0.5) / n * (d.x[1] - d.x[0]));
            ys.push(y);
        }
    }
    (xs, ys)
}

/// The density workload's mixture: component k = 0…K−1 has mean 3·(cos a_k, sin a_k) with
/// a_k = 2π(k + ½)/K, precision [[1 + 0.25k, b_k], [b_k, 1.5 − 0.1k]] with
/// b_k = 0.2·((k mod 3) − 1), and logit η_k = 0.1·(k − (K − 1)) (so η_{K−1} = 0).
/// Positive definite for K ≤ 15.
pub fn mixture_q(k: usize) -> Q {
    let comps = (0..k)
        .map(|i| {
            let a = TAU * (i as f64 + 0.5) / k as f64;
            let f = i as f64;
            let b = 0.2 * ((i % 3) as f64 - 1.0);
            Gaussian {
                mean: Vec2::new(3.0 * a.cos(), 3.0 * a.sin()),
                prec: Mat2::new(1.0 + 0.25 * f, b, b, 1.5 - 0.1 * f),
            }
        })
        .collect();
    Q {
        kind: FamilyKind::Mixture,
        comps,
        eta: (0..k).map(|i| 0.1 * (i as f64 - (k - 1) as f64)).collect(),
        bern: None,
    }
}

/// The landscape of a raster workload (default parameters; none of the three uses them).
pub fn landscape(kind: LandscapeKind) -> Landscape {
    let params = Scene::default().params();
    Landscape::new(kind, &params).expect("built-in landscapes always build")
}

/// Workload 1: ℓ̄ on a grid over the landscape's domain, SIMD path.
#[derive(Clone, Debug)]
pub struct Raster {
    landscape: Landscape,
    xs: Vec<f64>,
    ys: Vec<f64>,
    out: Vec<f64>,
}

impl Raster {
    pub fn new(kind: LandscapeKind, side: usize) -> Raster {
        let landscape = landscape(kind);
        let (xs, ys) = grid(&landscape.domain(), side);
        let out = vec![0.0; xs.len()];
        Raster {
            landscape,
            xs,
            ys,
            out,
        }
    }

    /// Evaluates the grid once.
    pub fn work(&mut self) {
        self.landscape.values(&self.xs, &self.ys, &mut self.out);
    }

    /// Σ ℓ̄ over the last evaluation.
    pub fn checksum(&self) -> f64 {
        self.out.iter().sum()
    }

    /// [`Raster::work`], then [`Raster::checksum`].
    pub fn run(&mut self) -> f64 {
        self.work();
        self.checksum()
    }

    /// The values of the last [`Raster::run`].
    pub fn values(&self) -> &[f64] {
        &self.out
    }

    /// The grid's points.
    pub fn points(&self) -> (&[f64], &[f64]) {
        (&self.xs, &self.ys)
    }
}

/// Workload 2: log q of [`mixture_q`] on a grid over [`DENSITY_DOMAIN`].
#[derive(Clone, Debug)]
pub struct Density {
    q: Q,
    xs: Vec<f64>,
    ys: Vec<f64>,
    out: Vec<f64>,
}

impl Density {
    pub fn new(k: usize, side: usize) -> Density {
        let (xs, ys) = grid(&DENSITY_DOMAIN, side);
        let out = vec![0.0; xs.len()];
        Density {
            q: mixture_q(k),
            xs,
            ys,
            out,
        }
    }

    /// Evaluates log q on the grid once.
    pub fn work(&mut self) {
        raster::log_q(&self.q, &self.xs, &self.ys, &mut self.out);
    }

    /// Σ log q over the last evaluation.
    pub fn checksum(&self) -> f64 {
        self.out.iter().sum()
    }

    /// [`Density::work`], then [`Density::checksum`].
    pub fn run(&mut self) -> f64 {
        self.work();
        self.checksum()
    }

    pub fn q(&self) -> &Q {
        &self.q
    }

    pub fn values(&self) -> &[f64] {
        &self.out
    }

    pub fn points(&self) -> (&[f64], &[f64]) {
        (&self.xs, &self.ys)
    }
}

/// The full frame's q-density picture (workload 5, browser only): log q at every pixel centre
/// of a `side`×`side` canvas showing Himmelblau's domain ([`raster::log_q_pixels`]), then
/// RGBA with a fixed colour and alpha = 255·exp(log q − max log q) (a 256-entry table over
/// max − log q ∈ [0, 8)).
#[derive(Clone, Debug)]
pub struct QDensity {
    view: View,
    logq: Vec<f64>,
    rgba: Vec<u8>,
    alpha: [u8; 256],
}

/// Colour of the q-density picture.
pub const DENSITY_RGB: [u8; 3] = [120, 220, 255];
/// Table steps per unit of max − log q.
const ALPHA_STEPS: f64 = 32.0;

impl QDensity {
    pub fn new(side: usize) -> QDensity {
        let view = View::fit(landscape(LandscapeKind::Himmelblau).domain(), side, side);
        QDensity {
            logq: vec![0.0; view.w * view.h],
            rgba: vec![0; view.w * view.h * 4],
            view,
            alpha: std::array::from_fn(|i| {
                (255.0 * (-(i as f64) / ALPHA_STEPS).exp()).round() as u8
            }),
        }
    }

    /// Recomputes the picture for q; returns max log q over the pixels (−∞ when q shows
    /// nowhere, NaN when log q is NaN).
    pub fn update(&mut self, q: &Q) -> f64 {
        raster::log_q_pixels(q, &self.view, &mut self.logq);
        let top = self.logq.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for (px, &v) in self.rgba.chunks_exact_mut(4).zip(&self.logq) {
            // NaN and −∞ (and anything ≥ 8 below the top) become index 255: alpha ≈ 0.
            let i = ((top - v) * ALPHA_STEPS).clamp(0.0, 255.0) as usize;
            px.copy_from_slice(&[
                DENSITY_RGB[0],
                DENSITY_RGB[1],
                DENSITY_RGB[2],
                self.alpha[i],
            ]);
        }
        top
    }

    /// log q at each pixel centre after the last update, row-major.
    pub fn log_q(&self) -> &[f64] {
        &self.logq
    }

    /// RGBA bytes (side·side·4) after the last update.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }
}

/// A mixture from the page's frame: `[weight, mean x, mean y, cov xx, cov xy, cov yy]` per
/// component (precision = cov⁻¹, logits = log weight). `None` for a malformed list or a
/// singular covariance.
pub fn q_from_components(flat: &[f64]) -> Option<Q> {
    if flat.is_empty() || !flat.len().is_multiple_of(6) {
        return None;
    }
    let mut comps = Vec::with_capacity(flat.len() / 6);
    let mut eta = Vec::with_capacity(flat.len() / 6);
    for c in flat.chunks_exact(6) {
        let cov = Mat2::new(c[3], c[4], c[4], c[5]);
        comps.push(Gaussian {
            mean: Vec2::new(c[1], c[2]),
            prec: crate::linalg::inverse(&cov)?,
        });
        eta.push(c[0].ln());
    }
    Some(Q {
        kind: FamilyKind::Mixture,
        comps,
        eta,
        bern: None,
    })
}

/// The scene of the rule-step workload.
pub fn mixture_scene(k: usize, samples: usize) -> Scene {
    Scene::from_query(&format!(
        "landscape=himmelblau&family=mixture&k={k}&estimator=mc&samples={samples}&hessian=exact\
         &init=0.5,-0.5&cov0=0.1&lr=0.1&lr_weights=0.1&tau=0.1&improved=true&compare=none&seed=1"
    ))
    .expect("the benchmark scene is valid")
}

/// Σ_k (m_k,x + m_k,y + S_k,xx + S_k,xy + S_k,yy + η_k), plus λ₁ + λ₂ for a Bernoulli q.
pub fn q_checksum(q: &Q) -> f64 {
    let gaussians: f64 = q
        .comps
        .iter()
        .zip(&q.eta)
        .map(|(g, e)| g.mean[0] + g.mean[1] + g.prec[(0, 0)] + g.prec[(0, 1)] + g.prec[(1, 1)] + e)
        .sum();
    gaussians + q.bern.as_ref().map_or(0.0, |b| b.lambda.sum())
}

/// Workloads 3 and 6: one step of a run (update + moments at the new q) from its initial
/// state, every time.
#[derive(Clone, Debug)]
pub struct SceneStep {
    base: Run,
    run: Run,
    ok: bool,
}

impl SceneStep {
    /// Workload 3 with `samples` draws per component.
    pub fn new(k: usize, samples: usize) -> SceneStep {
        // The accuracy check draws more than a page's frame allows (k²·samples), so its
        // estimator is set on the executor's setup directly.
        let scene = mixture_scene(k, samples.min(SAMPLES));
        let mut setup = scene.setup().expect("the benchmark scene runs");
        setup.estimator = Estimator::new(EstimatorKind::Mc, samples, scene.gh);
        SceneStep::from_run(Run::new(setup))
    }

    /// One step of the scene `query` (a workload 6 scene).
    pub fn of_scene(query: &str) -> SceneStep {
        let scene = Scene::from_query(query).expect("the benchmark scene is valid");
        SceneStep::from_run(Run::new(scene.setup().expect("the benchmark scene runs")))
    }

    fn from_run(base: Run) -> SceneStep {
        SceneStep {
            run: base.clone(),
            base,
            ok: false,
        }
    }

    /// Restores the initial run and takes one step.
    pub fn work(&mut self) {
        self.run.clone_from(&self.base);
        self.ok = self.run.step();
    }

    /// [`q_checksum`] of the q after the last step; NaN when that step diverged (so a broken
    /// step cannot pass as a fast one).
    pub fn checksum(&self) -> f64 {
        if self.ok {
            q_checksum(self.run.q())
        } else {
            f64::NAN
        }
    }

    /// [`SceneStep::work`], then [`SceneStep::checksum`].
    pub fn run(&mut self) -> f64 {
        self.work();
        self.checksum()
    }

    /// The initial q (before any step).
    pub fn initial(&self) -> &Q {
        self.base.q()
    }
}

/// Workload 4: Newton's basins of attraction on Himmelblau.
#[derive(Clone, Debug)]
pub struct BasinsNewton {
    scene: Scene,
    opts: Options,
    counts: Vec<usize>,
    none: usize,
}

impl BasinsNewton {
    pub fn new(side: usize, steps: usize) -> BasinsNewton {
        BasinsNewton {
            scene: Scene::from_query("landscape=himmelblau").expect("valid scene"),
            opts: Options {
                n: side,
                steps,
                tol: 0.01,
            },
            counts: Vec::new(),
            none: 0,
        }
    }

    /// Runs the grid once.
    pub fn work(&mut self) {
        let b = basins::basins(&self.scene, Method::Newton, &self.opts)
            .expect("the benchmark scene is valid");
        self.counts = b.counts;
        self.none = b.none;
    }

    /// Σ_k (k + 1)·count_k after the last run.
    pub fn checksum(&self) -> f64 {
        self.counts
            .iter()
            .enumerate()
            .map(|(k, &c)| ((k + 1) * c) as f64)
            .sum()
    }

    /// [`BasinsNewton::work`], then [`BasinsNewton::checksum`].
    pub fn run(&mut self) -> f64 {
        self.work();
        self.checksum()
    }

    /// Starts per known minimum, and at none, after the last run.
    pub fn counts(&self) -> (&[usize], usize) {
        (&self.counts, self.none)
    }
}

/// Any workload by name, at the sizes BENCHMARKS.md reports.
#[derive(Clone, Debug)]
pub enum Workload {
    Raster(Raster),
    Density(Density),
    Step(Box<SceneStep>),
    Basins(BasinsNewton),
}

impl Workload {
    /// A name of [`WORKLOADS`] or `mixture-step-check`, at the reported size.
    pub fn new(name: &str) -> Option<Workload> {
        Some(match name {
            "raster-himmelblau" => Workload::Raster(Raster::new(LandscapeKind::Himmelblau, SIDE)),
            "raster-rastrigin" => Workload::Raster(Raster::new(LandscapeKind::Rastrigin, SIDE)),
            "raster-logistic" => Workload::Raster(Raster::new(LandscapeKind::Logistic, SIDE)),
            "mixture-density" => Workload::Density(Density::new(K, SIDE)),
            "mixture-step" => Workload::Step(Box::new(SceneStep::new(K, SAMPLES))),
            "mixture-step-check" => Workload::Step(Box::new(SceneStep::new(K, CHECK_SAMPLES))),
            "basins-newton" => Workload::Basins(BasinsNewton::new(BASINS_SIDE, BASINS_STEPS)),
            _ => {
                let (_, query) = STEP_SCENES.iter().find(|(n, _)| *n == name)?;
                Workload::Step(Box::new(SceneStep::of_scene(query)))
            }
        })
    }

    /// Does the work `iters` times (at least once), then returns the checksum once: the
    /// checksum (a sum over 512² values, a latency-bound chain) is not part of the timing.
    pub fn run(&mut self, iters: u32) -> f64 {
        for _ in 0..iters.max(1) {
            match self {
                Workload::Raster(w) => w.work(),
                Workload::Density(w) => w.work(),
                Workload::Step(w) => w.work(),
                Workload::Basins(w) => w.work(),
            }
            // Each repetition's output is observed, so no repetition can be optimised away.
            std::hint::black_box(&mut *self);
        }
        match self {
            Workload::Raster(w) => w.checksum(),
            Workload::Density(w) => w.checksum(),
            Workload::Step(w) => w.checksum(),
            Workload::Basins(w) => w.checksum(),
        }
    }
}
