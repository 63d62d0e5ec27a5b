//! `ReportingClient`: fetches reporting events from a Chatwoot server and decodes each
//! body from its bytes. The requests themselves are in `transport`; this module reads
//! options (serde), runs the many-request methods and turns results into JS values.
//!
//! The token lives only in wasm memory (the JS object holds a pointer), travels only in
//! the `api_access_token` header to the origin checked at construction, never follows a
//! redirect, and is scrubbed from every error (bodies before any excerpt is cut, messages
//! again at the end).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use serde::de::IgnoredAny;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::convert::{from_js, json_to_js, options};
use super::errors::to_js_error;
use super::events::{JsEventSet, ModeName};
use super::transport::{stopped_error, Body, Call, Payload, Transport, Want};
use super::url;
use crate::decode::{apply_mode, DecodeOptions, Mode, PageMeta, DEFAULT_MAX_ANSWER_BYTES};
use crate::error::{ErrorCode, ReportingError};
use crate::event_set::EventSet;
use crate::http::{account_url, agents_url, aborted_error, conversation_url, inboxes_url, AccountQuery, Resource, MAX_TIMER_MS};
use crate::model::MAX_SAFE_INTEGER;
use crate::origin::{check_token, redact_error, redact_pieces, BaseUrl, UrlParts};
use crate::text::push_int;

/// Default per-request timeout.
const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;
/// Default retries for 429, 502, 503, 504, timeouts and network failures.
const DEFAULT_RETRIES: u32 = 3;
/// Default requests in flight for the many-request methods: enough to hide latency,
/// few enough not to trip Chatwoot's rate limiter (Rack::Attack) on a busy account.
const DEFAULT_CONCURRENCY: u32 = 6;
/// More pages than this is not a Chatwoot answer (25 events a page: 2.5 million events).
const MAX_PAGES: i64 = 100_000;
/// The latest time the API can mean: 9999-12-31T23:59:59Z, as epoch seconds.
const MAX_EPOCH_SECONDS: f64 = 253_402_300_799.0;

/// `new ReportingClient(options)`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClientOptions {
    base_url: String,
    account_id: i64,
    api_access_token: String,
    timeout_ms: Option<f64>,
    retries: Option<u32>,
    concurrency: Option<u32>,
    max_bytes: Option<f64>,
}

/// Options of `conversationEvents`, `conversationsEvents`, `inboxes` and `agents`.
/// `signal` and `onProgress` are handed over separately by js/api.js (they are not data);
/// they are listed so that a typo's message names them among the accepted keys.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CallOptions {
    mode: Option<ModeName>,
    #[allow(dead_code)]
    signal: Option<IgnoredAny>,
    #[allow(dead_code)]
    on_progress: Option<IgnoredAny>,
}

/// Options of `accountEvents`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountOptions {
    since: Option<f64>,
    until: Option<f64>,
    inbox_id: Option<i64>,
    user_id: Option<i64>,
    name: Option<String>,
    mode: Option<ModeName>,
    #[allow(dead_code)]
    signal: Option<IgnoredAny>,
    #[allow(dead_code)]
    on_progress: Option<IgnoredAny>,
    #[allow(dead_code)]
    cache: Option<IgnoredAny>,
}

fn invalid(message: &str) -> JsValue {
    to_js_error(ReportingError::invalid_argument(message))
}

/// `v` when it is a positive whole number the API can mean.
fn positive_id(v: i64, what: &str) -> Result<i64, JsValue> {
    if (1..=MAX_SAFE_INTEGER).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(&[what, " must be a positive whole number."].concat()))
    }
}

/// Epoch seconds the API can mean (1970 to 9999), floored.
fn epoch_seconds(v: f64, key: &str) -> Result<i64, JsValue> {
    if (0.0..=MAX_EPOCH_SECONDS).contains(&v) {
        Ok(v.floor() as i64)
    } else {
        Err(invalid(&["The option `", key, "` must be epoch seconds between 1970 and 9999."].concat()))
    }
}

