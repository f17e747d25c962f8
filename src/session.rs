//! A session: a scene and the run it was built from. It is what the CLI, the page model, the
//! basins picture and the tests drive: it restarts or tunes the run when a key changes (as
//! the key table says), names the reduction the scene IS (from the registry), and collects a
//! whole trajectory as `blr run` prints it.

use crate::reduction::{self, Reduction};
use crate::run::{self, Run, StepRecord};
use crate::scene::KEYS;
use crate::scene::keys::Effect;
use crate::scene::{Scene, SceneError};
use serde::Serialize;
use std::ops::{Deref, DerefMut};

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

/// A scene and its run. Dereferences to the [`Run`] for stepping and reading q.
#[derive(Clone, Debug)]
pub struct Session {
    scene: Scene,
    run: Run,
}

impl Deref for Session {
    type Target = Run;
    fn deref(&self) -> &Run {
        &self.run
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Run {
        &mut self.run
    }
}

impl Session {
    /// Builds the run of a scene; the error names the scene key to change.
    pub fn new(scene: &Scene) -> Result<Session, SceneError> {
        Ok(Session {
            run: Run::new(scene.setup()?),
            scene: scene.clone(),
        })
    }

    /// Runs `scene.steps()` steps (or until divergence) and collects the whole output.
    pub fn trajectory(scene: &Scene) -> Result<Output, SceneError> {
        let mut s = Session::new(scene)?;
        let mut steps = Vec::new();
        let mut classic = Vec::new();
        let _ = s.play(|run, r| {
            collect_classic(&mut classic, run, &r);
            steps.push(r);
            Ok::<(), ()>(())
        });
        Ok(s.output(steps, classic))
    }

    /// Steps from the current q to the scene's `steps` (or until divergence), handing each
    /// record to `emit` as it is made: the current step first, then one per step, then, for
    /// a run that diverges, the failing step (the last valid q with the reason, at t + 1).
    /// Stops at the first error `emit` returns (a closed pipe need not wait for the run).
    pub fn play<E>(
        &mut self,
        mut emit: impl FnMut(&Run, StepRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        emit(&self.run, self.run.record())?;
        while self.run.t() < self.scene.steps() && self.run.step() {
            emit(&self.run, self.run.record())?;
        }
        if self.run.diverged().is_some() {
            let mut r = self.run.record();
            r.t = self.run.t() + 1;
            r.batch = self.run.next_batch().map(<[usize]>::to_vec);
            r.masks = self.run.next_masks();
            emit(&self.run, r)?;
        }
        Ok(())
    }

    /// The output of this session's run with the given step records and the classical path
    /// collected with them ([`collect_classic`]; `blr run` prints it).
    pub fn output(&self, steps: Vec<StepRecord>, classic_path: Vec<[f64; 2]>) -> Output {
        let run = &self.run;
        let classic = run.classic_kind();
        Output {
            scene: self.scene.clone(),
            steps,
            classic: classic.map(|_| classic_path),
            classic_name: classic.map(|c| c.name()),
            classic_status: classic.map(|_| run.classic_status().unwrap_or("ok").to_string()),
            gap: run.gap(),
        }
    }

    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The run, for callers that hold it apart from its scene.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The row of the paper's table this scene IS, step for step (the badge "= X").
    pub fn reduces_to(&self) -> Option<&'static Reduction> {
        reduction::reduces_to(&self.scene.case(self.run.landscape().is_convex()))
    }

    /// Changes settings mid-run, as the key table's effects say: any [`Effect::Restart`] key
    /// (or a stopped run, or new rows) restarts from the new scene; otherwise a changed
    /// [`Effect::Tune`] key tunes the run (q and the step count stay, the moments are
    /// estimated again); [`Effect::Display`] keys alone leave the run untouched.
    pub fn set_scene(&mut self, scene: &Scene) -> Result<Change, SceneError> {
        let setup = scene.setup()?;
        let changed = || scene.changed(&self.scene);
        let change = if self.run.diverged().is_some()
            || scene.data != self.scene.data
            || changed().any(|k| k.effect == Effect::Restart)
        {
            self.run = Run::new(setup);
            Change::Restarted
        } else if changed().any(|k| k.effect == Effect::Tune) {
            self.run.tune(setup.estimator, setup.hessian, setup.hyper);
            Change::Tuned
        } else {
            Change::Shown
        };
        self.scene = scene.clone();
        Ok(change)
    }

