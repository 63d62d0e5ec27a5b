//! Decoding real-shaped Chatwoot bodies (tests/fixtures, see its README) and hand-made
//! variations of them, asserting exact outcomes: events, names, nulls, epoch milliseconds,
//! and every issue's code, path and severity.

use chatwoot_reporting::encode::to_json;
use chatwoot_reporting::model::{NULL_ID, NULL_TIME};
use chatwoot_reporting::{
    decode, parse, DecodeOptions, Decoded, Event, EventSet, IssueCode, KnownName, Mode, Name,
    PageMeta, ParseFailure, Severity,
};

// ---------------------------------------------------------------------------------------
// Helpers

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => panic!("cannot read {path}: {e}"),
    }
}

fn strict() -> DecodeOptions {
    DecodeOptions::default()
}

fn lenient() -> DecodeOptions {
    DecodeOptions {
        mode: Mode::Lenient,
        ..DecodeOptions::default()
    }
}

fn account(id: i64, mode: Mode) -> DecodeOptions {
    DecodeOptions {
        mode,
        account_id: Some(id),
        ..DecodeOptions::default()
    }
}

fn ok(bytes: &[u8], opts: &DecodeOptions) -> EventSet {
    match parse(bytes, opts) {
        Ok(set) => set,
        Err(f) => panic!("expected success, got {f:?}"),
    }
}

fn fails(bytes: &[u8], opts: &DecodeOptions) -> ParseFailure {
    match parse(bytes, opts) {
        Ok(set) => panic!("expected a failure, got {:?}", set.to_events()),
        Err(f) => f,
    }
}

/// Every issue as (path, code, severity), in order.
fn issues(set: &EventSet) -> Vec<(String, &'static str, &'static str)> {
    set.issues
        .iter()
        .map(|i| (i.path(), i.code.as_str(), i.severity().as_str()))
        .collect()
}

fn issue_list(list: &[chatwoot_reporting::Issue]) -> Vec<(String, &'static str)> {
    list.iter().map(|i| (i.path(), i.code.as_str())).collect()
}

fn p(path: &str, code: IssueCode) -> (String, &'static str) {
    (path.to_owned(), code.as_str())
}

fn names(set: &EventSet) -> Vec<&str> {
    (0..set.len()).map(|i| set.name_of(i)).collect()
}

fn ids(set: &EventSet) -> Vec<i64> {
    set.columns.id.to_vec()
}

/// The fixture with the layout white space (newlines) removed: the server's compact form.
fn compact(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap().replace('\n', "")
}

/// One event as the server writes it, with the given fields replaced (raw JSON text) or,
/// with `None`, removed. Unlisted fields keep valid defaults.
fn event(overrides: &[(&str, Option<&str>)]) -> String {
    let defaults: [(&str, &str); 12] = [
        ("id", "1001"),
        ("name", "\"first_response\""),
        ("value", "120.0"),
        ("value_in_business_hours", "120.0"),
        ("event_start_time", "\"2026-04-07T14:25:20.123Z\""),
        ("event_end_time", "\"2026-04-07T14:27:20.123Z\""),
        ("account_id", "3"),
        ("inbox_id", "7"),
        ("user_id", "12"),
        ("conversation_id", "48213"),
        ("created_at", "\"2026-04-07T14:27:20.123Z\""),
        ("updated_at", "\"2026-04-07T14:27:20.123Z\""),
    ];
    let mut fields = Vec::new();
    for (k, v) in defaults {
        let v = match overrides.iter().find(|(ok, _)| *ok == k) {
            Some((_, Some(o))) => *o,
            Some((_, None)) => continue,
            None => v,
        };
        fields.push(format!("\"{k}\":{v}"));
    }
    for (k, v) in overrides {
        if !defaults.iter().any(|(d, _)| d == k) {
            if let Some(v) = v {
                fields.push(format!("\"{k}\":{v}"));
            }
        }
    }
    format!("{{{}}}", fields.join(","))
}

fn body(events: &[String]) -> Vec<u8> {
    format!("[{}]", events.join(",")).into_bytes()
}

/// A single-event body.
fn one(overrides: &[(&str, Option<&str>)]) -> Vec<u8> {
    body(&[event(overrides)])
}

/// Decodes a single-event body expecting exactly one issue; returns (path, code, message)
/// and whether the event was kept.
fn single_issue(bytes: &[u8]) -> (String, IssueCode, String, bool) {
    let d = decode(bytes, &strict());
    assert!(!d.body_failed, "{:?}", d.events.issues);
    assert_eq!(d.events.issues.len(), 1, "{:?}", d.events.issues);
    let i = &d.events.issues[0];
    (i.path(), i.code, i.message.clone(), d.events.len() == 1)
}

const TS_14_27_20_123: i64 = 1_775_572_040_123;

// ---------------------------------------------------------------------------------------
// The fixtures

#[test]
fn reopened_conversation_keeps_cumulative_resolutions() {
    let bytes = fixture("conversation_reopened.json");
    let set = ok(&bytes, &strict());
    assert_eq!(set.len(), 5);
    assert!(set.issues.is_empty(), "{:?}", set.issues);
    assert_eq!(
        names(&set),
        [
            "first_response",
            "conversation_resolved",
            "conversation_opened",
            "reply_time",
            "conversation_resolved"
        ]
    );
    assert_eq!(ids(&set), [90101, 90102, 90103, 90104, 90105]);
    assert_eq!(set.columns.value, [240.0, 1800.0, 17840.0, 825.0, 90900.0]);
    assert_eq!(
        set.columns.value_in_business_hours,
        [240.0, 1800.0, 17840.0, 825.0, 33300.0]
    );
    // The internal conversation id, not the display id the URL used.
    assert!(set.columns.conversation_id.iter().all(|c| c == 48213));
    let ev = set.to_events();
    assert_eq!(ev[0].name, Name::Known(KnownName::FirstResponse));
    // ISO times became epoch milliseconds.
    assert_eq!(ev[0].event_start_time, 1_775_552_400_000);
    assert_eq!(ev[2].event_end_time, 1_775_572_040_000);
    assert_eq!(ev[2].created_at, TS_14_27_20_123);
    assert_eq!(ev[4].event_end_time, 1_775_643_300_000);
    // Both resolutions are measured from the conversation's creation (cumulative).
    assert_eq!(ev[1].event_start_time, ev[4].event_start_time);
    for e in &ev {
        assert_eq!(
            e.value * 1000.0,
            (e.event_end_time - e.event_start_time) as f64
        );
    }
    // The reopen is measured from the previous resolution's end.
    assert_eq!(ev[2].event_start_time, ev[1].event_end_time);
    // Per-cycle time of the second resolution: from the reopen's end, 19 h 47 min 40 s.
    assert_eq!((ev[4].event_end_time - ev[2].event_end_time) / 1000, 71_260);
    // Encoding gives back the server's bytes exactly (same key order, 120.0-style floats).
    assert_eq!(to_json(&set), compact(&bytes));
}

