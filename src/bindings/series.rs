//! `_timeseries(set, options)`: the options of API.md to the core's [`SeriesOptions`],
//! IANA zones resolved through `Intl` (js/zone.js), points back as plain objects. The
//! package's `timeseries(events, options)` in js/api.js wraps it.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js};
use super::errors::{invalid_argument, to_js_error};
use super::events::JsEventSet;
use crate::timeseries::{
    needed_ranges, timeseries as series, validate, GroupBy, Metric, SeriesOptions, Stat,
};
use crate::zone::Zone;

/// The options of `timeseries` (API.md, "Time series").
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TimeseriesOptions {
    metric: Option<String>,
    group_by: Option<String>,
    timezone: Option<Timezone>,
    week_start: Option<WeekStart>,
    since: Option<f64>,
    until: Option<f64>,
    business_hours: Option<bool>,
    stat: Option<String>,
    window: Option<super::summary::WindowName>,
}

/// `timezone`: hours east of UTC (Chatwoot's `timezone_offset`) or an IANA name.
pub(super) enum Timezone {
    Hours(f64),
    Name(String),
}

/// By hand, not `#[serde(untagged)]`: untagged buffers the value in serde's `Content`
/// and tries each variant, machinery several KB of wasm for a number-or-string choice.
impl<'de> Deserialize<'de> for Timezone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl serde::de::Visitor<'_> for Either {
            type Value = Timezone;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("hours east of UTC or a time zone name")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Timezone, E> {
                Ok(Timezone::Hours(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Timezone, E> {
                Ok(Timezone::Hours(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Timezone, E> {
                Ok(Timezone::Hours(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<Timezone, E> {
                Ok(Timezone::Name(v.to_owned()))
            }
        }
        d.deserialize_any(Either)
    }
}

/// `weekStart`.
#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
pub(super) enum WeekStart {
    Sunday,
    Monday,
}

/// The `timezone` option before it is resolved: IANA names need the range first.
enum ZoneOption {
    Ready(Zone),
    Named(String),
}

/// `_timeseries(set, options)`: one metric per time bucket (see API.md, "Time series").
#[wasm_bindgen(js_name = _timeseries)]
pub fn timeseries(set: &JsEventSet, options: JsValue) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(invalid_argument("timeseries needs options with a `metric` (e.g. { metric: 'avg_first_response_time' })."));
    }
    let (mut opts, zone) = read_options(from_js(options, "The options of timeseries")?)?;
    let set = set.inner();
    if let ZoneOption::Named(name) = zone {
        // Refuse a hopeless range before asking Intl for years of offsets.
        validate(set, &opts).map_err(to_js_error)?;
        let mut ranges = needed_ranges(set, &opts);
        if ranges.is_empty() {
            // An empty series still checks the name, so a typo fails the same way always.
            ranges.push((0, 0));
        }
        opts.zone = Zone::Table(super::zones::zone_table(&name, &ranges)?);
    }
    let points = series(set, &opts).map_err(to_js_error)?;
    to_js(&points)
}

/// Every option of API.md, each refused with `invalid_argument` when malformed.
fn read_options(o: TimeseriesOptions) -> Result<(SeriesOptions, ZoneOption), JsValue> {
    let metric = match o.metric {
        None => {
            return Err(invalid_argument(
                "The option `metric` is required (e.g. 'avg_first_response_time').",
            ))
        }
        Some(m) => Metric::from_name(&m).ok_or_else(|| {
            invalid_argument(one_of("metric", &m, &Metric::ALL.map(Metric::as_str)))
        })?,
    };
    let group_by = match o.group_by {
        None => GroupBy::Day,
        Some(g) => GroupBy::from_name(&g).ok_or_else(|| {
            invalid_argument(one_of("groupBy", &g, &GroupBy::ALL.map(GroupBy::as_str)))
        })?,
    };
    let stat = match o.stat {
        None => Stat::Mean,
        Some(s) => Stat::from_name(&s)
            .ok_or_else(|| invalid_argument(one_of("stat", &s, &Stat::ALL.map(Stat::as_str))))?,
    };
    let zone = match o.timezone {
        None => ZoneOption::Ready(Zone::UTC),
        Some(Timezone::Hours(h)) => ZoneOption::Ready(Zone::from_hours(h).map_err(to_js_error)?),
        Some(Timezone::Name(n)) if !n.trim().is_empty() => ZoneOption::Named(n),
        Some(Timezone::Name(_)) => {
            return Err(invalid_argument(
                "The option `timezone` must be a number of hours or an IANA time zone name.",
            ))
        }
    };
    let mut opts = SeriesOptions::new(metric);
    opts.group_by = group_by;
    opts.week_starts_monday = o.week_start == Some(WeekStart::Monday);
    opts.since = o.since;
    opts.until = o.until;
    opts.business_hours = o.business_hours.unwrap_or(false);
    opts.stat = stat;
    opts.window = super::summary::window_mode(o.window);
    if let ZoneOption::Ready(z) = &zone {
        opts.zone = z.clone();
    }
    Ok((opts, zone))
}

/// "The option `key` must be one of 'a', 'b'; got 'x'."
fn one_of(key: &str, got: &str, allowed: &[&str]) -> String {
    let mut m = String::from("The option `");
    m.push_str(key);
    m.push_str("` must be one of ");
    for (i, a) in allowed.iter().enumerate() {
        if i > 0 {
            m.push_str(", ");
        }
        m.push('\'');
        m.push_str(a);
        m.push('\'');
    }
    m.push_str(", not '");
    m.push_str(got);
    m.push_str("'.");
    m
}
