//! `summarize`: Chatwoot's report figures, computed exactly as Chatwoot does, plus what it
//! cannot give (quantiles, per-cycle resolution, resolution without the bot's share, SLA
//! shares, the previous window).
//!
//! Figures that depend on a conversation's history (is this opening a reopen? which
//! opening does this resolution close?) are derived once over the whole set, then
//! aggregated over the requested window, so a window that starts mid-conversation still
//! sees the history before it.

use serde::Serialize;

use crate::conversation_figures::{OneTouch, WindowFigures};
use crate::event_set::EventSet;
pub use crate::history::{derive, Derived};
use crate::history::{derive_grouped, Conversations, View};
use crate::ids::{number_ids, NO_NUMBER};
use crate::model::{KnownName, NULL_ID};
use crate::sort::{float_key, int_key, key_float, radix_sort};
use crate::stats::Stats;
use crate::window::{conversation_starts, WindowMode};

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
    /// How the window selects events: by `created_at` (Chatwoot's way, the default) or
    /// every event of the conversations that began in it (see [`crate::window`]).
    pub window: WindowMode,
}

/// How many events met an SLA threshold (API.md's `SlaResult`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// SLA results for the thresholds that were given; only those keys are serialized.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaResults {
    /// First response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response: Option<SlaResult>,
    /// Resolution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<SlaResult>,
    /// Reply time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_time: Option<SlaResult>,
}

/// The figures reported overall and per agent or inbox (API.md's `Breakdown`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// One agent's figures: `{ userId, ...Breakdown }` in JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentBreakdown {
    /// The events' `user_id`; `None` for events without one.
    pub user_id: Option<i64>,
    /// The agent's figures.
    #[serde(flatten)]
    pub figures: Breakdown,
}

/// One inbox's figures: `{ inboxId, ...Breakdown }` in JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxBreakdown {
    /// The events' `inbox_id`; `None` for events without one.
    pub inbox_id: Option<i64>,
    /// The inbox's figures.
    #[serde(flatten)]
    pub figures: Breakdown,
}

/// The first-response distribution buckets: [0,1h), [1h,4h), [4h,8h), [8h,24h), [24h,∞).
pub const DISTRIBUTION_BOUNDS: [f64; 4] = [3600.0, 14400.0, 28800.0, 86400.0];

/// Everything `summarize` reports (API.md's `Summary`, plus `resolution_without_bot` and
/// `previous`). Serializes as API.md's `Summary`: `overall`'s figures at the top level,
/// `sla` and `previous` only when present.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Events in the window.
    pub events: u64,
    /// Distinct conversations among them.
    pub conversations: u64,
    /// First response, resolution, reply time and resolutions.
    #[serde(flatten)]
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
    /// Per conversation, its earliest resolution's value, in the window its event lies in
    /// (see [`crate::conversation_figures`]).
    pub first_resolution: Stats,
    /// Per conversation, its latest resolution's value (the final close).
    pub full_resolution: Stats,
    /// Per conversation, the sum of its `first_response` and `reply_time` values.
    pub requester_wait: Stats,
    /// Resolved conversations answered by one human reply and never reopened.
    pub one_touch: OneTouch,
    /// First responses per bucket of [`DISTRIBUTION_BOUNDS`], on the raw value;
    /// serialized with the keys of [`crate::serialize::DISTRIBUTION_KEYS`].
    #[serde(serialize_with = "crate::serialize::distribution")]
    pub first_response_distribution: [u64; 5],
    /// SLA shares, when thresholds were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaResults>,
    /// Per `user_id`, ascending with no agent last.
    pub by_agent: Vec<AgentBreakdown>,
    /// Per `inbox_id`, likewise.
    pub by_inbox: Vec<InboxBreakdown>,
    /// The same figures for the window of equal length just before, when `since` and
    /// `until` are given and the events reach into that window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Summary>>,
}

