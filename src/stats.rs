//! Descriptive statistics with the quantile definition of API.md: linear interpolation
//! between order statistics at h = (n − 1)·p (Hyndman–Fan type 7, as d3-array and
//! simple-statistics compute it).

/// Count, sum, mean, extremes and quantiles of a list of durations. Every figure but
/// `count` and `sum` is `None` when there are no values (never NaN).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
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

/// `x` as a key whose unsigned order is [`f64::total_cmp`]'s order.
#[inline(always)]
pub fn float_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The float of a [`float_key`].
#[inline(always)]
pub fn key_float(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// Sorts `v` ascending by [`f64::total_cmp`]: the same order as
/// `sort_unstable_by(f64::total_cmp)` (the order is total, so there is only one), by radix
/// on the bytes that vary for long lists.
pub fn sort_floats(v: &mut [f64]) {
    if v.len() < RADIX_MIN {
        v.sort_unstable_by(f64::total_cmp);
        return;
    }
    let mut keys: Vec<u64> = vec![0; v.len()];
    let k: &mut [u64] = &mut keys;
    let mut i = 0;
    while i < v.len() && i < k.len() {
        k[i] = float_key(v[i]);
        i += 1;
    }
    // No values to carry (the u64 instance, shared with the summaries' sorts).
    radix_sort(&mut keys, &mut Vec::<u64>::new());
    let k: &[u64] = &keys;
    let mut i = 0;
    while i < v.len() && i < k.len() {
        v[i] = key_float(k[i]);
        i += 1;
    }
}

/// Below this many keys a comparison sort (insertion sort in [`radix_sort`]) is faster
/// than radix passes.
pub const RADIX_MIN: usize = 256;

/// Sorts `keys` ascending, stably, carrying `vals` along (`vals` may be empty instead:
/// then only the keys are sorted). A least-significant-digit radix sort over just the bits
/// that are not the same in every key, in passes of at most 11 bits: time linear in the
/// length, and no comparison closures, which a size-optimised build would not inline.
pub fn radix_sort<V: Copy>(keys: &mut Vec<u64>, vals: &mut Vec<V>) {
    let n = keys.len();
    let carry = vals.len() == n;
    if n < 2 {
        return;
    }
    if n < RADIX_MIN {
        // Few keys: insertion sort (stable too), without the counters' set-up.
        let (k, v): (&mut [u64], &mut [V]) = (keys, vals);
        let mut i = 1;
        while i < n {
            let (key, val) = (k[i], if carry { Some(v[i]) } else { None });
            let mut j = i;
            while j > 0 && k[j - 1] > key {
                k[j] = k[j - 1];
                if carry {
                    v[j] = v[j - 1];
                }
                j -= 1;
            }
            k[j] = key;
            if let Some(val) = val {
                v[j] = val;
            }
            i += 1;
        }
        return;
    }
    let k: &[u64] = keys;
    let first = k[0];
    let mut differ = 0u64;
    let mut i = 0;
    while i < n {
        differ |= k[i] ^ first;
        i += 1;
    }
    if differ == 0 {
        return;
    }
    let low = differ.trailing_zeros();
    let bits = 64 - differ.leading_zeros() - low;
    let passes = bits.div_ceil(RADIX_BITS) as usize;
    let width = bits.div_ceil(passes as u32);
    let mask = (1u64 << width) - 1;
    let buckets = 1usize << width;
    // Every pass's counts in one read of the keys, then each pass's start offsets.
    let mut at = vec![0usize; buckets * passes];
    let at_s: &mut [usize] = &mut at;
    let mut i = 0;
    while i < n {
        let key = k[i] >> low;
        let mut p = 0;
        while p < passes {
            at_s[p * buckets + ((key >> (p as u32 * width)) & mask) as usize] += 1;
            p += 1;
        }
        i += 1;
    }
    let mut b = 0;
    let mut sums = [0usize; 8];
    while b < buckets {
        let mut p = 0;
        while p < passes {
            let count = at_s[p * buckets + b];
            at_s[p * buckets + b] = sums[p];
            sums[p] += count;
            p += 1;
        }
        b += 1;
    }
    let mut spare_keys: Vec<u64> = vec![0; n];
    let mut spare_vals: Vec<V> = if carry { vals.clone() } else { Vec::new() };
    let mut p = 0;
    while p < passes {
        let shift = low + p as u32 * width;
        let at = &mut at_s[p * buckets..(p + 1) * buckets];
        let (k, sk): (&[u64], &mut [u64]) = (keys, &mut spare_keys);
        let (v, sv): (&[V], &mut [V]) = (vals, &mut spare_vals);
        let mut i = 0;
        while i < n {
            let key = k[i];
            let slot = &mut at[((key >> shift) & mask) as usize];
            sk[*slot] = key;
            if carry {
                sv[*slot] = v[i];
            }
            *slot += 1;
            i += 1;
        }
        std::mem::swap(keys, &mut spare_keys);
        if carry {
            std::mem::swap(vals, &mut spare_vals);
        }
        p += 1;
    }
}

/// The most bits one radix pass sorts on (2048 counters).
const RADIX_BITS: u32 = 11;

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
    let (_, a, rest) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *a;
    // The next order statistic is the smallest of what lies above position `lo`.
    let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
    let b = if rest.is_empty() { a } else { b };
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
    fn radix_sorting_equals_comparison_sorting() {
        let mut seed = 987654321u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 11
        };
        let specials = [
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            1.0,
            -1.0,
        ];
        for n in [0, 1, 2, 3, 255, 256, 257, 1000, 5000] {
            for kind in 0..4 {
                let v: Vec<f64> = (0..n)
                    .map(|_| match kind {
                        0 => (next() % 100_000) as f64,
                        1 => f64::from_bits((next() << 11) | (next() % 2048)),
                        2 => specials[(next() % specials.len() as u64) as usize],
                        _ => (next() % 7) as f64 - 3.0,
                    })
                    .filter(|x| !x.is_nan())
                    .collect();
                let mut want = v.clone();
                want.sort_unstable_by(f64::total_cmp);
                let mut got = v.clone();
                sort_floats(&mut got);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "n={n} kind={kind}");
            }
        }
        // Stability, with values carried along.
        let mut keys: Vec<u64> = (0..2000u64).map(|i| ((i * 7919) % 13) << 40).collect();
        let mut vals: Vec<u64> = (0..2000u64).collect();
        radix_sort(&mut keys, &mut vals);
        for w in keys.windows(2).zip(vals.windows(2)) {
            assert!(w.0[0] < w.0[1] || (w.0[0] == w.0[1] && w.1[0] < w.1[1]));
        }
    }

    #[test]
    fn selection_equals_sorting() {
        let mut seed = 12345u64;
        for n in 1..60 {
            let v: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 1000) as f64
                })
                .collect();
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
