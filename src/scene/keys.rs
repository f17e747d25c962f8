//! The key table: every scene key once, typed. Parsing, printing and validating a scene, the
//! error messages, the CLI's flags, `blr list`, the JSON vocabulary, the page's controls
//! (exported through the bindings) and the tune-or-restart decision all read [`KEYS`].
//! Adding a key means adding its field to [`Scene`] and one row here.

use super::{BasinsMethod, Compare, Scene, SceneError, Surface, Theme};
use crate::classic::ClassicKind;
use crate::estimate::{EstimatorKind, HessianKind};
use crate::family::FamilyKind;
use crate::landscape::LandscapeKind;
use crate::rule::Schedule;
use serde::Serialize;

/// A named value of a choice key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named {
    pub name: &'static str,
    /// What a select shows.
    pub label: &'static str,
    /// One line for `blr list` and tooltips.
    pub description: &'static str,
}

/// How a slider maps its position to the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    Linear,
    Log,
}

/// What a key's text may be.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// One of the named values (in the order `choices` lists them).
    Choice(fn() -> Vec<Named>),
    /// A finite real in [lo, hi], or (lo, hi] when `open_lo`.
    Number { lo: f64, hi: f64, open_lo: bool },
    /// `auto` (the model's own value) or a finite real in [lo, hi].
    AutoNumber { lo: f64, hi: f64 },
    /// An integer in [lo, hi].
    Integer { lo: u64, hi: u64 },
    /// `auto` (the scene's own value) or an integer in [lo, hi].
    AutoInteger { lo: u64, hi: u64 },
    /// `true` or `false`.
    Flag,
    /// Free text, checked by the row's `check`; `accepted` says what it must be.
    Text { accepted: &'static str },
    /// `x,y` with |x|, |y| ≤ bound.
    Pair { bound: f64 },
    /// `auto` or `x0,x1,y0,y1` with x0 < x1, y0 < y1 and every |·| ≤ bound.
    Window { bound: f64 },
}

/// A key's typed value (choices by index into their list).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Choice(usize),
    Number(f64),
    AutoNumber(Option<f64>),
    Integer(u64),
    AutoInteger(Option<u64>),
    Flag(bool),
    Text(String),
    Pair([f64; 2]),
    Window(Option<[f64; 4]>),
}

/// Where a key's control sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Group {
    Problem,
    #[serde(rename = "Candidate q")]
    Candidate,
    Expectations,
    Rule,
    Playback,
}

/// What changing a key mid-run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Starts again from the new scene's q₀ (a new problem, candidate, start or comparator).
    Restart,
    /// Keeps q and the step count; the next steps use the new value.
    Tune,
    /// Changes only what the page shows or how fast it plays: the run is not touched (its
    /// moments are not estimated again, so a Monte Carlo stream goes on as it was).
    Display,
}

/// The page control a key gets (`None`: set by the URL, the CLI, dragging or presets only).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "widget", rename_all = "kebab-case")]
pub enum Control {
    None,
    Select,
    Check,
    Text,
    /// A number box (e.g. the seed).
    Number,
    /// A slider over [lo, hi]; `integer` rounds its values.
    Slider {
        lo: f64,
        hi: f64,
        scale: Scale,
        integer: bool,
    },
}

/// One row of the key table.
pub struct Key {
    /// The URL key, CLI flag (`--name`) and JSON field.
    pub name: &'static str,
    pub kind: Kind,
    /// The default, as text (what `Scene::default()` holds; a test checks they agree).
    pub default: &'static str,
    /// What the page's control says.
    pub label: &'static str,
    /// One line for `blr list`, `--help` and tooltips.
    pub help: &'static str,
    pub group: Group,
    pub effect: Effect,
    /// Whether the key matters for this scene (e.g. `k` only for mixtures); the page hides
    /// controls that do not.
    pub relevant: fn(&Scene) -> bool,
    pub control: Control,
    /// A check beyond the kind's (a formula that must parse); the message says why.
    check: fn(&Value) -> Result<(), String>,
    get: fn(&Scene) -> Value,
    set: fn(&mut Scene, Value),
}

/// The choice lists of the scene's enums.
trait Choices: Copy + PartialEq + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn description(self) -> &'static str;
    fn label(self) -> &'static str {
        self.name()
    }
}

macro_rules! choices {
    ($($t:ty),*) => {$(
        impl Choices for $t {
            const ALL: &'static [Self] = &<$t>::ALL;
            fn name(self) -> &'static str {
                <$t>::name(self)
            }
            fn description(self) -> &'static str {
                <$t>::description(self)
            }
        }
    )*};
}
choices!(
    LandscapeKind,
    FamilyKind,
    EstimatorKind,
    HessianKind,
    Schedule,
    Surface
);

fn named<T: Choices>(t: T) -> Named {
    Named {
        name: t.name(),
        label: t.label(),
        description: t.description(),
    }
}

