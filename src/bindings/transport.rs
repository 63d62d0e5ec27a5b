//! One request and its answer: `fetch(url, init)` sent with the token header to the
//! configured origin only, redirects never followed, the body read through gloo-net's
//! `Response` as a stream with a ceiling, retries with backoff. Everything decided here
//! (URLs, retry policy, error texts) comes from the pure `crate::http`.

use std::cell::RefCell;

use gloo_net::http::Response;
use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, ReadableStream, RequestInit, RequestRedirect};

use crate::decode::{DecodeOptions, Decoded};
use crate::error::{ErrorCode, ReportingError};
use crate::stream::StreamDecoder;
use crate::http::{
    aborted_error, backoff_ms, error_for_status, is_retryable_status, network_error,
    parse_retry_after, redirect_error, timeout_error, BaseUrl, Resource, TimeoutShare,
    MAX_RETRY_AFTER_SECONDS,
};
use crate::origin::redact_bytes;

/// How much of an error answer is read: enough for any Chatwoot error body and a proxy
/// page's first lines; a 200 MB error page is not read past this.
const ERROR_BODY_BYTES: usize = 4096;

// Every import here is `catch`: a throw must not unwind through wasm frames (it leaks the
// wasm stack, and enough of them kill the instance). web-sys binds these without it.
#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`; throws where there is no `fetch` at all.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;

    /// `AbortSignal.timeout(ms)`; throws where the engine lacks it (Safari before 16).
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout, catch)]
    fn signal_timeout(ms: f64) -> Result<AbortSignal, JsValue>;

    /// `AbortSignal.any(signals)`; throws where the engine lacks it (Safari before 17.4).
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = any, catch)]
    fn signal_any(signals: &Array) -> Result<AbortSignal, JsValue>;

    #[wasm_bindgen(js_name = setTimeout, catch)]
    fn set_timeout(callback: &JsValue, ms: f64) -> Result<JsValue, JsValue>;

    /// A response's body stream.
    type BodyStream;

    /// A body stream's reader.
    type BodyReader;

    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &BodyStream) -> Result<BodyReader, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn read(this: &BodyReader) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn cancel(this: &BodyReader) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = cancel)]
    fn cancel_stream(this: &BodyStream) -> Result<Promise, JsValue>;
}

/// A signal that aborts after `ms`: `AbortSignal.timeout`, or where the engine lacks it an
/// AbortController aborted by a timer (whose callback frees itself when it runs).
fn timeout_signal(ms: f64) -> Result<AbortSignal, ReportingError> {
    if let Ok(signal) = signal_timeout(ms) {
        return Ok(signal);
    }
    let controller = web_sys::AbortController::new().map_err(|_| cannot_build())?;
    let signal = controller.signal();
    set_timeout(&Closure::once_into_js(move || controller.abort()), ms)
        .map_err(|_| cannot_build())?;
    Ok(signal)
}

/// The error for a request the engine refuses to build.
pub fn cannot_build() -> ReportingError {
    ReportingError::invalid_argument("The request could not be built from the baseUrl.")
}

/// What one client sends with: where, as whom, and how patiently.
pub struct Transport {
    /// The checked base URL.
    pub base: BaseUrl,
    /// The access token: only ever in the `api_access_token` header.
    pub token: String,
    /// Per-request timeout.
    pub timeout_ms: f64,
    /// Retries for 429, 502, 503, 504, timeouts and network failures.
    pub retries: u32,
    /// The largest 2xx body read.
    pub max_bytes: usize,
}

/// What one call (a method invocation) shares among its requests.
pub struct Call {
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
    /// Set when an answer failed the whole call: no request starts after it.
    pub stopped: std::cell::Cell<bool>,
    init: RefCell<Option<RequestInit>>,
    deadline: RefCell<Option<Deadline>>,
}

/// A timeout signal shared by the requests of one call that start close together.
struct Deadline {
    timeout: AbortSignal,
    armed_at: f64,
    uses: u32,
}

impl Call {
    /// A call with the caller's signal.
    pub fn new(signal: Option<AbortSignal>) -> Call {
        Call {
            signal,
            stopped: std::cell::Cell::new(false),
            init: RefCell::new(None),
            deadline: RefCell::new(None),
        }
    }

