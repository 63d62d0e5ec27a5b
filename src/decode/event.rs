//! One event: its fields read into a stack [`Row`], checked (see `check`), and kept if
//! error-free.
//!
//! Chatwoot writes compact JSON with the fields in one order, so each key is first tried
//! as bytes in that order and each value in the shape Chatwoot writes; the first miss hands
//! over, at the same point, to a general reading of any order, white space and value.

use crate::issue::{IssueCode, Location};
use crate::json::{same_bytes, SyntaxError};
use crate::model::{Field, KnownName, NULL_ID, NULL_TIME};
use crate::timestamp::parse_chatwoot;

use super::body::Decoder;

/// One event being assembled.
#[derive(Clone, Copy)]
pub(super) struct Row {
    pub(super) id: i64,
    pub(super) name: u32,
    pub(super) value: f64,
    pub(super) value_in_business_hours: f64,
    pub(super) event_start_time: i64,
    pub(super) event_end_time: i64,
    pub(super) account_id: i64,
    pub(super) conversation_id: i64,
    pub(super) inbox_id: i64,
    pub(super) user_id: i64,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
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

/// What a field's value turned out to be, when it is not in the shape Chatwoot writes.
pub(super) enum Scalar<'a> {
    Null,
    Number(f64),
    Str(std::borrow::Cow<'a, [u8]>),
    Other(&'static str),
}

impl<'a> Decoder<'a> {
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
                let kind = self.r.kind();
                self.r.skip_value()?;
                Scalar::Other(kind)
            }
        })
    }

    /// One event at the cursor (which is at `{`), kept if it has no error.
    #[inline(always)]
    pub(super) fn event(&mut self, index: u32) -> Result<(), SyntaxError> {
        self.s.row_errors = false;
        self.s.row_issues = self.s.out.issues.len();
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
        if !self.s.row_errors {
            self.s.keep(index, &row);
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
        self.s.forget_row_issues(field);
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
            if let Some(ms) = parse_chatwoot(s, &mut self.s.dates) {
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
        self.s.out.names.intern(&String::from_utf8_lossy(s))
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
