//! `_timeseries(set, options)`: the options of API.md to the core's [`SeriesOptions`],
//! IANA zones resolved through `Intl` (js/zone.js), points back as plain objects. The
//! package's `timeseries(events, options)` in js/api.js wraps it.

use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, to_js_error};
use super::events::JsEventSet;
use super::options::{check_object, get, opt_bool, opt_number, opt_string};
use crate::timeseries::{
    needed_ranges, timeseries as series, validate, GroupBy, Metric, SeriesOptions, Stat,
};
use crate::zone::Zone;

#[wasm_bindgen(module = "/js/zone.js")]
extern "C" {
    #[wasm_bindgen(js_name = seriesPoints)]
    fn series_points(timestamps: Float64Array, values: Float64Array, counts: JsValue) -> Array;
}

/// The `timezone` option before it is resolved: IANA names need the range first.
enum ZoneOption {
    Ready(Zone),
    Named(String),
}

/// `_timeseries(set, options)`: one metric per time bucket (see API.md, "Time series").
#[wasm_bindgen(js_name = _timeseries)]
pub fn timeseries(set: &JsEventSet, options: JsValue) -> Result<Array, JsValue> {
    let (mut opts, zone) = read_options(&options)?;
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
    let timestamps: Vec<f64> = points.iter().map(|p| p.timestamp as f64).collect();
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let counts = if opts.metric.is_average() {
        let counts: Vec<f64> = points.iter().map(|p| p.count.unwrap_or(0) as f64).collect();
        Float64Array::from(&counts[..]).into()
    } else {
        JsValue::UNDEFINED
    };
    Ok(series_points(
        Float64Array::from(&timestamps[..]),
        Float64Array::from(&values[..]),
        counts,
    ))
}

/// Every option of API.md, each refused with `invalid_argument` when malformed.
fn read_options(obj: &JsValue) -> Result<(SeriesOptions, ZoneOption), JsValue> {
    check_object(obj, "The options")?;
    let metric = match opt_string(obj, "metric")? {
        None => {
            return Err(invalid_argument(
                "The option `metric` is required (e.g. 'avg_first_response_time').",
            ))
        }
        Some(m) => Metric::from_name(&m).ok_or_else(|| {
            invalid_argument(one_of("metric", &m, &Metric::ALL.map(Metric::as_str)))
        })?,
    };
    let group_by = match opt_string(obj, "groupBy")? {
        None => GroupBy::Day,
        Some(g) => GroupBy::from_name(&g).ok_or_else(|| {
            invalid_argument(one_of("groupBy", &g, &GroupBy::ALL.map(GroupBy::as_str)))
        })?,
    };
    let week_starts_monday = match opt_string(obj, "weekStart")?.as_deref() {
        None | Some("sunday") => false,
        Some("monday") => true,
        Some(w) => {
            return Err(invalid_argument(one_of(
                "weekStart",
                w,
                &["sunday", "monday"],
            )))
        }
    };
    let stat = match opt_string(obj, "stat")? {
        None => Stat::Mean,
        Some(s) => Stat::from_name(&s)
            .ok_or_else(|| invalid_argument(one_of("stat", &s, &Stat::ALL.map(Stat::as_str))))?,
    };
    let zone = read_zone(obj)?;
    let mut opts = SeriesOptions::new(metric);
    opts.group_by = group_by;
    opts.week_starts_monday = week_starts_monday;
    opts.since = opt_number(obj, "since")?;
    opts.until = opt_number(obj, "until")?;
    opts.business_hours = opt_bool(obj, "businessHours")?;
    opts.stat = stat;
    if let ZoneOption::Ready(z) = &zone {
        opts.zone = z.clone();
    }
    Ok((opts, zone))
}

/// `timezone`: hours east of UTC (Chatwoot's `timezone_offset`) or an IANA name.
fn read_zone(obj: &JsValue) -> Result<ZoneOption, JsValue> {
    let v = get(obj, "timezone")?;
    if v.is_undefined() || v.is_null() {
        return Ok(ZoneOption::Ready(Zone::UTC));
    }
    if let Some(hours) = v.as_f64() {
        return Zone::from_hours(hours)
            .map(ZoneOption::Ready)
            .map_err(to_js_error);
    }
    match v.as_string() {
        Some(name) if !name.trim().is_empty() => Ok(ZoneOption::Named(name)),
        _ => Err(invalid_argument(
            "The option `timezone` must be a number of hours or an IANA time zone name.",
        )),
    }
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
