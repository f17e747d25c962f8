//! Known answers for the classical comparators drawn beside the rule (the paper's §4.2,
//! "RMSprop/Adam", and its successor IVON; docs/maths.md §5). Each path is reached through a
//! scene (`compare=…`, read from `Output::classic`) and checked against iterates worked out by
//! hand from the original papers, with the constants of src/classic.rs.
//!
//! The landscape for all three: ℓ̄(θ) = ½(x² + 4y²) (quadratic, cond = 4, angle = 0, so
//! A = diag(1, 4) exactly), ∇ℓ̄(θ) = (x, 4y). Start θ₀ = (1, 1.75), where ∇ℓ̄(θ₀) = (1, 7).
//! The decimals in the comments are the exact arithmetic (50 digits) rounded to 17 digits.

use crate::common::{rel, trajectory};
use blr_playground::estimate::{normal, seeded};
use blr_playground::linalg::Vec2;

/// The comparator's first iterates θ₀…θ₃ (the rule beside it is the cheap fixed family).
fn comparator_path(compare: &str, lr: f64) -> Vec<Vec2> {
    let q = format!(
        "landscape=quadratic&cond=4&angle=0&family=fixed&estimator=delta&cov0=1&tau=1&seed=1&init=1,1.75&lr={lr}&compare={compare}&steps=3"
    );
    let out = trajectory(&q);
    assert_eq!(out.classic_name, Some(compare));
    assert_eq!(out.classic_status.as_deref(), Some("ok"));
    let path: Vec<Vec2> = out
        .classic
        .unwrap()
        .iter()
        .map(|p| Vec2::new(p[0], p[1]))
        .collect();
    assert_eq!(path.len(), 4, "{q}");
    path
}

/// Iterate θ_t within 1e-12 relative of the hand-computed one.
fn assert_iterate(name: &str, t: usize, got: Vec2, want: [f64; 2]) {
    let w = Vec2::new(want[0], want[1]);
    let e = rel(got, w);
    assert!(e <= 1e-12, "{name} θ_{t}: {got:?}, by hand {w:?} ({e:e})");
}

/// Every iterate θ₀…θ₃ within 1e-12 relative of the hand-computed ones.
fn assert_path(name: &str, got: &[Vec2], want: [[f64; 2]; 4]) {
    for (t, (g, w)) in got.iter().zip(want).enumerate() {
        assert_iterate(name, t, *g, w);
    }
}

/// RMSprop (Tieleman & Hinton 2012, lecture 6e): v ← βv + (1−β)g², θ ← θ − αg/(√v + ε).
/// src/classic.rs ties β = 1 − ρ and α = ρ to the rule's learning rate, takes ε = 1e−8 outside
/// the root, and starts v at the rule's initial precision 1/cov0 (not at 0).
/// Here ρ = 0.5, cov0 = 1, so v₀ = (1, 1).
#[test]
fn rmsprop_known_answer() {
    // t = 1: g = (1, 7); v₁ = ½(1, 1) + ½(1, 49) = (1, 25), √v₁ = (1, 5);
    //        θ₁ = (1 − 0.5·1/(1 + 1e−8), 1.75 − 0.5·7/(5 + 1e−8))
    //           = (0.500000005, 1.0500000014)  (0.5/(1 + 1e−8) = 0.5 − 5e−9 + …;
    //             3.5/(5 + 1e−8) = 0.7/(1 + 2e−9) = 0.7 − 1.4e−9 + …).
    let theta1 = [
        1.0 - 0.5 * 1.0 / (1.0 + 1e-8),
        1.75 - 0.5 * 7.0 / (5.0 + 1e-8),
    ];
    // t = 2: g = (θ₁ₓ, 4θ₁ᵧ) = (0.500000005, 4.2000000056);
    //        v₂ = ½v₁ + ½g² = (0.6250000025, 21.32000002352);
    //        θ₂ = θ₁ − 0.5·g/(√v₂ + 1e−8) = θ₁ − (0.31622776…, 0.45480548…)
    //           = (0.18377224045333990, 0.59519451611403115).
    // t = 3: g = (0.18377224045333989, 2.3807780644561246);
    //        v₃ = ½v₂ + ½g² = (0.32938611943062008, 13.494052107857725);
    //        θ₃ = θ₂ − 0.5·g/(√v₃ + 1e−8) = (0.023670055105463557, 0.27114026421162075).
    let got = comparator_path("rmsprop", 0.5);
    assert_path(
        "rmsprop",
        &got,
        [
            [1.0, 1.75],
            theta1,
            [0.1837722404533399, 0.5951945161140312],
            [0.023670055105463557, 0.27114026421162074],
        ],
    );
    assert_iterate("rmsprop", 1, got[1], [0.500000005, 1.0500000014]);
}

