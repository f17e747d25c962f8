//! The landscape formulas (docs/maths.md §9): names, descriptions, domains, known minima and
//! Gauss–Newton matrices.
//!
//! Every landscape is written once, as a function generic over [`Real`] ([`formula`]
//! dispatches on the kind): with `f64` it gives values, with num-dual's second-order dual
//! numbers exact gradients and Hessians, with [`F64x4`] four values at once (SIMD).

use super::simd::{self, F64x4, Real, log_add_exp, log_sum_exp};
use super::{Batch, Domain, Eval, Landscape, LandscapeKind as K, Minimum, RidgeSum, data};
use crate::linalg::{Mat2, Vec2, sym};
use nalgebra::SVector;
use num_dual::{Dual2SVec64, DualSVec64, hessian, jacobian};
use std::f64::consts::{E, PI, TAU};
use std::sync::OnceLock;

/// Added under the square roots of Ackley and two moons, and inside double banana's log, so
/// that a cone tip (‖θ‖ at θ = 0) or a log singularity (at (1, 1)) becomes smooth and finite:
/// the delta method and Newton may land exactly there and must not get NaN. It moves values
/// only within ~1e-6 of those points (Ackley's minimum value becomes 4e-6 instead of 0).
const SMOOTH: f64 = 1e-12;

/// Branin's constants (a = 1, r = 6, s = 10 are written inline).
const BRANIN_B: f64 = 5.1 / (4.0 * PI * PI);
const BRANIN_C: f64 = 5.0 / PI;
const BRANIN_T: f64 = 1.0 / (8.0 * PI);

/// Double banana (Detommaso et al., "A Stein variational Newton method", NeurIPS 2018): one
/// observation y of F(θ) = log((1−x)² + 100(y−x²)²) with noise sd 0.3 and prior N(0, I).
/// The paper draws y at random from the model; we fix the round value y = log 30 ≈ 3.4012,
/// which gives the same two-lobed banana (two minima, ℓ̄ ≈ 0.1412 and 0.1440).
const BANANA_SD: f64 = 0.3;

/// Five-armed star: equal-weight mixture of five Gaussians centred at radius `STAR_RADIUS`
/// along the directions 2πk/5, each with sd `STAR_SD_LONG` along its arm (radially) and
/// `STAR_SD_SHORT` across it.
const STAR_ARMS: usize = 5;
const STAR_RADIUS: f64 = 2.0;
const STAR_SD_LONG: f64 = 1.0;
const STAR_SD_SHORT: f64 = 0.3;

pub(super) fn name(kind: K) -> &'static str {
    match kind {
        K::Quadratic => "quadratic",
        K::Rosenbrock => "rosenbrock",
        K::Himmelblau => "himmelblau",
        K::SixHumpCamel => "six-hump-camel",
        K::Rastrigin => "rastrigin",
        K::Ackley => "ackley",
        K::StyblinskiTang => "styblinski-tang",
        K::Branin => "branin",
        K::DoubleBanana => "double-banana",
        K::Star => "star",
        K::TwoMoons => "two-moons",
        K::Logistic => "logistic",
        K::Ridge => "ridge",
        K::Mixture1d => "mixture1d",
        K::Tracking => "tracking",
        K::Expr => "expr",
    }
}

