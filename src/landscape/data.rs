//! The rows of the data landscapes (docs/maths.md §9, §10): the shipped data sets and the
//! user's own CSV files, read by one parser.
//!
//! Each shipped set was drawn once from a fixed seed (the generator and seed are stated in the
//! CSV's header comment) and is compiled into the binary, so every build, native or wasm, sees
//! the same numbers and no run ever draws data. A user's file (`blr run --data FILE.csv`) goes
//! through the same [`Dataset::parse`], so the shipped file given as `--data` is the same
//! [`Dataset`], bit for bit. Files are read with the `csv` crate (quoting, CRLF, `#` comment
//! lines); every error names the line (the header is line 1 when the file has no comment lines)
//! and the column.

use crate::linalg::{self, Mat2, Vec2};
use std::fmt;
use std::hash::Hasher;
use std::sync::{Arc, OnceLock};

const LOGISTIC_CSV: &str = include_str!("../../assets/data/logistic.csv");
const RIDGE_CSV: &str = include_str!("../../assets/data/ridge.csv");
const MIXTURE1D_CSV: &str = include_str!("../../assets/data/mixture1d.csv");
const TRACKING_CSV: &str = include_str!("../../assets/data/tracking.csv");

/// Noise standard deviation σ of the ridge model y = Xθ + σε (the CSV was drawn with it): the
/// default of the scene key `sigma`.
pub const RIDGE_SIGMA: f64 = 0.5;
/// Prior precision δ of the ridge model, θ ~ N(0, δ⁻¹I): the default of `prior` on ridge.
pub const RIDGE_DELTA: f64 = 1.0;
/// Prior precision δ of logistic regression, θ ~ N(0, 100 I): the default of `prior` there.
pub const LOGISTIC_DELTA: f64 = 0.01;

/// Prior precision δ of the one-dimensional mixture's means, μₖ ~ N(0, 10): the default of
/// `prior` there (the data were drawn with the default `sigma`, 0.5).
pub const MIXTURE1D_DELTA: f64 = 0.1;

/// Drift variance q of the tracking model's random walk θ_t = θ_{t−1} + w_t, w_t ~ N(0, qI):
/// the default of the scene key `drift`.
pub const TRACKING_DRIFT: f64 = 0.1;
/// Observation noise variance r of the tracking model y_t = θ_t + v_t, v_t ~ N(0, rI) (the CSV
/// was drawn with it): the default of the scene key `noise`.
pub const TRACKING_NOISE: f64 = 0.25;

/// The true position the shipped tracking data observe at step t = 1..N (N = 100): a figure
/// eight θ_t = (2 sin(2πt/N), 1.5 sin(4πt/N)), which starts at θ₀ = (0, 0). Only the shipped
/// rows have a known truth.
pub fn tracking_truth(t: usize) -> [f64; 2] {
    let u = std::f64::consts::TAU * t as f64 / TRACKING_ROWS as f64;
    [2.0 * u.sin(), 1.5 * (2.0 * u).sin()]
}

/// Rows of the shipped tracking data (steps of the figure eight).
const TRACKING_ROWS: usize = 100;

/// At most this many rows in a data file.
pub const MAX_ROWS: usize = 10_000;

/// Which model the rows are for; it fixes the columns the header must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// `x1,x2,label`, label ±1 or 0/1 (0 means −1).
    Logistic,
    /// `x1,x2,y`.
    Ridge,
    /// `x`: one-dimensional draws of a two-component mixture (stored as (x, 0, 0)).
    Mixture1d,
    /// `y1,y2`: one observation per step of a moving target, in step order (stored as
    /// (y1, y2, 0)).
    Tracking,
}

impl Model {
    pub const ALL: [Model; 4] = [
        Model::Logistic,
        Model::Ridge,
        Model::Mixture1d,
        Model::Tracking,
    ];

    /// The model whose [`Model::name`] this is.
    pub fn from_name(name: &str) -> Option<Model> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The columns the header must name, in the order rows are stored (at most 3; a row's
    /// unused cells are 0).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Model::Logistic => &["x1", "x2", "label"],
            Model::Ridge => &["x1", "x2", "y"],
            Model::Mixture1d => &["x"],
            Model::Tracking => &["y1", "y2"],
        }
    }

    /// The landscape name the rows belong to.
    pub fn name(self) -> &'static str {
        match self {
            Model::Logistic => "logistic",
            Model::Ridge => "ridge",
            Model::Mixture1d => "mixture1d",
            Model::Tracking => "tracking",
        }
    }
}