/// The page's (or worker's) `location.href`, if it has one and it is http(s), and its origin.
fn page_location() -> Option<(String, String)> {
    let location = js_sys::Reflect::get(&js_sys::global(), &"location".into()).ok()?;
    let href = js_sys::Reflect::get(&location, &"href".into()).ok()?.as_string()?;
    let page = url::parse(&href, None)?;
    matches!(page.protocol.as_str(), "http:" | "https:").then(|| (href, page.origin))
}

/// Parses `raw` as the engine does and checks where the token would go.
fn base_url(raw: &str) -> Result<BaseUrl, ReportingError> {
    let page = page_location();
    let (url, relative) = match url::parse(raw, None) {
        Some(u) => (u, false),
        None => {
            let resolved = page.as_ref().and_then(|(href, _)| url::parse(raw, Some(href)));
            match resolved {
                Some(u) => (u, true),
                None if page.is_none() && !raw.trim().is_empty() => {
                    return Err(ReportingError::invalid_argument("The baseUrl is a path, but there is no page to resolve it against: give the full address (https://…)."))
                }
                None => return Err(ReportingError::invalid_argument("The baseUrl is not a URL: give the full address of the Chatwoot server (https://…).")),
            }
        }
    };
    let parts = UrlParts {
        protocol: &url.protocol,
        hostname: &url.hostname,
        credentials: &url.credentials,
        query_and_fragment: &url.query_and_fragment,
        origin: &url.origin,
        href: &url.href,
    };
    BaseUrl::from_parts(&parts, relative, page.as_ref().map(|(_, o)| o.as_str()))
}

struct Config {
    transport: Transport,
    account_id: i64,
    concurrency: usize,
}

/// A client for one Chatwoot account.
#[wasm_bindgen(js_name = ReportingClient)]
pub struct JsReportingClient {
    config: Rc<Config>,
}

/// Calls the progress callback (js/api.js wraps it so that it never throws).
fn report_progress(f: &Option<Function>, call: &Call, done: usize, total: usize) {
    // An aborted or failed call never reports done.
    if call.aborted() || call.stopped.get() {
        return;
    }
    if let Some(f) = f {
        let _ = f.call2(&JsValue::NULL, &JsValue::from_f64(done as f64), &JsValue::from_f64(total as f64));
    }
}

impl Config {
    /// What the events of a 2xx answer are decoded with.
    fn decode_options(&self, mode: Mode) -> DecodeOptions {
        DecodeOptions {
            mode,
            account_id: Some(self.account_id),
            max_bytes: self.transport.max_bytes,
        }
    }

    /// The decoded events of a 2xx answer; a body that is not events at all is a
    /// `bad_response`.
    fn events_of(&self, body: Body, resource: Resource, mode: Mode) -> Result<(EventSet, Option<PageMeta>), ReportingError> {
        let Payload::Events(mut decoded) = body.payload else {
            return Err(ReportingError::new(ErrorCode::BadResponse, "The answer was not read as events."));
        };
        // Issues quote the body, which was decoded as it streamed by and is gone: a server
        // that echoed the token could have a piece of it in an excerpt. Scrub every run of
        // six or more of the token's characters (issues are rare: nearly always a no-op).
        for issue in &mut decoded.events.issues {
            issue.message = redact_pieces(&issue.message, &self.transport.token);
        }
        let meta = decoded.meta;
        let body_issue = decoded.body_failed.then(|| decoded.events.issues.first().cloned()).flatten();
        match body_issue {
            Some(issue) => {
                let mut m = String::from("The answer for ");
                resource.describe(&mut m);
                m.push_str(" is not what Chatwoot sends: ");
                m.push_str(&issue.message);
                let mut e = ReportingError::new(ErrorCode::BadResponse, m);
                e.status = Some(body.status);
                e.issues = Some(vec![issue]);
                Err(e)
            }
            None => apply_mode(decoded, mode).map(|set| (set, meta)).map_err(ReportingError::from),
        }
    }