pub(super) fn description(kind: K) -> &'static str {
    match kind {
        K::Quadratic => {
            "½θᵀAθ, A = R(angle) diag(1, cond) R(angle)ᵀ: ill-conditioned, rotatable bowl"
        }
        K::Rosenbrock => "(1−x)² + 100(y−x²)²: curved valley, minimum at (1, 1)",
        K::Himmelblau => "(x²+y−11)² + (x+y²−7)²: four equal minima",
        K::SixHumpCamel => "(4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²: six minima, two global",
        K::Rastrigin => "20 + Σ(xᵢ² − 10 cos 2πxᵢ): a grid of local minima",
        K::Ackley => {
            "−20 exp(−0.2√(½‖θ‖²)) − exp(½Σcos 2πxᵢ) + e + 20: bumpy plain, deep central well"
        }
        K::StyblinskiTang => "½Σ(xᵢ⁴ − 16xᵢ² + 5xᵢ): four minima, one global",
        K::Branin => "(y − 5.1x²/4π² + 5x/π − 6)² + 10(1 − 1/8π) cos x + 10: three global minima",
        K::DoubleBanana => {
            "(log 30 − log((1−x)² + 100(y−x²)²))²/(2·0.3²) + ‖θ‖²/2: two-lobed banana posterior"
        }
        K::Star => "−log of five equal Gaussians stretched along radial arms: five-armed star",
        K::TwoMoons => "½((‖θ‖−2)/0.4)² − log(e^(−½((x−2)/0.6)²) + e^(−½((x+2)/0.6)²)): two moons",
        K::Logistic => {
            "Σ log(1 + exp(−yᵢθᵀxᵢ)) + ½·0.01‖θ‖²: Bayesian logistic regression, 60 points"
        }
        K::Ridge => "‖y − Xθ‖²/(2σ²) + δ‖θ‖²/2: linear regression, exactly Gaussian posterior",
        K::Mixture1d => {
            "−Σ log(½N(xₙ|μ₁,σ²) + ½N(xₙ|μ₂,σ²)) + δ‖θ‖²/2, θ = (μ₁, μ₂): two-component mixture of 80 points; two mirror modes and a saddle on the diagonal"
        }
        K::Tracking => {
            "online: ‖y_t − θ‖²/(2r) − log q⁻(θ) at step t, one noisy observation of a moving target per step (random walk with drift q): the Kalman filter's loss"
        }
        K::Expr => "your own formula in x and y",
    }
}

/// Dispatches on the landscape kind once, binding `$f` to that landscape's generic formula
/// (`fn(&Landscape, R, R) -> R`), so that callers can hoist the `match` out of their loops.
macro_rules! with_formula {
    ($kind:expr, $f:ident => $body:expr) => {
        match $kind {
            K::Quadratic => {
                let $f = quadratic;
                $body
            }
            K::Rosenbrock => {
                let $f = rosenbrock;
                $body
            }
            K::Himmelblau => {
                let $f = himmelblau;
                $body
            }
            K::SixHumpCamel => {
                let $f = six_hump_camel;
                $body
            }
            K::Rastrigin => {
                let $f = rastrigin;
                $body
            }
            K::Ackley => {
                let $f = ackley;
                $body
            }
            K::StyblinskiTang => {
                let $f = styblinski_tang;
                $body
            }
            K::Branin => {
                let $f = branin;
                $body
            }
            K::DoubleBanana => {
                let $f = double_banana;
                $body
            }
            K::Star => {
                let $f = star;
                $body
            }
            K::TwoMoons => {
                let $f = two_moons;
                $body
            }
            K::Logistic => {
                let $f = logistic;
                $body
            }
            K::Ridge => {
                let $f = ridge;
                $body
            }
            K::Mixture1d => {
                let $f = mixture1d;
                $body
            }
            K::Tracking => {
                let $f = tracking;
                $body
            }
            K::Expr => {
                let $f = expr;
                $body
            }
        }
    };
}

/// ℓ̄(x, y) for any [`Real`]: f64 for values, dual numbers for derivatives, [`F64x4`] for
/// four points at once.
pub(super) fn formula<R: Real>(l: &Landscape, x: R, y: R) -> R {
    with_formula!(l.kind, f => f(l, x, y))
}

/// `out[i] = ℓ̄(xs[i], ys[i])`, four points per formula call ([`simd::map4`]); the kind is
/// matched once per batch, not per point.
pub(super) fn values_simd(l: &Landscape, xs: &[f64], ys: &[f64], out: &mut [f64]) {
    with_formula!(l.kind, f => simd::map4(xs, ys, out, |x: F64x4, y: F64x4| f(l, x, y)))
}

/// ½θᵀAθ.
fn quadratic<R: Real>(l: &Landscape, x: R, y: R) -> R {
    let a = &l.a;
    (x * x * a[(0, 0)] + x * y * (a[(0, 1)] + a[(1, 0)]) + y * y * a[(1, 1)]) * 0.5
}

fn rosenbrock<R: Real>(_: &Landscape, x: R, y: R) -> R {
    sum_of_squares(rosenbrock_residuals(x, y))
}

fn himmelblau<R: Real>(_: &Landscape, x: R, y: R) -> R {
    sum_of_squares(himmelblau_residuals(x, y))
}

