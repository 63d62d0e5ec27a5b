//! A strict RFC 8259 reader over bytes, with just the operations the decoder needs.
//!
//! Nothing here recurses: skipping a value of any nesting depth uses a heap stack of one
//! byte per level, so 200 000 nested brackets cost 200 kB, not a stack overflow (which in
//! wasm would kill the module instance).

use std::borrow::Cow;

/// A syntax error: where, and what was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the problem.
    pub pos: usize,
    /// What was wrong, as a phrase ("expected ',' or ']'").
    pub what: &'static str,
}

/// A JSON number: its value and whether it was written without fraction or exponent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    /// The value, correctly rounded; may be infinite for literals like `1e400`.
    pub value: f64,
}

/// A number of at most 15 digits without exponent, as the fast paths scan it.
struct SimpleNumber {
    negative: bool,
    /// The digits before the point.
    int_part: u64,
    /// All the digits, as one integer.
    digits: u64,
    /// How many digits follow the point.
    frac_digits: usize,
    /// Offset just past the number.
    end: usize,
}

/// Result type of the reader.
pub type Result<T> = core::result::Result<T, SyntaxError>;

/// A cursor over JSON bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// 10^k for k up to 15, the most fraction digits the fast number paths take.
const POW10_INT: [u64; 16] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
];

/// The eight bytes at `at` as a little-endian word, or 0 if there are not eight: one
/// load. (Not `copy_from_slice` into an array, which in wasm can become a `memory.copy`
/// call per word.)
#[inline(always)]
pub fn word_at(s: &[u8], at: usize) -> u64 {
    if let Some(rest) = s.get(at..) {
        if let Some(w) = rest.first_chunk::<8>() {
            return u64::from_le_bytes(*w);
        }
    }
    0
}

