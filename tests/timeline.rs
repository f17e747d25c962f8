//! Going back in a run (the page's scrubber and "step back", `Page::seek`): the frame at step
//! t after going back is the frame the page showed at t, the run at t is the native
//! executor's at t, tunings made mid-run are part of the history, and the memory the history
//! holds is bounded however long the run.

use blr_playground::page::Page;
use blr_playground::scene::Scene;
use blr_playground::session::Session;
use serde_json::Value;
use std::collections::BTreeMap;

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// The frame without the drawn path of means (its older part is thinned by the run's length,
/// which going back changes); everything else must be equal to the bit.
fn state(pg: &Page) -> Value {
    let mut f = parse(&pg.frame());
    f.as_object_mut().unwrap().remove("trail");
    f.as_object_mut().unwrap().remove("recorded");
    f
}

/// Plays `pg` to its end, recording the state at the steps in `at`.
fn play(pg: &mut Page, at: &[usize]) -> BTreeMap<usize, Value> {
    let mut seen = BTreeMap::new();
    loop {
        let t = parse(&pg.frame())["t"].as_u64().unwrap() as usize;
        if at.contains(&t) {
            seen.insert(t, state(pg));
        }
        if !pg.step(1) || parse(&pg.frame())["t"].as_u64().unwrap() as usize == t {
            break;
        }
    }
    seen
}

fn seek(pg: &mut Page, t: usize) {
    assert!(pg.seek(t, u32::MAX), "seek to {t}");
    assert_eq!(parse(&pg.frame())["t"], t);
}

const AT: [usize; 10] = [0, 1, 2, 7, 255, 256, 257, 1000, 2999, 3000];

#[test]
fn going_back_shows_exactly_the_frame_shown_then() {
    // Monte Carlo (a random stream to restore) with a stochastic comparator (its path and the
    // gap), past the first thinning of the marks.
    for q in [
        "landscape=rosenbrock&family=full&estimator=mc&samples=8&steps=3000",
        "landscape=himmelblau&family=diagonal&estimator=mc&samples=4&compare=vogn&lr=0.05&steps=3000",
        "landscape=himmelblau&family=mixture&k=3&estimator=mc&samples=16&steps=3000",
    ] {
        let mut pg = Page::new(q);
        let seen = play(&mut pg, &AT);
        assert_eq!(seen.len(), AT.len(), "{q}");
        for t in [1000, 0, 2999, 7, 3000, 256, 255, 257, 2, 1, 1000] {
            seek(&mut pg, t);
            assert_eq!(state(&pg), seen[&t], "{q} at t = {t}");
        }
        // Step back, one step at a time.
        seek(&mut pg, 257);
        for t in [256, 255] {
            seek(&mut pg, t);
            assert_eq!(state(&pg), seen[&t], "{q} stepping back to {t}");
        }
    }
}

#[test]
fn going_back_is_the_native_run() {
    let q = "landscape=rastrigin&family=full&estimator=mc&samples=16&steps=600";
    let direct = Session::trajectory(&Scene::from_query(q).unwrap()).unwrap();
    let mut pg = Page::new(q);
    pg.step(600);
    for t in [599, 3, 300, 0, 513, 600] {
        seek(&mut pg, t);
        let f = state(&pg);
        // Both through the same printer and parser (serde_json's parsing of a printed f64
        // may differ from it in the last bit, the same way for both).
        let rec = parse(&serde_json::to_string(&direct.steps[t]).unwrap());
        assert_eq!(f["objective"], rec["objective"], "t = {t}");
        let c = &rec["components"][0];
        assert_eq!(f["components"][0]["world_mean"], c["mean"], "t = {t}");
        assert_eq!(f["components"][0]["cov"], c["cov"], "t = {t}");
    }
}

