//! Bounded history for the page: a series that keeps every step while it fits, then every
//! 2nd, 4th, 8th … step (halving its resolution each time it fills), so memory and the cost of
//! drawing it stay flat however long the run (10⁶ steps or more) and whatever K is.

/// At most `cap` entries of a series over steps t = 0, 1, 2, …: the entries at multiples of
/// `stride`, where the stride doubles (dropping every other kept entry) whenever the series
/// fills up. The first step is always kept.
#[derive(Clone, Debug)]
pub struct Thinned<T> {
    cap: usize,
    stride: usize,
    t: Vec<usize>,
    v: Vec<T>,
}

impl<T> Thinned<T> {
    /// An empty series holding at most `cap` (≥ 2) entries.
    pub fn new(cap: usize) -> Thinned<T> {
        Thinned {
            cap: cap.max(2),
            stride: 1,
            t: Vec::new(),
            v: Vec::new(),
        }
    }

    /// Offers the value at step t (steps offered in increasing order); kept when t is a
    /// multiple of the current stride.
    pub fn push(&mut self, t: usize, v: T) {
        if !self.wants(t) {
            return;
        }
        self.t.push(t);
        self.v.push(v);
        if self.v.len() >= self.cap {
            let stride = 2 * self.stride;
            let mut keep = self.t.iter().map(|t| t.is_multiple_of(stride));
            self.v.retain(|_| keep.next().unwrap_or(false));
            self.t.retain(|t| t.is_multiple_of(stride));
            self.stride = stride;
        }
    }

    /// Whether the value at step t would be kept (to skip computing it otherwise).
    pub fn wants(&self, t: usize) -> bool {
        t.is_multiple_of(self.stride)
    }

    /// The steps kept, increasing.
    #[cfg(test)]
    pub fn steps(&self) -> &[usize] {
        &self.t
    }

    /// The values kept, in step order.
    #[cfg(test)]
    pub fn values(&self) -> &[T] {
        &self.v
    }

    /// Every how many steps an entry is kept now.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// How many entries are kept now.
    pub fn kept(&self) -> usize {
        self.v.len()
    }

    /// How many entries are kept at most.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Forgets the entries after step t (the stride stays).
    pub fn truncate(&mut self, t: usize) {
        let n = self.t.partition_point(|&u| u <= t);
        self.t.truncate(n);
        self.v.truncate(n);
    }

    /// The last step kept.
    pub fn last_step(&self) -> Option<usize> {
        self.t.last().copied()
    }

    /// Kept entries as (step, value) pairs.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &T)> {
        self.t.iter().copied().zip(&self.v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_step_then_halves_and_stays_bounded() {
        let mut s = Thinned::new(8);
        for t in 0..7 {
            s.push(t, t * 10);
        }
        assert_eq!(s.steps(), [0, 1, 2, 3, 4, 5, 6]);
        s.push(7, 70);
        assert_eq!(s.steps(), [0, 2, 4, 6]);
        assert_eq!(s.values(), [0, 20, 40, 60]);
        assert_eq!(s.stride(), 2);
        for t in 8..1_000_000 {
            s.push(t, t * 10);
            assert!(s.values().len() < 8);
        }
        assert_eq!(s.steps()[0], 0);
        assert!(s.steps().windows(2).all(|w| w[1] - w[0] == s.stride()));
        assert!(s.iter().all(|(t, v)| *v == t * 10));
        assert!(1_000_000 - s.last_step().unwrap() <= s.stride());
        let stride = s.stride();
        s.truncate(500_000);
        assert!(s.steps().iter().all(|&t| t <= 500_000));
        assert!(500_000 - s.last_step().unwrap() < stride);
        assert_eq!(s.stride(), stride);
    }
}
