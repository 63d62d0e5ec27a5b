//! `StreamDecoder` against `decode`: a body pushed in pieces cut anywhere gives exactly
//! what `decode` gives on the whole body (events column by column, names, issues with
//! their codes, paths and messages, page meta, failure), for valid bodies restyled with
//! escapes and white space, for broken ones of every kind, and at the size limit; and it
//! holds no more than the unit a piece cut.
//!
//! Case counts are moderate for `cargo test`; set `PROPTEST_CASES` for a longer run.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod generators;

use chatwoot_reporting::encode::to_json;
use chatwoot_reporting::{decode, DecodeOptions, Decoded, EventSet, IssueCode, StreamDecoder};
use common::proptest_config as config;
use generators::*;
use proptest::prelude::*;
use proptest::sample::Index;

/// What the stream decoder adds to a cut unit before reading it again (`stream::AHEAD`).
const AHEAD: usize = 512;

// ---------------------------------------------------------------------------------------
// Pushing in pieces, and comparing

/// Pushes `bytes` cut at `cuts` (offsets, in any order, duplicates and ends allowed);
/// returns the result and the most bytes held after any push.
fn streamed(bytes: &[u8], opts: &DecodeOptions, cuts: &[usize]) -> (Decoded, usize) {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.push(bytes.len());
    cuts.sort_unstable();
    let mut s = StreamDecoder::new(opts);
    let mut from = 0;
    let mut held = 0;
    for c in cuts {
        s.push(&bytes[from..c]);
        held = held.max(s.held());
        from = c;
    }
    assert_eq!(s.pushed(), bytes.len());
    (s.finish(), held)
}

/// Pushes `bytes` in pieces of `size` bytes.
fn in_pieces(bytes: &[u8], opts: &DecodeOptions, size: usize) -> (Decoded, usize) {
    let cuts: Vec<usize> = (1..bytes.len().div_ceil(size)).map(|k| k * size).collect();
    streamed(bytes, opts, &cuts)
}

/// Everything a `Decoded` says, with floats as bits (NaN is null business hours).
fn everything(d: &Decoded) -> impl PartialEq + std::fmt::Debug {
    let c = &d.events.columns;
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    (
        (
            d.body_failed,
            d.meta,
            d.events.issues.clone(),
            d.events.names.clone(),
        ),
        (c.id.clone(), c.name.clone(), bits(&c.value)),
        (bits(&c.value_in_business_hours), c.event_start_time.clone()),
        (c.event_end_time.clone(), c.account_id.clone()),
        (
            c.conversation_id.clone(),
            c.inbox_id.clone(),
            c.user_id.clone(),
        ),
        (c.created_at.clone(), c.updated_offset.clone()),
    )
}

fn same(streamed: &Decoded, whole: &Decoded) -> Result<(), TestCaseError> {
    prop_assert_eq!(everything(streamed), everything(whole));
    Ok(())
}

/// Where to cut: anywhere, and next to the bytes where a cut is most likely to matter (in
/// and around strings, escapes, numbers, keys, white space, multi-byte characters).
#[derive(Clone, Debug)]
enum Cut {
    Anywhere(Index),
    /// The `k`-th byte of a class (by `Index`), plus an offset.
    Near(u8, Index, usize),
}

fn cut() -> impl Strategy<Value = Cut> {
    prop_oneof![
        any::<Index>().prop_map(Cut::Anywhere),
        (0u8..7, any::<Index>(), 0usize..4).prop_map(|(c, i, d)| Cut::Near(c, i, d)),
    ]
}

fn offsets(bytes: &[u8], cuts: &[Cut]) -> Vec<usize> {
    let class = |c: u8, b: u8| match c {
        0 => b == b'\\',
        1 => b == b'"',
        2 => b.is_ascii_digit() || b == b'.' || b == b'-',
        3 => b == b':' || b == b',',
        4 => matches!(b, b' ' | b'\n' | b'\r' | b'\t'),
        5 => b >= 0x80,
        _ => matches!(b, b'{' | b'}' | b'[' | b']'),
    };
    cuts.iter()
        .filter_map(|c| match c {
            Cut::Anywhere(i) => Some(i.index(bytes.len() + 1)),
            Cut::Near(c, i, d) => {
                let at: Vec<usize> = (0..bytes.len()).filter(|&k| class(*c, bytes[k])).collect();
                (!at.is_empty()).then(|| at[i.index(at.len())] + d)
            }
        })
        .collect()
}

