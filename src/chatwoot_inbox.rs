//! Chatwoot's inboxes and the schedule Chatwoot computes their events' business seconds
//! under (`fromChatwootInbox`).
//!
//! An inbox crosses from JavaScript (or JSON) through `Deserialize`: every field is read
//! leniently as a JSON value first, then checked here, so that a bad inbox is refused with
//! a sentence that names the day and the field ("The inbox's hours for Monday: open_hour
//! 24 is out of range (0 to 23).") rather than a deserializer's type error.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::ReportingError;
use crate::schedule::{format_time, Schedule, Window, DAY_NAMES, MINUTES_PER_DAY};
use crate::text::push_int;

type Res<T> = Result<T, ReportingError>;

/// One entry of an inbox's `working_hours`, as Chatwoot's API sends it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChatwootWorkingHour {
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week: i64,
    /// No working time that day (the hours are then null).
    pub closed_all_day: bool,
    /// Open the whole day, which Chatwoot stores as 00:00–23:59.
    pub open_all_day: bool,
    /// Opening hour, 0 to 23.
    pub open_hour: Option<i64>,
    /// Opening minute, 0 to 59.
    pub open_minutes: Option<i64>,
    /// Closing hour, 0 to 23.
    pub close_hour: Option<i64>,
    /// Closing minute, 0 to 59.
    pub close_minutes: Option<i64>,
}

/// The fields of a Chatwoot inbox that decide its business hours. Deserializes from an
/// inbox object as `GET /api/v1/accounts/{id}/inboxes` lists it; other fields are
/// ignored, and null or missing ones mean Chatwoot's defaults (working hours off, UTC).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChatwootInbox {
    /// When false, Chatwoot stores 0 business seconds for every event.
    pub working_hours_enabled: bool,
    /// IANA zone name; `None` (or empty) means UTC, Chatwoot's default.
    pub timezone: Option<String>,
    /// The days, in any order.
    pub working_hours: Vec<ChatwootWorkingHour>,
}

impl<'de> Deserialize<'de> for ChatwootInbox {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ChatwootInbox, D::Error> {
        // Any value first: the checks below say what is wrong in words.
        let raw = Value::deserialize(d)?;
        ChatwootInbox::from_value(raw).map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl ChatwootInbox {
    /// Reads an inbox object from JSON text (a thin `serde_json` wrapper of this type's
    /// `Deserialize`).
    pub fn from_json(text: &str) -> Res<ChatwootInbox> {
        let raw: Value = serde_json::from_str(text)
            .map_err(|e| shape_error("The inbox could not be read as JSON", &e))?;
        ChatwootInbox::from_value(raw)
    }

    /// The inbox of any JSON value: its three fields checked, the others ignored.
    pub fn from_value(raw: Value) -> Res<ChatwootInbox> {
        let Value::Object(mut fields) = raw else {
            return Err(invalid(&[
                "The inbox must be an object (one of GET /inboxes' payload), not ",
                &describe(&raw),
                ".",
            ]));
        };
        let mut take = |key: &str| fields.remove(key).unwrap_or(Value::Null);
        let (enabled, timezone, days) = (
            take("working_hours_enabled"),
            take("timezone"),
            take("working_hours"),
        );
        let working_hours_enabled = match enabled {
            Value::Null => false,
            Value::Bool(b) => b,
            other => {
                return Err(invalid(&[
                    "The inbox's working_hours_enabled must be true or false, not ",
                    &describe(&other),
                    ".",
                ]))
            }
        };
        let timezone =
            match timezone {
                Value::Null => None,
                Value::String(s) => Some(s),
                other => return Err(invalid(&[
                    "The inbox's timezone must be a time zone name such as 'Europe/Berlin', not ",
                    &describe(&other),
                    ".",
                ])),
            };
        let days = match days {
            Value::Null => Vec::new(),
            Value::Array(days) => days,
            other => {
                return Err(invalid(&[
                    "The inbox's working_hours must be a list of days, not ",
                    &describe(&other),
                    ".",
                ]))
            }
        };
        let working_hours = days
            .iter()
            .enumerate()
            .map(|(i, day)| read_day(i, day))
            .collect::<Res<Vec<_>>>()?;
        Ok(ChatwootInbox {
            working_hours_enabled,
            timezone,
            working_hours,
        })
    }
}

/// One entry of `working_hours`; `i` counts from 0 for messages.
fn read_day(i: usize, day: &Value) -> Res<ChatwootWorkingHour> {
    let entry = || {
        [
            "The inbox's ",
            &crate::schedule::ordinal(i),
            " working_hours entry",
        ]
        .concat()
    };
    let Value::Object(fields) = day else {
        return Err(invalid(&[
            &entry(),
            " must be an object, not ",
            &describe(day),
            ".",
        ]));
    };
    let flag = |key: &str| -> Res<bool> {
        match fields.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(invalid(&[
                &entry(),
                ": ",
                key,
                " must be true or false, not ",
                &describe(other),
                ".",
            ])),
        }
    };
    let number = |key: &str| -> Res<Option<i64>> {
        match fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.fract() == 0.0 && x.abs() <= 1e15 => Ok(Some(x as i64)),
                _ => Err(invalid(&[
                    &entry(),
                    ": ",
                    key,
                    " must be a whole number, not ",
                    &n.to_string(),
                    ".",
                ])),
            },
            Some(other) => Err(invalid(&[
                &entry(),
                ": ",
                key,
                " must be a whole number, not ",
                &describe(other),
                ".",
            ])),
        }
    };
    Ok(ChatwootWorkingHour {
        day_of_week: number("day_of_week")?.unwrap_or(-1),
        closed_all_day: flag("closed_all_day")?,
        open_all_day: flag("open_all_day")?,
        open_hour: number("open_hour")?,
        open_minutes: number("open_minutes")?,
        close_hour: number("close_hour")?,
        close_minutes: number("close_minutes")?,
    })
}

