//! `ReportingClient`: fetches reporting events from a Chatwoot server (`fetch(url, init)`,
//! answers read through gloo-net) and decodes each body straight from its bytes. Everything it decides (URLs, retries,
//! errors) comes from the pure `crate::http`; this module only performs requests.
//!
//! The token lives only in wasm memory (the JS object holds a pointer), travels only in
//! the `api_access_token` header to the configured base URL, never follows a redirect
//! (`redirect: 'error'`), and is scrubbed from every error message as a last defence.

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use gloo_net::http::Response;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortSignal, Headers, RequestInit, RequestRedirect};

use super::errors::to_js_error;
use super::events::JsEventSet;
use super::options::{check_object, get, opt_integer, opt_number, opt_string};
use crate::decode::{apply_mode, decode, DecodeOptions, Mode};
use crate::error::{ErrorCode, ReportingError};
use crate::event_set::EventSet;
use crate::http::{
    aborted_error, account_url, backoff_ms, conversation_url, error_for_status,
    is_retryable_status, network_error, parse_retry_after, redact, timeout_error, AccountQuery,
    BaseUrl, Resource, TimeoutShare, MAX_RETRY_AFTER_SECONDS, MAX_TIMER_MS,
};
use crate::model::MAX_SAFE_INTEGER;
use crate::text::push_int;

/// Default per-request timeout.
const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;
/// Default retries for 429, 502, 503, 504 and network failures.
const DEFAULT_RETRIES: u32 = 3;
/// Default requests in flight for the many-request methods: enough to hide latency,
/// few enough not to trip Chatwoot's rate limiter (Rack::Attack) on a busy account.
const DEFAULT_CONCURRENCY: usize = 6;
/// More pages than this is not a Chatwoot answer (25 events a page: 2.5 million events).
const MAX_PAGES: i64 = 100_000;

struct Config {
    base: BaseUrl,
    account_id: i64,
    token: String,
    timeout_ms: f64,
    retries: u32,
    concurrency: usize,
}

