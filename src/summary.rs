//! `summarize`: Chatwoot's report figures, computed exactly as Chatwoot does, plus what it
//! cannot give (quantiles, per-cycle resolution, resolution without the bot's share, SLA
//! shares, the previous window).
//!
//! Figures that depend on a conversation's history (is this opening a reopen? which
//! opening does this resolution close?) are derived once over the whole set, then
//! aggregated over the requested window, so a window that starts mid-conversation still
//! sees the history before it.

use std::collections::BTreeMap;

use crate::event_set::EventSet;
use crate::model::{KnownName, NULL_ID, NULL_TIME};
use crate::stats::Stats;

const FIRST_RESPONSE: u32 = KnownName::FirstResponse as u32;
const REPLY_TIME: u32 = KnownName::ReplyTime as u32;
const RESOLVED: u32 = KnownName::ConversationResolved as u32;
const OPENED: u32 = KnownName::ConversationOpened as u32;
const BOT_HANDOFF: u32 = KnownName::ConversationBotHandoff as u32;
const BOT_RESOLVED: u32 = KnownName::ConversationBotResolved as u32;

/// SLA thresholds in seconds; a figure is reported for each one given.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SlaThresholds {
    /// For first response times.
    pub first_response: Option<f64>,
    /// For resolution times.
    pub resolution: Option<f64>,
    /// For reply times.
    pub reply_time: Option<f64>,
}

/// Options of [`summarize`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SummaryOptions {
    /// Use `value_in_business_hours` (nulls skipped, as SQL AVG does).
    pub business_hours: bool,
    /// SLA thresholds.
    pub sla: Option<SlaThresholds>,
    /// Window start, epoch seconds, inclusive, on `created_at`.
    pub since: Option<f64>,
    /// Window end, epoch seconds, exclusive.
    pub until: Option<f64>,
}

/// How many events met an SLA threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlaResult {
    /// The threshold, seconds.
    pub threshold: f64,
    /// Events whose value is at most the threshold.
    pub met: u64,
    /// Events with a value.
    pub total: u64,
    /// `met / total`, `None` when there are none.
    pub share: Option<f64>,
}

/// SLA results for the thresholds that were given.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SlaResults {
    /// First response.
    pub first_response: Option<SlaResult>,
    /// Resolution.
    pub resolution: Option<SlaResult>,
    /// Reply time.
    pub reply_time: Option<SlaResult>,
}

/// The figures reported overall and per agent or inbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Breakdown {
    /// `first_response` values.
    pub first_response: Stats,
    /// `conversation_resolved` values (cumulative from creation, as Chatwoot reports).
    pub resolution: Stats,
    /// `reply_time` values.
    pub reply_time: Stats,
    /// Number of `conversation_resolved` events.
    pub resolutions_count: u64,
}

/// The first-response distribution buckets: [0,1h), [1h,4h), [4h,8h), [8h,24h), [24h,∞).
pub const DISTRIBUTION_BOUNDS: [f64; 4] = [3600.0, 14400.0, 28800.0, 86400.0];

/// Everything `summarize` reports (API.md's `Summary`, plus `resolution_without_bot` and
/// `previous`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Events in the window.
    pub events: u64,
    /// Distinct conversations among them.
    pub conversations: u64,
    /// First response, resolution, reply time and resolutions.
    pub overall: Breakdown,
    /// Each resolution measured from the end of the opening before it.
    pub resolution_per_cycle: Stats,
    /// Resolution measured from the bot handoff where there was one (chatwoot#7679).
    pub resolution_without_bot: Stats,
    /// `conversation_bot_resolved` events.
    pub bot_resolutions_count: u64,
    /// Distinct conversations with a `conversation_bot_handoff`.
    pub bot_handoffs_count: u64,
    /// `conversation_opened` events that follow a resolution.
    pub reopens_count: u64,
    /// First responses per bucket of [`DISTRIBUTION_BOUNDS`], on the raw value.
    pub first_response_distribution: [u64; 5],
    /// SLA shares, when thresholds were given.
    pub sla: Option<SlaResults>,
    /// Per `user_id` ([`NULL_ID`] for none), ascending with null last.
    pub by_agent: Vec<(i64, Breakdown)>,
    /// Per `inbox_id`, likewise.
    pub by_inbox: Vec<(i64, Breakdown)>,
    /// The same figures for the window of equal length just before, when `since` and
    /// `until` are given and the events reach into that window.
    pub previous: Option<Box<Summary>>,
}