    /// The run as it stands (bounded memory; see [`Checkpoint`]), with its scene.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            scene: self.scene.clone(),
            run: self.run.checkpoint(),
        }
    }

    /// A session back at a checkpoint; the keys whose effect is [`Effect::Display`] come from
    /// `shown` (what the page shows now, not what it showed then).
    pub fn resume(cp: &Checkpoint, shown: &Scene) -> Session {
        Session {
            scene: shown_as(&cp.scene, shown),
            run: Run::resume(&cp.run),
        }
    }
}

/// Adds the classical iterate of record `r` to `path` (what [`Session::play`]'s callers do to
/// print the whole path: the run itself keeps only the recent one). The records of a play are
/// consecutive steps, so this collects every point while the comparator stays finite.
pub fn collect_classic(path: &mut Vec<[f64; 2]>, run: &Run, r: &StepRecord) {
    if let Some(p) = run.classic_point(r.t) {
        path.push([p[0], p[1]]);
    }
}

/// `scene` with the values of `shown` for the keys whose effect is [`Effect::Display`]: a
/// scene of the recorded history as the page shows it now (speed, theme, view, … stay).
pub fn shown_as(scene: &Scene, shown: &Scene) -> Scene {
    let mut s = scene.clone();
    for k in KEYS.iter().filter(|k| k.effect == Effect::Display) {
        if let Some(v) = shown.get(k.name) {
            // A value the shown scene holds was checked when it was set.
            let _ = s.set(k.name, &v);
        }
    }
    s
}

/// What [`Session::set_scene`] did to the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Started again from the new scene's q₀.
    Restarted,
    /// Kept q and the step count; the next steps use the new settings.
    Tuned,
    /// Only what is shown changed; the run is as it was.
    Shown,
}

/// A session at one step, for going back to it: its scene and its run (see
/// [`run::Checkpoint`]).
#[derive(Clone, Debug)]
pub struct Checkpoint {
    scene: Scene,
    run: run::Checkpoint,
}

impl Checkpoint {
    /// The step it was taken at.
    pub fn t(&self) -> usize {
        self.run.t()
    }

    /// About how many bytes it holds (for the page's memory bound).
    pub fn bytes(&self) -> usize {
        self.run.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduces(q: &str) -> Option<&'static str> {
        Session::new(&Scene::from_query(q).unwrap())
            .unwrap()
            .reduces_to()
            .map(|r| r.name)
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

    #[test]
    fn the_whole_classical_path_is_printed_though_the_run_keeps_the_recent_one() {
        // Gradient descent is the fixed family's twin: the comparator's iterate equals the
        // rule's mean at every step, so the printed path can be checked point by point, far
        // past what the run holds.
        let scene = Scene::from_query("landscape=himmelblau&family=fixed&steps=2000").unwrap();
        let out = Session::trajectory(&scene).unwrap();
        let path = out.classic.as_ref().unwrap();
        assert_eq!(path.len(), 2001);
        for (p, r) in path.iter().zip(&out.steps) {
            let m = r.components[0].mean;
            assert!(
                (p[0] - m[0]).abs() + (p[1] - m[1]).abs() <= 1e-12,
                "{p:?} {m:?}"
            );
        }
        let mut s = Session::new(&scene).unwrap();
        for _ in 0..2000 {
            assert!(s.step());
            assert!(s.classic_recent().len() <= crate::run::CLASSIC_RECENT);
        }
        let recent = s.classic_recent();
        assert_eq!(recent.len(), crate::run::CLASSIC_RECENT);
        assert_eq!(recent.last().map(|p| [p[0], p[1]]), path.last().copied());
        assert_eq!(
            s.classic_point(2000),
            path.last().map(|p| crate::linalg::Vec2::new(p[0], p[1]))
        );
        assert_eq!(s.classic_point(2000 - 2 * crate::run::CLASSIC_RECENT), None);
    }

    #[test]
    fn tuning_keys_keep_q_and_others_restart() {
        let mut s = Session::new(&Scene::from_query("landscape=rosenbrock").unwrap()).unwrap();
        for _ in 0..5 {
            assert!(s.step());
        }
        let mut tuned = s.scene().clone();
        tuned.set("lr", "0.2").unwrap();
        assert_eq!(s.set_scene(&tuned).unwrap(), Change::Tuned);
        assert_eq!(s.t(), 5);
        assert_eq!(s.hyper().lr, 0.2);
        let mut moved = tuned.clone();
        moved.set("init", "1,1").unwrap();
        assert_eq!(s.set_scene(&moved).unwrap(), Change::Restarted);
        assert_eq!(s.t(), 0);
    }
}
