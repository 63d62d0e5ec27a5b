//! `summarize`, per-conversation rows, CSV and `formatDuration`.
//! The public `summarize(events, options)` in js/api.js accepts an EventSet or an array
//! and calls `_summarize` with a set; no per-event JS object is built to compute anything.

use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

use super::errors::invalid_argument;
use super::events::JsEventSet;
use super::options::{check_object, get, opt_bool, opt_number, opt_string};
use crate::conversations::{conversation_rows, rows_to_csv, ConversationRow, RowOptions, SortKey};
use crate::duration::{format_duration, DurationStyle};
use crate::model::NULL_ID;
use crate::stats::Stats;
use crate::summary::{summarize_with_cycles, Breakdown, SlaThresholds, Summary, SummaryOptions};

// Summaries and rows cross to JS as one flat `Float64Array` each, which js/api.js turns
// into the documented objects: building them here took one `Reflect.set` and one string
// conversion per property, ~100 µs for even a 20-event summary, and weighed more code.
// `NaN` stands for `null` in the nullable fields (no value there is ever NaN).

/// Appends `s` as its nine fields in API.md order.
fn push_stats(out: &mut Vec<f64>, s: &Stats) {
    let opt = |v: Option<f64>| v.unwrap_or(f64::NAN);
    out.extend_from_slice(&[
        s.count as f64,
        s.sum,
        opt(s.mean),
        opt(s.min),
        opt(s.max),
        opt(s.median),
        opt(s.p90),
        opt(s.p95),
        opt(s.p99),
    ]);
}

/// An id as a number; NaN for none.
fn id_number(v: i64) -> f64 {
    if v == NULL_ID {
        f64::NAN
    } else {
        v as f64
    }
}

fn push_breakdown(out: &mut Vec<f64>, b: &Breakdown) {
    push_stats(out, &b.first_response);
    push_stats(out, &b.resolution);
    push_stats(out, &b.reply_time);
    out.push(b.resolutions_count as f64);
}

fn push_groups(out: &mut Vec<f64>, list: &[(i64, Breakdown)]) {
    out.push(list.len() as f64);
    for (k, b) in list {
        out.push(id_number(*k));
        push_breakdown(out, b);
    }
}

/// The layout js/api.js `readSummary` reads: the figures in API.md order, groups with
/// their length first, the SLA results behind a presence mask, then `previous` the same.
fn push_summary(out: &mut Vec<f64>, s: &Summary) {
    out.push(s.events as f64);
    out.push(s.conversations as f64);
    push_breakdown(out, &s.overall);
    push_stats(out, &s.resolution_per_cycle);
    push_stats(out, &s.resolution_without_bot);
    out.push(s.bot_resolutions_count as f64);
    out.push(s.bot_handoffs_count as f64);
    out.push(s.reopens_count as f64);
    out.extend(s.first_response_distribution.iter().map(|&n| n as f64));
    push_groups(out, &s.by_agent);
    push_groups(out, &s.by_inbox);
    match &s.sla {
        None => out.push(0.0),
        Some(r) => {
            let results = [&r.first_response, &r.resolution, &r.reply_time];
            let mask = results
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_some())
                .fold(1u32, |m, (k, _)| m | 2 << k);
            out.push(f64::from(mask));
            for r in results.into_iter().flatten() {
                out.extend_from_slice(&[
                    r.threshold,
                    r.met as f64,
                    r.total as f64,
                    r.share.unwrap_or(f64::NAN),
                ]);
            }
        }
    }
    match &s.previous {
        None => out.push(0.0),
        Some(p) => {
            out.push(1.0);
            push_summary(out, p);
        }
    }
}

fn non_negative(o: &JsValue, key: &str) -> Result<Option<f64>, JsValue> {
    match opt_number(o, key)? {
        Some(v) if v < 0.0 => Err(invalid_argument(
            ["The threshold `", key, "` must not be negative."].concat(),
        )),
        v => Ok(v),
    }
}