fn six_hump_camel<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let (x2, y2) = (x * x, y * y);
    (x2 * (x2 / 3.0 - 2.1) + 4.0) * x2 + x * y + (y2 * 4.0 - 4.0) * y2
}

fn rastrigin<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let bump = |t: R| t * t - (t * TAU).cos() * 10.0 + 10.0;
    bump(x) + bump(y)
}

fn ackley<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let r = ((x * x + y * y) * 0.5 + SMOOTH).sqrt();
    let waves = (((x * TAU).cos() + (y * TAU).cos()) * 0.5).exp();
    (r * -0.2).exp() * -20.0 - waves + (E + 20.0)
}

fn styblinski_tang<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let well = |t: R| {
        let t2 = t * t;
        (t2 * t2 - t2 * 16.0 + t * 5.0) * 0.5
    };
    well(x) + well(y)
}

fn branin<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let q = y - x * x * BRANIN_B + x * BRANIN_C - 6.0;
    q * q + x.cos() * (10.0 * (1.0 - BRANIN_T)) + 10.0
}

fn double_banana<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let r = banana_residual(x, y);
    r * r + (x * x + y * y) * 0.5
}

fn two_moons<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let ring = ((x * x + y * y + SMOOTH).sqrt() - 2.0) / 0.4;
    let (left, right) = ((x + 2.0) / 0.6, (x - 2.0) / 0.6);
    ring * ring * 0.5 - log_add_exp(left * left * -0.5, right * right * -0.5)
}

/// The two parts of softplus(z) = hi + log(1 + e^(lo − hi)) with hi = max(z, 0),
/// lo = min(z, 0), so that it never overflows; returns (hi, 1 + e^(lo − hi)).
#[inline(always)]
fn softplus_parts<R: Real>(z: R) -> (R, R) {
    let zero = R::cst(0.0);
    let (hi, lo) = (
        R::select_gt(z, zero, z, zero),
        R::select_gt(z, zero, zero, z),
    );
    (hi, (lo - hi).exp() + 1.0)
}

/// How many factors of (1, 2] are multiplied before their logarithm is taken (2⁶⁴ stays far
/// from overflow).
const LOG_CHUNK: usize = 64;

/// w Σ_{n∈B} −log σ(yₙθᵀxₙ) + ½δ‖θ‖², with −log σ(yₙθᵀxₙ) = softplus(zₙ), zₙ = −yₙθᵀxₙ
/// (w = 1 and B every row unless a minibatch is in use, docs/maths.md §10).
///
/// softplus(z) = max(z, 0) + log(1 + e^(−|z|)), which never overflows, and the logarithms
/// are taken 64 at a time: Σₙ log(1 + e^(−|zₙ|)) = log Πₙ (1 + e^(−|zₙ|)), each factor in
/// (1, 2], so each product stays below 2⁶⁴. That divides the transcendental calls by nearly two
/// (one exp per datum, one log per 64) at the accuracy of summing the terms: a product's
/// roundings move the value by at most ~1.3e-14 absolute on a loss ≥ 2 (the terms' sum itself
/// rounds at 60 ulp). Tiny e^(−|z|) (< 1e-16) vanish from the value's last bit, as in any sum,
/// but not from the derivatives: 1 + u keeps u's derivative parts exactly.
fn logistic<R: Real>(l: &Landscape, x: R, y: R) -> R {
    let d = data_term(l);
    let w = d.scale;
    let mut sum = (x * x + y * y) * (0.5 * d.prior);
    let mut logs = R::cst(0.0);
    let mut product = R::cst(1.0);
    let mut n = 0;
    d.for_each_row(|&[a, b, label]| {
        let (hi, factor) = softplus_parts((x * a + y * b) * -label);
        sum += hi * w;
        product = product * factor;
        n += 1;
        if n % LOG_CHUNK == 0 {
            logs += product.ln();
            product = R::cst(1.0);
        }
    });
    sum + (logs + product.ln()) * w
}

/// softplus(z) = log(1 + eᶻ) with its derivatives σ(z) and σ(z)(1 − σ(z)), overflow-free
/// (e^(−|z|) never overflows). The one scalar form: per-row gradients, the Gauss–Newton
/// matrix and the per-term expectations all read it.
fn softplus(z: f64) -> [f64; 3] {
    let e = (-z.abs()).exp();
    let sigma = if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    [z.max(0.0) + e.ln_1p(), sigma, e / ((1.0 + e) * (1.0 + e))]
}

