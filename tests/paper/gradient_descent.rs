//! The paper's Table 1, "gradient descent" (docs/maths.md §3): the rule with a Gaussian of fixed
//! covariance is gradient descent; with one Monte Carlo draw instead of the delta method it is
//! perturbed gradient descent.

use crate::common::{landscape_of, means};
use blr_playground::estimate::{normal, seeded};
use blr_playground::linalg::Vec2;

/// S₀ = I and the delta method: m ← m − ρ∇ℓ̄(m), identical to the last bit.
#[test]
fn fixed_gaussian_is_gradient_descent() {
    let cases = [
        ("quadratic", 0.15, "2.5,2"),
        ("rosenbrock", 0.001, "-1.2,1"),
        ("himmelblau", 0.01, "0.5,-0.5"),
        ("six-hump-camel", 0.05, "1,1"),
        ("styblinski-tang", 0.01, "1,-1"),
        ("branin", 0.01, "0,5"),
        ("logistic", 0.01, "0,0"),
    ];
    for (name, lr, init) in cases {
        let q = format!(
            "landscape={name}&family=fixed&estimator=delta&cov0=1&lr={lr}&init={init}&steps=200"
        );
        let got = means(&q);
        let l = landscape_of(&q);
        let mut theta = got[0];
        for (t, m) in got.iter().enumerate() {
            assert_eq!(
                *m, theta,
                "{name}: iterate {t} differs from gradient descent"
            );
            theta -= lr * l.eval(theta).grad;
        }
        assert_eq!(got.len(), 201);
    }
}

/// One Monte Carlo draw per step: m ← m − ρ·cov0·∇ℓ̄(m + √cov0·ε_t), perturbed (stochastic)
/// gradient descent, with ε_t the run's seeded draws (two standard normals per step, x then y,
/// from the scene's seed). cov0 = 1/4 is a power of two, so √cov0 and every product by cov0 are
/// exact and the iterates agree to the last bit.
#[test]
fn fixed_gaussian_with_monte_carlo_is_perturbed_gradient_descent() {
    for (name, lr, init) in [
        ("quadratic", 0.15, "2.5,2"),
        ("himmelblau", 0.01, "0.5,-0.5"),
        ("logistic", 0.01, "0,0"),
    ] {
        let (cov0, seed) = (0.25f64, 5);
        let q = format!(
            "landscape={name}&family=fixed&estimator=mc&samples=1&cov0={cov0}&lr={lr}&init={init}&seed={seed}&steps=200"
        );
        let got = means(&q);
        let l = landscape_of(&q);
        let mut rng = seeded(seed);
        let mut theta = got[0];
        for (t, m) in got.iter().enumerate() {
            assert_eq!(
                *m, theta,
                "{name}: iterate {t} differs from perturbed gradient descent"
            );
            let eps = Vec2::new(normal(&mut rng), normal(&mut rng));
            theta -= lr * cov0 * l.eval(theta + cov0.sqrt() * eps).grad;
        }
        assert_eq!(got.len(), 201);
    }
}
