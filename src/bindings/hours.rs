//! Working hours: `businessSeconds`, `fromChatwootInbox` and `_withWorkingHours` (which
//! the package's `withWorkingHours(events, hoursOrFn)` in js/api.js wraps).
//!
//! Every `WorkingHours` or inbox object (copied to plain data by js/guard.js) is read with
//! serde-wasm-bindgen into a JSON value and checked by the core (`Schedule::from_value`,
//! `ChatwootInbox::from_value`), so all shape checks and messages live in one natively
//! tested place. IANA zones are resolved through `Intl` with js/zone.js's
//! `zoneTransitions`, the same path `timeseries` uses, over only the ranges the spans need.

use js_sys::Array;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, to_js_error};
use super::events::JsEventSet;
use crate::error::ReportingError;
use crate::event_set::EventSet;
use crate::model::{NULL_ID, NULL_TIME};
use crate::chatwoot_inbox::ChatwootInbox;
use crate::recompute::{business_seconds_with, recompute_with, HoursOptions};
use crate::schedule::{
    business_millis, check_zone_ranges, span_zone_range, zone_ranges,
    Schedule,
};
use crate::text::push_int;
use crate::zone::{Zone, MAX_INSTANT_SECONDS};

/// `businessSeconds(start, end, hours)`: working seconds in `[start, end)` (epoch
/// seconds) under a `WorkingHours` object; 0 when `end <= start`.
#[wasm_bindgen(js_name = businessSeconds)]
pub fn business_seconds(start: JsValue, end: JsValue, hours: JsValue, options: JsValue) -> Result<f64, JsValue> {
    let start_ms = epoch_ms(&start, "start")?;
    let end_ms = epoch_ms(&end, "end")?;
    let opts = hours_options(options, "The options of businessSeconds")?;
    let schedule = read_schedule(&hours, "")?;
    let range = span_zone_range(start_ms.min(end_ms), end_ms.max(start_ms));
    let zone = resolve_zone(schedule.timezone(), vec![range])?;
    Ok(business_seconds_with(start_ms as f64 / 1000.0, end_ms as f64 / 1000.0, &schedule, &zone, opts))
}

/// The options of the working-hours functions.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CompatOptions {
    chatwoot_compat: Option<bool>,
}

fn hours_options(value: JsValue, what: &str) -> Result<HoursOptions, JsValue> {
    let o: CompatOptions = super::convert::options(value, what)?;
    Ok(HoursOptions {
        chatwoot_compat: o.chatwoot_compat.unwrap_or(false),
    })
}

/// `fromChatwootInbox(inbox)`: the `WorkingHours` Chatwoot computes an inbox's
/// `value_in_business_hours` under, from an inbox object of its `/inboxes` API.
#[wasm_bindgen(js_name = fromChatwootInbox)]
pub fn from_chatwoot_inbox_js(inbox: JsValue) -> Result<JsValue, JsValue> {
    if !inbox.is_object() {
        return Err(invalid_argument("The inbox must be an object from Chatwoot's /inboxes API."));
    }
    let inbox = ChatwootInbox::from_value(plain_json(&inbox, "The inbox")?).map_err(to_js_error)?;
    let schedule = Schedule::from_chatwoot(&inbox).map_err(to_js_error)?;
    // An unknown zone should fail here, where the inbox is named, not at first use.
    resolve_zone(schedule.timezone(), vec![(0, 0)])?;
    super::convert::to_js(&schedule)
}

/// The inboxes a per-inbox working-hours function is asked about: each inbox with an
/// event that has a start and an end, in increasing order, NaN for "no inbox". js/api.js
/// calls the user's function for each (in JavaScript, where a throw is just a throw) and
/// hands the answers to `_withWorkingHours` or `_summarize`: no user code runs inside a
/// wasm call.
#[wasm_bindgen(js_name = _scheduleInboxes)]
pub fn schedule_inboxes(set: &JsEventSet) -> Vec<f64> {
    inboxes_with_spans(set.inner())
        .into_iter()
        .map(|i| if i == NULL_ID { f64::NAN } else { i as f64 })
        .collect()
}

/// Working hours as js/api.js passes them: one `WorkingHours` for every event (`single`),
/// or per inbox, `answers[k]` for `inboxes[k]` (null keeps that inbox's stored values).
pub(super) struct HoursArg {
    single: JsValue,
    inboxes: Vec<f64>,
    answers: Array,
}

