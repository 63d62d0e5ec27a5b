//! The bindings, tested in WebAssembly: the same tests run in Node (default) and in
//! headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`); see scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use chatwoot_reporting::bindings::{parse_events, validate_events};
use js_sys::{Array, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const BODY: &str = r#"[
 {"id":11,"name":"conversation_opened","value":0.0,"value_in_business_hours":0.0,
  "event_start_time":"2026-04-07T14:00:00.000Z","event_end_time":"2026-04-07T14:00:00.000Z",
  "account_id":1,"inbox_id":2,"user_id":null,"conversation_id":501,
  "created_at":"2026-04-07T14:00:01.000Z","updated_at":"2026-04-07T14:00:01.000Z"},
 {"id":12,"name":"first_response","value":120.0,"value_in_business_hours":120.0,
  "event_start_time":"2026-04-07T14:00:00.000Z","event_end_time":"2026-04-07T14:02:00.000Z",
  "account_id":1,"inbox_id":2,"user_id":7,"conversation_id":501,
  "created_at":"2026-04-07T14:02:01.250Z","updated_at":"2026-04-07T14:02:01.250Z"},
 {"id":13,"name":"agent_participation","value":0,"value_in_business_hours":null,
  "event_start_time":null,"event_end_time":null,"account_id":1,"inbox_id":2,"user_id":7,
  "conversation_id":501,"created_at":"2026-04-07T14:02:02+00:00","updated_at":"2026-04-07T14:02:02Z"}
]"#;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("readable property")
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).expect("test options are JSON")
}

/// Asserts `e` is a JS ReportingError with `code`, and returns it.
fn assert_reporting_error(e: &JsValue, code: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "instanceof Error");
    assert_eq!(
        get(e, "name").as_string().as_deref(),
        Some("ReportingError")
    );
    assert_eq!(get(e, "code").as_string().as_deref(), Some(code));
    let message = get(e, "message").as_string().unwrap_or_default();
    assert!(message.len() > 10, "a sentence, not a code: {message}");
}

#[wasm_bindgen_test]
fn parses_a_string_body_into_chatwoot_objects() {
    let set = parse_events(BODY.into(), JsValue::UNDEFINED).expect("valid body");
    assert_eq!(set.length(), 3);
    let arr: Array = set.to_array().expect("toArray").dyn_into().expect("an array");
    let first_response = arr.get(1);
    assert_eq!(
        get(&first_response, "name").as_string().as_deref(),
        Some("first_response")
    );
    assert_eq!(get(&first_response, "value").as_f64(), Some(120.0));
    assert_eq!(
        get(&first_response, "created_at").as_string().as_deref(),
        Some("2026-04-07T14:02:01.250Z")
    );
    assert!(get(&arr.get(0), "user_id").is_null());
    let unknown = arr.get(2);
    assert_eq!(
        get(&unknown, "name").as_string().as_deref(),
        Some("agent_participation")
    );
    assert!(get(&unknown, "value_in_business_hours").is_null());
    assert!(get(&unknown, "event_start_time").is_null());
    assert_eq!(
        get(&unknown, "created_at").as_string().as_deref(),
        Some("2026-04-07T14:02:02.000Z")
    );
    // Keys in Chatwoot's order, and nothing else.
    let object: js_sys::Object = first_response.clone().unchecked_into();
    let keys = js_sys::Object::keys(&object);
    let keys: Vec<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(
        keys.join(","),
        "id,name,value,value_in_business_hours,event_start_time,event_end_time,account_id,inbox_id,user_id,conversation_id,created_at,updated_at"
    );
    let issues = set.issues();
    assert_eq!(issues.length(), 1);
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("unknown_name")
    );
    assert_eq!(
        get(&issues.get(0), "severity").as_string().as_deref(),
        Some("warning")
    );
    assert_eq!(
        get(&issues.get(0), "path").as_string().as_deref(),
        Some("[2].name")
    );
}

#[wasm_bindgen_test]
fn bytes_and_array_buffers_decode_like_strings() {
    let bytes = Uint8Array::from(BODY.as_bytes());
    let from_bytes = parse_events(bytes.clone().into(), JsValue::UNDEFINED).expect("bytes");
    // js/guard.js hands every other body kind over as a Uint8Array; the binding itself
    // refuses anything else with invalid_argument.
    let from_buffer = parse_events(Uint8Array::new(&bytes.buffer()).into(), JsValue::UNDEFINED).expect("buffer");
    let e = parse_events(bytes.buffer().into(), JsValue::UNDEFINED).err().expect("raw buffer");
    assert_reporting_error(&e, "invalid_argument");
    let from_str = parse_events(BODY.into(), JsValue::UNDEFINED).expect("string");
    let json = |v: JsValue| JSON::stringify(&v).ok().and_then(|s| s.as_string());
    assert_eq!(json(from_bytes.to_json().expect("toJSON")), json(from_str.to_json().expect("toJSON")));
    assert_eq!(json(from_buffer.to_json().expect("toJSON")), json(from_str.to_json().expect("toJSON")));
}

