//! Descriptive statistics with the quantile definition of API.md: linear interpolation
//! between order statistics at h = (n − 1)·p (Hyndman–Fan type 7, as d3-array and
//! simple-statistics compute it).

use serde::Serialize;

use crate::sort::{float_key, key_float, select, sort_floats};

/// Count, sum, mean, extremes and quantiles of a list of durations. Every figure but
/// `count` and `sum` is `None` when there are no values (never NaN). Serializes as
/// API.md's `Stats` (`null` for `None`).
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Number of values.
    pub count: u64,
    /// Their sum.
    pub sum: f64,
    /// Arithmetic mean (SQL AVG).
    pub mean: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
    /// 50th percentile.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
    /// A 95 % distribution-free confidence interval for the median, `[lo, hi]`: the
    /// order statistics whose ranks the binomial distribution gives (see
    /// [`median_ci_ranks`]); `None` below 6 values, where no such interval reaches 95 %.
    /// It tells whether two medians really differ (12 values give a wide one, 400 a
    /// narrow one).
    pub median_ci: Option<[f64; 2]>,
}

impl Stats {
    /// Statistics of `values` (NaN entries are skipped, as SQL AVG skips NULL). Sorts
    /// once and reads every quantile from the sorted list.
    pub fn of(values: &[f64]) -> Stats {
        let mut v: Vec<f64> = Vec::with_capacity(values.len());
        let mut i = 0;
        while i < values.len() {
            if !values[i].is_nan() {
                v.push(values[i]);
            }
            i += 1;
        }
        sort_floats(&mut v);
        Stats::of_sorted(&v)
    }

    /// Statistics of values already sorted ascending, without NaN.
    pub fn of_sorted(v: &[f64]) -> Stats {
        if v.is_empty() {
            return Stats::default();
        }
        let sum = lanes_sum(v);
        let n = v.len();
        Stats {
            count: n as u64,
            sum,
            mean: Some(sum / n as f64),
            min: v.first().copied(),
            max: v.last().copied(),
            median: quantile_sorted(v, 0.5),
            p90: quantile_sorted(v, 0.9),
            p95: quantile_sorted(v, 0.95),
            p99: quantile_sorted(v, 0.99),
            median_ci: median_ci_ranks(n)
                .and_then(|(lo, hi)| Some([*v.get(lo - 1)?, *v.get(hi - 1)?])),
        }
    }
}

/// The confidence level of [`Stats::median_ci`].
pub const MEDIAN_CI_LEVEL: f64 = 0.95;

/// The 1-based ranks `(l, n + 1 − l)` of the order statistics that bound a
/// distribution-free 95 % interval for the median of `n` values: `l` is the largest rank
/// with `P(B ≤ l − 1) ≤ 2.5 %` for `B ~ Binomial(n, ½)`, so the interval
/// `[x₍ₗ₎, x₍ₙ₊₁₋ₗ₎]` covers the true median with probability `1 − 2·P(B ≤ l − 1)`, at
/// least 95 % whatever the distribution (for continuous ones; ties only widen it).
/// `None` for `n < 6`, where even `[min, max]` covers less (`1 − 2/2ⁿ`, 93.75 % at 5).
pub fn median_ci_ranks(n: usize) -> Option<(usize, usize)> {
    if n < 6 {
        return None;
    }
    let tail = (1.0 - MEDIAN_CI_LEVEL) / 2.0;
    // Start from the normal approximation, then step to the exact rank: a few steps.
    let nf = n as f64;
    let guess = (nf / 2.0 - 1.959_963_985 * nf.sqrt() / 2.0)
        .floor()
        .max(1.0) as usize;
    let mut l = guess.clamp(1, n / 2);
    while l > 1 && binomial_half_cdf(n, l - 1) > tail {
        l -= 1;
    }
    while l < n / 2 && binomial_half_cdf(n, l) <= tail {
        l += 1;
    }
    Some((l, n + 1 - l))
}

