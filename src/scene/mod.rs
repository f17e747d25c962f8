//! The scene: one value holding every setting. The page's URL hash, the CLI's `--state`,
//! `--KEY VALUE` flags and `--scene FILE`, the JSON output and the presets are all this value,
//! read and written through one typed key table ([`keys::KEYS`]) so they cannot drift apart
//! (tensorflow/playground's idea, typed).
//!
//! - [`keys`]: the key table (kind, range, default text, label, help, group, effect,
//!   relevance, control hint) and `Scene::set`/`Scene::get` driven by it.
//! - [`query`]: the URL-hash form (`k=v&k=v`), strict and lenient.
//! - [`json`]: the JSON form, in the URL's vocabulary.
//!
//! [`Scene::setup`] turns a scene into what the executor ([`crate::run`]) needs; the checks
//! that single keys cannot make (a formula that must parse, a Hessian stand-in the landscape
//! or estimator supports) happen there and name the key to change.

pub mod json;
pub mod keys;
pub mod query;

use crate::classic::{Classic, ClassicKind};
use crate::estimate::{Estimator, EstimatorKind, HessianKind};
use crate::family::{Bernoulli, FamilyKind, Gaussian, Q};
use crate::landscape::data::{self, Dataset};
use crate::landscape::{Landscape, LandscapeKind, Params};
use crate::linalg::{Mat2, Vec2};
use crate::reduction::{self, Case};
use crate::rule::{Hyper, Schedule};
use crate::run::Setup;
use std::f64::consts::TAU;
use std::sync::Arc;

pub use keys::{KEYS, Key};

/// The most work one step of a Monte Carlo mixture may take: k²·samples log-density terms
/// (65,536: k = 16 with 256 samples, k = 4 with 4,096; about 5 ms natively), so that a single
/// step never blocks the page for more than a frame (README, "Limits").
pub const MAX_MIXTURE_WORK: usize = 65_536;
pub use query::MAX_QUERY;

/// The number of steps of `steps=auto` on a landscape whose loss does not change.
pub const DEFAULT_STEPS: usize = 200;

/// Which classical algorithm to draw beside the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    /// The algorithm the scene's family and estimator reduce to (or none).
    Auto,
    None,
    Algo(ClassicKind),
}

/// Which iteration the basins picture runs from every start (the scene's `basins` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasinsMethod {
    /// Gradient descent: fixed family, delta, step ρ·cov0.
    Gd,
    /// Newton's method: full family, delta, ρ = τ = 1.
    Newton,
    /// The rule with entropy: full family, the scene's estimator, τ and ρ, improved rule.
    Rule,
}

impl BasinsMethod {
    pub const ALL: [BasinsMethod; 3] = [BasinsMethod::Gd, BasinsMethod::Newton, BasinsMethod::Rule];

    pub fn name(self) -> &'static str {
        match self {
            BasinsMethod::Gd => "gd",
            BasinsMethod::Newton => "newton",
            BasinsMethod::Rule => "rule",
        }
    }

    pub fn from_name(s: &str) -> Option<BasinsMethod> {
        Self::ALL.into_iter().find(|m| m.name() == s)
    }

    /// What the page's legend calls it.
    pub fn label(self) -> &'static str {
        match self {
            BasinsMethod::Gd => "gradient descent",
            BasinsMethod::Newton => "Newton's method",
            BasinsMethod::Rule => "the rule",
        }
    }

    /// One line for the page's select and `blr list`.
    pub fn description(self) -> &'static str {
        match self {
            BasinsMethod::Gd => {
                "colour each start by the minimum gradient descent (step ρ·cov0) reaches"
            }
            BasinsMethod::Newton => {
                "colour each start by the minimum Newton's method reaches; dark grey: a saddle, a maximum or nowhere"
            }
            BasinsMethod::Rule => {
                "colour each start by the minimum the rule reaches with this scene's estimator, τ and ρ"
            }
        }
    }
}

/// The colours of the page and of figures (the scene's `theme` values): `Auto` follows the
/// reader's `prefers-color-scheme` on the page and is light in `blr figure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// One line for the page's select and `blr list`.
    pub fn description(self) -> &'static str {
        match self {
            Theme::Auto => "follow the reader's light or dark preference (figures: light)",
            Theme::Light => "dark text on white, for prose and print",
            Theme::Dark => "light text on a dark slate, for screens and projectors",
        }
    }
}

