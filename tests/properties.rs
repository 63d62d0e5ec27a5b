//! Properties over generated events and bodies:
//! - any valid event set survives `encode::to_json` → `parse` unchanged;
//! - `decode` never panics on arbitrary bytes or on mutations of valid bodies, and what it
//!   reports is consistent: a body failure is one issue, an event is kept exactly when it
//!   has no error (checked against decoding each array element on its own), strict and
//!   lenient `parse` agree with `decode`, and whatever was kept re-encodes losslessly.
//!
//! Case counts are moderate for `cargo test`; set `PROPTEST_CASES` for a longer run.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use chatwoot_reporting::encode::to_json;
use chatwoot_reporting::json::Reader;
use chatwoot_reporting::model::{MAX_SAFE_INTEGER, NULL_ID, NULL_TIME};
use chatwoot_reporting::timestamp::{MAX_MILLIS, MIN_MILLIS};
use chatwoot_reporting::{
    decode, parse, DecodeOptions, Decoded, Event, EventSet, Issue, IssueCode, KnownName, Mode,
    Name, Severity,
};
use common::proptest_config as config;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Generated events

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        3 => proptest::sample::select(KnownName::ALL.to_vec()).prop_map(Name::Known),
        1 => "[a-z_]{1,30}".prop_map(|s| Name::new(&s)),
        // Any text at all: escapes, controls, NUL, astral characters.
        1 => any::<String>().prop_map(|s| Name::new(&s)),
    ]
}

fn time() -> impl Strategy<Value = i64> {
    prop_oneof![
        // Around now, the common case.
        4 => 1_700_000_000_000i64..1_900_000_000_000,
        1 => MIN_MILLIS..=MAX_MILLIS,
        1 => Just(MIN_MILLIS),
        1 => Just(MAX_MILLIS),
    ]
}

fn duration() -> impl Strategy<Value = f64> {
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

fn id() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => 0i64..1_000_000,
        1 => -MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER,
    ]
}

fn nullable_id() -> impl Strategy<Value = i64> {
    prop_oneof![3 => id(), 1 => Just(NULL_ID)]
}

