//! One row per conversation (chatwoot#15243, #6887): the drill-down behind every summary
//! figure, sortable to find the slowest, and exportable as RFC 4180 CSV.

use serde::Serialize;

use crate::event_set::EventSet;
use crate::model::{KnownName, NULL_ID};
use crate::sort::{float_key, int_key, order_by, sort_floats, sort_order};
use crate::stats::{quantile_sorted, Stats};
use crate::summary::derive;
use crate::text::{push_int, push_seconds};
use crate::timestamp::write_iso;
use crate::window::{window_times, WindowMode};

/// What one conversation's events say about it. Durations in seconds, NaN where absent.
/// Serializes as js/index.d.ts's `ConversationRow`: NaN and [`NULL_ID`] as `null`, times
/// as epoch seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationRow {
    /// The internal conversation id (`conversation_id` of its events).
    pub conversation_id: i64,
    /// The inbox of its latest event that names one, or [`NULL_ID`].
    #[serde(serialize_with = "crate::serialize::id")]
    pub inbox_id: i64,
    /// The agent: of the latest resolution, else of the first response, else of the
    /// latest event that names one; [`NULL_ID`] when none does.
    #[serde(serialize_with = "crate::serialize::id")]
    pub user_id: i64,
    /// `created_at` of its first event, epoch ms (epoch seconds when serialized).
    #[serde(serialize_with = "crate::serialize::millis_as_seconds")]
    pub first_event_at: i64,
    /// `created_at` of its latest event, epoch ms (epoch seconds when serialized).
    #[serde(serialize_with = "crate::serialize::millis_as_seconds")]
    pub last_event_at: i64,
    /// Number of its events.
    pub events: u32,
    /// First response time.
    #[serde(serialize_with = "crate::serialize::seconds")]
    pub first_response: f64,
    /// Number of `conversation_resolved` events.
    pub resolutions: u32,
    /// Number of openings after a resolution.
    pub reopens: u32,
    /// Resolution time of the latest resolution: its whole lifetime, as Chatwoot reports.
    #[serde(serialize_with = "crate::serialize::seconds")]
    pub resolution_time: f64,
    /// Each resolution measured from the opening before it (wall clock only).
    #[serde(serialize_with = "crate::serialize::seconds_list")]
    pub resolution_cycles: Vec<f64>,
    /// Number of `reply_time` events.
    pub replies: u32,
    /// Median reply time.
    #[serde(serialize_with = "crate::serialize::seconds")]
    pub reply_time_median: f64,
    /// Longest reply time.
    #[serde(serialize_with = "crate::serialize::seconds")]
    pub reply_time_max: f64,
    /// Whether a bot handed it over to humans.
    pub bot_handoff: bool,
    /// Whether a bot resolved it.
    pub bot_resolved: bool,
}

/// The column rows are sorted by; JavaScript names it in camelCase (`sortBy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    /// Longest resolution first (the default): the slowest conversations.
    #[default]
    ResolutionTime,
    /// First response time.
    FirstResponse,
    /// Longest reply.
    ReplyTimeMax,
    /// Median reply.
    ReplyTimeMedian,
    /// Number of reopens.
    Reopens,
    /// Number of resolutions.
    Resolutions,
    /// Latest activity.
    LastEventAt,
    /// Conversation id.
    ConversationId,
}