/// The landscapes that are sums of ridge terms: [`logistic`], on the rows in use.
pub(super) fn ridge_sum(l: &Landscape) -> Option<RidgeSum> {
    if l.kind != K::Logistic {
        return None;
    }
    let d = l.data()?;
    let mut dirs = Vec::new();
    d.for_each_row(|&[a, b, label]| dirs.push(Vec2::new(a, b) * -label));
    Some(RidgeSum {
        dirs,
        f: softplus,
        scale: d.scale,
        delta: d.prior,
    })
}

/// w Σ_{n∈B} (xₙᵀθ − yₙ)²/(2σ²) + δ‖θ‖²/2.
fn ridge<R: Real>(l: &Landscape, x: R, y: R) -> R {
    let d = data_term(l);
    let w = 0.5 / (d.sigma * d.sigma) * d.scale;
    let mut sum = (x * x + y * y) * (0.5 * d.prior);
    d.for_each_row(|&[a, b, t]| {
        let res = x * a + y * b - t;
        sum += res * res * w;
    });
    sum
}

/// The one-dimensional two-component mixture with equal weights, known σ and means θ = (μ₁, μ₂)
/// (docs/maths.md §14). With c = 1/(2σ²) and the constant k = log 2 + ½log(2πσ²):
/// - marginal: w Σ_{n∈B} [−log(e^(−c(xₙ−μ₁)²) + e^(−c(xₙ−μ₂)²)) + k] + δ‖θ‖²/2;
/// - under responsibilities r (the θ-step's loss): w Σ_{n∈B} [rₙc(xₙ−μ₁)² + (1−rₙ)c(xₙ−μ₂)² + k]
///   + δ‖θ‖²/2, quadratic in θ.
fn mixture1d<R: Real>(l: &Landscape, x: R, y: R) -> R {
    let d = data_term(l);
    let (w, c) = (d.scale, 0.5 / (d.sigma * d.sigma));
    let k = std::f64::consts::LN_2 + 0.5 * (TAU * d.sigma * d.sigma).ln();
    let mut sum = (x * x + y * y) * (0.5 * d.prior);
    match &d.resp {
        Some(r) => d.for_each_indexed_row(|n, &[v, _, _]| {
            let (a, b) = (x - v, y - v);
            sum += (a * a * (r[n] * c) + b * b * ((1.0 - r[n]) * c) + k) * w;
        }),
        None => d.for_each_row(|&[v, _, _]| {
            let (a, b) = (x - v, y - v);
            sum += (-log_add_exp(a * a * -c, b * b * -c) + k) * w;
        }),
    }
    sum
}

/// One step of the online tracking loss (docs/maths.md §13, [`super::Online`]):
/// ‖y_t − θ‖²/(2r) + log 2πr + ½(θ − m⁻)ᵀS⁻(θ − m⁻) + log 2π − ½ log det S⁻; without a step,
/// the first observation's term alone.
fn tracking<R: Real>(l: &Landscape, x: R, y: R) -> R {
    let d = data_term(l);
    let mut sum = R::cst(0.0);
    if let Some(n) = d.online.as_ref().map_or(Some(0), |o| o.row) {
        let [a, b, _] = d.data.rows[n];
        let (u, v) = (x - a, y - b);
        sum = (u * u + v * v) * (0.5 / d.noise) + (TAU * d.noise).ln();
    }
    if let Some(o) = &d.online {
        let (u, v) = (x - o.mean[0], y - o.mean[1]);
        let s = &o.prec;
        sum += (u * u * s[(0, 0)] + u * v * (s[(0, 1)] + s[(1, 0)]) + v * v * s[(1, 1)]) * 0.5
            + o.log_norm;
    }
    sum
}

fn data_term(l: &Landscape) -> &super::DataTerm {
    l.data
        .as_ref()
        .expect("Landscape::new gives every data landscape its rows")
}

