//! The classroom's keys and the keyboard's start: `speed` in steps per second down to 0.5,
//! `hide` (validated: unknown names are named), `projector`, the arrow keys' start on a round
//! grid, and the glossary exported once for every consumer.

use blr_playground::page::Page;
use blr_playground::scene::Scene;
use serde_json::Value;

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn speed_is_steps_per_second_from_half_a_step() {
    let mut s = Scene::default();
    assert_eq!(s.get("speed").unwrap(), "60");
    s.set("speed", "0.5").unwrap();
    assert_eq!(s.speed, 0.5);
    let e = s.set("speed", "0.25").unwrap_err();
    assert_eq!(e.key, "speed");
    assert!(
        e.message.contains("a number from 0.5 to 6e4"),
        "{}",
        e.message
    );
}

#[test]
fn hide_names_every_unknown_control() {
    let mut s = Scene::default();
    s.set("hide", "lr,tau").unwrap();
    s.set("hide", "all").unwrap();
    assert_eq!(s.to_query(), "hide=all");
    let e = s.set("hide", "lr,bogus,init").unwrap_err();
    assert_eq!(e.key, "hide");
    // `init` has no control (it is dragged), so hiding it is refused as well.
    assert!(e.message.starts_with("no control named 'bogus', 'init'; accepted: all, or a comma-separated list of landscape,"), "{}", e.message);
    assert_eq!(s.hide, "all", "a refused value is not kept");
    // A link with a bad name says so and keeps the rest.
    let pg = Page::new("hide=bogus&lr=0.2");
    let notices = parse(&pg.notices());
    assert_eq!(notices[0]["key"], "hide");
    assert!(notices[0]["message"].as_str().unwrap().contains("'bogus'"));
    assert_eq!(pg.get("lr"), "0.2");
    assert_eq!(pg.get("hide"), "");
}

#[test]
fn display_keys_leave_the_run_alone() {
    let q = "estimator=mc&samples=8";
    let mut a = Page::new(q);
    let mut b = Page::new(q);
    a.step(20);
    b.step(20);
    for (k, v) in [
        ("projector", "true"),
        ("hide", "lr"),
        ("speed", "1"),
        ("theme", "dark"),
    ] {
        assert_eq!(a.set(k, v), "", "{k}");
    }
    a.step(20);
    b.step(20);
    let comps = |p: &Page| parse(&p.frame())["components"].clone();
    assert_eq!(comps(&a), comps(&b));
}

#[test]
fn arrow_keys_move_the_start_on_a_round_grid() {
    // Himmelblau's window is 10 wide: a step of 0.2 (the round number above 10/50); the
    // start 0.1 is first put on the grid (0.2, half away from zero), then moved.
    let mut pg = Page::new("init=0.1,0");
    pg.step(5);
    assert_eq!(pg.nudge(1, 0), "start moved to x = 0.4, y = 0");
    assert_eq!(pg.get("init"), "0.4,0");
    assert_eq!(parse(&pg.frame())["t"], 0, "a new start restarts");
    assert_eq!(pg.nudge(-3, 2), "start moved to x = −0.2, y = 0.4");
    assert_eq!(pg.query(), "init=-0.2,0.4");
    let f = parse(&pg.frame());
    assert_eq!(f["start"], f["components"][0]["mean"]);
}

#[test]
fn the_glossary_is_one_table_in_the_options() {
    let o = parse(&Page::options());
    let g = o["glossary"].as_array().unwrap();
    assert!(g.len() >= 20);
    for t in [
        "ℓ̄",
        "S ≻ 0",
        "antithetic",
        "Stein",
        "unscented",
        "OGN, VOGN",
        "gap",
    ] {
        assert!(
            g.iter()
                .any(|e| e["term"] == t && e["meaning"].as_str().unwrap().len() > 10),
            "{t}"
        );
    }
}

#[test]
fn a_projector_lesson_stays_one_from_preset_to_preset() {
    let newton = blr_playground::preset::find("newton").unwrap();
    let gd = blr_playground::preset::find("gd").unwrap();
    let mut pg = Page::new("projector=true&hide=lr&speed=2");
    pg.open(&newton.state);
    assert_eq!(
        (pg.get("projector"), pg.get("hide"), pg.get("speed")),
        ("true".into(), "lr".into(), "2".into())
    );
    // Still the preset: its title and caption show.
    assert_eq!(pg.preset_id(), "newton");
    // A hash that sets a viewer key wins; `load` (a pasted link) keeps nothing.
    pg.open(&format!("{}&hide=tau", gd.state));
    assert_eq!(
        (pg.get("hide"), pg.preset_id()),
        ("tau".into(), "gd".into())
    );
    pg.load(&gd.state);
    assert_eq!(
        (pg.get("projector"), pg.get("hide")),
        ("false".into(), "".into())
    );
}
