//! `summarize`, per-conversation rows, CSV and `formatDuration`, as small plain objects.
//! The public `summarize(events, options)` in js/api.js accepts an EventSet or an array
//! and calls `_summarize` with a set; no per-event JS object is built to compute anything.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::errors::invalid_argument;
use super::events::JsEventSet;
use super::options::{check_object, get, opt_bool, opt_number, opt_string};
use crate::conversations::{conversation_rows, rows_to_csv, ConversationRow, RowOptions, SortKey};
use crate::duration::{format_duration, DurationStyle};
use crate::model::NULL_ID;
use crate::stats::Stats;
use crate::summary::{
    summarize_with_cycles, Breakdown, SlaResult, SlaThresholds, Summary, SummaryOptions,
};

/// A plain object from key/value pairs.
fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn num(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_f64)
}

fn nan_null(v: f64) -> JsValue {
    if v.is_nan() {
        JsValue::NULL
    } else {
        JsValue::from_f64(v)
    }
}

fn id(v: i64) -> JsValue {
    if v == NULL_ID {
        JsValue::NULL
    } else {
        JsValue::from_f64(v as f64)
    }
}

fn count(v: u64) -> JsValue {
    JsValue::from_f64(v as f64)
}

fn stats(s: &Stats) -> JsValue {
    obj(&[
        ("count", count(s.count)),
        ("sum", JsValue::from_f64(s.sum)),
        ("mean", num(s.mean)),
        ("min", num(s.min)),
        ("max", num(s.max)),
        ("median", num(s.median)),
        ("p90", num(s.p90)),
        ("p95", num(s.p95)),
        ("p99", num(s.p99)),
    ])
}

fn breakdown_fields(b: &Breakdown) -> [(&'static str, JsValue); 4] {
    [
        ("firstResponse", stats(&b.first_response)),
        ("resolution", stats(&b.resolution)),
        ("replyTime", stats(&b.reply_time)),
        ("resolutionsCount", count(b.resolutions_count)),
    ]
}

fn groups(list: &[(i64, Breakdown)], key: &str) -> Array {
    list.iter()
        .map(|(k, b)| {
            let mut fields = vec![(key, id(*k))];
            fields.extend(breakdown_fields(b));
            obj(&fields)
        })
        .collect()
}

fn sla(r: &Option<SlaResult>) -> Option<JsValue> {
    r.map(|r| {
        obj(&[
            ("threshold", JsValue::from_f64(r.threshold)),
            ("met", count(r.met)),
            ("total", count(r.total)),
            ("share", num(r.share)),
        ])
    })
}

fn summary_to_js(s: &Summary) -> JsValue {
    let d = &s.first_response_distribution;
    let mut fields = vec![
        ("events", count(s.events)),
        ("conversations", count(s.conversations)),
    ];
    fields.extend(breakdown_fields(&s.overall));
    fields.extend([
        ("resolutionPerCycle", stats(&s.resolution_per_cycle)),
        ("resolutionWithoutBot", stats(&s.resolution_without_bot)),
        ("botResolutionsCount", count(s.bot_resolutions_count)),
        ("botHandoffsCount", count(s.bot_handoffs_count)),
        ("reopensCount", count(s.reopens_count)),
        (
            "firstResponseDistribution",
            obj(&[
                ("0-1h", count(d[0])),
                ("1-4h", count(d[1])),
                ("4-8h", count(d[2])),
                ("8-24h", count(d[3])),
                ("24h+", count(d[4])),
            ]),
        ),
        ("byAgent", groups(&s.by_agent, "userId").into()),
        ("byInbox", groups(&s.by_inbox, "inboxId").into()),
    ]);
    if let Some(r) = &s.sla {
        let mut parts = Vec::new();
        for (k, v) in [
            ("firstResponse", &r.first_response),
            ("resolution", &r.resolution),
            ("replyTime", &r.reply_time),
        ] {
            if let Some(js) = sla(v) {
                parts.push((k, js));
            }
        }
        fields.push(("sla", obj(&parts)));
    }
    if let Some(p) = &s.previous {
        fields.push(("previous", summary_to_js(p)));
    }
    obj(&fields)
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

/// The summary of a set (see API.md `Summary`).
#[wasm_bindgen(js_name = _summarize)]
pub fn summarize_set(set: &JsEventSet, options: JsValue) -> Result<JsValue, JsValue> {
    let opts = summary_options(&options)?;
    let hours = get(&options, "workingHours")?;
    // A schedule fills per-cycle resolution in business time; without businessHours it has
    // nothing to change (wall-clock cycles come from the timestamps).
    let cycles = if opts.business_hours && !(hours.is_undefined() || hours.is_null()) {
        Some(super::hours::business_cycles(set.inner(), &hours)?)
    } else {
        None
    };
    Ok(summary_to_js(&summarize_with_cycles(
        set.inner(),
        &opts,
        cycles.as_deref(),
    )))
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

fn row_to_js(r: &ConversationRow) -> JsValue {
    let cycles: Array = r.resolution_cycles.iter().map(|&v| nan_null(v)).collect();
    obj(&[
        ("conversationId", id(r.conversation_id)),
        ("inboxId", id(r.inbox_id)),
        ("userId", id(r.user_id)),
        (
            "firstEventAt",
            JsValue::from_f64((r.first_event_at / 1000) as f64),
        ),
        (
            "lastEventAt",
            JsValue::from_f64((r.last_event_at / 1000) as f64),
        ),
        ("events", JsValue::from_f64(f64::from(r.events))),
        ("firstResponse", nan_null(r.first_response)),
        ("resolutions", JsValue::from_f64(f64::from(r.resolutions))),
        ("reopens", JsValue::from_f64(f64::from(r.reopens))),
        ("resolutionTime", nan_null(r.resolution_time)),
        ("resolutionCycles", cycles.into()),
        ("replies", JsValue::from_f64(f64::from(r.replies))),
        ("replyTimeMedian", nan_null(r.reply_time_median)),
        ("replyTimeMax", nan_null(r.reply_time_max)),
        ("botHandoff", JsValue::from_bool(r.bot_handoff)),
        ("botResolved", JsValue::from_bool(r.bot_resolved)),
    ])
}

/// One row per conversation, sorted (see js/index.d.ts `ConversationRow`).
#[wasm_bindgen(js_name = _conversationRows)]
pub fn conversation_rows_of(set: &JsEventSet, options: JsValue) -> Result<Array, JsValue> {
    let opts = row_options(&options)?;
    Ok(conversation_rows(set.inner(), &opts)
        .iter()
        .map(row_to_js)
        .collect())
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
