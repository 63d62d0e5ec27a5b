//! Generators of bodies shared by the property tests (`mod generators;`): valid events,
//! byte mutations, structured corruption, and the options they are decoded with.
#![allow(dead_code)] // each test binary uses some of them

use chatwoot_reporting::encode::to_json;
use chatwoot_reporting::json::Reader;
use chatwoot_reporting::model::{MAX_SAFE_INTEGER, NULL_ID, NULL_TIME};
use chatwoot_reporting::timestamp::{MAX_MILLIS, MIN_MILLIS};
use chatwoot_reporting::{DecodeOptions, Event, EventSet, KnownName, Mode, Name};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Generated events

pub fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        3 => proptest::sample::select(KnownName::ALL.to_vec()).prop_map(Name::Known),
        1 => "[a-z_]{1,30}".prop_map(|s| Name::new(&s)),
        // Any text at all: escapes, controls, NUL, astral characters.
        1 => any::<String>().prop_map(|s| Name::new(&s)),
    ]
}

pub fn time() -> impl Strategy<Value = i64> {
    prop_oneof![
        // Around now, the common case.
        4 => 1_700_000_000_000i64..1_900_000_000_000,
        1 => MIN_MILLIS..=MAX_MILLIS,
        1 => Just(MIN_MILLIS),
        1 => Just(MAX_MILLIS),
    ]
}

pub fn duration() -> impl Strategy<Value = f64> {
    prop_oneof![
        // Whole seconds as Chatwoot sends them.
        4 => (0u32..10_000_000).prop_map(f64::from),
        1 => 0.0f64..1e6,
        1 => prop::num::f64::POSITIVE
            | prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO,
    ]
}

pub fn id() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => 0i64..1_000_000,
        1 => -MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER,
    ]
}

pub fn nullable_id() -> impl Strategy<Value = i64> {
    prop_oneof![3 => id(), 1 => Just(NULL_ID)]
}

/// A valid event (ids and `created_at` are set by [`events`]).
pub fn event() -> impl Strategy<Value = Event> {
    (
        name(),
        duration(),
        // Business hours: null, or at most value + 1 s.
        prop_oneof![
            1 => Just(None),
            3 => (0.0f64..=1.0).prop_map(Some),
            1 => (1.0f64..=2.0).prop_map(Some),
        ],
        // Start and end: either may be null; when both are present, start <= end.
        (
            prop_oneof![3 => time().prop_map(Some), 1 => Just(None)],
            prop_oneof![3 => time().prop_map(Some), 1 => Just(None)],
        ),
        (id(), nullable_id(), nullable_id(), nullable_id()),
        time(),
    )
        .prop_map(
            |(name, value, bh, (start, end), (account, conversation, inbox, user), updated)| {
                let (start, end) = match (start, end) {
                    (Some(a), Some(b)) => (a.min(b), a.max(b)),
                    (a, b) => (a.unwrap_or(NULL_TIME), b.unwrap_or(NULL_TIME)),
                };
                Event {
                    id: 0,
                    name,
                    value,
                    // A fraction of the value, or the value plus up to one second.
                    value_in_business_hours: bh.map(|f| {
                        if f <= 1.0 {
                            value * f
                        } else {
                            value + (f - 1.0)
                        }
                    }),
                    event_start_time: start,
                    event_end_time: end,
                    account_id: account,
                    conversation_id: conversation,
                    inbox_id: inbox,
                    user_id: user,
                    created_at: 0,
                    updated_at: updated,
                }
            },
        )
}

/// Valid events: unique ids (in any order), `created_at` ascending.
pub fn events(max: usize) -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(event(), 0..max).prop_flat_map(|evs| {
        let n = evs.len();
        (
            Just(evs),
            prop::collection::btree_set(id(), n)
                .prop_map(|s| s.into_iter().collect::<Vec<_>>())
                .prop_shuffle(),
            prop::collection::vec(time(), n),
        )
            .prop_map(|(mut evs, ids, mut created)| {
                created.sort_unstable();
                for ((e, id), c) in evs.iter_mut().zip(ids).zip(created) {
                    e.id = id;
                    e.created_at = c;
                }
                evs
            })
    })
}

// ---------------------------------------------------------------------------------------
// Options and the oracle of array elements

pub fn options() -> impl Strategy<Value = DecodeOptions> {
    (
        prop_oneof![Just(Mode::Strict), Just(Mode::Lenient)],
        prop_oneof![Just(None), Just(Some(3)), (0i64..5).prop_map(Some)],
    )
        .prop_map(|(mode, account_id)| DecodeOptions {
            mode,
            account_id,
            ..DecodeOptions::default()
        })
}

