//! A session: a scene and the run it was built from. It is what the CLI, the page model, the
//! basins picture and the tests drive: it restarts or tunes the run when a key changes (as
//! the key table says), names the reduction the scene IS (from the registry), and collects a
//! whole trajectory as `blr run` prints it.

use crate::reduction::{self, Reduction};
use crate::run::{Run, StepRecord};
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

    /// Runs `scene.steps` steps (or until divergence) and collects the whole output.
    pub fn trajectory(scene: &Scene) -> Result<Output, SceneError> {
        let mut s = Session::new(scene)?;
        let mut steps = Vec::new();
        let _ = s.play(|_, r| {
            steps.push(r);
            Ok::<(), ()>(())
        });
        Ok(s.output(steps))
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
        while self.run.t() < self.scene.steps && self.run.step() {
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

    /// The output of this session's run with the given step records (`blr run` prints it).
    pub fn output(&self, steps: Vec<StepRecord>) -> Output {
        let run = &self.run;
        let classic = run.classic_kind();
        Output {
            scene: self.scene.clone(),
            steps,
            classic: classic.map(|_| run.classic_path().iter().map(|p| [p[0], p[1]]).collect()),
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

    /// Changes settings mid-run: when only keys whose effect is [`Effect::Tune`] changed,
    /// q and the step count stay; any other change (or a stopped run) restarts from the new
    /// scene. Returns whether it restarted.
    pub fn set_scene(&mut self, scene: &Scene) -> Result<bool, SceneError> {
        let setup = scene.setup()?;
        let restart = self.run.diverged().is_some()
            || scene.data != self.scene.data
            || scene
                .changed(&self.scene)
                .any(|k| k.effect == Effect::Restart);
        if restart {
            self.run = Run::new(setup);
        } else {
            self.run.tune(setup.estimator, setup.hessian, setup.hyper);
        }
        self.scene = scene.clone();
        Ok(restart)
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
    fn tuning_keys_keep_q_and_others_restart() {
        let mut s = Session::new(&Scene::from_query("landscape=rosenbrock").unwrap()).unwrap();
        for _ in 0..5 {
            assert!(s.step());
        }
        let mut tuned = s.scene().clone();
        tuned.set("lr", "0.2").unwrap();
        assert!(!s.set_scene(&tuned).unwrap());
        assert_eq!(s.t(), 5);
        assert_eq!(s.hyper().lr, 0.2);
        let mut moved = tuned.clone();
        moved.set("init", "1,1").unwrap();
        assert!(s.set_scene(&moved).unwrap());
        assert_eq!(s.t(), 0);
    }
}
