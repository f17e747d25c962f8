//! The page's data downloads are the command line's bytes: for presets and hand-made scenes,
//! `Page::trajectory_json`/`trajectory_csv` equal the standard output of
//! `blr run --state '<query>' --format json|csv`, also after the page has stepped and tuned.

use blr_playground::page::Page;
use blr_playground::preset;
use std::process::Command;

fn blr_stdout(state: &str, format: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_blr"))
        .args(["run", "--state", state, "--format", format])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn page_downloads_equal_blr_run_bytes() {
    let mut states: Vec<String> = ["newton", "mixture", "gd"]
        .iter()
        .map(|id| preset::find(id).unwrap().state.clone())
        .collect();
    states.push("landscape=rosenbrock&family=diagonal&estimator=mc&samples=4&steps=40".into());
    // A run that diverges ends with the "diverged" record in both.
    states.push("landscape=rosenbrock&family=fixed&lr=1&cov0=100&steps=30".into());
    for state in &states {
        let mut pg = Page::new(state);
        assert_eq!(pg.notices(), "[]", "{state}");
        // Stepping mid-run does not change what is downloaded: the whole scene's run.
        pg.step(7);
        let q = pg.query();
        assert_eq!(pg.trajectory_json(), blr_stdout(&q, "json"), "{state}");
        assert_eq!(pg.trajectory_csv(), blr_stdout(&q, "csv"), "{state}");
    }
}

#[test]
fn a_tuned_scene_downloads_the_tuned_scene() {
    let mut pg = Page::new("landscape=rosenbrock&steps=20");
    pg.step(5);
    assert_eq!(pg.set("lr", "0.5"), "");
    let q = pg.query();
    assert!(q.contains("lr=0.5"), "{q}");
    assert_eq!(pg.trajectory_csv(), blr_stdout(&q, "csv"));
}
