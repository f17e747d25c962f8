//! The scene: one value holding every setting. The page's URL hash, the CLI's `--state` and
//! `--KEY VALUE` flags, the JSON export and the presets are all this value, read and written
//! through one key table ([`KEYS`]) so they cannot drift apart (tensorflow/playground's idea).

use crate::basins::Method;
use crate::classic::ClassicKind;
use crate::estimate::{EstimatorKind, HessianKind};
use crate::family::FamilyKind;
use crate::landscape::{LandscapeKind, Params};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Deserialize, Serialize};

/// Longest query string accepted (bounds the work any URL can cause).
pub const MAX_QUERY: usize = 8192;

/// Which classical algorithm to draw beside the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compare {
    /// The algorithm the scene's family and estimator reduce to (or none).
    Auto,
    None,
    Algo(ClassicKind),
}

/// Every setting of a run, with the URL/CLI key of each field named in [`KEYS`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    pub landscape: LandscapeKind,
    pub expr: String,
    pub cond: f64,
    pub angle: f64,
    pub family: FamilyKind,
    pub k: usize,
    pub estimator: EstimatorKind,
    pub samples: usize,
    pub gh: usize,
    pub hessian: HessianKind,
    pub lr: f64,
    pub lr_weights: f64,
    pub tau: f64,
    /// `None`: automatic (on exactly when the landscape is non-convex).
    pub improved: Option<bool>,
    pub init: [f64; 2],
    pub cov0: f64,
    pub seed: u64,
    pub steps: usize,
    pub speed: usize,
    pub compare: Compare,
    /// Plotting window [x0, x1, y0, y1]; `None`: the landscape's own domain.
    pub view: Option<[f64; 4]>,
    /// Page: the heatmap shows the target exp(−ℓ̄/τ) instead of the loss.
    pub target: bool,
    /// Page: draw contours of q's density.
    pub density: bool,
    /// Page: colour the landscape by the minimum each start reaches with this method
    /// (`None`: off).
    #[serde(default)]
    pub basins: Option<Method>,
}

impl Default for Scene {
    fn default() -> Self {
        Scene {
            landscape: LandscapeKind::Himmelblau,
            expr: "(x^2+y-11)^2 + (x+y^2-7)^2".into(),
            cond: 10.0,
            angle: 30.0,
            family: FamilyKind::Full,
            k: 4,
            estimator: EstimatorKind::Delta,
            samples: 16,
            gh: 3,
            hessian: HessianKind::Exact,
            lr: 0.1,
            lr_weights: 0.1,
            tau: 1.0,
            improved: None,
            init: [0.0, 0.0],
            cov0: 0.1,
            seed: 1,
            steps: 200,
            speed: 1,
            compare: Compare::Auto,
            view: None,
            target: false,
            density: false,
            basins: None,
        }
    }
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

/// One row of the key table.
pub struct KeyDef {
    pub name: &'static str,
    /// What values are accepted, for errors and `blr list`.
    pub accepted: &'static str,
    pub help: &'static str,
}

const fn key(name: &'static str, accepted: &'static str, help: &'static str) -> KeyDef {
    KeyDef {
        name,
        accepted,
        help,
    }
}

/// The key table: URL hash keys and CLI flags, in the order they are written.
pub const KEYS: &[KeyDef] = &[
    key(
        "landscape",
        "quadratic, rosenbrock, himmelblau, six-hump-camel, rastrigin, ackley, styblinski-tang, branin, double-banana, star, two-moons, logistic, ridge, expr",
        "the loss landscape",
    ),
    key(
        "expr",
        "a formula in x and y (+ - * / ^, sin cos tan exp log sqrt abs tanh, pi e), at most 1000 characters",
        "the formula when landscape=expr",
    ),
    key(
        "cond",
        "a number from 1 to 1e6",
        "quadratic: condition number",
    ),
    key(
        "angle",
        "a number from -360 to 360 (degrees)",
        "quadratic: rotation",
    ),
    key(
        "family",
        "fixed, diagonal, full, mixture",
        "the candidate family q",
    ),
    key(
        "k",
        "an integer from 1 to 16",
        "mixture: number of components",
    ),
    key(
        "estimator",
        "delta, mc, gauss-hermite, unscented",
        "how expectations are estimated",
    ),
    key(
        "samples",
        "an integer from 1 to 4096",
        "mc: draws per component",
    ),
    key(
        "gh",
        "an integer from 1 to 10",
        "gauss-hermite: nodes per axis",
    ),
    key(
        "hessian",
        "exact, gauss-newton, stein, square-gradient",
        "what stands in for the Hessian",
    ),
    key("lr", "a number in (0, 1]", "learning rate rho"),
    key(
        "lr_weights",
        "a number in (0, 1]",
        "mixture-weight learning rate",
    ),
    key("tau", "a number from 1e-4 to 100", "temperature tau"),
    key(
        "improved",
        "true, false, auto",
        "the improved rule's positive-definite correction",
    ),
    key(
        "init",
        "x,y with |x|, |y| <= 1e6",
        "initial mean (mixtures: centre of the starts)",
    ),
    key(
        "cov0",
        "a number from 1e-8 to 1e6",
        "initial covariance cov0*I (fixed family: the covariance)",
    ),
    key("seed", "an integer from 0 to 2^53", "random seed"),
    key("steps", "an integer from 0 to 100000", "number of steps"),
    key(
        "speed",
        "an integer from 1 to 1000",
        "page: steps per frame",
    ),
    key(
        "compare",
        "auto, none, gd, newton, ogn, rmsprop, adam, ivon",
        "the classical algorithm drawn beside the rule",
    ),
    key(
        "view",
        "auto or x0,x1,y0,y1 with x0 < x1, y0 < y1",
        "plotting window",
    ),
    key(
        "target",
        "true, false",
        "page: show the target exp(-loss/tau) instead of the loss",
    ),
    key(
        "density",
        "true, false",
        "page: draw contours of q's density",
    ),
    key(
        "basins",
        "off, gd, newton, rule",
        "page: colour each start by the minimum gradient descent, Newton or the rule reaches",
    ),
];

fn bad(key: &str, value: &str, accepted: &str) -> SceneError {
    // Keep the message one short line whatever the input: escape and truncate the value.
    let mut shown: String = value
        .chars()
        .take(40)
        .flat_map(char::escape_default)
        .collect();
    if value.chars().count() > 40 {
        shown.push('…');
    }
    SceneError {
        key: key.into(),
        message: format!("invalid value '{shown}'; accepted: {accepted}"),
    }
}

fn accepted(key: &str) -> &'static str {
    KEYS.iter()
        .find(|k| k.name == key)
        .map_or("", |k| k.accepted)
}

