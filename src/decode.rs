//! Bytes to validated events in one pass.
//!
//! The decoder reads the response body once, matching keys by length and bytes, parsing
//! numbers and timestamps in place and validating as it goes; each event is assembled in
//! one stack row and written into the columns only when it is complete (`event`). Checks
//! that need the whole body (duplicate ids, ordering) run at the end over the columns, not
//! the bytes (`sink`).
//!
//! The body is read in units, an event at a time (`body`), so that one code reads a body
//! given whole ([`decode`]) or as it arrives ([`crate::stream::StreamDecoder`]): `decode`
//! is a stream decoder given the whole body in one piece.

pub(crate) mod across;
pub(crate) mod body;
mod check;
pub(crate) use check::{cross_field_checks, wrong_type_message, CrossFields};
mod event;
pub(crate) mod sink;

use crate::event_set::EventSet;
use crate::issue::{Issue, IssueCode, Location};
use crate::json::SyntaxError;
use crate::stream::StreamDecoder;
use crate::text::push_int;

/// Default size limit of a body given to `parseEvents` or `parseEventStream`: 512 MiB.
///
/// Chosen so that any body a page can hold parses without options: V8's longest string is
/// 2^29 − 24 characters (just under 512 MiB), and 512 MiB is about 1.6 million events of
/// Chatwoot's JSON, past the million a tab is meant to handle (issue 15). The columns take
/// about 61 bytes an event, so a body at the limit holds ~100 MB in wasm memory after a
/// streamed parse (plus the body's copy while `parseEvents` reads a body given whole).
pub const DEFAULT_MAX_BYTES: usize = 512 * 1024 * 1024;

/// Default size limit of one answer the client reads: 64 MiB. An answer is one page of 25
/// events (~8 KB) or one conversation's events; a limit 8 000 times that stops a proxy or
/// server that streams without end long before it fills the tab's memory.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// What to do with events that have errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Any error fails the whole body.
    #[default]
    Strict,
    /// Events with errors are dropped, the rest kept.
    Lenient,
}

/// Options of [`decode`] and [`parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// When given, events of any other account are errors.
    pub account_id: Option<i64>,
    /// Bodies longer than this fail with `too_large`.
    pub max_bytes: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            mode: Mode::Strict,
            account_id: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The `meta` of the account-wide endpoint's envelope.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// Total number of events matching the query.
    pub count: Option<i64>,
    /// This page's number.
    pub current_page: Option<i64>,
    /// Number of pages.
    pub total_pages: Option<i64>,
}

/// Everything the decoder found.
#[derive(Debug, Default)]
pub struct Decoded {
    /// The events without errors, in body order, with every issue attached.
    pub events: EventSet,
    /// Whether the body as a whole was unusable (bad JSON, not an array, too large).
    pub body_failed: bool,
    /// Present when the body was the account endpoint's `{"payload", "meta"}` envelope.
    pub meta: Option<PageMeta>,
}

impl Decoded {
    /// Whether any issue is an error.
    pub fn has_errors(&self) -> bool {
        self.events
            .issues
            .iter()
            .any(|i| i.code.severity() == crate::issue::Severity::Error)
    }
}

/// Why [`parse`] refused a body.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseFailure {
    /// `too_large` for the size limit, else `invalid_data`.
    pub too_large: bool,
    /// A one-sentence summary.
    pub message: String,
    /// Every issue found.
    pub issues: Vec<Issue>,
}

/// Decodes and validates `bytes`, then applies the mode: in strict mode any error fails;
/// in lenient mode only a body-level error does. Warnings never fail.
pub fn parse(bytes: &[u8], opts: &DecodeOptions) -> Result<EventSet, ParseFailure> {
    apply_mode(decode(bytes, opts), opts.mode)
}

/// The second half of [`parse`]: what `mode` makes of a decoding result.
pub fn apply_mode(decoded: Decoded, mode: Mode) -> Result<EventSet, ParseFailure> {
    let fail = decoded.body_failed || (mode == Mode::Strict && decoded.has_errors());
    if !fail {
        return Ok(decoded.events);
    }
    let issues = decoded.events.issues;
    let too_large = issues
        .first()
        .is_some_and(|i| i.code == IssueCode::TooLarge);
    let errors = issues
        .iter()
        .filter(|i| i.code.severity() == crate::issue::Severity::Error)
        .count();
    let mut message = String::new();
    if decoded.body_failed {
        if let Some(first) = issues.first() {
            message.push_str(&first.message);
        }
    } else {
        message.push_str("The events failed validation with ");
        push_int(&mut message, errors as i64);
        message.push_str(if errors == 1 { " error" } else { " errors" });
        if let Some(first) = issues
            .iter()
            .find(|i| i.code.severity() == crate::issue::Severity::Error)
        {
            message.push_str("; the first, at ");
            message.push_str(&first.path());
            message.push_str(": ");
            message.push_str(&first.message);
        } else {
            message.push('.');
        }
    }
    Err(ParseFailure {
        too_large,
        message,
        issues,
    })
}

/// Decodes and validates `bytes`, reporting every issue and keeping every event that has
/// no error (lenient semantics; [`parse`] applies strict mode on top).
pub fn decode(bytes: &[u8], opts: &DecodeOptions) -> Decoded {
    let mut stream = StreamDecoder::new(opts);
    stream.push(bytes);
    stream.finish()
}

/// The result for a body of `len` bytes over the `max` limit; public so that callers
/// which know the length before having the bytes (a JS string) need not copy them.
pub fn too_large(len: usize, max: usize) -> Decoded {
    let mut m = String::from("The body is ");
    push_int(&mut m, len as i64);
    m.push_str(" bytes or more, above the limit of ");
    push_int(&mut m, max as i64);
    m.push_str(" bytes (maxBytes).");
    body_failure(IssueCode::TooLarge, m)
}

pub(crate) fn body_failure(code: IssueCode, message: String) -> Decoded {
    let mut events = EventSet::new();
    events
        .issues
        .push(Issue::new(Location::BODY, code, message));
    Decoded {
        events,
        body_failed: true,
        meta: None,
    }
}

/// The message of a syntax error, given the first bytes of the body (at most 64 are
/// looked at; none for an empty body).
pub(crate) fn syntax_message(e: &SyntaxError, head: &[u8]) -> String {
    let mut m = String::from("The body is not valid JSON: ");
    m.push_str(e.what);
    m.push_str(" at byte ");
    push_int(&mut m, e.pos as i64);
    let head = head.get(..64).unwrap_or(head);
    if head.is_empty() {
        m = String::from("The body is empty, not JSON.");
    } else if head.contains(&b'<') && !head.contains(&b'[') {
        m.push_str(" (it looks like an HTML page, perhaps from a proxy or a login screen).");
    } else {
        m.push('.');
    }
    m
}