/// Adam (Kingma & Ba 2015, Algorithm 1): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), θ ← θ − α m̂/(√v̂ + ε), with the paper's β₁ = 0.9,
/// β₂ = 0.999, ε = 1e−8 and m₀ = v₀ = 0 (as src/classic.rs); α = ρ = 0.1.
#[test]
fn adam_known_answer() {
    // t = 1: g = (1, 7); m₁ = (0.1, 0.7), v₁ = (0.001, 0.049); m̂ = (1, 7), v̂ = (1, 49):
    //        the first step has length α per axis, θ₁ = θ₀ − 0.1·(1/(1 + 1e−8), 7/(7 + 1e−8))
    //        = (0.900000001, 1.65000000014285714).
    let theta1 = [
        1.0 - 0.1 * 1.0 / (1.0 + 1e-8),
        1.75 - 0.1 * 7.0 / (7.0 + 1e-8),
    ];
    // t = 2: g = (0.900000001, 6.6000000005714286);
    //        m₂ = 0.9m₁ + 0.1g = (0.18000000010, 1.2900000000571429),
    //        v₂ = 0.999v₁ + 0.001g² = (0.0018090000018, 0.092511000007542857);
    //        m̂ = m₂/0.19, v̂ = v₂/0.001999;
    //        θ₂ = (0.80041222971233739, 1.5501964895187988).
    // t = 3: g = (0.80041222971233739, 6.2007859580751951);
    //        m₃ = (0.24204122306123374, 1.7810785958589481),
    //        v₃ = (0.0024478507392712755, 0.13086823550539783);
    //        m̂ = m₃/0.271, v̂ = v₃/0.002997001;
    //        θ₃ = (0.70158627450441421, 1.4507383998064147).
    let got = comparator_path("adam", 0.1);
    assert_path(
        "adam",
        &got,
        [
            [1.0, 1.75],
            theta1,
            [0.8004122297123374, 1.5501964895187987],
            [0.7015862745044142, 1.4507383998064147],
        ],
    );
    assert_iterate("adam", 1, got[1], [0.900000001, 1.6500000001428572]);
}

/// The comparator's own draws: IVON has a stream of its own, seeded with the scene's seed
/// XOR 0x9E3779B97F4A7C15 (so the rule's draws do not depend on it), two standard normals per
/// step, x then y. These are the six it takes with seed 1.
const IVON_DRAWS: [f64; 6] = [
    0.3037424709010857,
    0.8591729207741837,
    0.17992476559108933,
    0.4183027372760796,
    -0.22807400886145615,
    -1.1353738231422466,
];

/// IVON (Shen et al. 2024, Algorithm 1) with the constants of src/classic.rs: δ = 1e−3,
/// β₁ = 0.9, β₂ = 1 − ρ, λ = 1/τ, α = ρ; h₀ = 1/cov0 − δ so that h₀ + δ = 1/cov0; g₀ = 0.
/// Each step: σ = 1/√(λ(h + δ)), θ = m + σ⊙ε, ĝ = ∇ℓ̄(θ), ĥ = ĝ⊙(θ − m)/σ²,
/// g ← β₁g + (1−β₁)ĝ, h ← β₂h + (1−β₂)ĥ + ½(1−β₂)²(h − ĥ)²/(h + δ) (the new h is used below),
/// m ← m − α(g/(1−β₁ᵗ) + δm)/(h + δ).
/// Here ρ = 0.1 (β₂ = 0.9), τ = 1 (λ = 1), cov0 = 1: h₀ = 0.999, σ₀ = 1.
#[test]
fn ivon_known_answer() {
    let mut rng = seeded(1 ^ 0x9E37_79B9_7F4A_7C15);
    for (i, want) in IVON_DRAWS.iter().enumerate() {
        assert_eq!(
            normal(&mut rng),
            *want,
            "draw {i}: the comparator's stream changed; recompute the hand iterates"
        );
    }
    // t = 1: ε = (0.30374247, 0.85917292), σ = (1, 1); θ = m₀ + ε = (1.30374247, 2.60917292);
    //        ĝ = (1.30374247, 10.4366917); ĥ = ĝ⊙ε = (0.39600196, 8.96692288);
    //        g₁ = 0.1ĝ, ḡ = g₁/(1 − 0.9) = ĝ;
    //        h₁ = 0.9·0.999 + 0.1ĥ + ½·0.01·(0.999 − ĥ)²/1 = (0.94051823, 2.11323126);
    //        m₁ = m₀ − 0.1(ĝ + 0.001m₀)/(h₁ + 0.001) = (0.86142143290237502, 1.2562772049458818).
    let [ex, ey] = [IVON_DRAWS[0], IVON_DRAWS[1]];
    let m1 = |m0: f64, e: f64, a: f64| {
        let gh = a * (m0 + e);
        let hh = gh * e;
        let h1 = 0.9 * 0.999 + 0.1 * hh + 0.5 * 0.01 * (0.999 - hh).powi(2) / 1.0;
        m0 - 0.1 * (gh + 0.001 * m0) / (h1 + 0.001)
    };
    let theta1 = [m1(1.0, ex, 1.0), m1(1.75, ey, 4.0)];
    // t = 2: ε = (0.17992477, 0.41830274); σ = 1/√(h₁ + δ) = (1.03058931, 0.68773916);
    //        θ = (1.04684997, 1.54396038), ĝ = (1.04684997, 6.17584152),
    //        ĥ = (0.18276362, 3.75632443); h₂ = (0.86779206, 2.28392530);
    //        m₂ = (0.72682106383100658, 0.89760485610086537).
    // t = 3: ε = (−0.22807401, −1.13537382); σ = (1.07285759, 0.66155202);
    //        θ = (0.48213013, 0.14649602), ĝ = (0.48213013, 0.58598406),
    //        ĥ = (−0.10249389, −1.00568201) (negative: h shrinks but h + δ stays > 0);
    //        h₃ = (0.77618164, 1.97864481);
    //        m₃ = (0.60896232873403340, 0.62545505879006365).
    let got = comparator_path("ivon", 0.1);
    assert_path(
        "ivon",
        &got,
        [
            [1.0, 1.75],
            theta1,
            [0.7268210638310065, 0.8976048561008654],
            [0.6089623287340334, 0.6254550587900637],
        ],
    );
    assert_iterate("ivon", 1, got[1], [0.861421432902375, 1.256277204945882]);
}
