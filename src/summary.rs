//! `summarize`: Chatwoot's report figures, computed exactly as Chatwoot does, plus what it
//! cannot give (quantiles, per-cycle resolution, resolution without the bot's share, SLA
//! shares, the previous window).
//!
//! Figures that depend on a conversation's history (is this opening a reopen? which
//! opening does this resolution close?) are derived once over the whole set, then
//! aggregated over the requested window, so a window that starts mid-conversation still
//! sees the history before it.

use serde::Serialize;

use crate::event_set::{Columns, EventSet};
use crate::model::{KnownName, NULL_ID, NULL_TIME};
use crate::sort::{float_key, int_key, key_float, order_by, radix_sort, sort_order, RADIX_MIN};
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
    derive_grouped(set, true).0
}

/// One conversation's history so far, as [`derive`] goes through its events in order of
/// `created_at`, then id.
#[derive(Clone, Copy, Default)]
struct History {
    last_opened_end: Option<i64>,
    resolved_before: bool,
    handoff: Option<(f64, f64)>,
}

/// The columns a summary reads, as slices: indexing a slice is built into the language,
/// while indexing a `Vec` is a call that a size-optimised build does not always inline.
#[derive(Clone, Copy)]
struct View<'a> {
    name: &'a [u32],
    value: &'a [f64],
    business: &'a [f64],
    start: &'a [i64],
    end: &'a [i64],
    conversation: &'a [i64],
    created: &'a [i64],
}

impl<'a> View<'a> {
    fn of(c: &'a Columns) -> View<'a> {
        View {
            name: &c.name,
            value: &c.value,
            business: &c.value_in_business_hours,
            start: &c.event_start_time,
            end: &c.event_end_time,
            conversation: &c.conversation_id,
            created: &c.created_at,
        }
    }
}

/// [`Derived`]'s per-event vectors as slices (see [`View`]).
struct DerivedMut<'a> {
    per_cycle: &'a mut [f64],
    cycle_start: &'a mut [i64],
    is_reopen: &'a mut [bool],
    without_bot: &'a mut [f64],
    without_bot_business: &'a mut [f64],
}

impl History {
    /// Takes event `i`, the next of its conversation, into the history and `d`.
    #[inline(always)]
    fn take(&mut self, c: View, i: usize, d: &mut DerivedMut) {
        match c.name[i] {
            OPENED => {
                d.is_reopen[i] = self.resolved_before;
                self.last_opened_end = Some(c.end[i]);
            }
            BOT_HANDOFF if self.handoff.is_none() => {
                self.handoff = Some((c.value[i], c.business[i]));
            }
            RESOLVED => {
                let (start, end) = (c.start[i], c.end[i]);
                d.cycle_start[i] = match self.last_opened_end {
                    Some(opened) => opened,
                    None => start,
                };
                d.per_cycle[i] = match self.last_opened_end {
                    Some(opened) if opened != NULL_TIME && end != NULL_TIME => {
                        (end - opened) as f64 / 1000.0
                    }
                    Some(_) => f64::NAN,
                    None if start != NULL_TIME && end != NULL_TIME => (end - start) as f64 / 1000.0,
                    None => c.value[i],
                };
                // Both values run from the conversation's creation, so their
                // difference is the time from the handoff, in either clock.
                let (v, bh) = (c.value[i], c.business[i]);
                (d.without_bot[i], d.without_bot_business[i]) = match self.handoff {
                    Some((hv, hbh)) => ((v - hv).max(0.0), (bh - hbh).max(0.0)),
                    None => (v, bh),
                };
                self.resolved_before = true;
            }
            _ => {}
        }
    }
}

/// Each event's conversation as a number from 0 (in order of first sight, or of
/// `by_conversation` when that was computed), for histories and for counting distinct
/// conversations without a sort.
struct Conversations {
    /// Per event; [`NO_CONVERSATION`] for an event without one.
    of_event: Vec<u32>,
    count: usize,
}

const NO_CONVERSATION: u32 = NO_NUMBER;

/// No number (see [`number_ids`]).
const NO_NUMBER: u32 = u32::MAX;

