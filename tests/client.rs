//! `ReportingClient` against the running stand-in (real HTTP), in Node and in headless
//! Chromium. scripts/test.sh starts `node www/server.mjs --cors --token <TOKEN>` on
//! STANDIN_URL before running these; every error path is walked and no error may carry
//! the token.
#![cfg(target_arch = "wasm32")]

use chatwoot_reporting::bindings::JsReportingClient;
use gloo_net::http::Request;
use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const BASE: &str = match option_env!("STANDIN_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:47631",
};
/// The stand-in is started with this token, distinctive enough to search for.
const TOKEN: &str = "tok-LEAKCHECK-7f3a9c";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn client_with(token: &str, extra: &str) -> JsReportingClient {
    let json = [
        "{\"baseUrl\":\"",
        BASE,
        "\",\"accountId\":1,\"apiAccessToken\":\"",
        token,
        "\"",
        extra,
        "}",
    ]
    .concat();
    JsReportingClient::new(JSON::parse(&json).expect("options")).expect("client")
}

fn client(extra: &str) -> JsReportingClient {
    client_with(TOKEN, extra)
}

/// Queues scripted outcomes for requests whose path ends with `path`.
async fn script(path: &str, responses: &[&str]) {
    let list: Vec<String> = responses.iter().map(|r| ["\"", r, "\""].concat()).collect();
    let body = [
        "{\"path\":\"",
        path,
        "\",\"responses\":[",
        &list.join(","),
        "]}",
    ]
    .concat();
    let r = Request::post(&[BASE, "/__standin/faults"].concat())
        .header("content-type", "application/json")
        .body(body)
        .expect("request")
        .send()
        .await
        .expect("the stand-in is running (scripts/test.sh starts it)");
    assert!(r.ok(), "fault script accepted");
}

async fn clear_faults() {
    let _ = Request::delete(&[BASE, "/__standin/faults"].concat())
        .send()
        .await;
}

async fn display_ids() -> Vec<f64> {
    let r = Request::get(&[BASE, "/__standin/conversations"].concat())
        .send()
        .await
        .expect("stand-in");
    let v: JsValue = JSON::parse(&r.text().await.expect("body")).expect("json");
    let empty: Vec<f64> = Array::from(&get(&v, "emptyDisplayIds"))
        .iter()
        .filter_map(|x| x.as_f64())
        .collect();
    Array::from(&get(&v, "displayIds"))
        .iter()
        .filter_map(|x| x.as_f64())
        .filter(|x| !empty.contains(x))
        .collect()
}

fn conversation_path(id: f64) -> String {
    [
        "/conversations/",
        &(id as u64).to_string(),
        "/reporting_events",
    ]
    .concat()
}

/// Awaits a promise, expecting a rejection with a ReportingError of `code`; checks that
/// nothing about it mentions the token, and returns it.
async fn rejection(p: js_sys::Promise, code: &str) -> JsValue {
    let e = JsFuture::from(p).await.err().expect("the promise rejects");
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error");
    assert_eq!(
        get(&e, "name").as_string().as_deref(),
        Some("ReportingError")
    );
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some(code),
        "{:?}",
        get(&e, "message").as_string()
    );
    assert_no_token(&e);
    e
}

fn assert_no_token(v: &JsValue) {
    let mut texts = vec![
        get(v, "message").as_string().unwrap_or_default(),
        get(v, "stack").as_string().unwrap_or_default(),
        js_sys::JsString::from(v.clone())
            .as_string()
            .unwrap_or_default(),
    ];
    if let Ok(json) = JSON::stringify(v) {
        texts.push(json.as_string().unwrap_or_default());
    }
    for t in texts {
        assert!(!t.contains(TOKEN), "the token leaked into: {t}");
    }
}