fn num(key: &str, v: &str, lo: f64, hi: f64, open_lo: bool) -> Result<f64, SceneError> {
    let x: f64 = v.trim().parse().map_err(|_| bad(key, v, accepted(key)))?;
    let ok = x.is_finite() && x <= hi && (x > lo || (!open_lo && x == lo));
    ok.then_some(x).ok_or_else(|| bad(key, v, accepted(key)))
}

fn int(key: &str, v: &str, lo: u64, hi: u64) -> Result<u64, SceneError> {
    let x: u64 = v.trim().parse().map_err(|_| bad(key, v, accepted(key)))?;
    (lo..=hi)
        .contains(&x)
        .then_some(x)
        .ok_or_else(|| bad(key, v, accepted(key)))
}

fn flag(key: &str, v: &str) -> Result<bool, SceneError> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(bad(key, v, accepted(key))),
    }
}

fn list(key: &str, v: &str, n: usize, lo: f64, hi: f64) -> Result<Vec<f64>, SceneError> {
    let parts: Vec<&str> = v.split(',').collect();
    if parts.len() != n {
        return Err(bad(key, v, accepted(key)));
    }
    parts
        .iter()
        .map(|p| num(key, p, lo, hi, false).map_err(|_| bad(key, v, accepted(key))))
        .collect()
}

