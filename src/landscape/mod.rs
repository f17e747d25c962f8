//! Loss landscapes ℓ̄(θ), θ = (x, y) ∈ R² (docs/maths.md §9).
//!
//! Every landscape is one generic formula `f<R: Real>(x, y)` ([`simd::Real`]), so the value
//! path uses plain `f64`, the derivative path num-dual's second-order dual numbers (gradients
//! and Hessians are exact, forward-mode automatic differentiation, never finite differences)
//! and the batch value path four SIMD lanes ([`simd::F64x4`]).
//! The batch paths take structure-of-arrays inputs so that callers never change when the
//! evaluation is vectorised.

pub mod data;
pub mod expr;
mod functions;
pub mod simd;
pub mod vmath;

use crate::linalg::{Mat2, Vec2};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub use expr::{Expr, ExprError};
pub use simd::{F64x4, Real};

/// A landscape of the form ℓ̄(θ) = w Σₙ f(vₙᵀθ) + ½δ‖θ‖² (logistic regression: vₙ = −yₙxₙ,
/// f = softplus, w = N/b on a minibatch). Each data term varies only along its direction vₙ,
/// so under a Gaussian N(m, Σ) its expectation is one-dimensional: vₙᵀθ ~ N(vₙᵀm, vₙᵀΣvₙ).
pub struct RidgeSum {
    /// The directions vₙ of the rows in use.
    pub dirs: Vec<Vec2>,
    /// f and its first two derivatives at a point: [f(z), f′(z), f″(z)].
    pub f: fn(f64) -> [f64; 3],
    /// The weight w of every term.
    pub scale: f64,
    /// The Gaussian prior's precision δ.
    pub delta: f64,
}

/// Which landscape; the names are the scene's `landscape` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LandscapeKind {
    Quadratic,
    Rosenbrock,
    Himmelblau,
    SixHumpCamel,
    Rastrigin,
    Ackley,
    StyblinskiTang,
    Branin,
    DoubleBanana,
    Star,
    TwoMoons,
    Logistic,
    Ridge,
    Mixture1d,
    Tracking,
    Expr,
}

impl LandscapeKind {
    /// Every kind, in the order `blr list` shows them.
    pub const ALL: [LandscapeKind; 16] = [
        LandscapeKind::Quadratic,
        LandscapeKind::Rosenbrock,
        LandscapeKind::Himmelblau,
        LandscapeKind::SixHumpCamel,
        LandscapeKind::Rastrigin,
        LandscapeKind::Ackley,
        LandscapeKind::StyblinskiTang,
        LandscapeKind::Branin,
        LandscapeKind::DoubleBanana,
        LandscapeKind::Star,
        LandscapeKind::TwoMoons,
        LandscapeKind::Logistic,
        LandscapeKind::Ridge,
        LandscapeKind::Mixture1d,
        LandscapeKind::Tracking,
        LandscapeKind::Expr,
    ];

    /// The scene/CLI name, e.g. `six-hump-camel`.
    pub fn name(self) -> &'static str {
        functions::name(self)
    }

    /// One-line description for `blr list` and the page.
    pub fn description(self) -> &'static str {
        functions::description(self)
    }

    /// Parses a scene/CLI name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The data model of a landscape that is a sum over rows (`None` for the others).
    pub fn model(self) -> Option<data::Model> {
        match self {
            LandscapeKind::Logistic => Some(data::Model::Logistic),
            LandscapeKind::Ridge => Some(data::Model::Ridge),
            LandscapeKind::Mixture1d => Some(data::Model::Mixture1d),
            LandscapeKind::Tracking => Some(data::Model::Tracking),
            _ => None,
        }
    }
}

/// Plotting domain [x0, x1] × [y0, y1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub x: [f64; 2],
    pub y: [f64; 2],
}

/// A known local or global minimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Minimum {
    pub at: Vec2,
    pub value: f64,
}

/// Value, gradient and Hessian at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Eval {
    pub value: f64,
    pub grad: Vec2,
    pub hess: Mat2,
}