/// A valid event (ids and `created_at` are set by [`events`]).
fn event() -> impl Strategy<Value = Event> {
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
fn events(max: usize) -> impl Strategy<Value = Vec<Event>> {
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
// Checks shared by every decoding property

/// Splits a top-level JSON array into its elements' bytes, or `None` if the body is not
/// one well-formed array (an envelope, a scalar, bad JSON).
fn elements(bytes: &[u8]) -> Option<Vec<&[u8]>> {
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

fn errors_at(
    issues: &[Issue],
    index: u32,
) -> Vec<(IssueCode, Option<chatwoot_reporting::Field>, String)> {
    issues
        .iter()
        .filter(|i| i.location.index == Some(index) && i.severity() == Severity::Error)
        .filter(|i| i.code != IssueCode::DuplicateId)
        .map(|i| (i.code, i.location.field, i.message.clone()))
        .collect()
}

/// Everything that must hold of any decoding, whatever the bytes.
fn check_decoding(bytes: &[u8], opts: &DecodeOptions) -> Result<Decoded, TestCaseError> {
    let d = decode(bytes, opts);
    let issues = &d.events.issues;
    if d.body_failed {
        prop_assert_eq!(issues.len(), 1);
        prop_assert_eq!(issues[0].path(), "");
        prop_assert!(matches!(
            issues[0].code,
            IssueCode::InvalidJson | IssueCode::NotAnArray | IssueCode::TooLarge
        ));
        prop_assert!(d.events.is_empty());
    } else {
        prop_assert!(issues.iter().all(|i| i.location.index.is_some()));
        // In body order.
        prop_assert!(issues
            .windows(2)
            .all(|w| w[0].location.index <= w[1].location.index));
    }
    // parse in both modes agrees with decode.
    let strict = parse(
        bytes,
        &DecodeOptions {
            mode: Mode::Strict,
            ..*opts
        },
    );
    prop_assert_eq!(strict.is_ok(), !d.body_failed && !d.has_errors());
    let lenient = parse(
        bytes,
        &DecodeOptions {
            mode: Mode::Lenient,
            ..*opts
        },
    );
    match &lenient {
        Ok(set) => {
            prop_assert!(!d.body_failed);
            prop_assert_eq!(set.to_events(), d.events.to_events());
        }
        Err(f) => {
            prop_assert!(d.body_failed);
            prop_assert_eq!(&f.issues, issues);
        }
    }

    // Kept exactly when error-free: compare with each element decoded on its own.
    if let Some(elems) = elements(bytes) {
        prop_assert!(!d.body_failed);
        let mut expected: Vec<Event> = Vec::new();
        let mut duplicates = Vec::new();
        for (k, elem) in elems.iter().enumerate() {
            let k = k as u32;
            let mut alone = b"[".to_vec();
            alone.extend_from_slice(elem);
            alone.push(b']');
            let single = decode(&alone, opts);
            prop_assert!(!single.body_failed);
            let single_errors = errors_at(&single.events.issues, 0);
            prop_assert_eq!(&errors_at(issues, k), &single_errors, "element {}", k);
            prop_assert_eq!(single.events.len(), usize::from(single_errors.is_empty()));
            if let Some(e) = single.events.get(0) {
                if expected.iter().any(|x| x.id == e.id) {
                    duplicates.push(k);
                } else {
                    expected.push(e);
                }
            }
        }
        prop_assert_eq!(d.events.to_events(), expected);
        let dup_paths: Vec<u32> = issues
            .iter()
            .filter(|i| i.code == IssueCode::DuplicateId)
            .filter_map(|i| i.location.index)
            .collect();
        prop_assert_eq!(dup_paths, duplicates);
    }

    // Whatever was kept re-encodes, and reads back the same.
    let json = to_json(&d.events);
    match parse(json.as_bytes(), &DecodeOptions::default()) {
        Ok(again) => {
            prop_assert_eq!(again.to_events(), d.events.to_events());
            prop_assert_eq!(to_json(&again), json);
        }
        Err(f) => prop_assert!(false, "re-encoded body failed: {:?}\n{}", f, json),
    }
    Ok(d)
}

fn options() -> impl Strategy<Value = DecodeOptions> {
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

// ---------------------------------------------------------------------------------------
// Mutations

#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

/// Snippets that turn valid events into interesting invalid (or still valid) ones.
const TOKENS: &[&str] = &[
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

fn mutation() -> impl Strategy<Value = Mutation> {
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

fn mutate(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
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

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn base_body() -> impl Strategy<Value = Vec<u8>> {
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
const BAD_VALUES: &[&str] = &[
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
enum Corruption {
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

fn corruption() -> impl Strategy<Value = Corruption> {
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
fn fields(e: &Event) -> Vec<(String, String)> {
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

fn corrupted_body() -> impl Strategy<Value = String> {
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
fn payload(bytes: &[u8]) -> Option<&[u8]> {
    let start = bytes.windows(11).position(|w| w == b"{\"payload\":")? + 11;
    let end = bytes.windows(8).rposition(|w| w == b",\"meta\":")?;
    bytes.get(start..end)
}

// ---------------------------------------------------------------------------------------
// The properties

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn valid_events_round_trip(evs in events(25)) {
        let set = EventSet::from_events(&evs);
        let json = to_json(&set);
        let back = match parse(json.as_bytes(), &DecodeOptions::default()) {
            Ok(back) => back,
            Err(f) => return Err(TestCaseError::fail(format!("{f:?}\n{json}"))),
        };
        prop_assert_eq!(back.to_events(), evs.clone());
        // Only warnings: one per unknown name.
        let unknown: std::collections::BTreeSet<&str> = evs
            .iter()
            .filter(|e| matches!(e.name, Name::Other(_)))
            .map(|e| e.name.as_str())
            .collect();
        prop_assert_eq!(back.issues.len(), unknown.len());
        prop_assert!(back.issues.iter().all(|i| i.code == IssueCode::UnknownName));
        prop_assert_eq!(to_json(&back), json.clone());
        // Lenient mode and the whole set's own account change nothing.
        if let Some(first) = evs.first() {
            let all_one_account = evs.iter().all(|e| e.account_id == first.account_id);
            let opts = DecodeOptions {
                mode: Mode::Lenient,
                account_id: Some(first.account_id),
                ..DecodeOptions::default()
            };
            let d = check_decoding(json.as_bytes(), &opts)?;
            prop_assert_eq!(d.events.len() == evs.len(), all_one_account);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        opts in options(),
    ) {
        check_decoding(&bytes, &opts)?;
    }

    #[test]
    fn json_like_text_never_panics(
        text in r#"[\[\]{}":, \-0-9a-z_.eE\\]{0,120}"#,
        opts in options(),
    ) {
        check_decoding(text.as_bytes(), &opts)?;
    }

    #[test]
    fn corrupted_events_are_kept_exactly_when_error_free(
        body in corrupted_body(),
        opts in options(),
    ) {
        let d = check_decoding(body.as_bytes(), &opts)?;
        prop_assert!(!d.body_failed);
        if let Some(array) = payload(body.as_bytes()) {
            // The envelope gives the same events and issues as its payload alone, but for
            // the order warning: pages are expected newest first, bare arrays oldest first.
            prop_assert!(d.meta.is_some());
            let bare = check_decoding(array, &opts)?;
            prop_assert_eq!(bare.events.to_events(), d.events.to_events());
            let not_order = |i: &&Issue| i.code != IssueCode::Unsorted;
            let bare_issues: Vec<&Issue> = bare.events.issues.iter().filter(not_order).collect();
            let page_issues: Vec<&Issue> = d.events.issues.iter().filter(not_order).collect();
            prop_assert_eq!(bare_issues, page_issues);
            let created = &d.events.columns.created_at;
            let newest_first = created.windows(2).all(|w| w[0] >= w[1]);
            let warned = d.events.issues.iter().any(|i| i.code == IssueCode::Unsorted);
            prop_assert_eq!(warned, !newest_first, "a page warns exactly when it is not newest first");
        }
    }

    #[test]
    fn mutated_bodies_are_reported_consistently(
        body in base_body(),
        mutations in prop::collection::vec(mutation(), 1..5),
        opts in options(),
    ) {
        let bytes = mutate(body, &mutations);
        check_decoding(&bytes, &opts)?;
    }
}

// The oracle itself must be able to tell: a body it splits, and one it refuses.
#[test]
fn elements_splits_top_level_arrays_only() {
    let body = br#" [ {"a":[1,2]} , 3,"x" ,[ ] ] "#;
    let e = elements(body).unwrap();
    assert_eq!(e, [&br#"{"a":[1,2]}"#[..], b"3", b"\"x\"", b"[ ]"]);
    assert_eq!(elements(b"[]").unwrap().len(), 0);
    assert!(elements(b"{}").is_none());
    assert!(elements(b"[1,]").is_none());
    assert!(elements(b"[1] x").is_none());
}

// ---------------------------------------------------------------------------------------
// Repeated keys (issue 12): `JSON.parse` keeps the last occurrence of a key, so a body
// must decode exactly as the same body with every earlier occurrence removed.

/// Keeps, of each key, only its last occurrence, where that occurrence stands.
fn last_occurrences(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .enumerate()
        .filter(|(i, (k, _))| !pairs[i + 1..].iter().any(|(later, _)| later == k))
        .map(|(_, p)| p.clone())
        .collect()
}

fn object(pairs: &[(String, String)]) -> String {
    let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", parts.join(","))
}

/// Events, issues, meta and failure, with names as text (codes depend on the order in
/// which names were first met, which earlier occurrences may change).
fn outcome(
    d: &Decoded,
) -> (
    Vec<Event>,
    Vec<Issue>,
    Option<chatwoot_reporting::PageMeta>,
    bool,
) {
    (
        d.events.to_events(),
        d.events.issues.clone(),
        d.meta,
        d.body_failed,
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn repeated_event_keys_read_as_their_last_occurrence(
        evs in events(4),
        repeats in prop::collection::vec(
            (0usize..64, 0usize..12, 0usize..64, 0usize..(BAD_VALUES.len() + 8)),
            1..6,
        ),
        opts in options(),
    ) {
        prop_assume!(!evs.is_empty());
        let mut objects: Vec<Vec<(String, String)>> = evs.iter().map(fields).collect();
        for (which, k, at, choice) in repeats {
            let n = objects.len();
            let key = chatwoot_reporting::Field::ALL[k].key().to_owned();
            // A bad value, or the same field's (valid) value from some event.
            let value = match BAD_VALUES.get(choice) {
                Some(v) => (*v).to_owned(),
                None => fields(&evs[choice % n])[k].1.clone(),
            };
            let f = &mut objects[which % n];
            let at = at % (f.len() + 1);
            f.insert(at, (key, value));
        }
        let body = |objs: &[Vec<(String, String)>]| {
            let elems: Vec<String> = objs.iter().map(|o| object(o)).collect();
            format!("[{}]", elems.join(","))
        };
        let repeated = body(&objects);
        let last: Vec<Vec<(String, String)>> =
            objects.iter().map(|o| last_occurrences(o)).collect();
        let d = check_decoding(repeated.as_bytes(), &opts)?;
        let want = decode(body(&last).as_bytes(), &opts);
        prop_assert_eq!(outcome(&d), outcome(&want), "{}", repeated);
    }

    #[test]
    fn repeated_envelope_keys_read_as_their_last_occurrence(
        parts in prop::collection::vec((0usize..6, events(3)), 1..5),
        opts in options(),
    ) {
        let pairs: Vec<(String, String)> = parts
            .iter()
            .map(|(kind, evs)| {
                let array = to_json(&EventSet::from_events(evs));
                let n = evs.len();
                match kind {
                    0 | 1 => ("payload".to_owned(), array),
                    2 => ("payload".to_owned(), "{}".to_owned()),
                    3 => ("meta".to_owned(), format!(r#"{{"count":{n},"total_pages":{n},"count":1}}"#)),
                    4 => ("meta".to_owned(), "null".to_owned()),
                    _ => ("error".to_owned(), format!("\"{n}\"")),
                }
            })
            .collect();
        let repeated = object(&pairs);
        let d = check_decoding(repeated.as_bytes(), &opts)?;
        let want = decode(object(&last_occurrences(&pairs)).as_bytes(), &opts);
        prop_assert_eq!(outcome(&d), outcome(&want), "{}", repeated);
    }
}