/// ∇ℓₙ(θ) of one row, in closed form: logistic σ(zₙ)(−yₙxₙ) with zₙ = −yₙθᵀxₙ, ridge
/// (xₙᵀθ − yₙ)xₙ/σ².
fn row_gradient(kind: K, sigma: f64, p: Vec2, &[a, b, t]: &[f64; 3]) -> Vec2 {
    let xi = Vec2::new(a, b);
    let u = p.dot(&xi);
    match kind {
        // softplus′(z) = σ(z), z = −yₙθᵀxₙ.
        K::Logistic => xi * (-t * softplus(-t * u)[1]),
        _ => xi * ((u - t) / (sigma * sigma)),
    }
}

/// w Σ_{n∈B} ∇ℓₙ∇ℓₙᵀ + δI on data landscapes (docs/maths.md §10).
pub(super) fn row_square_gradient(l: &Landscape, p: Vec2) -> Option<Mat2> {
    if matches!(l.kind, K::Mixture1d | K::Tracking) {
        // Mixture1d's rows' gradients depend on the responsibilities (docs/maths.md §14);
        // tracking has one row per step, with its prior: ĝĝᵀ stands in.
        return None;
    }
    let d = l.data.as_ref()?;
    let mut h = Mat2::zeros();
    d.for_each_row(|r| {
        let g = row_gradient(l.kind, d.sigma, p, r);
        h += g * g.transpose();
    });
    Some(h * d.scale + Mat2::identity() * d.prior)
}

fn expr<R: Real>(l: &Landscape, x: R, y: R) -> R {
    l.expr
        .as_ref()
        .expect("Landscape::new compiles the formula of every expr landscape")
        .eval(x, y)
}

/// ℓ̄ = Σ rᵢ² (summed in order, the same bits as `Iterator::sum`).
fn sum_of_squares<R: Real, const N: usize>(r: [R; N]) -> R {
    r[1..].iter().fold(r[0] * r[0], |s, &v| s + v * v)
}

/// Rosenbrock as least squares: r = (1 − x, 10(y − x²)).
fn rosenbrock_residuals<R: Real>(x: R, y: R) -> [R; 2] {
    [-x + 1.0, (y - x * x) * 10.0]
}

/// Himmelblau as least squares: r = (x² + y − 11, x + y² − 7).
fn himmelblau_residuals<R: Real>(x: R, y: R) -> [R; 2] {
    [x * x + y - 11.0, x + y * y - 7.0]
}

/// Double banana's data residual r = (log 30 − F(θ))/(√2·0.3), F = log(Rosenbrock(θ)), so that
/// r² = (log 30 − F)²/(2·0.3²).
fn banana_residual<R: Real>(x: R, y: R) -> R {
    let f = (sum_of_squares(rosenbrock_residuals(x, y)) + SMOOTH).ln();
    (-f + 30f64.ln()) / (BANANA_SD * std::f64::consts::SQRT_2)
}

/// Unit vectors of the star's arms, at angles 2πk/5.
fn star_arms() -> &'static [[f64; 2]; STAR_ARMS] {
    static ARMS: OnceLock<[[f64; 2]; STAR_ARMS]> = OnceLock::new();
    ARMS.get_or_init(|| {
        std::array::from_fn(|k| {
            let (s, c) = (TAU * k as f64 / STAR_ARMS as f64).sin_cos();
            [c, s]
        })
    })
}

/// −log p for the five-armed star, p = (1/5) Σₖ N(θ; R uₖ, Σₖ) with
/// Σₖ = sd_long² uₖuₖᵀ + sd_short² vₖvₖᵀ (uₖ radial, vₖ ⟂ uₖ).
fn star<R: Real>(_: &Landscape, x: R, y: R) -> R {
    let log_norm = (STAR_ARMS as f64 * 2.0 * PI * STAR_SD_LONG * STAR_SD_SHORT).ln();
    let exponents = star_arms().map(|[c, s]| {
        let (dx, dy) = (x - STAR_RADIUS * c, y - STAR_RADIUS * s);
        let along = (dx * c + dy * s) / STAR_SD_LONG;
        let across = (dy * c - dx * s) / STAR_SD_SHORT;
        (along * along + across * across) * -0.5
    });
    -log_sum_exp(exponents) + log_norm
}

/// ℓ̄(x, y).
pub(super) fn value(l: &Landscape, x: f64, y: f64) -> f64 {
    formula(l, x, y)
}

