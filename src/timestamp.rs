//! RFC 3339 timestamps to epoch milliseconds and back.
//!
//! Chatwoot writes `2026-04-07T14:27:20.123Z`; other servers and proxies may send offsets,
//! no fraction or nanoseconds. Every RFC 3339 form is accepted; fractions beyond
//! milliseconds are truncated (toward the past) because the model keeps milliseconds.

/// Earliest instant [`write_iso`] can write: 0000-01-01T00:00:00.000Z.
pub const MIN_MILLIS: i64 = -62_167_219_200_000;
/// Latest instant [`write_iso`] can write: 9999-12-31T23:59:59.999Z.
pub const MAX_MILLIS: i64 = 253_402_300_799_999;

/// Parses an RFC 3339 date-time into epoch milliseconds. `None` if it is not one.
pub fn parse_rfc3339(s: &[u8]) -> Option<i64> {
    // Fixed part: YYYY-MM-DDTHH:MM:SS (19 bytes).
    if s.len() < 20 {
        return None;
    }
    let year = digits(s, 0, 4)?;
    let month = digits(s, 5, 2)?;
    let day = digits(s, 8, 2)?;
    let hour = digits(s, 11, 2)?;
    let minute = digits(s, 14, 2)?;
    let second = digits(s, 17, 2)?;
    if s[4] != b'-' || s[7] != b'-' || !matches!(s[10], b'T' | b't' | b' ') {
        return None;
    }
    if s[13] != b':' || s[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // RFC 3339 allows a leap second (60); it is counted as the next minute's 0th second.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if s.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(d) = s.get(i).filter(|b| b.is_ascii_digit()) {
            if i - start < 3 {
                millis = millis * 10 + i64::from(d - b'0');
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            millis *= 10;
        }
    }
    let offset_minutes = match s.get(i)? {
        b'Z' | b'z' => {
            i += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            let oh = digits(s, i + 1, 2)?;
            let om = digits(s, i + 4, 2)?;
            if s.get(i + 3) != Some(&b':') || oh > 23 || om > 59 {
                return None;
            }
            i += 6;
            let m = oh * 60 + om;
            if *sign == b'-' {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };
    if i != s.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    let ms = secs * 1000 + millis;
    // An offset (or a leap second) can move a date at the ends of 0000–9999 out of that
    // range in UTC ("0000-01-01T00:00:00+00:01"); such an instant has no four-digit UTC
    // form, so the encoder would have to clamp it and silently change the event. Refuse it.
    if !(MIN_MILLIS..=MAX_MILLIS).contains(&ms) {
        return None;
    }
    Some(ms)
}

/// Remembers the last date the fast path read, with its day number: the four timestamps
/// of an event, and neighbouring events in a body sorted by time, mostly share a date.
/// It also remembers the last whole timestamp: `updated_at` is mostly `created_at` again.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateCache {
    /// The raw bytes `YYYY-MM-DD` (as two little-endian words, the second masked to two
    /// bytes) of the last date; 0 (no digits) before the first.
    key: (u64, u64),
    days: i64,
    /// The raw bytes of the last timestamp, as three words, if there was one.
    stamp: (u64, u64, u64),
    has_stamp: bool,
    millis: i64,
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ` exactly, the form Chatwoot writes, into epoch milliseconds;
/// `None` for anything else (including a leap second), which [`parse_rfc3339`] then reads.
/// Where it answers, it answers as [`parse_rfc3339`] does.
#[inline(always)]
pub fn parse_chatwoot(s: &[u8; 24], cache: &mut DateCache) -> Option<i64> {
    // Byte by byte rather than `copy_from_slice` (a `memory.copy` call in wasm): the
    // compiler merges these into one load.
    let word = |at: usize| {
        u64::from_le_bytes([
            s[at],
            s[at + 1],
            s[at + 2],
            s[at + 3],
            s[at + 4],
            s[at + 5],
            s[at + 6],
            s[at + 7],
        ])
    };
    let (w0, w1, w2) = (word(0), word(8), word(16));
    if cache.has_stamp && (w0, w1, w2) == cache.stamp {
        return Some(cache.millis);
    }
    // XOR with the template turns digits into 0–9 and the separators into 0; anything
    // else leaves a byte above 9 or a separator that is not 0.
    const T0: u64 = u64::from_le_bytes(*b"0000-00-");
    const T1: u64 = u64::from_le_bytes(*b"00T00:00");
    const T2: u64 = u64::from_le_bytes(*b":00.000Z");
    const S0: u64 = u64::from_le_bytes([0, 0, 0, 0, 0xFF, 0, 0, 0xFF]);
    const S1: u64 = u64::from_le_bytes([0, 0, 0xFF, 0, 0, 0xFF, 0, 0]);
    const S2: u64 = u64::from_le_bytes([0xFF, 0, 0, 0xFF, 0, 0, 0, 0xFF]);
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const SIX: u64 = 0x0606_0606_0606_0606;
    const SIXTEEN: u64 = 0x1010_1010_1010_1010;
    let (x0, x1, x2) = (w0 ^ T0, w1 ^ T1, w2 ^ T2);
    let bad = (x0 & S0) | (x1 & S1) | (x2 & S2) | ((x0 | x1 | x2) & HIGH_NIBBLES);
    // Every byte is now at most 15, so adding 6 carries into bit 4 exactly for 10–15.
    let over = (x0.wrapping_add(SIX) | x1.wrapping_add(SIX) | x2.wrapping_add(SIX)) & SIXTEEN;
    if bad | over != 0 {
        return None;
    }
    // Byte k of `pairs(x)` is 10 × digit k + digit k+1 (at most 99: no carries).
    let pairs = |x: u64| x.wrapping_mul(10).wrapping_add(x >> 8);
    let byte = |x: u64, k: u32| ((x >> (8 * k)) & 0xFF) as i64;
    let (p1, p2) = (pairs(x1), pairs(x2));
    let (hour, minute) = (byte(p1, 3), byte(p1, 6));
    let (second, millis) = (byte(p2, 1), byte(p2, 4) * 10 + byte(x2, 6));
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let key = (w0, w1 & 0xFFFF);
    let days = if key == cache.key {
        cache.days
    } else {
        let p0 = pairs(x0);
        let (year, month, day) = (byte(p0, 0) * 100 + byte(p0, 2), byte(p0, 5), byte(p1, 0));
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        cache.key = key;
        cache.days = days;
        days
    };
    // Four-digit years with `Z` and no leap second are always within MIN..=MAX_MILLIS.
    let ms = ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000) + millis;
    cache.stamp = (w0, w1, w2);
    cache.has_stamp = true;
    cache.millis = ms;
    Some(ms)
}

/// Reads `n` ASCII digits at `at` as a number.
#[inline]
fn digits(s: &[u8], at: usize, n: usize) -> Option<i64> {
    let bytes = s.get(at..at + n)?;
    let mut v = 0i64;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(b - b'0');
    }
    Some(v)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Appends `millis` as `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC), the form Chatwoot writes.
/// Years outside 0000–9999 are clamped into that range's ends, which the decoder
/// never produces (it only reads four-digit years).
pub fn write_iso(out: &mut String, millis: i64) {
    let millis = millis.clamp(MIN_MILLIS, MAX_MILLIS);
    let days = millis.div_euclid(86_400_000);
    let rem = millis.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s, ms) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    push_padded(out, y, 4);
    out.push('-');
    push_padded(out, mo, 2);
    out.push('-');
    push_padded(out, d, 2);
    out.push('T');
    push_padded(out, h, 2);
    out.push(':');
    push_padded(out, mi, 2);
    out.push(':');
    push_padded(out, s, 2);
    out.push('.');
    push_padded(out, ms, 3);
    out.push('Z');
}