#[wasm_bindgen_test]
fn strict_mode_throws_invalid_data_with_issues() {
    let body = BODY.replacen("120.0", "-5", 1);
    let e = parse_events(body.as_str().into(), JsValue::UNDEFINED)
        .err()
        .expect("strict fails");
    assert_reporting_error(&e, "invalid_data");
    let issues: Array = get(&e, "issues").dyn_into().expect("issues array");
    let codes: Vec<String> = issues
        .iter()
        .filter(|i| get(i, "severity").as_string().as_deref() == Some("error"))
        .map(|i| get(&i, "code").as_string().unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        vec!["negative_value".to_string()],
        "a negative value is one error, not two"
    );
    let body = BODY.replacen(
        "\"value_in_business_hours\":120.0",
        "\"value_in_business_hours\":121.5",
        1,
    );
    // Beyond the 1 s tolerance: a warning that keeps the event (Chatwoot's gem stores
    // such values on days when clocks change).
    let set = parse_events(body.as_str().into(), JsValue::UNDEFINED).expect("kept in strict mode");
    let issues = set.issues();
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("business_exceeds_value")
    );
    assert_eq!(
        get(&issues.get(0), "severity").as_string().as_deref(),
        Some("warning")
    );
    assert_eq!(
        get(&issues.get(0), "path").as_string().as_deref(),
        Some("[1].value_in_business_hours")
    );
    let body = BODY.replacen(
        "\"value_in_business_hours\":120.0",
        "\"value_in_business_hours\":121.0",
        1,
    );
    assert!(
        parse_events(body.as_str().into(), JsValue::UNDEFINED).is_ok(),
        "within 1 s of rounding"
    );
}

