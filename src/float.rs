//! Decimal text to the nearest `f64`, exactly, for the numbers the JSON reader's fast path
//! (Clinger's: at most 15 digits times a power of ten up to 22) cannot take.
//!
//! The standard library's parser would do, but it brings ~9 KB of tables and code into the
//! `.wasm` for a path that real Chatwoot bodies never take. This one is short and slower:
//! the value is held as an exact fraction of big integers, its 53 bits are the quotient
//! (estimated from the divisor's top 64 bits, then corrected), rounded half to even on the
//! exact remainder. Worst case, 800-digit numbers: ~13 µs each (~85 MB/s of them).

/// Little-endian base-2^32 digits of a non-negative integer, without leading zero limbs.
#[derive(Clone, Debug, PartialEq)]
struct Big(Vec<u32>);

impl Big {
    fn mul_add(&mut self, m: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in self.0.iter_mut() {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// Multiplies by 10^k.
    fn mul_pow10(&mut self, mut k: u32) {
        while k > 0 {
            let step = k.min(9);
            self.mul_add(10u32.pow(step), 0);
            k -= step;
        }
    }

    fn bits(&self) -> u32 {
        match self.0.last() {
            None => 0,
            Some(&top) => 32 * (self.0.len() as u32 - 1) + (32 - top.leading_zeros()),
        }
    }

    fn shl(&mut self, k: u32) {
        let (limbs, bits) = ((k / 32) as usize, k % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let v = *limb;
                *limb = (v << bits) | carry;
                carry = v >> (32 - bits);
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if limbs > 0 && !self.0.is_empty() {
            self.0.splice(0..0, std::iter::repeat(0).take(limbs));
        }
    }

    /// `self · m`.
    fn times(&self, m: u64) -> Big {
        let mut out = Vec::with_capacity(self.0.len() + 2);
        let mut carry: u128 = 0;
        for &limb in &self.0 {
            let v = u128::from(limb) * u128::from(m) + carry;
            out.push(v as u32);
            carry = v >> 32;
        }
        while carry > 0 {
            out.push(carry as u32);
            carry >>= 32;
        }
        let mut out = Big(out);
        out.trim();
        out
    }

    /// `self / 2^u`, which the caller knows to be below 2^128.
    fn shr_u128(&self, u: u32) -> u128 {
        let (first, bit) = ((u / 32) as usize, u % 32);
        let limb = |k: usize| u64::from(self.0.get(k).copied().unwrap_or(0));
        let mut acc: u128 = 0;
        for k in (0..4).rev() {
            let word = ((limb(first + k) | limb(first + k + 1) << 32) >> bit) as u32;
            acc = acc << 32 | u128::from(word);
        }
        acc
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn cmp(&self, other: &Big) -> core::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self -= other`; `other` must not be larger.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (k, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(k).copied().unwrap_or(0)) - borrow;
            *limb = v as u32;
            borrow = i64::from(v < 0);
        }
        self.trim();
    }
}

/// Digits kept: a midpoint between two doubles has at most 767 significant digits, so
/// what lies beyond 800 only tells whether the value is above the kept part (a final 1).
const MAX_DIGITS: usize = 800;

/// The `f64` nearest to the JSON number `text` (its grammar already checked), ties to
/// even; ±infinity above the largest finite value's rounding range, ±0 below the smallest.
pub fn parse_decimal(text: &[u8]) -> f64 {
    let negative = text.first() == Some(&b'-');
    let mut digits: Vec<u8> = Vec::new();
    let mut exp10: i64 = 0;
    let mut dropped_nonzero = false;
    let mut after_point = false;
    let mut k = usize::from(negative);
    while let Some(&b) = text.get(k) {
        match b {
            b'0'..=b'9' => {
                if digits.is_empty() && b == b'0' {
                    // Leading zeros carry no digit; after the point they still scale.
                } else if digits.len() < MAX_DIGITS {
                    digits.push(b - b'0');
                } else {
                    dropped_nonzero |= b != b'0';
                    exp10 += 1;
                }
                if after_point {
                    exp10 -= 1;
                }
            }
            b'.' => after_point = true,
            _ => break,
        }
        k += 1;
    }
    if let Some(b'e' | b'E') = text.get(k) {
        k += 1;
        let sign = match text.get(k) {
            Some(b'-') => {
                k += 1;
                -1
            }
            Some(b'+') => {
                k += 1;
                1
            }
            _ => 1,
        };
        let mut e: i64 = 0;
        while let Some(&d @ b'0'..=b'9') = text.get(k) {
            e = (e * 10 + i64::from(d - b'0')).min(10_000_000);
            k += 1;
        }
        exp10 += sign * e;
    }
    if dropped_nonzero {
        digits.push(1);
        exp10 -= 1;
    }
    let magnitude = magnitude(&digits, exp10);
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// The nearest `f64` to digits × 10^exp10.
fn magnitude(digits: &[u8], exp10: i64) -> f64 {
    if digits.is_empty() {
        return 0.0;
    }
    // The value lies in [10^(x-1), 10^x): beyond these it is surely infinite or zero
    // (the largest double is below 10^309, half the smallest above 10^-325).
    let x = digits.len() as i64 + exp10;
    if x > 310 {
        return f64::INFINITY;
    }
    if x < -325 {
        return 0.0;
    }
    // value = num / den exactly.
    let mut num = Big(Vec::new());
    // Nine digits at a time: one pass over the limbs per nine digits, not per digit.
    for chunk in digits.chunks(9) {
        let value = chunk.iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
        num.mul_add(10u32.pow(chunk.len() as u32), value);
    }
    let mut den = Big(vec![1]);
    if exp10 >= 0 {
        num.mul_pow10(exp10 as u32);
    } else {
        den.mul_pow10((-exp10) as u32);
    }
    // 2^b <= value < 2^(b+1), from the bit lengths, which leave it one of two.
    let mut b = i64::from(num.bits()) - i64::from(den.bits());
    let below = {
        let (mut n, mut d) = (num.clone(), den.clone());
        if b >= 0 {
            d.shl(b as u32);
        } else {
            n.shl((-b) as u32);
        }
        n.cmp(&d) == core::cmp::Ordering::Less
    };
    if below {
        b -= 1;
    }
    if b > 1023 {
        return f64::INFINITY;
    }
    // value = q·2^s + rest with 53 bits of q (fewer for a subnormal, whose scale is fixed).
    let s = (b - 52).max(-1074);
    if s < 0 {
        num.shl((-s) as u32);
    } else {
        den.shl(s as u32);
    }
    let q = quotient(&mut num, &den);
    // Ties to even on the exact remainder: compare 2·rest with the divisor.
    num.shl(1);
    let up = match num.cmp(&den) {
        core::cmp::Ordering::Greater => true,
        core::cmp::Ordering::Equal => q & 1 == 1,
        core::cmp::Ordering::Less => false,
    };
    let q = q + u64::from(up);
    // q·2^s as bits: q's top bit lands on the exponent field, so a carry to 2^53, and a
    // subnormal rounding up to 2^52, give the right next exponent by plain addition.
    let bits = (((s + 1074) as u64) << 52) + q;
    if bits >= f64::INFINITY.to_bits() {
        f64::INFINITY
    } else {
        f64::from_bits(bits)
    }
}

/// `num / den` for a quotient below 2^64, leaving the remainder in `num`. Estimated from
/// the divisor's top 64 bits (never above the true quotient, at most a few below), then
/// made exact on the remainder.
fn quotient(num: &mut Big, den: &Big) -> u64 {
    let u = den.bits().saturating_sub(64);
    let (n, d) = (num.shr_u128(u), den.shr_u128(u));
    let mut q = if u == 0 {
        n.checked_div(d).unwrap_or(0)
    } else {
        n / (d + 1)
    } as u64;
    num.sub(&den.times(q));
    while num.cmp(den) != core::cmp::Ordering::Less {
        num.sub(den);
        q += 1;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        let want: f64 = text.parse().unwrap();
        let got = parse_decimal(text.as_bytes());
        assert_eq!(
            got.to_bits(),
            want.to_bits(),
            "{text}: got {got:e}, want {want:e}"
        );
    }

    #[test]
    fn quotients_are_exact_whatever_the_estimate() {
        let mut next = crate::test_rng(99u64);
        let mut corrected = 0;
        for round in 0..20_000 {
            // The high bits: an LCG's low bits have short periods.
            let limbs = 1 + (next() >> 40) as usize % 8;
            let mut den = Big((0..limbs).map(|_| (next() >> 32) as u32).collect());
            den.trim();
            if den.0.is_empty() {
                continue;
            }
            let q = next() >> (9 + round % 40);
            // A remainder below the divisor: just below it (where the estimate falls one
            // short), about half of it, or zero.
            let mut rem = den.clone();
            match round % 3 {
                0 => {
                    let small = Big(vec![1 + (next() >> 40) as u32 % 3]);
                    if rem.cmp(&small) == core::cmp::Ordering::Greater {
                        rem.sub(&small);
                    } else {
                        rem = Big(Vec::new());
                    }
                }
                1 => {
                    if let Some(top) = rem.0.last_mut() {
                        *top /= 2;
                    }
                    rem.trim();
                }
                _ => rem = Big(Vec::new()),
            }
            let mut num = den.times(q);
            let mut carry = 0u64;
            for k in 0..num.0.len() {
                let v = u64::from(num.0[k]) + u64::from(rem.0.get(k).copied().unwrap_or(0)) + carry;
                num.0[k] = v as u32;
                carry = v >> 32;
            }
            if carry > 0 {
                num.0.push(carry as u32);
            }
            let u = den.bits().saturating_sub(64);
            if u > 0 && num.shr_u128(u) / (den.shr_u128(u) + 1) != u128::from(q) {
                corrected += 1;
            }
            assert_eq!(quotient(&mut num, &den), q, "round {round}");
            assert_eq!(num, rem, "round {round}");
        }
        assert!(
            corrected > 500,
            "the estimate was corrected only {corrected} times"
        );
    }

    #[test]
    fn known_hard_cases() {
        for t in [
            "0",
            "-0",
            "0.0",
            "0e10",
            "1",
            "-1",
            "1.5",
            "123456789012345678901234567890",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "-1e-400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e400",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000001",
            "0.1",
            "0.30000000000000004",
            "3.14159265358979323846264338327950288",
            "1e23",
            "8.9884656743115795386e307",
            "5e-324",
            "1e-324",
            "7.4e-324",
            "2.5e-324",
            "0.000000000000000000000000000000000000001e30",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "100000000000000000000000000000000000000000000e-40",
            "1e0000000000000000000001",
        ] {
            check(t);
        }
    }

    #[test]
    fn long_digit_strings_and_the_800_digit_cut() {
        let long = format!("1.{}e-5", "0".repeat(900) + "1");
        check(&long);
        let half = "1.00000000000000011102230246251565404236316680908203125";
        check(&format!("{half}{}", "0".repeat(900)));
        check(&format!("{half}{}1", "0".repeat(900)));
        check(&format!("{}e-1000", "9".repeat(1100)));
        check(&format!("0.{}1", "0".repeat(1200)));
    }

    #[test]
    fn random_decimals_and_midpoints_match_the_standard_parser() {
        let mut rng = crate::test_rng(0x5eed_u64);
        let mut next = || rng() >> 11;
        for _ in 0..4000 {
            let len = 1 + next() % 40;
            let digits: String = (0..len)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let exp = (next() % 700) as i64 - 350;
            check(&format!("{digits}e{exp}"));
            check(&format!("-0.{digits}E+{}", exp.abs()));
        }
        // Exact midpoints between neighbouring doubles, and one unit either side of them
        // in the last of many digits: the cases a near-enough parser gets wrong.
        for _ in 0..1500 {
            let x = f64::from_bits(((next() << 20) ^ next()) % f64::MAX.to_bits());
            let next_up = f64::from_bits(x.to_bits() + 1);
            if !next_up.is_finite() {
                continue;
            }
            let mid = exact_midpoint(x, next_up);
            check(&mid);
            check(&format!("{mid}1"));
            if !mid.ends_with('5') {
                continue; // an integer midpoint (above 2^53): no digit to lower
            }
            let (int, frac) = mid.split_once('.').unwrap();
            let mut digits: Vec<u8> = format!("{int}{frac}").into_bytes();
            // One less in the last digit (the midpoint ends in 5, so no borrow).
            *digits.last_mut().unwrap() -= 1;
            let lower = String::from_utf8(digits).unwrap();
            check(&format!("{}.{}", &lower[..int.len()], &lower[int.len()..]));
        }
    }

    /// The exact decimal expansion of (a + b) / 2 for neighbouring positive doubles.
    fn exact_midpoint(a: f64, b: f64) -> String {
        // Both are m·2^e with integer m; the midpoint is (ma + mb)·2^(e-1).
        let (bits_a, bits_b) = (a.to_bits(), b.to_bits());
        let split = |bits: u64| -> (u64, i64) {
            let exp = (bits >> 52) as i64;
            let frac = bits & ((1 << 52) - 1);
            if exp == 0 {
                (frac, -1074)
            } else {
                (frac | 1 << 52, exp - 1075)
            }
        };
        let (ma, ea) = split(bits_a);
        let (mb, eb) = split(bits_b);
        let e = ea.min(eb);
        let sum = Big(vec![0]);
        let mut total = sum;
        let mut a_big = Big(vec![ma as u32, (ma >> 32) as u32]);
        a_big.trim();
        a_big.shl((ea - e) as u32);
        let mut b_big = Big(vec![mb as u32, (mb >> 32) as u32]);
        b_big.trim();
        b_big.shl((eb - e) as u32);
        // total = a_big + b_big
        total.0 = vec![0; a_big.0.len().max(b_big.0.len()) + 1];
        let mut carry = 0u64;
        for k in 0..total.0.len() {
            let v = u64::from(a_big.0.get(k).copied().unwrap_or(0))
                + u64::from(b_big.0.get(k).copied().unwrap_or(0))
                + carry;
            total.0[k] = v as u32;
            carry = v >> 32;
        }
        total.trim();
        // value = total · 2^(e-1). Write it as decimal: for a negative power, multiply by
        // 5^p and place the point p digits from the right.
        let p = 1 - e;
        if p <= 0 {
            total.shl((-p) as u32);
            return format!("{}.0", to_decimal(&total));
        }
        for _ in 0..p {
            total.mul_add(5, 0);
        }
        let s = to_decimal(&total);
        let p = p as usize;
        let s = if s.len() <= p {
            format!("{}{s}", "0".repeat(p - s.len() + 1))
        } else {
            s
        };
        let (int, frac) = s.split_at(s.len() - p);
        format!("{int}.{frac}")
    }

    fn to_decimal(x: &Big) -> String {
        let mut limbs = x.0.clone();
        let mut out = Vec::new();
        while !limbs.is_empty() {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 10) as u32;
                rem = v % 10;
            }
            out.push(b'0' + rem as u8);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        if out.is_empty() {
            out.push(b'0');
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    }
}