/// Per-event figures that depend on the conversation's history. NaN where they do not
/// apply.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// For `conversation_resolved`: seconds since the end of the latest opening before
    /// it in the same conversation, else since its own start.
    pub per_cycle: Vec<f64>,
    /// For `conversation_resolved`: the instant (epoch ms) its cycle starts, the end of the
    /// latest opening before it, else its own start; [`NULL_TIME`] where unknown. With a
    /// working-hours schedule this span gives the per-cycle time in business seconds.
    pub cycle_start: Vec<i64>,
    /// For `conversation_opened`: whether a resolution came before it.
    pub is_reopen: Vec<bool>,
    /// For `conversation_resolved`: wall-clock seconds since the bot handoff, or the
    /// value when there was none.
    pub without_bot: Vec<f64>,
    /// The same in business seconds.
    pub without_bot_business: Vec<f64>,
    /// Event indices ordered by conversation, then `created_at`, then id.
    pub by_conversation: Vec<usize>,
}

/// Derives the history-dependent figures of every event of `set`.
pub fn derive(set: &EventSet) -> Derived {
    let c = &set.columns;
    let n = set.len();
    let mut d = Derived {
        per_cycle: vec![f64::NAN; n],
        cycle_start: vec![NULL_TIME; n],
        is_reopen: vec![false; n],
        without_bot: vec![f64::NAN; n],
        without_bot_business: vec![f64::NAN; n],
        by_conversation: (0..n).collect(),
    };
    d.by_conversation
        .sort_unstable_by_key(|&i| (c.conversation_id[i], c.created_at[i], c.id[i]));
    let order = std::mem::take(&mut d.by_conversation);
    for group in order.chunk_by(|&a, &b| {
        c.conversation_id[a] == c.conversation_id[b] && c.conversation_id[a] != NULL_ID
    }) {
        let mut last_opened_end: Option<i64> = None;
        let mut resolved_before = false;
        let mut handoff: Option<(f64, f64)> = None;
        for &i in group {
            match c.name[i] {
                OPENED => {
                    d.is_reopen[i] = resolved_before;
                    last_opened_end = Some(c.event_end_time[i]);
                }
                BOT_HANDOFF if handoff.is_none() => {
                    handoff = Some((c.value[i], c.value_in_business_hours[i]));
                }
                RESOLVED => {
                    let (start, end) = (c.event_start_time[i], c.event_end_time[i]);
                    d.cycle_start[i] = last_opened_end.unwrap_or(start);
                    d.per_cycle[i] = match last_opened_end {
                        Some(opened) if opened != NULL_TIME && end != NULL_TIME => {
                            (end - opened) as f64 / 1000.0
                        }
                        Some(_) => f64::NAN,
                        None if start != NULL_TIME && end != NULL_TIME => {
                            (end - start) as f64 / 1000.0
                        }
                        None => c.value[i],
                    };
                    // Both values run from the conversation's creation, so their
                    // difference is the time from the handoff, in either clock.
                    let (v, bh) = (c.value[i], c.value_in_business_hours[i]);
                    (d.without_bot[i], d.without_bot_business[i]) = match handoff {
                        Some((hv, hbh)) => ((v - hv).max(0.0), (bh - hbh).max(0.0)),
                        None => (v, bh),
                    };
                    resolved_before = true;
                }
                _ => {}
            }
        }
    }
    d.by_conversation = order;
    d
}

/// Values of one metric, collected while scanning a window.
#[derive(Default)]
struct Collect {
    first_response: Vec<f64>,
    resolution: Vec<f64>,
    reply_time: Vec<f64>,
    resolutions: u64,
}

impl Collect {
    fn finish(self) -> Breakdown {
        Breakdown {
            first_response: Stats::of(&self.first_response),
            resolution: Stats::of(&self.resolution),
            reply_time: Stats::of(&self.reply_time),
            resolutions_count: self.resolutions,
        }
    }

    fn is_empty(&self) -> bool {
        self.first_response.is_empty()
            && self.resolution.is_empty()
            && self.reply_time.is_empty()
            && self.resolutions == 0
    }
}

/// Summarizes `set` under `opts` (see [`Summary`]).
pub fn summarize(set: &EventSet, opts: &SummaryOptions) -> Summary {
    summarize_with_cycles(set, opts, None)
}

/// [`summarize`], with per-cycle resolution in business seconds supplied per event (NaN
/// where none) for `business_hours`: the data has no business time between an opening and
/// a resolution, so it must be computed under a schedule ([`Derived::cycle_start`] gives
/// the spans).
pub fn summarize_with_cycles(
    set: &EventSet,
    opts: &SummaryOptions,
    business_cycles: Option<&[f64]>,
) -> Summary {
    let derived = derive(set);
    let window = (
        opts.since.map(|s| s * 1000.0),
        opts.until.map(|u| u * 1000.0),
    );
    let mut summary = summarize_window(set, &derived, opts, window, business_cycles);
    if let (Some(since), Some(until)) = (opts.since, opts.until) {
        let length = until - since;
        let previous = ((since - length) * 1000.0, since * 1000.0);
        let reaches = set
            .columns
            .created_at
            .iter()
            .any(|&t| (t as f64) < previous.1);
        if length > 0.0 && reaches {
            let range = (Some(previous.0), Some(previous.1));
            let prev = summarize_window(set, &derived, opts, range, business_cycles);
            summary.previous = Some(Box::new(prev));
        }
    }
    summary
}