    /// Whether the caller aborted.
    pub fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(|s| s.aborted())
    }

    /// The timeout signal for a request starting now, and the signal to give `fetch` if
    /// it changed (see `TimeoutShare`). Without `AbortSignal.any`, `fetch` gets the
    /// timeout alone and the caller's abort stops the call between requests.
    fn deadline(&self, timeout_ms: f64) -> Result<(AbortSignal, Option<AbortSignal>), ReportingError> {
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
        *slot = Some(Deadline { timeout: timeout.clone(), armed_at: now, uses: 1 });
        Ok((timeout, Some(signal)))
    }
}

/// Waits `ms`, in short steps so that an abort is noticed within 100 ms.
async fn sleep(ms: f64, call: &Call) -> Result<(), ReportingError> {
    let mut left = ms.max(0.0);
    while left > 0.0 {
        if call.aborted() {
            return Err(aborted_error());
        }
        let step = left.min(100.0);
        gloo_timers::future::TimeoutFuture::new(step as u32).await;
        left -= step;
    }
    if call.aborted() {
        return Err(aborted_error());
    }
    Ok(())
}

/// What a 2xx answer's body is read into.
#[derive(Clone, Copy)]
pub enum Want {
    /// Events, decoded chunk by chunk as they arrive (the body is never held whole).
    Events(DecodeOptions),
    /// The bytes (small JSON: inboxes, agents).
    Bytes,
}

/// A 2xx answer's body, as asked for.
pub enum Payload {
    /// Decoded events.
    Events(Decoded),
    /// The bytes, at most `max_bytes`.
    Bytes(Vec<u8>),
}

/// A 2xx answer: its status (a 204 is not a 200) and body.
pub struct Body {
    /// The status as received.
    pub status: u16,
    /// The body.
    pub payload: Payload,
}

/// How a body read ended.
enum Read {
    /// The whole body.
    Whole(Vec<u8>),
    /// Stopped at the limit: the bytes so far (error bodies), and the size seen so far.
    Cut(Vec<u8>, usize),
}