impl HoursArg {
    /// The three arguments.
    pub(super) fn new(single: JsValue, inboxes: Vec<f64>, answers: Array) -> HoursArg {
        HoursArg { single, inboxes, answers }
    }

    /// Whether no working hours were given at all.
    pub(super) fn is_empty(&self) -> bool {
        (self.single.is_undefined() || self.single.is_null()) && self.inboxes.is_empty()
    }

    fn plan(&self, context: &str) -> Result<Plan, JsValue> {
        if !(self.single.is_undefined() || self.single.is_null()) {
            return Ok(Plan::single(read_schedule(&self.single, context)?));
        }
        let mut schedules = Vec::new();
        let mut by_inbox = Vec::new();
        for (k, &id) in self.inboxes.iter().enumerate() {
            let inbox = if id.is_nan() { NULL_ID } else { id as i64 };
            let answer = self.answers.get(k as u32);
            if answer.is_null() || answer.is_undefined() {
                continue;
            }
            by_inbox.push((inbox, schedules.len()));
            schedules.push(read_schedule(&answer, &inbox_label(inbox))?);
        }
        // js/api.js passes them in `_scheduleInboxes` order; sort anyway, lookups binary-search.
        by_inbox.sort_unstable_by_key(|p| p.0);
        Ok(Plan { schedules, by_inbox: Some(by_inbox) })
    }
}

/// `_withWorkingHours(set, single, inboxes, answers)`: a new set with
/// `value_in_business_hours` recomputed under one `WorkingHours` for every event, or per
/// inbox (see [`HoursArg`]).
#[wasm_bindgen(js_name = _withWorkingHours)]
pub fn with_working_hours(set: &JsEventSet, single: JsValue, inboxes: Vec<f64>, answers: Array, options: JsValue) -> Result<JsEventSet, JsValue> {
    let opts = hours_options(options, "The options of withWorkingHours")?;
    let set = set.inner();
    let plan = HoursArg::new(single, inboxes, answers).plan("")?;
    let zones = plan.resolve_zones(set)?;
    let pairs: Vec<Option<(&Schedule, &Zone)>> = plan
        .schedules
        .iter()
        .map(|s| Some((s, zone_named(&zones, s.timezone())?)))
        .collect();
    let out = recompute_with(
        set,
        |inbox| pairs.get(plan.index_of(inbox)?).copied().flatten(),
        opts,
    );
    Ok(JsEventSet::new(out))
}

/// Per-cycle resolution in business seconds for each `conversation_resolved` of `set`
/// (NaN for other events and where no schedule applies), under working hours given as
/// `withWorkingHours` takes them: one `WorkingHours`, or a function of the inbox id.
pub(super) fn business_cycles(set: &EventSet, hours: &HoursArg) -> Result<Vec<f64>, JsValue> {
    let plan = hours.plan("workingHours")?;
    let zones = plan.resolve_zones(set)?;
    let derived = crate::summary::derive(set);
    let c = &set.columns;
    let schedule_of = |inbox: i64| {
        let s = plan.schedules.get(plan.index_of(inbox)?)?;
        Some((s, zone_named(&zones, s.timezone())?))
    };
    Ok((0..set.len())
        .map(|i| {
            let at = |column: &[i64]| column.get(i).copied().unwrap_or(NULL_TIME);
            let (start, end) = (at(&derived.cycle_start), at(&c.event_end_time));
            match c.inbox_id.try_get(i).and_then(schedule_of) {
                Some((s, z)) if start != NULL_TIME && end != NULL_TIME => {
                    business_millis(start, end, s, z) as f64 / 1000.0
                }
                _ => f64::NAN,
            }
        })
        .collect())
}

/// Which schedule each inbox uses.
struct Plan {
    schedules: Vec<Schedule>,
    /// `(inbox id, index into schedules)` sorted by inbox id; `None` when one schedule
    /// serves every event. (Sorted vectors rather than maps and sets here: they reuse
    /// code the module already has, where each map type would add its own.)
    by_inbox: Option<Vec<(i64, usize)>>,
}

/// The zone resolved for the time zone name `name`.
fn zone_named<'a>(zones: &'a [(String, Zone)], name: &str) -> Option<&'a Zone> {
    zones.iter().find(|(n, _)| n == name).map(|(_, z)| z)
}

impl Plan {
    fn single(schedule: Schedule) -> Plan {
        Plan {
            schedules: vec![schedule],
            by_inbox: None,
        }
    }

