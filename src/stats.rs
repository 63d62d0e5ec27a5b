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
        let sum = kahan_sum(v);
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
        }
    }
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
