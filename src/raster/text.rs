//! The canvas's text alternative: [`describe`] puts q into words for screen readers, with
//! every number to three significant digits (the basins legend prints its minima the same
//! way).

use crate::family::FamilyKind;
use crate::run::Component;

/// The canvas's text alternative: q in words (family, weights, means, covariances), every
/// number to three significant digits.
pub fn describe(kind: FamilyKind, comps: &[Component]) -> String {
    let gaussian = |c: &Component| {
        let [[a, b], [_, d]] = c.cov.map(|row| row.map(sig3));
        format!(
            "mean ({}, {}) and covariance [[{a}, {b}], [{b}, {d}]]",
            sig3(c.mean[0]),
            sig3(c.mean[1])
        )
    };
    match (kind, comps) {
        (FamilyKind::Mixture, _) => {
            let mut s = format!("q is a mixture of {} Gaussians.", comps.len());
            for (k, c) in comps.iter().enumerate() {
                s.push_str(&format!(
                    " Component {}: weight {}, {}.",
                    k + 1,
                    sig3(c.weight),
                    gaussian(c)
                ));
            }
            s
        }
        (FamilyKind::Bernoulli, [c]) => {
            let var = |i: usize| sig3(c.cov[i][i]);
            let lambda = c.lambda.map_or_else(String::new, |l| {
                format!(", natural parameter λ = ({}, {})", sig3(l[0]), sig3(l[1]))
            });
            format!(
                "q is two independent binary weights with mean ({}, {}), variances {} and {}{lambda}.",
                sig3(c.mean[0]),
                sig3(c.mean[1]),
                var(0),
                var(1)
            )
        }
        (FamilyKind::Dropout, [c]) => format!(
            "q is a spike-and-slab per weight (dropout) with slab mean ({}, {}); each weight is kept with probability p, else 0.",
            sig3(c.mean[0]),
            sig3(c.mean[1])
        ),
        (_, [c]) => {
            let what = match kind {
                FamilyKind::Fixed => "a Gaussian (covariance fixed)",
                FamilyKind::Diagonal => "a diagonal Gaussian",
                _ => "a Gaussian",
            };
            format!("q is {what} with {}.", gaussian(c))
        }
        _ => String::new(),
    }
}

/// A number to three significant digits: fixed-point from 0.001 to 9999, scientific beyond.
pub fn sig3(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return v.to_string();
    }
    // Round first, so that 9.996 counts as 10.0 when choosing the decimals.
    let r: f64 = format!("{v:.2e}").parse().unwrap_or(v);
    let e = r.abs().log10().floor() as i32;
    if (-3..4).contains(&e) {
        format!("{r:.*}", (2 - e).max(0) as usize)
    } else {
        format!("{r:.2e}")
    }
}
