//! The seeded random numbers: the one generator type the project uses, made only from a seed.
//! A leaf module (it imports nothing of the crate), so every layer may draw from it.

use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Open01, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The seeded generator of Monte Carlo draws: portable, so the page (wasm32) and the CLI
/// (x86_64) draw the same numbers from the same seed (rand's `SmallRng` does not).
pub type SeededRng = Xoshiro256PlusPlus;

/// A random stream from a seed (the only way the project makes generators).
pub fn seeded(seed: u64) -> SeededRng {
    SeededRng::seed_from_u64(seed)
}

/// One standard-normal draw.
pub fn normal<R: Rng>(rng: &mut R) -> f64 {
    StandardNormal.sample(rng)
}

/// One uniform draw in the open interval (0, 1), so that both log ε and log(1 − ε) are finite.
pub fn uniform_open<R: Rng>(rng: &mut R) -> f64 {
    Open01.sample(rng)
}
