//! Small text writers that keep `core::fmt` (and its size) out of the hot paths.

/// Appends a decimal integer.
pub fn push_int(out: &mut String, v: i64) {
    let mut buf = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut len = 0;
    // Filled from the end through an iterator: no index, so no bounds check to panic.
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push('-');
    }
    for &b in buf.iter().skip(buf.len() - len) {
        out.push(char::from(b));
    }
}

/// Appends a number of seconds the way a person reads it: an integer where it is whole,
/// else with up to three decimals.
pub fn push_seconds(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push_str("a non-finite number");
        return;
    }
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        push_int(out, v as i64);
        return;
    }
    let scaled = (v * 1000.0).round();
    if scaled.abs() >= 9.0e15 {
        out.push_str("a very large number");
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push('-');
    }
    let a = scaled.unsigned_abs();
    push_int(out, (a / 1000) as i64);
    let frac = a % 1000;
    if frac != 0 {
        out.push('.');
        let mut digits = [
            (frac / 100) as u8,
            (frac / 10 % 10) as u8,
            (frac % 10) as u8,
        ];
        let mut len = 3;
        while len > 1 && digits[len - 1] == 0 {
            len -= 1;
        }
        for d in &mut digits[..len] {
            out.push(char::from(b'0' + *d));
        }
    }
}

/// Appends `s` as a JSON string literal, quotes included.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends at most `max` characters of `s`, with an ellipsis when cut; for quoting
/// server text inside messages without letting it grow without bound.
pub fn push_excerpt(out: &mut String, s: &str, max: usize) {
    let mut chars = s.chars();
    for c in chars.by_ref().take(max) {
        out.push(if c.is_control() { ' ' } else { c });
    }
    if chars.next().is_some() {
        out.push('…');
    }
}

/// A decimal integer as a new string.
pub fn int_string(v: i64) -> String {
    let mut s = String::new();
    push_int(&mut s, v);
    s
}

/// Appends `v` in decimal, zero-padded on the left to at least `width` digits.
pub fn push_padded(out: &mut String, v: u64, width: usize) {
    let mut n = 1;
    let mut t = v / 10;
    while t > 0 {
        n += 1;
        t /= 10;
    }
    for _ in n..width {
        out.push('0');
    }
    push_int(out, v as i64);
}

/// Appends a number for a message: at most 15 significant digits (every number typed
/// with that many reads back the same, as JavaScript's `String(v)` shows it), trailing
/// zeros dropped, in exponent notation (`1e21`, `1.5e-7`) below 1e-6 and from 1e21 on;
/// `NaN`, `inf`, `-inf` for the rest. Small where Rust's own float formatting (which
/// prints all 17 digits a number may need) costs 15 KB of wasm.
pub fn push_number(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    let a = v.abs();
    if a.is_infinite() {
        out.push_str("inf");
        return;
    }
    if a == 0.0 {
        out.push('0');
        return;
    }
    // `a` ≈ m × 10^(exp - 14) with m of exactly 15 digits; the estimate of the decimal
    // exponent from the binary one is off by at most one either way.
    let binary = if a < f64::MIN_POSITIVE {
        ((a * 18_446_744_073_709_551_616.0).to_bits() >> 52) as i32 - 1023 - 64
    } else {
        (a.to_bits() >> 52) as i32 - 1023
    };
    let mut exp = (f64::from(binary) * std::f64::consts::LOG10_2).floor() as i32;
    let mut m = 0u64;
    for _ in 0..4 {
        let s = scale10(a, 14 - exp).round();
        if s < 1e14 {
            exp -= 1;
        } else if s >= 1e15 {
            exp += 1;
        } else {
            m = s as u64;
            break;
        }
    }
    let mut digits = [b'0'; 15];
    for d in digits.iter_mut().rev() {
        *d = b'0' + (m % 10) as u8;
        m /= 10;
    }
    let n = digits.iter().rposition(|&d| d != b'0').map_or(1, |i| i + 1);
    let digits = digits.get(..n).unwrap_or_default();
    let push_digits = |out: &mut String, d: &[u8]| {
        for &c in d {
            out.push(char::from(c));
        }
    };
    if !(-6..21).contains(&exp) {
        let (first, rest) = digits.split_at_checked(1).unwrap_or_default();
        push_digits(out, first);
        if !rest.is_empty() {
            out.push('.');
            push_digits(out, rest);
        }
        out.push('e');
        push_int(out, i64::from(exp));
    } else if exp < 0 {
        out.push_str("0.");
        for _ in exp + 1..0 {
            out.push('0');
        }
        push_digits(out, digits);
    } else {
        let whole = exp as usize + 1;
        let (int, frac) = digits.split_at_checked(whole).unwrap_or((digits, &[]));
        push_digits(out, int);
        for _ in int.len()..whole {
            out.push('0');
        }
        if !frac.is_empty() {
            out.push('.');
            push_digits(out, frac);
        }
    }
}