/// [`derive`], with the events' conversation numbers; `by_conversation` is left empty
/// unless `with_order` (or the set is not in time order, when it is needed anyway).
fn derive_grouped(set: &EventSet, with_order: bool) -> (Derived, Conversations) {
    let c = &set.columns;
    let n = set.len();
    let mut d = Derived {
        per_cycle: vec![f64::NAN; n],
        cycle_start: vec![NULL_TIME; n],
        is_reopen: vec![false; n],
        without_bot: vec![f64::NAN; n],
        without_bot_business: vec![f64::NAN; n],
        by_conversation: Vec::new(),
    };
    let time_order = time_order(set);
    // An event without a conversation has a history of its own.
    let mut conversations = Conversations {
        of_event: vec![NO_CONVERSATION; n],
        count: 0,
    };
    let of_event: &mut [u32] = &mut conversations.of_event;
    let conversation: &[i64] = &c.conversation_id;
    let order = if time_order.is_some() && !with_order {
        // Numbered in order of first sight: no sort at all.
        conversations.count = number_ids(conversation, of_event, false).len();
        Vec::new()
    } else {
        // Numbered in `by_conversation` order, from its sorted keys.
        let (order, keys) = conversation_order(set, time_order);
        let (order_s, keys_s): (&[usize], &[u64]) = (&order, &keys);
        let mut k = 0;
        while k < n && k < order_s.len() && k < keys_s.len() {
            if keys_s[k] != NULL_KEY {
                if k == 0 || keys_s[k - 1] != keys_s[k] {
                    conversations.count += 1;
                }
                of_event[order_s[k]] = conversations.count as u32 - 1;
            }
            k += 1;
        }
        order
    };
    let order_s: &[usize] = &order;
    // Each conversation's events in time order: the set's own order (forwards or
    // backwards) when it is ordered by time, else `by_conversation`'s.
    let mut histories = vec![History::default(); conversations.count];
    let histories_s: &mut [History] = &mut histories;
    let view = View::of(c);
    let mut out = DerivedMut {
        per_cycle: &mut d.per_cycle,
        cycle_start: &mut d.cycle_start,
        is_reopen: &mut d.is_reopen,
        without_bot: &mut d.without_bot,
        without_bot_business: &mut d.without_bot_business,
    };
    let mut k = 0;
    while k < n {
        let i = match time_order {
            Some(true) => k,
            Some(false) => n - 1 - k,
            None => order_s[k],
        };
        let mut alone = History::default();
        let history = match of_event[i] {
            NO_CONVERSATION => &mut alone,
            g => &mut histories_s[g as usize],
        };
        history.take(view, i, &mut out);
        k += 1;
    }
    d.by_conversation = order;
    (d, conversations)
}

/// Numbers the ids of `ids` from 0 in order of first sight, into `numbers`, and returns
/// the id of each number. [`NULL_ID`] is numbered like any id when `null_too`, else left
/// out (its entries of `numbers` stay as they are). Ids within a span a few times their
/// count, as an account's conversation, inbox and agent ids mostly are, are looked up in a
/// plain array; others in a hash table.
fn number_ids(ids: &[i64], numbers: &mut [u32], null_too: bool) -> Vec<i64> {
    let n = ids.len().min(numbers.len());
    let (mut low, mut high) = (i64::MAX, i64::MIN);
    let mut i = 0;
    while i < n {
        if ids[i] != NULL_ID {
            low = low.min(ids[i]);
            high = high.max(ids[i]);
        }
        i += 1;
    }
    let mut seen: Vec<i64> = Vec::new();
    let mut null_number = None;
    let span = (high as i128) - (low as i128);
    let mut table = if (0..4 * n as i128 + 1024).contains(&span) {
        vec![NO_NUMBER; span as usize + 1]
    } else {
        Vec::new()
    };
    let table_s: &mut [u32] = &mut table;
    if table_s.is_empty() {
        let mut slots = Slots::new();
        let mut i = 0;
        while i < n {
            if null_too || ids[i] != NULL_ID {
                numbers[i] = slots.slot(ids[i]);
            }
            i += 1;
        }
        return slots.ids;
    }
    let mut i = 0;
    while i < n {
        let id = ids[i];
        if id == NULL_ID {
            if null_too {
                numbers[i] = *null_number.get_or_insert_with(|| {
                    seen.push(NULL_ID);
                    seen.len() as u32 - 1
                });
            }
        } else {
            let entry = &mut table_s[(id - low) as usize];
            if *entry == NO_NUMBER {
                *entry = seen.len() as u32;
                seen.push(id);
            }
            numbers[i] = *entry;
        }
        i += 1;
    }
    seen
}

/// [`conversation_order`]'s key of a null conversation.
const NULL_KEY: u64 = int_key(NULL_ID);

/// Whether `(created_at, id)` strictly rises (`Some(true)`) or strictly falls
/// (`Some(false)`) through the set, as bodies come: ascending from the conversation
/// endpoint, newest first from the account endpoint's pages. Each conversation's events
/// are then in time order in the set itself.
fn time_order(set: &EventSet) -> Option<bool> {
    let c = &set.columns;
    let n = set.len();
    let (created, id): (&[i64], &[i64]) = (&c.created_at, &c.id);
    let mut rising = true;
    let mut falling = true;
    let mut k = 1;
    while k < n && k < created.len() && k < id.len() && (rising || falling) {
        let (a, b) = ((created[k - 1], id[k - 1]), (created[k], id[k]));
        rising &= a < b;
        falling &= a > b;
        k += 1;
    }
    (rising || falling).then_some(rising)
}

