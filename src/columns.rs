//! An [`EventSet`] as plain float columns and back: the form JavaScript holds in typed
//! arrays (`set.toColumns()`, `EventSet.fromColumns()`), which a Web Worker can transfer
//! without copying and which Arrow is built from.
//!
//! Outside, every id and time is an `f64` with NaN for null (exact below 2^53, which the
//! decoder already demands of ids) and every name a `u32` code into a table of texts.
//! Coming back in, the columns are validated as a body is: the same checks, the same
//! [`IssueCode`]s and paths (`[i].field`, `i` being the row), warnings kept, rows with
//! errors dropped (lenient) or the whole refused (strict, by [`crate::decode::apply_mode`]).
//! A set written out and read back is the same set, column for column and bit for bit,
//! with the same name table.

use crate::decode::{
    across, cross_field_checks, wrong_type_message, CrossFields, DecodeOptions, Decoded,
};
use crate::event_set::{Columns, EventSet};
use crate::issue::{Issue, IssueCode, Location, Severity};
use crate::model::{Field, KnownName, Name, MAX_SAFE_INTEGER, NULL_ID, NULL_TIME};
use crate::text::{push_int, push_number};
use crate::timestamp::{MAX_MILLIS, MIN_MILLIS};

/// The columns of a set as JavaScript's typed arrays hold them (owned).
///
/// `names[code]` is the text of name `code`; codes below [`FIRST_OTHER_CODE`] are always
/// the [`KnownName`]s in their order, so `first_response` is always 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FloatColumns {
    /// The name table, in code order.
    pub names: Vec<String>,
    /// `name`, as codes into `names`.
    pub name: Vec<u32>,
    /// `id`.
    pub id: Vec<f64>,
    /// `value`, seconds.
    pub value: Vec<f64>,
    /// `value_in_business_hours`, seconds; NaN for null.
    pub value_in_business_hours: Vec<f64>,
    /// `event_start_time`, epoch ms; NaN for null.
    pub event_start_time: Vec<f64>,
    /// `event_end_time`, epoch ms; NaN for null.
    pub event_end_time: Vec<f64>,
    /// `account_id`.
    pub account_id: Vec<f64>,
    /// `conversation_id`; NaN for null.
    pub conversation_id: Vec<f64>,
    /// `inbox_id`; NaN for null.
    pub inbox_id: Vec<f64>,
    /// `user_id`; NaN for null.
    pub user_id: Vec<f64>,
    /// `created_at`, epoch ms.
    pub created_at: Vec<f64>,
    /// `updated_at`, epoch ms.
    pub updated_at: Vec<f64>,
}

impl FloatColumns {
    /// The columns borrowed, as [`from_columns`] takes them.
    pub fn slices(&self) -> ColumnSlices<'_, String> {
        ColumnSlices {
            names: &self.names,
            name: &self.name,
            id: &self.id,
            value: &self.value,
            value_in_business_hours: &self.value_in_business_hours,
            event_start_time: &self.event_start_time,
            event_end_time: &self.event_end_time,
            account_id: &self.account_id,
            conversation_id: &self.conversation_id,
            inbox_id: &self.inbox_id,
            user_id: &self.user_id,
            created_at: &self.created_at,
            updated_at: &self.updated_at,
        }
    }
}

/// Borrowed columns in the [`FloatColumns`] layout, as they come from outside (the
/// bindings borrow typed arrays copied into wasm memory). The name table may be any list
/// of texts, in any order, repeats allowed: each entry is mapped to the set's own code.
#[derive(Clone, Copy, Debug)]
pub struct ColumnSlices<'a, S> {
    /// The name table: `name[i]` is an index into it.
    pub names: &'a [S],
    /// `name`, as indices into `names`.
    pub name: &'a [u32],
    /// `id`.
    pub id: &'a [f64],
    /// `value`, seconds.
    pub value: &'a [f64],
    /// `value_in_business_hours`, seconds; NaN for null.
    pub value_in_business_hours: &'a [f64],
    /// `event_start_time`, epoch ms; NaN for null.
    pub event_start_time: &'a [f64],
    /// `event_end_time`, epoch ms; NaN for null.
    pub event_end_time: &'a [f64],
    /// `account_id`.
    pub account_id: &'a [f64],
    /// `conversation_id`; NaN for null.
    pub conversation_id: &'a [f64],
    /// `inbox_id`; NaN for null.
    pub inbox_id: &'a [f64],
    /// `user_id`; NaN for null.
    pub user_id: &'a [f64],
    /// `created_at`, epoch ms.
    pub created_at: &'a [f64],
    /// `updated_at`, epoch ms.
    pub updated_at: &'a [f64],
}

