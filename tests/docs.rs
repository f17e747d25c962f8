//! docs/design.md carries the key table and the reduction registry as generated tables,
//! checked here against the code (so the reference cannot drift). To regenerate them after
//! changing a table: `BLR_WRITE_DOCS=1 cargo test --test docs`.

use blr_playground::reduction::REDUCTIONS;
use blr_playground::scene::KEYS;
use blr_playground::scene::keys::Control;
use std::fs;

const DOC: &str = "docs/design.md";

fn keys_table() -> String {
    let mut s = String::from(
        "| key | accepted | default | group | on change | page control | what |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for k in KEYS {
        let control = match k.control {
            Control::None => "—".to_string(),
            Control::Slider { lo, hi, scale, .. } => format!("slider {lo}…{hi} ({scale:?})"),
            c => format!("{c:?}").to_lowercase(),
        };
        s += &format!(
            "| `{}` | {} | `{}` | {:?} | {:?} | {} | {} |\n",
            k.name,
            k.accepted().replace('|', "\\|"),
            k.default,
            k.group,
            k.effect,
            control,
            k.help
        );
    }
    s
}

fn reductions_table() -> String {
    let mut s = String::from(
        "| the rule with | under | is | paper | drawn beside (`compare=auto`) |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in REDUCTIONS {
        s += &format!(
            "| family `{}` | {} | {} | {} | `{}`{} |\n",
            r.family.name(),
            r.condition,
            r.name,
            r.section,
            r.classic.name(),
            if r.twin {
                ""
            } else {
                " (a relative, not a twin)"
            }
        );
    }
    s
}

/// Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`.
fn splice(doc: &str, name: &str, body: &str) -> String {
    let (b, e) = (
        format!("<!-- {name}:begin -->"),
        format!("<!-- {name}:end -->"),
    );
    let i = doc.find(&b).unwrap_or_else(|| panic!("{DOC} lacks {b}")) + b.len();
    let j = doc.find(&e).unwrap_or_else(|| panic!("{DOC} lacks {e}"));
    format!("{}\n{}{}", &doc[..i], body, &doc[j..])
}

#[test]
fn design_doc_tables_are_generated_from_the_code() {
    let doc = fs::read_to_string(DOC).unwrap();
    let want = splice(
        &splice(&doc, "keys", &keys_table()),
        "reductions",
        &reductions_table(),
    );
    if std::env::var_os("BLR_WRITE_DOCS").is_some() {
        fs::write(DOC, &want).unwrap();
    }
    assert!(
        doc == want,
        "{DOC} is out of date: run BLR_WRITE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn nothing_in_the_repository_cites_files_outside_it() {
    // The patterns are built from pieces so that this file does not match them itself.
    let (outside, spec) = (concat!("shared", "/"), concat!("SPEC", " §"));
    let out = std::process::Command::new("git")
        .args([
            "grep", "-n", "-I", "-e", outside, "-e", spec, "--", ".", ":!*.lock",
        ])
        .output()
        .expect("git runs");
    let hits = String::from_utf8_lossy(&out.stdout);
    assert!(hits.trim().is_empty(), "{hits}");
}
