//! The HTTP policy of the client, kept pure so it is tested natively: which URLs it asks
//! for, which base URLs it accepts, what each answer means as a [`ReportingError`], when it
//! retries and how long it waits. The wasm client (`bindings::client`) only performs the
//! requests.

use crate::error::{ErrorCode, ReportingError};
use crate::json::Reader;
use crate::text::{push_excerpt, push_int};

/// A checked base URL without a trailing slash: `https://…`, `http://` on a loopback host,
/// or a same-origin path such as `/chatwoot`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `raw`. Plain HTTP is refused except to loopback hosts, because the access
    /// token would otherwise cross the network in clear text.
    pub fn parse(raw: &str) -> Result<BaseUrl, ReportingError> {
        let trimmed = raw.trim();
        let s = trimmed.trim_end_matches('/');
        let bad = |why: &str| ReportingError::invalid_argument(["The baseUrl ", why].concat());
        // A same-origin path; "/" itself (the page's own server) becomes "", so that the
        // request paths start at the root.
        if trimmed.starts_with('/') && !trimmed.starts_with("//") {
            return Ok(BaseUrl(s.to_owned()));
        }
        let (scheme, rest) = s.split_once("://").ok_or_else(|| {
            bad("must start with https:// (or be a same-origin path like /chatwoot).")
        })?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.is_empty() || authority.contains('@') {
            return Err(bad("must name a host, without user name or password."));
        }
        if rest.contains(['?', '#']) {
            return Err(bad("must not have a query or fragment."));
        }
        match scheme.to_ascii_lowercase().as_str() {
            "https" => Ok(BaseUrl(s.to_owned())),
            "http" if is_loopback(authority) => Ok(BaseUrl(s.to_owned())),
            "http" => Err(bad("must use https:// (plain http is only allowed for localhost and 127.0.0.1), so that the access token is never sent in clear text.")),
            _ => Err(bad("must start with https://.")),
        }
    }

    /// The URL text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The origin part (scheme and host), or the path for a same-origin base; safe to
    /// show in messages.
    pub fn origin(&self) -> &str {
        match self.0.find("://") {
            Some(i) => {
                let after = i + 3;
                let end = self.0[after..]
                    .find('/')
                    .map_or(self.0.len(), |j| after + j);
                &self.0[..end]
            }
            None => &self.0,
        }
    }
}

/// Whether the authority (`host[:port]`) is a loopback address.
fn is_loopback(authority: &str) -> bool {
    let host = if let Some(rest) = authority.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let host = host.to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || host == "::1" || host.starts_with("127.")
}

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
    /// Epoch seconds, inclusive.
    pub since: Option<i64>,
    /// Epoch seconds, exclusive.
    pub until: Option<i64>,
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
        ("since", q.since),
        ("until", q.until),
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

fn account_prefix(base: &BaseUrl, account_id: i64) -> String {
    let mut u = String::with_capacity(base.0.len() + 64);
    u.push_str(&base.0);
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
}

impl Resource {
    fn describe(&self, out: &mut String) {
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
        }
    }
}

/// The text a Chatwoot error body carries: `{"error": …}` (what servers send) or the
/// documented `{"description": …, "errors": [{"message": …}]}`.
pub fn server_error_text(body: &[u8]) -> Option<String> {
    let mut r = Reader::new(body);
    if r.peek_ws() != Some(b'{') {
        return None;
    }
    r.bump();
    let mut found: Option<String> = None;
    if r.peek_ws() == Some(b'}') {
        return None;
    }
    loop {
        let key = r.object_key().ok()?;
        let is_text_key = matches!(&*key, b"error" | b"description" | b"message");
        match (is_text_key, r.peek()) {
            (true, Some(b'"')) => {
                let text = r.string().ok()?;
                let text = String::from_utf8_lossy(&text).into_owned();
                // `error` (what servers send) wins over `description`.
                if found.is_none() || &*key == b"error" {
                    found = Some(text);
                }
            }
            _ => r.skip_value().ok()?,
        }
        if !r.comma_or(b'}', "").ok()? {
            break;
        }
    }
    found.filter(|t| !t.trim().is_empty())
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
    m.push_str(" got no answer. Likely causes: the server is unreachable, or it does not allow cross-origin requests from this page (CORS: Chatwoot needs ENABLE_API_CORS=true or CW_API_ONLY_SERVER=true, or use a same-origin proxy), or it answered with a redirect, which is refused so the token never follows it.");
    ReportingError::new(ErrorCode::Network, m)
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

/// `message` with every occurrence of `secret` replaced, a last line of defence so that
/// the token can never leave in an error even if a server or proxy echoes it back.
pub fn redact(message: &str, secret: &str) -> String {
    if secret.is_empty() || !message.contains(secret) {
        return message.to_owned();
    }
    message.replace(secret, "[redacted]")
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
    fn base_urls() {
        assert_eq!(
            BaseUrl::parse("https://app.chatwoot.com/")
                .unwrap()
                .as_str(),
            "https://app.chatwoot.com"
        );
        assert!(BaseUrl::parse("http://localhost:3000").is_ok());
        assert!(BaseUrl::parse("http://127.0.0.1:8080/").is_ok());
        assert!(BaseUrl::parse("http://[::1]:8080").is_ok());
        assert!(BaseUrl::parse("/chatwoot").is_ok());
        let root = BaseUrl::parse("/").unwrap();
        assert_eq!(
            conversation_url(&root, 1, 2),
            "/api/v1/accounts/1/conversations/2/reporting_events"
        );
        for bad in [
            "http://chatwoot.example.com",
            "ftp://x",
            "//evil.example",
            "https://",
            "https://u:p@host",
            "chatwoot.example.com",
            "https://h/?q=1",
        ] {
            let e = BaseUrl::parse(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad}");
        }
        assert_eq!(
            BaseUrl::parse("https://h.example:8443/sub")
                .unwrap()
                .origin(),
            "https://h.example:8443"
        );
    }

    #[test]
    fn urls() {
        let b = BaseUrl::parse("https://c.example/").unwrap();
        assert_eq!(
            conversation_url(&b, 3, 42),
            "https://c.example/api/v1/accounts/3/conversations/42/reporting_events"
        );
        let q = AccountQuery {
            since: Some(10),
            until: Some(20),
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

    #[test]
    fn redaction() {
        assert_eq!(
            redact("token abc in abc", "abc"),
            "token [redacted] in [redacted]"
        );
        assert_eq!(redact("nothing", ""), "nothing");
    }
}