/// Why columns could not be read at all: a shape no row-by-row check can describe (the
/// bindings make it an `invalid_argument`, as a body that is not a string or bytes is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    /// One sentence for a person.
    pub message: String,
}

/// The set's name table in code order: the known names, then the others.
pub fn name_table(set: &EventSet) -> Vec<&str> {
    KnownName::ALL
        .iter()
        .map(|k| k.as_str())
        .chain(set.names.others().iter().map(|s| &**s))
        .collect()
}

/// An integer column as floats, NaN where it holds `null` (ids and times are below
/// 2^53 in magnitude, so each converts exactly).
pub fn ints_as_floats(v: impl IntoIterator<Item = i64>, null: i64) -> Vec<f64> {
    v.into_iter()
        .map(|x| if x == null { f64::NAN } else { x as f64 })
        .collect()
}

/// The set as float columns (`set.toColumns()`); issues are not part of them.
pub fn to_columns(set: &EventSet) -> FloatColumns {
    let c = &set.columns;
    FloatColumns {
        names: name_table(set).into_iter().map(String::from).collect(),
        name: c.name.iter().collect(),
        id: ints_as_floats(&c.id, NULL_ID),
        value: c.value.clone(),
        value_in_business_hours: c.value_in_business_hours.clone(),
        event_start_time: ints_as_floats(c.event_start_time.iter().copied(), NULL_TIME),
        event_end_time: ints_as_floats(c.event_end_time.iter().copied(), NULL_TIME),
        account_id: ints_as_floats(&c.account_id, NULL_ID),
        conversation_id: ints_as_floats(&c.conversation_id, NULL_ID),
        inbox_id: ints_as_floats(&c.inbox_id, NULL_ID),
        user_id: ints_as_floats(&c.user_id, NULL_ID),
        created_at: ints_as_floats(c.created_at.iter().copied(), NULL_TIME),
        updated_at: ints_as_floats((0..c.len()).map(|i| c.updated_at(i)), NULL_TIME),
    }
}

/// The issues found so far and which rows have an error.
struct Found {
    issues: Vec<Issue>,
    bad: Vec<bool>,
}

impl Found {
    fn issue(&mut self, row: usize, field: Field, code: IssueCode, message: String) {
        if code.severity() == Severity::Error {
            if let Some(b) = self.bad.get_mut(row) {
                *b = true;
            }
        }
        // `row` fits: `from_columns` refuses more than u32::MAX rows.
        let at = Location::field(row as u32, field);
        self.issues.push(Issue::new(at, code, message));
    }

    /// The decoder's sentence for a value of the wrong kind.
    fn wrong_type(&mut self, row: usize, field: Field, expected: &str, found: &str) {
        let m = wrong_type_message(field, expected, found);
        self.issue(row, field, IssueCode::WrongType, m);
    }

    /// An id column: whole numbers within ±(2^53 − 1), NaN for null where the field may
    /// be null. A rejected entry becomes `unread` (what the decoder leaves in a row whose
    /// field it could not read, so that no cross-field check adds a second issue).
    fn ids(&mut self, field: Field, v: &[f64], unread: i64) -> Vec<i64> {
        let mut out = Vec::with_capacity(v.len());
        for (row, &x) in v.iter().enumerate() {
            out.push(if x.is_nan() {
                if field.nullable() {
                    NULL_ID
                } else {
                    self.wrong_type(row, field, "a whole number", "null");
                    unread
                }
            } else if x.fract() != 0.0 || x.abs() > MAX_SAFE_INTEGER as f64 {
                // (NaN was taken above.) `fract()` of an infinity is NaN, which is not
                // "fractional".
                let got = if x.is_finite() && x.fract() != 0.0 {
                    "a fractional number"
                } else {
                    "a number beyond 2^53"
                };
                self.wrong_type(row, field, "a whole number", got);
                unread
            } else {
                x as i64
            });
        }
        out
    }

    /// A time column: whole epoch milliseconds from year 0000 to 9999 (what an RFC 3339
    /// timestamp the decoder accepts can be), NaN for null where the field may be null.
    fn times(&mut self, field: Field, v: &[f64], unread: i64) -> Vec<i64> {
        let mut out = Vec::with_capacity(v.len());
        for (row, &x) in v.iter().enumerate() {
            out.push(if x.is_nan() {
                if field.nullable() {
                    NULL_TIME
                } else {
                    self.wrong_type(row, field, "a time in epoch milliseconds", "null");
                    unread
                }
            } else if x.fract() != 0.0 || !(MIN_MILLIS as f64..=MAX_MILLIS as f64).contains(&x) {
                let mut m = String::from("`");
                m.push_str(field.key());
                m.push_str("` is not a time: ");
                push_number(&mut m, x);
                m.push_str(
                    " is not a whole number of epoch milliseconds from the year 0000 to 9999.",
                );
                self.issue(row, field, IssueCode::InvalidTimestamp, m);
                unread
            } else {
                x as i64
            });
        }
        out
    }