#[test]
fn bot_handoff_writes_opened_and_handoff_together() {
    let bytes = fixture("bot_handoff.json");
    let set = ok(&bytes, &strict());
    assert!(set.issues.is_empty(), "{:?}", set.issues);
    assert_eq!(
        names(&set),
        [
            "conversation_opened",
            "conversation_bot_handoff",
            "first_response",
            "reply_time",
            "conversation_resolved"
        ]
    );
    let ev = set.to_events();
    let (opened, handoff, first) = (&ev[0], &ev[1], &ev[2]);
    // First opening: value 0 although start and end differ.
    assert_eq!(opened.value, 0.0);
    assert_eq!(opened.value_in_business_hours, Some(0.0));
    assert_eq!(handoff.value, 156.0);
    assert_eq!(opened.event_end_time, handoff.event_end_time);
    assert_eq!(handoff.event_end_time, 1_775_567_561_250);
    assert!((handoff.created_at - opened.created_at).abs() < 100);
    // No agent yet while the bot had it.
    assert_eq!(opened.user_id, NULL_ID);
    assert_eq!(handoff.user_id, NULL_ID);
    // The first response is measured from the handoff, not from creation.
    assert_eq!(first.event_start_time, handoff.event_end_time);
    assert_eq!(first.value, 441.0);
    assert_eq!(first.user_id, 12);
    assert_eq!(ev[4].value, 2100.0);
    assert_eq!(to_json(&set), compact(&bytes));
}

#[test]
fn bot_resolution_is_a_copy_without_first_response() {
    let bytes = fixture("bot_resolved.json");
    let set = ok(&bytes, &strict());
    assert!(set.issues.is_empty(), "{:?}", set.issues);
    assert_eq!(
        names(&set),
        ["conversation_resolved", "conversation_bot_resolved"]
    );
    let ev = set.to_events();
    let (resolved, bot) = (&ev[0], &ev[1]);
    assert_eq!(bot.name, Name::Known(KnownName::ConversationBotResolved));
    assert_eq!(
        Event {
            id: resolved.id,
            name: resolved.name.clone(),
            created_at: resolved.created_at,
            updated_at: resolved.updated_at,
            ..bot.clone()
        },
        *resolved
    );
    assert_eq!(resolved.value, 150.0);
    // A Saturday: zero working seconds, which is 0, not null.
    assert_eq!(resolved.value_in_business_hours, Some(0.0));
    assert_eq!(resolved.user_id, NULL_ID);
    assert!(!names(&set).contains(&"first_response"));
    assert_eq!(to_json(&set), compact(&bytes));
}

#[test]
fn captain_events_have_null_business_hours() {
    let bytes = fixture("captain.json");
    let set = ok(&bytes, &strict());
    assert!(set.issues.is_empty(), "{:?}", set.issues);
    let ev = set.to_events();
    assert_eq!(ev[0].name, Name::Known(KnownName::CaptainInferenceResolved));
    assert_eq!(ev[1].name, Name::Known(KnownName::CaptainInferenceHandoff));
    assert_eq!(ev[0].value_in_business_hours, None);
    assert_eq!(ev[1].value_in_business_hours, None);
    assert!(set.columns.value_in_business_hours[0].is_nan());
    assert_eq!(ev[2].value_in_business_hours, Some(208.0));
    assert_eq!([ev[0].value, ev[1].value], [95.0, 312.0]);
    assert_ne!(ev[0].conversation_id, ev[1].conversation_id);
    let json = to_json(&set);
    assert_eq!(json.matches("\"value_in_business_hours\":null").count(), 2);
    assert_eq!(json, compact(&bytes));
}

#[test]
fn newer_server_names_are_kept_with_one_warning() {
    let bytes = fixture("agent_participation.json");
    for opts in [strict(), lenient()] {
        let set = ok(&bytes, &opts);
        assert_eq!(set.len(), 4);
        assert_eq!(
            names(&set),
            [
                "first_response",
                "agent_participation",
                "agent_participation",
                "conversation_resolved"
            ]
        );
        let ev = set.to_events();
        assert_eq!(ev[1].name, Name::Other("agent_participation".into()));
        assert_eq!(ev[1].value, 0.0);
        assert_eq!(ev[1].event_start_time, NULL_TIME);
        assert_eq!(ev[1].event_end_time, NULL_TIME);
        assert_eq!([ev[1].user_id, ev[2].user_id], [12, 15]);
        // One warning for the name, at its first use, counting both events.
        assert_eq!(
            issues(&set),
            [("[1].name".into(), "unknown_name", "warning")]
        );
        let m = &set.issues[0].message;
        assert!(
            m.contains("agent_participation") && m.contains("2 events"),
            "{m}"
        );
        assert_eq!(to_json(&set), compact(&bytes));
    }
}

#[test]
fn account_endpoint_envelope_gives_events_and_meta() {
    let bytes = fixture("account_page.json");
    let d = decode(&bytes, &strict());
    assert!(!d.body_failed);
    assert_eq!(
        d.meta,
        Some(PageMeta {
            count: Some(4),
            current_page: Some(1),
            total_pages: Some(1)
        })
    );
    assert_eq!(ids(&d.events), [90604, 90603, 90602, 90601]);
    assert_eq!(d.events.columns.created_at[0], 1_775_751_000_644);
    // Newest first is the account endpoint's documented order: no warning.
    assert_eq!(issues(&d.events), []);
    // A page in the other order is the odd one, and says so.
    let ascending = d.events.concat(&[]); // concat sorts by created_at
    let json = chatwoot_reporting::encode::to_json(&ascending);
    let page = [
        "{\"payload\":",
        &json,
        ",\"meta\":{\"count\":4,\"current_page\":1,\"total_pages\":1}}",
    ]
    .concat();
    let odd = decode(page.as_bytes(), &strict());
    let codes = issues(&odd.events);
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(codes[0].1, "unsorted");
    assert!(odd.events.issues[0].message.contains("not newest first"));
    assert!(odd.events.issues[0]
        .message
        .contains("3 steps go the wrong way"));
    assert!(!d.events.is_sorted());
    let set = ok(&bytes, &strict());
    assert_eq!(set.len(), 4);
    let sorted = set.concat(&[]);
    assert_eq!(ids(&sorted), [90601, 90602, 90603, 90604]);
    // A bare array has no meta.
    let d = decode(&fixture("bot_resolved.json"), &strict());
    assert_eq!(d.meta, None);
}

