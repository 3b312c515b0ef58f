//! A small deterministic random number generator (SplitMix64) and the few distributions the
//! generator needs.
//!
//! Hand-written rather than `rand`: `rand`'s `StdRng` may change its algorithm between releases,
//! and the data set must be the same on every run and every build (a benchmark compares runs).
//! SplitMix64 is tiny, fast and good enough for made-up data; it is no source of secrets.

/// A seeded generator; the same seed gives the same sequence.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// An independent generator for one part of the data, so that changing how much one part
    /// draws does not shift every part after it.
    pub fn fork(&self, stream: u64) -> Rng {
        let mut r = Rng(self.0 ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). Multiply-shift: the bias is far below anything a
    /// made-up data set could show.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with a chance of `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One item of a list; the lists passed are the generator's own constants, never empty
    /// (an empty one gives its first item's place, which panics, as a programming error would).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Log-uniform in `[lo, hi]`: as many values between 1 and 10 KB as between 10 and 100 KB.
    pub fn log_uniform(&mut self, lo: u64, hi: u64) -> u64 {
        let (a, b) = ((lo.max(1)) as f64, (hi.max(lo).max(1)) as f64);
        (a * (b / a).powf(self.unit())).round() as u64
    }

    /// Pareto-like weight `u^-alpha`: most values near 1, a few far larger (big clients).
    pub fn heavy_tail(&mut self, alpha: f64) -> f64 {
        let u = 1.0 - self.unit(); // (0, 1]
        u.powf(-alpha)
    }

    /// 16 random bytes formatted as a version 4 UUID (request ids).
    pub fn uuid(&mut self) -> String {
        let bytes = ((self.next_u64() as u128) << 64 | self.next_u64() as u128).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }
}

/// Splits `total` into parts proportional to `weights`, each at least `min`, summing exactly to
/// `total` (largest remainders; ties go to the lower index, so it is deterministic). When
/// `total` is below `min` for every part, the parts get what there is, in order.
pub fn apportion(total: u64, weights: &[f64], min: u64) -> Vec<u64> {
    let n = weights.len() as u64;
    if n == 0 {
        return Vec::new();
    }
    if total < min * n {
        return (0..n).map(|i| min.min(total.saturating_sub(i * min))).collect();
    }
    let spare = total - min * n;
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    let shares: Vec<f64> = weights.iter().map(|w| if sum > 0.0 { w.max(0.0) / sum * spare as f64 } else { spare as f64 / n as f64 }).collect();
    let mut parts: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let given: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| (shares[*b] - shares[*b].floor()).total_cmp(&(shares[*a] - shares[*a].floor())).then(a.cmp(b)));
    for i in order.into_iter().cycle().take(spare.saturating_sub(given) as usize) {
        parts[i] += 1;
    }
    parts.iter().map(|p| p + min).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        assert!((0..100).all(|_| a.next_u64() == b.next_u64()));
        assert_ne!(Rng::new(42).fork(1).next_u64(), Rng::new(42).fork(2).next_u64());
    }

    #[test]
    fn apportion_sums_exactly_and_keeps_the_minimum() {
        let weights = [1.0, 5.0, 0.0, 2.5, 100.0];
        for total in [5, 17, 1000, 123_457] {
            let parts = apportion(total, &weights, 1);
            assert_eq!(parts.iter().sum::<u64>(), total);
            assert!(parts.iter().all(|p| *p >= 1));
        }
        assert_eq!(apportion(2, &weights, 1), vec![1, 1, 0, 0, 0]);
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            let x = r.range(-3, 5);
            assert!((-3..=5).contains(&x));
            let s = r.log_uniform(1024, 4 << 20);
            assert!((1024..=4 << 20).contains(&s));
        }
    }
}
