//! Where the access token may go: the base URL decided on its WHATWG-parsed parts (as the
//! JavaScript engine's `URL` parses it, never on the text the caller wrote), the token's
//! own shape, and scrubbing it out of anything a server sent back.
//!
//! The text tests this replaces (`starts_with("127.")`, `ends_with(".localhost")`, "starts
//! with `/`") were fooled by hosts the parser reads differently: `http://127.evil.example`
//! is a DNS name, `http://evil.example\.localhost` has host `evil.example`, and `/\host`
//! or `/<TAB>/host` resolve to another origin than the page's.

use crate::error::{ErrorCode, ReportingError};

/// A base URL's parts as the engine's `URL` gives them (`new URL(raw, page)`).
#[derive(Clone, Copy, Debug, Default)]
pub struct UrlParts<'a> {
    /// `url.protocol`, e.g. `"https:"`.
    pub protocol: &'a str,
    /// `url.hostname`: lower-case, IPv4 in dotted decimal, IPv6 in brackets.
    pub hostname: &'a str,
    /// `url.username` and `url.password` joined; non-empty when either is set.
    pub credentials: &'a str,
    /// `url.search` + `url.hash`.
    pub query_and_fragment: &'a str,
    /// `url.origin`.
    pub origin: &'a str,
    /// `url.href`.
    pub href: &'a str,
}

/// A checked base URL: absolute, without a trailing slash, `https:` or `http:` to a
/// loopback host, and for a relative base the page's own origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    href: String,
    origin_len: usize,
}

fn bad(why: &str) -> ReportingError {
    ReportingError::invalid_argument(["The baseUrl ", why].concat())
}

impl BaseUrl {
    /// Checks the parsed base URL. `page_origin` is the origin of the page (or worker)
    /// the client runs in, when there is one; `relative` says the caller gave a path that
    /// only means something against the page's address.
    pub fn from_parts(
        url: &UrlParts,
        relative: bool,
        page_origin: Option<&str>,
    ) -> Result<BaseUrl, ReportingError> {
        if relative {
            match page_origin {
                None => return Err(bad("is a path, but there is no page to resolve it against: give the full address (https://…).")),
                Some(page) if page != url.origin => return Err(bad("is a path that resolves to another origin than this page's; give the full address (https://…) of the Chatwoot server.")),
                Some(_) => {}
            }
        }
        if !url.credentials.is_empty() {
            return Err(bad("must not contain a user name or password."));
        }
        if !url.query_and_fragment.is_empty() {
            return Err(bad("must not have a query (?…) or fragment (#…)."));
        }
        if url.hostname.is_empty() {
            return Err(bad("must name a host."));
        }
        match url.protocol {
            "https:" => {}
            "http:" if is_loopback_host(url.hostname) => {}
            "http:" => return Err(bad("must use https:// (plain http is only allowed to this machine: localhost, 127.0.0.0/8, [::1]), so that the access token never crosses a network in clear text.")),
            _ => return Err(bad("must start with https://.")),
        }
        if !url.href.starts_with(url.origin) {
            return Err(bad("could not be read."));
        }
        let href = url.href.trim_end_matches('/');
        Ok(BaseUrl {
            href: href.to_owned(),
            origin_len: url.origin.len().min(href.len()),
        })
    }

    /// The absolute URL text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.href
    }

    /// `scheme://host[:port]`: safe to show in messages.
    pub fn origin(&self) -> &str {
        self.href.get(..self.origin_len).unwrap_or(&self.href)
    }
}

/// Whether a WHATWG-parsed hostname is this machine: `localhost`, `*.localhost` (RFC 6761
/// reserves both for loopback and browsers resolve them so), an IPv4 address in
/// 127.0.0.0/8, or `[::1]`. The parser already turned `127.1`, `0x7f.1` and the like into
/// dotted decimal, so anything else that starts with "127." is a DNS name.
pub fn is_loopback_host(hostname: &str) -> bool {
    if hostname == "localhost" || hostname == "[::1]" {
        return true;
    }
    if let Some(label) = hostname.strip_suffix(".localhost") {
        return !label.is_empty() && !label.ends_with('.');
    }
    let octets: Vec<&str> = hostname.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u16>().is_ok_and(|n| n <= 255))
}