/// What the heatmap shows (the scene's `surface` values; only the dropout family reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// The loss ℓ̄.
    Loss,
    /// The dropout objective D(m) = E_z[ℓ̄(z ⊙ m)], z_i ~ Bern(p) (docs/maths.md §12).
    Dropout,
}

impl Surface {
    pub const ALL: [Surface; 2] = [Surface::Loss, Surface::Dropout];

    pub fn name(self) -> &'static str {
        match self {
            Surface::Loss => "loss",
            Surface::Dropout => "dropout",
        }
    }

    /// One line for the page's select and `blr list`.
    pub fn description(self) -> &'static str {
        match self {
            Surface::Loss => "the loss ℓ̄(θ)",
            Surface::Dropout => {
                "the dropout objective D(m) = E_z[ℓ̄(z ⊙ m)], z_i ~ Bern(p): the loss the dropout rule descends"
            }
        }
    }
}

/// Every setting of a run. Each field is one key of [`KEYS`], which says how it is named,
/// read, written, checked and shown; the defaults below are the table's default texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub landscape: LandscapeKind,
    pub expr: String,
    pub cond: f64,
    pub angle: f64,
    /// Ridge and mixture1d: noise standard deviation σ.
    pub sigma: f64,
    /// Data landscapes: prior precision δ (`None`: the model's own).
    pub prior: Option<f64>,
    /// Tracking: the random walk's drift variance q.
    pub drift: f64,
    /// Tracking: the observation noise variance r.
    pub noise: f64,
    pub family: FamilyKind,
    pub k: usize,
    pub estimator: EstimatorKind,
    pub samples: usize,
    pub gh: usize,
    pub hessian: HessianKind,
    /// Data landscapes: rows per step (0: every row).
    pub batch: usize,
    pub lr: f64,
    pub lr_weights: f64,
    /// Mixture1d: the assignments' learning rate ρ_z.
    pub lr_local: f64,
    pub tau: f64,
    /// `None`: automatic (on exactly when the landscape is non-convex).
    pub improved: Option<bool>,
    pub init: [f64; 2],
    pub cov0: f64,
    pub seed: u64,
    /// `None`: automatic, [`DEFAULT_STEPS`], or on tracking one step per row
    /// ([`Scene::steps`]).
    pub steps: Option<usize>,
    /// Page: playback speed in steps per second.
    pub speed: f64,
    pub compare: Compare,
    /// Plotting window [x0, x1, y0, y1]; `None`: the landscape's own domain.
    pub view: Option<[f64; 4]>,
    /// Page: the heatmap shows the target exp(−ℓ̄/τ) instead of the loss.
    pub target: bool,
    /// Page: draw contours of q's density.
    pub density: bool,
    /// Page: colour the landscape by the minimum each start reaches with this method
    /// (`None`: off).
    pub basins: Option<BasinsMethod>,
    /// Diagonal family: parallel or sequential coordinate updates.
    pub schedule: Schedule,
    /// Data landscapes: the user's rows (`blr run --data FILE.csv`); not a key and never in
    /// the URL; `None`: the shipped data set. The JSON form carries them (docs/design.md).
    pub data: Option<Arc<Dataset>>,
    /// Page and figures: light or dark colours (`Auto`: the reader's preference).
    pub theme: Theme,
    /// Page: a larger type scale and thicker lines (a classroom projector).
    pub projector: bool,
    /// Page: the controls a lesson link hides (`all`, or key names, comma-separated).
    pub hide: String,
    /// Bernoulli: the binary weights' magnitude a (w ∈ {−a, +a}²).
    pub scale: f64,
    /// Bernoulli with Monte Carlo: the concrete relaxation's temperature ϑ.
    pub relax: f64,
    /// Dropout family: the keep probability p of the masks z_i ~ Bern(p).
    pub keep: f64,
    /// Page, dropout family: the heatmap shows the loss or the dropout objective D.
    pub surface: Surface,
}

