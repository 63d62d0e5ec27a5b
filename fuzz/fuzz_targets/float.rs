//! `float::parse_decimal` against the standard library's parser, bit for bit, on JSON
//! numbers built from the input: its bytes become the digits, the point, the exponent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    // Digits from the bytes; the first byte says where the point goes, the exponent, the sign.
    let digits: String = rest.iter().map(|b| char::from(b'0' + b % 10)).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut text = String::new();
    if shape & 1 == 1 {
        text.push('-');
    }
    let point = usize::from(shape >> 1) % (digits.len() + 1);
    if point == 0 || point == digits.len() {
        text.push_str(digits);
    } else {
        text.push_str(&digits[..point]);
        text.push('.');
        text.push_str(&digits[point..]);
    }
    let exp = i32::from(rest.first().copied().unwrap_or(0)) * 3 - 384 - digits.len() as i32 / 2;
    text.push('e');
    text.push_str(&exp.to_string());
    let want: f64 = text.parse().unwrap();
    let got = chatwoot_reporting::float::parse_decimal(text.as_bytes());
    assert_eq!(got.to_bits(), want.to_bits(), "{text}");
});