/// Checks that a token can travel in a header as it is: visible ASCII only (no spaces,
/// control characters, line breaks or non-ASCII, which `Headers` would refuse or mangle
/// at the first request, long after construction). The message never quotes the token.
pub fn check_token(token: &str) -> Result<(), ReportingError> {
    if token.is_empty() {
        return Err(ReportingError::invalid_argument(
            "The option `apiAccessToken` must not be empty.",
        ));
    }
    if !token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(ReportingError::invalid_argument(
            "The option `apiAccessToken` may hold only visible ASCII characters (no spaces, line breaks or accents): copy it again from Chatwoot's profile settings.",
        ));
    }
    Ok(())
}

/// What replaces the token wherever a server echoed it.
pub const REDACTED: &str = "[redacted]";

/// `bytes` with every occurrence of `secret` replaced by [`REDACTED`]; `None` when it has
/// none (the common case, found without copying). Run on a body *before* anything quotes
/// or cuts it, so that no excerpt can keep a piece of the token.
pub fn redact_bytes(bytes: &[u8], secret: &str) -> Option<Vec<u8>> {
    let s = secret.as_bytes();
    let first = s.first()?;
    let found = |at: usize| bytes.get(at..at + s.len()) == Some(s);
    let mut positions = bytes
        .iter()
        .enumerate()
        .filter(|&(i, b)| b == first && found(i))
        .map(|(i, _)| i)
        .peekable();
    positions.peek()?;
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for at in positions {
        if at < from {
            continue; // overlaps the previous occurrence
        }
        out.extend_from_slice(bytes.get(from..at).unwrap_or_default());
        out.extend_from_slice(REDACTED.as_bytes());
        from = at + s.len();
    }
    out.extend_from_slice(bytes.get(from..).unwrap_or_default());
    Some(out)
}

/// `text` with every occurrence of `secret` replaced: the last defence on every message.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() || !text.contains(secret) {
        return text.to_owned();
    }
    text.replace(secret, REDACTED)
}

/// The shortest piece of a token worth scrubbing on its own: shorter runs are common in
/// ordinary text and say too little about the token.
pub const PIECE: usize = 6;