/// Whether `a` and `b` (of the same length) hold the same bytes, compared a word at a
/// time; with `b` a constant this is a few loads and compares, with no call.
#[inline(always)]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = b.len();
    if a.len() != n {
        return false;
    }
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if word_at(a, i) != word_at(b, i) {
                return false;
            }
            i += 8;
        }
        // The last word overlaps the one before when n is not a multiple of 8.
        word_at(a, n - 8) == word_at(b, n - 8)
    } else if n >= 4 {
        a[0] == b[0]
            && a[1] == b[1]
            && a[2] == b[2]
            && a[3] == b[3]
            && a[n - 4] == b[n - 4]
            && a[n - 3] == b[n - 3]
            && a[n - 2] == b[n - 2]
            && a[n - 1] == b[n - 1]
    } else {
        a == b
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`, past a UTF-8 byte-order mark if there is one.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        let pos = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        Reader { bytes, pos }
    }

    /// A reader at the start of `bytes`, a piece from inside a body: a byte-order mark
    /// there is data, not a mark.
    pub fn inside(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The offset just past the last byte.
    pub fn end(&self) -> usize {
        self.bytes.len()
    }

    /// What the value at the cursor is, as a phrase for messages ("an object"), from its
    /// first byte (past white space); anything unexpected counts as a number.
    pub fn kind(&mut self) -> &'static str {
        match self.peek_ws() {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        }
    }

    fn err<T>(&self, what: &'static str) -> Result<T> {
        Err(SyntaxError {
            pos: self.pos,
            what,
        })
    }

    /// Skips JSON white space.
    #[inline(always)]
    pub fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte, not consumed.
    #[inline(always)]
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips white space and returns the next byte, not consumed.
    #[inline(always)]
    pub fn peek_ws(&mut self) -> Option<u8> {
        self.skip_ws();
        self.peek()
    }

    /// Consumes one byte that must be `b`.
    #[inline(always)]
    pub fn eat(&mut self, b: u8, what: &'static str) -> Result<()> {
        if matches!(self.peek(), Some(c) if c == b) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(what)
        }
    }

    /// Consumes one byte unconditionally (the caller has peeked it).
    #[inline(always)]
    pub fn bump(&mut self) {
        self.pos += 1;
    }

    /// Whether everything but trailing white space has been read.
    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos >= self.bytes.len()
    }

    /// After a value inside an array or object: consumes `,` (returns true) or the
    /// closing byte `close` (returns false).
    #[inline(always)]
    pub fn comma_or(&mut self, close: u8, what: &'static str) -> Result<bool> {
        match self.peek_ws() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => self.err(what),
        }
    }

    /// Reads a string at the cursor (which must be at `"`), unescaping if needed.
    /// Borrowed when it holds no escapes, which is the common case.
    pub fn string(&mut self) -> Result<Cow<'a, [u8]>> {
        self.eat(b'"', "expected a string")?;
        let start = self.pos;
        loop {
            self.skip_plain_ascii();
            let Some(&b) = self.bytes.get(self.pos) else {
                return self.err("unterminated string");
            };
            match b {
                b'"' => {
                    let s = &self.bytes[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                b'\\' => {
                    let mut owned = self.bytes[start..self.pos].to_vec();
                    self.unescape_rest(&mut owned)?;
                    return Ok(Cow::Owned(owned));
                }
                0..=0x1F => return self.err("control character in string"),
                0x80.. => self.utf8_char()?,
                _ => self.pos += 1,
            }
        }
    }

    /// Steps over plain ASCII string content (anything but `"`, `\\`, control bytes and
    /// non-ASCII) eight bytes at a time: strings are 45 % of the decoder's work, and most of
    /// their bytes are plain.
    #[inline(always)]
    fn skip_plain_ascii(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        while self.bytes.len() >= 8 && self.pos <= self.bytes.len() - 8 {
            let w = word_at(self.bytes, self.pos);
            // The classic "has a zero byte" test, applied to w with the quote and the
            // backslash xor-ed out, plus bytes below 0x20 and bytes with the high bit. Only
            // the lowest flagged byte is exact, which is the one needed.
            let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
            let quote = zero(w ^ (ONES * u64::from(b'"')));
            let backslash = zero(w ^ (ONES * u64::from(b'\\')));
            let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
            let special = quote | backslash | control | (w & HIGHS);
            if special != 0 {
                self.pos += (special.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
    }

    /// Validates one multi-byte UTF-8 character at the cursor and steps over it.
    fn utf8_char(&mut self) -> Result<()> {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return self.err("invalid UTF-8 in string"),
        };
        match self.bytes.get(self.pos..self.pos + len) {
            Some(seq) if core::str::from_utf8(seq).is_ok() => {
                self.pos += len;
                Ok(())
            }
            _ => self.err("invalid UTF-8 in string"),
        }
    }

    /// Continues a string from a backslash, appending the unescaped text to `out`.
    fn unescape_rest(&mut self, out: &mut Vec<u8>) -> Result<()> {
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return self.err("unterminated string");
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.bytes.get(self.pos) else {
                        return self.err("unterminated string");
                    };
                    self.pos += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return self.err("invalid escape in string");
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1F => return self.err("control character in string"),
                0x80.. => {
                    let start = self.pos;
                    self.utf8_char()?;
                    out.extend_from_slice(&self.bytes[start..self.pos]);
                }
                _ => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads the four hex digits after `\u` (and a low surrogate escape after a high one).
    /// Lone surrogates are valid JSON but not text: they become U+FFFD.
    fn unicode_escape(&mut self) -> Result<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                let save = self.pos;
                self.pos += 2;
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
                self.pos = save;
            }
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return self.err("invalid \\u escape"),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// Reads a number at the cursor.
    pub fn number(&mut self) -> Result<Number> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut mantissa: u64 = 0;
        let mut digits = 0u32;
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    if digits < 19 {
                        mantissa = mantissa * 10 + u64::from(d - b'0');
                    }
                    digits += 1;
                    self.pos += 1;
                }
            }
            _ => return self.err("invalid number"),
        }
        // Digits beyond the 19th were not accumulated: their count scales the value.
        let mut exp10: i64 = i64::from(digits.saturating_sub(19));
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let frac_start = self.pos;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    exp10 -= 1;
                }
                if mantissa != 0 || digits > 0 {
                    digits += 1;
                }
                self.pos += 1;
            }
            if self.pos == frac_start {
                return self.err("invalid number: no digits after '.'");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            let neg_exp = match self.peek() {
                Some(b'-') => {
                    self.pos += 1;
                    true
                }
                Some(b'+') => {
                    self.pos += 1;
                    false
                }
                _ => false,
            };
            let exp_start = self.pos;
            let mut e: i64 = 0;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                e = (e * 10 + i64::from(d - b'0')).min(1_000_000);
                self.pos += 1;
            }
            if self.pos == exp_start {
                return self.err("invalid number: no digits in exponent");
            }
            exp10 += if neg_exp { -e } else { e };
        }
        // Clinger's fast path: an exactly representable mantissa times an exactly
        // representable power of ten rounds correctly in one operation.
        let value = if digits <= 15 && (-22..=22).contains(&exp10) {
            let m = mantissa as f64;
            let v = if exp10 >= 0 {
                m * POW10[exp10 as usize]
            } else {
                m / POW10[(-exp10) as usize]
            };
            if negative {
                -v
            } else {
                v
            }
        } else if mantissa == 0 {
            if negative {
                -0.0
            } else {
                0.0
            }
        } else {
            // The grammar was checked above.
            crate::float::parse_decimal(self.bytes.get(start..self.pos).unwrap_or(&[]))
        };
        Ok(Number { value })
    }

    /// Consumes `pat` if the bytes at the cursor are exactly it (a key with its quotes and
    /// colon, `null`): the decoder's guess at what comes next, checked eight bytes at a time.
    #[inline(always)]
    pub fn eat_bytes(&mut self, pat: &[u8]) -> bool {
        let Some(s) = self.bytes.get(self.pos..self.pos + pat.len()) else {
            return false;
        };
        if same_bytes(s, pat) {
            self.pos += pat.len();
            true
        } else {
            false
        }
    }

    /// The 24 bytes of a `"YYYY-MM-DDTHH:MM:SS.sssZ"`-sized string at the cursor (which
    /// must be at `"`), if its closing quote is exactly there; nothing is consumed. The
    /// content is not checked: a caller that accepts it then calls [`Reader::skip_fixed`].
    #[inline(always)]
    pub fn fixed_string_24(&self) -> Option<&'a [u8; 24]> {
        let s = self.bytes.get(self.pos..)?.first_chunk::<26>()?;
        if s[0] != b'"' || s[25] != b'"' {
            return None;
        }
        s.split_first()?.1.first_chunk::<24>()
    }

    /// Steps over `n` bytes the caller has checked.
    #[inline(always)]
    pub fn skip_fixed(&mut self, n: usize) {
        self.pos += n;
    }

    /// A string at the cursor (which must be at `"`) of plain ASCII without escapes, the
    /// shape of every key and name Chatwoot writes; `None`, consuming nothing, for any other
    /// (which [`Reader::string`] then reads, or rejects).
    #[inline(always)]
    pub fn plain_string(&mut self) -> Option<&'a [u8]> {
        if !matches!(self.peek(), Some(b'"')) {
            return None;
        }
        let start = self.pos + 1;
        let save = self.pos;
        self.pos = start;
        self.skip_plain_ascii();
        if let Some(b'"') = self.bytes.get(self.pos) {
            let s = &self.bytes[start..self.pos];
            self.pos += 1;
            Some(s)
        } else {
            self.pos = save;
            None
        }
    }

    /// A whole number at the cursor in the shapes Chatwoot writes (`-`, at most 15 digits,
    /// then optionally `.` and zeros): exactly what [`Reader::number`] would read, as an
    /// integer. `None`, consuming nothing, for any other number (or non-number).
    #[inline(always)]
    pub fn fast_int(&mut self) -> Option<i64> {
        let n = self.simple_number()?;
        // A fraction of zeros only: every digit after the point added nothing.
        if n.int_part * POW10_INT[n.frac_digits] != n.digits {
            return None;
        }
        self.pos = n.end;
        let v = n.int_part as i64;
        Some(if n.negative { -v } else { v })
    }

    /// A number at the cursor of at most 15 digits in all, without exponent: the value
    /// [`Reader::number`] would give (the same correctly rounded division). `None`,
    /// consuming nothing, for any other number (or non-number).
    #[inline(always)]
    pub fn fast_number(&mut self) -> Option<f64> {
        let n = self.simple_number()?;
        let v = n.digits as f64 / POW10[n.frac_digits];
        self.pos = n.end;
        Some(if n.negative { -v } else { v })
    }

    /// Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?` of at most 15 digits in all, not followed by
    /// an exponent, without consuming it. (A byte at a time: Chatwoot's numbers are short,
    /// and a word-at-a-time conversion measured slower on them.)
    #[inline(always)]
    fn simple_number(&self) -> Option<SimpleNumber> {
        let b = self.bytes;
        let mut i = self.pos;
        let negative = matches!(b.get(i), Some(b'-'));
        i += usize::from(negative);
        let start = i;
        let mut m: u64 = 0;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                    // Wrapping: a number this long is refused below, whatever m became.
                    m = m.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                    i += 1;
                }
            }
            _ => return None,
        }
        let int_digits = i - start;
        let int_part = m;
        let mut frac_digits = 0;
        if let Some(b'.') = b.get(i) {
            i += 1;
            let frac_start = i;
            while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                m = m.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                i += 1;
            }
            frac_digits = i - frac_start;
            if frac_digits == 0 {
                return None;
            }
        }
        if int_digits + frac_digits > 15 || matches!(b.get(i), Some(b'e' | b'E')) {
            return None;
        }
        Some(SimpleNumber {
            negative,
            int_part,
            digits: m,
            frac_digits,
            end: i,
        })
    }

    /// Consumes the literal `lit` (`true`, `false` or `null`).
    pub fn literal(&mut self, lit: &'static [u8]) -> Result<()> {
        if self.bytes.get(self.pos..self.pos + lit.len()) == Some(lit) {
            self.pos += lit.len();
            Ok(())
        } else {
            self.err("invalid literal")
        }
    }

    /// Reads and discards one value of any kind and any depth, checking its syntax.
    pub fn skip_value(&mut self) -> Result<()> {
        let mut stack: Vec<u8> = Vec::new();
        'value: loop {
            match self.peek_ws() {
                Some(b'{') => {
                    self.pos += 1;
                    if self.peek_ws() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        stack.push(b'}');
                        self.object_key()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    if self.peek_ws() == Some(b']') {
                        self.pos += 1;
                    } else {
                        stack.push(b']');
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                None => return self.err("unexpected end of input"),
                Some(_) => return self.err("expected a JSON value"),
            }
            // A value is complete: close containers until one continues with a comma.
            loop {
                let Some(&close) = stack.last() else {
                    return Ok(());
                };
                let what = if close == b'}' {
                    "expected ',' or '}'"
                } else {
                    "expected ',' or ']'"
                };
                if self.comma_or(close, what)? {
                    if close == b'}' {
                        self.object_key()?;
                    }
                    continue 'value;
                }
                stack.pop();
            }
        }
    }

    /// Reads `"key":` inside an object, leaving the cursor before the value.
    pub fn object_key(&mut self) -> Result<Cow<'a, [u8]>> {
        if self.peek_ws() != Some(b'"') {
            return self.err("expected a string key");
        }
        let key = self.string()?;
        if self.peek_ws() != Some(b':') {
            return self.err("expected ':'");
        }
        self.pos += 1;
        self.skip_ws();
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> f64 {
        let mut r = Reader::new(s.as_bytes());
        let n = r.number().unwrap();
        assert!(r.at_end(), "{s}");
        n.value
    }

    #[test]
    fn numbers_round_correctly() {
        for s in [
            "0",
            "-0",
            "120",
            "120.0",
            "1.5",
            "-2.25e3",
            "1e22",
            "1e23",
            "0.1",
            "3.14159",
            "123456789012345678901234567890",
            "1e-400",
            "4.9e-324",
            "1.7976931348623157e308",
            "0.000000000000000000000000001",
            "9007199254740993",
            "1E+2",
            "1e400",
        ] {
            let expected: f64 = s.parse().unwrap();
            let got = num(s);
            assert_eq!(got.to_bits(), expected.to_bits(), "{s}");
        }
    }

    #[test]
    fn fast_numbers_agree_with_number() {
        let texts = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "7",
            "278.0",
            "3110647",
            "3110647.0",
            "12345678",
            "123456789",
            "1234567890.12345",
            "12345678901234.5",
            "123456789012345.6",
            "0.1",
            "0.30000000000000004",
            "99.99",
            "5.00000000",
            "01",
            "00",
            "-01.5",
            "1.",
            "1.e5",
            "1e5",
            "2.5E-3",
            "-",
            "-x",
            ".5",
            "9007199254740993",
            "1.0000000000000002",
        ];
        for text in texts {
            for tail in ["", ",", "}", "        "] {
                let body = format!("{text}{tail}");
                let general = {
                    let mut r = Reader::new(body.as_bytes());
                    r.number().ok().map(|n| (n.value.to_bits(), r.pos()))
                };
                let mut r = Reader::new(body.as_bytes());
                if let Some(v) = r.fast_number() {
                    assert_eq!(Some((v.to_bits(), r.pos())), general, "{body:?}");
                }
                let mut r = Reader::new(body.as_bytes());
                if let Some(v) = r.fast_int() {
                    let (bits, pos) = general.unwrap();
                    assert_eq!((v as f64, r.pos()), (f64::from_bits(bits), pos), "{body:?}");
                }
            }
        }
    }

    #[test]
    fn strings_unescape() {
        let mut r = Reader::new(br#""a\"b\u00e9\ud83d\ude00\ud800x""#);
        let s = r.string().unwrap();
        assert_eq!(std::str::from_utf8(&s).unwrap(), "a\"bé😀\u{FFFD}x");
    }

    #[test]
    fn word_at_a_time_scan_stops_at_every_special_byte_at_every_offset() {
        for k in 0..20 {
            let plain = "a".repeat(k);
            // An escape, a multi-byte character and the end quote at offset k.
            for (inner, want) in [("\\n", "\n"), ("é", "é"), ("", "")] {
                let text = ["\"", &plain, inner, "xyz\""].concat();
                let mut r = Reader::new(text.as_bytes());
                let got = r.string().unwrap();
                assert_eq!(
                    std::str::from_utf8(&got).unwrap(),
                    [&plain, want, "xyz"].concat(),
                    "k={k}"
                );
                assert!(r.at_end());
            }
            // A raw control byte at offset k is an error at exactly that byte.
            let text = ["\"", &plain, "\u{1}", "xyz\""].concat();
            let e = Reader::new(text.as_bytes()).string().unwrap_err();
            assert_eq!(e.pos, k + 1, "k={k}");
            // An unterminated string is found at any length.
            let text = ["\"", &plain].concat();
            assert_eq!(
                Reader::new(text.as_bytes()).string().unwrap_err().what,
                "unterminated string"
            );
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let mut body = vec![b'['; 200_000];
        body.extend(vec![b']'; 200_000]);
        assert!(Reader::new(&body).skip_value().is_ok());
        let unbalanced = vec![b'['; 200_000];
        assert!(Reader::new(&unbalanced).skip_value().is_err());
    }
}