impl Default for Scene {
    fn default() -> Self {
        Scene {
            landscape: LandscapeKind::Himmelblau,
            expr: "(x^2+y-11)^2 + (x+y^2-7)^2".into(),
            cond: 10.0,
            angle: 30.0,
            sigma: data::RIDGE_SIGMA,
            prior: None,
            drift: data::TRACKING_DRIFT,
            noise: data::TRACKING_NOISE,
            family: FamilyKind::Full,
            k: 4,
            estimator: EstimatorKind::Delta,
            samples: 16,
            gh: 3,
            hessian: HessianKind::Exact,
            batch: 0,
            lr: 0.1,
            lr_weights: 0.1,
            lr_local: 1.0,
            tau: 1.0,
            improved: None,
            init: [0.0, 0.0],
            cov0: 0.1,
            seed: 1,
            steps: None,
            speed: 60.0,
            compare: Compare::Auto,
            view: None,
            target: false,
            density: false,
            basins: None,
            schedule: Schedule::Parallel,
            data: None,
            theme: Theme::Auto,
            projector: false,
            hide: String::new(),
            scale: 1.0,
            relax: 1.0,
            keep: 0.8,
            surface: Surface::Loss,
        }
    }
}

/// The user's rows for a data landscape from a file's bytes (`blr run --data FILE` and the
/// page's file picker share it, so both say the same): UTF-8 text read by [`Dataset::parse`]
/// for the landscape's model. The error, under the key `data`, names the file, the line and
/// the column.
pub fn read_data(
    landscape: LandscapeKind,
    file: &str,
    bytes: &[u8],
) -> Result<Dataset, SceneError> {
    let fail = |message: String| SceneError {
        key: "data".into(),
        message,
    };
    let Some(model) = landscape.model() else {
        return Err(fail(format!(
            "landscape {} takes no data; accepted with data: {}",
            landscape.name(),
            crate::landscape::data::Model::ALL
                .map(|m| format!("landscape={}", m.name()))
                .join(", ")
        )));
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        // The line of the first byte that is not UTF-8.
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        fail(format!("{file}: line {line}: not UTF-8 text"))
    })?;
    Dataset::parse(model, file, text).map_err(|e| fail(e.to_string()))
}

/// A bad key or value: names the key, what was given and what is accepted (one line).
#[derive(Clone, Debug, PartialEq)]
pub struct SceneError {
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for SceneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for SceneError {}

impl Scene {
    /// The landscape parameters of this scene.
    pub fn params(&self) -> Params {
        Params {
            cond: self.cond,
            angle: self.angle,
            expr: self.expr.clone(),
            data: self.data.clone(),
            sigma: self.sigma,
            prior: self.prior,
            drift: self.drift,
            noise: self.noise,
        }
    }

    /// The number of steps: the scene's own, or with `steps=auto` [`DEFAULT_STEPS`], and on
    /// tracking one per row of the data (each step consumes one observation).
    pub fn steps(&self) -> usize {
        self.steps.unwrap_or_else(|| match self.landscape {
            LandscapeKind::Tracking => self.rows().unwrap_or(DEFAULT_STEPS),
            _ => DEFAULT_STEPS,
        })
    }

    /// The number of rows of a data landscape's data (the user's or the shipped).
    fn rows(&self) -> Option<usize> {
        let model = self.landscape.model()?;
        Some(
            self.data
                .as_ref()
                .unwrap_or_else(|| data::shipped(model))
                .len(),
        )
    }

    /// Whether the improved rule is on (auto: on exactly for non-convex landscapes; never for
    /// Bernoulli weights, which have no precision to keep positive definite).
    pub fn improved_on(&self, convex: bool) -> bool {
        self.family != FamilyKind::Bernoulli && self.improved.unwrap_or(!convex)
    }

    /// The settings the reduction registry decides from (`convex`: the landscape's).
    pub fn case(&self, convex: bool) -> Case {
        Case {
            family: self.family,
            estimator: self.estimator,
            hessian: self.hessian,
            lr: self.lr,
            tau: self.tau,
            improved: self.improved_on(convex),
            schedule: self.schedule,
            minibatch: self.batch > 0 && self.landscape.model().is_some(),
            lr_local: (self.landscape == LandscapeKind::Mixture1d).then_some(self.lr_local),
            gh: self.gh,
            online: self.landscape == LandscapeKind::Tracking,
        }
    }