/// `text` with every run of [`PIECE`] or more consecutive characters of `secret` replaced:
/// for text made from a body that is no longer at hand (decoded as it streamed by), where
/// an excerpt may have cut the token anywhere. Linear in `text` × `secret`; run only on
/// short texts (issue messages).
pub fn redact_pieces(text: &str, secret: &str) -> String {
    let (t, s) = (text.as_bytes(), secret.as_bytes());
    if s.len() < PIECE || t.len() < PIECE {
        return text.to_owned();
    }
    // The longest run of the secret starting at each position of the text.
    let run_at = |i: usize| {
        (0..s.len())
            .map(|j| {
                t.get(i..)
                    .unwrap_or_default()
                    .iter()
                    .zip(s.get(j..).unwrap_or_default())
                    .take_while(|(a, b)| a == b)
                    .count()
            })
            .max()
            .unwrap_or(0)
    };
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    let mut changed = false;
    while i < t.len() {
        let run = run_at(i);
        if run >= PIECE {
            out.extend_from_slice(REDACTED.as_bytes());
            i += run;
            changed = true;
        } else {
            out.extend(t.get(i).copied());
            i += 1;
        }
    }
    if !changed {
        return text.to_owned();
    }
    // Only ASCII (the token's characters) was cut out, so the rest is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Whether an error (message and issues) still holds the secret anywhere.
pub fn mentions(e: &ReportingError, secret: &str) -> bool {
    !secret.is_empty()
        && (e.message.contains(secret)
            || e.issues
                .iter()
                .flatten()
                .any(|i| i.message.contains(secret)))
}

/// `e` with the secret scrubbed from its message and issue messages.
pub fn redact_error(mut e: ReportingError, secret: &str) -> ReportingError {
    if mentions(&e, secret) {
        e.message = redact(&e.message, secret);
        for i in e.issues.iter_mut().flatten() {
            i.message = redact(&i.message, secret);
        }
    }
    debug_assert!(e.code != ErrorCode::InvalidArgument || !e.message.contains(secret));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(protocol: &'a str, hostname: &'a str, origin: &'a str, href: &'a str) -> UrlParts<'a> {
        UrlParts { protocol, hostname, origin, href, ..UrlParts::default() }
    }

    #[test]
    fn loopback_is_decided_on_the_parsed_host() {
        for host in ["localhost", "a.localhost", "x.y.localhost", "127.0.0.1", "127.5.6.7", "127.255.255.255", "[::1]"] {
            assert!(is_loopback_host(host), "{host}");
        }
        // What the text tests let through: DNS names that merely look local.
        for host in ["127.evil.example", "evil.example", "localhost.evil.example", "127.0.0.1.evil.example",
                     "128.0.0.1", "127.0.0", "127.0.0.256", ".localhost", "evil.localhost.example", "[::2]", "::1"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn base_urls() {
        let ok = BaseUrl::from_parts(&parts("https:", "app.chatwoot.com", "https://app.chatwoot.com", "https://app.chatwoot.com/"), false, None).unwrap();
        assert_eq!(ok.as_str(), "https://app.chatwoot.com");
        assert_eq!(ok.origin(), "https://app.chatwoot.com");
        let sub = BaseUrl::from_parts(&parts("https:", "h.example", "https://h.example:8443", "https://h.example:8443/sub/"), false, None).unwrap();
        assert_eq!((sub.as_str(), sub.origin()), ("https://h.example:8443/sub", "https://h.example:8443"));
        assert!(BaseUrl::from_parts(&parts("http:", "127.0.0.1", "http://127.0.0.1:8080", "http://127.0.0.1:8080/"), false, None).is_ok());
        // `http://127.evil.example` and `http://evil.example\.localhost` (host evil.example).
        for host in ["127.evil.example", "evil.example"] {
            let origin = format!("http://{host}");
            let e = BaseUrl::from_parts(&parts("http:", host, &origin, &origin), false, None).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument);
        }
        let ftp = BaseUrl::from_parts(&parts("ftp:", "x", "null", "ftp://x/"), false, None);
        assert!(ftp.is_err());
        let creds = UrlParts { credentials: "u:p", ..parts("https:", "h", "https://h", "https://u:p@h/") };
        assert!(BaseUrl::from_parts(&creds, false, None).is_err());
        let query = UrlParts { query_and_fragment: "?q=1", ..parts("https:", "h", "https://h", "https://h/?q=1") };
        assert!(BaseUrl::from_parts(&query, false, None).is_err());
    }

    #[test]
    fn a_relative_base_must_stay_on_the_page_origin() {
        let page = Some("https://support.example");
        let same = parts("https:", "support.example", "https://support.example", "https://support.example/chatwoot");
        assert_eq!(BaseUrl::from_parts(&same, true, page).unwrap().as_str(), "https://support.example/chatwoot");
        // `/\evil.example` resolves to https://evil.example/ in a browser.
        let other = parts("https:", "evil.example", "https://evil.example", "https://evil.example/");
        assert!(BaseUrl::from_parts(&other, true, page).is_err());
        assert!(BaseUrl::from_parts(&same, true, None).is_err(), "no page: a path means nothing");
    }

    #[test]
    fn tokens() {
        assert!(check_token("abcDEF123-_.~").is_ok());
        for bad in ["", " ", "a b", "tab\there", "cr\r", "lf\n", "nul\0", "é", "x\u{7f}"] {
            let e = check_token(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument);
            assert!(bad.len() < 3 || !e.message.contains(bad));
        }
    }

    #[test]
    fn redaction_runs_on_bytes_before_any_excerpt() {
        assert_eq!(redact_bytes(b"no secret here", "tok-123"), None);
        assert_eq!(redact_bytes(b"", "tok"), None);
        assert_eq!(redact_bytes(b"x", ""), None);
        assert_eq!(
            redact_bytes(b"tok-1 and tok-1tok-1!", "tok-1").as_deref(),
            Some(&b"[redacted] and [redacted][redacted]!"[..])
        );
        assert_eq!(redact("said tok-9 twice: tok-9", "tok-9"), "said [redacted] twice: [redacted]");
        assert_eq!(redact("clean", ""), "clean");
    }

    #[test]
    fn pieces_of_a_token_are_scrubbed_wherever_an_excerpt_cut_it() {
        let token = "tok-LEAKCHECK-7f3a9c";
        assert_eq!(redact_pieces("value 'tok-LEAKCH…' is not a number", token), "value '[redacted]…' is not a number");
        assert_eq!(redact_pieces("…CHECK-7f3a9c' at [3]", token), "…[redacted]' at [3]");
        assert_eq!(redact_pieces(&format!("a {token} b {token}"), token), "a [redacted] b [redacted]");
        assert_eq!(redact_pieces("no piece: tok-L here, é", token), "no piece: tok-L here, é");
        assert_eq!(redact_pieces("short", "abc"), "short");
    }
}