/// `P(B ≤ k)` for `B ~ Binomial(n, ½)`, for `k < n / 2` (the lower tail): the terms are
/// summed from `k` down, each the one above times `j / (n − j + 1)`, until they no longer
/// change the sum; the first comes from log-factorials.
fn binomial_half_cdf(n: usize, k: usize) -> f64 {
    if k >= n {
        return 1.0;
    }
    let (nf, kf) = (n as f64, k as f64);
    let mut term =
        (ln_factorial(nf) - ln_factorial(kf) - ln_factorial(nf - kf) - nf * std::f64::consts::LN_2)
            .exp();
    let mut sum = 0.0;
    let mut j = k;
    loop {
        sum += term;
        if j == 0 || term < sum * 1e-17 {
            return sum;
        }
        term *= j as f64 / (nf - j as f64 + 1.0);
        j -= 1;
    }
}

/// `ln(x!)` for a whole `x ≥ 0`: summed exactly below 32, else Stirling's series to the
/// `x⁻⁵` term (relative error below 1e-15 there).
fn ln_factorial(x: f64) -> f64 {
    if x < 32.0 {
        let mut sum = 0.0;
        let mut k = 2.0;
        while k <= x {
            sum += f64::ln(k);
            k += 1.0;
        }
        return sum;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    x * x.ln() - x
        + 0.5 * (2.0 * std::f64::consts::PI * x).ln()
        + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0))
}

/// The type-7 quantile `p` (0 ≤ p ≤ 1) of ascending `v`; `None` when empty.
pub fn quantile_sorted(v: &[f64], p: f64) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let a = *v.get(lo)?;
    let b = *v.get((lo + 1).min(n - 1))?;
    Some(a + (h - lo as f64) * (b - a))
}

/// The type-7 quantile of unsorted values, by selection instead of a full sort (for
/// a single quantile, e.g. one per time-series bucket). Reorders `v`.
pub fn quantile_select(v: &mut [f64], p: f64) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let mut keys: Vec<u64> = v.iter().map(|&x| float_key(x)).collect();
    select(&mut keys, lo);
    let a = *keys.get(lo)?;
    // The next order statistic is the smallest of what lies above position `lo`.
    let b = keys
        .get(lo + 1..)
        .and_then(|rest| rest.iter().min())
        .copied()
        .unwrap_or(a);
    let (a, b) = (key_float(a), key_float(b));
    Some(a + (h - lo as f64) * (b - a))
}

/// Compensated sum in four interleaved lanes, then the lanes' sums and errors added with
/// compensation: as accurate as [`kahan_sum`] (each lane is a Kahan sum of a quarter of
/// the values), about three times faster, since a single Kahan sum is one long chain of
/// dependent additions. Deterministic for a given order of `v` (summaries sum sorted
/// values, so a summary of many parts equals the summary of the whole to the last bit).
pub fn lanes_sum(v: &[f64]) -> f64 {
    let mut sum = [0.0f64; 4];
    let mut comp = [0.0f64; 4];
    let mut chunks = v.chunks_exact(4);
    for chunk in &mut chunks {
        for lane in 0..4 {
            let y = chunk[lane] - comp[lane];
            let t = sum[lane] + y;
            comp[lane] = (t - sum[lane]) - y;
            sum[lane] = t;
        }
    }
    let mut rest = chunks.remainder().to_vec();
    rest.extend_from_slice(&sum);
    rest.extend(comp.iter().map(|c| -c));
    kahan_sum(&rest)
}