fn summarize_window(
    set: &EventSet,
    d: &Derived,
    opts: &SummaryOptions,
    window: (Option<f64>, Option<f64>),
    business_cycles: Option<&[f64]>,
) -> Summary {
    let c = &set.columns;
    let values = if opts.business_hours {
        &c.value_in_business_hours
    } else {
        &c.value
    };
    let in_window = |i: usize| {
        let t = c.created_at[i] as f64;
        window.0.map_or(true, |s| t >= s) && window.1.map_or(true, |u| t < u)
    };
    let mut s = Summary::default();
    let mut overall = Collect::default();
    let mut agents: BTreeMap<i64, Collect> = BTreeMap::new();
    let mut inboxes: BTreeMap<i64, Collect> = BTreeMap::new();
    let mut per_cycle = Vec::new();
    let mut without_bot = Vec::new();
    let mut conversations = Vec::new();
    let mut handoffs = Vec::new();
    for i in (0..set.len()).filter(|&i| in_window(i)) {
        s.events += 1;
        if c.conversation_id[i] != NULL_ID {
            conversations.push(c.conversation_id[i]);
        }
        let v = values[i];
        let name = c.name[i];
        let mut record = |pick: fn(&mut Collect) -> &mut Vec<f64>| {
            for target in [
                &mut overall,
                agents.entry(c.user_id[i]).or_default(),
                inboxes.entry(c.inbox_id[i]).or_default(),
            ] {
                if name == RESOLVED {
                    target.resolutions += 1;
                }
                pick(target).push(v);
            }
        };
        match name {
            FIRST_RESPONSE => {
                record(|t| &mut t.first_response);
                let raw = c.value[i];
                let bucket = DISTRIBUTION_BOUNDS
                    .iter()
                    .take_while(|&&b| raw >= b)
                    .count();
                if let Some(slot) = s.first_response_distribution.get_mut(bucket) {
                    *slot += 1;
                }
            }
            REPLY_TIME => record(|t| &mut t.reply_time),
            RESOLVED => {
                record(|t| &mut t.resolution);
                // Per-cycle time exists only on the wall clock (API.md): business time
                // between an opening and a resolution is not in the data.
                if !opts.business_hours {
                    per_cycle.push(d.per_cycle[i]);
                } else if let Some(&v) = business_cycles.and_then(|b| b.get(i)) {
                    per_cycle.push(v);
                }
                without_bot.push(if opts.business_hours {
                    d.without_bot_business[i]
                } else {
                    d.without_bot[i]
                });
            }
            BOT_RESOLVED => s.bot_resolutions_count += 1,
            BOT_HANDOFF if c.conversation_id[i] != NULL_ID => handoffs.push(c.conversation_id[i]),
            BOT_HANDOFF => s.bot_handoffs_count += 1,
            OPENED if d.is_reopen[i] => s.reopens_count += 1,
            _ => {}
        }
    }
    s.conversations = count_distinct(&mut conversations);
    s.bot_handoffs_count += count_distinct(&mut handoffs);
    s.resolution_per_cycle = Stats::of(&per_cycle);
    s.resolution_without_bot = Stats::of(&without_bot);
    if let Some(t) = opts.sla {
        let sla =
            |threshold: Option<f64>, values: &[f64]| threshold.map(|th| sla_result(th, values));
        s.sla = Some(SlaResults {
            first_response: sla(t.first_response, &overall.first_response),
            resolution: sla(t.resolution, &overall.resolution),
            reply_time: sla(t.reply_time, &overall.reply_time),
        });
    }
    s.by_agent = groups(agents);
    s.by_inbox = groups(inboxes);
    s.overall = overall.finish();
    s
}

fn count_distinct(v: &mut [i64]) -> u64 {
    v.sort_unstable();
    let mut n = 0u64;
    let mut last = None;
    for &x in v.iter() {
        if last != Some(x) {
            n += 1;
            last = Some(x);
        }
    }
    n
}

fn sla_result(threshold: f64, values: &[f64]) -> SlaResult {
    let present = values.iter().filter(|v| !v.is_nan());
    let total = present.clone().count() as u64;
    let met = present.filter(|&&v| v <= threshold).count() as u64;
    SlaResult {
        threshold,
        met,
        total,
        share: (total > 0).then(|| met as f64 / total as f64),
    }
}

/// Groups with at least one figure, ascending by id with the null group last.
fn groups(map: BTreeMap<i64, Collect>) -> Vec<(i64, Breakdown)> {
    let mut out: Vec<(i64, Breakdown)> = map
        .into_iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(k, c)| (k, c.finish()))
        .collect();
    // NULL_ID is i64::MIN, so it sorts first in the map; people expect "no agent" last.
    if out.first().is_some_and(|(k, _)| *k == NULL_ID) {
        out.rotate_left(1);
    }
    out
}
