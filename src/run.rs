//! The executor: owns q, the estimator, the seeded generator and the classical comparator, and
//! advances them one step at a time with divergence checks. A diverged run stops with a
//! reason; it never produces NaN silently.

use crate::classic::{Classic, ClassicHyper, ClassicKind};
use crate::estimate::{
    EstimateError, Estimator, HessianKind, Moments, SeededRng, Workspace, expectations, seeded,
};
use crate::estimate::{EstimatorKind, Target};
use crate::family::{FamilyKind, Gaussian, Q};
use crate::landscape::Landscape;
use crate::linalg::{Mat2, Vec2, finite_vec};
use crate::rule::{self, Hyper};
use crate::scene::{Compare, Scene, SceneError};
use serde::Serialize;
use std::f64::consts::TAU;

/// A mean further than this from the origin counts as diverged.
pub const BOUND: f64 = 1e6;

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
}

/// A whole run, as `blr run` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Output {
    pub scene: Scene,
    pub steps: Vec<StepRecord>,
    /// The classical counterpart's path (one point per step while it stays finite).
    pub classic: Option<Vec<[f64; 2]>>,
    /// Which classical algorithm, and whether it stayed finite.
    pub classic_name: Option<&'static str>,
    pub classic_status: Option<String>,
    /// max_t ‖m_t − θ_t‖ between the rule's mean and the classical iterate (single Gaussians).
    pub gap: Option<f64>,
}

/// A running scene.
#[derive(Clone, Debug)]
pub struct Run {
    scene: Scene,
    landscape: Landscape,
    est: Estimator,
    hyper: Hyper,
    q: Q,
    t: usize,
    rng: SeededRng,
    ws: Workspace,
    /// Moments at the current q (used for its objective and for the next step).
    moments: Vec<Moments>,
    diverged: Option<String>,
    classic: Option<Classic>,
    classic_path: Vec<Vec2>,
    classic_status: Option<String>,
    gap: f64,
}

/// The classical algorithm a scene is compared with.
pub fn resolve_compare(scene: &Scene) -> Option<ClassicKind> {
    match scene.compare {
        Compare::None => None,
        Compare::Algo(c) => Some(c),
        Compare::Auto => match scene.family {
            FamilyKind::Fixed => Some(ClassicKind::Gd),
            FamilyKind::Full => Some(ClassicKind::Newton),
            FamilyKind::Diagonal if scene.hessian == HessianKind::SquareGradient => {
                Some(ClassicKind::Ogn)
            }
            _ => None,
        },
    }
}

/// The initial q: one Gaussian at `init`, or K components spread evenly on a circle around
/// `init` (radius 30% of the smaller side of the domain), each with precision I/cov0.
pub fn initial_q(scene: &Scene, landscape: &Landscape) -> Q {
    let prec = Mat2::identity() / scene.cov0;
    let centre = Vec2::new(scene.init[0], scene.init[1]);
    let k = if scene.family == FamilyKind::Mixture {
        scene.k
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
        kind: scene.family,
        comps,
        eta: vec![0.0; k],
    }
}

impl Run {
    /// Builds a run; the error names the scene key to change.
    pub fn new(scene: &Scene) -> Result<Run, SceneError> {
        let landscape =
            Landscape::new(scene.landscape, &scene.params()).map_err(|e| SceneError {
                key: "expr".into(),
                message: e.to_string(),
            })?;
        if scene.hessian == HessianKind::GaussNewton && !landscape.has_gauss_newton() {
            return Err(SceneError {
                key: "hessian".into(),
                message: format!(
                    "gauss-newton is not defined for landscape {}; accepted here: exact, stein, square-gradient",
                    scene.landscape.name()
                ),
            });
        }
        if scene.hessian == HessianKind::Stein && scene.estimator == EstimatorKind::Delta {
            return Err(SceneError {
                key: "hessian".into(),
                message: "stein needs a sampling estimator (mc, gauss-hermite, unscented); accepted with delta: exact, gauss-newton, square-gradient".into(),
            });
        }
        let q = initial_q(scene, &landscape);
        let classic = resolve_compare(scene).map(|c| {
            Classic::new(
                c,
                Vec2::new(scene.init[0], scene.init[1]),
                scene.cov0,
                scene.seed,
            )
        });
        let mut run = Run {
            hyper: Hyper {
                lr: scene.lr,
                lr_weights: scene.lr_weights,
                tau: scene.tau,
                improved: scene.improved_on(landscape.is_convex()),
                cov0: scene.cov0,
            },
            est: Estimator::new(scene.estimator, scene.samples, scene.gh),
            scene: scene.clone(),
            landscape,
            classic_path: classic.iter().map(|c| c.theta).collect(),
            classic,
            classic_status: None,
            q,
            t: 0,
            rng: seeded(scene.seed),
            ws: Workspace::default(),
            moments: Vec::new(),
            diverged: None,
            gap: 0.0,
        };
        run.estimate();
        run.update_gap();
        Ok(run)
    }