/// The schedule of a Chatwoot inbox given as JSON (see [`ChatwootInbox::from_json`] and
/// [`Schedule::from_chatwoot`]).
pub fn from_chatwoot_inbox(json: &str) -> Res<Schedule> {
    Schedule::from_chatwoot(&ChatwootInbox::from_json(json)?)
}

impl Schedule {
    /// The schedule Chatwoot computes `value_in_business_hours` under, quirks included:
    /// an open-all-day day is 00:00–23:59 (86 340 s, the last minute never counts), a
    /// closed day has no window, an inbox with working hours switched off gets a schedule
    /// that yields 0 everywhere, and when a day appears twice the later entry wins (it
    /// overwrites the earlier in Chatwoot's hash). An enabled inbox with no open day at
    /// all stores 0 too: Chatwoot's reporting helper returns 0 when the table of open days
    /// is blank (`return 0 if inbox_working_hours.blank?`); only its SLA code falls back
    /// to Monday–Friday 09:00–17:00.
    pub fn from_chatwoot(inbox: &ChatwootInbox) -> Res<Schedule> {
        let timezone = match inbox.timezone.as_deref().map(str::trim) {
            Some(tz) if !tz.is_empty() => tz.to_owned(),
            _ => "UTC".to_owned(),
        };
        if !inbox.working_hours_enabled {
            return Ok(Schedule::closed(timezone));
        }
        let mut weekly: [Vec<Window>; 7] = Default::default();
        for (i, day) in inbox.working_hours.iter().enumerate() {
            let slot = usize::try_from(day.day_of_week)
                .ok()
                .and_then(|d| weekly.get_mut(d))
                .ok_or_else(|| {
                    let mut m = [
                        "The inbox's ",
                        &crate::schedule::ordinal(i),
                        " working_hours entry has day_of_week ",
                    ]
                    .concat();
                    if day.day_of_week < 0 {
                        m = [
                            "The inbox's ",
                            &crate::schedule::ordinal(i),
                            " working_hours entry has no day_of_week",
                        ]
                        .concat();
                    } else {
                        push_int(&mut m, day.day_of_week);
                    }
                    m.push_str(", not a day (0 = Sunday to 6 = Saturday).");
                    ReportingError::invalid_argument(m)
                })?;
            *slot = chatwoot_window(day)?.into_iter().collect();
        }
        if weekly.iter().all(Vec::is_empty) {
            return Ok(Schedule::closed(timezone));
        }
        Schedule::new(timezone, weekly, Vec::new())
    }
}

/// "The inbox's hours for Monday", for messages about one day.
fn day_subject(day: &ChatwootWorkingHour) -> String {
    let name = usize::try_from(day.day_of_week)
        .ok()
        .and_then(|d| DAY_NAMES.get(d))
        .copied()
        .unwrap_or("a day");
    ["The inbox's hours for ", name].concat()
}

/// The window of one Chatwoot day, `None` when closed.
fn chatwoot_window(day: &ChatwootWorkingHour) -> Res<Option<Window>> {
    if day.closed_all_day {
        return Ok(None);
    }
    if day.open_all_day {
        return Ok(Window::new(0, MINUTES_PER_DAY - 1));
    }
    let open = chatwoot_time(day, day.open_hour, day.open_minutes, "open")?;
    let close = chatwoot_time(day, day.close_hour, day.close_minutes, "close")?;
    match Window::new(open, close) {
        Some(w) if close > open => Ok(Some(w)),
        _ => Err(invalid(&[
            &day_subject(day),
            " close at '",
            &format_time(close),
            "', not after they open at '",
            &format_time(open),
            "' (Chatwoot refuses such a day).",
        ])),
    }
}

/// Minutes after midnight of one of Chatwoot's hour/minute pairs.
fn chatwoot_time(
    day: &ChatwootWorkingHour,
    hour: Option<i64>,
    minute: Option<i64>,
    which: &str,
) -> Res<u16> {
    let field = |name: &str, v: Option<i64>, max: i64| -> Res<u16> {
        let key = [which, "_", name].concat();
        let Some(v) = v else {
            return Err(invalid(&[
                &day_subject(day),
                ": ",
                &key,
                " is missing on a day that is not closed all day.",
            ]));
        };
        u16::try_from(v)
            .ok()
            .filter(|&v| i64::from(v) <= max)
            .ok_or_else(|| {
                let mut m = [&day_subject(day), ": ", &key, " "].concat();
                push_int(&mut m, v);
                m.push_str(" is out of range (0 to ");
                push_int(&mut m, max);
                m.push_str(").");
                ReportingError::invalid_argument(m)
            })
    };
    Ok(field("hour", hour, 23)? * 60 + field("minutes", minute, 59)?)
}

/// An `invalid_argument` error whose message is `parts` joined.
pub(crate) fn invalid(parts: &[&str]) -> ReportingError {
    ReportingError::invalid_argument(parts.concat())
}

/// A JSON value as a message quotes it: short text of strings and numbers, the kind of
/// anything else.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 40 => ["'", s, "'"].concat(),
        Value::String(_) => "a long string".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// An `invalid_argument` error for JSON that `serde_json` could not read into the raw
/// shape: `what`, then its reason without the position noise for one-line inputs.
pub(crate) fn shape_error(what: &str, e: &serde_json::Error) -> ReportingError {
    let mut m = String::from(what);
    m.push_str(": ");
    m.push_str(&e.to_string());
    m.push('.');
    ReportingError::invalid_argument(m)
}
