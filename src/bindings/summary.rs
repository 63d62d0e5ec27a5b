//! `summarize`, per-conversation rows, CSV and `formatDuration`.
//! The public `summarize(events, options)` in js/api.js accepts an EventSet or an array
//! and calls `_summarize` with a set; no per-event JS object is built to compute anything.

use js_sys::Float64Array;
use serde::de::IgnoredAny;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::convert::to_js;
use super::errors::invalid_argument;
use super::events::JsEventSet;
use crate::conversations::{conversation_rows, rows_to_csv, ConversationRow, RowOptions, SortKey};
use crate::duration::{format_duration, DurationStyle};
use crate::model::NULL_ID;
use crate::summary::{summarize_with_cycles, SlaThresholds, SummaryOptions};
use crate::window::WindowMode;

// Conversation rows cross to JS as one flat `Float64Array` (js/api.js reads it back):
// measured on 100 000 events (22 306 rows, Node 20), `to_js(&rows)` through
// serde-wasm-bindgen took 82 ms against 32 ms for this array, a boundary call per field.
// Summaries, much smaller, cross as objects through serde (`to_js`).
// `NaN` stands for `null` in the nullable fields of the flat rows.

/// An id as a number; NaN for none.
fn id_number(v: i64) -> f64 {
    if v == NULL_ID {
        f64::NAN
    } else {
        v as f64
    }
}

/// `window`: which events a `[since, until)` window selects.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum WindowName {
    /// By `created_at`, as Chatwoot.
    Activity,
    /// Every event of the conversations that began in the window.
    Cohort,
}

/// The core's mode for a `window` option (Chatwoot's by default).
pub(super) fn window_mode(w: Option<WindowName>) -> WindowMode {
    match w {
        None | Some(WindowName::Activity) => WindowMode::Activity,
        Some(WindowName::Cohort) => WindowMode::Cohort,
    }
}

/// SLA thresholds in seconds.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SlaOptions {
    first_response: Option<f64>,
    resolution: Option<f64>,
    reply_time: Option<f64>,
}

/// The options of `summarize`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SummarizeOptions {
    business_hours: Option<bool>,
    sla: Option<SlaOptions>,
    since: Option<f64>,
    until: Option<f64>,
    window: Option<WindowName>,
    /// A schedule to recompute per-cycle resolution in business time (js/api.js has
    /// already resolved a per-inbox function into a plan object).
    #[allow(dead_code)]
    working_hours: Option<IgnoredAny>,
}

fn threshold(v: Option<f64>, key: &str) -> Result<Option<f64>, JsValue> {
    match v {
        Some(t) if t < 0.0 => Err(invalid_argument(["The threshold `sla.", key, "` must not be negative."].concat())),
        t => Ok(t),
    }
}

fn summary_options(o: SummarizeOptions) -> Result<SummaryOptions, JsValue> {
    let sla = match o.sla {
        None => None,
        Some(t) => Some(SlaThresholds {
            first_response: threshold(t.first_response, "firstResponse")?,
            resolution: threshold(t.resolution, "resolution")?,
            reply_time: threshold(t.reply_time, "replyTime")?,
        }),
    };
    if let (Some(s), Some(u)) = (o.since, o.until) {
        if s >= u {
            return Err(invalid_argument("The option `since` must be before `until`."));
        }
    }
    Ok(SummaryOptions {
        business_hours: o.business_hours.unwrap_or(false),
        sla,
        since: o.since,
        until: o.until,
        window: window_mode(o.window),
    })
}

/// The summary of a set (see API.md `Summary`), as a plain object.
#[wasm_bindgen(js_name = _summarize)]
pub fn summarize_set(set: &JsEventSet, options: JsValue, single: JsValue, inboxes: Vec<f64>, answers: js_sys::Array) -> Result<JsValue, JsValue> {
    let hours = super::hours::HoursArg::new(single, inboxes, answers);
    let o: SummarizeOptions = super::convert::options(options, "The options of summarize")?;
    let opts = summary_options(o)?;
    // A schedule fills per-cycle resolution in business time; without businessHours it has
    // nothing to change (wall-clock cycles come from the timestamps).
    let cycles = if opts.business_hours && !hours.is_empty() {
        Some(super::hours::business_cycles(set.inner(), &hours)?)
    } else {
        None
    };
    to_js(&summarize_with_cycles(set.inner(), &opts, cycles.as_deref()))
}

/// The options of `conversationRows` and `conversationsCsv`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RowsOptions {
    since: Option<f64>,
    until: Option<f64>,
    window: Option<WindowName>,
    business_hours: Option<bool>,
    sort_by: Option<SortName>,
    order: Option<OrderName>,
    limit: Option<f64>,
}