/// Options of [`conversation_rows`].
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct RowOptions {
    /// Window start, epoch seconds, inclusive. With a window, [`WindowMode::Activity`]
    /// (the default) builds each row from its conversation's events written in the
    /// window (reopens and cycles still judged on the whole history), and
    /// [`WindowMode::Cohort`] gives the conversations that began in it, all their events.
    pub since: Option<f64>,
    /// Window end, epoch seconds, exclusive.
    pub until: Option<f64>,
    /// How the window selects events (see [`crate::window`]).
    pub window: WindowMode,
    /// Durations from `value_in_business_hours` (per-cycle times are then left empty).
    pub business_hours: bool,
    /// The sort column.
    pub sort_by: SortKey,
    /// Smallest first instead of largest first.
    pub ascending: bool,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// One row per conversation of `set` (events without a conversation are left out),
/// sorted as asked; rows without a value in the sort column come last either way.
pub fn conversation_rows(set: &EventSet, opts: &RowOptions) -> Vec<ConversationRow> {
    let c = &set.columns;
    let d = derive(set);
    let values = if opts.business_hours {
        &c.value_in_business_hours
    } else {
        &c.value
    };
    let windowed = opts.since.is_some() || opts.until.is_some();
    let when = if windowed {
        window_times(set, opts.window)
    } else {
        Vec::new()
    };
    let (since, until) = (
        opts.since.map_or(f64::NEG_INFINITY, |s| s * 1000.0),
        opts.until.map_or(f64::INFINITY, |u| u * 1000.0),
    );
    let inside = |i: usize| {
        !windowed
            || when
                .get(i)
                .is_some_and(|&t| (t as f64) >= since && (t as f64) < until)
    };
    let mut rows = Vec::new();
    let mut kept: Vec<usize> = Vec::new();
    // Events every column has (a hand-built set might be ragged; no index may panic).
    let n = crate::history::View::of(c)
        .len()
        .min(values.len())
        .min(c.inbox_id.len())
        .min(c.user_id.len());
    for all in d
        .by_conversation
        .chunk_by(|&a, &b| c.conversation_id.get(a) == c.conversation_id.get(b))
    {
        kept.clear();
        kept.extend(all.iter().copied().filter(|&i| i < n && inside(i)));
        let group: &[usize] = &kept;
        let Some(&first) = group.first() else {
            continue;
        };
        if c.conversation_id.get(first) == NULL_ID {
            continue;
        }
        let mut row = ConversationRow {
            conversation_id: c.conversation_id.get(first),
            inbox_id: NULL_ID,
            user_id: NULL_ID,
            first_event_at: c.created_at[first],
            last_event_at: c.created_at[first],
            events: group.len() as u32,
            first_response: f64::NAN,
            resolutions: 0,
            reopens: 0,
            resolution_time: f64::NAN,
            resolution_cycles: Vec::new(),
            replies: 0,
            reply_time_median: f64::NAN,
            reply_time_max: f64::NAN,
            bot_handoff: false,
            bot_resolved: false,
        };
        let (mut resolver, mut responder, mut anyone) = (NULL_ID, NULL_ID, NULL_ID);
        let mut replies = Vec::new();
        for &i in group {
            row.last_event_at = row.last_event_at.max(c.created_at[i]);
            if c.inbox_id.get(i) != NULL_ID {
                row.inbox_id = c.inbox_id.get(i);
            }
            if c.user_id.get(i) != NULL_ID {
                anyone = c.user_id.get(i);
            }
            match KnownName::ALL.get(c.name.get(i) as usize) {
                Some(KnownName::FirstResponse) => {
                    row.first_response = values[i];
                    responder = c.user_id.get(i);
                }
                Some(KnownName::ReplyTime) => replies.push(values[i]),
                Some(KnownName::ConversationResolved) => {
                    row.resolutions += 1;
                    if !opts.business_hours {
                        row.resolution_cycles.push(d.per_cycle[i]);
                    }
                    // The latest in event time, which a late write does not change.
                    if d.is_last_resolution[i] {
                        row.resolution_time = values[i];
                        if c.user_id.get(i) != NULL_ID {
                            resolver = c.user_id.get(i);
                        }
                    }
                }
                Some(KnownName::ConversationOpened) if d.is_reopen[i] => row.reopens += 1,
                Some(KnownName::ConversationBotHandoff) => row.bot_handoff = true,
                Some(KnownName::ConversationBotResolved) => row.bot_resolved = true,
                _ => {}
            }
        }
        row.user_id = [resolver, responder, anyone]
            .into_iter()
            .find(|&u| u != NULL_ID)
            .unwrap_or(NULL_ID);
        row.replies = replies.len() as u32;
        replies.retain(|v| !v.is_nan());
        sort_floats(&mut replies);
        row.reply_time_median = quantile_sorted(&replies, 0.5).unwrap_or(f64::NAN);
        row.reply_time_max = Stats::of_sorted(&replies).max.unwrap_or(f64::NAN);
        rows.push(row);
    }
    sort_rows(&mut rows, opts.sort_by, opts.ascending);
    if let Some(limit) = opts.limit {
        rows.truncate(limit);
    }
    rows
}

fn sort_rows(rows: &mut Vec<ConversationRow>, key: SortKey, ascending: bool) {
    let value = |r: &ConversationRow| -> f64 {
        match key {
            SortKey::ResolutionTime => r.resolution_time,
            SortKey::FirstResponse => r.first_response,
            SortKey::ReplyTimeMax => r.reply_time_max,
            SortKey::ReplyTimeMedian => r.reply_time_median,
            SortKey::Reopens => f64::from(r.reopens),
            SortKey::Resolutions => f64::from(r.resolutions),
            SortKey::LastEventAt => r.last_event_at as f64,
            SortKey::ConversationId => r.conversation_id as f64,
        }
    };
    // Ties (and rows without a value, which share the largest key) by conversation id:
    // that pass first, then a stable pass by value.
    let mut order = order_by(rows.iter().map(|r| int_key(r.conversation_id)).collect());
    let by_value = order
        .iter()
        .map(|&i| match rows.get(i).map(value) {
            Some(x) if !x.is_nan() && ascending => float_key(x),
            // Never u64::MAX: only a NaN has the key 0.
            Some(x) if !x.is_nan() => !float_key(x),
            _ => u64::MAX,
        })
        .collect();
    sort_order(&mut order, by_value);
    let mut slots: Vec<Option<ConversationRow>> = rows.drain(..).map(Some).collect();
    rows.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The CSV header, in column order.
pub const CSV_HEADER: [&str; 16] = [
    "conversation_id",
    "inbox_id",
    "user_id",
    "first_event_at",
    "last_event_at",
    "events",
    "first_response_seconds",
    "resolutions",
    "reopens",
    "resolution_seconds",
    "resolution_cycles_seconds",
    "replies",
    "reply_time_median_seconds",
    "reply_time_max_seconds",
    "bot_handoff",
    "bot_resolved",
];

/// The rows as RFC 4180 CSV: a header, CRLF line ends, fields quoted where they need
/// it, durations as seconds, times as UTC ISO 8601, empty fields for missing values;
/// `resolution_cycles_seconds` lists the cycles separated by spaces.
pub fn rows_to_csv(rows: &[ConversationRow]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 128);
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    let mut field = String::new();
    for r in rows {
        let mut first = true;
        let mut put = |out: &mut String, field: &mut String| {
            if !first {
                out.push(',');
            }
            first = false;
            push_csv_field(out, field);
            field.clear();
        };
        let id = |f: &mut String, v: i64| {
            if v != NULL_ID {
                push_int(f, v)
            }
        };
        let secs = |f: &mut String, v: f64| {
            if !v.is_nan() {
                push_seconds(f, v)
            }
        };
        id(&mut field, r.conversation_id);
        put(&mut out, &mut field);
        id(&mut field, r.inbox_id);
        put(&mut out, &mut field);
        id(&mut field, r.user_id);
        put(&mut out, &mut field);
        write_iso(&mut field, r.first_event_at);
        put(&mut out, &mut field);
        write_iso(&mut field, r.last_event_at);
        put(&mut out, &mut field);
        push_int(&mut field, i64::from(r.events));
        put(&mut out, &mut field);
        secs(&mut field, r.first_response);
        put(&mut out, &mut field);
        push_int(&mut field, i64::from(r.resolutions));
        put(&mut out, &mut field);
        push_int(&mut field, i64::from(r.reopens));
        put(&mut out, &mut field);
        secs(&mut field, r.resolution_time);
        put(&mut out, &mut field);
        for (k, &v) in r.resolution_cycles.iter().enumerate() {
            if k > 0 {
                field.push(' ');
            }
            secs(&mut field, v);
        }
        put(&mut out, &mut field);
        push_int(&mut field, i64::from(r.replies));
        put(&mut out, &mut field);
        secs(&mut field, r.reply_time_median);
        put(&mut out, &mut field);
        secs(&mut field, r.reply_time_max);
        put(&mut out, &mut field);
        field.push_str(if r.bot_handoff { "true" } else { "false" });
        put(&mut out, &mut field);
        field.push_str(if r.bot_resolved { "true" } else { "false" });
        put(&mut out, &mut field);
        out.push_str("\r\n");
    }
    out
}

/// Appends `s` as one CSV field, quoted (with quotes doubled) when it holds a comma, a
/// quote or a line break.
pub fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}