/// Every check on one body: random cuts, pieces of a few sizes, and one byte at a time
/// for small bodies; returns the most bytes held.
fn check(bytes: &[u8], opts: &DecodeOptions, cuts: &[Cut]) -> Result<usize, TestCaseError> {
    let whole = decode(bytes, opts);
    let (d, mut held) = streamed(bytes, opts, &offsets(bytes, cuts));
    same(&d, &whole)?;
    let sizes: &[usize] = if bytes.len() <= 4096 {
        &[1, 2, 3, 7, 64]
    } else {
        &[61, 4096]
    };
    for &size in sizes {
        let (d, h) = in_pieces(bytes, opts, size);
        same(&d, &whole)?;
        held = held.max(h);
    }
    Ok(held)
}

/// The longest array element of a valid bare array, with the white space and separator
/// after it (bounded by the longest run of white space).
fn longest_unit(bytes: &[u8]) -> usize {
    let spaces = bytes
        .split(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    elements(bytes).map_or(bytes.len(), |e| {
        e.iter().map(|x| x.len() + spaces + 1).max().unwrap_or(1)
    })
}

// ---------------------------------------------------------------------------------------
// Restyling a valid body: the same JSON written otherwise

/// `json` (valid, compact) with some characters of its strings written as `\u` escapes
/// (surrogate pairs beyond the BMP, either hex case) or `\/`, and white space of every
/// kind between tokens. It means the same, so it decodes the same.
fn restyle(json: &str, seed: u64, escapes: u64, spaces: u64) -> String {
    let mut rng = seed | 1;
    let mut roll = move |per: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % 16 < per
    };
    let mut out = String::with_capacity(json.len() * 2);
    let mut chars = json.chars();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                '\\' => {
                    out.push(c);
                    let e = chars.next().unwrap();
                    out.push(e);
                    if e == 'u' {
                        out.extend(chars.by_ref().take(4));
                    }
                }
                '/' if roll(escapes) => out.push_str("\\/"),
                _ if roll(escapes) => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        let hex = format!("\\u{:04x}", u);
                        out.push_str(&if roll(8) {
                            hex.to_uppercase().replace("\\U", "\\u")
                        } else {
                            hex
                        });
                    }
                }
                _ => out.push(c),
            }
            continue;
        }
        let space = |out: &mut String, roll: &mut dyn FnMut(u64) -> bool| {
            while roll(spaces) {
                out.push([' ', '\n', '\t', '\r'][usize::from(roll(8)) * 2 + usize::from(roll(8))]);
            }
        };
        if matches!(c, '}' | ']' | ',' | ':') {
            space(&mut out, &mut roll);
        }
        out.push(c);
        if matches!(c, '{' | '[' | ',' | ':') {
            space(&mut out, &mut roll);
        }
        in_string = c == '"';
    }
    out
}

fn valid_body() -> impl Strategy<Value = String> {
    (events(8), any::<u64>(), 0u64..6, 0u64..6, any::<bool>()).prop_map(
        |(evs, seed, escapes, spaces, envelope)| {
            let array = to_json(&EventSet::from_events(&evs));
            let json = if envelope {
                format!(
                    r#"{{"meta":{{"count":{0},"current_page":1,"total_pages":1}},"payload":{array}}}"#,
                    evs.len()
                )
            } else {
                array
            };
            restyle(&json, seed, escapes, spaces)
        },
    )
}