/// Structure-of-arrays derivatives for a batch of points: entry i belongs to point i.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    pub value: Vec<f64>,
    pub gx: Vec<f64>,
    pub gy: Vec<f64>,
    pub hxx: Vec<f64>,
    pub hxy: Vec<f64>,
    pub hyy: Vec<f64>,
}

impl Batch {
    /// Resizes every column to n entries (contents unspecified until written).
    pub fn resize(&mut self, n: usize) {
        for c in [
            &mut self.value,
            &mut self.gx,
            &mut self.gy,
            &mut self.hxx,
            &mut self.hxy,
            &mut self.hyy,
        ] {
            c.resize(n, 0.0);
        }
    }

    /// Point i as an [`Eval`].
    pub fn get(&self, i: usize) -> Eval {
        Eval {
            value: self.value[i],
            grad: Vec2::new(self.gx[i], self.gy[i]),
            hess: Mat2::new(self.hxx[i], self.hxy[i], self.hxy[i], self.hyy[i]),
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// True when the batch holds no points.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
}

/// Parameters of the parametrised landscapes (scene keys `cond`, `angle`, `expr`, `sigma`,
/// `prior` and the user's rows).
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Quadratic: condition number κ ≥ 1 of A = R(angle) diag(1, κ) R(angle)ᵀ.
    pub cond: f64,
    /// Quadratic: rotation in degrees.
    pub angle: f64,
    /// Expr: the formula text.
    pub expr: String,
    /// Data landscapes: the user's rows (`None`: the shipped data set).
    pub data: Option<Arc<data::Dataset>>,
    /// Ridge and the one-dimensional mixture: noise standard deviation σ.
    pub sigma: f64,
    /// Data landscapes: prior precision δ (`None`: the model's own, 0.01 logistic, 1 ridge,
    /// 0.1 mixture1d).
    pub prior: Option<f64>,
    /// Tracking: the random walk's drift variance q.
    pub drift: f64,
    /// Tracking: the observation noise variance r.
    pub noise: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            cond: 10.0,
            angle: 30.0,
            expr: String::new(),
            data: None,
            sigma: data::RIDGE_SIGMA,
            prior: None,
            drift: data::TRACKING_DRIFT,
            noise: data::TRACKING_NOISE,
        }
    }
}

/// The data term of a data landscape, ℓ̄(θ) = w Σ_{n∈B} ℓ_n(θ) + (δ/2)‖θ‖² (docs/maths.md §10):
/// the rows, the model's constants and the rows in use (all, or a minibatch B with w = N/b).
#[derive(Clone, Debug)]
pub struct DataTerm {
    pub data: Arc<data::Dataset>,
    /// Ridge and mixture1d: noise standard deviation σ.
    pub sigma: f64,
    /// Prior precision δ.
    pub prior: f64,
    /// The minibatch B (row indices, ascending), or `None` for every row.
    pub batch: Option<Arc<[usize]>>,
    /// w: 1 for every row, N/b for a minibatch.
    pub scale: f64,
    /// Mixture1d: the responsibilities r_n = q(z_n = 1) of every row (r_n2 = 1 − r_n). When
    /// set, the landscape is the expected complete-data loss under them (docs/maths.md §14),
    /// the loss the rule's θ-step sees; `None`: the marginal loss.
    pub resp: Option<Arc<[f64]>>,
    /// Tracking: the drift variance q of the random walk (docs/maths.md §13).
    pub drift: f64,
    /// Tracking: the observation noise variance r.
    pub noise: f64,
    /// Tracking: the step's own loss, the observation it consumes and the predicted prior
    /// (docs/maths.md §13); `None`: the first observation's term alone.
    pub online: Option<Arc<Online>>,
}