/// Reads `response`'s body as a stream, stopping (and cancelling the stream, so that the
/// connection closes) once more than `limit` bytes arrived. `Content-Length` is checked
/// first, so a declared oversized body is not read at all.
async fn read_body(response: &Response, limit: usize) -> Result<Read, ()> {
    let stream: Option<BodyStream> = response.body().map(|s: ReadableStream| s.unchecked_into());
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = declared.filter(|&n| n > limit as u64) {
        if let Some(s) = &stream {
            if let Ok(p) = s.cancel_stream() {
                let _ = JsFuture::from(p).await;
            }
        }
        return Ok(Read::Cut(Vec::new(), usize::try_from(n).unwrap_or(usize::MAX)));
    }
    let Some(stream) = stream else {
        return Ok(Read::Whole(Vec::new()));
    };
    let reader = stream.get_reader().map_err(|_| ())?;
    let capacity = declared.map_or(0, |n| n as usize);
    let mut buf: Vec<u8> = Vec::with_capacity(capacity);
    loop {
        let chunk = JsFuture::from(reader.read().map_err(|_| ())?).await.map_err(|_| ())?;
        let done = Reflect::get(&chunk, &"done".into()).map_err(|_| ())?;
        if done.as_bool() == Some(true) {
            return Ok(Read::Whole(buf));
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(|_| ())?;
        let Ok(bytes) = value.dyn_into::<Uint8Array>() else {
            return Err(());
        };
        let n = bytes.length() as usize;
        let start = buf.len();
        if start + n > limit {
            // Keep what fits (error bodies show an excerpt), then hang up.
            let keep = limit - start;
            buf.resize(limit, 0);
            if let Some(dst) = buf.get_mut(start..) {
                bytes.subarray(0, keep as u32).copy_to(dst);
            }
            if let Ok(p) = reader.cancel() {
                let _ = JsFuture::from(p).await;
            }
            return Ok(Read::Cut(buf, start + n));
        }
        buf.resize(start + n, 0);
        if let Some(dst) = buf.get_mut(start..) {
            bytes.copy_to(dst);
        }
    }
}

/// Decodes `response`'s body chunk by chunk as it arrives: each chunk is copied into one
/// reused buffer in wasm memory and pushed to a [`StreamDecoder`], so neither JS nor wasm
/// ever holds the whole body. Stops reading (and cancels the stream, closing the
/// connection) once the decoder has failed, e.g. past `max_bytes`. `Content-Length`, when
/// given, is checked first and sizes the columns once.
async fn stream_events(response: &Response, limit: usize, opts: DecodeOptions) -> Result<Result<Decoded, usize>, ()> {
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let stream: Option<BodyStream> = response.body().map(|s: ReadableStream| s.unchecked_into());
    if let Some(n) = declared.filter(|&n| n > limit as u64) {
        if let Some(s) = &stream {
            if let Ok(p) = s.cancel_stream() {
                let _ = JsFuture::from(p).await;
            }
        }
        return Ok(Err(usize::try_from(n).unwrap_or(usize::MAX)));
    }
    let mut decoder = StreamDecoder::new(&DecodeOptions { max_bytes: limit, ..opts });
    if let Some(n) = declared {
        decoder.size_hint(n as usize);
    }
    let Some(stream) = stream else {
        return Ok(Ok(decoder.finish()));
    };
    let reader = stream.get_reader().map_err(|_| ())?;
    let mut chunk_buf: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read().map_err(|_| ())?).await.map_err(|_| ())?;
        let done = Reflect::get(&chunk, &"done".into()).map_err(|_| ())?;
        if done.as_bool() == Some(true) {
            return Ok(Ok(decoder.finish()));
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(|_| ())?;
        let Ok(bytes) = value.dyn_into::<Uint8Array>() else {
            return Err(());
        };
        chunk_buf.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut chunk_buf);
        decoder.push(&chunk_buf);
        if decoder.has_failed() {
            if let Ok(p) = reader.cancel() {
                let _ = JsFuture::from(p).await;
            }
            if decoder.pushed() > limit {
                return Ok(Err(decoder.pushed()));
            }
            return Ok(Ok(decoder.finish()));
        }
    }
}

/// The error for a 2xx body above `max_bytes`.
fn too_large(resource: Resource, seen: usize, max: usize) -> ReportingError {
    let mut m = String::from("The answer for ");
    resource.describe(&mut m);
    m.push_str(" is larger than maxBytes (");
    crate::text::push_int(&mut m, max as i64);
    m.push_str(" bytes; at least ");
    crate::text::push_int(&mut m, seen as i64);
    m.push_str(" arrived), so it was not read further. Raise maxBytes, or ask for fewer events at once.");
    ReportingError::new(ErrorCode::TooLarge, m)
}

impl Transport {
    /// The request options every request of one call shares: the token header and
    /// `redirect: 'manual'`, so that a redirect is seen (and refused with advice) rather
    /// than followed with the token or mistaken for a network failure.
    fn request_init(&self) -> Result<RequestInit, ReportingError> {
        let headers = Headers::new().map_err(|_| cannot_build())?;
        headers.set("api_access_token", &self.token).map_err(|_| cannot_build())?;
        let init = RequestInit::new();
        init.set_headers(&headers);
        init.set_redirect(RequestRedirect::Manual);
        Ok(init)
    }