#[test]
fn envelope_variants() {
    // meta before payload, odd meta values ignored field by field.
    let b = format!(
        r#"{{"meta":{{"count":2.5,"current_page":"1","total_pages":3,"extra":[1]}},"payload":[{}]}}"#,
        event(&[])
    );
    let d = decode(b.as_bytes(), &strict());
    assert_eq!(d.events.len(), 1);
    assert_eq!(
        d.meta,
        Some(PageMeta {
            count: None,
            current_page: None,
            total_pages: Some(3)
        })
    );
    // Without meta.
    let b = format!(r#"{{"payload":[{}]}}"#, event(&[]));
    let d = decode(b.as_bytes(), &strict());
    assert_eq!((d.events.len(), d.meta), (1, None));
    // A payload that is not an array, or no payload: not an array of events.
    for b in [
        r#"{"payload":{},"meta":{"count":0}}"#,
        r#"{"meta":{"count":0,"current_page":1,"total_pages":0}}"#,
        "{}",
    ] {
        let d = decode(b.as_bytes(), &strict());
        assert!(d.body_failed, "{b}");
        assert_eq!(issue_list(&d.events.issues), [p("", IssueCode::NotAnArray)]);
    }
}

#[test]
fn error_bodies_are_not_an_array_with_the_server_text() {
    for (file, said) in [
        ("error_401.json", "Invalid Access Token"),
        ("error_404.json", "Resource could not be found"),
        (
            "error_403_openapi.json",
            "You are not authorized to do this action",
        ),
    ] {
        let bytes = fixture(file);
        let d = decode(&bytes, &strict());
        assert!(d.body_failed, "{file}");
        assert!(d.events.is_empty());
        assert_eq!(d.meta, None);
        assert_eq!(
            issues(&d.events),
            [(String::new(), "not_an_array", "error")],
            "{file}"
        );
        let m = &d.events.issues[0].message;
        assert!(m.contains(&format!("\"{said}\"")), "{file}: {m}");
        for opts in [strict(), lenient(), account(3, Mode::Lenient)] {
            let f = fails(&bytes, &opts);
            assert!(!f.too_large);
            assert_eq!(f.issues.len(), 1);
            assert!(f.message.contains(said), "{}", f.message);
        }
    }
    // An object with no recognisable text still says what it is.
    let d = decode(br#"{"status":500}"#, &strict());
    assert_eq!(
        d.events.issues[0].message,
        "The body is an object, not an array of events."
    );
}

#[test]
fn account_id_must_match_every_event() {
    for file in [
        "conversation_reopened.json",
        "bot_handoff.json",
        "bot_resolved.json",
        "captain.json",
        "agent_participation.json",
        "account_page.json",
    ] {
        let bytes = fixture(file);
        let n = ok(&bytes, &strict()).len();
        assert_eq!(ok(&bytes, &account(3, Mode::Strict)).len(), n, "{file}");

        let f = fails(&bytes, &account(4, Mode::Strict));
        let mismatches: Vec<String> = f
            .issues
            .iter()
            .filter(|i| i.code == IssueCode::AccountMismatch)
            .map(|i| i.path())
            .collect();
        let expected: Vec<String> = (0..n).map(|i| format!("[{i}].account_id")).collect();
        assert_eq!(mismatches, expected, "{file}");
        assert!(f.message.starts_with(&format!(
            "The events failed validation with {n} errors; the first, at [0].account_id: The event belongs to account 3, not account 4."
        )), "{}", f.message);

        let set = ok(&bytes, &account(4, Mode::Lenient));
        assert_eq!(set.len(), 0, "{file}");
        assert_eq!(
            set.issues
                .iter()
                .filter(|i| i.code == IssueCode::AccountMismatch)
                .count(),
            n
        );
    }
    // A malformed account id is a wrong type, not also a mismatch.
    let b = one(&[("account_id", Some("3.5"))]);
    let d = decode(&b, &account(3, Mode::Lenient));
    assert_eq!(
        issue_list(&d.events.issues),
        [p("[0].account_id", IssueCode::WrongType)]
    );
    let b = one(&[("account_id", Some("null"))]);
    let d = decode(&b, &account(0, Mode::Lenient));
    assert_eq!(
        issue_list(&d.events.issues),
        [p("[0].account_id", IssueCode::WrongType)]
    );
    // Only the other account's event goes.
    let b = body(&[
        event(&[]),
        event(&[("id", Some("1002")), ("account_id", Some("9"))]),
    ]);
    let set = ok(&b, &account(3, Mode::Lenient));
    assert_eq!(ids(&set), [1001]);
    assert_eq!(
        issue_list(&set.issues),
        [p("[1].account_id", IssueCode::AccountMismatch)]
    );
    // Without an account id, any account is fine.
    assert_eq!(ok(&b, &strict()).len(), 2);
}

// ---------------------------------------------------------------------------------------
// Body-level outcomes

#[test]
fn empty_array_is_no_events() {
    for b in ["[]", " [ ] \n", "\u{feff}[]"] {
        let set = ok(b.as_bytes(), &strict());
        assert!(set.is_empty() && set.issues.is_empty(), "{b:?}");
    }
}

#[test]
fn invalid_json_bodies() {
    let cases: [(&[u8], &str); 6] = [
        (b"", "The body is empty, not JSON."),
        (b"   ", "The body is not valid JSON: unexpected end of input at byte 3."),
        (b"[{}", "The body is not valid JSON: expected ',' or ']' at byte 3."),
        (b"[] []", "The body is not valid JSON: unexpected data after the JSON value at byte 3."),
        (
            b"<html><body>502 Bad Gateway</body></html>",
            "The body is not valid JSON: expected a JSON value at byte 0 (it looks like an HTML page, perhaps from a proxy or a login screen).",
        ),
        (b"[1.]", "The body is not valid JSON: invalid number: no digits after '.' at byte 3."),
    ];
    for (b, message) in cases {
        let d = decode(b, &lenient());
        assert!(d.body_failed);
        assert_eq!(
            issues(&d.events),
            [(String::new(), "invalid_json", "error")]
        );
        assert_eq!(d.events.issues[0].message, message);
        let f = fails(b, &lenient());
        assert_eq!(f.message, message);
        assert!(!f.too_large);
    }
}

#[test]
fn top_level_scalars_are_not_an_array() {
    for (b, kind) in [
        ("null", "null"),
        ("42", "a number"),
        ("\"[]\"", "a string"),
        ("true", "a boolean"),
    ] {
        let d = decode(b.as_bytes(), &strict());
        assert!(d.body_failed);
        assert_eq!(issue_list(&d.events.issues), [p("", IssueCode::NotAnArray)]);
        assert_eq!(
            d.events.issues[0].message,
            format!("The body is {kind}, not an array of events.")
        );
    }
}

#[test]
fn max_bytes_limit() {
    let b = fixture("bot_resolved.json");
    let exact = DecodeOptions {
        max_bytes: b.len(),
        ..DecodeOptions::default()
    };
    assert_eq!(ok(&b, &exact).len(), 2);
    for mode in [Mode::Strict, Mode::Lenient] {
        let small = DecodeOptions {
            max_bytes: b.len() - 1,
            mode,
            account_id: None,
        };
        let d = decode(&b, &small);
        assert!(d.body_failed);
        assert!(d.events.is_empty());
        assert_eq!(issues(&d.events), [(String::new(), "too_large", "error")]);
        let f = fails(&b, &small);
        assert!(f.too_large);
        assert_eq!(
            f.message,
            format!(
                "The body is {} bytes or more, above the limit of {} bytes (maxBytes).",
                b.len(),
                b.len() - 1
            )
        );
    }
    // A limit of 0 refuses every non-empty body; the empty body is within it (and not JSON).
    let zero = DecodeOptions {
        max_bytes: 0,
        ..DecodeOptions::default()
    };
    assert!(fails(b"[]", &zero).too_large);
    let d = decode(b"", &zero);
    assert_eq!(
        issue_list(&d.events.issues),
        [p("", IssueCode::InvalidJson)]
    );
}

// ---------------------------------------------------------------------------------------
// Strict and lenient

#[test]
fn strict_fails_where_lenient_drops() {
    let b = body(&[
        event(&[]),
        event(&[("id", Some("1002")), ("value", Some("-5.0"))]),
        event(&[
            ("id", Some("1003")),
            ("name", Some("\"agent_participation\"")),
        ]),
    ]);
    let f = fails(&b, &strict());
    assert!(!f.too_large);
    assert_eq!(
        f.message,
        "The events failed validation with 1 error; the first, at [1].value: `value` is negative (-5 s); durations cannot be."
    );
    assert_eq!(
        issue_list(&f.issues),
        [
            p("[1].value", IssueCode::NegativeValue),
            p("[2].name", IssueCode::UnknownName)
        ]
    );

    let set = ok(&b, &lenient());
    assert_eq!(ids(&set), [1001, 1003]);
    assert_eq!(
        issues(&set),
        [
            ("[1].value".into(), "negative_value", "error"),
            ("[2].name".into(), "unknown_name", "warning")
        ]
    );
    // decode itself has lenient semantics.
    let d = decode(&b, &strict());
    assert!(d.has_errors());
    assert_eq!(ids(&d.events), [1001, 1003]);
}

#[test]
fn warnings_alone_never_fail() {
    let b = body(&[
        event(&[
            ("id", Some("1002")),
            ("created_at", Some("\"2026-04-07T15:00:00Z\"")),
        ]),
        event(&[("name", Some("\"brand_new\""))]),
    ]);
    let d = decode(&b, &strict());
    assert!(!d.has_errors());
    assert_eq!(
        issue_list(&d.events.issues),
        // Within one event, in the order found: ordering before names.
        [
            p("[1].created_at", IssueCode::Unsorted),
            p("[1].name", IssueCode::UnknownName)
        ]
    );
    assert!(d
        .events
        .issues
        .iter()
        .all(|i| i.severity() == Severity::Warning));
    assert_eq!(ok(&b, &strict()).len(), 2);
}

#[test]
fn issues_are_in_body_order_and_point_at_the_right_event() {
    let b = body(&[
        "17".to_owned(),
        event(&[("value", Some("\"1\"")), ("user_id", Some("[1]"))]),
        event(&[("id", Some("1002"))]),
        "[]".to_owned(),
        "null".to_owned(),
    ]);
    let d = decode(&b, &strict());
    assert_eq!(
        issue_list(&d.events.issues),
        [
            p("[0]", IssueCode::NotAnObject),
            p("[1].value", IssueCode::WrongType),
            p("[1].user_id", IssueCode::WrongType),
            p("[3]", IssueCode::NotAnObject),
            p("[4]", IssueCode::NotAnObject),
        ]
    );
    let m: Vec<&str> = d.events.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(m[0], "The event is a number, not an object.");
    assert_eq!(m[1], "`value` should be a number, but it is a string.");
    assert_eq!(
        m[2],
        "`user_id` should be a whole number or null, but it is an array."
    );
    assert_eq!(m[3], "The event is an array, not an object.");
    assert_eq!(m[4], "The event is null, not an object.");
    assert_eq!(ids(&d.events), [1002]);
}

// ---------------------------------------------------------------------------------------
// Whole-body checks

#[test]
fn duplicate_ids_keep_the_first() {
    // Replies: repeated first responses in one conversation would add warnings.
    let v = |v| {
        event(&[
            ("name", Some("\"reply_time\"")),
            ("value", Some(v)),
            ("value_in_business_hours", Some("null")),
        ])
    };
    let b = body(&[v("1.0"), event(&[("id", Some("1002"))]), v("2.0"), v("3.0")]);
    let d = decode(&b, &strict());
    assert_eq!(ids(&d.events), [1001, 1002]);
    assert_eq!(d.events.columns.value, [1.0, 120.0]);
    assert_eq!(
        issues(&d.events),
        [
            ("[2].id".into(), "duplicate_id", "error"),
            ("[3].id".into(), "duplicate_id", "error")
        ]
    );
    assert_eq!(
        d.events.issues[0].message,
        "The id 1001 was already used by the event at [0]; this copy is dropped."
    );
    assert!(fails(&b, &strict()).message.contains("2 errors"));
    assert_eq!(ok(&b, &lenient()).len(), 2);
    // Ids in descending order (the account endpoint) are not duplicates.
    let reply = |id| event(&[("id", Some(id)), ("name", Some("\"reply_time\""))]);
    let b = body(&[reply("3"), reply("2")]);
    assert!(ok(&b, &strict()).issues.is_empty());
    // A duplicate whose first copy was dropped for an error is the one kept.
    let b = body(&[event(&[("value", Some("null"))]), event(&[])]);
    let set = ok(&b, &lenient());
    assert_eq!(ids(&set), [1001]);
    assert_eq!(
        issue_list(&set.issues),
        [p("[0].value", IssueCode::WrongType)]
    );
}

#[test]
fn unsorted_is_one_warning_at_the_first_step_back() {
    let at = |id: &str, t: &str| {
        event(&[
            ("id", Some(id)),
            ("name", Some("\"reply_time\"")),
            ("created_at", Some(t)),
        ])
    };
    let b = body(&[
        at("1", "\"2026-04-07T10:00:00.000Z\""),
        at("2", "\"2026-04-07T10:00:00.000Z\""),
        at("3", "\"2026-04-07T11:00:00.000Z\""),
        at("4", "\"2026-04-07T10:30:00.000Z\""),
        at("5", "\"2026-04-07T09:00:00.000Z\""),
    ]);
    let set = ok(&b, &strict());
    assert_eq!(ids(&set), [1, 2, 3, 4, 5]);
    assert_eq!(
        issues(&set),
        [("[3].created_at".into(), "unsorted", "warning")]
    );
    assert!(set.issues[0].message.contains("(2 steps go the wrong way)"));
    // Equal times are in order.
    let b = body(&[
        at("1", "\"2026-04-07T10:00:00.000Z\""),
        at("2", "\"2026-04-07T10:00:00Z\""),
        at("3", "\"2026-04-07T15:30:00+05:30\""),
    ]);
    assert!(ok(&b, &strict()).issues.is_empty());
    // Dropped events do not count; the path is the body index of the kept event.
    let b = body(&[
        at("1", "\"2026-04-07T10:00:00.000Z\""),
        event(&[("id", Some("2")), ("value", Some("-1.0"))]),
        at("3", "\"2026-04-07T09:00:00.000Z\""),
    ]);
    let set = ok(&b, &lenient());
    assert_eq!(
        issue_list(&set.issues),
        [
            p("[1].value", IssueCode::NegativeValue),
            p("[2].created_at", IssueCode::Unsorted)
        ]
    );
    assert!(set.issues[1]
        .message
        .contains("(1 step goes the wrong way)"));
}

// ---------------------------------------------------------------------------------------
// Per-event checks

#[test]
fn business_hours_above_value_by_more_than_one_second_is_a_warning_that_keeps_the_event() {
    for bh in ["120.0", "121.0", "0.0", "null", "120.999"] {
        let set = ok(&one(&[("value_in_business_hours", Some(bh))]), &strict());
        assert!(set.issues.is_empty(), "{bh}: {:?}", set.issues);
    }
    for bh in ["121.5", "121.001", "86400.0"] {
        let (path, code, message, kept) =
            single_issue(&one(&[("value_in_business_hours", Some(bh))]));
        assert_eq!(
            (path.as_str(), code, kept),
            (
                "[0].value_in_business_hours",
                IssueCode::BusinessExceedsValue,
                true
            ),
            "{bh}"
        );
        assert!(
            message.contains("is more than `value` (120 s)"),
            "{message}"
        );
    }
    let (_, _, message, _) = single_issue(&one(&[("value_in_business_hours", Some("121.5"))]));
    assert_eq!(
        message,
        "`value_in_business_hours` (121.5 s) is more than `value` (120 s) by more than Chatwoot's 1 s rounding: its working-hours count does this on days when clocks change, otherwise the stored value is suspect."
    );
}

#[test]
fn end_before_start() {
    let b = one(&[
        ("event_start_time", Some("\"2026-04-07T14:27:20.123Z\"")),
        ("event_end_time", Some("\"2026-04-07T14:27:20.122Z\"")),
    ]);
    let (path, code, message, kept) = single_issue(&b);
    assert_eq!(
        (path.as_str(), code, kept),
        ("[0].event_end_time", IssueCode::EndBeforeStart, false)
    );
    assert_eq!(message, "`event_end_time` is before `event_start_time`.");
    // Equal, or either side null, is fine; offsets are compared as instants.
    for (s, e) in [
        (
            "\"2026-04-07T14:27:20.123Z\"",
            "\"2026-04-07T14:27:20.123Z\"",
        ),
        ("null", "\"2026-04-07T14:27:20.123Z\""),
        ("\"2026-04-07T14:27:20.123Z\"", "null"),
        ("\"2026-04-07T14:27:20Z\"", "\"2026-04-07T10:27:20-04:00\""),
    ] {
        let b = one(&[("event_start_time", Some(s)), ("event_end_time", Some(e))]);
        assert!(ok(&b, &strict()).issues.is_empty(), "{s} {e}");
    }
}

#[test]
fn negative_values_and_negative_zero() {
    let (path, code, message, kept) = single_issue(&one(&[("value", Some("-1.5"))]));
    assert_eq!(
        (path.as_str(), code, kept),
        ("[0].value", IssueCode::NegativeValue, false)
    );
    assert_eq!(
        message,
        "`value` is negative (-1.5 s); durations cannot be."
    );
    // With a business-hours value above it: one issue, the root cause.
    let (path, code, _, _) = single_issue(&one(&[
        ("value", Some("-1.0")),
        ("value_in_business_hours", Some("30.0")),
    ]));
    assert_eq!(
        (path.as_str(), code),
        ("[0].value", IssueCode::NegativeValue)
    );
    let (path, code, _, kept) = single_issue(&one(&[("value_in_business_hours", Some("-0.25"))]));
    assert_eq!(
        (path.as_str(), code, kept),
        (
            "[0].value_in_business_hours",
            IssueCode::NegativeValue,
            false
        )
    );
    // -0 is zero: kept, stored as +0, written back as 0.0.
    let b = one(&[
        ("value", Some("-0")),
        ("value_in_business_hours", Some("-0.0e5")),
    ]);
    let set = ok(&b, &strict());
    assert!(set.issues.is_empty());
    assert_eq!(set.columns.value[0].to_bits(), 0.0f64.to_bits());
    assert_eq!(
        set.columns.value_in_business_hours[0].to_bits(),
        0.0f64.to_bits()
    );
    assert!(to_json(&set).contains("\"value\":0.0,\"value_in_business_hours\":0.0,"));
}

#[test]
fn huge_numbers() {
    // 1e400 is valid JSON but not a finite double.
    let (path, code, message, kept) = single_issue(&one(&[("value", Some("1e400"))]));
    assert_eq!(
        (path.as_str(), code, kept),
        ("[0].value", IssueCode::WrongType, false)
    );
    assert_eq!(
        message,
        "`value` should be a finite number, but it is a number too large to represent."
    );
    let (path, code, _, _) = single_issue(&one(&[("value_in_business_hours", Some("-1e400"))]));
    assert_eq!(
        (path.as_str(), code),
        ("[0].value_in_business_hours", IssueCode::WrongType)
    );
    let (path, code, message, _) = single_issue(&one(&[("id", Some("1e400"))]));
    assert_eq!((path.as_str(), code), ("[0].id", IssueCode::WrongType));
    assert_eq!(
        message,
        "`id` should be a whole number, but it is a number beyond 2^53."
    );
    // In a field this version ignores, it is just JSON.
    assert!(ok(&one(&[("sla_policy", Some("1e400"))]), &strict())
        .issues
        .is_empty());
    // Tiny values underflow to zero and are fine.
    let set = ok(
        &one(&[
            ("value", Some("1e-400")),
            ("value_in_business_hours", Some("0.0")),
        ]),
        &strict(),
    );
    assert_eq!(set.columns.value, [0.0]);
    // Large but finite values are kept exactly.
    let set = ok(
        &one(&[
            ("value", Some("1.7976931348623157e308")),
            ("value_in_business_hours", Some("null")),
        ]),
        &strict(),
    );
    assert_eq!(set.columns.value, [f64::MAX]);
}

#[test]
fn ids_must_be_safe_whole_numbers() {
    let set = ok(
        &one(&[
            ("id", Some("9007199254740991")),
            ("conversation_id", Some("-9007199254740991")),
            ("inbox_id", Some("7.0")),
            ("user_id", Some("1.2e1")),
        ]),
        &strict(),
    );
    let e = &set.to_events()[0];
    assert_eq!(
        (e.id, e.conversation_id, e.inbox_id, e.user_id),
        (9_007_199_254_740_991, -9_007_199_254_740_991, 7, 12)
    );
    for (field, v, got) in [
        ("id", "9007199254740992", "a number beyond 2^53"),
        ("account_id", "3.5", "a fractional number"),
        ("conversation_id", "1e16", "a number beyond 2^53"),
        ("inbox_id", "0.1", "a fractional number"),
    ] {
        let (path, code, message, kept) = single_issue(&one(&[(field, Some(v))]));
        assert_eq!(
            (path, code, kept),
            (format!("[0].{field}"), IssueCode::WrongType, false)
        );
        assert!(message.ends_with(&format!("but it is {got}.")), "{message}");
    }
}

#[test]
fn missing_fields() {
    for field in [
        "id",
        "name",
        "value",
        "account_id",
        "created_at",
        "updated_at",
    ] {
        let (path, code, message, kept) = single_issue(&one(&[(field, None)]));
        assert_eq!(
            (path, code, kept),
            (format!("[0].{field}"), IssueCode::MissingField, false)
        );
        assert_eq!(message, format!("The event has no `{field}` field."));
    }
    // Absent nullable fields are null.
    let b = one(&[
        ("value_in_business_hours", None),
        ("event_start_time", None),
        ("event_end_time", None),
        ("inbox_id", None),
        ("user_id", None),
        ("conversation_id", None),
    ]);
    let set = ok(&b, &strict());
    assert!(set.issues.is_empty());
    let e = &set.to_events()[0];
    assert_eq!(e.value_in_business_hours, None);
    assert_eq!(
        (e.event_start_time, e.event_end_time),
        (NULL_TIME, NULL_TIME)
    );
    assert_eq!(
        (e.inbox_id, e.user_id, e.conversation_id),
        (NULL_ID, NULL_ID, NULL_ID)
    );
    // An empty object misses all six, in the server's order.
    let d = decode(b"[{}]", &strict());
    assert_eq!(
        issue_list(&d.events.issues),
        [
            "id",
            "name",
            "value",
            "account_id",
            "created_at",
            "updated_at"
        ]
        .map(|f| p(&format!("[0].{f}"), IssueCode::MissingField))
    );
}

#[test]
fn explicit_nulls() {
    // Nullable fields: null is fine, and written back as null.
    let b = one(&[
        ("value_in_business_hours", Some("null")),
        ("event_start_time", Some("null")),
        ("event_end_time", Some("null")),
        ("inbox_id", Some("null")),
        ("user_id", Some("null")),
        ("conversation_id", Some("null")),
    ]);
    let set = ok(&b, &strict());
    assert!(set.issues.is_empty());
    assert_eq!(to_json(&set), String::from_utf8(b).unwrap());
    // Required fields: null is a wrong type, not a missing field.
    for field in [
        "id",
        "name",
        "value",
        "account_id",
        "created_at",
        "updated_at",
    ] {
        let (path, code, message, kept) = single_issue(&one(&[(field, Some("null"))]));
        assert_eq!(
            (path, code, kept),
            (format!("[0].{field}"), IssueCode::WrongType, false)
        );
        assert!(message.ends_with("but it is null."), "{message}");
    }
}

#[test]
fn wrong_types() {
    let cases = [
        (
            "name",
            "5",
            "`name` should be a string, but it is a number.",
        ),
        (
            "value",
            "\"120.0\"",
            "`value` should be a number, but it is a string.",
        ),
        (
            "value",
            "true",
            "`value` should be a number, but it is a boolean.",
        ),
        (
            "value_in_business_hours",
            "{}",
            "`value_in_business_hours` should be a number or null, but it is an object.",
        ),
        (
            "id",
            "\"1001\"",
            "`id` should be a whole number, but it is a string.",
        ),
        (
            "inbox_id",
            "false",
            "`inbox_id` should be a whole number or null, but it is a boolean.",
        ),
        (
            "created_at",
            "1775572040",
            "`created_at` should be a timestamp string, but it is a number.",
        ),
        (
            "event_start_time",
            "[\"2026-04-07T14:27:20.123Z\"]",
            "`event_start_time` should be a timestamp string or null, but it is an array.",
        ),
    ];
    for (field, v, message) in cases {
        let (path, code, got, kept) = single_issue(&one(&[(field, Some(v))]));
        assert_eq!(
            (path, code, kept),
            (format!("[0].{field}"), IssueCode::WrongType, false)
        );
        assert_eq!(got, message);
    }
}

#[test]
fn timestamps_become_epoch_milliseconds() {
    let at = |t: &str| {
        let set = ok(&one(&[("created_at", Some(t))]), &strict());
        set.columns.created_at[0]
    };
    assert_eq!(at("\"2026-04-07T14:27:20.123Z\""), TS_14_27_20_123);
    assert_eq!(at("\"2026-04-07T19:57:20.123+05:30\""), TS_14_27_20_123);
    assert_eq!(at("\"2026-04-07T14:27:20.123456789Z\""), TS_14_27_20_123);
    assert_eq!(at("\"2026-04-07T14:27:20Z\""), TS_14_27_20_123 - 123);
    assert_eq!(at("\"1970-01-01T00:00:00.000Z\""), 0);
    assert_eq!(at("\"1969-12-31T23:59:59.999Z\""), -1);
    for (t, shown) in [
        ("\"2026-04-07\"", "2026-04-07"),
        ("\"2026-04-07T14:27:20.123\"", "2026-04-07T14:27:20.123"),
        ("\"07/04/2026 14:27\"", "07/04/2026 14:27"),
        ("\"\"", ""),
        // Valid RFC 3339, but 1 minute before year 0000 in UTC: no four-digit form.
        ("\"0000-01-01T00:00:00+00:01\"", "0000-01-01T00:00:00+00:01"),
        ("\"9999-12-31T23:59:60Z\"", "9999-12-31T23:59:60Z"),
    ] {
        let (path, code, message, kept) = single_issue(&one(&[("updated_at", Some(t))]));
        assert_eq!(
            (path.as_str(), code, kept),
            ("[0].updated_at", IssueCode::InvalidTimestamp, false),
            "{t}"
        );
        assert_eq!(
            message,
            format!("`updated_at` is not an RFC 3339 timestamp: \"{shown}\".")
        );
    }
    // The extremes that do fit are kept and written back.
    let b = one(&[
        ("event_start_time", Some("\"0000-01-01T00:00:00.000Z\"")),
        ("event_end_time", Some("\"9999-12-31T23:59:59.999Z\"")),
    ]);
    let set = ok(&b, &strict());
    assert_eq!(to_json(&set), String::from_utf8(b).unwrap());
}

// ---------------------------------------------------------------------------------------
// Names

#[test]
fn every_known_name_is_recognised() {
    for k in KnownName::ALL {
        let b = one(&[("name", Some(&format!("\"{}\"", k.as_str())))]);
        let set = ok(&b, &strict());
        assert!(set.issues.is_empty(), "{k:?}");
        assert_eq!(set.to_events()[0].name, Name::Known(k));
    }
    // Case and spacing matter: these are unknown names, kept as text.
    for n in ["First_Response", "first_response ", "resolution", ""] {
        let b = one(&[("name", Some(&format!("\"{n}\"")))]);
        let set = ok(&b, &strict());
        assert_eq!(set.to_events()[0].name, Name::Other(n.to_owned()));
        assert_eq!(
            issue_list(&set.issues),
            [p("[0].name", IssueCode::UnknownName)]
        );
    }
}

#[test]
fn nul_bytes_in_names() {
    // A raw NUL inside a string is a control character: invalid JSON.
    let d = decode(
        &one(&[("name", Some("\"agent\0participation\""))]),
        &strict(),
    );
    assert!(d.body_failed);
    assert_eq!(
        issue_list(&d.events.issues),
        [p("", IssueCode::InvalidJson)]
    );
    assert!(d.events.issues[0]
        .message
        .contains("control character in string"));
    // Escaped, it is text: kept, warned about (without the NUL), and escaped again on output.
    let set = ok(
        &one(&[("name", Some("\"agent\\u0000participation\""))]),
        &strict(),
    );
    assert_eq!(set.name_of(0), "agent\0participation");
    assert_eq!(
        issue_list(&set.issues),
        [p("[0].name", IssueCode::UnknownName)]
    );
    assert!(!set.issues[0].message.contains('\0'));
    assert!(set.issues[0]
        .message
        .starts_with("`agent participation` is not"));
    assert!(to_json(&set).contains("\"name\":\"agent\\u0000participation\""));
    // A known name with an escaped NUL after it is not the known name.
    let set = ok(
        &one(&[("name", Some("\"first_response\\u0000\""))]),
        &strict(),
    );
    assert_eq!(
        set.to_events()[0].name,
        Name::Other("first_response\0".into())
    );
}

#[test]
fn lone_surrogates_and_escapes_in_names() {
    let name = |raw: &str| {
        let set = ok(&one(&[("name", Some(raw))]), &lenient());
        set.name_of(0).to_owned()
    };
    assert_eq!(name("\"x\\ud800\""), "x\u{FFFD}");
    assert_eq!(name("\"\\udc00x\""), "\u{FFFD}x");
    assert_eq!(name("\"\\ud800\\ud800\""), "\u{FFFD}\u{FFFD}");
    assert_eq!(name("\"\\ud83d\\ude00\""), "😀");
    assert_eq!(name("\"caf\\u00e9\""), "café");
    // An escaped known name is the known name.
    let set = ok(
        &one(&[("name", Some("\"first\\u005fresponse\""))]),
        &strict(),
    );
    assert_eq!(
        set.to_events()[0].name,
        Name::Known(KnownName::FirstResponse)
    );
    assert!(set.issues.is_empty());
    // Raw bytes that are not UTF-8 are invalid JSON.
    let mut b = one(&[("name", Some("\"x\""))]);
    let at = b.iter().position(|&c| c == b'x').unwrap();
    b[at] = 0xFF;
    let d = decode(&b, &strict());
    assert_eq!(
        issue_list(&d.events.issues),
        [p("", IssueCode::InvalidJson)]
    );
    assert!(d.events.issues[0].message.contains("invalid UTF-8"));
}

#[test]
fn unknown_names_warn_once_each() {
    let b = body(&[
        event(&[("id", Some("1")), ("name", Some("\"b_new\""))]),
        event(&[("id", Some("2")), ("name", Some("\"a_new\""))]),
        event(&[("id", Some("3")), ("name", Some("\"b_new\""))]),
        event(&[("id", Some("4"))]),
    ]);
    let set = ok(&b, &strict());
    assert_eq!(names(&set), ["b_new", "a_new", "b_new", "first_response"]);
    assert_eq!(
        issue_list(&set.issues),
        [
            p("[0].name", IssueCode::UnknownName),
            p("[1].name", IssueCode::UnknownName)
        ]
    );
    assert!(set.issues[0]
        .message
        .contains("b_new` is not an event name this version knows; 2 events"));
    assert!(set.issues[1]
        .message
        .contains("a_new` is not an event name this version knows; 1 event "));
}

// ---------------------------------------------------------------------------------------
// Duplicate keys (issue 12): the last occurrence wins, as in `JSON.parse`

/// A single-event body with `extra` (`"key":value` pairs) after the server's twelve fields.
fn with_repeats(extra: &str) -> Vec<u8> {
    let e = event(&[]);
    format!("[{},{extra}}}]", &e[..e.len() - 1]).into_bytes()
}

#[test]
fn duplicate_keys_last_occurrence_wins() {
    // A later null replaces an earlier value (`JSON.parse` gives null).
    let set = ok(&with_repeats(r#""user_id":null"#), &strict());
    assert_eq!(set.columns.user_id.to_vec(), [NULL_ID]);
    let set = ok(
        &with_repeats(r#""value_in_business_hours":null,"event_start_time":null"#),
        &strict(),
    );
    let e = set.get(0).unwrap();
    assert_eq!(
        (e.value_in_business_hours, e.event_start_time),
        (None, NULL_TIME)
    );
    // A later value replaces an earlier one, of any field.
    let set = ok(
        &with_repeats(
            r#""id":7,"name":"reply_time","value":600.0,"account_id":3,"inbox_id":9,"created_at":"2026-04-08T00:00:00Z""#,
        ),
        &strict(),
    );
    let e = set.get(0).unwrap();
    assert_eq!(
        (e.id, e.name.as_str(), e.value, e.inbox_id, e.created_at),
        (7, "reply_time", 600.0, 9, 1_775_606_400_000)
    );
    // An earlier bad value is forgotten with what it caused; a later bad one is reported.
    let first_bad = format!(
        "[{}]",
        event(&[
            ("value", Some("\"x\"")),
            ("id", Some("1.5")),
            ("name", Some("\"a_new\"")),
            ("created_at", Some("\"yesterday\"")),
            ("value_in_business_hours", Some("9999.0")),
        ])
    );
    let fixed = format!(
        "{},\"value\":120.0,\"id\":1001,\"name\":\"first_response\",\"created_at\":\"2026-04-07T14:27:20.123Z\",\"value_in_business_hours\":1.0}}]",
        &first_bad[..first_bad.len() - 2]
    );
    let set = ok(fixed.as_bytes(), &strict());
    assert_eq!(issues(&set), []);
    assert_eq!(set.get(0).unwrap().value_in_business_hours, Some(1.0));
    let d = decode(&with_repeats(r#""value":"x""#), &strict());
    assert_eq!(
        issue_list(&d.events.issues),
        [p("[0].value", IssueCode::WrongType)]
    );
    assert!(d.events.is_empty());
    // Cross-field checks see the last values only.
    let d = decode(&with_repeats(r#""value":-1.0,"value":5.0"#), &strict());
    assert_eq!(
        issue_list(&d.events.issues),
        [p(
            "[0].value_in_business_hours",
            IssueCode::BusinessExceedsValue
        )]
    );
}

#[test]
fn duplicate_envelope_keys_last_occurrence_wins() {
    let one_event = |id: &str| format!("[{}]", event(&[("id", Some(id))]));
    let meta = |n: u32| format!(r#"{{"count":{n},"current_page":1,"total_pages":{n}}}"#);
    let page = |fields: &[(&str, String)]| {
        let parts: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", parts.join(",")).into_bytes()
    };
    // The later payload's events, and only its issues.
    let b = page(&[
        (
            "payload",
            format!("[{},3]", event(&[("name", Some("\"a_new\""))])),
        ),
        ("meta", meta(1)),
        ("payload", one_event("2")),
        ("meta", meta(2)),
    ]);
    let d = decode(&b, &strict());
    assert!(!d.body_failed);
    assert_eq!(ids(&d.events), [2]);
    assert_eq!(issues(&d.events), []);
    assert_eq!(d.events.names.others().len(), 0);
    assert_eq!(d.meta.and_then(|m| m.total_pages), Some(2));
    // A later payload that is not an array leaves no array of events.
    let b = page(&[("payload", one_event("2")), ("payload", "null".into())]);
    let d = decode(&b, &strict());
    assert_eq!(issue_list(&d.events.issues), [p("", IssueCode::NotAnArray)]);
    // An earlier one that is not an array does not matter.
    let b = page(&[("payload", "{}".into()), ("payload", one_event("2"))]);
    assert_eq!(ids(&ok(&b, &strict())), [2]);
    // A later meta that is not an object leaves none; a later count replaces the first.
    let b = page(&[
        ("meta", meta(1)),
        ("payload", one_event("2")),
        ("meta", "null".into()),
    ]);
    assert_eq!(decode(&b, &strict()).meta, None);
    let b = page(&[
        ("payload", one_event("2")),
        (
            "meta",
            r#"{"count":1,"count":5,"total_pages":1,"total_pages":"x"}"#.into(),
        ),
    ]);
    assert_eq!(
        decode(&b, &strict()).meta,
        Some(PageMeta {
            count: Some(5),
            current_page: None,
            total_pages: None
        })
    );
    // The server's text: the last of a repeated key.
    let d = decode(br#"{"error":"first","error":"second"}"#, &strict());
    assert!(
        d.events.issues[0].message.contains("\"second\""),
        "{:?}",
        d.events.issues
    );
    let d = decode(
        br#"{"error":"first","message":"other","error":null}"#,
        &strict(),
    );
    assert!(
        d.events.issues[0].message.contains("\"other\""),
        "{:?}",
        d.events.issues
    );
}

// ---------------------------------------------------------------------------------------
// Tolerated shapes

#[test]
fn unknown_fields_and_field_order_do_not_matter() {
    let reordered = r#"[{"updated_at":"2026-04-07T14:27:20.123Z","created_at":"2026-04-07T14:27:20.123Z",
        "conversation_id":48213,"user_id":12,"inbox_id":7,"account_id":3,"event_end_time":"2026-04-07T14:27:20.123Z",
        "event_start_time":"2026-04-07T14:25:20.123Z","value_in_business_hours":120.0,"value":120.0,
        "name":"first_response","id":1001,"extra":{"deep":[[[{"a":null}]]],"n":1e400},"sla":"x"}]"#;
    let a = ok(reordered.as_bytes(), &strict());
    let b = ok(&one(&[]), &strict());
    assert!(a.issues.is_empty());
    assert_eq!(a.to_events(), b.to_events());
    assert_eq!(to_json(&a), String::from_utf8(one(&[])).unwrap());
}

#[test]
fn decoded_carries_no_meta_and_no_failure_for_arrays() {
    let d: Decoded = decode(&fixture("captain.json"), &strict());
    assert!(!d.body_failed && !d.has_errors() && d.meta.is_none());
    assert_eq!(d.events.len(), 3);
}

// ---------------------------------------------------------------------------------------
// Checks across a conversation's events (src/checks.rs), warnings only

#[test]
fn conversation_checks_are_warnings_that_keep_every_event() {
    let at = |id: &str, name: &str, end: &str, value: &str| {
        event(&[
            ("id", Some(id)),
            ("name", Some(&format!("\"{name}\""))),
            ("value", Some(value)),
            ("value_in_business_hours", Some("0.0")),
            ("event_start_time", Some("\"2026-04-07T08:00:00.000Z\"")),
            (
                "event_end_time",
                Some(&format!("\"2026-04-07T{end}.000Z\"")),
            ),
            ("created_at", Some(&format!("\"2026-04-07T{end}.500Z\""))),
        ])
    };
    // A duplicate first response, a second handoff, a reply while resolved, and a
    // resolution smaller than the one before it; an invalid event at [1] is dropped in
    // lenient mode, so the warnings' paths are body positions, not set positions.
    let b = body(&[
        at("1", "first_response", "09:00:00", "3600.0"),
        at("2", "reply_time", "09:10:00", "-1.0"),
        at("3", "conversation_bot_handoff", "09:20:00", "4800.0"),
        at("4", "conversation_resolved", "10:00:00", "7200.0"),
        at("5", "reply_time", "10:30:00", "60.0"),
        at("6", "first_response", "10:40:00", "60.0"),
        at("7", "conversation_bot_handoff", "10:50:00", "10200.0"),
        at("8", "conversation_resolved", "11:00:00", "3600.0"),
    ]);
    let set = ok(&b, &lenient());
    assert_eq!(set.len(), 7, "warnings drop nothing");
    assert_eq!(
        issues(&set),
        [
            ("[1].value".into(), "negative_value", "error"),
            ("[4]".into(), "reply_after_resolution", "warning"),
            ("[5]".into(), "repeated_first_response", "warning"),
            ("[6]".into(), "repeated_bot_handoff", "warning"),
            ("[7]".into(), "resolution_decreased", "warning"),
        ]
    );
    let messages: Vec<&str> = set.issues.iter().map(|i| i.message.as_str()).collect();
    assert!(
        messages[1].contains("after the resolution at [3]"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("the first is at [0]"),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].contains("the first is at [2]"),
        "{}",
        messages[3]
    );
    assert!(
        messages[4].contains("(3600 s)") && messages[4].contains("at [3] (7200 s)"),
        "{}",
        messages[4]
    );
    // Strict mode: warnings alone never fail.
    let b = body(&[
        at("1", "first_response", "09:00:00", "3600.0"),
        at("6", "first_response", "10:40:00", "60.0"),
    ]);
    let set = ok(&b, &strict());
    assert_eq!(
        issues(&set),
        [("[1]".into(), "repeated_first_response", "warning")]
    );
}

#[test]
fn the_realistic_fixtures_pass_the_conversation_checks() {
    for name in [
        "conversation_reopened.json",
        "bot_handoff.json",
        "bot_resolved.json",
    ] {
        let bytes = std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("a fixture");
        let set = ok(&bytes, &strict());
        assert!(set.issues.is_empty(), "{name}: {:?}", set.issues);
    }
}
