//! The HTTP policy of the client, kept pure so it is tested natively: which URLs it asks
//! for, which base URLs it accepts, what each answer means as a [`ReportingError`], when it
//! retries and how long it waits. The wasm client (`bindings::client`) only performs the
//! requests.

pub use crate::origin::BaseUrl;

use crate::error::{ErrorCode, ReportingError};
use crate::text::{push_excerpt, push_int};

/// The per-conversation endpoint (`display_id` is the number shown in Chatwoot's UI).
pub fn conversation_url(base: &BaseUrl, account_id: i64, display_id: i64) -> String {
    let mut u = account_prefix(base, account_id);
    u.push_str("/conversations/");
    push_int(&mut u, display_id);
    u.push_str("/reporting_events");
    u
}

/// Filters of the account-wide endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountQuery {
    /// `[since, until)` in epoch seconds. Always both ends or none: Chatwoot ignores a
    /// range with one end blank and answers the whole account (`date_range_helper.rb`).
    pub range: Option<(i64, i64)>,
    /// Only this inbox.
    pub inbox_id: Option<i64>,
    /// Only this agent.
    pub user_id: Option<i64>,
    /// Only this event name.
    pub name: Option<String>,
}

/// One page of the account-wide endpoint.
pub fn account_url(base: &BaseUrl, account_id: i64, page: i64, q: &AccountQuery) -> String {
    let mut u = account_prefix(base, account_id);
    u.push_str("/reporting_events?page=");
    push_int(&mut u, page);
    for (key, v) in [
        ("since", q.range.map(|r| r.0)),
        ("until", q.range.map(|r| r.1)),
        ("inbox_id", q.inbox_id),
        ("user_id", q.user_id),
    ] {
        if let Some(v) = v {
            u.push('&');
            u.push_str(key);
            u.push('=');
            push_int(&mut u, v);
        }
    }
    if let Some(name) = &q.name {
        u.push_str("&name=");
        percent_encode(&mut u, name);
    }
    u
}

/// The inbox list.
pub fn inboxes_url(base: &BaseUrl, account_id: i64) -> String {
    let mut u = account_prefix(base, account_id);
    u.push_str("/inboxes");
    u
}

/// The agent list.
pub fn agents_url(base: &BaseUrl, account_id: i64) -> String {
    let mut u = account_prefix(base, account_id);
    u.push_str("/agents");
    u
}

fn account_prefix(base: &BaseUrl, account_id: i64) -> String {
    let mut u = String::with_capacity(base.as_str().len() + 64);
    u.push_str(base.as_str());
    u.push_str("/api/v1/accounts/");
    push_int(&mut u, account_id);
    u
}

fn percent_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Whether an answer with this status is worth another try.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Milliseconds to wait before retry number `attempt` (0-based): exponential from 250 ms,
/// capped at 8 s, with "equal jitter" (half fixed, half random) so that many clients
/// backing off together do not retry in lockstep. `random` is uniform in [0, 1).
pub fn backoff_ms(attempt: u32, random: f64) -> f64 {
    let ceiling = (250.0 * 2f64.powi(attempt.min(16) as i32)).min(8000.0);
    ceiling / 2.0 + ceiling / 2.0 * random.clamp(0.0, 1.0)
}

/// How requests share a timeout signal. A fresh `AbortSignal.timeout` per request (a
/// timer and a signal each) made a Node fetch loop ~10 % more expensive than one signal
/// for 32 requests (issue 7), so requests that start within one short slot share a signal
/// armed for `timeout_ms` plus the slot: each request is still aborted no sooner than
/// `timeout_ms` after it started, and at most one slot (2 % of `timeout_ms`, never more
/// than 100 ms) later. The armed delay stays within what engines' timers hold
/// (`MAX_TIMER_MS`: longer ones fire at once), so near that limit there is no slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeoutShare {
    /// Milliseconds after the signal was armed during which new requests may join it.
    pub slot_ms: f64,
    /// The delay the shared signal is armed with.
    pub armed_ms: f64,
}

/// Requests one shared timeout signal serves at most. Every request adds an abort
/// listener to it that Node's fetch removes only when the request is garbage-collected,
/// and adding one walks the list: measured, 32 requests a signal cost about what no
/// signal does, 256 already noticeably more (and past 1 500 Node prints a warning).
pub const TIMEOUT_SHARE_MAX_USES: u32 = 32;

/// The longest delay JavaScript timers honour (2^31 − 1 ms); the client caps `timeoutMs`
/// to it.
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