    /// The classical algorithm drawn beside the rule (`compare=auto` asks the registry).
    pub fn classic(&self, convex: bool) -> Option<ClassicKind> {
        match self.compare {
            Compare::None => None,
            Compare::Algo(c) => Some(c),
            Compare::Auto => reduction::auto_compare(&self.case(convex)),
        }
    }

    /// The landscape of this scene; a formula that does not parse names `expr`.
    pub fn landscape(&self) -> Result<Landscape, SceneError> {
        Landscape::new(self.landscape, &self.params()).map_err(|e| SceneError {
            key: "expr".into(),
            message: e.to_string(),
        })
    }

    /// The rule's hyper-parameters (improved=auto resolved by the landscape's convexity).
    pub fn hyper(&self, convex: bool) -> Hyper {
        Hyper {
            lr: self.lr,
            lr_weights: self.lr_weights,
            lr_local: self.lr_local,
            tau: self.tau,
            improved: self.improved_on(convex),
            cov0: self.cov0,
            schedule: self.schedule,
        }
    }

    /// The expectation estimator of this scene (with the dropout masks' keep probability).
    pub fn estimator(&self) -> Estimator {
        Estimator::new(self.estimator, self.samples, self.gh)
            .with_relax(self.relax)
            .with_keep(self.keep)
    }

    /// The keep probability p when the heatmap shows the dropout objective D (family=dropout
    /// and surface=dropout), else `None`: the loss.
    pub fn dropout_surface(&self) -> Option<f64> {
        (self.family == FamilyKind::Dropout && self.surface == Surface::Dropout)
            .then_some(self.keep)
    }

    /// The dropout family's expectation is over its masks z: `exact` sums the four with their
    /// probabilities, `mc` draws them (the other families' estimators: [`Scene::check_family`]).
    fn check_estimator(&self) -> Result<(), SceneError> {
        if self.family != FamilyKind::Dropout
            || matches!(self.estimator, EstimatorKind::Exact | EstimatorKind::Mc)
        {
            return Ok(());
        }
        Err(SceneError {
            key: "estimator".into(),
            message: format!(
                "{} does not apply to family=dropout: the dropout family's expectation is over its masks z (exact: the 4 masks with their probabilities; mc: masks drawn z_i ~ Bern(p)); accepted with family=dropout: exact, mc",
                self.estimator.name()
            ),
        })
    }

    /// Everything the executor needs, after the checks that single keys cannot make; the
    /// error names the key to change.
    pub fn setup(&self) -> Result<Setup, SceneError> {
        let landscape = self.landscape()?;
        self.check_family()?;
        self.check_estimator()?;
        let bernoulli = self.family == FamilyKind::Bernoulli;
        // The Hessian stand-in plays no role for a Bernoulli q (its rule needs none).
        if !bernoulli && self.hessian == HessianKind::GaussNewton && !landscape.has_gauss_newton() {
            return Err(SceneError {
                key: "hessian".into(),
                message: format!(
                    "gauss-newton is not defined for landscape {}; accepted here: exact, stein, square-gradient",
                    self.landscape.name()
                ),
            });
        }
        if !bernoulli
            && self.hessian == HessianKind::Stein
            && self.estimator == EstimatorKind::Delta
        {
            return Err(SceneError {
                key: "hessian".into(),
                message: "stein needs a sampling estimator (mc, gauss-hermite, unscented); accepted with delta: exact, gauss-newton, square-gradient".into(),
            });
        }
        if self.lr * self.tau > 1.0 + 1e-12 {
            // λ' = (1 − ρτ)λ − ρ∇…: with ρτ > 1 the step overshoots its own fixed point and
            // the precision grows each step (docs/maths.md §1, "ρτ ≤ 1").
            return Err(SceneError {
                key: "tau".into(),
                message: format!(
                    "lr·tau = {} > 1: the step would overshoot and the precision grow each step; accepted with lr = {}: tau ≤ {} (or lower lr)",
                    self.lr * self.tau,
                    self.lr,
                    1.0 / self.lr
                ),
            });
        }
        if self.family == FamilyKind::Mixture && self.estimator == EstimatorKind::Mc {
            // Each of the K·samples draws evaluates log q, a sum over the K components.
            let work = self.k * self.k * self.samples;
            if work > MAX_MIXTURE_WORK {
                return Err(SceneError {
                    key: "samples".into(),
                    message: format!(
                        "k²·samples = {}²·{} = {work} log-density terms per step; at most {MAX_MIXTURE_WORK} (one step must fit a frame of the page); accepted with k = {}: samples ≤ {} (or lower k)",
                        self.k,
                        self.samples,
                        self.k,
                        MAX_MIXTURE_WORK / (self.k * self.k)
                    ),
                });
            }
        }
        self.check_data(&landscape)?;
        self.check_online()?;
        let convex = landscape.is_convex();
        self.check_compare(convex)?;
        let init = Vec2::new(self.init[0], self.init[1]);
        Ok(Setup {
            q: self.initial_q(&landscape),
            classic: self
                .classic(convex)
                .map(|c| Classic::new(c, init, self.cov0, self.seed)),
            estimator: self.estimator(),
            hessian: self.hessian,
            hyper: self.hyper(convex),
            seed: self.seed,
            batch: self.batch,
            landscape,
        })
    }