/// Event indices ordered by conversation, then `created_at`, then id, and each one's
/// conversation as a key in the same order (the id with its sign bit flipped, so that
/// unsigned order is id order).
///
/// In a set in time order (see [`time_order`]), taking the events in that order and
/// sorting them stably by conversation alone gives the same order, by radix in linear
/// time; keys are then all distinct, so the order is the only one there is. Any other set
/// is sorted on the whole key, as before.
fn conversation_order(set: &EventSet, time_order: Option<bool>) -> (Vec<usize>, Vec<u64>) {
    let c = &set.columns;
    let n = set.len();
    let conversation: &[i64] = &c.conversation_id;
    let rising = match time_order {
        Some(rising) if n >= RADIX_MIN => rising,
        _ => {
            // By (conversation, created_at, id): one stable pass per field, last first.
            let mut order = order_by(c.id.iter().map(|&x| int_key(x)).collect());
            let by_time = order.iter().map(|&i| int_key(c.created_at[i])).collect();
            sort_order(&mut order, by_time);
            let by_conversation = order.iter().map(|&i| int_key(conversation[i])).collect();
            let keys = sort_order(&mut order, by_conversation);
            return (order, keys);
        }
    };
    let mut keys: Vec<u64> = vec![0; n];
    let mut order: Vec<usize> = vec![0; n];
    let (keys_s, order_s): (&mut [u64], &mut [usize]) = (&mut keys, &mut order);
    let mut k = 0;
    while k < n && k < keys_s.len() && k < order_s.len() {
        let i = if rising { k } else { n - 1 - k };
        keys_s[k] = int_key(conversation[i]);
        order_s[k] = i;
        k += 1;
    }
    radix_sort(&mut keys, &mut order);
    (order, keys)
}

/// The values of one metric found in a window, with the agent and inbox slot of each,
/// written into room sized ahead (see [`View`] on why not pushed).
struct Metric {
    /// [`float_key`] of each value that is not NaN.
    keys: Vec<u64>,
    /// Agent slot in the high half, inbox slot in the low half.
    slots: Vec<u64>,
    len: usize,
}

/// A metric's values sorted, overall and grouped by agent and by inbox: each group's
/// values are `by_agent[agent_start[a]..agent_start[a + 1]]`, sorted.
struct Split {
    all: Vec<f64>,
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

