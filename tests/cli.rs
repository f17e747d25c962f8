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
fn a_bernoulli_run_reports_its_mean_and_lambda() {
    let v = json(&[
        "run",
        "--family",
        "bernoulli",
        "--estimator",
        "exact",
        "--scale",
        "2",
        "--init",
        "0.5,-1",
        "--steps",
        "3",
    ]);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    for s in steps {
        let c = &s["components"][0];
        let (m, l) = (&c["mean"], &c["lambda"]);
        for i in 0..2 {
            // mean = a·tanh λ, the variance a²(1 − tanh²λ), no covariance between the weights.
            let (m, l) = (m[i].as_f64().unwrap(), l[i].as_f64().unwrap());
            assert!((m - 2.0 * l.tanh()).abs() < 1e-14, "{c}");
            let var = c["cov"][i][i].as_f64().unwrap();
            assert!((var - 4.0 * (1.0 - l.tanh().powi(2))).abs() < 1e-12, "{c}");
        }
        assert_eq!(c["cov"][0][1], 0.0);
    }
    assert_eq!(
        steps[0]["components"][0]["mean"],
        serde_json::json!([0.5, -1.0])
    );
    assert_eq!(v["scene"]["scale"], 2.0);
    // A Gaussian record has no lambda; compare=auto draws STE beside BayesBiNN.
    let g = json(&["run", "--steps", "1"]);
    assert!(g["steps"][0]["components"][0].get("lambda").is_none());
    let b = json(&[
        "run",
        "--family",
        "bernoulli",
        "--estimator",
        "mc",
        "--steps",
        "2",
    ]);
    assert_eq!(b["classic_name"], "ste");
    assert_eq!(b["classic"].as_array().unwrap().len(), 3);
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
        "fixed, diagonal, full, mixture, bernoulli",
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
    bad(
        &["run", "--family", "full", "--estimator", "exact"],
        "estimator",
        "bernoulli",
    );
    bad(
        &["run", "--family", "bernoulli", "--init", "1.5,0"],
        "init",
        "|x|, |y| < 1",
    );
    bad(&["run", "--preset", "nope"], "preset", "newton");
    bad(&["run", "--bogus", "1"], "bogus", "landscape");
    bad(
        &["run", "--family", "dropout", "--estimator", "unscented"],
        "estimator",
        "accepted with family=dropout: exact, mc",
    );
    bad(
        &["run", "--family", "full", "--estimator", "exact"],
        "estimator",
        "accepted with family=full: delta, mc, gauss-hermite, unscented",
    );
    bad(
        &["run", "--family", "dropout", "--keep", "0"],
        "keep",
        "(0, 1]",
    );
}