// ---------------------------------------------------------------------------------------
// The properties

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn valid_bodies_stream_as_they_decode(
        body in valid_body(),
        cuts in prop::collection::vec(cut(), 0..16),
        opts in options(),
    ) {
        let bytes = body.as_bytes();
        let held = check(bytes, &opts, &cuts)?;
        prop_assert!(!decode(bytes, &opts).body_failed);
        // Only a cut unit is held, with what came after it while it waited to be read
        // again (a few hundred bytes more): never much more than two array elements.
        if bytes.first() == Some(&b'[') {
            prop_assert!(held <= 2 * longest_unit(bytes) + AHEAD, "{} held, body {}", held, body);
        }
    }

    #[test]
    fn restyled_bodies_decode_as_compact_ones(
        evs in events(6),
        seed in any::<u64>(),
        escapes in 0u64..16,
        spaces in 0u64..8,
        opts in options(),
    ) {
        let json = to_json(&EventSet::from_events(&evs));
        let restyled = restyle(&json, seed, escapes, spaces);
        same(&decode(restyled.as_bytes(), &opts), &decode(json.as_bytes(), &opts))?;
    }

    #[test]
    fn mutated_bodies_stream_as_they_decode(
        body in base_body(),
        mutations in prop::collection::vec(mutation(), 1..5),
        cuts in prop::collection::vec(cut(), 0..16),
        opts in options(),
    ) {
        check(&mutate(body, &mutations), &opts, &cuts)?;
    }

    #[test]
    fn corrupted_bodies_stream_as_they_decode(
        body in corrupted_body(),
        seed in any::<u64>(),
        spaces in 0u64..4,
        cuts in prop::collection::vec(cut(), 0..16),
        opts in options(),
    ) {
        check(restyle(&body, seed, 0, spaces).as_bytes(), &opts, &cuts)?;
    }

    #[test]
    fn arbitrary_bytes_stream_as_they_decode(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        cuts in prop::collection::vec(cut(), 0..8),
        opts in options(),
    ) {
        check(&bytes, &opts, &cuts)?;
    }

    #[test]
    fn json_like_text_streams_as_it_decodes(
        text in r#"\u{feff}?[\[\]{}":, \-0-9a-z_.eE\\]{0,120}"#,
        cuts in prop::collection::vec(cut(), 0..8),
        opts in options(),
    ) {
        check(text.as_bytes(), &opts, &cuts)?;
    }

    #[test]
    fn envelopes_and_other_tops_stream_as_they_decode(
        parts in prop::collection::vec((0usize..9, events(3)), 0..5),
        top in 0usize..4,
        tail in prop::sample::select(&["", " ", "\n", "x", "]", " {}", "\u{0}"][..]),
        cuts in prop::collection::vec(cut(), 0..12),
        opts in options(),
    ) {
        let pairs: Vec<String> = parts
            .iter()
            .map(|(kind, evs)| {
                let n = evs.len();
                let v = match kind {
                    0 | 1 => to_json(&EventSet::from_events(evs)),
                    2 => format!(r#"{{"count":{n},"current_page":1,"total_pages":{n}}}"#),
                    3 => "[1,{\"x\":[]}]".to_owned(),
                    4 => "null".to_owned(),
                    5 => format!("\"Invalid \\\"token\\\" {n}\""),
                    6 => "{\"deep\":[[[{\"a\":\"]}\"}]]]}".to_owned(),
                    _ => "-12.5e3".to_owned(),
                };
                let key = ["payload", "payload", "meta", "payload", "meta", "error", "other", "count"][*kind % 8];
                format!("\"{key}\":{v}")
            })
            .collect();
        let body = match top {
            0 => format!("{{{}}}", pairs.join(",")),
            1 => format!("\u{feff}{{{}}}", pairs.join(",")),
            2 => format!("[{}]", pairs.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(",")),
            _ => ["12345", "\"a string\"", "true", "null", "-0.5e-7"][parts.len() % 5].to_owned(),
        } + tail;
        check(body.as_bytes(), &opts, &cuts)?;
    }

    #[test]
    fn the_size_limit_counts_bytes_as_they_come(
        body in valid_body(),
        slack in -40i64..40,
        cuts in prop::collection::vec(cut(), 0..8),
    ) {
        let bytes = body.as_bytes();
        let opts = DecodeOptions {
            max_bytes: (bytes.len() as i64 + slack).max(0) as usize,
            ..DecodeOptions::default()
        };
        let whole = decode(bytes, &opts);
        prop_assert_eq!(
            whole.events.issues.iter().any(|i| i.code == IssueCode::TooLarge),
            bytes.len() > opts.max_bytes
        );
        let (d, _) = streamed(bytes, &opts, &offsets(bytes, &cuts));
        same(&d, &whole)?;
    }
}

// ---------------------------------------------------------------------------------------
// Every cut of small bodies, one piece at a time, and the extremes

fn every_cut(name: &str, bytes: &[u8], opts: &DecodeOptions) {
    let whole = decode(bytes, opts);
    let want = format!("{:?}", everything(&whole));
    for at in 0..=bytes.len() {
        let (d, _) = streamed(bytes, opts, &[at]);
        assert_eq!(format!("{:?}", everything(&d)), want, "{name} cut at {at}");
    }
    let (d, _) = in_pieces(bytes, opts, 1);
    assert_eq!(format!("{:?}", everything(&d)), want, "{name} byte by byte");
}

#[test]
fn fixtures_and_json_test_suite_stream_at_every_cut() {
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "tests/data/JSONTestSuite/test_parsing"] {
        let dir = format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 300);
    let opts = [
        DecodeOptions::default(),
        DecodeOptions {
            account_id: Some(3),
            max_bytes: 1000,
            ..DecodeOptions::default()
        },
    ];
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        for o in &opts {
            if bytes.len() <= 3000 {
                every_cut(&name, &bytes, o);
            } else {
                // The deep ones: a few cuts, and byte by byte.
                let whole = format!("{:?}", everything(&decode(&bytes, o)));
                for at in [1, 2, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
                    let (d, _) = streamed(&bytes, o, &[at]);
                    assert_eq!(format!("{:?}", everything(&d)), whole, "{name} cut at {at}");
                }
                let (d, _) = in_pieces(&bytes, o, 1);
                assert_eq!(
                    format!("{:?}", everything(&d)),
                    whole,
                    "{name} byte by byte"
                );
            }
        }
    }
}

