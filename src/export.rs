//! The trajectory as text, exactly as `blr run --format json|csv` prints it (docs/design.md,
//! "JSON output" and "CSV output"). The CLI prints these bytes and the page model hands out
//! the same bytes for the page's "JSON" and "CSV" downloads, so a file saved from the page is
//! byte-identical to the command line's output for the same scene.

use crate::linalg::Vec2;
use crate::run::StepRecord;
use crate::session::Output;
use std::fmt::Write;

/// The trajectory as one line of JSON, newline-terminated (what `blr run` prints).
pub fn json(out: &Output) -> String {
    let mut s = serde_json::to_string(out).expect("finite numbers serialise");
    s.push('\n');
    s
}

/// The trajectory as CSV (what `blr run --format csv` prints): header `t,status,objective`,
/// then per component k `weightk,mean_xk,mean_yk,cov_xxk,cov_xyk,cov_yyk`, then
/// `classic_x,classic_y` when there is a comparator; one row per JSON step. `status` is quoted;
/// an undefined objective and missing comparator points are empty cells; numbers in shortest
/// round-trip form ([`num`]).
pub fn csv(out: &Output) -> String {
    let k = out.steps.first().map_or(0, |s| s.components.len());
    let mut s = csv_header(k, out.classic.is_some());
    for (i, st) in out.steps.iter().enumerate() {
        let classic = out
            .classic
            .as_ref()
            .map(|path| path.get(i).map(|p| Vec2::new(p[0], p[1])));
        s.push_str(&csv_row(st, classic.as_ref().map(Option::as_ref)));
    }
    s
}

/// A number as the CSV prints it: the shortest text that reads back as the same f64, in
/// exponent form when that is shorter (1e-153, not 150 digits; the same digits as the JSON).
pub fn num(v: f64) -> String {
    if v.is_finite() {
        ryu::Buffer::new().format_finite(v).to_string()
    } else {
        // Never reached for an "ok" record (the run checks every number); an empty cell if so.
        String::new()
    }
}

pub fn csv_header(k: usize, classic: bool) -> String {
    let mut s = String::from("t,status,objective");
    for i in 0..k {
        let _ = write!(
            s,
            ",weight{i},mean_x{i},mean_y{i},cov_xx{i},cov_xy{i},cov_yy{i}"
        );
    }
    if classic {
        s.push_str(",classic_x,classic_y");
    }
    s.push('\n');
    s
}

pub fn csv_row(st: &StepRecord, classic: Option<Option<&Vec2>>) -> String {
    let obj = st.objective.map(num).unwrap_or_default();
    let mut s = format!("{},\"{}\",{obj}", st.t, st.status.replace('"', "'"));
    for c in &st.components {
        for v in [
            c.weight,
            c.mean[0],
            c.mean[1],
            c.cov[0][0],
            c.cov[0][1],
            c.cov[1][1],
        ] {
            s.push(',');
            s.push_str(&num(v));
        }
    }
    match classic {
        Some(Some(p)) => {
            let _ = write!(s, ",{},{}", num(p[0]), num(p[1]));
        }
        Some(None) => s.push_str(",,"),
        None => {}
    }
    s.push('\n');
    s
}