fn all<T: Choices>() -> Vec<Named> {
    T::ALL.iter().map(|&t| named(t)).collect()
}

fn index<T: Choices>(t: T) -> Value {
    Value::Choice(T::ALL.iter().position(|&x| x == t).unwrap_or(0))
}

fn nth<T: Choices>(v: &Value) -> T {
    match v {
        Value::Choice(i) => T::ALL.get(*i).copied().unwrap_or(T::ALL[0]),
        _ => T::ALL[0],
    }
}

fn n(name: &'static str, label: &'static str, description: &'static str) -> Named {
    Named {
        name,
        label,
        description,
    }
}

fn improved_choices() -> Vec<Named> {
    vec![
        n(
            "auto",
            "auto (on when non-convex)",
            "on exactly when the landscape is non-convex",
        ),
        n(
            "true",
            "on",
            "keep every precision positive definite (Lin, Schmidt, Khan 2020)",
        ),
        n(
            "false",
            "off",
            "the plain rule: stops with a reason if a precision breaks",
        ),
    ]
}

fn compare_choices() -> Vec<Named> {
    let mut v = vec![
        n(
            "auto",
            "auto",
            "the algorithm this family and estimator reduce to, if any",
        ),
        n("none", "none", "no classical comparison"),
    ];
    v.extend(
        ClassicKind::ALL
            .iter()
            .map(|k| n(k.name(), k.name(), k.description())),
    );
    v
}

fn basins_choices() -> Vec<Named> {
    let mut v = vec![n("off", "off", "no basins picture")];
    v.extend(
        BasinsMethod::ALL
            .iter()
            .map(|m| n(m.name(), m.label(), m.description())),
    );
    v
}

fn theme_choices() -> Vec<Named> {
    Theme::ALL
        .iter()
        .map(|t| n(t.name(), t.name(), t.description()))
        .collect()
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        _ => f64::NAN,
    }
}

fn int(v: &Value) -> u64 {
    match v {
        Value::Integer(x) => *x,
        _ => 0,
    }
}

fn flag(v: &Value) -> bool {
    matches!(v, Value::Flag(true))
}

fn choice(v: &Value) -> usize {
    match v {
        Value::Choice(i) => *i,
        _ => 0,
    }
}

const fn always(_: &Scene) -> bool {
    true
}

fn no_check(_: &Value) -> Result<(), String> {
    Ok(())
}

const fn slider(lo: f64, hi: f64, scale: Scale) -> Control {
    Control::Slider {
        lo,
        hi,
        scale,
        integer: false,
    }
}

const fn int_slider(lo: f64, hi: f64, scale: Scale) -> Control {
    Control::Slider {
        lo,
        hi,
        scale,
        integer: true,
    }
}