    /// A duration column: finite numbers (−0 read as 0, as the decoder does), NaN for
    /// null where the field may be null; a rejected entry becomes NaN ("not read").
    fn durations(&mut self, field: Field, v: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(v.len());
        for (row, &x) in v.iter().enumerate() {
            out.push(if x.is_nan() {
                if !field.nullable() {
                    self.wrong_type(row, field, "a number", "null");
                }
                f64::NAN
            } else if x.is_infinite() {
                self.wrong_type(
                    row,
                    field,
                    "a finite number",
                    "a number too large to represent",
                );
                f64::NAN
            } else if x == 0.0 {
                0.0
            } else {
                x
            });
        }
        out
    }

    /// Each code mapped through `remap` (the table's entries as the set's own codes); a
    /// code outside the table is a `wrong_type` error (the decoder's code for a name that
    /// is not text: there is no name to keep).
    fn names(&mut self, codes: &[u32], remap: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(codes.len());
        for (row, &code) in codes.iter().enumerate() {
            out.push(match remap.get(code as usize) {
                Some(&c) => c,
                None => {
                    let mut m = String::from("`name` is code ");
                    push_int(&mut m, i64::from(code));
                    m.push_str(", outside the name table of ");
                    push_int(&mut m, remap.len() as i64);
                    m.push_str(if remap.len() == 1 {
                        " name."
                    } else {
                        " names."
                    });
                    self.issue(row, Field::Name, IssueCode::WrongType, m);
                    0
                }
            });
        }
        out
    }

    /// The decoder's checks across the fields of each row, with its sentences.
    fn rows(&mut self, c: &Columns, account: Option<i64>) {
        let rows = c
            .value
            .iter()
            .zip(&c.value_in_business_hours)
            .zip(c.event_start_time.iter().zip(&c.event_end_time))
            .zip(&c.account_id)
            .enumerate();
        for (row, (((&value, &business), (&start, &end)), account_id)) in rows {
            let fields = CrossFields {
                value,
                business,
                start,
                end,
                account_id,
            };
            cross_field_checks(&fields, account, |field, code, m| {
                self.issue(row, field, code, m)
            });
        }
    }
}

/// The length every column must have, or why the columns have no common one.
fn common_length<S>(cols: &ColumnSlices<'_, S>) -> Result<usize, ShapeError> {
    let n = cols.id.len();
    let lengths = [
        ("name", cols.name.len()),
        ("value", cols.value.len()),
        ("valueInBusinessHours", cols.value_in_business_hours.len()),
        ("eventStartTime", cols.event_start_time.len()),
        ("eventEndTime", cols.event_end_time.len()),
        ("accountId", cols.account_id.len()),
        ("conversationId", cols.conversation_id.len()),
        ("inboxId", cols.inbox_id.len()),
        ("userId", cols.user_id.len()),
        ("createdAt", cols.created_at.len()),
        ("updatedAt", cols.updated_at.len()),
    ];
    if let Some(&(key, len)) = lengths.iter().find(|&&(_, len)| len != n) {
        let mut m = String::from("The columns must all have one length: `id` has ");
        push_int(&mut m, n as i64);
        m.push_str(" entries but `");
        m.push_str(key);
        m.push_str("` has ");
        push_int(&mut m, len as i64);
        m.push('.');
        return Err(ShapeError { message: m });
    }
    if u32::try_from(n).is_err() {
        return Err(ShapeError {
            message: String::from("The columns have more than 4 294 967 295 rows."),
        });
    }
    Ok(n)
}