/// One step of the online tracking loss (docs/maths.md §13):
/// ℓ_t(θ) = [‖y_t − θ‖²/(2r) + log 2πr] − log N(θ; m⁻, (S⁻)⁻¹), the negative log of the
/// observation's likelihood times the predicted prior q⁻ = N(m⁻, (S⁻)⁻¹). At t = 0 there is no
/// observation and ℓ₀ = −log q₀: the prior alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Online {
    /// The row y_t the step consumes (0-based: row t − 1 for step t); `None` at t = 0.
    pub row: Option<usize>,
    /// The predicted mean m⁻.
    pub mean: Vec2,
    /// The predicted precision S⁻ = (P⁻)⁻¹.
    pub prec: Mat2,
    /// −log N's constant, log 2π − ½ log det S⁻.
    pub log_norm: f64,
}

impl DataTerm {
    /// Calls `f` on each row in use, in ascending order.
    #[inline(always)]
    pub fn for_each_row(&self, mut f: impl FnMut(&[f64; 3])) {
        self.for_each_indexed_row(|_, r| f(r))
    }

    /// Mixture1d: the log-odds of row n's assignment that q(θ) implies (docs/maths.md §14),
    /// from the moments E_q[μₖ] (`first`) and E_q[μₖ²] (`second`) and the temperature τ:
    /// η̂ₙ = E_q[log N(xₙ|μ₁,σ²) − log N(xₙ|μ₂,σ²)]/τ
    ///    = (2xₙ(E[μ₁] − E[μ₂]) − (E[μ₁²] − E[μ₂²]))/(2σ²τ).
    pub fn assignment_log_odds(
        &self,
        n: usize,
        first: [f64; 2],
        second: [f64; 2],
        tau: f64,
    ) -> f64 {
        let x = self.data.rows[n][0];
        (2.0 * x * (first[0] - first[1]) - (second[0] - second[1]))
            / (2.0 * self.sigma * self.sigma * tau)
    }

    /// Calls `f` on each row in use with its index in the data, in ascending order.
    #[inline(always)]
    pub fn for_each_indexed_row(&self, mut f: impl FnMut(usize, &[f64; 3])) {
        // One call site, so that `f` is inlined into the loop (with two, one per case, the
        // compiler kept the logistic SIMD body out of line: a call per row, its sums through
        // memory).
        let rows = &self.data.rows;
        let n = self.batch.as_ref().map_or(rows.len(), |ix| ix.len());
        for k in 0..n {
            let i = match &self.batch {
                None => k,
                Some(ix) => ix[k],
            };
            f(i, &rows[i]);
        }
    }
}

/// A ready-to-evaluate landscape.
#[derive(Clone, Debug)]
pub struct Landscape {
    kind: LandscapeKind,
    /// Quadratic: the matrix A of ℓ̄ = ½ θᵀAθ.
    a: Mat2,
    /// Expr: the compiled formula.
    expr: Option<Expr>,
    /// Logistic and ridge: the rows and the model's constants.
    data: Option<DataTerm>,
}

impl Landscape {
    /// Builds a landscape; fails only for a malformed `expr`.
    pub fn new(kind: LandscapeKind, params: &Params) -> Result<Self, ExprError> {
        let expr = match kind {
            LandscapeKind::Expr => Some(Expr::parse(&params.expr)?),
            _ => None,
        };
        let (s, c) = params.angle.to_radians().sin_cos();
        let r = Mat2::new(c, -s, s, c);
        let a = r * Mat2::new(1.0, 0.0, 0.0, params.cond) * r.transpose();
        let data = kind.model().map(|model| DataTerm {
            data: params
                .data
                .clone()
                .unwrap_or_else(|| data::shipped(model).clone()),
            sigma: params.sigma,
            prior: params.prior.unwrap_or(match model {
                data::Model::Logistic => data::LOGISTIC_DELTA,
                data::Model::Ridge => data::RIDGE_DELTA,
                data::Model::Mixture1d => data::MIXTURE1D_DELTA,
                // Tracking's prior is the predicted q⁻ of each step, not δ.
                data::Model::Tracking => 0.0,
            }),
            batch: None,
            scale: 1.0,
            resp: None,
            drift: params.drift,
            noise: params.noise,
            online: None,
        });
        Ok(Landscape {
            kind,
            a,
            expr,
            data,
        })
    }