/// `sortBy` as JS spells it.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
enum SortName {
    ResolutionTime,
    FirstResponse,
    ReplyTimeMax,
    ReplyTimeMedian,
    Reopens,
    Resolutions,
    LastEventAt,
    ConversationId,
}

/// `order`.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum OrderName {
    Asc,
    Desc,
}

fn row_options(value: JsValue) -> Result<RowOptions, JsValue> {
    let o: RowsOptions = super::convert::options(value, "The options of conversationRows")?;
    let limit = match o.limit {
        Some(n) if n < 0.0 || n.fract() != 0.0 => {
            return Err(invalid_argument("The option `limit` must be a whole number of rows."))
        }
        n => n.map(|n| n.min(u32::MAX as f64) as usize),
    };
    if let (Some(s), Some(u)) = (o.since, o.until) {
        if s >= u {
            return Err(invalid_argument("The option `since` must be before `until`."));
        }
    }
    Ok(RowOptions {
        since: o.since,
        until: o.until,
        window: window_mode(o.window),
        business_hours: o.business_hours.unwrap_or(false),
        sort_by: match o.sort_by.unwrap_or(SortName::ResolutionTime) {
            SortName::ResolutionTime => SortKey::ResolutionTime,
            SortName::FirstResponse => SortKey::FirstResponse,
            SortName::ReplyTimeMax => SortKey::ReplyTimeMax,
            SortName::ReplyTimeMedian => SortKey::ReplyTimeMedian,
            SortName::Reopens => SortKey::Reopens,
            SortName::Resolutions => SortKey::Resolutions,
            SortName::LastEventAt => SortKey::LastEventAt,
            SortName::ConversationId => SortKey::ConversationId,
        },
        ascending: matches!(o.order, Some(OrderName::Asc)),
        limit,
    })
}

/// Appends a row as its fields in API.md order, `resolutionCycles` with its length first;
/// js/api.js `readRows` reads it.
fn push_row(out: &mut Vec<f64>, r: &ConversationRow) {
    out.extend_from_slice(&[
        id_number(r.conversation_id),
        id_number(r.inbox_id),
        id_number(r.user_id),
        (r.first_event_at / 1000) as f64,
        (r.last_event_at / 1000) as f64,
        f64::from(r.events),
        r.first_response,
        f64::from(r.resolutions),
        f64::from(r.reopens),
        r.resolution_time,
        r.resolution_cycles.len() as f64,
    ]);
    out.extend_from_slice(&r.resolution_cycles);
    out.extend_from_slice(&[
        f64::from(r.replies),
        r.reply_time_median,
        r.reply_time_max,
        f64::from(u8::from(r.bot_handoff)),
        f64::from(u8::from(r.bot_resolved)),
    ]);
}

/// One row per conversation, sorted (see js/index.d.ts `ConversationRow`), flat (see
/// [`push_row`]).
#[wasm_bindgen(js_name = _conversationRows)]
pub fn conversation_rows_of(set: &JsEventSet, options: JsValue) -> Result<Float64Array, JsValue> {
    let opts = row_options(options)?;
    let rows = conversation_rows(set.inner(), &opts);
    let mut out = Vec::with_capacity(rows.len() * 18 + 1);
    out.push(rows.len() as f64);
    for r in &rows {
        push_row(&mut out, r);
    }
    Ok(Float64Array::from(&out[..]))
}

/// The same rows as RFC 4180 CSV.
#[wasm_bindgen(js_name = _conversationsCsv)]
pub fn conversations_csv_of(set: &JsEventSet, options: JsValue) -> Result<String, JsValue> {
    let opts = row_options(options)?;
    Ok(rows_to_csv(&conversation_rows(set.inner(), &opts)))
}

/// `formatDuration(seconds, style)`: Chatwoot's UI format or a compact one; null or
/// NaN give "—". js/api.js has already checked the types.
#[wasm_bindgen(js_name = _formatDuration)]
pub fn format_duration_js(seconds: Option<f64>, style: Option<String>) -> Result<String, JsValue> {
    let style = match style.as_deref() {
        None | Some("chatwoot") => DurationStyle::Chatwoot,
        Some("compact") => DurationStyle::Compact,
        Some("report") => DurationStyle::Report,
        Some(_) => return Err(invalid_argument("The style must be 'chatwoot', 'compact' or 'report'.")),
    };
    // Beyond about 285 million years the figure means nothing; 2^53 s keeps it exact.
    if seconds.is_some_and(|s| s.is_infinite() || s.abs() > crate::model::MAX_SAFE_INTEGER as f64) {
        return Err(invalid_argument("formatDuration takes a number of seconds within ±9007199254740991, or null."));
    }
    Ok(format_duration(seconds, style))
}