    #[inline(always)]
    fn put(&mut self, v: f64, agent: u32, inbox: u32) {
        // NaN (a null business value) counts for nothing, as SQL AVG skips NULL.
        if !v.is_nan() {
            let (keys, slots): (&mut [u64], &mut [u64]) = (&mut self.keys, &mut self.slots);
            keys[self.len] = float_key(v);
            slots[self.len] = (u64::from(agent) << 32) | u64::from(inbox);
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
        let mut k = 0;
        while k < m {
            all_s[k] = key_float(keys[k]);
            k += 1;
        }
        let group = |count: usize, shift: u32| {
            let mut start = vec![0usize; count + 1];
            let start_s: &mut [usize] = &mut start;
            let mut k = 0;
            while k < m {
                start_s[((slots[k] >> shift) & 0xFFFF_FFFF) as usize + 1] += 1;
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
                let g = ((slots[k] >> shift) & 0xFFFF_FFFF) as usize;
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
            by_agent,
            agent_start,
            by_inbox,
            inbox_start,
        }
    }
}

/// Dense slots for ids (agents, inboxes) in order of first sight: an open-addressing hash
/// table, so that each event costs a multiply and a compare or two rather than a tree
/// search.
struct Slots {
    /// (id, slot + 1), 0 for an empty entry; the length is a power of two.
    table: Vec<(i64, u32)>,
    /// The id of each slot.
    ids: Vec<i64>,
}

impl Slots {
    fn new() -> Slots {
        Slots {
            table: vec![(0, 0); 16],
            ids: Vec::new(),
        }
    }

    fn slot(&mut self, id: i64) -> u32 {
        if (self.ids.len() + 1) * 2 > self.table.len() {
            let bigger = Slots {
                table: vec![(0, 0); self.table.len() * 2],
                ids: Vec::new(),
            };
            let old = std::mem::replace(self, bigger);
            for &id in &old.ids {
                self.slot(id);
            }
        }
        let mask = self.table.len() - 1;
        let mut h = ((id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        loop {
            let (key, slot) = self.table[h];
            if slot == 0 {
                self.ids.push(id);
                let slot = self.ids.len() as u32;
                self.table[h] = (id, slot);
                return slot - 1;
            }
            if key == id {
                return slot - 1;
            }
            h = (h + 1) & mask;
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
    let window = (
        opts.since.map(|s| s * 1000.0),
        opts.until.map(|u| u * 1000.0),
    );
    let mut summary = summarize_window(
        set,
        &derived,
        &conversations,
        &groups,
        opts,
        window,
        business_cycles,
    );
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
            let prev = summarize_window(
                set,
                &derived,
                &conversations,
                &groups,
                opts,
                range,
                business_cycles,
            );
            summary.previous = Some(Box::new(prev));
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

fn summarize_window(
    set: &EventSet,
    d: &Derived,
    conversations: &Conversations,
    groups: &Groups,
    opts: &SummaryOptions,
    window: (Option<f64>, Option<f64>),
    business_cycles: Option<&[f64]>,
) -> Summary {
    let c = View::of(&set.columns);
    let values = if opts.business_hours {
        c.business
    } else {
        c.value
    };
    let n = set.len();
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
    // How many of each metric, to size their lists.
    let mut counts = [0usize; 3];
    let mut i = 0;
    while i < n {
        if inside(c.created[i], since, until) {
            match c.name[i] {
                FIRST_RESPONSE => counts[0] += 1,
                RESOLVED => counts[1] += 1,
                REPLY_TIME => counts[2] += 1,
                _ => {}
            }
        }
        i += 1;
    }
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
    let mut i = 0;
    while i < n {
        if !inside(c.created[i], since, until) {
            i += 1;
            continue;
        }
        s.events += 1;
        let name = c.name[i];
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
            let (agent, inbox) = (agent_of[i], inbox_of[i]);
            agent_used_s[agent as usize] = true;
            inbox_used_s[inbox as usize] = true;
            match name {
                FIRST_RESPONSE => {
                    first_response.put(v, agent, inbox);
                    let raw = c.value[i];
                    let bucket = DISTRIBUTION_BOUNDS
                        .iter()
                        .take_while(|&&b| raw >= b)
                        .count();
                    if let Some(slot) = s.first_response_distribution.get_mut(bucket) {
                        *slot += 1;
                    }
                }
                REPLY_TIME => reply_time.put(v, agent, inbox),
                _ => {
                    resolution.put(v, agent, inbox);
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
                BOT_HANDOFF if c.conversation[i] == NULL_ID => s.bot_handoffs_count += 1,
                OPENED if d_is_reopen[i] => s.reopens_count += 1,
                _ => {}
            }
        }
        i += 1;
    }
    s.resolution_per_cycle = Stats::of(&per_cycle[..per_cycles]);
    s.resolution_without_bot = Stats::of(&without_bot[..resolutions]);
    let fr = first_response.split(na, ni);
    let res = resolution.split(na, ni);
    let rt = reply_time.split(na, ni);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_by_first_sight_in_either_table() {
        // A narrow span (a plain array) and a wide one (the hash table), nulls in or out.
        for scale in [1i64, 1_000_000_000_007] {
            let ids: Vec<i64> = [5, 9, NULL_ID, 5, 7, NULL_ID, 9, 100, 7]
                .iter()
                .map(|&x| if x == NULL_ID { x } else { x * scale })
                .collect();
            let mut numbers = vec![NO_NUMBER; ids.len()];
            let seen = number_ids(&ids, &mut numbers, true);
            let want: Vec<i64> = [5, 9, NULL_ID, 7, 100]
                .iter()
                .map(|&x| if x == NULL_ID { x } else { x * scale })
                .collect();
            assert_eq!(seen, want, "scale {scale}");
            assert_eq!(numbers, [0, 1, 2, 0, 3, 2, 1, 4, 3], "scale {scale}");
            let mut numbers = vec![NO_NUMBER; ids.len()];
            let seen = number_ids(&ids, &mut numbers, false);
            assert_eq!(seen.len(), 4);
            assert_eq!(numbers[2], NO_NUMBER);
            assert_eq!(numbers[7], 3);
        }
        // Many ids: the hash table grows.
        let ids: Vec<i64> = (0..5000).map(|i| (i % 1700) * 1_000_000_007).collect();
        let mut numbers = vec![NO_NUMBER; ids.len()];
        assert_eq!(number_ids(&ids, &mut numbers, false).len(), 1700);
        assert!(numbers
            .iter()
            .zip(&ids)
            .all(|(&k, &id)| k as i64 == id / 1_000_000_007));
        assert!(number_ids(&[], &mut [], true).is_empty());
        assert_eq!(
            number_ids(&[NULL_ID], &mut [NO_NUMBER], true),
            vec![NULL_ID]
        );
    }
}