/// The dropout family from the command line: Monte Carlo masks are recorded per step (none at
/// t = 0), the comparator is dropout SGD, and the objective is the dropout objective D.
#[test]
fn dropout_runs_record_their_masks() {
    let v = json(&[
        "run",
        "--landscape",
        "himmelblau",
        "--family",
        "dropout",
        "--estimator",
        "mc",
        "--samples",
        "3",
        "--keep",
        "0.5",
        "--steps",
        "4",
    ]);
    assert_eq!(v["scene"]["keep"], 0.5);
    assert_eq!(v["classic_name"], "dropout-sgd");
    let steps = v["steps"].as_array().unwrap();
    assert!(steps[0].get("masks").is_none());
    for st in &steps[1..] {
        let masks = st["masks"].as_array().unwrap();
        assert_eq!(masks.len(), 3);
        assert!(
            masks
                .iter()
                .flat_map(|m| m.as_array().unwrap())
                .all(|z| z == 0 || z == 1)
        );
    }
    let exact = json(&[
        "run",
        "--family",
        "dropout",
        "--estimator",
        "exact",
        "--steps",
        "2",
    ]);
    assert!(exact["steps"][1].get("masks").is_none());
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
        "mixture1d",
        "lr_local",
        "expectation maximisation (EM)",
        "stochastic variational inference (SVI)",
        "bernoulli",
        "exact",
        "scale",
        "relax",
        "ste",
        "dropout",
        "keep",
        "surface",
        "dropout-sgd",
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

#[test]
fn a_printed_run_is_a_scene_file() {
    // What `blr run` prints (or just its "scene") runs again through --scene, identically,
    // and speaks the URL's vocabulary.
    let args = [
        "run",
        "--state",
        "landscape=rosenbrock&family=full&lr=1&improved=false&compare=newton&view=-2,2,-1,3",
        "--steps",
        "20",
    ];
    let first = blr(&args);
    assert!(first.status.success());
    let v: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(v["scene"]["improved"], "false");
    assert_eq!(v["scene"]["compare"], "newton");
    assert_eq!(
        v["scene"]["view"],
        serde_json::json!([-2.0, 2.0, -1.0, 3.0])
    );
    let dir = std::env::temp_dir().join(format!("blr-scene-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let whole = dir.join("run.json");
    let scene_only = dir.join("scene.json");
    std::fs::write(&whole, &first.stdout).unwrap();
    std::fs::write(&scene_only, v["scene"].to_string()).unwrap();
    for f in [&whole, &scene_only] {
        let again = blr(&["run", "--scene", f.to_str().unwrap()]);
        assert!(
            again.status.success(),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(again.stdout, first.stdout, "{}", f.display());
    }
    // Flags override the file; a bad file names itself, exit 2.
    let v = json(&[
        "run",
        "--scene",
        scene_only.to_str().unwrap(),
        "--steps",
        "3",
    ]);
    assert_eq!(v["steps"].as_array().unwrap().len(), 4);
    std::fs::write(dir.join("bad.json"), r#"{"lr": 7}"#).unwrap();
    let bad = blr(&["run", "--scene", dir.join("bad.json").to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.starts_with("blr: error: lr: ") && err.contains("bad.json"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let missing = blr(&["run", "--scene", "/nonexistent/scene.json"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_conventional_status() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_blr"))
        .args(["run", "--steps", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is dropped here, as `| head -c 10` does.
    let o = child.wait_with_output().unwrap();
    assert_eq!(&head, b"{\"scene\":{");
    assert_eq!(o.status.code(), Some(141), "128 + SIGPIPE");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_full_disk_is_one_error_line_and_status_1() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system
    };
    for args in [&["run", "--steps", "100"][..], &["list"][..]] {
        let o = Command::new(env!("CARGO_BIN_EXE_blr"))
            .args(args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("blr: error: cannot write the output: "),
            "{err}"
        );
    }
}

#[test]
fn streamed_json_is_the_output_value_and_csv_numbers_are_shortest() {
    use blr_playground::{scene::Scene, session::Session};
    for q in [
        "landscape=rosenbrock&family=full&lr=1&improved=false&init=-1.2,1&steps=30",
        "family=mixture&k=3&estimator=mc&steps=20",
        "landscape=quadratic&family=fixed&lr=2e-1&steps=0",
    ] {
        let o = blr(&["run", "--state", q]);
        assert!(o.status.success());
        let want =
            serde_json::to_string(&Session::trajectory(&Scene::from_query(q).unwrap()).unwrap())
                .unwrap()
                + "\n";
        assert_eq!(String::from_utf8(o.stdout).unwrap(), want, "{q}");
    }
    // A covariance that shrinks fast: every cell is at most 25 characters (no 150-digit
    // decimals) and reads back as the JSON's number.
    let q = "landscape=quadratic&family=full&tau=1e-4&lr=1&steps=3";
    let csv = String::from_utf8(blr(&["run", "--state", q, "--format", "csv"]).stdout).unwrap();
    let v = json(&["run", "--state", q]);
    let row: Vec<&str> = csv.lines().nth(3).unwrap().split(',').collect();
    assert!(row.iter().all(|c| c.len() <= 25), "{row:?}");
    let cov_xx: f64 = row[6].parse().unwrap();
    assert_eq!(
        cov_xx,
        v["steps"][2]["components"][0]["cov"][0][0]
            .as_f64()
            .unwrap()
    );
}