/// Splits a top-level JSON array into its elements' bytes, or `None` if the body is not
/// one well-formed array (an envelope, a scalar, bad JSON).
pub fn elements(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut r = Reader::new(bytes);
    if r.peek_ws() != Some(b'[') {
        return None;
    }
    r.bump();
    let mut out = Vec::new();
    if r.peek_ws() == Some(b']') {
        r.bump();
    } else {
        loop {
            r.skip_ws();
            let start = r.pos();
            r.skip_value().ok()?;
            out.push(&bytes[start..r.pos()]);
            if !r.comma_or(b']', "").ok()? {
                break;
            }
        }
    }
    r.at_end().then_some(out)
}

// ---------------------------------------------------------------------------------------
// Mutations

#[derive(Clone, Debug)]
pub enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

/// Snippets that turn valid events into interesting invalid (or still valid) ones.
pub const TOKENS: &[&str] = &[
    "null",
    "-1.0",
    "-0",
    "1e400",
    "0.5",
    "9007199254740993",
    "\"x\"",
    "{}",
    "[]",
    ",",
    ":",
    "\"",
    "\\u0000",
    "\\ud800",
    "\"id\":1,",
    "\"value\":",
    "\"2026-04-07T14:27:20Z\"",
    "\"0000-01-01T00:00:00+00:01\"",
    "\"agent_participation\"",
    "{\"payload\":",
    "]",
    "}",
    "\u{feff}",
    "\u{0}",
];

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<usize>().prop_map(Mutation::Truncate),
        3 => (any::<usize>(), 1u8..=255).prop_map(|(at, x)| Mutation::Flip(at, x)),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..4))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        3 => (any::<usize>(), proptest::sample::select(TOKENS))
            .prop_map(|(at, t)| Mutation::Insert(at, t.as_bytes().to_vec())),
        2 => (any::<usize>(), 1usize..20).prop_map(|(at, n)| Mutation::Delete(at, n)),
    ]
}

pub fn mutate(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = body.len();
        match m {
            Mutation::Truncate(at) => body.truncate(at % (len + 1)),
            Mutation::Flip(at, x) if len > 0 => body[at % len] ^= x,
            Mutation::Flip(..) => {}
            Mutation::Insert(at, bytes) => {
                let at = at % (len + 1);
                body.splice(at..at, bytes.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let at = at % (len + 1);
                body.drain(at..(at + n).min(len));
            }
        }
    }
    body
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub fn base_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => events(6).prop_map(|evs| to_json(&EventSet::from_events(&evs)).into_bytes()),
        1 => proptest::sample::select(vec![
            "conversation_reopened.json",
            "bot_handoff.json",
            "bot_resolved.json",
            "captain.json",
            "agent_participation.json",
            "account_page.json",
            "error_401.json",
        ])
        .prop_map(fixture),
    ]
}

// ---------------------------------------------------------------------------------------
// Structured corruption: valid events with some fields broken on purpose, so that every
// kind of issue shows up often (random byte mutations rarely make a well-formed but
// invalid event).

/// Raw JSON values that break (or, for some fields, do not break) an event.
pub const BAD_VALUES: &[&str] = &[
    "null",
    "-1.0",
    "-0",
    "-0.0",
    "1e400",
    "-1e400",
    "1e-400",
    "\"x\"",
    "\"120.0\"",
    "true",
    "{}",
    "[1]",
    "1.5",
    "7.0",
    "9007199254740991",
    "9007199254740992",
    "\"first_response\"",
    "\"agent_participation\"",
    "\"\\u0000\\ud800\"",
    "\"2026-04-07\"",
    "\"2026-04-07T14:27:20+05:30\"",
    "\"2026-04-07T14:27:20.123456Z\"",
    "\"0000-01-01T00:00:00+00:01\"",
    "\"9999-12-31T23:59:60Z\"",
    "3",
    "4",
];