/// Rows of a data landscape: (x1, x2, label or y) each, labels stored as ±1; (x, 0, 0) for
/// the one-dimensional mixture; (y1, y2, 0) for tracking.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub model: Model,
    /// Where the rows came from: the file name as given, or `built-in:NAME.csv`.
    pub file: String,
    pub rows: Vec<[f64; 3]>,
    /// FNV-1a (64 bit) of the rows' values as little-endian f64 bytes, row by row.
    pub checksum: u64,
}

/// A malformed data file: which file, line and column, and why (one line when shown).
#[derive(Clone, Debug, PartialEq)]
pub struct DataError {
    pub file: String,
    /// 1-based physical line (0 when the error is about the whole file).
    pub line: u64,
    /// The column, by name or by 1-based number; empty when the error is about a whole line.
    pub column: String,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ": line {}", self.line)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DataError {}

/// A user's text in a one-line message: escaped and at most 40 characters.
fn shown(s: &str) -> String {
    let mut t: String = s.chars().take(40).flat_map(char::escape_default).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
}

/// The checksum of rows: FNV-1a over each value's little-endian bytes.
pub fn checksum(rows: &[[f64; 3]]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    for r in rows {
        for v in r {
            h.write(&v.to_le_bytes());
        }
    }
    h.finish()
}

impl Dataset {
    /// Builds a data set from rows already checked (labels ±1).
    pub fn from_rows(model: Model, file: &str, rows: Vec<[f64; 3]>) -> Dataset {
        Dataset {
            model,
            file: file.into(),
            checksum: checksum(&rows),
            rows,
        }
    }

    /// Reads a CSV file's text: a header naming the model's columns (in any order; no others),
    /// then 1 to [`MAX_ROWS`] rows of finite numbers; lines starting with `#` are comments.
    /// For logistic data a label must be −1, 1, 0 or 1 (0 is stored as −1).
    pub fn parse(model: Model, file: &str, text: &str) -> Result<Dataset, DataError> {
        let err = |line: u64, column: String, message: String| DataError {
            file: file.into(),
            line,
            column,
            message,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let want = model.columns();
        // Where each wanted column sits in a record (the first want.len() entries).
        let mut order: Option<[usize; 3]> = None;
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                err(line, String::new(), format!("not CSV: {}", csv_reason(&e)))
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(str::is_empty) {
                continue; // a blank line
            }
            let Some(cols) = order else {
                // The header: each wanted column exactly once, nothing else.
                let mut found = [usize::MAX; 3];
                for (i, name) in rec.iter().enumerate() {
                    match want.iter().position(|w| *w == name) {
                        Some(j) if found[j] == usize::MAX => found[j] = i,
                        Some(_) => {
                            return Err(err(
                                line,
                                format!("{} ({name})", i + 1),
                                format!("column '{}' named twice", shown(name)),
                            ));
                        }
                        None => {
                            return Err(err(
                                line,
                                (i + 1).to_string(),
                                format!(
                                    "unknown column '{}'; {} data need the header {}",
                                    shown(name),
                                    model.name(),
                                    want.join(",")
                                ),
                            ));
                        }
                    }
                }
                if let Some(j) = found[..want.len()].iter().position(|&f| f == usize::MAX) {
                    return Err(err(
                        line,
                        want[j].into(),
                        format!(
                            "missing column '{}'; {} data need the header {}",
                            want[j],
                            model.name(),
                            want.join(",")
                        ),
                    ));
                }
                order = Some(found);
                continue;
            };
            if rec.len() != want.len() {
                return Err(err(
                    line,
                    if rec.len() > want.len() {
                        (want.len() + 1).to_string()
                    } else {
                        (rec.len() + 1).to_string()
                    },
                    format!("{} cells; the header has {}", rec.len(), want.len()),
                ));
            }
            if rows.len() == MAX_ROWS {
                return Err(err(
                    line,
                    String::new(),
                    format!("more than {MAX_ROWS} rows"),
                ));
            }
            let mut row = [0.0; 3];
            for (j, &c) in cols[..want.len()].iter().enumerate() {
                let cell = &rec[c];
                let column = want[j].to_string();
                let v = cell
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        err(
                            line,
                            column.clone(),
                            format!("'{}' is not a finite number", shown(cell)),
                        )
                    })?;
                row[j] = match (model, j) {
                    (Model::Logistic, 2) if v == 1.0 => 1.0,
                    (Model::Logistic, 2) if v == -1.0 || v == 0.0 => -1.0,
                    (Model::Logistic, 2) => {
                        return Err(err(
                            line,
                            column,
                            format!("label '{}' is not -1, 1 or 0/1", shown(cell)),
                        ));
                    }
                    _ => v,
                };
            }
            rows.push(row);
        }
        if order.is_none() {
            return Err(err(
                0,
                String::new(),
                format!("no header; {} data need {}", model.name(), want.join(",")),
            ));
        }
        if rows.is_empty() {
            return Err(err(0, String::new(), "no data rows".into()));
        }
        Ok(Dataset::from_rows(model, file, rows))
    }

    /// Number of rows N.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no rows (never for a parsed data set).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The checksum as text, `fnv1a64:` and 16 hex digits.
    pub fn checksum_text(&self) -> String {
        format!("fnv1a64:{:016x}", self.checksum)
    }
}

