//! Fuzzes the stream decoder against `decode`: the input's first eight bytes choose where
//! to cut, the rest is the body. Pushed in pieces (cut at the chosen places, in pieces of
//! one size, and one byte at a time for short bodies), it must give exactly what `decode`
//! gives on the whole body: events column by column, names, issues, meta, failure. A
//! small size limit now and then makes `too_large` count bytes across pieces too.

#![no_main]

use chatwoot_reporting::{decode, DecodeOptions, Decoded, Mode, StreamDecoder};
use libfuzzer_sys::fuzz_target;

/// Everything a `Decoded` says, with floats as bits (NaN is null business hours).
fn everything(d: &Decoded) -> String {
    let c = &d.events.columns;
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        d.body_failed,
        d.meta,
        d.events.issues,
        d.events.names,
        c.id.to_vec(),
        c.name.iter().collect::<Vec<u32>>(),
        bits(&c.value),
        bits(&c.value_in_business_hours),
        c.event_start_time,
        c.event_end_time,
        c.account_id.to_vec(),
        c.conversation_id.to_vec(),
        c.inbox_id.to_vec(),
        c.user_id.to_vec(),
        c.created_at,
        c.updated_offset.to_vec(),
    )
}

fn streamed(body: &[u8], opts: &DecodeOptions, cuts: &[usize]) -> Decoded {
    let mut s = StreamDecoder::new(opts);
    let mut from = 0;
    for &c in cuts.iter().chain([&body.len()]) {
        let c = c.clamp(from, body.len());
        s.push(&body[from..c]);
        from = c;
    }
    s.finish()
}

fuzz_target!(|data: &[u8]| {
    let Some((seed, body)) = data.split_first_chunk::<8>() else {
        return;
    };
    let mut x = u64::from_le_bytes(*seed) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let opts = DecodeOptions {
        mode: if next() % 2 == 0 {
            Mode::Strict
        } else {
            Mode::Lenient
        },
        account_id: (next() % 3 == 0).then_some(3),
        max_bytes: if next() % 8 == 0 {
            (next() as usize) % (body.len() + 2)
        } else {
            DecodeOptions::default().max_bytes
        },
    };
    let want = everything(&decode(body, &opts));
    let mut cuts: Vec<usize> = (0..next() % 12)
        .map(|_| (next() as usize) % (body.len() + 1))
        .collect();
    cuts.sort_unstable();
    assert_eq!(
        everything(&streamed(body, &opts, &cuts)),
        want,
        "cuts {cuts:?}"
    );
    let size = 1 + (next() as usize) % 97;
    let every: Vec<usize> = (1..body.len().div_ceil(size)).map(|k| k * size).collect();
    assert_eq!(
        everything(&streamed(body, &opts, &every)),
        want,
        "pieces of {size}"
    );
    if body.len() <= 2048 {
        let bytes: Vec<usize> = (1..body.len()).collect();
        assert_eq!(
            everything(&streamed(body, &opts, &bytes)),
            want,
            "byte by byte"
        );
    }
});