#[derive(Clone, Debug)]
pub enum Corruption {
    /// Drop field `k % 12`.
    Remove(usize),
    /// Replace field `k % 12`'s value.
    Replace(usize, &'static str),
    /// Append a second `"key":value` for field `k % 12`.
    Repeat(usize, &'static str),
    /// Add a field this version does not know.
    Unknown(&'static str),
    /// Business hours 1.5 s above the value.
    BusinessAbove,
    /// Swap start and end.
    SwapTimes,
    /// Use the id of another event of the body.
    CopyId(usize),
    /// Reverse the field order.
    Reverse,
    /// Replace the whole element.
    NotAnObject(&'static str),
}

pub fn corruption() -> impl Strategy<Value = Corruption> {
    let bad = || proptest::sample::select(BAD_VALUES);
    prop_oneof![
        2 => any::<usize>().prop_map(Corruption::Remove),
        6 => (any::<usize>(), bad()).prop_map(|(k, v)| Corruption::Replace(k, v)),
        1 => (any::<usize>(), bad()).prop_map(|(k, v)| Corruption::Repeat(k, v)),
        1 => proptest::sample::select(&["\"x\":[[[{}]]]", "\"sla\":1e400", "\"\":null"][..])
            .prop_map(Corruption::Unknown),
        1 => Just(Corruption::BusinessAbove),
        1 => Just(Corruption::SwapTimes),
        2 => any::<usize>().prop_map(Corruption::CopyId),
        1 => Just(Corruption::Reverse),
        1 => proptest::sample::select(&["3", "null", "[]", "\"{}\""][..])
            .prop_map(Corruption::NotAnObject),
    ]
}

/// One event's fields as (key, raw JSON value), from the encoder's own output.
pub fn fields(e: &Event) -> Vec<(String, String)> {
    let json = to_json(&EventSet::from_events([e]));
    let obj = &json[1..json.len() - 1];
    let keys: Vec<&str> = chatwoot_reporting::Field::ALL
        .iter()
        .map(|f| f.key())
        .collect();
    let mut out = Vec::new();
    let mut rest = &obj[1..obj.len() - 1];
    for (k, key) in keys.iter().enumerate() {
        let head = format!("\"{key}\":");
        rest = rest.strip_prefix(head.as_str()).expect("encoder key order");
        let end = match keys.get(k + 1) {
            // Inside a JSON string a quote is always escaped, so `,"key":` marks the next field.
            Some(next) => rest.find(&format!(",\"{next}\":")).expect("next key"),
            None => rest.len(),
        };
        out.push((key.to_string(), rest[..end].to_owned()));
        rest = rest.get(end + 1..).unwrap_or("");
    }
    out
}

pub fn corrupted_body() -> impl Strategy<Value = String> {
    (
        events(8),
        prop::collection::vec(
            (0usize..64, prop::collection::vec(corruption(), 1..3)),
            0..6,
        ),
        any::<bool>(),
    )
        .prop_map(|(mut evs, corruptions, envelope)| {
            // Mostly the account the options ask for, so that other checks are reached.
            for e in &mut evs {
                e.account_id = 3;
            }
            let ids: Vec<i64> = evs.iter().map(|e| e.id).collect();
            let mut objects: Vec<Option<Vec<(String, String)>>> =
                evs.iter().map(|e| Some(fields(e))).collect();
            let mut raw: Vec<String> = vec![String::new(); evs.len()];
            for (which, cs) in corruptions {
                let n = objects.len();
                if n == 0 {
                    break;
                }
                let i = which % n;
                for c in cs {
                    let Some(f) = objects[i].as_mut() else { continue };
                    match c {
                        Corruption::Remove(k) => {
                            if !f.is_empty() {
                                f.remove(k % f.len());
                            }
                        }
                        Corruption::Replace(k, v) => {
                            if !f.is_empty() {
                                let k = k % f.len();
                                f[k].1 = v.to_owned();
                            }
                        }
                        Corruption::Repeat(k, v) => {
                            let key = chatwoot_reporting::Field::ALL[k % 12].key();
                            f.push((key.to_owned(), v.to_owned()));
                        }
                        Corruption::Unknown(text) => {
                            let (k, v) = text.split_once(':').unwrap_or((text, "null"));
                            f.push((k.trim_matches('"').to_owned(), v.to_owned()));
                        }
                        Corruption::BusinessAbove => {
                            let v = evs[i].value + 1.5;
                            if let Some(slot) =
                                f.iter_mut().find(|(k, _)| k == "value_in_business_hours")
                            {
                                slot.1 = format!("{v:?}");
                            }
                        }
                        Corruption::SwapTimes => {
                            let s = f.iter().position(|(k, _)| k == "event_start_time");
                            let e = f.iter().position(|(k, _)| k == "event_end_time");
                            if let (Some(s), Some(e)) = (s, e) {
                                let (a, b) = (f[s].1.clone(), f[e].1.clone());
                                f[s].1 = b;
                                f[e].1 = a;
                            }
                        }
                        Corruption::CopyId(j) => {
                            if let Some(slot) = f.iter_mut().find(|(k, _)| k == "id") {
                                slot.1 = ids[j % ids.len()].to_string();
                            }
                        }
                        Corruption::Reverse => f.reverse(),
                        Corruption::NotAnObject(text) => {
                            raw[i] = text.to_owned();
                            objects[i] = None;
                        }
                    }
                }
            }
            let elems: Vec<String> = objects
                .into_iter()
                .zip(raw)
                .map(|(o, r)| match o {
                    Some(f) => {
                        let parts: Vec<String> =
                            f.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                        format!("{{{}}}", parts.join(","))
                    }
                    None => r,
                })
                .collect();
            let array = format!("[{}]", elems.join(","));
            if envelope {
                format!(r#"{{"payload":{array},"meta":{{"count":{},"current_page":1,"total_pages":1}}}}"#, elems.len())
            } else {
                array
            }
        })
}

/// Decodes an envelope's payload as the bare array it holds, for the per-element oracle.
pub fn payload(bytes: &[u8]) -> Option<&[u8]> {
    let start = bytes.windows(11).position(|w| w == b"{\"payload\":")? + 11;
    let end = bytes.windows(8).rposition(|w| w == b",\"meta\":")?;
    bytes.get(start..end)
}