/// The table, in the order keys are written in a URL.
pub static KEYS: &[Key] = &[
    Key {
        name: "landscape",
        kind: Kind::Choice(all::<LandscapeKind>),
        default: "himmelblau",
        label: "Landscape",
        help: "the loss landscape",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: always,
        control: Control::Select,
        check: no_check,
        get: |s| index(s.landscape),
        set: |s, v| s.landscape = nth(&v),
    },
    Key {
        name: "expr",
        kind: Kind::Text {
            accepted: "a formula in x and y (+ - * / ^, sin cos tan exp log sqrt abs tanh, pi e), at most 1000 characters",
        },
        default: "(x^2+y-11)^2 + (x+y^2-7)^2",
        label: "Formula ℓ̄(x, y)",
        help: "the formula when landscape=expr",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| s.landscape == LandscapeKind::Expr,
        control: Control::Text,
        // Parsed whenever it is set, not only when landscape=expr, so a bad formula is
        // never kept.
        check: |v| match v {
            Value::Text(t) => crate::landscape::Expr::parse(t)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            _ => Ok(()),
        },
        get: |s| Value::Text(s.expr.clone()),
        set: |s, v| {
            if let Value::Text(t) = v {
                s.expr = t
            }
        },
    },
    Key {
        name: "cond",
        kind: Kind::Number {
            lo: 1.0,
            hi: 1e6,
            open_lo: false,
        },
        default: "10",
        label: "Condition number",
        help: "quadratic: condition number",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| s.landscape == LandscapeKind::Quadratic,
        control: Control::None,
        check: no_check,
        get: |s| Value::Number(s.cond),
        set: |s, v| s.cond = num(&v),
    },
    Key {
        name: "angle",
        kind: Kind::Number {
            lo: -360.0,
            hi: 360.0,
            open_lo: false,
        },
        default: "30",
        label: "Rotation (degrees)",
        help: "quadratic: rotation",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| s.landscape == LandscapeKind::Quadratic,
        control: Control::None,
        check: no_check,
        get: |s| Value::Number(s.angle),
        set: |s, v| s.angle = num(&v),
    },
    Key {
        name: "sigma",
        kind: Kind::Number {
            lo: 1e-3,
            hi: 1e3,
            open_lo: false,
        },
        default: "0.5",
        label: "Noise sd σ",
        help: "ridge: noise standard deviation sigma of y = x·θ + sigma·ε; mixture1d: each component's known sd",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| matches!(s.landscape, LandscapeKind::Ridge | LandscapeKind::Mixture1d),
        control: slider(1e-2, 10.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.sigma),
        set: |s, v| s.sigma = num(&v),
    },
    Key {
        name: "prior",
        kind: Kind::AutoNumber { lo: 1e-6, hi: 1e6 },
        default: "auto",
        label: "Prior precision δ",
        help: "logistic, ridge, mixture1d: prior precision delta of θ ~ N(0, I/delta) (auto: 0.01 logistic, 1 ridge, 0.1 mixture1d)",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| s.landscape.model().is_some() && s.landscape != LandscapeKind::Tracking,
        // A text box: `auto` or a number (a slider cannot say auto).
        control: Control::Text,
        check: no_check,
        get: |s| Value::AutoNumber(s.prior),
        set: |s, v| {
            if let Value::AutoNumber(p) = v {
                s.prior = p
            }
        },
    },
    Key {
        name: "drift",
        kind: Kind::Number {
            lo: 0.0,
            hi: 100.0,
            open_lo: false,
        },
        default: "0.1",
        label: "Drift variance q",
        help: "tracking: variance q of the random walk's step, θ_t = θ_{t−1} + w_t, w_t ~ N(0, q·I) (0: a target that stands still)",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| s.landscape == LandscapeKind::Tracking,
        control: slider(1e-4, 10.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.drift),
        set: |s, v| s.drift = num(&v),
    },
    Key {
        name: "noise",
        kind: Kind::Number {
            lo: 1e-6,
            hi: 1e4,
            open_lo: false,
        },
        default: "0.25",
        label: "Noise variance r",
        help: "tracking: variance r of each observation, y_t = θ_t + v_t, v_t ~ N(0, r·I)",
        group: Group::Problem,
        effect: Effect::Restart,
        relevant: |s| s.landscape == LandscapeKind::Tracking,
        control: slider(1e-3, 10.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.noise),
        set: |s, v| s.noise = num(&v),
    },
    Key {
        name: "family",
        kind: Kind::Choice(all::<FamilyKind>),
        default: "full",
        label: "Family",
        help: "the candidate family q",
        group: Group::Candidate,
        effect: Effect::Restart,
        relevant: always,
        control: Control::Select,
        check: no_check,
        get: |s| index(s.family),
        set: |s, v| s.family = nth(&v),
    },
    Key {
        name: "k",
        kind: Kind::Integer { lo: 1, hi: 16 },
        default: "4",
        label: "Components K",
        help: "mixture: number of components",
        group: Group::Candidate,
        effect: Effect::Restart,
        relevant: |s| s.family == FamilyKind::Mixture,
        control: int_slider(1.0, 16.0, Scale::Linear),
        check: no_check,
        get: |s| Value::Integer(s.k as u64),
        set: |s, v| s.k = int(&v) as usize,
    },
    Key {
        name: "estimator",
        kind: Kind::Choice(all::<EstimatorKind>),
        default: "delta",
        label: "Estimator",
        help: "how expectations are estimated",
        group: Group::Expectations,
        effect: Effect::Tune,
        relevant: always,
        control: Control::Select,
        check: no_check,
        get: |s| index(s.estimator),
        set: |s, v| s.estimator = nth(&v),
    },
    Key {
        name: "samples",
        kind: Kind::Integer { lo: 1, hi: 4096 },
        default: "16",
        label: "Monte Carlo samples",
        help: "mc: draws per component",
        group: Group::Expectations,
        effect: Effect::Tune,
        relevant: |s| s.estimator == EstimatorKind::Mc,
        control: int_slider(1.0, 4096.0, Scale::Log),
        check: no_check,
        get: |s| Value::Integer(s.samples as u64),
        set: |s, v| s.samples = int(&v) as usize,
    },
    Key {
        name: "gh",
        kind: Kind::Integer { lo: 1, hi: 10 },
        default: "3",
        label: "Gauss–Hermite nodes per axis",
        help: "gauss-hermite: nodes per axis",
        group: Group::Expectations,
        effect: Effect::Tune,
        relevant: |s| s.estimator == EstimatorKind::GaussHermite,
        control: int_slider(1.0, 10.0, Scale::Linear),
        check: no_check,
        get: |s| Value::Integer(s.gh as u64),
        set: |s, v| s.gh = int(&v) as usize,
    },
    Key {
        name: "hessian",
        kind: Kind::Choice(all::<HessianKind>),
        default: "exact",
        label: "Hessian",
        help: "what stands in for the Hessian",
        group: Group::Expectations,
        effect: Effect::Tune,
        relevant: |s| {
            !matches!(
                s.family,
                FamilyKind::Fixed | FamilyKind::Bernoulli | FamilyKind::Dropout
            )
        },
        control: Control::Select,
        check: no_check,
        get: |s| index(s.hessian),
        set: |s, v| s.hessian = nth(&v),
    },
    Key {
        name: "batch",
        kind: Kind::Integer {
            lo: 0,
            hi: crate::landscape::data::MAX_ROWS as u64,
        },
        default: "0",
        label: "Minibatch rows b (0: all)",
        help: "logistic, ridge, mixture1d: rows per step, drawn without replacement, loss scaled N/b (0: every row)",
        group: Group::Expectations,
        effect: Effect::Restart,
        relevant: |s| s.landscape.model().is_some() && s.landscape != LandscapeKind::Tracking,
        control: Control::Number,
        check: no_check,
        get: |s| Value::Integer(s.batch as u64),
        set: |s, v| s.batch = int(&v) as usize,
    },
    Key {
        name: "lr",
        kind: Kind::Number {
            lo: 0.0,
            hi: 1.0,
            open_lo: true,
        },
        default: "0.1",
        label: "Learning rate ρ",
        help: "learning rate rho",
        group: Group::Rule,
        effect: Effect::Tune,
        relevant: always,
        control: slider(1e-4, 1.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.lr),
        set: |s, v| s.lr = num(&v),
    },
    Key {
        name: "lr_weights",
        kind: Kind::Number {
            lo: 0.0,
            hi: 1.0,
            open_lo: true,
        },
        default: "0.1",
        label: "Mixture-weight rate ρπ",
        help: "mixture-weight learning rate",
        group: Group::Rule,
        effect: Effect::Tune,
        relevant: |s| s.family == FamilyKind::Mixture,
        control: slider(1e-4, 1.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.lr_weights),
        set: |s, v| s.lr_weights = num(&v),
    },
    Key {
        name: "lr_local",
        kind: Kind::Number {
            lo: 0.0,
            hi: 1.0,
            open_lo: true,
        },
        default: "1",
        label: "Local rate ρz",
        help: "mixture1d: learning rate of the assignments' q(z_n), mixing their log-odds (1: EM's E-step)",
        group: Group::Rule,
        effect: Effect::Tune,
        relevant: |s| s.landscape == LandscapeKind::Mixture1d,
        control: slider(1e-3, 1.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.lr_local),
        set: |s, v| s.lr_local = num(&v),
    },
    Key {
        name: "tau",
        kind: Kind::Number {
            lo: 1e-4,
            hi: 100.0,
            open_lo: false,
        },
        default: "1",
        label: "Temperature τ",
        help: "temperature tau",
        group: Group::Rule,
        effect: Effect::Tune,
        relevant: always,
        control: slider(1e-3, 10.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.tau),
        set: |s, v| s.tau = num(&v),
    },
    Key {
        name: "improved",
        kind: Kind::Choice(improved_choices),
        default: "auto",
        label: "Improved rule (keeps S ≻ 0)",
        help: "the improved rule's positive-definite correction",
        group: Group::Candidate,
        effect: Effect::Tune,
        relevant: |s| {
            !matches!(
                s.family,
                FamilyKind::Fixed | FamilyKind::Bernoulli | FamilyKind::Dropout
            )
        },
        control: Control::Select,
        check: no_check,
        get: |s| {
            Value::Choice(match s.improved {
                None => 0,
                Some(true) => 1,
                Some(false) => 2,
            })
        },
        set: |s, v| {
            s.improved = match choice(&v) {
                1 => Some(true),
                2 => Some(false),
                _ => None,
            }
        },
    },
    Key {
        name: "init",
        kind: Kind::Pair { bound: 1e6 },
        default: "0,0",
        label: "Start",
        help: "initial mean (mixtures: centre of the starts; bernoulli: E_q[w], strictly inside the square)",
        group: Group::Candidate,
        effect: Effect::Restart,
        relevant: always,
        control: Control::None,
        check: no_check,
        get: |s| Value::Pair(s.init),
        set: |s, v| {
            if let Value::Pair(p) = v {
                s.init = p
            }
        },
    },
    Key {
        name: "cov0",
        kind: Kind::Number {
            lo: 1e-8,
            hi: 1e6,
            open_lo: false,
        },
        default: "0.1",
        label: "Initial covariance",
        help: "initial covariance cov0*I (fixed family: the covariance; dropout: the step is lr*cov0)",
        group: Group::Candidate,
        effect: Effect::Restart,
        relevant: |s| s.family != FamilyKind::Bernoulli,
        control: slider(1e-3, 100.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.cov0),
        set: |s, v| s.cov0 = num(&v),
    },
    Key {
        name: "seed",
        kind: Kind::Integer { lo: 0, hi: 1 << 53 },
        default: "1",
        label: "Seed",
        help: "random seed",
        group: Group::Expectations,
        effect: Effect::Restart,
        relevant: always,
        control: Control::Number,
        check: no_check,
        get: |s| Value::Integer(s.seed),
        set: |s, v| s.seed = int(&v),
    },
    Key {
        name: "steps",
        // 10⁶: the page keeps a thinned history (src/page/history.rs), flat in memory.
        kind: Kind::AutoInteger {
            lo: 0,
            hi: 1_000_000,
        },
        default: "auto",
        label: "Steps",
        help: "number of steps (auto: 200; tracking: one per row of the data)",
        group: Group::Playback,
        effect: Effect::Display,
        relevant: always,
        control: Control::None,
        check: no_check,
        get: |s| Value::AutoInteger(s.steps.map(|n| n as u64)),
        set: |s, v| {
            if let Value::AutoInteger(n) = v {
                s.steps = n.map(|n| n as usize)
            }
        },
    },
    Key {
        name: "speed",
        // Steps per second: 0.5 for a class to follow one step at a time, up to 60,000 (1,000
        // steps in each frame of a 60 Hz screen); the frame budget may give fewer.
        kind: Kind::Number {
            lo: 0.5,
            hi: 60_000.0,
            open_lo: false,
        },
        default: "60",
        label: "Speed (steps per second)",
        help: "page: playback speed in steps per second",
        group: Group::Playback,
        effect: Effect::Display,
        relevant: always,
        control: slider(0.5, 60_000.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.speed),
        set: |s, v| s.speed = num(&v),
    },
    Key {
        name: "compare",
        kind: Kind::Choice(compare_choices),
        default: "auto",
        label: "Compare with",
        help: "the classical algorithm drawn beside the rule",
        group: Group::Rule,
        effect: Effect::Restart,
        relevant: always,
        control: Control::Select,
        check: no_check,
        get: |s| {
            Value::Choice(match s.compare {
                Compare::Auto => 0,
                Compare::None => 1,
                Compare::Algo(c) => 2 + ClassicKind::ALL.iter().position(|&x| x == c).unwrap_or(0),
            })
        },
        set: |s, v| {
            s.compare = match choice(&v) {
                0 => Compare::Auto,
                1 => Compare::None,
                i => ClassicKind::ALL
                    .get(i - 2)
                    .map_or(Compare::Auto, |&c| Compare::Algo(c)),
            }
        },
    },
    Key {
        name: "view",
        kind: Kind::Window { bound: 1e6 },
        default: "auto",
        label: "Plotting window",
        help: "plotting window",
        group: Group::Problem,
        effect: Effect::Display,
        relevant: always,
        control: Control::None,
        check: no_check,
        get: |s| Value::Window(s.view),
        set: |s, v| {
            if let Value::Window(w) = v {
                s.view = w
            }
        },
    },
    Key {
        name: "target",
        kind: Kind::Flag,
        default: "false",
        label: "Heatmap shows the target exp(−ℓ̄/τ)",
        help: "page: show the target exp(-loss/tau) instead of the loss",
        group: Group::Problem,
        effect: Effect::Display,
        relevant: always,
        control: Control::Check,
        check: no_check,
        get: |s| Value::Flag(s.target),
        set: |s, v| s.target = flag(&v),
    },
    Key {
        name: "density",
        kind: Kind::Flag,
        default: "false",
        label: "Draw q's density contours",
        help: "page: draw contours of q's density",
        group: Group::Candidate,
        effect: Effect::Display,
        relevant: always,
        control: Control::Check,
        check: no_check,
        get: |s| Value::Flag(s.density),
        set: |s, v| s.density = flag(&v),
    },
    Key {
        name: "basins",
        kind: Kind::Choice(basins_choices),
        default: "off",
        label: "Basins of attraction",
        help: "page: colour each start by the minimum gradient descent, Newton or the rule reaches",
        group: Group::Problem,
        effect: Effect::Display,
        relevant: always,
        control: Control::Select,
        check: no_check,
        get: |s| {
            Value::Choice(s.basins.map_or(0, |m| {
                1 + BasinsMethod::ALL.iter().position(|&x| x == m).unwrap_or(0)
            }))
        },
        set: |s, v| {
            s.basins = match choice(&v) {
                0 => None,
                i => BasinsMethod::ALL.get(i - 1).copied(),
            }
        },
    },
    Key {
        name: "schedule",
        kind: Kind::Choice(all::<Schedule>),
        default: "parallel",
        label: "Coordinate schedule",
        help: "diagonal: update both coordinates at once, or one at a time (VMP; CAVI at ρ = 1)",
        group: Group::Rule,
        effect: Effect::Tune,
        relevant: |s| s.family == FamilyKind::Diagonal,
        control: Control::Select,
        check: no_check,
        get: |s| index(s.schedule),
        set: |s, v| s.schedule = nth(&v),
    },
    Key {
        name: "scale",
        kind: Kind::Number {
            lo: 1e-3,
            hi: 1e3,
            open_lo: false,
        },
        default: "1",
        label: "Binary weights ±a",
        help: "bernoulli: the binary weights' magnitude a, w in {-a, +a}^2",
        group: Group::Candidate,
        effect: Effect::Restart,
        relevant: |s| s.family == FamilyKind::Bernoulli,
        control: slider(0.1, 10.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.scale),
        set: |s, v| s.scale = num(&v),
    },
    Key {
        name: "relax",
        kind: Kind::Number {
            lo: 1e-10,
            hi: 10.0,
            open_lo: false,
        },
        default: "1",
        label: "Relaxation temperature ϑ",
        help: "bernoulli with mc: temperature of the concrete (Gumbel-softmax) relaxation w = a·tanh((λ+δ)/ϑ)",
        group: Group::Expectations,
        effect: Effect::Tune,
        relevant: |s| s.family == FamilyKind::Bernoulli && s.estimator == EstimatorKind::Mc,
        control: slider(1e-3, 10.0, Scale::Log),
        check: no_check,
        get: |s| Value::Number(s.relax),
        set: |s, v| s.relax = num(&v),
    },
    Key {
        name: "theme",
        kind: Kind::Choice(theme_choices),
        default: "auto",
        label: "Theme",
        help: "page and figures: light or dark colours (auto: the reader's preference; figures: light)",
        group: Group::Playback,
        effect: Effect::Display,
        relevant: always,
        control: Control::Select,
        check: no_check,
        get: |s| Value::Choice(Theme::ALL.iter().position(|&t| t == s.theme).unwrap_or(0)),
        set: |s, v| s.theme = Theme::ALL.get(choice(&v)).copied().unwrap_or(Theme::Auto),
    },
    Key {
        name: "projector",
        kind: Kind::Flag,
        default: "false",
        label: "Projector (large type, thick lines)",
        help: "page: a larger type scale and thicker lines, for a classroom projector",
        group: Group::Playback,
        effect: Effect::Display,
        relevant: always,
        control: Control::Check,
        check: no_check,
        get: |s| Value::Flag(s.projector),
        set: |s, v| s.projector = flag(&v),
    },
    Key {
        name: "hide",
        kind: Kind::Text {
            accepted: "all, or a comma-separated list of keys with a page control (e.g. lr,tau)",
        },
        default: "",
        label: "Hidden controls",
        help: "page: the controls a lesson link hides (all: every control; the transport stays)",
        group: Group::Playback,
        effect: Effect::Display,
        relevant: always,
        control: Control::None,
        check: |v| match v {
            Value::Text(t) => check_hide(t),
            _ => Ok(()),
        },
        get: |s| Value::Text(s.hide.clone()),
        set: |s, v| {
            if let Value::Text(t) = v {
                s.hide = t
            }
        },
    },
    Key {
        name: "keep",
        kind: Kind::Number {
            lo: 0.0,
            hi: 1.0,
            open_lo: true,
        },
        default: "0.8",
        label: "Keep probability p",
        help: "dropout: keep probability p of each weight's mask z_i ~ Bern(p) (1: no dropout)",
        group: Group::Candidate,
        effect: Effect::Tune,
        relevant: |s| s.family == FamilyKind::Dropout,
        control: slider(0.05, 1.0, Scale::Linear),
        check: no_check,
        get: |s| Value::Number(s.keep),
        set: |s, v| s.keep = num(&v),
    },
    Key {
        name: "surface",
        kind: Kind::Choice(all::<Surface>),
        default: "loss",
        label: "Heatmap shows",
        help: "page, dropout: the heatmap shows the loss or the dropout objective D(m) = E_z[loss(z*m)]",
        group: Group::Problem,
        effect: Effect::Tune,
        relevant: |s| s.family == FamilyKind::Dropout,
        control: Control::Select,
        check: no_check,
        get: |s| index(s.surface),
        set: |s, v| s.surface = nth(&v),
    },
];