/// The values of one metric found in a window, with the agent and inbox slot of each,
/// written into room sized ahead (see [`View`] on why not pushed).
struct Metric {
    /// [`float_key`] of each value that is not NaN.
    keys: Vec<u64>,
    /// Agent slot in bits 32–61, inbox slot in the low half, and [`FIRST`] and [`LAST`]
    /// (a resolution's place in its conversation) in the top two bits.
    slots: Vec<u64>,
    len: usize,
}

/// Flag of a value whose event is its conversation's first resolution.
const FIRST: u64 = 1 << 62;
/// Flag of a value whose event is its conversation's latest resolution.
const LAST: u64 = 1 << 63;
/// The agent slot's bits once shifted down: agents are numbered below 2^30 (a set would
/// need a thousand times more events than any body holds to have more).
const AGENT_MASK: u64 = 0x3FFF_FFFF;

/// A metric's values sorted, overall and grouped by agent and by inbox: each group's
/// values are `by_agent[agent_start[a]..agent_start[a + 1]]`, sorted.
struct Split {
    all: Vec<f64>,
    /// The values flagged [`FIRST`], sorted (taken from the one sort of `all`).
    first: Vec<f64>,
    /// The values flagged [`LAST`], sorted.
    last: Vec<f64>,
    by_agent: Vec<f64>,
    agent_start: Vec<usize>,
    by_inbox: Vec<f64>,
    inbox_start: Vec<usize>,
}

impl Metric {
    fn with_room(n: usize) -> Metric {
        Metric {
            keys: vec![0; n],
            slots: vec![0; n],
            len: 0,
        }
    }

    /// Adds value `v` of an event of `agent` and `inbox`, with `flags` ([`FIRST`],
    /// [`LAST`]) carried to the sorted lists.
    #[inline(always)]
    fn put(&mut self, v: f64, agent: u32, inbox: u32, flags: u64) {
        // NaN (a null business value) counts for nothing, as SQL AVG skips NULL.
        if !v.is_nan() {
            let (keys, slots): (&mut [u64], &mut [u64]) = (&mut self.keys, &mut self.slots);
            keys[self.len] = float_key(v);
            slots[self.len] = ((u64::from(agent) & AGENT_MASK) << 32) | u64::from(inbox) | flags;
            self.len += 1;
        }
    }