/// Value, gradient and Hessian by second-order forward-mode AD.
pub(super) fn eval(l: &Landscape, p: Vec2) -> Eval {
    let (value, grad, hess) = hessian(|v: SVector<Dual2SVec64<2>, 2>| formula(l, v[0], v[1]), &p);
    // Both mixed partials are accumulated separately; averaging makes them bit-identical.
    Eval {
        value,
        grad,
        hess: sym(&hess),
    }
}

/// [`eval`] at many points, structure of arrays, with the kind matched once per batch: the
/// same calls per point, so the same bits as [`eval`].
pub(super) fn evals(l: &Landscape, xs: &[f64], ys: &[f64], out: &mut Batch) {
    with_formula!(l.kind, f => {
        for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
            let p = Vec2::new(x, y);
            let (value, grad, hess) =
                hessian(|v: SVector<Dual2SVec64<2>, 2>| f(l, v[0], v[1]), &p);
            let hess = sym(&hess);
            out.value[i] = value;
            out.gx[i] = grad[0];
            out.gy[i] = grad[1];
            out.hxx[i] = hess[(0, 0)];
            out.hxy[i] = hess[(0, 1)];
            out.hyy[i] = hess[(1, 1)];
        }
    })
}

/// 2JᵀJ for ℓ̄ = Σ rᵢ², with J the residuals' Jacobian at p.
fn residual_gauss_newton<const N: usize>(
    residuals: fn(DualSVec64<2>, DualSVec64<2>) -> [DualSVec64<2>; N],
    p: Vec2,
) -> Mat2 {
    let (_, j) = jacobian(
        |v: SVector<DualSVec64<2>, 2>| SVector::from(residuals(v[0], v[1])),
        &p,
    );
    sym(&(j.transpose() * j * 2.0))
}

/// Gauss–Newton matrix: the Hessian with the residuals' curvature dropped, so it is positive
/// semi-definite everywhere; `None` for landscapes that are not least squares or logistic.
pub(super) fn gauss_newton(l: &Landscape, p: Vec2) -> Option<Mat2> {
    match l.kind {
        K::Quadratic => Some(sym(&l.a)),
        K::Rosenbrock => Some(residual_gauss_newton(rosenbrock_residuals, p)),
        K::Himmelblau => Some(residual_gauss_newton(himmelblau_residuals, p)),
        K::DoubleBanana => {
            Some(residual_gauss_newton(|x, y| [banana_residual(x, y)], p) + Mat2::identity())
        }
        // Quadratic: the Gauss–Newton matrix is the Hessian Λ.
        K::Tracking => l.gaussian().map(|(_, prec)| prec),
        K::Ridge | K::Logistic => {
            let d = data_term(l);
            let mut h = Mat2::zeros();
            d.for_each_row(|&[a, b, _]| {
                let xi = Vec2::new(a, b);
                let c = if l.kind == K::Ridge {
                    1.0 / (d.sigma * d.sigma)
                } else {
                    // softplus″ = σ(1 − σ); the label drops out because it is even.
                    softplus(p[0] * a + p[1] * b)[2]
                };
                h += xi * xi.transpose() * c;
            });
            Some(h * d.scale + Mat2::identity() * d.prior)
        }
        _ => None,
    }
}

/// A local minimum by Newton's method from `start`, halving a step that does not lower ℓ̄;
/// where the Hessian is not positive definite the step is the gradient instead (a descent
/// direction, so the path never settles on a saddle it does not start on). `None` if 200 steps
/// do not bring the gradient below 1e-10 (relative).
fn minimise(l: &Landscape, start: Vec2) -> Option<Vec2> {
    let mut p = start;
    for _ in 0..200 {
        let e = eval(l, p);
        if e.grad.norm() <= 1e-10 * e.value.abs().max(1.0) {
            return Some(p);
        }
        let mut d = if crate::linalg::is_positive_definite(&e.hess) {
            crate::linalg::solve(&e.hess, &e.grad)?
        } else {
            e.grad
        };
        for _ in 0..50 {
            if value(l, p[0] - d[0], p[1] - d[1]) <= e.value {
                break;
            }
            d *= 0.5;
        }
        p -= d;
    }
    None
}