/// `hide`: empty, `all`, or names of keys that have a page control; the error names every
/// name that is not one.
fn check_hide(text: &str) -> Result<(), String> {
    if text.is_empty() || text == "all" {
        return Ok(());
    }
    let controlled = || KEYS.iter().filter(|k| k.control != Control::None);
    let unknown: Vec<String> = text
        .split(',')
        .filter(|n| !controlled().any(|k| k.name == *n))
        .map(|n| format!("'{}'", shown(n)))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = controlled().map(|k| k.name).collect();
    Err(format!(
        "no control named {}; accepted: all, or a comma-separated list of {}",
        unknown.join(", "),
        names.join(", ")
    ))
}

/// The row of a key.
pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// Formats a number so that it parses back to the same f64 (shortest round-trip form).
pub fn fmt_num(v: f64) -> String {
    if v == 0.0 || (1e-4..1e15).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// A bound as the accepted-values prose writes it (2^53 rather than 16 digits).
fn fmt_bound(v: f64) -> String {
    if v == (1u64 << 53) as f64 {
        "2^53".into()
    } else if v != 0.0 && !(1e-2..1e4).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        fmt_num(v)
    }
}

/// Shows a user's text in a one-line message: escaped and at most 40 characters.
pub fn shown(value: &str) -> String {
    let mut s: String = value
        .chars()
        .take(40)
        .flat_map(char::escape_default)
        .collect();
    if value.chars().count() > 40 {
        s.push('…');
    }
    s
}

