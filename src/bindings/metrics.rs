//! `slaCurve` and `hourOfWeek`: what no helpdesk shows, from the core's `sla_curve` and
//! `hour_of_week`; js/api.js wraps both to take an EventSet or an array of events.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js};
use super::errors::{invalid_argument, to_js_error};
use super::events::JsEventSet;
use super::series::{Timezone, WeekStart};
use crate::hour_of_week::{hour_of_week, needed_range, HourOfWeekOptions};
use crate::sla_curve::{sla_curve, SlaCurveOptions, SlaMetric};
use crate::zone::Zone;

/// The options of `slaCurve`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CurveOptions {
    metric: Option<String>,
    business_hours: Option<bool>,
    thresholds: Option<Vec<f64>>,
}

/// `_slaCurve(set, options)`: the share met at each threshold, ascending.
#[wasm_bindgen(js_name = _slaCurve)]
pub fn sla_curve_of(set: &JsEventSet, options: JsValue) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(invalid_argument("slaCurve needs options with a `metric`: 'firstResponse', 'resolution' or 'replyTime'."));
    }
    let o: CurveOptions = from_js(options, "The options of slaCurve")?;
    let metric = o
        .metric
        .as_deref()
        .and_then(SlaMetric::from_name)
        .ok_or_else(|| invalid_argument("The option `metric` must be 'firstResponse', 'resolution' or 'replyTime'."))?;
    if o.thresholds.as_ref().is_some_and(|t| t.iter().any(|&x| x < 0.0)) {
        return Err(invalid_argument("The option `thresholds` must hold seconds, none negative."));
    }
    let opts = SlaCurveOptions {
        metric,
        business_hours: o.business_hours.unwrap_or(false),
        thresholds: o.thresholds,
    };
    to_js(&sla_curve(set.inner(), &opts))
}

/// The options of `hourOfWeek`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WeekOptions {
    name: Option<String>,
    timezone: Option<Timezone>,
    week_start: Option<WeekStart>,
}

/// `_hourOfWeek(set, options)`: 7 rows (from the week's first day) × 24 local hours of
/// event counts by `created_at`.
#[wasm_bindgen(js_name = _hourOfWeek)]
pub fn hour_of_week_of(set: &JsEventSet, options: JsValue) -> Result<JsValue, JsValue> {
    let o: WeekOptions = super::convert::options(options, "The options of hourOfWeek")?;
    let set = set.inner();
    let zone = match o.timezone {
        None => Zone::UTC,
        Some(Timezone::Hours(h)) => Zone::from_hours(h).map_err(to_js_error)?,
        Some(Timezone::Name(name)) => {
            let range = needed_range(set).unwrap_or((0, 0));
            Zone::Table(super::zones::zone_table(&name, &[range])?)
        }
    };
    let opts = HourOfWeekOptions {
        name: o.name,
        zone,
        week_starts_monday: o.week_start == Some(WeekStart::Monday),
    };
    to_js(&hour_of_week(set, &opts))
}
