//! What an event's values mean: each field's value checked and converted for the row,
//! and the checks across fields once all are read. Every issue an event can have,
//! but those of missing fields and of the whole body, is found here.

use crate::issue::{IssueCode, Location};
use crate::model::{Field, KnownName, MAX_SAFE_INTEGER, NULL_ID, NULL_TIME};
use crate::text::{push_excerpt, push_int, push_seconds};
use crate::timestamp::parse_rfc3339;

use super::body::Decoder;
use super::event::{Row, Scalar};

/// Business-hours seconds may exceed wall-clock seconds by this much (rounding).
const BUSINESS_TOLERANCE: f64 = 1.0;

impl<'a> Decoder<'a> {
    /// Stores one field's value into the row, or reports why it cannot.
    pub(super) fn field(&mut self, index: u32, field: Field, v: Scalar<'a>, row: &mut Row) {
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
                        self.s.out.names.intern(&text)
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
        self.issue(
            loc,
            IssueCode::WrongType,
            wrong_type_message(field, expected, found),
        );
    }

    /// Checks across fields of one event.
    #[inline(always)]
    pub(super) fn check_row(&mut self, index: u32, row: &Row) {
        let fields = CrossFields {
            value: row.value,
            business: row.value_in_business_hours,
            start: row.event_start_time,
            end: row.event_end_time,
            account_id: row.account_id,
        };
        let account = self.s.opts.account_id;
        cross_field_checks(&fields, account, |field, code, m| {
            self.issue(Location::field(index, field), code, m)
        });
    }
}

/// The sentence for a value of the wrong kind: "`field` should be … (or null), but it is …".
pub(crate) fn wrong_type_message(field: Field, expected: &str, found: &str) -> String {
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
    m
}

/// What the checks across one event's fields read. A field that was not read holds what
/// the decoder leaves there (NaN, `NULL_ID`, `NULL_TIME`), which no check flags again.
pub(crate) struct CrossFields {
    /// `value`, seconds.
    pub value: f64,
    /// `value_in_business_hours`, seconds.
    pub business: f64,
    /// `event_start_time`, epoch milliseconds.
    pub start: i64,
    /// `event_end_time`, epoch milliseconds.
    pub end: i64,
    /// `account_id`.
    pub account_id: i64,
}

/// The checks across the fields of one event, each failure handed to `issue` as its
/// field, code and sentence. The decoder and `fromColumns` both check here, so the same
/// events read as a body or as columns get the same issues.
#[inline(always)]
pub(crate) fn cross_field_checks(
    r: &CrossFields,
    account: Option<i64>,
    mut issue: impl FnMut(Field, IssueCode, String),
) {
    let negative = |key: &str, v: f64| {
        let mut m = String::from("`");
        m.push_str(key);
        m.push_str("` is negative (");
        push_seconds(&mut m, v);
        m.push_str(" s); durations cannot be.");
        m
    };
    if r.value < 0.0 {
        issue(
            Field::Value,
            IssueCode::NegativeValue,
            negative("value", r.value),
        );
    }
    if r.business < 0.0 {
        let m = negative("value_in_business_hours", r.business);
        issue(Field::ValueInBusinessHours, IssueCode::NegativeValue, m);
    }
    // Only against a usable value: a negative one is already an error of its own.
    if r.value >= 0.0 && r.business > r.value + BUSINESS_TOLERANCE {
        let mut m = String::from("`value_in_business_hours` (");
        push_seconds(&mut m, r.business);
        m.push_str(" s) is more than `value` (");
        push_seconds(&mut m, r.value);
        m.push_str(" s) by more than Chatwoot's 1 s rounding: its working-hours count does this on days when clocks change, otherwise the stored value is suspect.");
        issue(
            Field::ValueInBusinessHours,
            IssueCode::BusinessExceedsValue,
            m,
        );
    }
    if r.start != NULL_TIME && r.end != NULL_TIME && r.end < r.start {
        let m = String::from("`event_end_time` is before `event_start_time`.");
        issue(Field::EventEndTime, IssueCode::EndBeforeStart, m);
    }
    if let Some(want) = account {
        if r.account_id != NULL_ID && r.account_id != want {
            let mut m = String::from("The event belongs to account ");
            push_int(&mut m, r.account_id);
            m.push_str(", not account ");
            push_int(&mut m, want);
            m.push('.');
            issue(Field::AccountId, IssueCode::AccountMismatch, m);
        }
    }
}