#[wasm_bindgen_test]
fn lenient_mode_drops_only_the_bad_event() {
    let body = BODY.replacen("120.0", "-5", 1);
    let set = parse_events(body.as_str().into(), options(r#"{"mode":"lenient"}"#))
        .expect("lenient keeps the rest");
    assert_eq!(set.length(), 2);
    let errors = set
        .issues()
        .iter()
        .filter(|i| get(i, "severity").as_string().as_deref() == Some("error"))
        .count();
    assert!(errors >= 1);
}

#[wasm_bindgen_test]
fn account_mismatch_and_size_limit() {
    let e = parse_events(BODY.into(), options(r#"{"accountId":2}"#))
        .err()
        .expect("other account");
    assert_reporting_error(&e, "invalid_data");
    let e = parse_events(BODY.into(), options(r#"{"maxBytes":100}"#))
        .err()
        .expect("too large");
    assert_reporting_error(&e, "too_large");
    let issues = validate_events(BODY.into(), options(r#"{"maxBytes":100}"#)).expect("no throw");
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("too_large")
    );
}

#[wasm_bindgen_test]
fn bad_arguments_are_invalid_argument_errors() {
    for (body, opts) in [
        (JsValue::from_f64(42.0), JsValue::UNDEFINED),
        (JsValue::NULL, JsValue::UNDEFINED),
        (BODY.into(), options(r#"{"mode":"sloppy"}"#)),
        (BODY.into(), options(r#"{"accountId":1.5}"#)),
        (BODY.into(), options(r#"{"maxBytes":-1}"#)),
        (BODY.into(), JsValue::from_str("strict")),
    ] {
        let e = parse_events(body, opts).err().expect("refused");
        assert_reporting_error(&e, "invalid_argument");
    }
}

#[wasm_bindgen_test]
fn validate_never_throws_for_bad_data_and_the_module_survives() {
    let mut deep = "[".repeat(200_000);
    deep.push_str(&"]".repeat(200_000));
    let bad: Vec<JsValue> = vec![
        "".into(),
        "not json".into(),
        "<html><body>502 Bad Gateway</body></html>".into(),
        r#"{"error":"Invalid Access Token"}"#.into(),
        "[1e400, -0, \"\\ud800\", \"\\u0000\"]".into(),
        "[".repeat(200_000).into(),
        deep.into(),
        Uint8Array::from(&[0xff, 0xfe, 0x00, 0x5b][..]).into(),
    ];
    for body in bad {
        let issues =
            validate_events(body.clone(), JsValue::UNDEFINED).expect("issues, not a throw");
        assert!(issues.length() >= 1);
        assert_eq!(
            get(&issues.get(0), "severity").as_string().as_deref(),
            Some("error")
        );
        let e = parse_events(body, JsValue::UNDEFINED)
            .err()
            .expect("parse refuses");
        assert_reporting_error(&e, "invalid_data");
    }
    // The same instance keeps working after all of that.
    assert_eq!(
        parse_events(BODY.into(), JsValue::UNDEFINED)
            .expect("still alive")
            .length(),
        3
    );
}

#[wasm_bindgen_test]
fn filter_and_concat_in_rust_terms() {
    let set = parse_events(BODY.into(), JsValue::UNDEFINED).expect("valid");
    let only = set
        .filter(options(r#"{"names":["first_response"],"userIds":[7]}"#))
        .expect("filter");
    assert_eq!(only.length(), 1);
    let none = set
        .filter(options(r#"{"userIds":[null]}"#))
        .expect("null user");
    assert_eq!(none.length(), 1);
    let e = set
        .filter(options(r#"{"inboxIds":"2"}"#))
        .err()
        .expect("bad filter");
    assert_reporting_error(&e, "invalid_argument");
    let mut both = set.copy();
    both.append(&only);
    both.sort_dedup();
    assert_eq!(both.length(), 3);
}

#[wasm_bindgen_test]
fn timeseries_binding_buckets_in_an_iana_zone() {
    use chatwoot_reporting::bindings::timeseries;
    // Two first responses on 2026-03-29 in Berlin, the day clocks go forward (23 hours):
    // 00:30 local (= 23:30 UTC the day before) and 23:30 local (= 21:30 UTC).
    let body = r#"[
     {"id":1,"name":"first_response","value":60.0,"value_in_business_hours":null,"event_start_time":null,"event_end_time":null,
      "account_id":1,"inbox_id":1,"user_id":1,"conversation_id":1,"created_at":"2026-03-28T23:30:00.000Z","updated_at":"2026-03-28T23:30:00.000Z"},
     {"id":2,"name":"first_response","value":180.0,"value_in_business_hours":null,"event_start_time":null,"event_end_time":null,
      "account_id":1,"inbox_id":1,"user_id":1,"conversation_id":2,"created_at":"2026-03-29T21:30:00.000Z","updated_at":"2026-03-29T21:30:00.000Z"}
    ]"#;
    let set = parse_events(body.into(), JsValue::UNDEFINED).expect("valid");
    let points = timeseries(
        &set,
        options(r#"{"metric":"avg_first_response_time","timezone":"Europe/Berlin"}"#),
    )
    .expect("series");
    let points: Array = points.dyn_into().expect("array");
    assert_eq!(points.length(), 1, "both fall on the same Berlin day");
    let p = points.get(0);
    // Local midnight of 2026-03-29 in Berlin is 2026-03-28T23:00Z = 1774738800.
    assert_eq!(get(&p, "timestamp").as_f64(), Some(1_774_738_800.0));
    assert_eq!(get(&p, "value").as_f64(), Some(120.0));
    assert_eq!(get(&p, "count").as_f64(), Some(2.0));
    let utc: Array = timeseries(&set, options(r#"{"metric":"resolutions_count"}"#))
        .expect("series")
        .dyn_into()
        .expect("array");
    assert_eq!(utc.length(), 2, "two UTC days");
    assert!(
        get(&utc.get(0), "count").is_undefined(),
        "counts have no count field"
    );
    let e = timeseries(
        &set,
        options(r#"{"metric":"avg_first_response_time","timezone":"Mars/Olympus"}"#),
    )
    .err()
    .expect("unknown zone");
    assert_reporting_error(&e, "invalid_argument");
    let e = timeseries(&set, options(r#"{"metric":"nope"}"#))
        .err()
        .expect("unknown metric");
    assert_reporting_error(&e, "invalid_argument");
}

#[wasm_bindgen_test]
fn working_hours_bindings_in_an_iana_zone() {
    use chatwoot_reporting::bindings::{business_seconds, with_working_hours};
    // Mon 2026-03-30 09:00–17:00 in Berlin (CEST, UTC+2) is 07:00–15:00 UTC: from
    // 06:00Z to 08:00Z one working hour.
    let hours = options(r#"{"timezone":"Europe/Berlin","weekly":{"mon":[["09:00","17:00"]]}}"#);
    let start = 1_774_850_400.0; // 2026-03-30T06:00:00Z
    let got = business_seconds(start.into(), (start + 7200.0).into(), hours.clone(), JsValue::UNDEFINED)
        .expect("valid schedule");
    assert_eq!(got, 3600.0);
    // Chatwoot's own example: Sun 2022-03-20 00:00 → Sat 2022-03-26 23:59 UTC under the
    // default Mon–Fri 09:00–17:00 is 144 000 s.
    let default = options(
        r#"{"weekly":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}}"#,
    );
    let week =
        business_seconds(1_647_734_400.0.into(), 1_648_339_140.0.into(), default, JsValue::UNDEFINED).expect("valid");
    assert_eq!(week, 144_000.0);
    let set = parse_events(BODY.into(), JsValue::UNDEFINED).expect("valid");
    let out = with_working_hours(&set, hours, Vec::new(), Array::new(), JsValue::UNDEFINED).expect("recomputed");
    let rows: Array = out.to_array().expect("toArray").dyn_into().expect("array");
    // The first response ran 14:00–14:02 UTC on Tue 2026-04-07: no Monday hours.
    assert_eq!(
        get(&rows.get(1), "value_in_business_hours").as_f64(),
        Some(0.0)
    );
    let bad = options(r#"{"weekly":{"mon":[["09:00","25:00"]]}}"#);
    let e = business_seconds(0.into(), 1.into(), bad, JsValue::UNDEFINED)
        .err()
        .expect("bad time");
    assert_reporting_error(&e, "invalid_argument");
}