fn pick<T: Copy>(
    key: &str,
    v: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, SceneError> {
    all.iter()
        .copied()
        .find(|&t| name(t) == v)
        .ok_or_else(|| bad(key, v, accepted(key)))
}

/// Formats a number so that it parses back to the same f64 (shortest round-trip form).
fn fmt_num(v: f64) -> String {
    if v == 0.0 || (1e-4..1e15).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

// Characters left as they are in a URL hash value; everything else is percent-encoded.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b',')
    .remove(b'~');

impl Scene {
    /// Sets one key from its text value, validating it; the error names the key and the
    /// accepted values.
    pub fn set(&mut self, key: &str, v: &str) -> Result<(), SceneError> {
        match key {
            "landscape" => self.landscape = pick(key, v, &LandscapeKind::ALL, LandscapeKind::name)?,
            "expr" => {
                // Parsed here, not only when landscape=expr, so a bad formula is never kept.
                crate::landscape::Expr::parse(v).map_err(|e| SceneError {
                    key: key.into(),
                    message: e.to_string(),
                })?;
                self.expr = v.to_string()
            }
            "cond" => self.cond = num(key, v, 1.0, 1e6, false)?,
            "angle" => self.angle = num(key, v, -360.0, 360.0, false)?,
            "family" => self.family = pick(key, v, &FamilyKind::ALL, FamilyKind::name)?,
            "k" => self.k = int(key, v, 1, 16)? as usize,
            "estimator" => self.estimator = pick(key, v, &EstimatorKind::ALL, EstimatorKind::name)?,
            "samples" => self.samples = int(key, v, 1, 4096)? as usize,
            "gh" => self.gh = int(key, v, 1, 10)? as usize,
            "hessian" => self.hessian = pick(key, v, &HessianKind::ALL, HessianKind::name)?,
            "lr" => self.lr = num(key, v, 0.0, 1.0, true)?,
            "lr_weights" => self.lr_weights = num(key, v, 0.0, 1.0, true)?,
            "tau" => self.tau = num(key, v, 1e-4, 100.0, false)?,
            "improved" => {
                self.improved = match v {
                    "auto" => None,
                    _ => Some(flag(key, v)?),
                }
            }
            "init" => {
                let p = list(key, v, 2, -1e6, 1e6)?;
                self.init = [p[0], p[1]];
            }
            "cov0" => self.cov0 = num(key, v, 1e-8, 1e6, false)?,
            "seed" => self.seed = int(key, v, 0, 1 << 53)?,
            "steps" => self.steps = int(key, v, 0, 100_000)? as usize,
            "speed" => self.speed = int(key, v, 1, 1000)? as usize,
            "compare" => {
                self.compare = match v {
                    "auto" => Compare::Auto,
                    "none" => Compare::None,
                    _ => Compare::Algo(pick(key, v, &ClassicKind::ALL, ClassicKind::name)?),
                }
            }
            "view" => {
                self.view = if v == "auto" {
                    None
                } else {
                    let p = list(key, v, 4, -1e6, 1e6)?;
                    if p[0] >= p[1] || p[2] >= p[3] {
                        return Err(bad(key, v, accepted(key)));
                    }
                    Some([p[0], p[1], p[2], p[3]])
                }
            }
            "target" => self.target = flag(key, v)?,
            "density" => self.density = flag(key, v)?,
            "basins" => {
                self.basins = match v {
                    "off" => None,
                    _ => Some(pick(key, v, &Method::ALL, Method::name)?),
                }
            }
            _ => {
                let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
                let mut shown: String = key
                    .chars()
                    .take(40)
                    .flat_map(char::escape_default)
                    .collect();
                if key.chars().count() > 40 {
                    shown.push('…');
                }
                return Err(SceneError {
                    key: shown,
                    message: format!("unknown key; accepted keys: {}", names.join(", ")),
                });
            }
        }
        Ok(())
    }

    /// The text value of one key (the inverse of [`Scene::set`]).
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "landscape" => self.landscape.name().into(),
            "expr" => self.expr.clone(),
            "cond" => fmt_num(self.cond),
            "angle" => fmt_num(self.angle),
            "family" => self.family.name().into(),
            "k" => self.k.to_string(),
            "estimator" => self.estimator.name().into(),
            "samples" => self.samples.to_string(),
            "gh" => self.gh.to_string(),
            "hessian" => self.hessian.name().into(),
            "lr" => fmt_num(self.lr),
            "lr_weights" => fmt_num(self.lr_weights),
            "tau" => fmt_num(self.tau),
            "improved" => match self.improved {
                Some(true) => "true".into(),
                Some(false) => "false".into(),
                None => "auto".into(),
            },
            "init" => format!("{},{}", fmt_num(self.init[0]), fmt_num(self.init[1])),
            "cov0" => fmt_num(self.cov0),
            "seed" => self.seed.to_string(),
            "steps" => self.steps.to_string(),
            "speed" => self.speed.to_string(),
            "compare" => match self.compare {
                Compare::Auto => "auto".into(),
                Compare::None => "none".into(),
                Compare::Algo(c) => c.name().into(),
            },
            "view" => match self.view {
                None => "auto".into(),
                Some(v) => v.map(fmt_num).join(","),
            },
            "target" => self.target.to_string(),
            "density" => self.density.to_string(),
            "basins" => self.basins.map_or("off", Method::name).into(),
            _ => return None,
        })
    }

    /// Parses a query string `k=v&k=v` (the page's URL hash without `#`), strictly: the first
    /// bad key or value is an error. Keys not given keep their defaults.
    pub fn from_query(q: &str) -> Result<Scene, SceneError> {
        let mut s = Scene::default();
        for (k, v) in pairs(q)? {
            s.set(&k, &v)?;
        }
        Ok(s)
    }

    /// Parses a query string leniently (for URLs): a bad key or value keeps its default and
    /// is reported in the returned list; a scene that cannot run falls back key by key.
    pub fn from_query_lenient(q: &str) -> (Scene, Vec<SceneError>) {
        let mut s = Scene::default();
        let mut notes = Vec::new();
        match pairs(q) {
            Ok(ps) => {
                for (k, v) in ps {
                    if let Err(e) = s.set(&k, &v) {
                        notes.push(e);
                    }
                }
            }
            Err(e) => notes.push(e),
        }
        // Cross-key checks (e.g. a malformed formula): reset the blamed key to its default;
        // when that changes nothing, fall back to the whole default scene.
        for _ in 0..KEYS.len() {
            let Err(e) = s.check() else { break };
            let d = Scene::default();
            match d.get(&e.key) {
                Some(v) if s.get(&e.key).as_ref() != Some(&v) => {
                    let _ = s.set(&e.key, &v);
                }
                _ => s = d,
            }
            notes.push(e);
        }
        (s, notes)
    }

    /// Writes the keys that differ from the defaults, in table order, percent-encoded.
    pub fn to_query(&self) -> String {
        let d = Scene::default();
        KEYS.iter()
            .filter_map(|k| {
                let v = self.get(k.name)?;
                (d.get(k.name).as_deref() != Some(&v))
                    .then(|| format!("{}={}", k.name, utf8_percent_encode(&v, VALUE)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The landscape parameters of this scene.
    pub fn params(&self) -> Params {
        Params {
            cond: self.cond,
            angle: self.angle,
            expr: self.expr.clone(),
        }
    }

    /// Whether the improved rule is on (auto: on exactly for non-convex landscapes).
    pub fn improved_on(&self, convex: bool) -> bool {
        self.improved.unwrap_or(!convex)
    }

    /// Checks the combinations that single keys cannot: a formula that must parse, a Hessian
    /// choice the landscape or estimator supports. The error names the key to change.
    pub fn check(&self) -> Result<(), SceneError> {
        crate::run::Run::new(self).map(|_| ())
    }
}

/// Splits and percent-decodes `k=v&k=v`; empty pieces are skipped.
fn pairs(q: &str) -> Result<Vec<(String, String)>, SceneError> {
    if q.len() > MAX_QUERY {
        return Err(SceneError {
            key: "state".into(),
            message: format!("query is {} bytes long; at most {MAX_QUERY}", q.len()),
        });
    }
    let q = q.strip_prefix('#').unwrap_or(q);
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_decode_str(s)
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|_| bad(k, s, "UTF-8 text, percent-encoded"))
            };
            Ok((dec(k)?, dec(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_round_trips_through_text() {
        let s = Scene::default();
        for k in KEYS {
            let v = s.get(k.name).unwrap();
            let mut t = Scene::default();
            t.set(k.name, &v).unwrap();
            assert_eq!(t, s, "{}", k.name);
        }
    }

    #[test]
    fn query_round_trips() {
        let q = "landscape=expr&expr=sin(x)%2By%5E2&family=mixture&k=5&lr=0.0001&init=1.5,-2&view=-1,1,-2,2&improved=false&compare=adam&basins=newton";
        let s = Scene::from_query(q).unwrap();
        assert_eq!(s.basins, Some(Method::Newton));
        assert_eq!(s.expr, "sin(x)+y^2");
        assert_eq!(s.lr, 1e-4);
        assert_eq!(Scene::from_query(&s.to_query()).unwrap(), s);
        assert_eq!(Scene::default().to_query(), "");
    }

    #[test]
    fn bad_values_name_the_key_and_accepted_values() {
        let e = Scene::from_query("family=gaussian").unwrap_err();
        assert_eq!(e.key, "family");
        assert!(e.message.contains("fixed, diagonal, full, mixture"), "{e}");
        for q in [
            "lr=0",
            "lr=2",
            "lr=NaN",
            "tau=inf",
            "k=17",
            "init=1",
            "view=1,0,0,1",
            "seed=-1",
            "expr=sin(x",
            "basins=on",
        ] {
            let e = Scene::from_query(q).unwrap_err();
            assert_eq!(e.key, q.split('=').next().unwrap(), "{q}");
        }
        assert!(
            Scene::from_query("bogus=1")
                .unwrap_err()
                .message
                .contains("unknown key")
        );
    }

    #[test]
    fn lenient_parse_keeps_good_keys_and_reports_bad_ones() {
        let (s, notes) = Scene::from_query_lenient("family=mixture&lr=1e400&%3Cscript%3E=1&k=3");
        assert_eq!(s.family, FamilyKind::Mixture);
        assert_eq!(s.k, 3);
        assert_eq!(s.lr, Scene::default().lr);
        let keys: Vec<&str> = notes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["lr", "<script>"]);
    }
}