#[test]
fn tunings_mid_run_are_part_of_the_history_and_display_keys_are_not() {
    let q = "landscape=himmelblau&family=full&estimator=mc&samples=8&steps=400";
    let mut pg = Page::new(q);
    pg.step(100);
    assert_eq!(pg.set("lr", "0.3"), "");
    assert_eq!(pg.set("samples", "32"), "");
    let at_100 = state(&pg);
    pg.step(50);
    // A display key changes nothing of the run (no new estimate, no new future).
    assert_eq!(pg.set("speed", "2"), "");
    assert_eq!(pg.set("theme", "dark"), "");
    let at_150 = state(&pg);
    pg.step(250);
    let at_400 = state(&pg);
    let run_without_display = {
        let mut p = Page::new(q);
        p.step(100);
        p.set("lr", "0.3");
        p.set("samples", "32");
        p.step(300);
        state(&p)
    };
    assert_eq!(at_400["components"], run_without_display["components"]);
    seek(&mut pg, 150);
    assert_eq!(state(&pg), at_150);
    seek(&mut pg, 100);
    assert_eq!(state(&pg), at_100);
    assert_eq!(pg.get("lr"), "0.3");
    // What the page shows now stays as set.
    assert_eq!(pg.get("speed"), "2");
    seek(&mut pg, 40);
    assert_eq!(pg.get("lr"), "0.1");
    assert_eq!(pg.get("samples"), "8");
    // Playing on from a step before the tunings replays them at their step.
    pg.step(360);
    assert_eq!(state(&pg), at_400);
    assert_eq!(pg.get("lr"), "0.3");
    // A new tuning in the past makes another future: the furthest step is now that one.
    seek(&mut pg, 50);
    assert_eq!(pg.set("lr", "0.2"), "");
    assert_eq!(parse(&pg.frame())["recorded"], serde_json::json!([0, 50]));
    pg.step(10);
    assert_eq!(pg.get("lr"), "0.2");
}

#[test]
fn a_million_steps_keep_bounded_marks_and_a_short_way_back() {
    let mut pg = Page::new("landscape=quadratic&family=diagonal&steps=1000000");
    pg.step(1_000_000);
    let f = parse(&pg.frame());
    assert_eq!(f["t"], 1_000_000);
    assert_eq!(f["recorded"], serde_json::json!([0, 1_000_000]));
    let (kept, cap) = pg.marks();
    assert!(kept <= cap && cap <= 256, "{kept} of {cap}");
    // The marks are at most 2·10⁶/cap steps apart: any step is reached by that many steps
    // from the last mark before it.
    let most = (2 * 1_000_000 / cap) as u32;
    let seen = state(&pg);
    for t in [777_777, 3, 999_999, 500_001] {
        assert!(pg.seek(t, most), "t = {t} within {most} steps");
    }
    assert!(pg.seek(1_000_000, most));
    assert_eq!(state(&pg), seen);
}

#[test]
fn heavy_estimates_keep_fewer_marks() {
    let mut pg = Page::new("family=mixture&k=16&estimator=mc&samples=256&steps=400");
    pg.step(400);
    let (kept, cap) = pg.marks();
    // 16·256 points per estimate: about 0.3 MB a mark, so fewer than 256 of them.
    assert!(cap < 256 && kept <= cap, "{kept} of {cap}");
    assert!(pg.seek(123, u32::MAX));
    assert_eq!(parse(&pg.frame())["t"], 123);
}

#[test]
fn a_stopped_run_shows_its_reason_at_its_last_step() {
    // Gradient descent with too large a step leaves |θ| ≤ 1e6 within a few dozen steps.
    let mut pg = Page::new("landscape=rosenbrock&family=fixed&lr=1&cov0=1&steps=200");
    assert!(!pg.step(200));
    let end = state(&pg);
    assert!(end["diverged"].is_string(), "{end}");
    let t = end["t"].as_u64().unwrap() as usize;
    assert_eq!(parse(&pg.frame())["recorded"], serde_json::json!([0, t]));
    seek(&mut pg, t);
    assert_eq!(state(&pg), end, "going to the last step keeps the reason");
    seek(&mut pg, t / 2);
    assert!(parse(&pg.frame())["diverged"].is_null());
    // Back at the end by the replay: the same frame, the reason included.
    seek(&mut pg, t);
    assert_eq!(state(&pg), end);
}