    /// The data term of a data landscape (`None` for the others).
    pub fn data(&self) -> Option<&DataTerm> {
        self.data.as_ref()
    }

    /// The same landscape on the minibatch `rows` (ascending row indices), scaled by N/b so
    /// that it estimates the full loss without bias (docs/maths.md §10); `None` for
    /// landscapes without data.
    pub fn with_batch(&self, rows: Arc<[usize]>) -> Option<Landscape> {
        let mut l = self.clone();
        let d = l.data.as_mut()?;
        d.scale = d.data.len() as f64 / rows.len() as f64;
        d.batch = Some(rows);
        Some(l)
    }

    /// The one-dimensional mixture's expected complete-data loss under the responsibilities
    /// `resp` (r_n = q(z_n = 1) for every row of the data; docs/maths.md §14), on the same rows
    /// and scale; `None` for other landscapes or when `resp` does not have one entry per row.
    pub fn with_responsibilities(&self, resp: Arc<[f64]>) -> Option<Landscape> {
        if self.kind != LandscapeKind::Mixture1d {
            return None;
        }
        let mut l = self.clone();
        let d = l.data.as_mut()?;
        if resp.len() != d.data.len() {
            return None;
        }
        d.resp = Some(resp);
        Some(l)
    }

    /// Tracking: the loss of one step, −log of the observation `row`'s likelihood (none at
    /// t = 0) times the predicted prior N(`mean`, `prec`⁻¹) (see [`Online`]); `None` for other
    /// landscapes, a row outside the data or a prior that is not positive definite.
    pub fn online(&self, row: Option<usize>, mean: Vec2, prec: Mat2) -> Option<Landscape> {
        if self.kind != LandscapeKind::Tracking {
            return None;
        }
        let mut l = self.clone();
        let d = l.data.as_mut()?;
        let det = prec.determinant();
        if row.is_some_and(|n| n >= d.data.len()) || !(det > 0.0 && prec[(0, 0)] > 0.0) {
            return None;
        }
        d.online = Some(Arc::new(Online {
            row,
            mean,
            prec,
            log_norm: (std::f64::consts::TAU).ln() - 0.5 * det.ln(),
        }));
        Some(l)
    }

    /// The square-gradient stand-in for the Hessian built from per-row gradients on data
    /// landscapes, w Σ_{n∈B} ∇ℓ_n∇ℓ_nᵀ + δI (its diagonal is OGN's and VOGN's per-row
    /// squares); `None` for landscapes that are not sums over rows, where ∇ℓ̄∇ℓ̄ᵀ stands in.
    pub fn square_gradient(&self, p: Vec2) -> Option<Mat2> {
        functions::row_square_gradient(self, p)
    }

    pub fn kind(&self) -> LandscapeKind {
        self.kind
    }

    /// ℓ̄(θ).
    pub fn value(&self, p: Vec2) -> f64 {
        functions::value(self, p[0], p[1])
    }

    /// ℓ̄, ∇ℓ̄ and ∇²ℓ̄ at θ, exact (num-dual second-order duals).
    pub fn eval(&self, p: Vec2) -> Eval {
        functions::eval(self, p)
    }

    /// Gauss–Newton (generalised Gauss–Newton for logistic) matrix at θ, where the loss is a
    /// sum of squares ½Σrᵢ² (→ JᵀJ) or a logistic loss (→ Σ pᵢ(1−pᵢ)xᵢxᵢᵀ + δI);
    /// `None` for landscapes that are neither.
    pub fn gauss_newton(&self, p: Vec2) -> Option<Mat2> {
        functions::gauss_newton(self, p)
    }

    /// True when [`Landscape::gauss_newton`] is available.
    pub fn has_gauss_newton(&self) -> bool {
        self.gauss_newton(Vec2::zeros()).is_some()
    }