async fn events_of(p: js_sys::Promise) -> chatwoot_reporting::bindings::JsEventSet {
    let v = JsFuture::from(p).await.expect("fetched");
    // The promise resolves to the JS wrapper of an EventSet; read it back through JS.
    let length = get(&v, "length").as_f64().expect("an EventSet");
    let arr = Reflect::get(&v, &"toArray".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .expect("toArray");
    let rows: Array = arr.call0(&v).expect("rows").dyn_into().expect("array");
    assert_eq!(rows.length() as f64, length);
    let json = JSON::stringify(&rows)
        .expect("json")
        .as_string()
        .unwrap_or_default();
    chatwoot_reporting::bindings::parse_events(json.into(), JsValue::UNDEFINED)
        .expect("valid again")
}

#[wasm_bindgen_test]
async fn fetches_one_conversation_by_display_id() {
    clear_faults().await;
    let ids = display_ids().await;
    let id = ids[3];
    let set = events_of(client("").conversation_events(id as f64, JsValue::UNDEFINED, None)).await;
    assert!(set.length() > 0);
    let rows: Array = set.to_array().expect("toArray").dyn_into().expect("array");
    for r in rows.iter() {
        assert_ne!(
            get(&r, "conversation_id").as_f64(),
            Some(id),
            "internal id differs from the display id"
        );
        assert_eq!(get(&r, "account_id").as_f64(), Some(1.0));
    }
}

#[wasm_bindgen_test]
async fn unauthorized_keeps_chatwoots_text() {
    let e = rejection(
        client_with("wrong-token", "").conversation_events(1 as f64, JsValue::UNDEFINED, None),
        "unauthorized",
    )
    .await;
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    assert!(get(&e, "message")
        .as_string()
        .unwrap_or_default()
        .contains("Invalid Access Token"));
    let e = rejection(
        client_with("bot-token", "").conversation_events(1 as f64, JsValue::UNDEFINED, None),
        "unauthorized",
    )
    .await;
    assert!(get(&e, "message")
        .as_string()
        .unwrap_or_default()
        .contains("bots"));
}

#[wasm_bindgen_test]
async fn not_found_names_enterprise_and_the_display_id() {
    let e = rejection(
        client("").conversation_events(987_654_321 as f64, JsValue::UNDEFINED, None),
        "not_found",
    )
    .await;
    let m = get(&e, "message").as_string().unwrap_or_default();
    assert!(m.contains("Enterprise") && m.contains("display id"), "{m}");
    assert_eq!(get(&e, "displayId").as_f64(), Some(987_654_321.0));
}

#[wasm_bindgen_test]
async fn retries_502_503_504_and_resets_but_not_500() {
    let ids = display_ids().await;
    let id = ids[5];
    let path = conversation_path(id);
    script(&path, &["503", "502:html", "reset", "200"]).await;
    let set = events_of(client("").conversation_events(id as f64, JsValue::UNDEFINED, None)).await;
    assert!(set.length() > 0, "succeeded on the fourth try");
    script(&path, &["504", "200"]).await;
    let e = rejection(
        client(",\"retries\":0").conversation_events(id as f64, JsValue::UNDEFINED, None),
        "server_error",
    )
    .await;
    assert_eq!(get(&e, "status").as_f64(), Some(504.0));
    clear_faults().await;
    script(&path, &["500", "200"]).await;
    let e = rejection(
        client("").conversation_events(id as f64, JsValue::UNDEFINED, None),
        "server_error",
    )
    .await;
    assert_eq!(get(&e, "status").as_f64(), Some(500.0));
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn honours_retry_after_on_429() {
    let id = display_ids().await[6];
    script(&conversation_path(id), &["429:retry-after=1", "200"]).await;
    let start = js_sys::Date::now();
    let set = events_of(client("").conversation_events(id as f64, JsValue::UNDEFINED, None)).await;
    assert!(set.length() > 0);
    assert!(
        js_sys::Date::now() - start >= 950.0,
        "waited the server's Retry-After"
    );
    script(
        &conversation_path(id),
        &["429:retry-after=1", "429:retry-after=1"],
    )
    .await;
    let e = rejection(
        client(",\"retries\":1").conversation_events(id as f64, JsValue::UNDEFINED, None),
        "rate_limited",
    )
    .await;
    assert_eq!(get(&e, "status").as_f64(), Some(429.0));
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn bodies_that_are_not_events_are_bad_responses() {
    let id = display_ids().await[7];
    for fault in ["html200", "truncate"] {
        script(&conversation_path(id), &[fault]).await;
        let e = rejection(
            client("").conversation_events(id as f64, JsValue::UNDEFINED, None),
            "bad_response",
        )
        .await;
        assert_eq!(get(&e, "status").as_f64(), Some(200.0), "{fault}");
    }
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn redirects_are_refused_so_the_token_never_follows() {
    let id = display_ids().await[8];
    script(&conversation_path(id), &["redirect", "200"]).await;
    // Seen for what it is (not a network failure), never followed and never retried: the
    // second scripted answer (a 200) would make a retry succeed.
    let e = rejection(
        client(",\"retries\":1").conversation_events(id as f64, JsValue::UNDEFINED, None),
        "http_error",
    )
    .await;
    let m = get(&e, "message").as_string().unwrap_or_default();
    assert!(m.contains("redirect") && m.contains("baseUrl"), "{m}");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn times_out_and_aborts() {
    let id = display_ids().await[9];
    script(&conversation_path(id), &["latency:ms=3000", "latency:ms=3000"]).await;
    let e = rejection(
        client(",\"timeoutMs\":300,\"retries\":1").conversation_events(id as f64, JsValue::UNDEFINED, None),
        "timeout",
    )
    .await;
    assert!(get(&e, "message")
        .as_string()
        .unwrap_or_default()
        .contains("300 ms"));
    clear_faults().await;
    // A timeout is retried like a network failure: the second request is answered.
    script(&conversation_path(id), &["latency:ms=3000"]).await;
    let set = events_of(
        client(",\"timeoutMs\":300,\"retries\":1").conversation_events(id as f64, JsValue::UNDEFINED, None),
    )
    .await;
    assert!(set.length() > 0);
    clear_faults().await;
    script(&conversation_path(id), &["latency:ms=3000"]).await;
    let controller = web_sys::AbortController::new().expect("AbortController");
    let p = client("").conversation_events(id, JsValue::UNDEFINED, Some(controller.signal()));
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into())
        .expect("setTimeout")
        .unchecked_into();
    let _ = set_timeout.call2(&JsValue::NULL, &abort, &JsValue::from_f64(100.0));
    let start = js_sys::Date::now();
    rejection(p, "aborted").await;
    assert!(
        js_sys::Date::now() - start < 2000.0,
        "abort does not wait for the answer"
    );
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn many_conversations_account_for_every_id_once() {
    let ids = display_ids().await;
    let chosen: Vec<f64> = ids.iter().copied().skip(20).take(24).collect();
    script(&conversation_path(chosen[0]), &["500"]).await;
    script(&conversation_path(chosen[1]), &["404"]).await;
    script(&conversation_path(chosen[2]), &["503", "200"]).await;
    let mut list = chosen.clone();
    list.push(chosen[3]); // a repeated id is fetched once
    let calls = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counter = std::rc::Rc::clone(&calls);
    let progress = wasm_bindgen::closure::Closure::<dyn FnMut(f64, f64)>::new(
        move |_done: f64, total: f64| {
            assert_eq!(total, 24.0);
            counter.set(counter.get() + 1);
        },
    );
    let on_progress: Function = progress.as_ref().clone().unchecked_into();
    let out = JsFuture::from(client(",\"concurrency\":4").conversations_events(
        list,
        JsValue::UNDEFINED,
        None,
        Some(on_progress),
    ))
            .await
            .expect("resolves");
    let failed: Array = get(&out, "failed").dyn_into().expect("failed array");
    let failed_ids: Vec<f64> = failed
        .iter()
        .filter_map(|f| get(&f, "displayId").as_f64())
        .collect();
    assert_eq!(
        failed_ids,
        vec![chosen[0], chosen[1]],
        "500 is not retried, 404 is final, 503 recovers"
    );
    for f in failed.iter() {
        assert_no_token(&get(&f, "error"));
        assert_eq!(
            get(&get(&f, "error"), "displayId").as_f64(),
            get(&f, "displayId").as_f64()
        );
    }
    let events = get(&out, "events");
    let rows: Array = Reflect::get(&events, &"toArray".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&events).ok())
        .and_then(|r| r.dyn_into().ok())
        .expect("rows");
    let mut conversations: Vec<f64> = rows
        .iter()
        .filter_map(|r| get(&r, "conversation_id").as_f64())
        .collect();
    conversations.sort_by(f64::total_cmp);
    conversations.dedup();
    assert_eq!(
        conversations.len(),
        22,
        "the 22 fetched conversations, each once"
    );
    assert_eq!(calls.get(), 1 + 24, "progress at 0 and after each id");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn account_events_walk_every_page_in_ascending_order() {
    clear_faults().await;
    // A week of the simulated 90 days: several pages of 25.
    let since = 1_791_072_000.0; // 2026-10-04T00:00:00Z
    let until = since + 7.0 * 86_400.0;
    let page1 = Request::get(
        &[
            BASE,
            "/api/v1/accounts/1/reporting_events?page=1&since=1791072000&until=1791676800",
        ]
        .concat(),
    )
    .header("api_access_token", TOKEN)
    .send()
    .await
    .expect("page 1");
    let meta = get(
        &JSON::parse(&page1.text().await.expect("text")).expect("json"),
        "meta",
    );
    let count = get(&meta, "count").as_f64().expect("count");
    assert!(get(&meta, "total_pages").as_f64().unwrap_or(0.0) > 2.0);
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"since".into(), &since.into());
    let _ = Reflect::set(&opts, &"until".into(), &until.into());
    let set = events_of(client("").account_events(opts.into(), None, None)).await;
    assert_eq!(set.length() as f64, count);
    assert!(set.inner().is_sorted(), "ascending created_at");
    let e = rejection(
        client_with("agent-token", "").account_events(JsValue::UNDEFINED, None, None),
        "unauthorized",
    )
    .await;
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
}

#[wasm_bindgen_test]
fn refuses_unsafe_configuration_without_echoing_the_token() {
    for json in [
        r#"{"baseUrl":"http://chatwoot.example.com","accountId":1,"apiAccessToken":"tok-LEAKCHECK-7f3a9c"}"#,
        r#"{"baseUrl":"https://c.example","accountId":1,"apiAccessToken":""}"#,
        r#"{"baseUrl":"https://c.example","accountId":0,"apiAccessToken":"tok-LEAKCHECK-7f3a9c"}"#,
        r#"{"baseUrl":"https://c.example","accountId":1,"apiAccessToken":"tok-LEAKCHECK-7f3a9c","timeoutMs":-1}"#,
    ] {
        let e = JsReportingClient::new(JSON::parse(json).expect("json"))
            .err()
            .expect("refused");
        assert_eq!(
            get(&e, "code").as_string().as_deref(),
            Some("invalid_argument")
        );
        assert_no_token(&e);
    }
    let c = client("");
    assert!(!c.to_string_js().contains(TOKEN));
    assert!(!c.base_url().contains(TOKEN));
}