/// Plotting domains: docs/maths.md §9's for the test functions; the posteriors are framed on their
/// mass (found by plotting exp(−ℓ̄)), the logistic one wide because its posterior is long and
/// skewed along the direction the data barely constrain.
pub(super) fn domain(kind: K) -> Domain {
    let d = |x0, x1, y0, y1| Domain {
        x: [x0, x1],
        y: [y0, y1],
    };
    match kind {
        K::Quadratic => d(-3.0, 3.0, -3.0, 3.0),
        K::Rosenbrock => d(-2.0, 2.0, -1.0, 3.0),
        K::Himmelblau | K::Ackley | K::StyblinskiTang | K::Expr => d(-5.0, 5.0, -5.0, 5.0),
        K::SixHumpCamel => d(-3.0, 3.0, -2.0, 2.0),
        K::Rastrigin => d(-5.12, 5.12, -5.12, 5.12),
        K::Branin => d(-5.0, 10.0, 0.0, 15.0),
        K::DoubleBanana => d(-2.0, 2.0, -1.5, 2.5),
        K::Star => d(-4.5, 4.5, -4.5, 4.5),
        K::TwoMoons => d(-4.0, 4.0, -4.0, 4.0),
        K::Logistic => d(-2.0, 14.0, -3.0, 6.0),
        K::Ridge => d(-0.3, 1.7, -1.3, 0.7),
        // The shipped data's two clusters (means −1 and 1.5) with a margin on each side.
        K::Mixture1d => d(-2.5, 3.0, -2.5, 3.0),
        // The observations' own box (see `rows_domain`); this is for a landscape without rows.
        K::Tracking => d(-3.0, 3.0, -3.0, 3.0),
    }
}

/// Tracking's domain: the bounding box of the observations (y1, y2) with a 15% margin, widened
/// to a square so that circles stay round.
pub(super) fn rows_domain(rows: &[[f64; 3]]) -> Domain {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for r in rows {
        for i in 0..2 {
            lo[i] = lo[i].min(r[i]);
            hi[i] = hi[i].max(r[i]);
        }
    }
    let half = (0..2).map(|i| 0.5 * (hi[i] - lo[i])).fold(0.5f64, f64::max) * 1.15;
    let c = [0, 1].map(|i| 0.5 * (lo[i] + hi[i]));
    Domain {
        x: [c[0] - half, c[0] + half],
        y: [c[1] - half, c[1] + half],
    }
}

