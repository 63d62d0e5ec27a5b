//! Bytes to validated events in one pass.
//!
//! The decoder reads the response body once, matching keys by length and bytes, parsing
//! numbers and timestamps in place and validating as it goes; each event is assembled in
//! one stack [`Row`] and pushed into the columns only when it is complete. Checks that need
//! the whole body (duplicate ids, ordering) run afterwards over the columns, not the bytes.

use std::collections::BTreeMap;

use crate::event_set::EventSet;
use crate::issue::{Issue, IssueCode, Location};
use crate::json::{same_bytes, Reader, SyntaxError};
use crate::model::{Field, KnownName, MAX_SAFE_INTEGER, NULL_ID, NULL_TIME};
use crate::sort::{order_by, repeat_of};
use crate::text::{push_excerpt, push_int, push_seconds};
use crate::timestamp::{parse_chatwoot, parse_rfc3339, DateCache};

/// Default body size limit: 64 MiB.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Business-hours seconds may exceed wall-clock seconds by this much (rounding).
const BUSINESS_TOLERANCE: f64 = 1.0;

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
    if bytes.len() > opts.max_bytes {
        return too_large(bytes.len(), opts.max_bytes);
    }
    let mut d = Decoder::new(bytes, opts);
    match d.body() {
        Ok(Some(failure)) => return body_failure(failure.0, failure.1),
        Ok(None) => {}
        Err(e) => return body_failure(IssueCode::InvalidJson, syntax_message(&e, bytes)),
    }
    d.finish()
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