    /// The index into `schedules` of the schedule `inbox` uses, if any.
    fn index_of(&self, inbox: i64) -> Option<usize> {
        match &self.by_inbox {
            None => Some(0),
            Some(v) => v
                .binary_search_by_key(&inbox, |&(id, _)| id)
                .ok()
                .and_then(|k| v.get(k))
                .map(|&(_, i)| i),
        }
    }

    /// One zone per distinct time zone name, over the spans of the inboxes that use it.
    fn resolve_zones(&self, set: &EventSet) -> Result<Vec<(String, Zone)>, JsValue> {
        let mut zones: Vec<(String, Zone)> = Vec::new();
        for s in &self.schedules {
            let name = s.timezone();
            if zone_named(&zones, name).is_some() {
                continue;
            }
            let ranges = zone_ranges(set, |inbox| {
                self.by_inbox.is_none()
                    || self
                        .index_of(inbox)
                        .and_then(|i| self.schedules.get(i))
                        .is_some_and(|s| s.timezone() == name)
            });
            zones.push((name.to_owned(), resolve_zone(name, ranges)?));
        }
        Ok(zones)
    }
}

/// Each inbox with an event that has a start and an end, in increasing order.
fn inboxes_with_spans(set: &EventSet) -> Vec<i64> {
    let c = &set.columns;
    let mut inboxes: Vec<i64> = c
        .inbox_id
        .iter()
        .zip(c.event_start_time.iter().zip(&c.event_end_time))
        .filter(|(_, (&s, &e))| s != NULL_TIME && e != NULL_TIME)
        .map(|(inbox, _)| inbox)
        .collect();
    crate::sort::sort_i64(&mut inboxes);
    inboxes.dedup();
    inboxes
}

/// "inbox 12", "inbox null".
fn inbox_label(inbox: i64) -> String {
    let mut s = String::from("inbox ");
    if inbox == NULL_ID {
        s.push_str("null");
    } else {
        push_int(&mut s, inbox);
    }
    s
}

/// A `WorkingHours` object as a core schedule; `context` ("inbox 12") prefixes messages
/// so that a bad answer of the function says which inbox it was for.
fn read_schedule(hours: &JsValue, context: &str) -> Result<Schedule, JsValue> {
    let with_context = |e: ReportingError| {
        if context.is_empty() {
            to_js_error(e)
        } else {
            invalid_argument(["The working hours for ", context, ": ", &e.message].concat())
        }
    };
    if !hours.is_object() || hours.is_function() {
        return Err(with_context(ReportingError::invalid_argument(
            "The working hours must be an object { timezone, weekly, holidays } or, for \
             withWorkingHours, a function (inboxId) => WorkingHours | null.",
        )));
    }
    Schedule::from_value(plain_json(hours, "The working hours")?).map_err(with_context)
}

/// A plain JS value (js/guard.js copied it) as JSON data, read with serde-wasm-bindgen.
fn plain_json(value: &JsValue, subject: &str) -> Result<serde_json::Value, JsValue> {
    serde_wasm_bindgen::from_value(value.clone())
        .map_err(|_| invalid_argument([subject, " could not be read as plain data."].concat()))
}

/// An epoch-seconds argument as milliseconds, refused unless a finite number within a
/// JavaScript `Date`'s range.
fn epoch_ms(v: &JsValue, name: &str) -> Result<i64, JsValue> {
    let max = MAX_INSTANT_SECONDS as f64;
    match v.as_f64() {
        Some(s) if s.is_finite() && s.abs() <= max => Ok((s * 1000.0).round() as i64),
        _ => Err(invalid_argument(
            [
                "`",
                name,
                "` must be a finite number of epoch seconds (within a JavaScript Date's range).",
            ]
            .concat(),
        )),
    }
}

/// The zone named `name` over `ranges` (UTC seconds). `'UTC'` needs no lookup; any other
/// name asks `Intl`, whose offsets are only right inside the ranges, which is all the
/// engine reads.
fn resolve_zone(name: &str, mut ranges: Vec<(i64, i64)>) -> Result<Zone, JsValue> {
    if name == "UTC" {
        return Ok(Zone::UTC);
    }
    if ranges.is_empty() {
        // Still check the name, so a typo fails whether or not there is data.
        ranges.push((0, 0));
    }
    check_zone_ranges(name, &ranges).map_err(to_js_error)?;
    super::zones::zone_table(name, &ranges).map(Zone::Table)
}