    async fn conversation(&self, display_id: i64, mode: Mode, call: &Call) -> Result<EventSet, ReportingError> {
        let resource = Resource::Conversation(display_id);
        let url = conversation_url(&self.transport.base, self.account_id, display_id);
        let body = self.transport.fetch(&url, resource, call, Want::Events(self.decode_options(mode))).await?;
        self.events_of(body, resource, mode).map(|(set, _)| set)
    }

    async fn account_page(&self, page: i64, q: &AccountQuery, mode: Mode, call: &Call) -> Result<(EventSet, Option<PageMeta>), ReportingError> {
        let resource = Resource::AccountPage(page);
        let url = account_url(&self.transport.base, self.account_id, page, q);
        let body = self.transport.fetch(&url, resource, call, Want::Events(self.decode_options(mode))).await?;
        self.events_of(body, resource, mode)
    }

    /// A JSON list (`/inboxes`, `/agents`) parsed with serde_json.
    async fn json(&self, url: &str, resource: Resource, call: &Call) -> Result<serde_json::Value, ReportingError> {
        let body = self.transport.fetch(url, resource, call, Want::Bytes).await?;
        let bytes = match &body.payload {
            Payload::Bytes(b) => b.as_slice(),
            Payload::Events(_) => &[],
        };
        serde_json::from_slice(bytes).map_err(|_| {
            let mut m = String::from("The answer for ");
            resource.describe(&mut m);
            m.push_str(" is not JSON.");
            let mut e = ReportingError::new(ErrorCode::BadResponse, m);
            e.status = Some(body.status);
            e
        })
    }

    /// The JS error for `e`, with the token scrubbed.
    fn js_error(&self, e: ReportingError) -> JsValue {
        to_js_error(redact_error(e, &self.transport.token))
    }
}

/// Runs `task(k)` for k in 0..n with at most `concurrency` in flight, calling `progress`
/// after each; results in input order. No task starts once `call` is stopped or aborted.
async fn bounded<T, F, Fut>(n: usize, concurrency: usize, call: &Call, task: F, progress: impl Fn(usize)) -> Vec<Option<T>>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let results: RefCell<Vec<Option<T>>> = RefCell::new((0..n).map(|_| None).collect());
    let next = Cell::new(0usize);
    let done = Cell::new(0usize);
    let worker = || async {
        loop {
            let k = next.get();
            if k >= n || call.stopped.get() || call.aborted() {
                break;
            }
            next.set(k + 1);
            let r = task(k).await;
            if let Some(slot) = results.borrow_mut().get_mut(k) {
                *slot = Some(r);
            }
            done.set(done.get() + 1);
            progress(done.get());
        }
    };
    futures_util::future::join_all((0..concurrency.clamp(1, n.max(1))).map(|_| worker())).await;
    results.into_inner()
}