    /// One sort, then a stable counting pass per grouping: every group's values come out
    /// in the order a sort of that group's list alone would give (the order is total).
    fn split(mut self, agents: usize, inboxes: usize) -> Split {
        self.keys.truncate(self.len);
        self.slots.truncate(self.len);
        radix_sort(&mut self.keys, &mut self.slots);
        let (keys, slots): (&[u64], &[u64]) = (&self.keys, &self.slots);
        let m = keys.len();
        let mut all = vec![0.0; m];
        let all_s: &mut [f64] = &mut all;
        let (mut first, mut last) = (Vec::new(), Vec::new());
        let mut k = 0;
        while k < m {
            let v = key_float(keys[k]);
            all_s[k] = v;
            if slots[k] & FIRST != 0 {
                first.push(v);
            }
            if slots[k] & LAST != 0 {
                last.push(v);
            }
            k += 1;
        }
        let mask = |shift: u32| if shift == 32 { AGENT_MASK } else { 0xFFFF_FFFF };
        let group = |count: usize, shift: u32| {
            let mut start = vec![0usize; count + 1];
            let start_s: &mut [usize] = &mut start;
            let mut k = 0;
            while k < m {
                start_s[((slots[k] >> shift) & mask(shift)) as usize + 1] += 1;
                k += 1;
            }
            let mut g = 0;
            while g < count {
                start_s[g + 1] += start_s[g];
                g += 1;
            }
            let mut at: Vec<usize> = start_s.to_vec();
            let at_s: &mut [usize] = &mut at;
            let mut values = vec![0.0; m];
            let values_s: &mut [f64] = &mut values;
            let mut k = 0;
            while k < m {
                let g = ((slots[k] >> shift) & mask(shift)) as usize;
                values_s[at_s[g]] = all_s[k];
                at_s[g] += 1;
                k += 1;
            }
            (values, start)
        };
        let (by_agent, agent_start) = group(agents, 32);
        let (by_inbox, inbox_start) = group(inboxes, 0);
        Split {
            all,
            first,
            last,
            by_agent,
            agent_start,
            by_inbox,
            inbox_start,
        }
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
    let (derived, conversations) = derive_grouped(set, false);
    let groups = Groups::of(set);
    let starts;
    let when: &[i64] = match opts.window {
        WindowMode::Activity => &set.columns.created_at,
        WindowMode::Cohort => {
            starts = conversation_starts(set);
            &starts
        }
    };
    let all = All {
        set,
        d: &derived,
        conversations: &conversations,
        groups: &groups,
        when,
        opts,
        business_cycles,
    };
    let window = (
        opts.since.map(|s| s * 1000.0),
        opts.until.map(|u| u * 1000.0),
    );
    let mut summary = summarize_window(&all, window);
    if let (Some(since), Some(until)) = (opts.since, opts.until) {
        let length = until - since;
        let previous = ((since - length) * 1000.0, since * 1000.0);
        let reaches = when.iter().any(|&t| (t as f64) < previous.1);
        if length > 0.0 && reaches {
            let range = (Some(previous.0), Some(previous.1));
            summary.previous = Some(Box::new(summarize_window(&all, range)));
        }
    }
    summary
}

/// Each event's agent and inbox as numbers (see [`number_ids`]), null ones included.
struct Groups {
    agent_of: Vec<u32>,
    agents: Vec<i64>,
    inbox_of: Vec<u32>,
    inboxes: Vec<i64>,
}

impl Groups {
    fn of(set: &EventSet) -> Groups {
        let c = &set.columns;
        let mut agent_of = vec![NO_NUMBER; set.len()];
        let agents = number_ids(&c.user_id, &mut agent_of, true);
        let mut inbox_of = vec![NO_NUMBER; set.len()];
        let inboxes = number_ids(&c.inbox_id, &mut inbox_of, true);
        Groups {
            agent_of,
            agents,
            inbox_of,
            inboxes,
        }
    }
}

/// What every window of one `summarize` call shares.
struct All<'a> {
    set: &'a EventSet,
    d: &'a Derived,
    conversations: &'a Conversations,
    groups: &'a Groups,
    /// Each event's place in time for the window test (see [`crate::window`]).
    when: &'a [i64],
    opts: &'a SummaryOptions,
    business_cycles: Option<&'a [f64]>,
}