/// The reason of a csv error without its own position prefix.
fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".into(),
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => e.to_string(),
    }
}

/// The shipped data set of a model, parsed once. The files are part of the source tree and
/// checked by the tests, so a parse failure is a build defect, reported loudly.
pub fn shipped(model: Model) -> &'static Arc<Dataset> {
    static LOGISTIC: OnceLock<Arc<Dataset>> = OnceLock::new();
    static RIDGE: OnceLock<Arc<Dataset>> = OnceLock::new();
    static MIXTURE1D: OnceLock<Arc<Dataset>> = OnceLock::new();
    static TRACKING: OnceLock<Arc<Dataset>> = OnceLock::new();
    let (cell, text) = match model {
        Model::Logistic => (&LOGISTIC, LOGISTIC_CSV),
        Model::Ridge => (&RIDGE, RIDGE_CSV),
        Model::Mixture1d => (&MIXTURE1D, MIXTURE1D_CSV),
        Model::Tracking => (&TRACKING, TRACKING_CSV),
    };
    cell.get_or_init(|| {
        let file = format!("built-in:{}.csv", model.name());
        Arc::new(Dataset::parse(model, &file, text).unwrap_or_else(|e| panic!("{e}")))
    })
}

/// Logistic-regression data: (xᵢ, yᵢ) with xᵢ ∈ R² and label yᵢ ∈ {−1, +1}.
/// 30 points per class: +1 ~ N((1, 5), I), −1 ~ N((−5, 1), 2.2²I) (assets/data/logistic.csv).
pub fn logistic() -> &'static [([f64; 2], f64)] {
    static DATA: OnceLock<Vec<([f64; 2], f64)>> = OnceLock::new();
    DATA.get_or_init(|| {
        shipped(Model::Logistic)
            .rows
            .iter()
            .map(|&[a, b, l]| ([a, b], l))
            .collect()
    })
}

/// Linear-Gaussian regression data and model: yᵢ = xᵢᵀθ + σεᵢ, prior θ ~ N(0, δ⁻¹I), so
/// ℓ̄(θ) = ‖y − Xθ‖²/(2σ²) + δ‖θ‖²/2.
#[derive(Clone, Debug, PartialEq)]
pub struct Ridge {
    /// Rows xᵢ of the design matrix X.
    pub x: Vec<[f64; 2]>,
    /// Targets yᵢ.
    pub y: Vec<f64>,
    /// Noise standard deviation σ.
    pub sigma: f64,
    /// Prior precision δ.
    pub delta: f64,
}

/// The ridge data set: 20 rows, true θ = (1, −0.5), σ = 0.5, δ = 1 (assets/data/ridge.csv).
pub fn ridge() -> &'static Ridge {
    static DATA: OnceLock<Ridge> = OnceLock::new();
    DATA.get_or_init(|| {
        let (x, y) = shipped(Model::Ridge)
            .rows
            .iter()
            .map(|&[a, b, t]| ([a, b], t))
            .unzip();
        Ridge {
            x,
            y,
            sigma: RIDGE_SIGMA,
            delta: RIDGE_DELTA,
        }
    })
}