#[wasm_bindgen(js_class = ReportingClient)]
impl JsReportingClient {
    /// `new ReportingClient({baseUrl, accountId, apiAccessToken, timeoutMs?, retries?,
    /// concurrency?, maxBytes?})`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsReportingClient, JsValue> {
        if !options.is_object() {
            return Err(invalid("ReportingClient needs an options object {baseUrl, accountId, apiAccessToken}."));
        }
        let o: ClientOptions = from_js(options, "The options of ReportingClient")?;
        check_token(&o.api_access_token).map_err(to_js_error)?;
        let base = base_url(&o.base_url).map_err(|e| to_js_error(redact_error(e, &o.api_access_token)))?;
        let account_id = positive_id(o.account_id, "The option `accountId`")?;
        let timeout_ms = match o.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) if t > 0.0 && t <= MAX_TIMER_MS => t,
            Some(_) => return Err(invalid("The option `timeoutMs` must be a positive number of milliseconds, at most 2147483647.")),
        };
        let retries = match o.retries {
            None => DEFAULT_RETRIES,
            Some(r) if r <= 20 => r,
            Some(_) => return Err(invalid("The option `retries` must be a whole number from 0 to 20.")),
        };
        let concurrency = match o.concurrency {
            None => DEFAULT_CONCURRENCY,
            Some(c) if (1..=64).contains(&c) => c,
            Some(_) => return Err(invalid("The option `concurrency` must be a whole number from 1 to 64.")),
        };
        let max_bytes = match o.max_bytes {
            None => DEFAULT_MAX_ANSWER_BYTES,
            Some(n) if n >= 1.0 && n <= u32::MAX as f64 => n as usize,
            Some(_) => return Err(invalid("The option `maxBytes` must be a number of bytes from 1 to 4294967295.")),
        };
        Ok(JsReportingClient {
            config: Rc::new(Config {
                transport: Transport { base, token: o.api_access_token, timeout_ms, retries, max_bytes },
                account_id,
                concurrency: concurrency as usize,
            }),
        })
    }

    /// The events of one conversation, by the display id shown in Chatwoot's UI.
    #[wasm_bindgen(js_name = conversationEvents)]
    pub fn conversation_events(&self, display_id: f64, options: JsValue, signal: Option<AbortSignal>) -> Promise {
        let parsed = (|| -> Result<(i64, Mode), JsValue> {
            let o: CallOptions = options_of(options, "conversationEvents")?;
            Ok((display_id_of(display_id)?, mode_of(o.mode)))
        })();
        let (id, mode) = match parsed {
            Ok(p) => p,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let call = Call::new(signal);
            match config.conversation(id, mode, &call).await {
                Ok(set) => Ok(JsEventSet::new(set).into()),
                Err(mut e) => {
                    e.display_id = Some(id);
                    Err(config.js_error(e))
                }
            }
        })
    }

    /// The events of many conversations, `concurrency` at a time. Every distinct id ends
    /// up either in `events` or in `failed`; an abort rejects the whole call. `ids` were
    /// copied into a plain array of numbers by js/api.js.
    #[wasm_bindgen(js_name = conversationsEvents)]
    pub fn conversations_events(&self, ids: Vec<f64>, options: JsValue, signal: Option<AbortSignal>, on_progress: Option<Function>) -> Promise {
        let parsed = (|| -> Result<(Vec<i64>, Mode), JsValue> {
            let o: CallOptions = options_of(options, "conversationsEvents")?;
            let listed = ids.iter().map(|&v| display_id_of(v)).collect::<Result<Vec<_>, _>>()?;
            Ok((first_occurrences(&listed), mode_of(o.mode)))
        })();
        let (ids, mode) = match parsed {
            Ok(p) => p,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let call = Call::new(signal);
            let total = ids.len();
            report_progress(&on_progress, &call, 0, total);
            let results = bounded(
                total,
                config.concurrency,
                &call,
                |k| config.conversation(ids.get(k).copied().unwrap_or(0), mode, &call),
                |done| report_progress(&on_progress, &call, done, total),
            )
            .await;
            if call.aborted() {
                return Err(config.js_error(aborted_error()));
            }
            let mut sets = Vec::new();
            let failed = Array::new();
            for (k, r) in results.into_iter().enumerate() {
                let id = ids.get(k).copied().unwrap_or(0);
                let error = match r {
                    Some(Ok(set)) => {
                        sets.push(set);
                        continue;
                    }
                    Some(Err(e)) => e,
                    None => aborted_error(),
                };
                let mut e = error;
                e.display_id = Some(id);
                failed.push(&failed_entry(id, config.js_error(e)));
            }
            let refs: Vec<&EventSet> = sets.iter().skip(1).collect();
            let events = sets.first().map_or_else(EventSet::new, |first| first.concat(&refs));
            let out = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&out, &"events".into(), &JsEventSet::new(events).into());
            let _ = js_sys::Reflect::set(&out, &"failed".into(), &failed);
            Ok(out.into())
        })
    }

    /// The account-wide endpoint: page 1, then the remaining pages concurrently; one set
    /// in ascending `created_at` order. The first failing page stops the call: no page is
    /// requested after it.
    #[wasm_bindgen(js_name = accountEvents)]
    pub fn account_events(&self, options: JsValue, signal: Option<AbortSignal>, on_progress: Option<Function>) -> Promise {
        let parsed = (|| -> Result<(AccountQuery, Mode), JsValue> {
            let o: AccountOptions = options_of(options, "accountEvents")?;
            let since = o.since.map(|s| epoch_seconds(s, "since")).transpose()?;
            let until = o.until.map(|s| epoch_seconds(s, "until")).transpose()?;
            // Both ends or none: Chatwoot ignores a range with a blank end.
            let range = match (since, until) {
                (None, None) => None,
                (s, u) => {
                    let until = u.unwrap_or_else(|| (js_sys::Date::now() / 1000.0).ceil() as i64);
                    Some((s.unwrap_or(0), until))
                }
            };
            let q = AccountQuery {
                range,
                inbox_id: o.inbox_id.map(|v| positive_id(v, "The option `inboxId`")).transpose()?,
                user_id: o.user_id.map(|v| positive_id(v, "The option `userId`")).transpose()?,
                name: o.name,
            };
            Ok((q, mode_of(o.mode)))
        })();
        let (query, mode) = match parsed {
            Ok(p) => p,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let call = Call::new(signal);
            let (first, meta) = config.account_page(1, &query, mode, &call).await.map_err(|e| config.js_error(e))?;
            let pages = meta.and_then(|m| m.total_pages).unwrap_or(1).max(1);
            if pages > MAX_PAGES {
                let mut m = String::from("The server reports ");
                push_int(&mut m, pages);
                m.push_str(" pages, more than any Chatwoot account has.");
                return Err(config.js_error(ReportingError::new(ErrorCode::BadResponse, m)));
            }
            let total = pages as usize;
            report_progress(&on_progress, &call, 1, total);
            let failure: RefCell<Option<ReportingError>> = RefCell::new(None);
            let (cfg, q, c, fail) = (&*config, &query, &call, &failure);
            let rest = bounded(
                total - 1,
                config.concurrency,
                &call,
                |k| async move {
                    let (call, failure) = (c, fail);
                    let r = cfg.account_page(k as i64 + 2, q, mode, call).await;
                    if let Err(e) = &r {
                        // The first failure fails the call; stop the others at once.
                        if !call.stopped.replace(true) {
                            *failure.borrow_mut() = Some(e.clone());
                        }
                    }
                    r
                },
                |done| report_progress(&on_progress, &call, done + 1, total),
            )
            .await;
            if call.aborted() {
                return Err(config.js_error(aborted_error()));
            }
            if let Some(e) = failure.into_inner() {
                return Err(config.js_error(e));
            }
            let mut sets = vec![first];
            for r in rest {
                match r {
                    Some(Ok((set, _))) => sets.push(set),
                    Some(Err(e)) => return Err(config.js_error(e)),
                    None => return Err(config.js_error(stopped_error())),
                }
            }
            let refs: Vec<&EventSet> = sets.iter().skip(1).collect();
            let events = sets.first().map_or_else(EventSet::new, |first| first.concat(&refs));
            Ok(JsEventSet::new(events).into())
        })
    }

    /// The account's inboxes as `{id, name, channelType, workingHours}`, each schedule
    /// turned into `WorkingHours` exactly as Chatwoot reads it (`fromChatwootInbox`), so a
    /// dashboard can recompute business time per inbox. `workingHours` is null for an
    /// inbox whose schedule cannot be read.
    pub fn inboxes(&self, options: JsValue, signal: Option<AbortSignal>) -> Promise {
        if let Err(e) = options_of::<CallOptions>(options, "inboxes") {
            return Promise::reject(&e);
        }
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let call = Call::new(signal);
            let url = inboxes_url(&config.transport.base, config.account_id);
            let json = config.json(&url, Resource::Inboxes, &call).await.map_err(|e| config.js_error(e))?;
            let list = json.get("payload").and_then(|p| p.as_array()).ok_or_else(|| {
                let mut e = ReportingError::new(ErrorCode::BadResponse, "The answer for the inbox list has no payload array.");
                e.status = Some(200);
                config.js_error(e)
            })?;
            let inboxes: Vec<Inbox> = list.iter().map(Inbox::of).collect();
            super::convert::to_js(&inboxes)
        })
    }

    /// The account's agents (`GET /api/v1/accounts/{id}/agents`), with Chatwoot's own keys.
    pub fn agents(&self, options: JsValue, signal: Option<AbortSignal>) -> Promise {
        if let Err(e) = options_of::<CallOptions>(options, "agents") {
            return Promise::reject(&e);
        }
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let call = Call::new(signal);
            let url = agents_url(&config.transport.base, config.account_id);
            let json = config.json(&url, Resource::Agents, &call).await.map_err(|e| config.js_error(e))?;
            let ok = json.as_array().is_some_and(|list| list.iter().all(|a| a.get("id").is_some_and(|id| id.is_u64())));
            if !ok {
                let mut e = ReportingError::new(ErrorCode::BadResponse, "The answer for the agent list is not a list of agents with ids.");
                e.status = Some(200);
                return Err(config.js_error(e));
            }
            json_to_js(&json)
        })
    }

    /// `ReportingClient(<origin>, account <id>)`: never the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        let mut s = String::from("ReportingClient(");
        s.push_str(self.config.transport.base.origin());
        s.push_str(", account ");
        push_int(&mut s, self.config.account_id);
        s.push(')');
        s
    }

    /// The base URL, for `JSON.stringify(client)` (never the token).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.transport.base.as_str().to_owned()
    }

    /// The account id.
    #[wasm_bindgen(getter, js_name = accountId)]
    pub fn account_id(&self) -> f64 {
        self.config.account_id as f64
    }
}