fn body_failure(code: IssueCode, message: String) -> Decoded {
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

fn syntax_message(e: &SyntaxError, bytes: &[u8]) -> String {
    let mut m = String::from("The body is not valid JSON: ");
    m.push_str(e.what);
    m.push_str(" at byte ");
    push_int(&mut m, e.pos as i64);
    if bytes.is_empty() {
        m = String::from("The body is empty, not JSON.");
    } else if bytes.iter().take(64).any(|&b| b == b'<')
        && !bytes.iter().take(64).any(|&b| b == b'[')
    {
        m.push_str(" (it looks like an HTML page, perhaps from a proxy or a login screen).");
    } else {
        m.push('.');
    }
    m
}

/// One event being assembled.
#[derive(Clone, Copy)]
struct Row {
    id: i64,
    name: u32,
    value: f64,
    value_in_business_hours: f64,
    event_start_time: i64,
    event_end_time: i64,
    account_id: i64,
    conversation_id: i64,
    inbox_id: i64,
    user_id: i64,
    created_at: i64,
    updated_at: i64,
}

impl Row {
    /// Nothing read yet. `value` and `account_id` start as "not read" (NaN, NULL_ID) rather
    /// than 0, so that when they are absent or of the wrong type (already an error) the
    /// cross-field checks do not add a second, spurious issue (business hours above a value
    /// of 0, an account mismatch with account 0). A kept row always has both read.
    const EMPTY: Row = Row {
        id: 0,
        name: 0,
        value: f64::NAN,
        value_in_business_hours: f64::NAN,
        event_start_time: NULL_TIME,
        event_end_time: NULL_TIME,
        account_id: NULL_ID,
        conversation_id: NULL_ID,
        inbox_id: NULL_ID,
        user_id: NULL_ID,
        created_at: 0,
        updated_at: 0,
    };

    /// Puts `field` back to "not read", for a key that comes again: `JSON.parse` keeps the
    /// last occurrence, so the row must read as if the earlier ones were absent.
    fn unread(&mut self, field: Field) {
        let e = Row::EMPTY;
        match field {
            Field::Id => self.id = e.id,
            Field::Name => self.name = e.name,
            Field::Value => self.value = e.value,
            Field::ValueInBusinessHours => self.value_in_business_hours = e.value_in_business_hours,
            Field::EventStartTime => self.event_start_time = e.event_start_time,
            Field::EventEndTime => self.event_end_time = e.event_end_time,
            Field::AccountId => self.account_id = e.account_id,
            Field::ConversationId => self.conversation_id = e.conversation_id,
            Field::InboxId => self.inbox_id = e.inbox_id,
            Field::UserId => self.user_id = e.user_id,
            Field::CreatedAt => self.created_at = e.created_at,
            Field::UpdatedAt => self.updated_at = e.updated_at,
        }
    }
}

const REQUIRED: [Field; 6] = [
    Field::Id,
    Field::Name,
    Field::Value,
    Field::AccountId,
    Field::CreatedAt,
    Field::UpdatedAt,
];

/// The bits of [`REQUIRED`].
const REQUIRED_BITS: u16 = {
    let mut bits = 0;
    let mut k = 0;
    while k < REQUIRED.len() {
        bits |= REQUIRED[k].bit();
        k += 1;
    }
    bits
};

/// Every field in the order Chatwoot writes them, with its key as it appears in compact
/// JSON: the delimiter before it, quoted, with its colon.
const COMPACT: [(Field, &[u8]); 12] = [
    (Field::Id, b"{\"id\":"),
    (Field::Name, b",\"name\":"),
    (Field::Value, b",\"value\":"),
    (
        Field::ValueInBusinessHours,
        b",\"value_in_business_hours\":",
    ),
    (Field::EventStartTime, b",\"event_start_time\":"),
    (Field::EventEndTime, b",\"event_end_time\":"),
    (Field::AccountId, b",\"account_id\":"),
    (Field::InboxId, b",\"inbox_id\":"),
    (Field::UserId, b",\"user_id\":"),
    (Field::ConversationId, b",\"conversation_id\":"),
    (Field::CreatedAt, b",\"created_at\":"),
    (Field::UpdatedAt, b",\"updated_at\":"),
];

/// A field's position in [`COMPACT`].
trait Order {
    fn order(self) -> usize;
}

impl Order for Field {
    fn order(self) -> usize {
        match self {
            Field::Id => 0,
            Field::Name => 1,
            Field::Value => 2,
            Field::ValueInBusinessHours => 3,
            Field::EventStartTime => 4,
            Field::EventEndTime => 5,
            Field::AccountId => 6,
            Field::InboxId => 7,
            Field::UserId => 8,
            Field::ConversationId => 9,
            Field::CreatedAt => 10,
            Field::UpdatedAt => 11,
        }
    }
}

/// The code of a known event name, by length (every known name has its own) and then
/// bytes: [`KnownName::from_bytes`] without trying each name in turn.
#[inline]
fn known_name(s: &[u8]) -> Option<u32> {
    let k = match s.len() {
        14 => KnownName::FirstResponse,
        10 => KnownName::ReplyTime,
        21 => KnownName::ConversationResolved,
        19 => KnownName::ConversationOpened,
        24 => KnownName::ConversationBotHandoff,
        25 => KnownName::ConversationBotResolved,
        39 => KnownName::CaptainInferenceResolved,
        38 => KnownName::CaptainInferenceHandoff,
        _ => return None,
    };
    same_bytes(s, k.as_str().as_bytes()).then_some(k as u32)
}

struct Decoder<'a, 'o> {
    r: Reader<'a>,
    /// The last date a timestamp held, for the next one.
    dates: DateCache,
    opts: &'o DecodeOptions,
    out: EventSet,
    /// Index in the body of each kept event, for issue paths found after decoding.
    source: Vec<u32>,
    /// How many events were kept: the columns and `source` are sized ahead, and only
    /// their first `kept` entries are events.
    kept: usize,
    /// Whether the events came in the account endpoint's envelope (newest first).
    envelope: bool,
    meta: Option<PageMeta>,
    /// Whether the event being decoded has an error so far.
    row_errors: bool,
    /// Where the issues of the event being decoded begin in `out.issues`.
    row_issues: usize,
}

/// What a field's value turned out to be.
enum Scalar<'a> {
    Null,
    Number(f64),
    Str(std::borrow::Cow<'a, [u8]>),
    Other(&'static str),
}

impl<'a, 'o> Decoder<'a, 'o> {
    fn new(bytes: &'a [u8], opts: &'o DecodeOptions) -> Self {
        // A Chatwoot event is about 300 bytes of JSON; reserving for that avoids regrowing
        // the columns while keeping the guess harmless for small bodies.
        let guess = (bytes.len() / 280).min(1 << 20);
        let mut out = EventSet::new();
        out.columns = crate::event_set::Columns::with_capacity(guess);
        Decoder {
            r: Reader::new(bytes),
            dates: DateCache::default(),
            opts,
            out,
            source: Vec::with_capacity(guess),
            kept: 0,
            envelope: false,
            meta: None,
            row_errors: false,
            row_issues: 0,
        }
    }

    fn issue(&mut self, loc: Location, code: IssueCode, message: String) {
        if code.severity() == crate::issue::Severity::Error {
            self.row_errors = true;
        }
        self.out.issues.push(Issue::new(loc, code, message));
    }

    /// The top level: an array of events, or the account endpoint's envelope. Returns a
    /// body-level failure (not an array) once the whole body is known to be valid JSON.
    fn body(&mut self) -> Result<Option<(IssueCode, String)>, SyntaxError> {
        let failure = match self.r.peek_ws() {
            Some(b'[') => {
                self.array()?;
                None
            }
            Some(b'{') => self.envelope()?,
            Some(_) => {
                let kind = self.kind_at_cursor();
                self.r.skip_value()?;
                let mut m = String::from("The body is ");
                m.push_str(kind);
                m.push_str(", not an array of events.");
                Some((IssueCode::NotAnArray, m))
            }
            None => {
                return Err(SyntaxError {
                    pos: self.r.pos(),
                    what: "unexpected end of input",
                });
            }
        };
        if !self.r.at_end() {
            return Err(SyntaxError {
                pos: self.r.pos(),
                what: "unexpected data after the JSON value",
            });
        }
        Ok(failure)
    }

    fn kind_at_cursor(&mut self) -> &'static str {
        match self.r.peek_ws() {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        }
    }

    /// `{"payload": [...], "meta": {...}}` from the account endpoint; any other object
    /// (an error body such as `{"error": "Invalid Access Token"}`) is not an array.
    fn envelope(&mut self) -> Result<Option<(IssueCode, String)>, SyntaxError> {
        self.r.bump();
        let mut saw_payload = false;
        // The server's text: each key's last value, in the order the keys first came.
        let mut said: Vec<(&'static str, Option<String>)> = Vec::new();
        if self.r.peek_ws() == Some(b'}') {
            self.r.bump();
        } else {
            loop {
                let key = self.r.object_key()?;
                match (&*key, self.r.peek()) {
                    // A repeated key replaces what came before, as in `JSON.parse`.
                    (b"payload", Some(b'[')) => {
                        self.forget_payload();
                        saw_payload = true;
                        self.envelope = true;
                        self.array()?;
                    }
                    (b"payload", _) => {
                        saw_payload = false;
                        self.r.skip_value()?;
                    }
                    (b"meta", Some(b'{')) => self.meta()?,
                    (b"meta", _) => {
                        self.meta = None;
                        self.r.skip_value()?;
                    }
                    (k @ (b"error" | b"description" | b"message"), next) => {
                        let key = match k {
                            b"error" => "error",
                            b"description" => "description",
                            _ => "message",
                        };
                        let text = if next == Some(b'"') {
                            Some(String::from_utf8_lossy(&self.r.string()?).into_owned())
                        } else {
                            self.r.skip_value()?;
                            None
                        };
                        match said.iter_mut().find(|(k, _)| *k == key) {
                            Some(slot) => slot.1 = text,
                            None => said.push((key, text)),
                        }
                    }
                    _ => self.r.skip_value()?,
                }
                if !self.r.comma_or(b'}', "expected ',' or '}'")? {
                    break;
                }
            }
        }
        if saw_payload {
            return Ok(None);
        }
        let mut m = String::from("The body is an object, not an array of events");
        if let Some(text) = said.iter().find_map(|(_, t)| t.as_ref()) {
            m.push_str(" (the server said: \"");
            push_excerpt(&mut m, text, 200);
            m.push_str("\")");
        }
        m.push('.');
        Ok(Some((IssueCode::NotAnArray, m)))
    }

    /// Drops everything an earlier `payload` gave (if any): a later one replaces it.
    #[cold]
    fn forget_payload(&mut self) {
        self.kept = 0;
        self.out.issues.clear();
        self.out.names = Default::default();
    }

    fn meta(&mut self) -> Result<(), SyntaxError> {
        self.r.bump();
        let mut meta = PageMeta::default();
        if self.r.peek_ws() == Some(b'}') {
            self.r.bump();
        } else {
            loop {
                let key = self.r.object_key()?;
                let slot = match &*key {
                    b"count" => Some(&mut meta.count),
                    b"current_page" => Some(&mut meta.current_page),
                    b"total_pages" => Some(&mut meta.total_pages),
                    _ => None,
                };
                match (slot, self.r.peek()) {
                    (Some(slot), Some(b'-' | b'0'..=b'9')) => {
                        let v = self.r.number()?.value;
                        let whole = v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER as f64;
                        *slot = whole.then_some(v as i64);
                    }
                    // Anything else is no number, even after one (the last key wins).
                    (Some(slot), _) => {
                        *slot = None;
                        self.r.skip_value()?;
                    }
                    (None, _) => self.r.skip_value()?,
                }
                if !self.r.comma_or(b'}', "expected ',' or '}'")? {
                    break;
                }
            }
        }
        self.meta = Some(meta);
        Ok(())
    }

    fn array(&mut self) -> Result<(), SyntaxError> {
        self.r.bump();
        if self.r.peek_ws() == Some(b']') {
            self.r.bump();
            return Ok(());
        }
        let mut index: u32 = 0;
        loop {
            if let Some(b'{') = self.r.peek_ws() {
                self.event(index)?;
            } else {
                let kind = self.kind_at_cursor();
                self.r.skip_value()?;
                let mut m = String::from("The event is ");
                m.push_str(kind);
                m.push_str(", not an object.");
                self.issue(Location::event(index), IssueCode::NotAnObject, m);
            }
            index = index.saturating_add(1);
            if !self.r.comma_or(b']', "expected ',' or ']'")? {
                return Ok(());
            }
        }
    }

    /// Reads one field value, classifying it without failing on a wrong type.
    fn scalar(&mut self) -> Result<Scalar<'a>, SyntaxError> {
        Ok(match self.r.peek() {
            Some(b'"') => Scalar::Str(self.r.string()?),
            Some(b'-' | b'0'..=b'9') => Scalar::Number(self.r.number()?.value),
            Some(b'n') => {
                self.r.literal(b"null")?;
                Scalar::Null
            }
            _ => {
                let kind = self.kind_at_cursor();
                self.r.skip_value()?;
                Scalar::Other(kind)
            }
        })
    }

    fn event(&mut self, index: u32) -> Result<(), SyntaxError> {
        self.row_errors = false;
        self.row_issues = self.out.issues.len();
        let mut row = Row::EMPTY;
        let mut seen: u16 = 0;
        // Chatwoot writes compact JSON with the fields in one order: each key is checked as
        // bytes with the delimiter before it, its value read in the shape Chatwoot writes,
        // and the first miss hands over, at the same point, to the general reading (a
        // value of another shape goes to `value`, which reports any problem).
        macro_rules! compact {
            ($($k:literal: $fast:ident($slot:ident, $nullable:literal);)*) => {
                'fast: {
                    $(
                        let (field, key) = COMPACT[$k];
                        if !self.r.eat_bytes(key) {
                            break 'fast $k;
                        }
                        seen |= field.bit();
                        if !self.$fast(&mut row.$slot, $nullable) {
                            self.value(index, field, &mut row)?;
                        }
                    )*
                    COMPACT.len()
                }
            };
        }
        let done = compact! {
            0: fast_int(id, false);
            1: fast_name(name, false);
            2: fast_value(value, false);
            3: fast_value(value_in_business_hours, true);
            4: fast_time(event_start_time, true);
            5: fast_time(event_end_time, true);
            6: fast_int(account_id, false);
            7: fast_int(inbox_id, true);
            8: fast_int(user_id, true);
            9: fast_int(conversation_id, true);
            10: fast_time(created_at, false);
            11: fast_time(updated_at, false);
        };
        if done == COMPACT.len() && matches!(self.r.peek(), Some(b'}')) {
            self.r.bump();
        } else {
            self.rest_of_event(index, done, &mut seen, &mut row)?;
        }
        if seen & REQUIRED_BITS != REQUIRED_BITS {
            for f in REQUIRED {
                if seen & f.bit() == 0 {
                    let mut m = String::from("The event has no `");
                    m.push_str(f.key());
                    m.push_str("` field.");
                    self.issue(Location::field(index, f), IssueCode::MissingField, m);
                }
            }
        }
        self.check_row(index, &row);
        if !self.row_errors {
            self.keep(index, &row);
        }
        Ok(())
    }

    /// The general reading of an event's fields, any order and white space, after the first
    /// `done` fields were read in [`COMPACT`] form (the cursor is then after the last value,
    /// or at the `{` when `done` is 0).
    #[inline(never)]
    fn rest_of_event(
        &mut self,
        index: u32,
        done: usize,
        seen: &mut u16,
        row: &mut Row,
    ) -> Result<(), SyntaxError> {
        let mut next = match done {
            0 => {
                self.r.bump();
                if self.r.peek_ws() == Some(b'}') {
                    self.r.bump();
                    return Ok(());
                }
                Some(Field::Id)
            }
            _ => {
                if !self.r.comma_or(b'}', "expected ',' or '}'")? {
                    return Ok(());
                }
                COMPACT.get(done).map(|&(f, _)| f)
            }
        };
        loop {
            // The key after the last one read is tried first, as bytes; only a miss reads
            // the key as a string.
            self.r.skip_ws();
            let field = match next {
                Some(f) if self.r.eat_bytes(&COMPACT[f.order()].1[1..]) => {
                    self.r.skip_ws();
                    Some(f)
                }
                _ => {
                    let key = self.r.object_key()?;
                    Field::from_key(&key)
                }
            };
            match field {
                Some(field) => {
                    if *seen & field.bit() != 0 {
                        self.repeated(field, row);
                    }
                    *seen |= field.bit();
                    next = COMPACT.get(field.order() + 1).map(|&(f, _)| f);
                    self.value(index, field, row)?;
                }
                None => self.r.skip_value()?,
            }
            if !self.r.comma_or(b'}', "expected ',' or '}'")? {
                return Ok(());
            }
        }
    }

    /// A key seen before in this event: its earlier value and the issues it raised are
    /// forgotten, since `JSON.parse` keeps only the last occurrence. (The fast path reads
    /// each key once, so only the general reading gets here.)
    #[cold]
    fn repeated(&mut self, field: Field, row: &mut Row) {
        row.unread(field);
        let start = self.row_issues.min(self.out.issues.len());
        let mut k = 0;
        self.out.issues.retain(|i| {
            k += 1;
            k <= start || i.location.field != Some(field)
        });
        self.row_errors = self
            .out
            .issues
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .any(|i| i.code.severity() == crate::issue::Severity::Error);
    }

    /// A whole number in the shape Chatwoot writes (or `null` where `nullable`, which leaves
    /// `slot` as it is) into `slot`; false, consuming nothing, for anything else.
    #[inline(always)]
    fn fast_int(&mut self, slot: &mut i64, nullable: bool) -> bool {
        match self.r.fast_int() {
            Some(n) => {
                *slot = n;
                true
            }
            None => nullable && self.r.eat_bytes(b"null"),
        }
    }

    /// A duration in the shape Chatwoot writes (or `null` where `nullable`): see
    /// [`Decoder::fast_int`].
    #[inline(always)]
    fn fast_value(&mut self, slot: &mut f64, nullable: bool) -> bool {
        match self.r.fast_number() {
            Some(n) => {
                // At most 15 digits: always finite. -0 is zero, not a negative duration.
                *slot = if n == 0.0 { 0.0 } else { n };
                true
            }
            None => nullable && self.r.eat_bytes(b"null"),
        }
    }

    /// A timestamp as Chatwoot writes it (or `null` where `nullable`): see
    /// [`Decoder::fast_int`].
    #[inline(always)]
    fn fast_time(&mut self, slot: &mut i64, nullable: bool) -> bool {
        if let Some(s) = self.r.fixed_string_24() {
            if let Some(ms) = parse_chatwoot(s, &mut self.dates) {
                self.r.skip_fixed(26);
                *slot = ms;
                return true;
            }
        }
        nullable && self.r.eat_bytes(b"null")
    }

    /// An event name without escapes or non-ASCII: see [`Decoder::fast_int`].
    #[inline(always)]
    fn fast_name(&mut self, slot: &mut u32, _nullable: bool) -> bool {
        match self.r.plain_string() {
            Some(s) => {
                *slot = match known_name(s) {
                    Some(code) => code,
                    None => self.other_name(s),
                };
                true
            }
            None => false,
        }
    }

    /// The code of a name this version does not know (plain ASCII: its text is its bytes).
    #[inline(never)]
    fn other_name(&mut self, s: &[u8]) -> u32 {
        self.out.names.intern(&String::from_utf8_lossy(s))
    }

    /// Reads one field's value into the row: the shapes Chatwoot writes directly, anything
    /// else through [`Decoder::scalar`] and [`Decoder::field`], which also report problems.
    #[inline(never)]
    fn value(&mut self, index: u32, field: Field, row: &mut Row) -> Result<(), SyntaxError> {
        let nullable = field.nullable();
        // One fast path per kind of value (not one per field): this is the fallback.
        let done = match field {
            Field::Id
            | Field::AccountId
            | Field::ConversationId
            | Field::InboxId
            | Field::UserId => {
                let slot = match field {
                    Field::Id => &mut row.id,
                    Field::AccountId => &mut row.account_id,
                    Field::ConversationId => &mut row.conversation_id,
                    Field::InboxId => &mut row.inbox_id,
                    _ => &mut row.user_id,
                };
                self.fast_int(slot, nullable)
            }
            Field::Value | Field::ValueInBusinessHours => {
                let slot = match field {
                    Field::Value => &mut row.value,
                    _ => &mut row.value_in_business_hours,
                };
                self.fast_value(slot, nullable)
            }
            Field::Name => self.fast_name(&mut row.name, nullable),
            Field::EventStartTime | Field::EventEndTime | Field::CreatedAt | Field::UpdatedAt => {
                let slot = match field {
                    Field::EventStartTime => &mut row.event_start_time,
                    Field::EventEndTime => &mut row.event_end_time,
                    Field::CreatedAt => &mut row.created_at,
                    _ => &mut row.updated_at,
                };
                self.fast_time(slot, nullable)
            }
        };
        if !done {
            self.r.skip_ws();
            let v = self.scalar()?;
            self.field(index, field, v, row);
        }
        Ok(())
    }

    /// Stores one field's value into the row, or reports why it cannot.
    fn field(&mut self, index: u32, field: Field, v: Scalar<'a>, row: &mut Row) {
        let loc = Location::field(index, field);
        let found = match &v {
            Scalar::Null => "null",
            Scalar::Number(_) => "a number",
            Scalar::Str(_) => "a string",
            Scalar::Other(kind) => kind,
        };
        match (field, v) {
            (_, Scalar::Null) if field.nullable() => {}
            (Field::Value | Field::ValueInBusinessHours, Scalar::Number(n)) => {
                if !n.is_finite() {
                    self.wrong_type(
                        loc,
                        field,
                        "a finite number",
                        "a number too large to represent",
                    );
                    return;
                }
                // -0 is zero, not a negative duration.
                let n = if n == 0.0 { 0.0 } else { n };
                if field == Field::Value {
                    row.value = n;
                } else {
                    row.value_in_business_hours = n;
                }
            }
            (
                Field::Id
                | Field::AccountId
                | Field::ConversationId
                | Field::InboxId
                | Field::UserId,
                Scalar::Number(n),
            ) => {
                if n.fract() != 0.0 || !(n.abs() <= MAX_SAFE_INTEGER as f64) {
                    // `fract()` of an infinity (1e400) is NaN, which is not "fractional".
                    let got = if n.is_finite() && n.fract() != 0.0 {
                        "a fractional number"
                    } else {
                        "a number beyond 2^53"
                    };
                    self.wrong_type(loc, field, "a whole number", got);
                    return;
                }
                let n = n as i64;
                match field {
                    Field::Id => row.id = n,
                    Field::AccountId => row.account_id = n,
                    Field::ConversationId => row.conversation_id = n,
                    Field::InboxId => row.inbox_id = n,
                    _ => row.user_id = n,
                }
            }
            (Field::Name, Scalar::Str(s)) => {
                row.name = match KnownName::from_bytes(&s) {
                    Some(k) => k as u32,
                    None => {
                        let text = String::from_utf8_lossy(&s);
                        self.out.names.intern(&text)
                    }
                };
            }
            (
                Field::EventStartTime | Field::EventEndTime | Field::CreatedAt | Field::UpdatedAt,
                Scalar::Str(s),
            ) => match parse_rfc3339(&s) {
                Some(ms) => match field {
                    Field::EventStartTime => row.event_start_time = ms,
                    Field::EventEndTime => row.event_end_time = ms,
                    Field::CreatedAt => row.created_at = ms,
                    _ => row.updated_at = ms,
                },
                None => {
                    let mut m = String::from("`");
                    m.push_str(field.key());
                    m.push_str("` is not an RFC 3339 timestamp: \"");
                    push_excerpt(&mut m, &String::from_utf8_lossy(&s), 40);
                    m.push_str("\".");
                    self.issue(loc, IssueCode::InvalidTimestamp, m);
                }
            },
            _ => {
                let expected = match field {
                    Field::Name => "a string",
                    Field::EventStartTime
                    | Field::EventEndTime
                    | Field::CreatedAt
                    | Field::UpdatedAt => "a timestamp string",
                    Field::Value | Field::ValueInBusinessHours => "a number",
                    _ => "a whole number",
                };
                self.wrong_type(loc, field, expected, found);
            }
        }
    }

    fn wrong_type(&mut self, loc: Location, field: Field, expected: &str, found: &str) {
        let mut m = String::from("`");
        m.push_str(field.key());
        m.push_str("` should be ");
        m.push_str(expected);
        if field.nullable() {
            m.push_str(" or null");
        }
        m.push_str(", but it is ");
        m.push_str(found);
        m.push('.');
        self.issue(loc, IssueCode::WrongType, m);
    }

    /// Checks across fields of one event.
    fn check_row(&mut self, index: u32, row: &Row) {
        if row.value < 0.0 {
            let mut m = String::from("`value` is negative (");
            push_seconds(&mut m, row.value);
            m.push_str(" s); durations cannot be.");
            self.issue(
                Location::field(index, Field::Value),
                IssueCode::NegativeValue,
                m,
            );
        }
        let bh = row.value_in_business_hours;
        if bh < 0.0 {
            let mut m = String::from("`value_in_business_hours` is negative (");
            push_seconds(&mut m, bh);
            m.push_str(" s); durations cannot be.");
            self.issue(
                Location::field(index, Field::ValueInBusinessHours),
                IssueCode::NegativeValue,
                m,
            );
        }
        // Only against a usable value: a negative one is already an error of its own.
        if row.value >= 0.0 && bh > row.value + BUSINESS_TOLERANCE {
            let mut m = String::from("`value_in_business_hours` (");
            push_seconds(&mut m, bh);
            m.push_str(" s) is more than `value` (");
            push_seconds(&mut m, row.value);
            m.push_str(" s): working time cannot exceed elapsed time.");
            let loc = Location::field(index, Field::ValueInBusinessHours);
            self.issue(loc, IssueCode::BusinessExceedsValue, m);
        }
        if row.event_start_time != NULL_TIME
            && row.event_end_time != NULL_TIME
            && row.event_end_time < row.event_start_time
        {
            let m = String::from("`event_end_time` is before `event_start_time`.");
            self.issue(
                Location::field(index, Field::EventEndTime),
                IssueCode::EndBeforeStart,
                m,
            );
        }
        if let Some(want) = self.opts.account_id {
            if row.account_id != NULL_ID && row.account_id != want {
                let mut m = String::from("The event belongs to account ");
                push_int(&mut m, row.account_id);
                m.push_str(", not account ");
                push_int(&mut m, want);
                m.push('.');
                self.issue(
                    Location::field(index, Field::AccountId),
                    IssueCode::AccountMismatch,
                    m,
                );
            }
        }
    }

    /// Writes a row into the columns, which are sized ahead (written in place rather than
    /// pushed: thirteen pushes per event cost more, above all in a size-optimised build).
    #[inline]
    fn keep(&mut self, index: u32, row: &Row) {
        let k = self.kept;
        if k >= self.source.len() {
            // Zeros for the next few thousand rows, within the reserved room while it lasts.
            let room = self.source.capacity();
            let more = if k + 1 < room {
                room.min(k + 4096)
            } else {
                (k + 1).max(k * 2).max(64)
            };
            self.out.columns.resize(more);
            self.source.resize(more, 0);
        }
        let c = &mut self.out.columns;
        macro_rules! put {
            ($col:ident, $v:expr) => {{
                let col: &mut [_] = &mut c.$col;
                col[k] = $v;
            }};
        }
        put!(id, row.id);
        put!(name, row.name);
        put!(value, row.value);
        put!(value_in_business_hours, row.value_in_business_hours);
        put!(event_start_time, row.event_start_time);
        put!(event_end_time, row.event_end_time);
        put!(account_id, row.account_id);
        put!(conversation_id, row.conversation_id);
        put!(inbox_id, row.inbox_id);
        put!(user_id, row.user_id);
        put!(created_at, row.created_at);
        put!(updated_at, row.updated_at);
        let source: &mut [u32] = &mut self.source;
        source[k] = index;
        self.kept = k + 1;
    }

    /// Whole-body checks over the columns, then issues in body order.
    fn finish(mut self) -> Decoded {
        self.out.columns.resize(self.kept);
        self.source.truncate(self.kept);
        self.duplicates();
        self.ordering();
        // Counted over the kept events only, after duplicates are gone, so that "kept"
        // in the message is true.
        let mut unknown: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        for (&code, &src) in self.out.columns.name.iter().zip(&self.source) {
            if code >= crate::event_set::FIRST_OTHER_CODE {
                unknown.entry(code).or_insert((src, 0)).1 += 1;
            }
        }
        for (&code, &(first, count)) in &unknown {
            let mut m = String::from("`");
            push_excerpt(&mut m, self.out.names.text(code), 80);
            m.push_str("` is not an event name this version knows; ");
            push_int(&mut m, i64::from(count));
            m.push_str(if count == 1 {
                " event with it is kept."
            } else {
                " events with it are kept."
            });
            let loc = Location::field(first, Field::Name);
            self.out
                .issues
                .push(Issue::new(loc, IssueCode::UnknownName, m));
        }
        // Stable: issues of one event stay in the order they were found.
        let issues = std::mem::take(&mut self.out.issues);
        let order = order_by(
            issues
                .iter()
                .map(|i| i.location.index.map_or(0, |x| u64::from(x) + 1))
                .collect(),
        );
        let mut slots: Vec<Option<Issue>> = issues.into_iter().map(Some).collect();
        self.out.issues = order
            .iter()
            .filter_map(|&k| slots.get_mut(k).and_then(Option::take))
            .collect();
        Decoded {
            events: self.out,
            body_failed: false,
            meta: self.meta,
        }
    }

    /// Reports and drops every event whose id was already seen earlier in the body.
    fn duplicates(&mut self) {
        let ids = &self.out.columns.id;
        let monotone = ids.windows(2).all(|w| w[0] < w[1]) || ids.windows(2).all(|w| w[0] > w[1]);
        if monotone {
            return;
        }
        let repeats = repeat_of(ids);
        let keep: Vec<bool> = repeats.iter().map(Option::is_none).collect();
        for (i, first) in repeats
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.map(|first| (i, first)))
        {
            let (src, first_src) = (self.source[i], self.source[first]);
            let mut m = String::from("The id ");
            push_int(&mut m, self.out.columns.id[i]);
            m.push_str(" was already used by the event at [");
            push_int(&mut m, i64::from(first_src));
            m.push_str("]; this copy is dropped.");
            self.out.issues.push(Issue::new(
                Location::field(src, Field::Id),
                IssueCode::DuplicateId,
                m,
            ));
        }
        self.out.columns.retain_mask(&keep);
        let mut k = 0;
        self.source.retain(|_| {
            let r = keep.get(k).copied().unwrap_or(true);
            k += 1;
            r
        });
    }

    /// One warning at the first event whose `created_at` goes the wrong way: backwards
    /// for a bare array (ascending, as the conversation endpoint sends), forwards for the
    /// account endpoint's pages (newest first, as Chatwoot sends them).
    fn ordering(&mut self) {
        let created = &self.out.columns.created_at;
        let descending = self.envelope;
        let mut first = None;
        let mut count = 0i64;
        for (i, w) in created.windows(2).enumerate() {
            if w[1] != w[0] && (w[1] < w[0]) != descending {
                count += 1;
                first.get_or_insert(i + 1);
            }
        }
        let Some(i) = first else { return };
        let mut m = String::from(if descending {
            "`created_at` is later than the event before it: the page is not newest first ("
        } else {
            "`created_at` is earlier than the event before it: the events are not in ascending order ("
        });
        push_int(&mut m, count);
        m.push_str(if count == 1 {
            " step goes"
        } else {
            " steps go"
        });
        m.push_str(" the wrong way). They are kept in body order.");
        if let Some(&src) = self.source.get(i) {
            let loc = Location::field(src, Field::CreatedAt);
            self.out
                .issues
                .push(Issue::new(loc, IssueCode::Unsorted, m));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keys_follow_chatwoot_order() {
        for (k, (&(field, key), &want)) in COMPACT.iter().zip(Field::ALL.iter()).enumerate() {
            assert_eq!(field, want);
            assert_eq!(field.order(), k);
            let delimiter = if k == 0 { "{" } else { "," };
            assert_eq!(key, format!("{delimiter}\"{}\":", field.key()).as_bytes());
        }
    }

    #[test]
    fn known_names_by_length() {
        for k in KnownName::ALL {
            assert_eq!(known_name(k.as_str().as_bytes()), Some(k as u32));
            let mut other = k.as_str().as_bytes().to_vec();
            *other.last_mut().unwrap() ^= 1;
            assert_eq!(known_name(&other), None);
            other.pop();
            assert_eq!(
                known_name(&other),
                KnownName::from_bytes(&other).map(|k| k as u32)
            );
        }
        assert_eq!(known_name(b""), None);
        assert_eq!(known_name(b"reply_timf"), None);
    }
}