fn summarize_window(all: &All, window: (Option<f64>, Option<f64>)) -> Summary {
    let All {
        set,
        d,
        conversations,
        groups,
        when,
        opts,
        business_cycles,
    } = *all;
    let c = View::of(&set.columns);
    let values = if opts.business_hours {
        c.business
    } else {
        c.value
    };
    let n = c
        .len()
        .min(groups.agent_of.len())
        .min(groups.inbox_of.len())
        .min(conversations.of_event.len())
        .min(d.per_cycle.len())
        .min(d.is_reopen.len())
        .min(d.without_bot.len())
        .min(d.without_bot_business.len());
    let (since, until) = (
        window.0.unwrap_or(f64::NEG_INFINITY),
        window.1.unwrap_or(f64::INFINITY),
    );
    // A plain function rather than a closure, so that a size-optimised build inlines it.
    // No bound is an infinite one, which every time (a whole number of milliseconds) is
    // inside; a NaN bound selects nothing, as comparisons with it are false.
    #[inline(always)]
    fn inside(t: i64, since: f64, until: f64) -> bool {
        let t = t as f64;
        t >= since && t < until
    }
    // Room for each metric's values: the whole set's count, known from the derivation,
    // saves a pass over the events to count the window's.
    let counts = conversations.metric_events;
    let n = n.min(when.len());
    let mut s = Summary::default();
    let (agent_of, inbox_of): (&[u32], &[u32]) = (&groups.agent_of, &groups.inbox_of);
    let (na, ni) = (groups.agents.len(), groups.inboxes.len());
    // Per agent and inbox: whether it has a figure in the window, and its resolutions.
    let mut agent_used = vec![false; na];
    let mut inbox_used = vec![false; ni];
    let (agent_used_s, inbox_used_s): (&mut [bool], &mut [bool]) =
        (&mut agent_used, &mut inbox_used);
    let mut agent_resolutions: Vec<u64> = vec![0; na];
    let mut inbox_resolutions: Vec<u64> = vec![0; ni];
    let (agent_resolutions_s, inbox_resolutions_s): (&mut [u64], &mut [u64]) =
        (&mut agent_resolutions, &mut inbox_resolutions);
    let mut first_response = Metric::with_room(counts[0]);
    let mut resolution = Metric::with_room(counts[1]);
    let mut reply_time = Metric::with_room(counts[2]);
    // Resolutions' per-cycle and without-bot times, written in place (see [`View`]).
    let mut per_cycle = vec![0.0; counts[1]];
    let mut without_bot = vec![0.0; counts[1]];
    let (per_cycle_s, without_bot_s): (&mut [f64], &mut [f64]) = (&mut per_cycle, &mut without_bot);
    let (mut per_cycles, mut resolutions) = (0, 0);
    // Per conversation: 1 once seen in the window, 2 once seen with a handoff.
    let mut seen = vec![0u8; conversations.count];
    let seen_s: &mut [u8] = &mut seen;
    let of_event: &[u32] = &conversations.of_event;
    let (d_per_cycle, d_without_bot, d_without_bot_business, d_is_reopen): (
        &[f64],
        &[f64],
        &[f64],
        &[bool],
    ) = (
        &d.per_cycle,
        &d.without_bot,
        &d.without_bot_business,
        &d.is_reopen,
    );
    let (d_first, d_last): (&[bool], &[bool]) = (&d.is_first_resolution, &d.is_last_resolution);
    let n = n.min(d_first.len()).min(d_last.len());
    let mut figures = WindowFigures::new(conversations.count);
    let mut i = 0;
    while i < n {
        if !inside(when[i], since, until) {
            i += 1;
            continue;
        }
        s.events += 1;
        let name = c.name.get(i);
        if let Some(seen) = seen_s.get_mut(of_event[i] as usize) {
            if *seen & 1 == 0 {
                *seen |= 1;
                s.conversations += 1;
            }
            if name == BOT_HANDOFF && *seen & 2 == 0 {
                *seen |= 2;
                s.bot_handoffs_count += 1;
            }
        }
        if let FIRST_RESPONSE | REPLY_TIME | RESOLVED = name {
            // Agents and inboxes get a group when they have one of these events.
            let v = values[i];
            figures.take(name, of_event[i], v);
            let (agent, inbox) = (agent_of[i], inbox_of[i]);
            agent_used_s[agent as usize] = true;
            inbox_used_s[inbox as usize] = true;
            match name {
                FIRST_RESPONSE => {
                    first_response.put(v, agent, inbox, 0);
                    let raw = c.value[i];
                    let bucket = DISTRIBUTION_BOUNDS
                        .iter()
                        .take_while(|&&b| raw >= b)
                        .count();
                    if let Some(slot) = s.first_response_distribution.get_mut(bucket) {
                        *slot += 1;
                    }
                }
                REPLY_TIME => reply_time.put(v, agent, inbox, 0),
                _ => {
                    let place =
                        if d_first[i] { FIRST } else { 0 } | if d_last[i] { LAST } else { 0 };
                    resolution.put(v, agent, inbox, place);
                    s.overall.resolutions_count += 1;
                    agent_resolutions_s[agent as usize] += 1;
                    inbox_resolutions_s[inbox as usize] += 1;
                    // Per-cycle time exists only on the wall clock (API.md): business time
                    // between an opening and a resolution is not in the data.
                    if !opts.business_hours {
                        per_cycle_s[per_cycles] = d_per_cycle[i];
                        per_cycles += 1;
                    } else if let Some(&v) = business_cycles.and_then(|b| b.get(i)) {
                        per_cycle_s[per_cycles] = v;
                        per_cycles += 1;
                    }
                    without_bot_s[resolutions] = if opts.business_hours {
                        d_without_bot_business[i]
                    } else {
                        d_without_bot[i]
                    };
                    resolutions += 1;
                }
            }
        } else {
            match name {
                BOT_RESOLVED => s.bot_resolutions_count += 1,
                BOT_HANDOFF if c.conversation.get(i) == NULL_ID => s.bot_handoffs_count += 1,
                OPENED if d_is_reopen[i] => s.reopens_count += 1,
                _ => {}
            }
        }
        i += 1;
    }
    (s.requester_wait, s.one_touch) = figures.finish(&conversations.touches);
    s.resolution_per_cycle = Stats::of(&per_cycle[..per_cycles]);
    s.resolution_without_bot = Stats::of(&without_bot[..resolutions]);
    let fr = first_response.split(na, ni);
    let res = resolution.split(na, ni);
    let rt = reply_time.split(na, ni);
    s.first_resolution = Stats::of_sorted(&res.first);
    s.full_resolution = Stats::of_sorted(&res.last);
    if let Some(t) = opts.sla {
        let sla =
            |threshold: Option<f64>, values: &[f64]| threshold.map(|th| sla_result(th, values));
        s.sla = Some(SlaResults {
            first_response: sla(t.first_response, &fr.all),
            resolution: sla(t.resolution, &res.all),
            reply_time: sla(t.reply_time, &rt.all),
        });
    }
    let resolutions_count = s.overall.resolutions_count;
    s.overall = Breakdown {
        first_response: Stats::of_sorted(&fr.all),
        resolution: Stats::of_sorted(&res.all),
        reply_time: Stats::of_sorted(&rt.all),
        resolutions_count,
    };
    let group = |values: &[f64], start: &[usize], g: usize| {
        Stats::of_sorted(&values[start[g]..start[g + 1]])
    };
    let breakdowns =
        |ids: &[i64], used: &[bool], by_agent: bool, counts: &[u64]| -> Vec<(i64, Breakdown)> {
            // By id, with the radix sort already there for the values.
            let mut keys: Vec<u64> = Vec::new();
            let mut numbers: Vec<usize> = Vec::new();
            for (g, (&id, &used)) in ids.iter().zip(used).enumerate() {
                if used {
                    keys.push(int_key(id));
                    numbers.push(g);
                }
            }
            radix_sort(&mut keys, &mut numbers);
            let mut order: Vec<(i64, usize)> = numbers.iter().map(|&g| (ids[g], g)).collect();
            // NULL_ID is i64::MIN, so it sorts first; people expect "no agent" last.
            if order.first().is_some_and(|&(id, _)| id == NULL_ID) {
                order.rotate_left(1);
            }
            let pick = |m: &Split, g: usize| {
                if by_agent {
                    group(&m.by_agent, &m.agent_start, g)
                } else {
                    group(&m.by_inbox, &m.inbox_start, g)
                }
            };
            order
                .into_iter()
                .map(|(id, g)| {
                    let b = Breakdown {
                        first_response: pick(&fr, g),
                        resolution: pick(&res, g),
                        reply_time: pick(&rt, g),
                        resolutions_count: counts[g],
                    };
                    (id, b)
                })
                .collect()
        };
    let id = |k: i64| (k != NULL_ID).then_some(k);
    s.by_agent = breakdowns(&groups.agents, &agent_used, true, &agent_resolutions)
        .into_iter()
        .map(|(k, figures)| AgentBreakdown {
            user_id: id(k),
            figures,
        })
        .collect();
    s.by_inbox = breakdowns(&groups.inboxes, &inbox_used, false, &inbox_resolutions)
        .into_iter()
        .map(|(k, figures)| InboxBreakdown {
            inbox_id: id(k),
            figures,
        })
        .collect();
    s
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