fn summary_options(o: &JsValue) -> Result<SummaryOptions, JsValue> {
    check_object(o, "The options")?;
    let sla_value = get(o, "sla")?;
    let sla = if sla_value.is_undefined() || sla_value.is_null() {
        None
    } else {
        check_object(&sla_value, "The option `sla`")?;
        Some(SlaThresholds {
            first_response: non_negative(&sla_value, "firstResponse")?,
            resolution: non_negative(&sla_value, "resolution")?,
            reply_time: non_negative(&sla_value, "replyTime")?,
        })
    };
    let since = opt_number(o, "since")?;
    let until = opt_number(o, "until")?;
    if let (Some(s), Some(u)) = (since, until) {
        if s >= u {
            return Err(invalid_argument(
                "The option `since` must be before `until`.",
            ));
        }
    }
    Ok(SummaryOptions {
        business_hours: opt_bool(o, "businessHours")?,
        sla,
        since,
        until,
    })
}

/// The summary of a set (see API.md `Summary`), flat (see [`push_summary`]).
#[wasm_bindgen(js_name = _summarize)]
pub fn summarize_set(set: &JsEventSet, options: JsValue) -> Result<Float64Array, JsValue> {
    let opts = summary_options(&options)?;
    let hours = get(&options, "workingHours")?;
    // A schedule fills per-cycle resolution in business time; without businessHours it has
    // nothing to change (wall-clock cycles come from the timestamps).
    let cycles = if opts.business_hours && !(hours.is_undefined() || hours.is_null()) {
        Some(super::hours::business_cycles(set.inner(), &hours)?)
    } else {
        None
    };
    let mut out = Vec::with_capacity(256);
    push_summary(
        &mut out,
        &summarize_with_cycles(set.inner(), &opts, cycles.as_deref()),
    );
    Ok(Float64Array::from(&out[..]))
}

fn row_options(o: &JsValue) -> Result<RowOptions, JsValue> {
    check_object(o, "The options")?;
    let sort_by = match opt_string(o, "sortBy")?.as_deref() {
        None | Some("resolutionTime") => SortKey::ResolutionTime,
        Some("firstResponse") => SortKey::FirstResponse,
        Some("replyTimeMax") => SortKey::ReplyTimeMax,
        Some("replyTimeMedian") => SortKey::ReplyTimeMedian,
        Some("reopens") => SortKey::Reopens,
        Some("resolutions") => SortKey::Resolutions,
        Some("lastEventAt") => SortKey::LastEventAt,
        Some("conversationId") => SortKey::ConversationId,
        Some(_) => {
            return Err(invalid_argument(
                "The option `sortBy` must be one of resolutionTime, firstResponse, replyTimeMax, replyTimeMedian, reopens, resolutions, lastEventAt, conversationId.",
            ))
        }
    };
    let ascending = match opt_string(o, "order")?.as_deref() {
        None | Some("desc") => false,
        Some("asc") => true,
        Some(_) => {
            return Err(invalid_argument(
                "The option `order` must be 'asc' or 'desc'.",
            ))
        }
    };
    let limit = match opt_number(o, "limit")? {
        Some(n) if n < 0.0 || n.fract() != 0.0 => {
            return Err(invalid_argument(
                "The option `limit` must be a whole number of rows.",
            ))
        }
        n => n.map(|n| n as usize),
    };
    Ok(RowOptions {
        business_hours: opt_bool(o, "businessHours")?,
        sort_by,
        ascending,
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
    let opts = row_options(&options)?;
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
    let opts = row_options(&options)?;
    Ok(rows_to_csv(&conversation_rows(set.inner(), &opts)))
}

/// `formatDuration(seconds, style)`: Chatwoot's UI format or a compact one; null or
/// NaN give "—".
#[wasm_bindgen(js_name = formatDuration)]
pub fn format_duration_js(seconds: JsValue, style: JsValue) -> Result<String, JsValue> {
    let style = match style.as_string().as_deref() {
        _ if style.is_undefined() || style.is_null() => DurationStyle::Chatwoot,
        Some("chatwoot") => DurationStyle::Chatwoot,
        Some("compact") => DurationStyle::Compact,
        _ => {
            return Err(invalid_argument(
                "The style must be 'chatwoot' or 'compact'.",
            ))
        }
    };
    if !(seconds.is_undefined() || seconds.is_null() || seconds.as_f64().is_some()) {
        return Err(invalid_argument(
            "formatDuration takes a number of seconds or null.",
        ));
    }
    Ok(format_duration(seconds.as_f64(), style))
}
