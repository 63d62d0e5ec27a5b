//! The JavaScript `WorkingHours` shape of a [`Schedule`], through serde:
//!
//! ```json
//! { "timezone": "Europe/Berlin",
//!   "weekly": { "mon": [["09:00", "17:00"]], "sat": [["22:00", "06:00"]] },
//!   "holidays": ["2026-12-25"] }
//! ```
//!
//! `Serialize` writes every weekday (closed ones empty), times as `'HH:MM'` and holidays as
//! `'YYYY-MM-DD'`. `Deserialize` reads a raw struct whose fields accept any value, then
//! checks them here, so that a bad schedule is refused with a sentence a person
//! understands, naming the day and window ("Monday's second window: '25:00' is not a
//! time …") rather than a deserializer's type error or an internal path.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::chatwoot_inbox::{describe, invalid, shape_error};
use crate::error::ReportingError;
use crate::schedule::{
    format_date, format_time, ordinal, parse_date, window_name, Schedule, Window, DAY_KEYS,
    DAY_NAMES,
};

type Res<T> = Result<T, ReportingError>;

/// The shape as it arrives: the three keys, each any value (checked by [`from_raw`]);
/// any other key is refused.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawWorkingHours {
    #[serde(default)]
    timezone: Value,
    #[serde(default)]
    weekly: Value,
    #[serde(default)]
    holidays: Value,
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Schedule, D::Error> {
        let raw = Value::deserialize(d)?;
        schedule_from_value(raw).map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl Serialize for Schedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("WorkingHours", 3)?;
        out.serialize_field("timezone", self.timezone())?;
        out.serialize_field("weekly", &Weekly(self.weekly()))?;
        let holidays: Vec<String> = self.holidays().iter().map(|&d| format_date(d)).collect();
        out.serialize_field("holidays", &holidays)?;
        out.end()
    }
}

/// `weekly` as an object of the seven days, Sunday first.
struct Weekly<'a>(&'a [Vec<Window>; 7]);

impl Serialize for Weekly<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(7))?;
        for (key, windows) in DAY_KEYS.iter().zip(self.0) {
            let pairs: Vec<[String; 2]> = windows
                .iter()
                .map(|w| [format_time(w.open()), format_time(w.close())])
                .collect();
            map.serialize_entry(key, &pairs)?;
        }
        map.end()
    }
}

/// [`Schedule::from_json`]: JSON text to a schedule.
pub(crate) fn schedule_from_json(text: &str) -> Res<Schedule> {
    let raw: Value = serde_json::from_str(text)
        .map_err(|e| shape_error("The working hours could not be read as JSON", &e))?;
    schedule_from_value(raw)
}

/// [`Schedule::to_json`]: a schedule to JSON text.
pub(crate) fn schedule_to_json(schedule: &Schedule) -> String {
    // Writing strings and arrays of strings into a String cannot fail.
    serde_json::to_string(schedule).unwrap_or_default()
}

/// Checks any JSON value as `WorkingHours` ([`Schedule::from_value`]).
pub(crate) fn schedule_from_value(raw: Value) -> Res<Schedule> {
    if !raw.is_object() {
        return Err(invalid(&[
            "The working hours must be an object such as { weekly: { mon: [['09:00', '17:00']] } }, not ",
            &describe(&raw),
            ".",
        ]));
    }
    let raw = RawWorkingHours::deserialize(raw).map_err(|e| {
        // Only an unknown key gets here: the fields take any value.
        invalid(&[
            "The working hours have a key they do not know (",
            &e.to_string(),
            ").",
        ])
    })?;
    from_raw(raw)
}

fn from_raw(raw: RawWorkingHours) -> Res<Schedule> {
    let timezone = match raw.timezone {
        Value::Null => "UTC".to_owned(),
        Value::String(s) if s.trim().is_empty() => {
            return Err(ReportingError::invalid_argument(
                "The time zone is empty; give an IANA name such as 'Europe/Berlin', or leave it out for UTC.",
            ))
        }
        Value::String(s) => s,
        other => {
            return Err(invalid(&[
                "The time zone must be an IANA name such as 'Europe/Berlin', not ",
                &describe(&other),
                ".",
            ]))
        }
    };
    let weekly = match raw.weekly {
        Value::Null => {
            return Err(ReportingError::invalid_argument(
                "The working hours need `weekly`, the windows of each day, such as { mon: [['09:00', '17:00']] }.",
            ))
        }
        Value::Object(days) => read_weekly(days)?,
        other => {
            return Err(invalid(&[
                "`weekly` must be an object of days such as { mon: [['09:00', '17:00']] }, not ",
                &describe(&other),
                ".",
            ]))
        }
    };
    let holidays = match raw.holidays {
        Value::Null => Vec::new(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| read_holiday(i, v))
            .collect::<Res<Vec<i64>>>()?,
        other => {
            return Err(invalid(&[
                "`holidays` must be a list of 'YYYY-MM-DD' dates, not ",
                &describe(&other),
                ".",
            ]))
        }
    };
    Schedule::new(timezone, weekly, holidays)
}

/// The days of `weekly`: keys `sun` … `sat`, each a list of windows or null.
fn read_weekly(days: serde_json::Map<String, Value>) -> Res<[Vec<Window>; 7]> {
    let mut weekly: [Vec<Window>; 7] = Default::default();
    for (key, windows) in days {
        let Some(day) = DAY_KEYS.iter().position(|k| *k == key) else {
            let key = describe(&Value::String(key));
            return Err(invalid(&[
                "`weekly` has ",
                &key,
                ", which is not a day (the days are sun, mon, tue, wed, thu, fri and sat).",
            ]));
        };
        let name = DAY_NAMES.get(day).copied().unwrap_or("A day");
        let list = match windows {
            Value::Null => Vec::new(),
            Value::Array(list) => list,
            other => {
                return Err(invalid(&[
                    name,
                    "'s windows must be a list of ['HH:MM', 'HH:MM'] pairs, not ",
                    &describe(&other),
                    ".",
                ]))
            }
        };
        let parsed = list
            .iter()
            .enumerate()
            .map(|(i, w)| read_window(day, i, w))
            .collect::<Res<Vec<Window>>>()?;
        if let Some(slot) = weekly.get_mut(day) {
            *slot = parsed;
        }
    }
    Ok(weekly)
}

/// Window `i` of weekday `day`: a pair of `'HH:MM'` strings.
fn read_window(day: usize, i: usize, v: &Value) -> Res<Window> {
    let name = window_name(day, i);
    let pair = match v {
        Value::Array(items) => match items.as_slice() {
            [Value::String(open), Value::String(close)] => Some((open, close)),
            _ => None,
        },
        _ => None,
    };
    let Some((open, close)) = pair else {
        return Err(invalid(&[
            &name,
            " must be a pair of 'HH:MM' times such as ['09:00', '17:00'], not ",
            &describe(v),
            ".",
        ]));
    };
    Window::parse(open, close).map_err(|m| invalid(&[&name, ": ", &m, "."]))
}

/// Holiday `i`: a `'YYYY-MM-DD'` date.
fn read_holiday(i: usize, v: &Value) -> Res<i64> {
    let subject = ["The ", &ordinal(i), " holiday"].concat();
    match v {
        Value::String(s) => parse_date(s).ok_or_else(|| {
            invalid(&[
                &subject,
                ", '",
                s,
                "', is not a date (expected 'YYYY-MM-DD').",
            ])
        }),
        other => Err(invalid(&[
            &subject,
            " must be a 'YYYY-MM-DD' date, not ",
            &describe(other),
            ".",
        ])),
    }
}