/// `millis` as an ISO string (see [`write_iso`]).
pub fn to_iso(millis: i64) -> String {
    let mut s = String::with_capacity(24);
    write_iso(&mut s, millis);
    s
}

fn push_padded(out: &mut String, v: i64, width: u32) {
    let mut div = 10i64.pow(width - 1);
    while div > 0 {
        let digit = (v / div % 10) as u8;
        out.push(char::from(b'0' + digit));
        div /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<i64> {
        parse_rfc3339(s.as_bytes())
    }

    #[test]
    fn chatwoot_form() {
        assert_eq!(p("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(p("2026-04-07T14:27:20.123Z"), Some(1_775_572_040_123));
    }

    /// The fast path agrees with the general parser wherever it answers, and answers for
    /// every well-formed Chatwoot timestamp.
    #[test]
    fn chatwoot_fast_path_matches() {
        let mut cache = DateCache::default();
        let mut fast = |s: &str| -> Option<i64> {
            let b: &[u8; 24] = s.as_bytes().try_into().ok()?;
            parse_chatwoot(b, &mut cache)
        };
        for s in [
            "1970-01-01T00:00:00.000Z",
            "2026-04-07T14:27:20.123Z",
            "2026-04-07T14:27:21.999Z",
            "2026-04-08T00:00:00.000Z",
            "2024-02-29T23:59:59.999Z",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "1969-12-31T23:59:59.999Z",
            "2000-02-29T12:00:00.001Z",
        ] {
            assert_eq!(fast(s), p(s), "{s}");
            assert!(fast(s).is_some(), "{s}");
        }
        for s in [
            "2026-02-29T14:27:20.000Z",
            "2026-04-31T00:00:00.000Z",
            "2026-00-07T14:27:20.000Z",
            "2026-13-07T14:27:20.000Z",
            "2026-04-00T14:27:20.000Z",
            "2026-04-07T24:00:00.000Z",
            "2026-04-07T14:60:00.000Z",
            "2016-12-31T23:59:60.000Z",
            "9999-12-31T23:59:60.999Z",
            "2026-04-07t14:27:20.123Z",
            "2026-04-07 14:27:20.123Z",
            "2026-04-07T14:27:20.123z",
            "2026-04-07T14:27:20,123Z",
            "2026/04-07T14:27:20.123Z",
            "2026-04-07T14:27:2:.123Z",
            "2026-04-07T14:27:20.12?Z",
            "2026-04-07T14:27:20.1+0Z",
            r"20\u0032-04-07T14:27:20Z",
        ] {
            assert_eq!(fast(s), None, "{s}");
        }
        // A fresh cache answers nothing by itself.
        assert_eq!(parse_chatwoot(&[0; 24], &mut DateCache::default()), None);
        assert_eq!(parse_chatwoot(&[0xFF; 24], &mut DateCache::default()), None);
        // A cached date is reused only for the very same date bytes.
        assert_eq!(
            fast("2026-04-07T14:27:20.123Z"),
            p("2026-04-07T14:27:20.123Z")
        );
        assert_eq!(
            fast("2026-04-17T14:27:20.123Z"),
            p("2026-04-17T14:27:20.123Z")
        );
        assert_eq!(fast("2026-04-31T14:27:20.123Z"), None);
        // Every byte of a valid stamp, replaced by every other byte: the fast path and the
        // general parser still agree wherever the fast path answers.
        let base = *b"2024-02-29T23:59:59.999Z";
        for k in 0..24 {
            for c in 0..=255u8 {
                let mut s = base;
                s[k] = c;
                if let Some(v) = parse_chatwoot(&s, &mut DateCache::default()) {
                    assert_eq!(Some(v), parse_rfc3339(&s), "{k} {c}");
                }
                if let Some(v) = parse_chatwoot(&s, &mut cache) {
                    assert_eq!(Some(v), parse_rfc3339(&s), "{k} {c}");
                }
            }
        }
    }

    #[test]
    fn other_rfc3339_forms() {
        let base = p("2026-04-07T14:27:20Z").unwrap();
        assert_eq!(p("2026-04-07t14:27:20z"), Some(base));
        assert_eq!(p("2026-04-07 14:27:20Z"), Some(base));
        assert_eq!(p("2026-04-07T19:57:20+05:30"), Some(base));
        assert_eq!(p("2026-04-07T09:27:20-05:00"), Some(base));
        assert_eq!(p("2026-04-07T14:27:20.5Z"), Some(base + 500));
        assert_eq!(p("2026-04-07T14:27:20.123456789Z"), Some(base + 123));
        assert_eq!(p("2026-04-07T14:27:20.000000000001Z"), Some(base));
        assert_eq!(p("2016-12-31T23:59:60Z"), p("2017-01-01T00:00:00Z"));
    }

    #[test]
    fn rejects_non_timestamps() {
        for s in [
            "",
            "2026-04-07",
            "2026-04-07T14:27:20",
            "2026-13-07T14:27:20Z",
            "2026-02-29T14:27:20Z",
            "2026-04-31T00:00:00Z",
            "2026-04-07T24:00:00Z",
            "2026-04-07T14:27:20.Z",
            "2026-04-07T14:27:20+0530",
            "2026-04-07T14:27:20+05:30x",
            "2026-04-07X14:27:20Z",
            "+2026-04-07T14:27:20Z",
            "２０２６-04-07T14:27:20Z",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
        assert!(p("2024-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn iso_round_trip() {
        for s in [
            "1970-01-01T00:00:00.000Z",
            "2026-04-07T14:27:20.123Z",
            "1969-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "2000-02-29T12:00:00.001Z",
        ] {
            assert_eq!(to_iso(p(s).unwrap()), s);
        }
    }

    #[test]
    fn civil_round_trip() {
        for d in (-800_000..800_000).step_by(997) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
