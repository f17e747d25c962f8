//! The trajectory as text, exactly as `blr run --format json|csv` prints it (docs/design.md,
//! "JSON output" and "CSV output"). The CLI prints these bytes and the page model hands out
//! the same bytes for the page's "JSON" and "CSV" downloads, so a file saved from the page is
//! byte-identical to the command line's output for the same scene.

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
/// an undefined objective and missing comparator points are empty cells.
pub fn csv(out: &Output) -> String {
    let k = out.steps.first().map_or(0, |s| s.components.len());
    let mut s = String::from("t,status,objective");
    for i in 0..k {
        let _ = write!(
            s,
            ",weight{i},mean_x{i},mean_y{i},cov_xx{i},cov_xy{i},cov_yy{i}"
        );
    }
    if out.classic.is_some() {
        s.push_str(",classic_x,classic_y");
    }
    s.push('\n');
    for (i, st) in out.steps.iter().enumerate() {
        let obj = st.objective.map(|v| v.to_string()).unwrap_or_default();
        let _ = write!(s, "{},\"{}\",{obj}", st.t, st.status.replace('"', "'"));
        for c in &st.components {
            let _ = write!(
                s,
                ",{},{},{},{},{},{}",
                c.weight, c.mean[0], c.mean[1], c.cov[0][0], c.cov[0][1], c.cov[1][1]
            );
        }
        if let Some(path) = &out.classic {
            match path.get(i) {
                Some(p) => {
                    let _ = write!(s, ",{},{}", p[0], p[1]);
                }
                None => s.push_str(",,"),
            }
        }
        s.push('\n');
    }
    s
}