    /// Estimates the moments at the current q; on failure the run is marked diverged.
    fn estimate(&mut self) {
        let target = Target {
            landscape: &self.landscape,
            hessian: self.scene.hessian,
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
                    None => self.moments = m,
                }
            }
            Err(EstimateError::NotPositiveDefinite(k)) => {
                self.diverged = Some(format!("precision of component {k} not positive definite"))
            }
            Err(EstimateError::NoGaussNewton) => {
                self.diverged = Some("gauss-newton is not defined for this landscape".into())
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
        match rule::step(&self.q, &self.moments, &self.hyper) {
            Err(e) => {
                self.diverged = Some(e.to_string());
                return false;
            }
            Ok(next) => {
                if let Some(k) = next
                    .comps
                    .iter()
                    .position(|g| !finite_vec(&g.mean) || g.mean.amax() > BOUND)
                {
                    self.diverged = Some(format!("mean of component {k} left |θ| ≤ 1e6"));
                    return false;
                }
                if next.eta.iter().any(|e| !e.is_finite()) {
                    self.diverged = Some("mixture weights not finite".into());
                    return false;
                }
                self.q = next;
            }
        }
        self.t += 1;
        self.estimate();
        if let Some(c) = &mut self.classic
            && self.classic_status.is_none()
        {
            let h = ClassicHyper {
                lr: self.hyper.lr,
                cov0: self.hyper.cov0,
                tau: self.hyper.tau,
            };
            match c.step(&self.landscape, &h) {
                Ok(()) => self.classic_path.push(c.theta),
                Err(e) => self.classic_status = Some(format!("diverged: {e}")),
            }
        }
        self.update_gap();
        self.diverged.is_none()
    }

