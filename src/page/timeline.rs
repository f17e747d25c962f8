//! Going back in a run (the page's scrubber and "step back"). The run is deterministic given
//! its scene and seed, so the page keeps no frames: it keeps marks (the session at a step,
//! with its recent classical path, and the trail), thinned like the charts' history (every
//! step while few, then every 2nd, 4th, … step; at most `cap` of them, with `cap` chosen so
//! that they hold at most [`MARK_BYTES`]) and the tunings made mid-run (step and scene, in
//! order). Going to step t restores the last mark at or before t and steps on from it,
//! applying each recorded tuning at its step: exactly the run that was shown, in memory that
//! does not grow with the step and in time bounded by the distance between marks, spent a few
//! steps per call so that no frame waits for it.

use super::history::Thinned;
use crate::scene::Scene;
use crate::session::{Checkpoint, Session};
use std::collections::VecDeque;

/// Bytes the marks may hold together (beyond `MIN_MARKS`).
pub const MARK_BYTES: usize = 32 << 20;
/// Marks kept at most, and at least whatever a mark weighs.
pub const MAX_MARKS: usize = 256;
pub const MIN_MARKS: usize = 16;
/// Tunings kept at most; one more starts the timeline again at the current step (what came
/// before can no longer be gone back to).
pub const MAX_TUNINGS: usize = 512;

/// One point's recent steps (step, point), oldest first.
pub type Recent = VecDeque<(usize, [f64; 2])>;

/// The trail of recent means per component, as the page keeps it.
pub type Trail = Vec<Recent>;

/// The page at one step: its session and the trail drawn then.
#[derive(Clone, Debug)]
pub struct Mark {
    pub session: Checkpoint,
    pub trail: Trail,
}

impl Mark {
    fn new(run: &Session, trail: &Trail) -> Mark {
        Mark {
            session: run.checkpoint(),
            trail: trail.clone(),
        }
    }

    fn t(&self) -> usize {
        self.session.t()
    }

    /// About how many bytes it holds.
    pub fn bytes(&self) -> usize {
        self.session.bytes()
            + self
                .trail
                .iter()
                .map(|t| t.len() * size_of::<(usize, [f64; 2])>())
                .sum::<usize>()
    }
}

/// The recorded history of one run (see the module's comment).
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// The mark at the earliest step one can go back to (never thinned away).
    base: Option<Mark>,
    /// Marks after the base, thinned.
    marks: Option<Thinned<Mark>>,
    /// The furthest step recorded.
    end: usize,
    /// (step, scene) for each tuning made mid-run, in the order made.
    tunings: Vec<(usize, Scene)>,
    /// The run stopped (diverged) on its step after `end`.
    stopped: bool,
}

impl Timeline {
    /// A timeline that starts at the session's current step (after its record, `trail`).
    pub fn new(run: &Session, trail: &Trail) -> Timeline {
        let base = Mark::new(run, trail);
        let cap = (MARK_BYTES / base.bytes().max(1)).clamp(MIN_MARKS, MAX_MARKS);
        Timeline {
            end: base.t(),
            base: Some(base),
            marks: Some(Thinned::new(cap)),
            tunings: Vec::new(),
            stopped: false,
        }
    }

    /// The run stopped on its step after the furthest one (going there shows why again).
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Whether the run stopped on its step after step t.
    pub fn stops_after(&self, t: usize) -> bool {
        self.stopped && t == self.end
    }

    /// The steps one can go to: the earliest and the furthest recorded.
    pub fn range(&self) -> [usize; 2] {
        [self.base.as_ref().map_or(0, Mark::t), self.end]
    }

    /// How many marks are kept now, and at most.
    pub fn marks(&self) -> (usize, usize) {
        self.marks.as_ref().map_or((0, 0), |m| (m.kept(), m.cap()))
    }

    /// The session arrived at a step (its page record made, `trail`): past the furthest step,
    /// it is new ground to remember; before it, a replay of what is recorded.
    pub fn arrived(&mut self, run: &Session, trail: &Trail) {
        let t = run.t();
        if t <= self.end {
            return;
        }
        self.end = t;
        if let Some(marks) = &mut self.marks
            && marks.wants(t)
        {
            marks.push(t, Mark::new(run, trail));
        }
    }

    /// A tuning was made at the session's step: what was recorded after it is another
    /// future now, and is forgotten. Returns false when the timeline is full of tunings
    /// (the caller starts a new one at this step).
    pub fn tuned(&mut self, run: &Session, scene: &Scene) -> bool {
        let t = run.t();
        if let Some(marks) = &mut self.marks {
            marks.truncate(t);
        }
        self.tunings.retain(|(u, _)| *u <= t);
        self.end = t;
        self.stopped = false;
        self.tunings.push((t, scene.clone()));
        self.tunings.len() <= MAX_TUNINGS
    }

    /// The tunings recorded at step t, in the order made.
    pub fn tunings_at(&self, t: usize) -> impl Iterator<Item = &Scene> {
        let from = self.tunings.partition_point(|(u, _)| *u < t);
        self.tunings[from..]
            .iter()
            .take_while(move |(u, _)| *u == t)
            .map(|(_, s)| s)
    }

    /// The last mark at or before step t (the base when none is).
    pub fn mark_before(&self, t: usize) -> Option<&Mark> {
        let later = self
            .marks
            .as_ref()
            .and_then(|m| m.iter().take_while(|(u, _)| *u <= t).last())
            .map(|(_, m)| m);
        later.or(self.base.as_ref())
    }

    /// The session at a mark again, with the page's shown keys from `shown`.
    pub fn resume(&self, mark: &Mark, shown: &Scene) -> Session {
        Session::resume(&mark.session, shown)
    }
}