impl Key {
    /// The named values of a choice key (empty for other kinds).
    pub fn choices(&self) -> Vec<Named> {
        match self.kind {
            Kind::Choice(f) => f(),
            _ => Vec::new(),
        }
    }

    /// What values are accepted, for errors, `--help` and `blr list`.
    pub fn accepted(&self) -> String {
        match self.kind {
            Kind::Choice(_) => self
                .choices()
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", "),
            Kind::Number { lo, hi, open_lo } if open_lo => {
                format!("a number in ({}, {}]", fmt_bound(lo), fmt_bound(hi))
            }
            Kind::Number { lo, hi, .. } => {
                format!("a number from {} to {}", fmt_bound(lo), fmt_bound(hi))
            }
            Kind::AutoNumber { lo, hi } => {
                format!(
                    "auto or a number from {} to {}",
                    fmt_bound(lo),
                    fmt_bound(hi)
                )
            }
            Kind::Integer { lo, hi } => format!(
                "an integer from {} to {}",
                fmt_bound(lo as f64),
                fmt_bound(hi as f64)
            ),
            Kind::AutoInteger { lo, hi } => format!(
                "auto or an integer from {} to {}",
                fmt_bound(lo as f64),
                fmt_bound(hi as f64)
            ),
            Kind::Flag => "true, false".into(),
            Kind::Text { accepted } => accepted.into(),
            Kind::Pair { bound } => format!("x,y with |x|, |y| <= {}", fmt_bound(bound)),
            Kind::Window { .. } => "auto or x0,x1,y0,y1 with x0 < x1, y0 < y1".into(),
        }
    }

    fn bad(&self, v: &str) -> SceneError {
        SceneError {
            key: self.name.into(),
            message: format!(
                "invalid value '{}'; accepted: {}",
                shown(v),
                self.accepted()
            ),
        }
    }

    /// Reads a value from its text, validating it against the kind and the row's check.
    pub fn parse(&self, v: &str) -> Result<Value, SceneError> {
        let number = |t: &str, lo: f64, hi: f64, open_lo: bool| -> Option<f64> {
            let x: f64 = t.trim().parse().ok()?;
            (x.is_finite() && x <= hi && (x > lo || (!open_lo && x == lo))).then_some(x)
        };
        let list = |n: usize, bound: f64| -> Option<Vec<f64>> {
            let parts: Vec<&str> = v.split(',').collect();
            (parts.len() == n)
                .then(|| {
                    parts
                        .iter()
                        .map(|p| number(p, -bound, bound, false))
                        .collect()
                })
                .flatten()
        };
        let integer = |t: &str, lo: u64, hi: u64| -> Option<u64> {
            t.trim()
                .parse::<u64>()
                .ok()
                .filter(|x| (lo..=hi).contains(x))
        };
        let value = match self.kind {
            Kind::Choice(f) => f().iter().position(|c| c.name == v).map(Value::Choice),
            Kind::Number { lo, hi, open_lo } => number(v, lo, hi, open_lo).map(Value::Number),
            Kind::AutoNumber { lo, hi } => match v {
                "auto" => Some(Value::AutoNumber(None)),
                _ => number(v, lo, hi, false).map(|x| Value::AutoNumber(Some(x))),
            },
            Kind::Integer { lo, hi } => integer(v, lo, hi).map(Value::Integer),
            Kind::AutoInteger { lo, hi } => match v {
                "auto" => Some(Value::AutoInteger(None)),
                _ => integer(v, lo, hi).map(|x| Value::AutoInteger(Some(x))),
            },
            Kind::Flag => match v {
                "true" => Some(Value::Flag(true)),
                "false" => Some(Value::Flag(false)),
                _ => None,
            },
            Kind::Text { .. } => Some(Value::Text(v.to_string())),
            Kind::Pair { bound } => list(2, bound).map(|p| Value::Pair([p[0], p[1]])),
            Kind::Window { bound } => {
                if v == "auto" {
                    Some(Value::Window(None))
                } else {
                    list(4, bound)
                        .filter(|p| p[0] < p[1] && p[2] < p[3])
                        .map(|p| Value::Window(Some([p[0], p[1], p[2], p[3]])))
                }
            }
        }
        .ok_or_else(|| self.bad(v))?;
        (self.check)(&value).map_err(|message| SceneError {
            key: self.name.into(),
            message,
        })?;
        Ok(value)
    }

    /// Writes a value as text (the inverse of [`Key::parse`]).
    pub fn print(&self, v: &Value) -> String {
        match v {
            Value::Choice(i) => self
                .choices()
                .get(*i)
                .map_or_else(String::new, |c| c.name.to_string()),
            Value::Number(x) | Value::AutoNumber(Some(x)) => fmt_num(*x),
            Value::AutoNumber(None) => "auto".into(),
            Value::Integer(x) | Value::AutoInteger(Some(x)) => x.to_string(),
            Value::AutoInteger(None) => "auto".into(),
            Value::Flag(b) => b.to_string(),
            Value::Text(t) => t.clone(),
            Value::Pair(p) => p.map(fmt_num).join(","),
            Value::Window(None) => "auto".into(),
            Value::Window(Some(w)) => w.map(fmt_num).join(","),
        }
    }

    /// The key's typed value in a scene.
    pub fn value(&self, scene: &Scene) -> Value {
        (self.get)(scene)
    }
}

