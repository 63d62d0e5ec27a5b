//! JSON conformance: Nicolas Seriot's JSONTestSuite through `decode`, plus the extremes a
//! body can reach (200 000 nested brackets, the 64 MiB size limit, deep values inside an
//! event).

use std::path::PathBuf;

use chatwoot_reporting::decode::DEFAULT_MAX_BYTES;
use chatwoot_reporting::{decode, parse, DecodeOptions, Decoded, IssueCode, Mode};

const SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/JSONTestSuite/test_parsing"
);

/// Every file of the suite whose name starts with `prefix`, with its bytes.
fn files(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = match std::fs::read_dir(SUITE) {
        Ok(d) => d,
        Err(e) => panic!("cannot read {SUITE}: {e}"),
    };
    let mut out: Vec<(String, Vec<u8>)> = dir
        .map(|entry| entry.unwrap().path())
        .filter(|p: &PathBuf| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".json")
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn all_modes(bytes: &[u8]) -> [Decoded; 2] {
    let lenient = DecodeOptions {
        mode: Mode::Lenient,
        account_id: Some(1),
        ..DecodeOptions::default()
    };
    [
        decode(bytes, &DecodeOptions::default()),
        decode(bytes, &lenient),
    ]
}

fn is_invalid_json(d: &Decoded) -> bool {
    d.events
        .issues
        .iter()
        .any(|i| i.code == IssueCode::InvalidJson)
}

/// Exactly one issue, at the body, `invalid_json`, and nothing else.
fn only_invalid_json(d: &Decoded) -> bool {
    d.body_failed
        && d.events.is_empty()
        && d.events.issues.len() == 1
        && d.events.issues[0].code == IssueCode::InvalidJson
        && d.events.issues[0].path().is_empty()
}

#[test]
fn y_files_are_valid_json() {
    let ys = files("y_");
    assert!(ys.len() >= 90, "only {} y_ files in {SUITE}", ys.len());
    let mut wrong = Vec::new();
    for (name, bytes) in &ys {
        for d in all_modes(bytes) {
            if is_invalid_json(&d) {
                wrong.push(format!("{name}: {:?}", d.events.issues));
            }
            // Valid JSON is either events (an array) or a body that is not an array.
            if d.body_failed {
                assert_eq!(d.events.issues.len(), 1, "{name}");
                assert_eq!(d.events.issues[0].code, IssueCode::NotAnArray, "{name}");
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "valid JSON rejected:\n{}",
        wrong.join("\n")
    );
    // The same values inside an event, as a field this version ignores: skipped, and the
    // event kept with no issue at all.
    for (name, bytes) in &ys {
        let body = embedded(bytes);
        match parse(&body, &DecodeOptions::default()) {
            Ok(set) => {
                assert_eq!(set.len(), 1, "{name}");
                assert!(set.issues.is_empty(), "{name}: {:?}", set.issues);
            }
            Err(f) => panic!("{name} inside an event: {f:?}"),
        }
    }
    // Spot checks of what valid JSON that is not events becomes.
    let top_level = |name: &str| {
        let (_, bytes) = ys.iter().find(|(n, _)| n == name).unwrap();
        let d = decode(bytes, &DecodeOptions::default());
        d.events
            .issues
            .iter()
            .map(|i| (i.path(), i.code.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        top_level("y_structure_lonely_null.json"),
        [(String::new(), "not_an_array")]
    );
    // [null, 1, "1", {}]: three non-objects, then an object missing every field.
    let mut expected: Vec<(String, &str)> = (0..3)
        .map(|i| (format!("[{i}]"), "not_an_object"))
        .collect();
    for f in [
        "id",
        "name",
        "value",
        "account_id",
        "created_at",
        "updated_at",
    ] {
        expected.push((format!("[3].{f}"), "missing_field"));
    }
    assert_eq!(top_level("y_array_heterogeneous.json"), expected);
    assert!(top_level("y_array_empty.json").is_empty());
}

#[test]
fn n_files_are_invalid_json() {
    let ns = files("n_");
    assert!(ns.len() >= 180, "only {} n_ files in {SUITE}", ns.len());
    let mut wrong = Vec::new();
    for (name, bytes) in &ns {
        for d in all_modes(bytes) {
            if !only_invalid_json(&d) {
                wrong.push(format!("{name}: {:?}", d.events.issues));
            }
        }
        let f = parse(bytes, &DecodeOptions::default());
        assert!(
            f.is_err_and(|f| !f.too_large && f.issues.len() == 1),
            "{name}"
        );
    }
    assert!(
        wrong.is_empty(),
        "invalid JSON accepted:\n{}",
        wrong.join("\n")
    );
    // Not a JSON value, so not one inside an event either.
    for (name, bytes) in &ns {
        let d = decode(&embedded(bytes), &DecodeOptions::default());
        assert!(
            only_invalid_json(&d),
            "{name} inside an event: {:?}",
            d.events.issues
        );
    }
}

/// `value` as an unknown field of an otherwise valid event, in a one-event body.
fn embedded(value: &[u8]) -> Vec<u8> {
    let event = event(1, ",\"custom_attributes\":");
    let (head, tail) = event.split_at(event.len() - 1);
    let mut body = format!("[{head}").into_bytes();
    body.extend_from_slice(value);
    body.extend_from_slice(tail.as_bytes());
    body.push(b']');
    body
}

#[test]
fn i_files_do_not_panic() {
    let is = files("i_");
    assert!(is.len() >= 30, "only {} i_ files in {SUITE}", is.len());
    for (name, bytes) in &is {
        for d in all_modes(bytes) {
            // Either way is allowed; a body failure is still exactly one issue.
            if d.body_failed {
                assert_eq!(d.events.issues.len(), 1, "{name}");
                let code = d.events.issues[0].code;
                assert!(
                    matches!(code, IssueCode::InvalidJson | IssueCode::NotAnArray),
                    "{name}: {code:?}"
                );
            }
        }
    }
}

const DEPTH: usize = 200_000;

fn nested(open: &str, close: &str, depth: usize, closed: bool) -> String {
    let mut s = open.repeat(depth);
    if closed {
        s.push_str(&close.repeat(depth));
    }
    s
}

#[test]
fn deep_arrays_do_not_overflow_the_stack() {
    // Closed: valid JSON, one element that is not an event.
    let body = nested("[", "]", DEPTH, true);
    let d = decode(body.as_bytes(), &DecodeOptions::default());
    assert!(!d.body_failed);
    assert_eq!(
        d.events
            .issues
            .iter()
            .map(|i| (i.path(), i.code))
            .collect::<Vec<_>>(),
        [("[0]".to_owned(), IssueCode::NotAnObject)]
    );
    // Unclosed: invalid JSON, reported at the end of the input.
    let body = nested("[", "]", DEPTH, false);
    let d = decode(body.as_bytes(), &DecodeOptions::default());
    assert!(only_invalid_json(&d));
    assert_eq!(
        d.events.issues[0].message,
        format!("The body is not valid JSON: unexpected end of input at byte {DEPTH}.")
    );
    // One bracket short of closed.
    let mut body = nested("[", "]", DEPTH, true);
    body.pop();
    assert!(only_invalid_json(&decode(
        body.as_bytes(),
        &DecodeOptions::default()
    )));
}

#[test]
fn deep_objects_do_not_overflow_the_stack() {
    let body = format!("[{}1{}]", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH));
    let d = decode(body.as_bytes(), &DecodeOptions::default());
    assert!(!d.body_failed);
    assert_eq!(
        d.events.issues.len(),
        6,
        "the outer object misses every field"
    );
    let body = format!("[{}1{}]", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH - 1));
    assert!(only_invalid_json(&decode(
        body.as_bytes(),
        &DecodeOptions::default()
    )));
    // As a top-level envelope without payload.
    let body = format!("{}1{}", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH));
    let d = decode(body.as_bytes(), &DecodeOptions::default());
    assert_eq!(d.events.issues[0].code, IssueCode::NotAnArray);
}

/// A valid event with id `id`, and `extra` (`,"key":value` text) before its closing brace.
fn event(id: u32, extra: &str) -> String {
    format!(
        r#"{{"id":{id},"name":"first_response","value":120.0,"value_in_business_hours":120.0,"event_start_time":"2026-04-07T14:25:20.123Z","event_end_time":"2026-04-07T14:27:20.123Z","account_id":3,"inbox_id":7,"user_id":12,"conversation_id":48213,"created_at":"2026-04-07T14:27:20.123Z","updated_at":"2026-04-07T14:27:20.123Z"{extra}}}"#
    )
}

#[test]
fn deep_nesting_inside_an_event() {
    let deep = format!(
        "{}{{\"x\":[1,null,\"s\"]}}{}",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    // In an unknown field: skipped, the event kept as it is.
    let body = format!("[{}]", event(1, &format!(",\"custom_attributes\":{deep}")));
    let set = match parse(body.as_bytes(), &DecodeOptions::default()) {
        Ok(set) => set,
        Err(f) => panic!("{f:?}"),
    };
    assert_eq!(set.len(), 1);
    assert!(set.issues.is_empty());
    assert_eq!(set.columns.value, [120.0]);
    // The same in a known field (the later duplicate key): a wrong type; the rest of the
    // body is still read.
    let body = format!(
        "[{},{}]",
        event(1, &format!(",\"user_id\":{deep}")),
        event(2, "")
    );
    let d = decode(body.as_bytes(), &DecodeOptions::default());
    assert!(!d.body_failed);
    assert_eq!(
        d.events
            .issues
            .iter()
            .map(|i| (i.path(), i.code))
            .collect::<Vec<_>>(),
        [("[0].user_id".to_owned(), IssueCode::WrongType)]
    );
    assert_eq!(d.events.columns.id.to_vec(), [2]);
    // Unclosed inside the event: invalid JSON for the whole body.
    let mut body = format!(
        "[{}",
        event(1, &format!(",\"extra\":{}", "[{\"a\":".repeat(DEPTH)))
    );
    body.truncate(body.len() - 1); // the event's closing brace
    assert!(only_invalid_json(&decode(
        body.as_bytes(),
        &DecodeOptions::default()
    )));
    // Deep nesting in the envelope, next to the payload.
    let body = format!("{{\"payload\":[{}],\"debug\":{deep}}}", event(1, ""));
    let d = decode(body.as_bytes(), &DecodeOptions::default());
    assert_eq!((d.events.len(), d.events.issues.len()), (1, 0));
}

#[test]
fn size_limit_at_512_mib_by_default_and_exact_at_any_limit() {
    assert_eq!(DEFAULT_MAX_BYTES, 512 * 1024 * 1024);
    // Just over the default: refused before any byte is read (zeroed memory costs nothing
    // to get until it is touched).
    let over = vec![0u8; DEFAULT_MAX_BYTES + 1];
    let d = decode(&over, &DecodeOptions::default());
    assert!(d.body_failed);
    assert_eq!(d.events.issues.len(), 1);
    assert_eq!(d.events.issues[0].code, IssueCode::TooLarge);
    assert_eq!(
        d.events.issues[0].message,
        "The body is 536870913 bytes or more, above the limit of 536870912 bytes (maxBytes)."
    );
    assert!(parse(&over, &DecodeOptions::default()).is_err_and(|f| f.too_large));
    drop(over);
    // Exactly at a limit (64 MiB here, so that the test reads 64 MiB, not 512): read, and
    // judged on its content (a NUL is not JSON).
    const LIMIT: usize = 64 * 1024 * 1024;
    let limited = DecodeOptions {
        max_bytes: LIMIT,
        ..DecodeOptions::default()
    };
    let mut at = vec![0u8; LIMIT];
    let d = decode(&at, &limited);
    assert!(only_invalid_json(&d), "{:?}", d.events.issues);
    // A valid body of exactly the limit: an empty array padded with white space.
    at.fill(b' ');
    at[0] = b'[';
    at[LIMIT - 1] = b']';
    let set = match parse(&at, &limited) {
        Ok(set) => set,
        Err(f) => panic!("{f:?}"),
    };
    assert!(set.is_empty() && set.issues.is_empty());
    // One more byte of padding and it is too large.
    at.push(b' ');
    assert!(parse(&at, &limited).is_err_and(|f| f.too_large));
    // A smaller limit applies the same way.
    let small = DecodeOptions {
        max_bytes: 1024,
        ..DecodeOptions::default()
    };
    let body = format!("[{}]", event(1, ""));
    assert!(body.len() < 1024);
    assert!(parse(body.as_bytes(), &small).is_ok());
    let padded = format!("{body}{}", " ".repeat(1024 - body.len()));
    assert!(parse(padded.as_bytes(), &small).is_ok());
    let padded = format!("{padded} ");
    assert!(parse(padded.as_bytes(), &small).is_err_and(|f| f.too_large));
}