#[test]
fn cuts_that_used_to_be_hard() {
    let event = r#"{"id":1,"name":"reply_t\u00e9me \ud83d\ude00","value":60.0,"account_id":3,"created_at":"2026-04-07T14:27:20.123Z","updated_at":"2026-04-07T14:27:20.123Z"}"#;
    for body in [
        // A byte-order mark, cut inside.
        format!("\u{feff}[{event}]"),
        // A top-level number followed by more digits or garbage in the next piece.
        "12345".to_owned(),
        "12345x".to_owned(),
        "123 4".to_owned(),
        "nul".to_owned(),
        "[1,2,tru]".to_owned(),
        // The widest check: `false`, five bytes from where its error would be reported.
        "[false]".to_owned(),
        "{\"payload\":false}".to_owned(),
        "[\"\u{e9}\u{1F600}\",fals]".to_owned(),
        // Envelopes with meta first, cut after every key.
        format!(r#"{{"meta":{{"count":1}},"payload":[{event}],"meta":{{"count":2}}}}"#),
        format!(r#"{{ "payload" : [ {event} , {event} ] , "error" : "x" }}"#),
        format!(r#"{{"payload":[{event}]}} x"#),
        format!("[{event}"),
        format!("[{event},"),
        "".to_owned(),
        "   ".to_owned(),
        "<html>".to_owned(),
    ] {
        every_cut(&body, body.as_bytes(), &DecodeOptions::default());
    }
}

#[test]
fn a_long_body_is_held_one_event_at_a_time() {
    let one = r#"{"id":1,"name":"first_response","value":120.0,"value_in_business_hours":120.0,"event_start_time":"2026-04-07T14:25:20.123Z","event_end_time":"2026-04-07T14:27:20.123Z","account_id":3,"inbox_id":7,"user_id":12,"conversation_id":48213,"created_at":"2026-04-07T14:27:20.123Z","updated_at":"2026-04-07T14:27:20.123Z"}"#;
    let events: Vec<String> = (1..=20_000)
        .map(|k| one.replacen("\"id\":1", &format!("\"id\":{k}"), 1))
        .collect();
    let body = format!("[{}]", events.join(",")).into_bytes();
    let opts = DecodeOptions::default();
    let whole = decode(&body, &opts);
    assert_eq!(whole.events.len(), 20_000);
    for size in [1, 100, 1000, 4096, 65536] {
        let (d, held) = in_pieces(&body, &opts, size);
        assert_eq!(
            format!("{:?}", everything(&d)),
            format!("{:?}", everything(&whole))
        );
        // Pieces of a few hundred bytes or more leave only the event they cut; smaller
        // ones may have brought what follows it when it is read.
        let unit = events.iter().map(String::len).max().unwrap() + 1;
        let most = if size >= AHEAD {
            unit
        } else {
            2 * unit + AHEAD
        };
        assert!(held <= most, "{held} bytes held with pieces of {size}");
    }
}

#[test]
fn a_failed_body_stops_early_and_holds_nothing() {
    let opts = DecodeOptions {
        max_bytes: 100,
        ..DecodeOptions::default()
    };
    let mut s = StreamDecoder::new(&opts);
    s.push(b"[1,2,");
    assert!(!s.has_failed());
    s.push(&[b' '; 200]);
    assert!(s.has_failed());
    assert_eq!(s.held(), 0);
    s.push(b"3]");
    let d = s.finish();
    assert_eq!(
        d.events.issues[0].message,
        "The body is 207 bytes or more, above the limit of 100 bytes (maxBytes)."
    );
    // Broken JSON: known at once, whatever follows (but the size limit still counts).
    let mut s = StreamDecoder::new(&DecodeOptions::default());
    s.push(b"[{\"id\":1x,\"name\":\"reply_time\"");
    assert!(s.has_failed());
    assert_eq!(s.held(), 0);
    s.push(&[b'['; 10_000]);
    assert_eq!(s.held(), 0);
    let d = s.finish();
    assert_eq!(d.events.issues[0].code, IssueCode::InvalidJson);
    assert!(
        d.events.issues[0].message.contains("at byte 8"),
        "{:?}",
        d.events.issues
    );
    // A unit that never ends (broken JSON) is found out while held bytes at most double.
    let mut s = StreamDecoder::new(&DecodeOptions::default());
    s.push(b"[[1 2");
    for _ in 0..1000 {
        s.push(b"[[[[");
    }
    assert!(s.has_failed());
}
