//! The `blr` command line contract (docs/design.md): JSON shape, CSV, flags over --state, and
//! exit code 2 with one line naming the key for bad input.

use serde_json::Value;
use std::process::{Command, Output};

#[path = "cli/data.rs"]
mod data;

fn blr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blr"))
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let o = blr(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn run_prints_the_contract_shape() {
    let v = json(&[
        "run",
        "--landscape",
        "himmelblau",
        "--family",
        "mixture",
        "--k",
        "4",
        "--steps",
        "300",
    ]);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 301);
    for (t, s) in steps.iter().enumerate() {
        assert_eq!(s["t"], t);
        assert_eq!(s["status"], "ok");
        assert!(s["objective"].is_f64());
        let comps = s["components"].as_array().unwrap();
        assert_eq!(comps.len(), 4);
        let wsum: f64 = comps.iter().map(|c| c["weight"].as_f64().unwrap()).sum();
        assert!((wsum - 1.0).abs() < 1e-12);
        for c in comps {
            assert_eq!(c["mean"].as_array().unwrap().len(), 2);
            assert_eq!(c["cov"][0][1], c["cov"][1][0]);
        }
    }
    assert!(v["classic"].is_null());
    assert_eq!(v["scene"]["landscape"], "himmelblau");
    assert_eq!(v["scene"]["k"], 4);
}

#[test]
fn flags_override_state_and_classic_path_is_reported() {
    let v = json(&[
        "run",
        "--state",
        "landscape=rosenbrock&family=full&lr=0.5&steps=7",
        "--lr",
        "1",
        "--improved",
        "false",
        "--init",
        "-1.2,1",
    ]);
    assert_eq!(v["scene"]["lr"], 1.0);
    assert_eq!(v["scene"]["landscape"], "rosenbrock");
    assert_eq!(v["steps"].as_array().unwrap().len(), 8);
    let classic = v["classic"].as_array().unwrap();
    assert_eq!(classic.len(), 8);
    assert_eq!(v["classic_name"], "newton");
    assert!(v["gap"].as_f64().unwrap() < 1e-9);
}

#[test]
fn csv_has_a_header_and_one_row_per_step() {
    let o = blr(&["run", "--family", "full", "--steps", "5", "--format", "csv"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "t,status,objective,weight0,mean_x0,mean_y0,cov_xx0,cov_xy0,cov_yy0,classic_x,classic_y"
    );
    assert_eq!(lines.len(), 7);
    assert!(lines[1].starts_with("0,\"ok\","));
    assert_eq!(lines[6].split(',').count(), 11);
}

fn bad(args: &[&str], key: &str, accepted: &str) {
    let o = blr(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains(key) && err.contains(accepted),
        "{args:?}: {err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_key() {
    bad(
        &["run", "--family", "gaussian"],
        "family",
        "fixed, diagonal, full, mixture",
    );
    bad(&["run", "--lr", "0"], "lr", "(0, 1]");
    bad(&["run", "--state", "tau=NaN"], "tau", "1e-4 to 100");
    bad(&["run", "--state", "colour=red"], "colour", "accepted keys");
    bad(
        &["run", "--landscape", "expr", "--expr", "x + "],
        "expr",
        "column 5",
    );
    bad(
        &[
            "run",
            "--landscape",
            "rastrigin",
            "--hessian",
            "gauss-newton",
        ],
        "hessian",
        "exact",
    );
    bad(
        &["run", "--estimator", "delta", "--hessian", "stein"],
        "hessian",
        "mc",
    );
    bad(&["run", "--preset", "nope"], "preset", "newton");
    bad(&["run", "--bogus", "1"], "bogus", "landscape");
}

#[test]
fn list_names_everything() {
    let o = blr(&["list"]);
    let text = String::from_utf8(o.stdout).unwrap();
    for name in [
        "six-hump-camel",
        "two-moons",
        "expr",
        "mixture",
        "gauss-hermite",
        "square-gradient",
        "newton",
        "ridge",
        "lr_weights",
    ] {
        assert!(text.contains(name), "{name}");
    }
}

#[test]
fn every_preset_runs_from_the_cli() {
    for p in blr_playground::preset::all() {
        let v = json(&["run", "--preset", &p.id]);
        let last = v["steps"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["status"], "ok", "preset {}", p.id);
    }
    assert!(blr_playground::preset::all().len() >= 10);
}