/// A client for one Chatwoot account.
#[wasm_bindgen(js_name = ReportingClient)]
pub struct JsReportingClient {
    config: Rc<Config>,
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`, as gloo-net binds `fetch(request)`: one binding for
    /// window, worker and Node alike.
    ///
    /// gloo-net only sends a `Request` object, and `fetch(request)` copies it into a
    /// second one: in Node's undici each copy makes its own AbortController and abort
    /// listener, about 10 % of the client's CPU per request (issue 7's fetch row).
    ///
    /// `catch`: fetch answers failures with a rejected promise, but where there is no
    /// `fetch` at all the call throws, and a throw must not unwind through wasm frames
    /// (it would leave the futures queue mid-run).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;

    /// `AbortSignal.timeout(ms)`; throws where the engine lacks it (Safari before 16).
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout, catch)]
    fn signal_timeout(ms: f64) -> Result<AbortSignal, JsValue>;

    /// `AbortSignal.any(signals)`; throws where the engine lacks it (Safari before 17.4).
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = any, catch)]
    fn signal_any(signals: &Array) -> Result<AbortSignal, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, ms: f64) -> JsValue;
}

/// A signal that aborts after `ms`: `AbortSignal.timeout`, or where the engine lacks it an
/// AbortController aborted by a timer (whose callback frees itself when it runs).
fn timeout_signal(ms: f64) -> Result<AbortSignal, ReportingError> {
    if let Ok(signal) = signal_timeout(ms) {
        return Ok(signal);
    }
    let controller = web_sys::AbortController::new().map_err(|_| cannot_build())?;
    let signal = controller.signal();
    set_timeout(&Closure::once_into_js(move || controller.abort()), ms);
    Ok(signal)
}

/// The error for a URL the `Request` constructor refuses.
fn cannot_build() -> ReportingError {
    ReportingError::new(
        ErrorCode::InvalidArgument,
        "The request could not be built from the baseUrl.",
    )
}

fn invalid(message: &str) -> ReportingError {
    ReportingError::invalid_argument(message)
}

fn whole(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER as f64).then_some(v as i64)
}

/// A promise that rejects with `e` as a JS ReportingError.
fn rejected(e: ReportingError) -> Promise {
    Promise::reject(&to_js_error(e))
}

/// Per-call options shared by the methods.
struct CallOptions {
    signal: Option<AbortSignal>,
    on_progress: Option<Function>,
    mode: Mode,
    /// The shared request options, made by the call's first request.
    init: OnceCell<RequestInit>,
    /// The timeout signal requests starting now join (see `TimeoutShare`).
    deadline: RefCell<Option<Deadline>>,
}

/// A timeout signal shared by the requests of one call that start close together.
struct Deadline {
    /// `AbortSignal.timeout`, to tell a timeout from the caller's abort. What the
    /// requests get (it, or it joined to the caller's signal) is in the call's options.
    timeout: AbortSignal,
    armed_at: f64,
    uses: u32,
}

impl CallOptions {
    /// The timeout signal for a request starting now, and the signal to give `fetch` if
    /// it changed: `None` while the request joins the current shared one, which the
    /// call's request options already hold (saves a call across the boundary).
    ///
    /// Where the engine lacks `AbortSignal.any`, `fetch` gets the timeout alone: the
    /// caller's abort then stops the call between requests (it is checked before each one
    /// and before the call answers) rather than cutting the requests in flight.
    fn deadline(
        &self,
        timeout_ms: f64,
    ) -> Result<(AbortSignal, Option<AbortSignal>), ReportingError> {
        let share = TimeoutShare::new(timeout_ms);
        let now = js_sys::Date::now();
        let mut slot = self.deadline.borrow_mut();
        if let Some(d) = slot.as_mut() {
            if share.joins(d.armed_at, d.uses, now) && !d.timeout.aborted() {
                d.uses += 1;
                return Ok((d.timeout.clone(), None));
            }
        }
        let timeout = timeout_signal(share.armed_ms)?;
        let signal = match &self.signal {
            Some(s) => signal_any(&Array::of2(s, &timeout)).unwrap_or_else(|_| timeout.clone()),
            None => timeout.clone(),
        };
        *slot = Some(Deadline {
            timeout: timeout.clone(),
            armed_at: now,
            uses: 1,
        });
        Ok((timeout, Some(signal)))
    }
}

fn call_options(o: &JsValue) -> Result<CallOptions, JsValue> {
    check_object(o, "The options")?;
    let signal = get(o, "signal")?;
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| to_js_error(invalid("The option `signal` must be an AbortSignal.")))?,
        )
    };
    let progress = get(o, "onProgress")?;
    let on_progress = if progress.is_undefined() || progress.is_null() {
        None
    } else {
        Some(
            progress
                .dyn_into::<Function>()
                .map_err(|_| to_js_error(invalid("The option `onProgress` must be a function.")))?,
        )
    };
    let mode = match opt_string(o, "mode")?.as_deref() {
        None | Some("strict") => Mode::Strict,
        Some("lenient") => Mode::Lenient,
        Some(_) => {
            return Err(to_js_error(invalid(
                "The option `mode` must be 'strict' or 'lenient'.",
            )))
        }
    };
    Ok(CallOptions {
        signal,
        on_progress,
        mode,
        init: OnceCell::new(),
        deadline: RefCell::new(None),
    })
}

fn report_progress(f: &Option<Function>, done: usize, total: usize) {
    if let Some(f) = f {
        // A throwing progress callback is the caller's bug; it must not break the fetch.
        let _ = f.call2(
            &JsValue::NULL,
            &JsValue::from_f64(done as f64),
            &JsValue::from_f64(total as f64),
        );
    }
}

fn is_aborted(signal: &Option<AbortSignal>) -> bool {
    signal.as_ref().is_some_and(|s| s.aborted())
}

/// Waits `ms`, in short steps so that an abort is noticed within 100 ms.
async fn sleep(ms: f64, signal: &Option<AbortSignal>) -> Result<(), ReportingError> {
    let mut left = ms.max(0.0);
    while left > 0.0 {
        if is_aborted(signal) {
            return Err(aborted_error());
        }
        let step = left.min(100.0);
        gloo_timers::future::TimeoutFuture::new(step as u32).await;
        left -= step;
    }
    if is_aborted(signal) {
        return Err(aborted_error());
    }
    Ok(())
}

/// One answer: status, `Retry-After` in seconds, body bytes.
struct Answer {
    status: u16,
    retry_after: Option<f64>,
    body: Vec<u8>,
}

impl Config {
    /// The request options every request of one call shares: the token header and
    /// `redirect: 'error'`. Built once per call and reused (only `signal` changes), since
    /// the `Request` constructor copies them; dropped with the call, so the token is in
    /// the JS heap only while a call runs, as before.
    fn request_init(&self) -> Result<RequestInit, ReportingError> {
        let headers = Headers::new().map_err(|_| cannot_build())?;
        headers
            .set("api_access_token", &self.token)
            .map_err(|_| cannot_build())?;
        let init = RequestInit::new();
        init.set_headers(&headers);
        init.set_redirect(RequestRedirect::Error);
        Ok(init)
    }

    /// One request, with the per-request timeout (shared with requests starting at about
    /// the same time) joined to the caller's signal.
    ///
    /// Sent with `fetch(url, init)` and read through gloo-net's `Response`. The options
    /// are made once per call: gloo-net's own builder, for its query-parameter support,
    /// makes a throw-away `Request`, parses a `URL`, and builds the `Headers` and a second
    /// `Request` on every call, which profiled at ~55 µs a request in Node; our URLs are
    /// complete already.
    async fn request_once(
        &self,
        url: &str,
        resource: Resource,
        call: &CallOptions,
    ) -> Result<Answer, ReportingError> {
        let init = match call.init.get() {
            Some(init) => init,
            None => {
                let made = self.request_init()?;
                // `fetch` would reject a URL it cannot resolve (a same-origin path in Node,
                // which has no page) like a network failure, retried in vain; the
                // `Request` constructor throws instead: an `invalid_argument`, checked
                // once per call since every URL of a call has the same base.
                web_sys::Request::new_with_str_and_init(url, &made).map_err(|_| cannot_build())?;
                call.init.get_or_init(|| made)
            }
        };
        let signal = &call.signal;
        let (timeout, fresh) = call.deadline(self.timeout_ms)?;
        if let Some(signal) = fresh {
            init.set_signal(Some(&signal));
        }
        let classify = |_| {
            if is_aborted(signal) {
                aborted_error()
            } else if timeout.aborted() {
                timeout_error(resource, self.timeout_ms)
            } else {
                network_error(&self.base, resource)
            }
        };
        let response: Response =
            JsFuture::from(fetch_with_init(url, init).map_err(|_| classify(()))?)
                .await
                .map_err(|_| classify(()))?
                .dyn_into::<web_sys::Response>()
                .map_err(|_| classify(()))?
                .into();
        let status = response.status();
        // Only a refusal's wait matters; a 2xx answer's header is not read at all.
        let retry_after = if response.ok() {
            None
        } else {
            let now = js_sys::Date::now();
            response
                .headers()
                .get("retry-after")
                .and_then(|v| parse_retry_after(&v, now))
        };
        let body = response.binary().await.map_err(|_| classify(()))?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }

    /// A request with retries for 429, 502, 503, 504 and network failures; the body of
    /// the first 2xx answer.
    async fn fetch(
        &self,
        url: &str,
        resource: Resource,
        call: &CallOptions,
    ) -> Result<Vec<u8>, ReportingError> {
        let signal = &call.signal;
        let mut attempt = 0u32;
        loop {
            if is_aborted(signal) {
                return Err(aborted_error());
            }
            let wait = match self.request_once(url, resource, call).await {
                Ok(a) if (200..300).contains(&a.status) => return Ok(a.body),
                Ok(a) if is_retryable_status(a.status) && attempt < self.retries => {
                    match a.retry_after {
                        Some(s) if a.status == 429 && s > MAX_RETRY_AFTER_SECONDS => {
                            return Err(error_for_status(a.status, &a.body, resource, Some(s)));
                        }
                        Some(s) if a.status == 429 => s * 1000.0,
                        _ => backoff_ms(attempt, js_sys::Math::random()),
                    }
                }
                Ok(a) => return Err(error_for_status(a.status, &a.body, resource, a.retry_after)),
                Err(e) if e.code == ErrorCode::Network && attempt < self.retries => {
                    backoff_ms(attempt, js_sys::Math::random())
                }
                Err(e) => return Err(e),
            };
            sleep(wait, signal).await?;
            attempt += 1;
        }
    }

    /// Decodes a 2xx body; a body that is not events at all is a `bad_response`.
    fn decode_body(
        &self,
        body: &[u8],
        resource: Resource,
        mode: Mode,
    ) -> Result<(EventSet, Option<crate::decode::PageMeta>), ReportingError> {
        let opts = DecodeOptions {
            mode,
            account_id: Some(self.account_id),
            ..DecodeOptions::default()
        };
        let decoded = decode(body, &opts);
        let meta = decoded.meta;
        let body_issue = decoded
            .body_failed
            .then(|| decoded.events.issues.first().cloned())
            .flatten();
        match body_issue {
            Some(issue) if issue.code != crate::issue::IssueCode::TooLarge => {
                let mut m = String::from("The answer for ");
                m.push_str(match resource {
                    Resource::Conversation(_) => "the conversation's events",
                    Resource::AccountPage(_) => "a page of the account's events",
                    Resource::Inboxes => "the inbox list",
                });
                m.push_str(" is not what Chatwoot sends: ");
                m.push_str(&issue.message);
                let mut e = ReportingError::new(ErrorCode::BadResponse, m);
                e.status = Some(200);
                e.issues = Some(vec![issue]);
                Err(e)
            }
            _ => apply_mode(decoded, mode)
                .map(|set| (set, meta))
                .map_err(ReportingError::from),
        }
    }

    async fn conversation(
        &self,
        display_id: i64,
        opts: &CallOptions,
    ) -> Result<EventSet, ReportingError> {
        let resource = Resource::Conversation(display_id);
        let url = conversation_url(&self.base, self.account_id, display_id);
        let body = self.fetch(&url, resource, opts).await?;
        self.decode_body(&body, resource, opts.mode)
            .map(|(set, _)| set)
    }

    async fn account_page(
        &self,
        page: i64,
        q: &AccountQuery,
        opts: &CallOptions,
    ) -> Result<(EventSet, Option<crate::decode::PageMeta>), ReportingError> {
        let resource = Resource::AccountPage(page);
        let body = self
            .fetch(
                &account_url(&self.base, self.account_id, page, q),
                resource,
                opts,
            )
            .await?;
        self.decode_body(&body, resource, opts.mode)
    }

    /// The JS error for `e`, with the token scrubbed from its message.
    fn js_error(&self, mut e: ReportingError) -> JsValue {
        e.message = redact(&e.message, &self.token);
        to_js_error(e)
    }
}

/// Runs `task(k)` for k in 0..n with at most `concurrency` in flight, calling `progress`
/// after each; results in input order.
async fn bounded<T, F, Fut>(
    n: usize,
    concurrency: usize,
    task: F,
    progress: impl Fn(usize),
) -> Vec<Option<T>>
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
            if k >= n {
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
    /// `new ReportingClient({baseUrl, accountId, apiAccessToken, timeoutMs?, retries?, concurrency?})`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsReportingClient, JsValue> {
        if !options.is_object() {
            return Err(to_js_error(invalid(
                "ReportingClient needs an options object {baseUrl, accountId, apiAccessToken}.",
            )));
        }
        let base = opt_string(&options, "baseUrl")?
            .ok_or_else(|| to_js_error(invalid("The option `baseUrl` is required.")))?;
        let base = BaseUrl::parse(&base).map_err(to_js_error)?;
        let account_id = opt_integer(&options, "accountId")?
            .filter(|&a| a > 0)
            .ok_or_else(|| {
                to_js_error(invalid(
                    "The option `accountId` must be a positive whole number.",
                ))
            })?;
        // Read the token without ever echoing it back in a message.
        let token = get(&options, "apiAccessToken")?
            .as_string()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| {
                to_js_error(invalid(
                    "The option `apiAccessToken` must be a non-empty string.",
                ))
            })?;
        if token.contains(['\r', '\n']) {
            return Err(to_js_error(invalid(
                "The option `apiAccessToken` must not contain line breaks.",
            )));
        }
        let timeout_ms = match opt_number(&options, "timeoutMs")? {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) if t > 0.0 => t.min(MAX_TIMER_MS),
            Some(_) => {
                return Err(to_js_error(invalid(
                    "The option `timeoutMs` must be a positive number.",
                )))
            }
        };
        let retries = match opt_integer(&options, "retries")? {
            None => DEFAULT_RETRIES,
            Some(r) if (0..=20).contains(&r) => r as u32,
            Some(_) => {
                return Err(to_js_error(invalid(
                    "The option `retries` must be a whole number from 0 to 20.",
                )))
            }
        };
        let concurrency = match opt_integer(&options, "concurrency")? {
            None => DEFAULT_CONCURRENCY,
            Some(c) if (1..=64).contains(&c) => c as usize,
            Some(_) => {
                return Err(to_js_error(invalid(
                    "The option `concurrency` must be a whole number from 1 to 64.",
                )))
            }
        };
        Ok(JsReportingClient {
            config: Rc::new(Config {
                base,
                account_id,
                token,
                timeout_ms,
                retries,
                concurrency,
            }),
        })
    }

    /// The events of one conversation, by the display id shown in Chatwoot's UI.
    #[wasm_bindgen(js_name = conversationEvents)]
    pub fn conversation_events(&self, display_id: JsValue, options: JsValue) -> Promise {
        let Some(id) = display_id.as_f64().and_then(whole).filter(|&i| i > 0) else {
            return rejected(invalid("The display id must be a positive whole number."));
        };
        let opts = match call_options(&options) {
            Ok(o) => o,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            match config.conversation(id, &opts).await {
                Ok(set) => Ok(JsEventSet::new(set).into()),
                Err(mut e) => {
                    e.display_id = Some(id);
                    Err(config.js_error(e))
                }
            }
        })
    }

    /// The events of many conversations, `concurrency` at a time. Every distinct id ends
    /// up either in `events` or in `failed`; an abort rejects the whole call.
    #[wasm_bindgen(js_name = conversationsEvents)]
    pub fn conversations_events(&self, display_ids: JsValue, options: JsValue) -> Promise {
        let Some(list) = display_ids.dyn_ref::<Array>() else {
            return rejected(invalid(
                "conversationsEvents takes an array of display ids.",
            ));
        };
        let mut listed = Vec::with_capacity(list.length() as usize);
        for v in list.iter() {
            match v.as_f64().and_then(whole).filter(|&i| i > 0) {
                Some(id) => listed.push(id),
                None => {
                    return rejected(invalid("Every display id must be a positive whole number."))
                }
            }
        }
        let ids = first_occurrences(&listed);
        let opts = match call_options(&options) {
            Ok(o) => o,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let total = ids.len();
            report_progress(&opts.on_progress, 0, total);
            let results = bounded(
                total,
                config.concurrency,
                |k| config.conversation(ids.get(k).copied().unwrap_or(0), &opts),
                |done| report_progress(&opts.on_progress, done, total),
            )
            .await;
            if is_aborted(&opts.signal) {
                return Err(config.js_error(aborted_error()));
            }
            let mut sets = Vec::new();
            let failed = Array::new();
            for (k, r) in results.into_iter().enumerate() {
                let id = ids.get(k).copied().unwrap_or(0);
                match r {
                    Some(Ok(set)) => sets.push(set),
                    Some(Err(mut e)) => {
                        e.display_id = Some(id);
                        failed.push(&failed_entry(id, config.js_error(e)));
                    }
                    None => {
                        failed.push(&failed_entry(id, config.js_error(aborted_error())));
                    }
                }
            }
            let refs: Vec<&EventSet> = sets.iter().skip(1).collect();
            let events = sets
                .first()
                .map_or_else(EventSet::new, |first| first.concat(&refs));
            let out = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&out, &"events".into(), &JsEventSet::new(events).into());
            let _ = js_sys::Reflect::set(&out, &"failed".into(), &failed);
            Ok(out.into())
        })
    }

    /// The account-wide endpoint: page 1, then the remaining pages concurrently; one set
    /// in ascending `created_at` order.
    #[wasm_bindgen(js_name = accountEvents)]
    pub fn account_events(&self, options: JsValue) -> Promise {
        let parsed = (|| -> Result<(AccountQuery, CallOptions), JsValue> {
            let seconds = |key: &str| -> Result<Option<i64>, JsValue> {
                Ok(opt_number(&options, key)?.map(|s| s.floor() as i64))
            };
            let q = AccountQuery {
                since: seconds("since")?,
                until: seconds("until")?,
                inbox_id: opt_integer(&options, "inboxId")?,
                user_id: opt_integer(&options, "userId")?,
                name: opt_string(&options, "name")?,
            };
            Ok((q, call_options(&options)?))
        })();
        let (query, opts) = match parsed {
            Ok(p) => p,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let (first, meta) = config
                .account_page(1, &query, &opts)
                .await
                .map_err(|e| config.js_error(e))?;
            let pages = meta.and_then(|m| m.total_pages).unwrap_or(1).max(1);
            if pages > MAX_PAGES {
                let mut m = String::from("The server reports ");
                push_int(&mut m, pages);
                m.push_str(" pages, more than any Chatwoot account has.");
                return Err(config.js_error(ReportingError::new(ErrorCode::BadResponse, m)));
            }
            let total = pages as usize;
            report_progress(&opts.on_progress, 1, total);
            let rest = bounded(
                total - 1,
                config.concurrency,
                |k| config.account_page(k as i64 + 2, &query, &opts),
                |done| report_progress(&opts.on_progress, done + 1, total),
            )
            .await;
            let mut sets = vec![first];
            for r in rest {
                match r {
                    Some(Ok((set, _))) => sets.push(set),
                    Some(Err(e)) => return Err(config.js_error(e)),
                    None => return Err(config.js_error(aborted_error())),
                }
            }
            let refs: Vec<&EventSet> = sets.iter().skip(1).collect();
            let events = sets
                .first()
                .map_or_else(EventSet::new, |first| first.concat(&refs));
            Ok(JsEventSet::new(events).into())
        })
    }

    /// The account's inboxes as `{id, name, channelType, workingHours}`, each schedule
    /// turned into `WorkingHours` exactly as Chatwoot reads it (`fromChatwootInbox`), so a
    /// dashboard can recompute business time per inbox. `workingHours` is null for an
    /// inbox whose schedule cannot be read.
    pub fn inboxes(&self, options: JsValue) -> Promise {
        let opts = match call_options(&options) {
            Ok(o) => o,
            Err(e) => return Promise::reject(&e),
        };
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let url = crate::http::inboxes_url(&config.base, config.account_id);
            let body = config
                .fetch(&url, Resource::Inboxes, &opts)
                .await
                .map_err(|e| config.js_error(e))?;
            let bad = |why: &str| {
                let mut e = ReportingError::new(
                    ErrorCode::BadResponse,
                    ["The answer for the inbox list ", why].concat(),
                );
                e.status = Some(200);
                config.js_error(e)
            };
            let parsed = js_sys::JSON::parse(&String::from_utf8_lossy(&body))
                .map_err(|_| bad("is not JSON."))?;
            let payload = js_sys::Reflect::get(&parsed, &"payload".into())
                .ok()
                .and_then(|p| p.dyn_into::<Array>().ok())
                .ok_or_else(|| bad("has no payload array."))?;
            let out = Array::new();
            for inbox in payload.iter() {
                let field =
                    |k: &str| js_sys::Reflect::get(&inbox, &k.into()).unwrap_or(JsValue::NULL);
                let hours = js_sys::JSON::stringify(&inbox)
                    .ok()
                    .and_then(|t| t.as_string())
                    .and_then(|t| crate::schedule::from_chatwoot_inbox(&t).ok())
                    .and_then(|s| js_sys::JSON::parse(&s.to_json()).ok())
                    .unwrap_or(JsValue::NULL);
                let o = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&o, &"id".into(), &field("id"));
                let _ = js_sys::Reflect::set(&o, &"name".into(), &field("name"));
                let _ = js_sys::Reflect::set(&o, &"channelType".into(), &field("channel_type"));
                let _ = js_sys::Reflect::set(&o, &"workingHours".into(), &hours);
                out.push(&o);
            }
            Ok(out.into())
        })
    }

    /// `ReportingClient(<origin>, account <id>)`: never the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        let mut s = String::from("ReportingClient(");
        s.push_str(self.config.base.origin());
        s.push_str(", account ");
        push_int(&mut s, self.config.account_id);
        s.push(')');
        s
    }

    /// What `JSON.stringify(client)` shows: the base URL and account, never the token.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"baseUrl".into(), &self.config.base.as_str().into());
        let _ = js_sys::Reflect::set(
            &o,
            &"accountId".into(),
            &JsValue::from_f64(self.config.account_id as f64),
        );
        o.into()
    }
}

/// `ids` without repeats, each kept where it first appears. Through the crate's radix
/// sort rather than `Vec::contains` per id, which was quadratic (~1 ms for 2 000 ids),
/// and without a hash set, which costs 3 KB of .wasm.
fn first_occurrences(ids: &[i64]) -> Vec<i64> {
    let order = crate::sort::order_by(ids.iter().map(|&id| crate::sort::int_key(id)).collect());
    let mut keep = vec![true; ids.len()];
    // Stable order: of equal ids, the first listed comes first and the later ones go.
    for pair in order.windows(2) {
        if let [a, b] = *pair {
            if ids.get(a) == ids.get(b) {
                if let Some(k) = keep.get_mut(b) {
                    *k = false;
                }
            }
        }
    }
    ids.iter()
        .zip(keep)
        .filter_map(|(&id, k)| k.then_some(id))
        .collect()
}

fn failed_entry(id: i64, error: JsValue) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"displayId".into(), &JsValue::from_f64(id as f64));
    let _ = js_sys::Reflect::set(&o, &"error".into(), &error);
    o.into()
}
