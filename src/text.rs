//! Small text writers that keep `core::fmt` (and its size) out of the hot paths.

/// Appends a decimal integer.
pub fn push_int(out: &mut String, v: i64) {
    let mut buf = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push('-');
    }
    for &b in &buf[i..] {
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
    fn json_strings() {
        let mut s = String::new();
        push_json_string(&mut s, "a\"b\\c\n\u{1}é");
        assert_eq!(s, r#""a\"b\\c\n\u0001é""#);
    }
}
