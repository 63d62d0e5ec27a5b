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
mod generators;
use chatwoot_reporting::encode::to_json;
use chatwoot_reporting::{
    decode, parse, DecodeOptions, Decoded, Event, EventSet, Issue, IssueCode, Mode, Name, Severity,
};
use common::proptest_config as config;
use generators::*;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Checks shared by every decoding property

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