    /// One request and its answer, the body read within its ceiling. `Ok(Err(e))` is an
    /// answer that fails (with whether it is worth retrying, and the wait asked for).
    async fn request_once(&self, url: &str, resource: Resource, call: &Call, want: Want) -> Result<Body, Failure> {
        let init = {
            let mut slot = call.init.borrow_mut();
            match slot.as_ref() {
                Some(init) => init.clone(),
                None => {
                    let made = self.request_init().map_err(Failure::fatal)?;
                    *slot = Some(made.clone());
                    made
                }
            }
        };
        let (timeout, fresh) = call.deadline(self.timeout_ms).map_err(Failure::fatal)?;
        if let Some(signal) = fresh {
            init.set_signal(Some(&signal));
        }
        let classify = || {
            if call.aborted() {
                Failure::fatal(aborted_error())
            } else if timeout.aborted() {
                Failure::retry(timeout_error(resource, self.timeout_ms), None)
            } else {
                Failure::retry(network_error(&self.base, resource), None)
            }
        };
        let raw = JsFuture::from(fetch_with_init(url, &init).map_err(|_| classify())?)
            .await
            .map_err(|_| classify())?
            .dyn_into::<web_sys::Response>()
            .map_err(|_| classify())?;
        // gloo-net's getters do not catch. `instanceof` also passes for a Proxy around a
        // Response (some fetch instrumentation returns one), whose getters throw on the
        // brand check; reading `status` once through Reflect, which catches, turns that
        // into a failed request instead of an exception unwinding through wasm.
        Reflect::get(&raw, &"status".into()).map_err(|_| classify())?;
        let response = Response::from(raw);
        let status = response.status();
        if (300..400).contains(&status) || response.type_() == web_sys::ResponseType::Opaqueredirect {
            let to = response.headers().get("location").and_then(|l| super::url::origin_of(&l, url));
            return Err(Failure::fatal(redirect_error(&self.base, resource, status, to.as_deref())));
        }
        if (200..300).contains(&status) {
            let payload = match want {
                Want::Events(opts) => match stream_events(&response, self.max_bytes, opts).await.map_err(|_| classify())? {
                    Ok(decoded) => Payload::Events(decoded),
                    Err(seen) => return Err(Failure::fatal(too_large(resource, seen, self.max_bytes))),
                },
                Want::Bytes => match read_body(&response, self.max_bytes).await.map_err(|_| classify())? {
                    Read::Whole(bytes) => Payload::Bytes(bytes),
                    Read::Cut(_, seen) => return Err(Failure::fatal(too_large(resource, seen, self.max_bytes))),
                },
            };
            return Ok(Body { status, payload });
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| parse_retry_after(&v, js_sys::Date::now()));
        let body = match read_body(&response, ERROR_BODY_BYTES).await {
            Ok(Read::Whole(b) | Read::Cut(b, _)) => b,
            Err(()) => Vec::new(),
        };
        // Scrub the token before anything quotes or cuts the text.
        let body = redact_bytes(&body, &self.token).unwrap_or(body);
        let error = error_for_status(status, &body, resource, retry_after);
        Err(if is_retryable_status(status) {
            match retry_after {
                Some(s) if status == 429 && s > MAX_RETRY_AFTER_SECONDS => Failure::fatal(error),
                Some(s) if status == 429 => Failure::retry(error, Some(s * 1000.0)),
                _ => Failure::retry(error, None),
            }
        } else {
            Failure::fatal(error)
        })
    }

    /// A request with retries for 429, 502, 503, 504, timeouts and network failures; the
    /// first 2xx answer.
    pub async fn fetch(&self, url: &str, resource: Resource, call: &Call, want: Want) -> Result<Body, ReportingError> {
        let mut attempt = 0u32;
        loop {
            if call.aborted() {
                return Err(aborted_error());
            }
            if call.stopped.get() {
                return Err(stopped_error());
            }
            match self.request_once(url, resource, call, want).await {
                Ok(body) => return Ok(body),
                Err(Failure { retry: Some(wait), .. }) if attempt < self.retries => {
                    let wait = wait.unwrap_or_else(|| backoff_ms(attempt, js_sys::Math::random()));
                    sleep(wait, call).await?;
                    attempt += 1;
                }
                Err(f) => return Err(f.error),
            }
        }
    }
}

/// The error of a request not made because another answer already failed the call.
pub fn stopped_error() -> ReportingError {
    ReportingError::new(ErrorCode::Aborted, "The request was not made: another answer of the same call failed it.")
}

/// A failed attempt: the error, and `Some(wait)` when it is worth another try (`wait`
/// the server's `Retry-After` in ms, if any).
struct Failure {
    error: ReportingError,
    retry: Option<Option<f64>>,
}

impl Failure {
    fn fatal(error: ReportingError) -> Failure {
        Failure { error, retry: None }
    }
    fn retry(error: ReportingError, wait: Option<f64>) -> Failure {
        Failure { error, retry: Some(wait) }
    }
}