/// Sum with compensation, so that a summary of many parts equals the summary of the
/// whole to the last bit far more often than a naive sum would.
pub fn kahan_sum(v: &[f64]) -> f64 {
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for &x in v {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_null_not_nan() {
        let s = Stats::of(&[]);
        assert_eq!(s.count, 0);
        assert_eq!(s.sum, 0.0);
        assert_eq!((s.mean, s.min, s.median, s.p99), (None, None, None, None));
    }

    #[test]
    fn type7_matches_hand_computation() {
        // n = 5, sorted 10 20 30 40 50. p90: h = 4·0.9 = 3.6 → 40 + 0.6·10 = 46.
        let s = Stats::of(&[50.0, 10.0, 40.0, 20.0, 30.0]);
        assert_eq!(s.median, Some(30.0));
        assert_eq!(s.p90, Some(46.0));
        assert_eq!(s.p95, Some(48.0));
        assert!((s.p99.unwrap() - 49.6).abs() < 1e-9);
        assert_eq!(s.mean, Some(30.0));
        // n = 4: median h = 1.5 → 20 + 0.5·10 = 25.
        assert_eq!(Stats::of(&[10.0, 20.0, 30.0, 40.0]).median, Some(25.0));
        assert_eq!(Stats::of(&[7.0]).p99, Some(7.0));
    }

    #[test]
    fn median_ci_ranks_match_the_binomial_tables() {
        // Exact tails by big-integer-free summation for small n: P(B ≤ k) = Σ C(n, j) / 2ⁿ.
        for n in 6..=60usize {
            let mut c = vec![1f64; n + 1];
            for j in 1..=n {
                c[j] = c[j - 1] * (n - j + 1) as f64 / j as f64;
            }
            let total = 2f64.powi(n as i32);
            let cdf = |k: usize| c[..=k].iter().sum::<f64>() / total;
            let l = (1..=n / 2).filter(|&l| cdf(l - 1) <= 0.025).max().unwrap();
            assert_eq!(median_ci_ranks(n), Some((l, n + 1 - l)), "n={n}");
            for k in 0..n / 2 {
                assert!(
                    (binomial_half_cdf(n, k) - cdf(k)).abs() < 1e-12,
                    "n={n} k={k}"
                );
            }
        }
        // Published values: n = 6 → (1, 6), n = 10 → (2, 9), n = 20 → (6, 15),
        // n = 100 → (40, 61).
        assert_eq!(median_ci_ranks(5), None);
        assert_eq!(median_ci_ranks(6), Some((1, 6)));
        assert_eq!(median_ci_ranks(10), Some((2, 9)));
        assert_eq!(median_ci_ranks(20), Some((6, 15)));
        assert_eq!(median_ci_ranks(100), Some((40, 61)));
        // Large n: about n/2 ∓ 0.98·√n, without overflow or a long loop.
        let (l, u) = median_ci_ranks(1_000_000).unwrap();
        assert!((l as i64 - 499_020).abs() <= 2 && u == 1_000_001 - l, "{l}");
        let s = Stats::of(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]);
        assert_eq!(s.median_ci, Some([2.0, 9.0]));
        assert_eq!(Stats::of(&[1.0, 2.0, 3.0, 4.0, 5.0]).median_ci, None);
    }

    #[test]
    fn lanes_sum_is_as_exact_as_kahan() {
        let mut rng = crate::test_rng(99);
        for n in 0..200 {
            let v: Vec<f64> = (0..n)
                .map(|_| ((rng() >> 11) as f64 / (1u64 << 53) as f64) * 1e6)
                .collect();
            let (a, b) = (lanes_sum(&v), kahan_sum(&v));
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "n={n}: {a} vs {b}"
            );
        }
        // Whole seconds sum exactly; many small values beside a large one are kept.
        assert_eq!(lanes_sum(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]), 28.0);
        let mut v = vec![0.1; 1000];
        v.push(1e9);
        assert_eq!(lanes_sum(&v), kahan_sum(&v));
    }

    #[test]
    fn selection_equals_sorting() {
        let mut rng = crate::test_rng(12345);
        for n in 1..60 {
            let v: Vec<f64> = (0..n).map(|_| ((rng() >> 33) % 1000) as f64).collect();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 0.5, 0.9, 0.95, 0.99, 1.0] {
                let mut w = v.clone();
                assert_eq!(
                    quantile_select(&mut w, p),
                    quantile_sorted(&sorted, p),
                    "n={n} p={p}"
                );
            }
        }
    }
}