    /// What only some families accept: `exact` needs a finite sum over the states (the
    /// Bernoulli family), which in turn takes delta, exact or mc, starts strictly inside its
    /// square and is the only family STE compares with (docs/maths.md §11).
    fn check_family(&self) -> Result<(), SceneError> {
        let err = |key: &str, message: String| {
            Err(SceneError {
                key: key.into(),
                message,
            })
        };
        let family = self.family.name();
        if self.family != FamilyKind::Bernoulli {
            if self.estimator == EstimatorKind::Exact && self.family != FamilyKind::Dropout {
                return err(
                    "estimator",
                    format!(
                        "exact sums over every state, and family {family} has a continuum of them; accepted with family={family}: delta, mc, gauss-hermite, unscented (exact: family bernoulli or dropout)"
                    ),
                );
            }
            if self.compare == Compare::Algo(ClassicKind::Ste) {
                return err(
                    "compare",
                    format!(
                        "ste trains binary weights and compares with family bernoulli only; family {family} accepts the other algorithms"
                    ),
                );
            }
            return Ok(());
        }
        if matches!(
            self.estimator,
            EstimatorKind::GaussHermite | EstimatorKind::Unscented
        ) {
            return err(
                "estimator",
                format!(
                    "{} integrates against a Gaussian, and a Bernoulli q has four states; accepted for family bernoulli: delta, exact, mc",
                    self.estimator.name()
                ),
            );
        }
        let a = self.scale;
        if self.init.iter().any(|v| v.abs() >= a) {
            return err(
                "init",
                format!(
                    "the initial mean E_q[w] = ({}, {}) must lie strictly inside the square (−a, a)² of the binary weights ±a, a = scale = {a}; accepted: x,y with |x|, |y| < {a}",
                    self.init[0], self.init[1]
                ),
            );
        }
        Ok(())
    }

