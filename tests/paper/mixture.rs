//! The paper's Table 1, "multimodal optimisation" (Lin, Khan and Schmidt, ICML 2019;
//! docs/maths.md §7): a mixture of Gaussians finds several minima at once. On Himmelblau,
//! K ≥ 4 spread components end on all four minima.

use crate::common::trajectory;

const HIMMELBLAU_MINIMA: [(f64, f64); 4] = [
    (3.0, 2.0),
    (-2.805118, 3.131313),
    (-3.779310, -3.283186),
    (3.584428, -1.848127),
];

/// Every minimum has a component mean within 0.05 of it at the last step.
fn assert_mixture_finds_all_minima(q: &str) {
    let out = trajectory(q);
    let last = out.steps.last().unwrap();
    assert_eq!(last.status, "ok", "{q}");
    for (x, y) in HIMMELBLAU_MINIMA {
        let best = last
            .components
            .iter()
            .map(|c| ((c.mean[0] - x).powi(2) + (c.mean[1] - y).powi(2)).sqrt())
            .fold(f64::INFINITY, f64::min);
        assert!(
            best < 0.05,
            "{q}: minimum ({x}, {y}) missed by {best}; {:?}",
            last.components
        );
    }
}

#[test]
fn mixture_finds_all_four_himmelblau_minima_with_delta() {
    for k in [4, 6] {
        assert_mixture_finds_all_minima(&format!(
            "landscape=himmelblau&family=mixture&k={k}&estimator=delta&tau=0.1&lr=0.2&lr_weights=0.05&cov0=0.1&steps=300"
        ));
    }
}

#[test]
fn mixture_finds_all_four_himmelblau_minima_with_monte_carlo() {
    for seed in [1, 2, 3] {
        assert_mixture_finds_all_minima(&format!(
            "landscape=himmelblau&family=mixture&k=4&estimator=mc&samples=16&tau=0.1&lr=0.2&lr_weights=0.05&cov0=0.1&steps=300&seed={seed}"
        ));
    }
}