/// `a × 10^k`, in steps by exact powers of ten (each step rounds once).
fn scale10(mut a: f64, mut k: i32) -> f64 {
    while k > 22 {
        a *= 1e22;
        k -= 22;
    }
    while k < -22 {
        a /= 1e22;
        k += 22;
    }
    let p = 10f64.powi(k.abs());
    if k >= 0 {
        a * p
    } else {
        a / p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        for v in [0i64, 7, -7, 120, i64::MAX, i64::MIN] {
            let mut s = String::new();
            push_int(&mut s, v);
            assert_eq!(s, v.to_string());
        }
    }

    #[test]
    fn seconds() {
        let f = |v: f64| {
            let mut s = String::new();
            push_seconds(&mut s, v);
            s
        };
        assert_eq!(f(120.0), "120");
        assert_eq!(f(1.5), "1.5");
        assert_eq!(f(-0.25), "-0.25");
        assert_eq!(f(2.0004), "2");
        assert_eq!(f(f64::NAN), "a non-finite number");
    }

    #[test]
    fn padded() {
        let mut s = String::new();
        push_padded(&mut s, 7, 2);
        push_padded(&mut s, 12, 2);
        push_padded(&mut s, 123, 2);
        push_padded(&mut s, 5, 4);
        assert_eq!(s, "0712123 0005".replace(' ', ""));
    }

    fn number(v: f64) -> String {
        let mut s = String::new();
        push_number(&mut s, v);
        s
    }

    #[test]
    fn numbers_for_messages() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (18.5, "18.5"),
            (-18.0001, "-18.0001"),
            (20.0, "20"),
            (0.1, "0.1"),
            (0.3, "0.3"),
            (0.1 + 0.2, "0.3"),
            (1e-6, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (123_456_789_012_345.0, "123456789012345"),
            (1e20, "100000000000000000000"),
            (1e21, "1e21"),
            (1e300, "1e300"),
            (f64::MAX, "1.79769313486232e308"),
            (5e-324, "4.94065645841247e-324"),
            (2.5e-320, "2.49997216795671e-320"), // a subnormal: 15 digits of what it holds
            (253_402_300_800.0, "253402300800"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(number(v), want, "{v:?}");
        }
        // Every number of up to 15 significant digits reads as Rust writes it (when Rust
        // writes no exponent, as it never does for these magnitudes).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 1_000_000_000_000_000) as f64;
            let v =
                digits / 10f64.powi((x >> 50) as i32 % 21) * if x & 1 == 0 { 1.0 } else { -1.0 };
            let rust = format!("{v}");
            if v.abs() >= 1e-6
                && v.abs() < 1e21
                && format!("{v:e}").trim_start_matches('-').len() <= 21
            {
                assert_eq!(number(v), rust, "{v:?}");
            }
        }
    }

    #[test]
    fn json_strings() {
        let mut s = String::new();
        push_json_string(&mut s, "a\"b\\c\n\u{1}é");
        assert_eq!(s, r#""a\"b\\c\n\u0001é""#);
    }
}
