//! The user's rows through `blr run --data FILE.csv` (docs/design.md, "Data"): the shipped data
//! given as a file run bit for bit like the built-in data, the JSON carries the rows so that
//! `--scene` replays the run, minibatch records name their rows, and every malformed file exits
//! 2 with one line naming the file, the line and the column.

use super::{blr, json};
use serde_json::Value;
use std::path::PathBuf;

fn shipped(name: &str) -> String {
    format!("{}/assets/data/{name}.csv", env!("CARGO_MANIFEST_DIR"))
}

/// A file of this test's own in the system's temporary directory.
fn temp(name: &str, text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("blr-data-test-{}-{name}", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn shipped_data_through_data_runs_bit_for_bit_like_the_built_in_data() {
    for (landscape, extra) in [
        (
            "logistic",
            "family=diagonal&estimator=mc&samples=4&hessian=square-gradient&batch=7",
        ),
        ("logistic", "family=full&estimator=gauss-hermite"),
        ("ridge", "family=fixed&batch=3&lr=0.01"),
        ("ridge", "family=full&lr=0.5"),
        ("mixture1d", "family=full&lr=1&init=2.8,2.7"),
        (
            "mixture1d",
            "family=full&estimator=gauss-hermite&gh=2&batch=10&lr=0.2",
        ),
    ] {
        let state = format!("landscape={landscape}&{extra}&steps=40");
        let built_in = json(&["run", "--state", &state]);
        let file = shipped(landscape);
        let own = json(&["run", "--state", &state, "--data", &file]);
        assert_eq!(own["steps"], built_in["steps"], "{state}");
        assert_eq!(own["classic"], built_in["classic"], "{state}");
        assert_eq!(own["gap"], built_in["gap"], "{state}");
        assert!(built_in["scene"].get("data").is_none());
        let d = &own["scene"]["data"];
        assert_eq!(d["file"], file.as_str());
        assert_eq!(d["model"], landscape);
        assert!(d["checksum"].as_str().unwrap().starts_with("fnv1a64:"));
        let n = match landscape {
            "logistic" => 60,
            "ridge" => 20,
            _ => 80,
        };
        assert_eq!(d["rows"], n);
        assert_eq!(d["values"].as_array().unwrap().len(), n);
    }
}

#[test]
fn the_json_output_replays_with_its_own_rows() {
    // Labels 0/1 and reordered columns; the output's scene carries the rows.
    let csv = "label,x1,x2\n1,1,3\n0,-2,0.5\n1,0.5,2\n0,-1,-1\n1,2,2.5\n";
    let f = temp("own.csv", csv);
    let args = [
        "run",
        "--landscape",
        "logistic",
        "--family",
        "fixed",
        "--batch",
        "2",
        "--steps",
        "25",
        "--data",
        f.to_str().unwrap(),
    ];
    let first = json(&args);
    assert_eq!(
        first["scene"]["data"]["values"][1],
        serde_json::json!([-2.0, 0.5, -1.0])
    );
    let out = temp("out.json", &serde_json::to_string(&first).unwrap());
    let again = json(&["run", "--scene", out.to_str().unwrap()]);
    assert_eq!(again, first);
    // A tampered row no longer matches the checksum.
    let mut bad = first.clone();
    bad["scene"]["data"]["values"][0][0] = serde_json::json!(7.0);
    let out = temp("bad.json", &serde_json::to_string(&bad).unwrap());
    let o = blr(&["run", "--scene", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("blr: error: data: checksum"), "{err}");
    // One-column rows (mixture1d) are stored as [x, 0, 0] and replay too.
    let f = temp("mix.csv", "x\n-1.2\n-0.8\n1.4\n1.9\n0.3\n");
    let args = [
        "run",
        "--landscape",
        "mixture1d",
        "--batch",
        "2",
        "--steps",
        "20",
    ];
    let first = json(&[&args[..], &["--data", f.to_str().unwrap()]].concat());
    assert_eq!(
        first["scene"]["data"]["values"][2],
        serde_json::json!([1.4, 0.0, 0.0])
    );
    let out = temp("mix.json", &serde_json::to_string(&first).unwrap());
    let again = json(&["run", "--scene", out.to_str().unwrap()]);
    assert_eq!(again, first);
}

#[test]
fn minibatch_records_name_distinct_rows_from_the_seed() {
    let rows = |seed: &str| -> Vec<Value> {
        let v = json(&[
            "run",
            "--state",
            "landscape=logistic&family=fixed&batch=5&steps=30",
            "--seed",
            seed,
        ]);
        let steps = v["steps"].as_array().unwrap().clone();
        assert!(steps[0].get("batch").is_none(), "record 0 has no rows");
        steps[1..]
            .iter()
            .map(|s| {
                let b: Vec<u64> = serde_json::from_value(s["batch"].clone()).unwrap();
                assert_eq!(b.len(), 5);
                assert!(b.windows(2).all(|w| w[0] < w[1]), "distinct, ascending");
                assert!(b.iter().all(|&i| i < 60));
                s["batch"].clone()
            })
            .collect()
    };
    assert_eq!(rows("1"), rows("1"));
    assert_ne!(rows("1"), rows("2"));
    // Every row: no record carries rows.
    let v = json(&["run", "--state", "landscape=logistic&family=fixed&steps=3"]);
    assert!(
        v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.get("batch").is_none())
    );
}

#[test]
fn malformed_files_exit_2_naming_file_line_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "logistic",
            "x1,x2\n1,2\n",
            "line 1, column label: missing column 'label'",
        ),
        (
            "logistic",
            "x1,x2,label\n1,2,1\n3,abc,1\n",
            "line 3, column x2: 'abc' is not a finite number",
        ),
        (
            "logistic",
            "# a comment\nx1,x2,label\n1,2,2\n",
            "line 3, column label: label '2' is not -1, 1 or 0/1",
        ),
        (
            "logistic",
            "x1,x2,label\n1,2,1,4\n",
            "line 2, column 4: 4 cells; the header has 3",
        ),
        ("logistic", "x1,x2,label\n", "no data rows"),
        (
            "ridge",
            "x1,x2,label\n1,2,1\n",
            "line 1, column 3: unknown column 'label'",
        ),
        (
            "ridge",
            "x1,x2,y\n1,2,NaN\n",
            "line 2, column y: 'NaN' is not a finite number",
        ),
        (
            "mixture1d",
            "x1\n0.5\n",
            "line 1, column 1: unknown column 'x1'; mixture1d data need the header x",
        ),
        (
            "mixture1d",
            "x\n0.5\n1,2\n",
            "line 3, column 2: 2 cells; the header has 1",
        ),
        (
            "mixture1d",
            "# mine\nx\n0.5\ninf\n",
            "line 4, column x: 'inf' is not a finite number",
        ),
        // An unclosed quote runs to the end of the file: one cell short.
        ("ridge", "x1,x2,y\n1,\"2,3\n", "line 2, column 3: 2 cells"),
    ];
    for (i, (landscape, text, want)) in cases.iter().enumerate() {
        let f = temp(&format!("bad{i}.csv"), text);
        let path = f.to_str().unwrap();
        let o = blr(&["run", "--landscape", landscape, "--data", path]);
        assert_eq!(o.status.code(), Some(2), "{text:?}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("blr: error: data: {path}: ")) && err.contains(want),
            "{text:?}: {err}"
        );
    }
    // Too many rows, a file that is not UTF-8, a missing file, a landscape without data.
    let big = format!("x1,x2,y\n{}", "1,2,3\n".repeat(10_001));
    let f = temp("big.csv", &big);
    let err = String::from_utf8_lossy(
        &blr(&["run", "--landscape", "ridge", "--data", f.to_str().unwrap()]).stderr,
    )
    .to_string();
    assert!(err.contains("line 10002: more than 10000 rows"), "{err}");
    let f = temp("latin1.csv", "x1,x2,y\n1,2,3\n");
    std::fs::write(&f, b"x1,x2,y\n1,2,\xff\n").unwrap();
    let err = String::from_utf8_lossy(
        &blr(&["run", "--landscape", "ridge", "--data", f.to_str().unwrap()]).stderr,
    )
    .to_string();
    assert!(err.contains("line 2: not UTF-8 text"), "{err}");
    let o = blr(&[
        "run",
        "--landscape",
        "ridge",
        "--data",
        "/nonexistent/x.csv",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = blr(&[
        "run",
        "--landscape",
        "rosenbrock",
        "--data",
        &shipped("ridge"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("takes no data"));
}

#[test]
fn sigma_and_prior_set_the_model() {
    // Ridge: the minimum is the exact posterior mean of the model with these σ and δ.
    let v = json(&[
        "run",
        "--state",
        "landscape=ridge&family=full&lr=1&steps=1&sigma=2&prior=0.5",
    ]);
    let m = &v["steps"][1]["components"][0]["mean"];
    let d = blr_playground::landscape::data::ridge();
    let (mut s, mut b) = ([[0.5, 0.0], [0.0, 0.5]], [0.0; 2]);
    for (x, y) in d.x.iter().zip(&d.y) {
        for i in 0..2 {
            b[i] += x[i] * y / 4.0;
            for j in 0..2 {
                s[i][j] += x[i] * x[j] / 4.0;
            }
        }
    }
    let det = s[0][0] * s[1][1] - s[0][1] * s[1][0];
    let want = [
        (s[1][1] * b[0] - s[0][1] * b[1]) / det,
        (s[0][0] * b[1] - s[1][0] * b[0]) / det,
    ];
    for i in 0..2 {
        let got = m[i].as_f64().unwrap();
        assert!(
            (got - want[i]).abs() < 1e-12 * want[i].abs().max(1.0),
            "{got} {want:?}"
        );
    }
    let o = blr(&["run", "--landscape", "logistic", "--prior", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("blr: error: prior: invalid value '0'"));
}