/// One inbox as `client.inboxes()` gives it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Inbox {
    id: serde_json::Value,
    name: serde_json::Value,
    channel_type: serde_json::Value,
    working_hours_enabled: bool,
    working_hours: Option<crate::schedule::Schedule>,
}

impl Inbox {
    fn of(inbox: &serde_json::Value) -> Inbox {
        let field = |k: &str| inbox.get(k).cloned().unwrap_or(serde_json::Value::Null);
        let hours = crate::chatwoot_inbox::ChatwootInbox::from_value(inbox.clone())
            .and_then(|i| crate::schedule::Schedule::from_chatwoot(&i))
            .ok();
        Inbox {
            id: field("id"),
            name: field("name"),
            channel_type: field("channel_type"),
            working_hours_enabled: inbox.get("working_hours_enabled").and_then(|v| v.as_bool()).unwrap_or(false),
            working_hours: hours,
        }
    }
}

fn options_of<T: serde::de::DeserializeOwned + Default>(value: JsValue, method: &str) -> Result<T, JsValue> {
    options(value, &["The options of ", method].concat())
}

fn mode_of(m: Option<ModeName>) -> Mode {
    m.map_or(Mode::Strict, Mode::from)
}

fn display_id_of(v: f64) -> Result<i64, JsValue> {
    if v.fract() == 0.0 && v >= 1.0 && v <= MAX_SAFE_INTEGER as f64 {
        Ok(v as i64)
    } else {
        Err(invalid("A display id must be a positive whole number."))
    }
}

/// `ids` without repeats, each kept where it first appears (by sort: `Vec::contains` per
/// id was quadratic, ~1 ms for 2 000 ids, and a hash set costs 3 KB of .wasm).
fn first_occurrences(ids: &[i64]) -> Vec<i64> {
    ids.iter()
        .zip(crate::sort::repeat_of(ids))
        .filter_map(|(&id, r)| r.is_none().then_some(id))
        .collect()
}

fn failed_entry(id: i64, error: JsValue) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"displayId".into(), &JsValue::from_f64(id as f64));
    let _ = js_sys::Reflect::set(&o, &"error".into(), &error);
    o.into()
}