/// Columns to a validated set (`EventSet.fromColumns()`): every check the decoder makes
/// of a body that applies to columns, with its codes, paths (`[row].field`) and, where the
/// wording does not speak of JSON, its sentences; the result is what [`crate::decode`]
/// gives for a body (rows with errors left out, every issue listed), for
/// [`crate::decode::apply_mode`] to make strict or lenient. `opts.max_bytes` does not
/// apply (the columns are already in memory).
///
/// Checks per row, in the order a body's fields come: whole ids within ±(2^53 − 1), names
/// inside the table, finite values, whole-millisecond times from year 0000 to 9999, nulls
/// only where Chatwoot allows them; then negative values, business seconds above the
/// value (warning), end before start, another account than `opts.account_id`. Across
/// rows: repeated ids (the later copy dropped), `created_at` going backwards (warning),
/// the data checks of [`crate::checks`] and unknown names (warnings).
pub fn from_columns<S: AsRef<str>>(
    cols: &ColumnSlices<'_, S>,
    opts: &DecodeOptions,
) -> Result<Decoded, ShapeError> {
    let n = common_length(cols)?;
    let mut set = EventSet::new();
    // Every entry of the table is interned in table order, used or not: a table written
    // by `to_columns` then gives back the same codes and the same table.
    let remap: Vec<u32> = cols
        .names
        .iter()
        .map(|s| set.names.code(&Name::new(s.as_ref())))
        .collect();
    let mut f = Found {
        issues: Vec::new(),
        bad: vec![false; n],
    };
    // Fields in the order Chatwoot writes them, so that one row's issues come in the
    // order the decoder finds them in a body; `unread` values are the decoder's too.
    let id = f.ids(Field::Id, cols.id, 0);
    let name = f.names(cols.name, &remap);
    let value = f.durations(Field::Value, cols.value);
    let value_in_business_hours =
        f.durations(Field::ValueInBusinessHours, cols.value_in_business_hours);
    let event_start_time = f.times(Field::EventStartTime, cols.event_start_time, NULL_TIME);
    let event_end_time = f.times(Field::EventEndTime, cols.event_end_time, NULL_TIME);
    let account_id = f.ids(Field::AccountId, cols.account_id, NULL_ID);
    let inbox_id = f.ids(Field::InboxId, cols.inbox_id, NULL_ID);
    let user_id = f.ids(Field::UserId, cols.user_id, NULL_ID);
    let conversation_id = f.ids(Field::ConversationId, cols.conversation_id, NULL_ID);
    let created_at = f.times(Field::CreatedAt, cols.created_at, 0);
    let updated_at = f.times(Field::UpdatedAt, cols.updated_at, 0);
    let updated_offset = created_at
        .iter()
        .zip(&updated_at)
        .map(|(&c, &u)| u.saturating_sub(c))
        .collect();
    set.columns = Columns {
        id: id.into(),
        name: name.into(),
        value,
        value_in_business_hours,
        event_start_time,
        event_end_time,
        account_id: account_id.into(),
        conversation_id: conversation_id.into(),
        inbox_id: inbox_id.into(),
        user_id: user_id.into(),
        created_at,
        updated_offset,
    };
    f.rows(&set.columns, opts.account_id);
    let keep: Vec<bool> = f.bad.iter().map(|&b| !b).collect();
    let mut source: Vec<u32> = (0..n as u32)
        .zip(&keep)
        .filter_map(|(i, &k)| k.then_some(i))
        .collect();
    if source.len() < n {
        set.columns.retain_mask(&keep);
    }
    set.issues = f.issues;
    across::duplicates(&mut set, &mut source);
    across::ordering(&mut set, &source, false);
    crate::checks::append(&mut set, &source);
    across::unknown_names(&mut set, &source);
    across::issues_in_body_order(&mut set);
    Ok(Decoded {
        events: set,
        body_failed: false,
        meta: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{apply_mode, Mode};
    use crate::model::Event;

    fn sample() -> EventSet {
        let mut a = Event::new(5, Name::new("first_response"), 30.0, 1, 1_000);
        a.conversation_id = 9;
        a.user_id = 3;
        a.value_in_business_hours = Some(12.0);
        a.event_start_time = 900;
        a.event_end_time = 1_000;
        let b = Event::new(6, Name::new("agent_participation"), 0.0, 1, 2_000);
        EventSet::from_events(&[a, b])
    }

    #[test]
    fn known_names_keep_their_codes() {
        let cols = to_columns(&sample());
        assert_eq!(&cols.names[..2], ["first_response", "reply_time"]);
        assert_eq!(cols.names.len(), 9);
        assert_eq!(cols.name, vec![0, 8]);
        assert!(cols.user_id[1].is_nan());
    }

    #[test]
    fn a_code_outside_the_table_is_an_error() {
        let mut cols = to_columns(&sample());
        cols.name[1] = 9;
        let d = from_columns(&cols.slices(), &DecodeOptions::default()).unwrap();
        assert_eq!(d.events.len(), 1);
        assert_eq!(d.events.issues[0].code, IssueCode::WrongType);
        assert_eq!(d.events.issues[0].path(), "[1].name");
        assert!(apply_mode(d, Mode::Strict).is_err());
    }

    #[test]
    fn ragged_columns_are_a_shape_error() {
        let mut cols = to_columns(&sample());
        cols.updated_at.pop();
        let e = from_columns(&cols.slices(), &DecodeOptions::default()).unwrap_err();
        assert!(e.message.contains("`updatedAt` has 1"), "{}", e.message);
    }
}