/// Known minima, global first. Closed forms where they exist; the others were found once by
/// Newton's method (exact Hessians) from a 40×40 grid of starts over the domain and are
/// quoted to full double precision; the tests check that the gradient vanishes and the
/// Hessian is positive definite at each.
pub(super) fn minima(l: &Landscape) -> Vec<Minimum> {
    let at = |x, y, value| Minimum {
        at: Vec2::new(x, y),
        value,
    };
    // A minimum and its mirror image through the origin (the landscape is even).
    let pair = |x: f64, y: f64, value| [at(x, y, value), at(-x, -y, value)];
    match l.kind {
        K::Quadratic | K::Rastrigin => vec![at(0.0, 0.0, 0.0)],
        K::Rosenbrock => vec![at(1.0, 1.0, 0.0)],
        K::Himmelblau => vec![
            at(3.0, 2.0, 0.0),
            at(-2.805_118_086_952_745, 3.131_312_518_250_573, 0.0),
            at(-3.779_310_253_377_747, -3.283_185_991_286_169_6, 0.0),
            at(3.584_428_340_330_491_7, -1.848_126_526_964_403_4, 0.0),
        ],
        K::SixHumpCamel => [
            pair(
                0.089_842_013_100_318_06,
                -0.712_656_403_020_739_6,
                -1.031_628_453_489_877_4,
            ),
            pair(
                1.703_606_714_969_981,
                -0.796_083_568_672_625_2,
                -0.215_463_824_383_718_36,
            ),
            pair(
                1.607_104_752_920_197_4,
                0.568_651_454_884_131_4,
                2.104_250_310_311_257_5,
            ),
        ]
        .concat(),
        // Smoothing makes ℓ̄(0) = 20(1 − e^(−0.2·10⁻⁶)) ≈ 4·10⁻⁶ rather than 0.
        K::Ackley => vec![at(0.0, 0.0, 3.999_999_599_102_466e-6)],
        K::StyblinskiTang => {
            // Each coordinate sits at a root of t⁴ − 16t² + 5t's derivative.
            let (lo, hi) = (-2.903_534_027_771_177, 2.746_802_770_990_837);
            vec![
                at(lo, lo, -78.332_331_407_542_82),
                at(lo, hi, -64.195_612_359_055_36),
                at(hi, lo, -64.195_612_359_055_36),
                at(hi, hi, -50.058_893_310_567_89),
            ]
        }
        K::Branin => [(-PI, 12.275), (PI, 2.275), (3.0 * PI, 2.475)]
            .map(|(x, y)| at(x, y, 5.0 / (4.0 * PI)))
            .to_vec(),
        K::DoubleBanana => vec![
            at(
                -0.232_610_280_205_360_73,
                -0.476_208_094_531_388_85,
                0.141_237_950_855_015_3,
            ),
            at(
                -0.004_855_761_607_709_721,
                0.534_750_211_448_909,
                0.143_976_649_775_868_74,
            ),
        ],
        K::Star => {
            // One mode per arm, pulled very slightly inwards from the component means by the
            // neighbouring arms, plus a shallow local minimum at the centre where they overlap.
            let r = 1.999_985_854_196_547_6;
            let mut m: Vec<_> = star_arms()
                .iter()
                .map(|[c, s]| at(r * c, r * s, 2.243_340_841_912_241))
                .collect();
            m.push(at(0.0, 0.0, 2.633_904_262_083_409_4));
            m
        }
        // The moons are flat to fourth order along the ring (Hessian ~5·10⁻⁹ across it), and the
        // other moon's tail pulls the mode 9·10⁻¹⁰ inside radius 2, which makes θ = (±2, 0) a
        // saddle: each moon has two minima a hair's breadth apart (y to ~6 digits only).
        K::TwoMoons => {
            let (x, y, v) = (
                1.999_999_999_106_547_4,
                5.977_299e-5,
                -2.233_631_447_040_605_4e-10,
            );
            [pair(x, y, v), pair(x, -y, v)].concat()
        }
        K::Logistic => {
            let d = data_term(l);
            if d.prior == data::LOGISTIC_DELTA
                && d.data.rows == data::shipped(data::Model::Logistic).rows
            {
                vec![at(
                    3.433_704_136_889_744_5,
                    1.223_441_250_590_569_4,
                    2.066_749_184_200_278_3,
                )]
            } else {
                minimise(l, Vec2::zeros())
                    .map_or_else(Vec::new, |m| vec![at(m[0], m[1], value(l, m[0], m[1]))])
            }
        }
        K::Ridge => {
            let d = data_term(l);
            let (m, _) = data::ridge_posterior_of(&d.data.rows, d.sigma, d.prior);
            vec![at(m[0], m[1], value(l, m[0], m[1]))]
        }
        K::Mixture1d => mixture_modes(l),
        // The step's loss is quadratic: its one minimum is the Gaussian's mean.
        K::Tracking => l.gaussian().map_or_else(Vec::new, |(m, _)| {
            vec![at(m[0], m[1], value(l, m[0], m[1]))]
        }),
        K::Expr => Vec::new(),
    }
}

/// The two mirror-image modes (μ₁, μ₂) and (μ₂, μ₁) of the one-dimensional mixture, by
/// [`minimise`] from (min x, max x): the components' start at the two ends of the data keeps
/// the path off the diagonal, where the saddle is. Empty if that does not converge, or when the
/// data are so tight that the only minimum is on the diagonal (then it is that one point).
fn mixture_modes(l: &Landscape) -> Vec<Minimum> {
    let d = data_term(l);
    let (lo, hi) = d
        .data
        .rows
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r[0]), b.max(r[0]))
        });
    let Some(m) = minimise(l, Vec2::new(lo, hi)) else {
        return Vec::new();
    };
    let v = value(l, m[0], m[1]);
    let at = |x, y| Minimum {
        at: Vec2::new(x, y),
        value: v,
    };
    if (m[0] - m[1]).abs() <= 1e-9 * m.norm().max(1.0) {
        return vec![at(m[0], m[1])];
    }
    vec![at(m[0], m[1]), at(m[1], m[0])]
}