impl Scene {
    /// Sets one key from its text value, validating it; the error names the key and the
    /// accepted values.
    pub fn set(&mut self, key: &str, v: &str) -> Result<(), SceneError> {
        let Some(k) = find(key) else {
            let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            return Err(SceneError {
                key: if key.is_empty() {
                    "(empty key)".into()
                } else {
                    shown(key)
                },
                message: format!("unknown key; accepted keys: {}", names.join(", ")),
            });
        };
        let value = k.parse(v)?;
        (k.set)(self, value);
        Ok(())
    }

    /// The text value of one key (the inverse of [`Scene::set`]).
    pub fn get(&self, key: &str) -> Option<String> {
        find(key).map(|k| k.print(&k.value(self)))
    }

    /// The keys whose value differs between the two scenes.
    pub fn changed(&self, other: &Scene) -> impl Iterator<Item = &'static Key> {
        KEYS.iter().filter(move |k| k.value(self) != k.value(other))
    }

    /// Whether the key matters for this scene (the page hides the others).
    pub fn relevant(&self, key: &Key) -> bool {
        (key.relevant)(self)
    }
}

impl Scene {
    /// The scene with every key that does not matter for it (its row's `relevant` is false,
    /// e.g. `k` outside mixtures) back at its default: two scenes that differ only in such
    /// keys give the same run.
    pub fn relevant_only(&self) -> Scene {
        let d = Scene::default();
        let mut s = self.clone();
        for key in KEYS.iter().filter(|k| !(k.relevant)(self)) {
            (key.set)(&mut s, (key.get)(&d));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_text_is_the_default_scene() {
        let d = Scene::default();
        for k in KEYS {
            assert_eq!(d.get(k.name).as_deref(), Some(k.default), "{}", k.name);
            let mut s = Scene::default();
            s.set(k.name, k.default).unwrap();
            assert_eq!(s, d, "{}", k.name);
        }
    }

    #[test]
    fn names_are_unique_and_every_choice_round_trips() {
        for (i, k) in KEYS.iter().enumerate() {
            assert!(KEYS[..i].iter().all(|o| o.name != k.name), "{}", k.name);
            for c in k.choices() {
                let mut s = Scene::default();
                s.set(k.name, c.name).unwrap();
                assert_eq!(s.get(k.name).as_deref(), Some(c.name), "{}", k.name);
            }
        }
    }

    #[test]
    fn accepted_prose_is_generated_from_the_kind() {
        let acc = |k: &str| find(k).unwrap().accepted();
        assert_eq!(
            acc("family"),
            "fixed, diagonal, full, mixture, bernoulli, dropout"
        );
        assert_eq!(acc("keep"), "a number in (0, 1]");
        assert_eq!(acc("surface"), "loss, dropout");
        assert_eq!(acc("lr"), "a number in (0, 1]");
        assert_eq!(acc("tau"), "a number from 1e-4 to 100");
        assert_eq!(acc("seed"), "an integer from 0 to 2^53");
        assert_eq!(acc("cov0"), "a number from 1e-8 to 1e6");
        assert_eq!(acc("improved"), "auto, true, false");
        assert_eq!(acc("prior"), "auto or a number from 1e-6 to 1e6");
        assert_eq!(acc("basins"), "off, gd, newton, rule");
        assert_eq!(
            acc("compare"),
            "auto, none, gd, sgd, newton, ogn, vogn, rmsprop, adam, ivon, cavi, em, svi, ste, dropout-sgd, kalman"
        );
        assert_eq!(acc("steps"), "auto or an integer from 0 to 1e6");
    }

    #[test]
    fn an_empty_key_is_named_as_such() {
        let e = Scene::default().set("", "1").unwrap_err();
        assert_eq!(e.key, "(empty key)");
    }
}