    /// The landscape as a sum of ridge terms, when it is one (see [`RidgeSum`]).
    pub fn ridge_sum(&self) -> Option<RidgeSum> {
        functions::ridge_sum(self)
    }

    /// For a landscape that is exactly Gaussian, ℓ̄(θ) = ½(θ − a)ᵀΛ(θ − a) + const: (a, Λ).
    /// Its target exp(−ℓ̄/τ) is then N(a, τΛ⁻¹), the posterior a mean-field q is compared with.
    pub fn gaussian(&self) -> Option<(Vec2, Mat2)> {
        match self.kind {
            LandscapeKind::Quadratic => Some((Vec2::zeros(), (self.a + self.a.transpose()) * 0.5)),
            LandscapeKind::Ridge => {
                // w Σ (xₙᵀθ − yₙ)²/(2σ²) + (δ/2)‖θ‖² on the rows in use: Λ = δI + (w/σ²) Σ xₙxₙᵀ,
                // a = Λ⁻¹ (w/σ²) Σ xₙyₙ (the model's own σ, δ and rows, not the shipped ones).
                let d = self.data.as_ref()?;
                let w = d.scale / (d.sigma * d.sigma);
                let mut prec = Mat2::identity() * d.prior;
                let mut b = Vec2::zeros();
                d.for_each_row(|&[x1, x2, y]| {
                    let x = Vec2::new(x1, x2);
                    prec += x * x.transpose() * w;
                    b += x * (y * w);
                });
                Some((crate::linalg::solve(&prec, &b)?, prec))
            }
            LandscapeKind::Tracking => {
                // ‖y − θ‖²/(2r) + ½(θ − m⁻)ᵀS⁻(θ − m⁻): Λ = I/r + S⁻, a = Λ⁻¹(y/r + S⁻m⁻).
                let d = self.data.as_ref()?;
                let (mut prec, mut b) = (Mat2::zeros(), Vec2::zeros());
                let row = d.online.as_ref().map_or(Some(0), |o| o.row);
                if let Some(n) = row {
                    let [y1, y2, _] = d.data.rows[n];
                    prec += Mat2::identity() / d.noise;
                    b += Vec2::new(y1, y2) / d.noise;
                }
                if let Some(o) = &d.online {
                    prec += o.prec;
                    b += o.prec * o.mean;
                }
                Some((crate::linalg::solve(&prec, &b)?, prec))
            }
            _ => None,
        }
    }

    /// True when ∇²ℓ̄ is positive semi-definite everywhere (the improved rule is then not needed).
    pub fn is_convex(&self) -> bool {
        matches!(
            self.kind,
            LandscapeKind::Quadratic
                | LandscapeKind::Ridge
                | LandscapeKind::Logistic
                | LandscapeKind::Tracking
        )
    }

    /// The plotting domain (tracking: the observations' bounding box with a margin).
    pub fn domain(&self) -> Domain {
        match (self.kind, &self.data) {
            (LandscapeKind::Tracking, Some(d)) => functions::rows_domain(&d.data.rows),
            _ => functions::domain(self.kind),
        }
    }

    /// Known minima (global first); empty for `expr`.
    pub fn minima(&self) -> Vec<Minimum> {
        functions::minima(self)
    }

    /// Values at many points: `out[i] = ℓ̄(xs[i], ys[i])`, four points per step in SIMD lanes
    /// (see [`simd`] for the agreement with [`Landscape::value`]).
    pub fn values(&self, xs: &[f64], ys: &[f64], out: &mut [f64]) {
        assert!(xs.len() == ys.len() && xs.len() == out.len());
        functions::values_simd(self, xs, ys, out);
    }

    /// Value, gradient and Hessian at many points (structure of arrays).
    pub fn evals(&self, xs: &[f64], ys: &[f64], out: &mut Batch) {
        assert_eq!(xs.len(), ys.len());
        out.resize(xs.len());
        functions::evals(self, xs, ys, out);
    }
}