impl TimeoutShare {
    /// The sharing for a per-request timeout of `timeout_ms`.
    pub fn new(timeout_ms: f64) -> TimeoutShare {
        let slot_ms = (timeout_ms / 50.0)
            .min(100.0)
            .min(MAX_TIMER_MS - timeout_ms)
            .max(0.0);
        TimeoutShare {
            slot_ms,
            armed_ms: timeout_ms + slot_ms,
        }
    }

    /// Whether a request starting at `now_ms` may use the signal armed at `armed_at_ms`
    /// that `uses` requests already use. A clock that went backwards never joins.
    pub fn joins(&self, armed_at_ms: f64, uses: u32, now_ms: f64) -> bool {
        uses < TIMEOUT_SHARE_MAX_USES
            && now_ms >= armed_at_ms
            && now_ms - armed_at_ms < self.slot_ms
    }
}

/// The longest `Retry-After` the client waits for; beyond it the rate-limit error is
/// reported at once with the server's wait in the message.
pub const MAX_RETRY_AFTER_SECONDS: f64 = 60.0;

/// Seconds from a `Retry-After` header: delta-seconds, or an IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) relative to `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Whole seconds (RFC 9110); summed in integers, so that the float parser's tables
        // stay out of the .wasm. Beyond u64 it saturates: far above any wait we honour.
        let seconds = v.bytes().fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
        return Some(seconds as f64);
    }
    let parts: Vec<&str> = v.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let hms: Vec<i64> = time.split(':').filter_map(|x| x.parse().ok()).collect();
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    let days = crate::timestamp::days_from_civil(year.parse().ok()?, month, day.parse().ok()?);
    let at = (days * 86_400 + h * 3600 + m * 60 + s) as f64 * 1000.0;
    Some(((at - now_ms) / 1000.0).max(0.0))
}

/// What a request was for, to name it in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// One conversation's events, by display id.
    Conversation(i64),
    /// A page of the account's events.
    AccountPage(i64),
    /// The inbox list.
    Inboxes,
    /// The agent list.
    Agents,
}

impl Resource {
    /// Names the resource in a message.
    pub fn describe(&self, out: &mut String) {
        match *self {
            Resource::Conversation(id) => {
                out.push_str("the events of conversation ");
                push_int(out, id);
            }
            Resource::AccountPage(p) => {
                out.push_str("page ");
                push_int(out, p);
                out.push_str(" of the account's events");
            }
            Resource::Inboxes => out.push_str("the inbox list"),
            Resource::Agents => out.push_str("the agent list"),
        }
    }
}

/// The text a Chatwoot error body carries: `{"error": …}` (what servers send) or the
/// documented `{"description": …, "errors": [{"message": …}]}`, read with serde_json (a
/// repeated key keeps its last value, as `JSON.parse` does); `error` wins.
pub fn server_error_text(body: &[u8]) -> Option<String> {
    let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
    ["error", "description", "message"]
        .iter()
        .find_map(|k| fields.get(*k)?.as_str().map(str::to_owned))
        .filter(|t| !t.trim().is_empty())
}

/// A short plain-text body (not JSON, not HTML), as a proxy or a misconfigured server
/// sends: worth quoting in the message.
fn plain_text(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let t = text.trim();
    (!t.is_empty() && !t.starts_with(['{', '[', '<'])).then(|| t.to_owned())
}