/// The exact Gaussian posterior of a ridge model, (m*, S*) with S* = XᵀX/σ² + δI and
/// m* = S*⁻¹Xᵀy/σ² (docs/maths.md §8, the conjugate oracle).
pub fn ridge_posterior_of(rows: &[[f64; 3]], sigma: f64, delta: f64) -> (Vec2, Mat2) {
    let w = 1.0 / (sigma * sigma);
    let mut s = Mat2::identity() * delta;
    let mut b = Vec2::zeros();
    for &[a, c, yi] in rows {
        let xi = Vec2::new(a, c);
        s += xi * xi.transpose() * w;
        b += xi * (yi * w);
    }
    // S* ⪰ δI with δ > 0, so it is never singular.
    let m = linalg::solve(&s, &b).expect("S* = XᵀX/σ² + δI is positive definite");
    (m, s)
}

/// The exact posterior of the shipped ridge model.
pub fn ridge_posterior() -> (Vec2, Mat2) {
    ridge_posterior_of(&shipped(Model::Ridge).rows, RIDGE_SIGMA, RIDGE_DELTA)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dataset, DataError> {
        Dataset::parse(Model::Logistic, "f.csv", text)
    }

    #[test]
    fn labels_zero_one_mean_minus_one_plus_one_and_columns_may_be_reordered() {
        let d = parse("label,x2,x1\n0,2,1\n1,4,3\n").unwrap();
        assert_eq!(d.rows, vec![[1.0, 2.0, -1.0], [3.0, 4.0, 1.0]]);
    }

    #[test]
    fn malformed_files_name_file_line_and_column() {
        let e = |t: &str| parse(t).unwrap_err().to_string();
        assert_eq!(
            e("x1,x2\n1,2\n"),
            "f.csv: line 1, column label: missing column 'label'; logistic data need the header x1,x2,label"
        );
        assert_eq!(
            e("x1,x2,label\n1,2,1\n1,oops,1\n"),
            "f.csv: line 3, column x2: 'oops' is not a finite number"
        );
        assert_eq!(
            e("x1,x2,label\n1,2,3\n"),
            "f.csv: line 2, column label: label '3' is not -1, 1 or 0/1"
        );
        assert_eq!(
            e("x1,x2,label\n1,2\n"),
            "f.csv: line 2, column 3: 2 cells; the header has 3"
        );
        assert_eq!(
            e("x1,x2,label,z\n"),
            "f.csv: line 1, column 4: unknown column 'z'; logistic data need the header x1,x2,label"
        );
        assert_eq!(e("x1,x2,label\n"), "f.csv: no data rows");
        assert_eq!(e(""), "f.csv: no header; logistic data need x1,x2,label");
        assert_eq!(
            e("x1,x2,label\n1,2,inf\n"),
            "f.csv: line 2, column label: 'inf' is not a finite number"
        );
        let big = format!("x1,x2,label\n{}", "1,2,1\n".repeat(MAX_ROWS + 1));
        assert_eq!(
            e(&big),
            format!("f.csv: line {}: more than 10000 rows", MAX_ROWS + 2)
        );
    }

    #[test]
    fn tracking_rows_need_y1_and_y2() {
        let e = |t: &str| {
            Dataset::parse(Model::Tracking, "t.csv", t)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            e("y1\n1\n"),
            "t.csv: line 1, column y2: missing column 'y2'; tracking data need the header y1,y2"
        );
        assert_eq!(
            e("y1,y2\n1,2\n3\n"),
            "t.csv: line 3, column 2: 1 cells; the header has 2"
        );
        let d = Dataset::parse(Model::Tracking, "t.csv", "y2,y1\n2,1\n4,3\n").unwrap();
        assert_eq!(d.rows, vec![[1.0, 2.0, 0.0], [3.0, 4.0, 0.0]]);
    }

    #[test]
    fn the_shipped_files_parse_with_their_comments() {
        assert_eq!(shipped(Model::Logistic).len(), 60);
        assert_eq!(shipped(Model::Ridge).len(), 20);
        assert_eq!(shipped(Model::Mixture1d).len(), 80);
        assert_eq!(shipped(Model::Tracking).len(), TRACKING_ROWS);
        assert!(
            shipped(Model::Mixture1d)
                .rows
                .iter()
                .all(|r| r[1..] == [0.0, 0.0])
        );
    }
}