    /// Some algorithms need their own landscape: EM and SVI the mixture's, the Kalman filter
    /// tracking's (and there the offline algorithms have no fixed loss to minimise).
    fn check_compare(&self, convex: bool) -> Result<(), SceneError> {
        let Some(c) = self.classic(convex) else {
            return Ok(());
        };
        let needs = match c {
            ClassicKind::Em | ClassicKind::Svi => Some(LandscapeKind::Mixture1d),
            ClassicKind::Kalman => Some(LandscapeKind::Tracking),
            _ => None,
        };
        let why = match needs {
            Some(l) if l != self.landscape => format!(
                "{} needs landscape={} (here {})",
                c.name(),
                l.name(),
                self.landscape.name()
            ),
            None if self.landscape == LandscapeKind::Tracking => format!(
                "{} minimises one fixed loss, and tracking's loss changes every step",
                c.name()
            ),
            _ => return Ok(()),
        };
        let fits = |k: &ClassicKind| match k {
            ClassicKind::Em | ClassicKind::Svi => self.landscape == LandscapeKind::Mixture1d,
            _ => k.online() == (self.landscape == LandscapeKind::Tracking),
        };
        Err(SceneError {
            key: "compare".into(),
            message: format!(
                "{why}; accepted here: auto, none, {}",
                ClassicKind::ALL
                    .iter()
                    .filter(|k| fits(k))
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }

    /// Tracking is online (docs/maths.md §13): one Gaussian q whose prior is its own last
    /// step, one observation per step, and no basins (its loss changes every step).
    fn check_online(&self) -> Result<(), SceneError> {
        if self.landscape != LandscapeKind::Tracking {
            return Ok(());
        }
        let err = |key: &str, message: String| {
            Err(SceneError {
                key: key.into(),
                message,
            })
        };
        if !matches!(
            self.family,
            FamilyKind::Full | FamilyKind::Diagonal | FamilyKind::Fixed
        ) {
            return err(
                "family",
                format!(
                    "tracking carries one Gaussian q from step to step (its predict step), and family {} is not one; accepted with landscape=tracking: full, diagonal, fixed",
                    self.family.name()
                ),
            );
        }
        if self.batch > 0 {
            return err(
                "batch",
                "tracking consumes exactly one row per step; accepted with landscape=tracking: 0"
                    .into(),
            );
        }
        if self.basins.is_some() {
            return err(
                "basins",
                "tracking's loss changes every step, so no start has one basin; accepted with landscape=tracking: off".into(),
            );
        }
        let rows = self.rows().unwrap_or(0);
        if self.steps() > rows {
            return err(
                "steps",
                format!(
                    "{} steps but the data have {rows} rows, and each step consumes one; accepted with these rows: auto or 0 to {rows}",
                    self.steps()
                ),
            );
        }
        Ok(())
    }

    /// The user's rows must be for this landscape, and a minibatch needs rows to draw from.
    fn check_data(&self, landscape: &Landscape) -> Result<(), SceneError> {
        let data_landscapes = || {
            LandscapeKind::ALL
                .iter()
                .filter(|k| k.model().is_some())
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(d) = &self.data
            && self.landscape.model() != Some(d.model)
        {
            return Err(SceneError {
                key: "data".into(),
                message: format!(
                    "{}: {} rows do not fit landscape {}; accepted with these rows: landscape={}",
                    d.file,
                    d.model.name(),
                    self.landscape.name(),
                    d.model.name()
                ),
            });
        }
        if self.batch == 0 {
            return Ok(());
        }
        let Some(term) = landscape.data() else {
            return Err(SceneError {
                key: "batch".into(),
                message: format!(
                    "minibatches need a landscape that is a sum over rows ({}); landscape {} has none: use batch=0",
                    data_landscapes(),
                    self.landscape.name()
                ),
            });
        };
        let n = term.data.len();
        if self.batch > n {
            return Err(SceneError {
                key: "batch".into(),
                message: format!(
                    "invalid value '{}'; the data have {n} rows; accepted here: 0 to {n}",
                    self.batch
                ),
            });
        }
        Ok(())
    }

    /// Checks the combinations that single keys cannot (see [`Scene::setup`]): a formula that
    /// parses, a Hessian stand-in the landscape and estimator support, ρτ ≤ 1, rows that fit.
    pub fn check(&self) -> Result<(), SceneError> {
        self.setup().map(|_| ())
    }

    /// The initial q: one Gaussian at `init`, or K components spread evenly on a circle around
    /// `init` (radius 30% of the smaller side of the domain), each with precision I/cov0.
    ///
    /// Bernoulli: the q whose mean E_q[w] is `init` (λ₀ = atanh(init/a)); [`Scene::setup`] has
    /// checked that `init` lies strictly inside the square.
    pub fn initial_q(&self, landscape: &Landscape) -> Q {
        let prec = Mat2::identity() / self.cov0;
        let centre = Vec2::new(self.init[0], self.init[1]);
        if self.family == FamilyKind::Bernoulli {
            return Q {
                kind: self.family,
                comps: Vec::new(),
                eta: Vec::new(),
                bern: Bernoulli::from_mean(centre, self.scale),
            };
        }
        let k = if self.family == FamilyKind::Mixture {
            self.k
        } else {
            1
        };
        let d = landscape.domain();
        let r = if k > 1 {
            0.3 * (d.x[1] - d.x[0]).min(d.y[1] - d.y[0])
        } else {
            0.0
        };
        let comps = (0..k)
            .map(|i| {
                let a = TAU * (i as f64 + 0.5) / k as f64;
                Gaussian {
                    mean: centre + Vec2::new(a.cos(), a.sin()) * r,
                    prec,
                }
            })
            .collect();
        Q {
            kind: self.family,
            comps,
            eta: vec![0.0; k],
            bern: None,
        }
    }
}
