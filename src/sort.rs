//! Sorting and selection for the whole crate, on `u64` keys only.
//!
//! Every ordering the crate needs (floats, ids, times, rows by a column, tuples) is
//! expressed as one or more passes over `u64` keys, carrying indices along. The standard
//! library's sorts are generic: each call site with its own closure or element type adds
//! another copy of the sort to the `.wasm`, and thirteen of them weighed 48 KB. Here there
//! are two instances of one radix sort (carrying `usize` or `u64`), linear in time.

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
/// `sort_unstable_by(f64::total_cmp)` (the order is total, so there is only one).
pub fn sort_floats(v: &mut [f64]) {
    let mut keys: Vec<u64> = vec![0; v.len()];
    let k: &mut [u64] = &mut keys;
    let mut i = 0;
    while i < v.len() && i < k.len() {
        k[i] = float_key(v[i]);
        i += 1;
    }
    radix_sort(&mut keys, &mut Vec::<usize>::new());
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

/// Sorts `v` ascending.
pub fn sort_i64(v: &mut [i64]) {
    let mut keys: Vec<u64> = v.iter().map(|&x| int_key(x)).collect();
    radix_sort(&mut keys, &mut Vec::<usize>::new());
    for (x, k) in v.iter_mut().zip(keys) {
        *x = (k ^ (1 << 63)) as i64;
    }
}

/// `x` as a key whose unsigned order is the signed order of `x`.
#[inline(always)]
pub const fn int_key(x: i64) -> u64 {
    (x as u64) ^ (1 << 63)
}

/// Reorders `order` stably by `keys` (one key per entry of `order`, in the same
/// positions) and returns the keys in their new order. Calling it again with another key
/// refines by that key first and the earlier ones after: least significant key first, as
/// for a tuple.
pub fn sort_order(order: &mut Vec<usize>, mut keys: Vec<u64>) -> Vec<u64> {
    if keys.len() == order.len() {
        radix_sort(&mut keys, order);
    }
    // Otherwise (no caller does that) `order` stays as it was rather than being split
    // from its keys.
    keys
}

/// The indices `0..keys.len()` ordered stably by `keys`.
pub fn order_by(keys: Vec<u64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    sort_order(&mut order, keys);
    order
}

/// For each of `ids`, `Some(first)` when it repeats the id first seen at index `first`,
/// `None` where the id appears for the first time: how a set keeps the first of each id.
pub fn repeat_of(ids: &[i64]) -> Vec<Option<usize>> {
    // Stable, so of equal ids the earliest listed comes first in the order.
    let order = order_by(ids.iter().map(|&x| int_key(x)).collect());
    let mut out = vec![None; ids.len()];
    let (mut first, mut seen) = (0, None);
    for &i in &order {
        let id = ids.get(i).copied();
        if seen.is_some() && id == seen {
            if let Some(o) = out.get_mut(i) {
                *o = Some(first);
            }
        } else {
            (first, seen) = (i, id);
        }
    }
    out
}

/// Puts the `k`-th smallest key (from 0) at position `k`, smaller or equal ones before it
/// and greater or equal ones after (quickselect, three-way partitions around a median of
/// three). After 64 rounds without finishing, which only crafted input causes, the rest
/// is sorted instead, so the time stays linear in practice and bounded always.
pub fn select(keys: &mut [u64], k: usize) {
    let (mut lo, mut hi) = (0usize, keys.len());
    if k >= hi {
        return;
    }
    let mut rounds = 64;
    while hi - lo > 32 && rounds > 0 {
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (keys[lo], keys[mid], keys[hi - 1]);
        let pivot = a.max(b).min(a.min(b).max(c));
        // keys[lo..lt] < pivot, keys[lt..i] == pivot, keys[gt..hi] > pivot.
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            let x = keys[i];
            if x < pivot {
                keys.swap(lt, i);
                lt += 1;
                i += 1;
            } else if x > pivot {
                gt -= 1;
                keys.swap(i, gt);
            } else {
                i += 1;
            }
        }
        if k < lt {
            hi = lt;
        } else if k >= gt {
            lo = gt;
        } else {
            return;
        }
        rounds -= 1;
    }
    let mut rest = keys[lo..hi].to_vec();
    radix_sort(&mut rest, &mut Vec::<usize>::new());
    keys[lo..hi].copy_from_slice(&rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sorting_equals_comparison_sorting() {
        let mut rng = crate::test_rng(987654321u64);
        let mut next = || rng() >> 11;
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
    fn integer_sorts_and_orders_equal_the_standard_ones() {
        let mut rng = crate::test_rng(424242u64);
        let mut next = || rng() >> 11;
        for n in [0, 1, 2, 255, 256, 257, 3000] {
            let v: Vec<i64> = (0..n)
                .map(|k| match k % 4 {
                    0 => next() as i64 - (1 << 52),
                    1 => i64::MIN + (next() % 3) as i64,
                    2 => i64::MAX - (next() % 3) as i64,
                    _ => (next() % 5) as i64 - 2,
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v.clone();
            sort_i64(&mut got);
            assert_eq!(got, want, "n={n}");
            // Stable orders, refined key by key, equal a stable sort by the tuple.
            let small: Vec<i64> = v.iter().map(|x| x.rem_euclid(7)).collect();
            let mut order = order_by(v.iter().map(|&x| int_key(x / 3)).collect());
            let keys = order.iter().map(|&i| int_key(small[i])).collect();
            sort_order(&mut order, keys);
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by_key(|&i| (small[i], v[i] / 3));
            assert_eq!(order, want, "n={n}");
        }
    }

    #[test]
    fn selection_puts_the_kth_key_in_place() {
        let mut rng = crate::test_rng(7u64);
        let mut next = || rng() >> 11;
        for n in [1usize, 2, 31, 33, 100, 1000, 20_000] {
            for spread in [3u64, 1000, u64::MAX] {
                let v: Vec<u64> = (0..n).map(|_| next() % spread).collect();
                let mut sorted = v.clone();
                sorted.sort_unstable();
                for k in [0, n / 3, n / 2, n - 1] {
                    let mut w = v.clone();
                    select(&mut w, k);
                    assert_eq!(w[k], sorted[k], "n={n} k={k}");
                    assert!(w[..k].iter().all(|&x| x <= w[k]));
                    assert!(w[k + 1..].iter().all(|&x| x >= w[k]));
                }
            }
        }
        // An ascending run and an organ pipe: the shapes that defeat naive pivots.
        let mut w: Vec<u64> = (0..50_000).collect();
        select(&mut w, 25_000);
        assert_eq!(w[25_000], 25_000);
        let mut w: Vec<u64> = (0..50_000u64).map(|i| i.min(50_000 - i)).collect();
        let mut sorted = w.clone();
        sorted.sort_unstable();
        select(&mut w, 40_000);
        assert_eq!(w[40_000], sorted[40_000]);
    }

    #[test]
    fn repeats_point_at_the_first_of_their_id() {
        let mut rng = crate::test_rng(99);
        for n in [0usize, 1, 2, 300, 2000] {
            let ids: Vec<i64> = (0..n).map(|_| (rng() >> 40) as i64 % 50 - 25).collect();
            let want: Vec<Option<usize>> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| ids[..i].iter().position(|x| x == id))
                .collect();
            assert_eq!(repeat_of(&ids), want);
        }
    }
}