/// Whether a body looks like an HTML page (a proxy's or a login screen's).
pub fn looks_like_html(body: &[u8]) -> bool {
    // JSON never starts with '<'; HTML, XML and SGML error pages always do.
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The error for an answer with a non-2xx `status` and `body`.
pub fn error_for_status(
    status: u16,
    body: &[u8],
    resource: Resource,
    retry_after: Option<f64>,
) -> ReportingError {
    let said = server_error_text(body);
    let mut m = String::new();
    let code = match status {
        401 => {
            m.push_str("Chatwoot refused the access token (401)");
            ErrorCode::Unauthorized
        }
        403 => {
            m.push_str("Chatwoot does not allow this token to read ");
            resource.describe(&mut m);
            m.push_str(" (403)");
            ErrorCode::Forbidden
        }
        404 => {
            m.push_str("Chatwoot answered 404 (not found) for ");
            resource.describe(&mut m);
            m.push_str(": the reporting-events endpoints exist only in Chatwoot Enterprise, or the account id");
            m.push_str(if matches!(resource, Resource::Conversation(_)) {
                " or the conversation's display id is wrong"
            } else {
                " is wrong"
            });
            ErrorCode::NotFound
        }
        429 => {
            m.push_str("Chatwoot is rate-limiting these requests (429)");
            if let Some(s) = retry_after {
                m.push_str("; it asks to wait ");
                push_int(&mut m, s.ceil() as i64);
                m.push_str(" s");
            }
            ErrorCode::RateLimited
        }
        500..=599 => {
            m.push_str("The Chatwoot server failed (");
            push_int(&mut m, i64::from(status));
            m.push_str(") while answering for ");
            resource.describe(&mut m);
            ErrorCode::ServerError
        }
        _ => {
            m.push_str("Unexpected HTTP status ");
            push_int(&mut m, i64::from(status));
            m.push_str(" for ");
            resource.describe(&mut m);
            ErrorCode::HttpError
        }
    };
    if let Some(text) = said {
        m.push_str(": \"");
        push_excerpt(&mut m, &text, 200);
        m.push('"');
    } else if looks_like_html(body) {
        m.push_str(" (the answer is an HTML page, perhaps from a proxy)");
    } else if let Some(text) = plain_text(body) {
        m.push_str(": \"");
        push_excerpt(&mut m, &text, 200);
        m.push('"');
    }
    m.push('.');
    let mut e = ReportingError::new(code, m);
    e.status = Some(status);
    e
}

/// The error when the request got no answer at all.
pub fn network_error(base: &BaseUrl, resource: Resource) -> ReportingError {
    let mut m = String::from("The request for ");
    resource.describe(&mut m);
    m.push_str(" to ");
    m.push_str(base.origin());
    m.push_str(" got no answer. Likely causes: the server is unreachable, or it does not allow cross-origin requests from this page (CORS: Chatwoot needs ENABLE_API_CORS=true or CW_API_ONLY_SERVER=true, or use a same-origin proxy).");
    ReportingError::new(ErrorCode::Network, m)
}

/// The error for a redirect: never followed (the token would go with it) and never
/// retried. `status` is what the engine shows (browsers hide a redirect as status 0) and
/// `to` the origin it points to, when visible.
pub fn redirect_error(base: &BaseUrl, resource: Resource, status: u16, to: Option<&str>) -> ReportingError {
    let mut m = String::from("The server redirected the request for ");
    resource.describe(&mut m);
    if status != 0 {
        m.push_str(" (");
        push_int(&mut m, i64::from(status));
        m.push(')');
    }
    m.push_str(", which is not followed so that the token stays with ");
    m.push_str(base.origin());
    match to {
        Some(to) if to != base.origin() => {
            m.push_str(": set baseUrl to ");
            m.push_str(to);
            m.push_str(" instead.");
        }
        _ => m.push_str(": set baseUrl to the address the server redirects to (often the https:// form, or the host with or without www)."),
    }
    let mut e = ReportingError::new(ErrorCode::HttpError, m);
    e.status = (status != 0).then_some(status);
    e
}

/// The error when a request took longer than `timeout_ms`.
pub fn timeout_error(resource: Resource, timeout_ms: f64) -> ReportingError {
    let mut m = String::from("The request for ");
    resource.describe(&mut m);
    m.push_str(" took longer than ");
    push_int(&mut m, timeout_ms.round() as i64);
    m.push_str(" ms (timeoutMs).");
    ReportingError::new(ErrorCode::Timeout, m)
}

/// The error when the caller aborted.
pub fn aborted_error() -> ReportingError {
    ReportingError::new(ErrorCode::Aborted, "The request was aborted.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_timeouts_never_cut_a_request_short() {
        for timeout in [
            1.0,
            300.0,
            1000.0,
            30_000.0,
            MAX_TIMER_MS - 50.0,
            MAX_TIMER_MS,
        ] {
            let share = TimeoutShare::new(timeout);
            assert!(share.slot_ms <= 100.0 && share.slot_ms <= timeout / 50.0);
            assert!(
                share.armed_ms <= MAX_TIMER_MS,
                "a longer timer fires at once"
            );
            // The latest request to join starts just before the slot ends: it still gets
            // at least `timeout` ms; the first one gets at most one slot more.
            let last_start = share.slot_ms * 0.999_999;
            assert!(share.armed_ms - last_start >= timeout);
            assert!(share.armed_ms <= timeout + share.slot_ms);
        }
        let share = TimeoutShare::new(30_000.0);
        assert_eq!(share.slot_ms, 100.0);
        assert!(share.joins(1000.0, 0, 1000.0));
        assert!(share.joins(1000.0, 31, 1099.0));
        assert!(!share.joins(1000.0, 32, 1000.0), "too many listeners");
        assert!(!share.joins(1000.0, 0, 1100.0), "slot over");
        assert!(!share.joins(1000.0, 0, 999.0), "clock went backwards");
        assert_eq!(TimeoutShare::new(300.0).slot_ms, 6.0);
        let longest = TimeoutShare::new(MAX_TIMER_MS);
        assert_eq!(longest.slot_ms, 0.0);
        assert!(!longest.joins(1000.0, 0, 1000.0), "no slot, no sharing");
    }

    #[test]
    fn urls() {
        let parts = crate::origin::UrlParts {
            protocol: "https:",
            hostname: "c.example",
            origin: "https://c.example",
            href: "https://c.example/",
            ..Default::default()
        };
        let b = BaseUrl::from_parts(&parts, false, None).unwrap();
        assert_eq!(
            conversation_url(&b, 3, 42),
            "https://c.example/api/v1/accounts/3/conversations/42/reporting_events"
        );
        let q = AccountQuery {
            range: Some((10, 20)),
            inbox_id: Some(5),
            user_id: None,
            name: Some("first response&x".into()),
        };
        assert_eq!(
            account_url(&b, 3, 2, &q),
            "https://c.example/api/v1/accounts/3/reporting_events?page=2&since=10&until=20&inbox_id=5&name=first%20response%26x"
        );
        assert_eq!(
            inboxes_url(&b, 3),
            "https://c.example/api/v1/accounts/3/inboxes"
        );
    }

    #[test]
    fn error_bodies_through_serde_json() {
        assert_eq!(server_error_text(br#"{"error":"a","error":"b"}"#).as_deref(), Some("b"));
        assert_eq!(server_error_text(br#"{"description":"d","error":"e"}"#).as_deref(), Some("e"));
        assert_eq!(server_error_text(br#"{"description":"d","errors":[]}"#).as_deref(), Some("d"));
        assert_eq!(server_error_text(b"not json"), None);
        let e = error_for_status(500, b"upstream connect error or disconnect", Resource::Inboxes, None);
        assert!(e.message.ends_with(": \"upstream connect error or disconnect\"."), "{}", e.message);
    }

    #[test]
    fn status_errors_keep_the_server_text() {
        let e = error_for_status(
            401,
            br#"{"error":"Invalid Access Token"}"#,
            Resource::Conversation(7),
            None,
        );
        assert_eq!((e.code, e.status), (ErrorCode::Unauthorized, Some(401)));
        assert!(
            e.message.contains("\"Invalid Access Token\""),
            "{}",
            e.message
        );
        let e = error_for_status(
            403,
            br#"{"description":"Not allowed","errors":[{"field":"x","message":"m","code":"c"}]}"#,
            Resource::Conversation(7),
            None,
        );
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(e.message.contains("\"Not allowed\""));
        let e = error_for_status(
            404,
            br#"{"error":"Resource could not be found"}"#,
            Resource::Conversation(7),
            None,
        );
        assert!(
            e.message.contains("Enterprise") && e.message.contains("display id"),
            "{}",
            e.message
        );
        let e = error_for_status(
            502,
            b"<html><body>Bad Gateway</body></html>",
            Resource::AccountPage(2),
            None,
        );
        assert_eq!(e.code, ErrorCode::ServerError);
        assert!(e.message.contains("HTML"));
        let e = error_for_status(429, b"", Resource::Inboxes, Some(120.0));
        assert!(e.message.contains("120 s"));
        assert_eq!(
            error_for_status(418, b"", Resource::Inboxes, None).code,
            ErrorCode::HttpError
        );
    }

    #[test]
    fn retry_policy() {
        for s in [429, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [400, 401, 403, 404, 500, 501] {
            assert!(!is_retryable_status(s));
        }
        assert_eq!(backoff_ms(0, 0.0), 125.0);
        assert_eq!(backoff_ms(0, 0.999_999), 249.999_875);
        assert_eq!(backoff_ms(10, 0.5), 6000.0);
        assert!(backoff_ms(100, 1.0) <= 8000.0);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3", 0.0), Some(3.0));
        let now = 784_111_777_000.0 - 5000.0; // 5 s before Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(5.0)
        );
        assert_eq!(parse_retry_after("soon", 0.0), None);
        assert_eq!(parse_retry_after("-1", 0.0), None);
    }
}