    /// The current step as the JSON contract shows it.
    pub fn record(&self) -> StepRecord {
        let w = self.q.weights();
        let components = self
            .q
            .comps
            .iter()
            .zip(&w)
            .map(|(g, &weight)| {
                let c = g.cov().unwrap_or_else(Mat2::zeros);
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
        }
    }

    /// L(λ) = E_q[ℓ̄] − τH(q) at the current q: for one Gaussian E[ℓ̄] − τH in closed form;
    /// for a mixture Σ_k π_k E_{N_k}[ℓ̄ + τ log q] (the entropy has no closed form).
    pub fn objective(&self) -> Option<f64> {
        if self.diverged.is_some() || self.moments.is_empty() {
            return None;
        }
        let v = match self.q.entropy() {
            Some(h) if self.q.kind != FamilyKind::Mixture => {
                self.moments[0].value - self.hyper.tau * h
            }
            _ => self
                .q
                .weights()
                .iter()
                .zip(&self.moments)
                .map(|(w, m)| w * m.value)
                .sum(),
        };
        v.is_finite().then_some(v)
    }

    /// Runs `scene.steps` steps (or until divergence) and collects the whole output.
    pub fn trajectory(scene: &Scene) -> Result<Output, SceneError> {
        let mut run = Run::new(scene)?;
        let mut steps = vec![run.record()];
        while run.t < scene.steps && run.step() {
            steps.push(run.record());
        }
        if run.diverged.is_some() {
            // The failing step: the last valid q, with the reason.
            let mut r = run.record();
            r.t = run.t + 1;
            steps.push(r);
        }
        Ok(run.output(steps))
    }

    fn output(&self, steps: Vec<StepRecord>) -> Output {
        let single = self.q.comps.len() == 1;
        Output {
            scene: self.scene.clone(),
            steps,
            classic: self
                .classic
                .as_ref()
                .map(|_| self.classic_path.iter().map(|p| [p[0], p[1]]).collect()),
            classic_name: self.classic.as_ref().map(|c| c.kind.name()),
            classic_status: self
                .classic
                .as_ref()
                .map(|_| self.classic_status.clone().unwrap_or_else(|| "ok".into())),
            gap: (self.classic.is_some() && single).then_some(self.gap),
        }
    }

    pub fn scene(&self) -> &Scene {
        &self.scene
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

    /// The classical algorithm this scene IS, step for step (the rule with the delta method,
    /// the plain precision update and the exact stand-in for the Hessian):
    /// - fixed: m ← m − ρ·cov0·∇ℓ̄(m), gradient descent;
    /// - full, ρ = τ = 1: S ← ∇²ℓ̄(m), m ← m − S⁻¹∇ℓ̄(m), Newton's method;
    /// - full, ρ < 1, τ = 1: S ← (1 − ρ)S + ρ∇²ℓ̄(m), an averaged Hessian whose fixed point is
    ///   the Laplace approximation;
    /// - diagonal, square-gradient, τ = 1: s ← (1 − ρ)s + ρg², m ← m − ρg/s (OGN).
    ///
    /// `None` for every other scene.
    pub fn reduces_to(&self) -> Option<&'static str> {
        let s = &self.scene;
        if s.estimator != EstimatorKind::Delta
            || (self.hyper.improved && s.family != FamilyKind::Fixed)
        {
            return None;
        }
        match (s.family, s.hessian) {
            (FamilyKind::Fixed, _) => Some("gradient descent"),
            (FamilyKind::Full, HessianKind::Exact) if s.tau == 1.0 && s.lr == 1.0 => {
                Some("Newton's method")
            }
            (FamilyKind::Full, HessianKind::Exact) if s.tau == 1.0 => {
                Some("Newton with an averaged Hessian (Laplace fixed point)")
            }
            (FamilyKind::Diagonal, HessianKind::SquareGradient) if s.tau == 1.0 => {
                Some("RMSprop without the square root (OGN)")
            }
            _ => None,
        }
    }

    /// Changes settings mid-run: keys that only tune the rule (lr, lr_weights, tau, improved,
    /// estimator, samples, gh, hessian, steps, speed, view) keep q and the step count; any
    /// other change restarts from the new scene.
    pub fn set_scene(&mut self, scene: &Scene) -> Result<(), SceneError> {
        let fresh = Run::new(scene)?;
        let structural = |s: &Scene| {
            (
                s.landscape,
                s.expr.clone(),
                s.cond.to_bits(),
                s.angle.to_bits(),
                s.family,
                s.k,
                s.init.map(f64::to_bits),
                s.cov0.to_bits(),
                s.seed,
                s.compare,
            )
        };
        if structural(scene) != structural(&self.scene) || self.diverged.is_some() {
            *self = fresh;
            return Ok(());
        }
        self.scene = fresh.scene;
        self.est = fresh.est;
        self.hyper = fresh.hyper;
        self.estimate();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduces(q: &str) -> Option<&'static str> {
        Run::new(&Scene::from_query(q).unwrap())
            .unwrap()
            .reduces_to()
    }

    #[test]
    fn reduces_to_names_exactly_the_classical_scenes() {
        let by_preset = |id: &str| reduces(&crate::preset::find(id).unwrap().state);
        assert_eq!(by_preset("gd"), Some("gradient descent"));
        assert_eq!(by_preset("newton"), Some("Newton's method"));
        assert_eq!(
            by_preset("laplace"),
            Some("Newton with an averaged Hessian (Laplace fixed point)")
        );
        assert_eq!(
            by_preset("rmsprop"),
            Some("RMSprop without the square root (OGN)")
        );
        for id in ["laplace-vs-vi", "mixture", "smoothing", "improved"] {
            assert_eq!(by_preset(id), None, "{id}");
        }
        // Each condition matters: the improved correction, τ, the Hessian stand-in.
        let newton = "landscape=rosenbrock&family=full&lr=1&tau=1";
        assert_eq!(
            reduces(&format!("{newton}&improved=false")),
            Some("Newton's method")
        );
        assert_eq!(reduces(&format!("{newton}&improved=true")), None);
        assert_eq!(reduces(&format!("{newton}&improved=false&tau=0.5")), None);
        assert_eq!(
            reduces("landscape=rosenbrock&family=full&lr=1&improved=false&hessian=gauss-newton"),
            None
        );
        assert_eq!(
            reduces("landscape=quadratic&family=diagonal&hessian=exact"),
            None
        );
        assert_eq!(
            reduces("landscape=himmelblau&family=fixed&improved=true"),
            Some("gradient descent")
        );
    }
}
