//! Conversation histories: what an event means given the events of its conversation
//! that came before it (is this opening a reopen? which opening does this resolution
//! close? is it the conversation's first or last resolution?).
//!
//! "Before" is in **event time**, not write time. Chatwoot writes reporting events from
//! background jobs, which land out of order: an opening can be written after a later
//! resolution. Its listener pairs an opening with "the last resolution before it" by
//! `event_end_time` (`where('event_end_time <= ?', …).order(event_end_time: :desc)`), so
//! each conversation's events are taken here in order of their end time (`created_at`
//! where there is none); at equal times a resolution comes before an opening, as the
//! listener's `<=` counts a resolution at the very instant of an opening as before it.
//! Remaining ties (a handoff and the opening it writes, two resolutions in one
//! millisecond) go by id, so that the order is total and the result does not depend on
//! the order of the set.
//!
//! Sets almost always come with each conversation already in that order (Chatwoot's
//! bodies are sorted by `created_at`, and the writes lag the events by about the same
//! second); one pass checks it, and only a set where some conversation is out of order
//! pays for a sort.

use crate::compact::{CodeColumn, IntColumn};
use crate::event_set::{Columns, EventSet};
use crate::ids::{number_ids, NO_NUMBER};
use crate::model::{KnownName, NULL_ID, NULL_TIME};
use crate::sort::{int_key, order_by, radix_sort, sort_order, RADIX_MIN};

const RESOLVED: u32 = KnownName::ConversationResolved as u32;
const OPENED: u32 = KnownName::ConversationOpened as u32;
const BOT_HANDOFF: u32 = KnownName::ConversationBotHandoff as u32;
const FIRST_RESPONSE: u32 = KnownName::FirstResponse as u32;
const REPLY_TIME: u32 = KnownName::ReplyTime as u32;

/// Per-event figures that depend on the conversation's history. NaN (or `false`) where
/// they do not apply.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// For `conversation_resolved`: seconds since the end of the latest opening before
    /// it (in event time) in the same conversation, else since its own start.
    pub per_cycle: Vec<f64>,
    /// For `conversation_resolved`: the instant (epoch ms) its cycle starts, the end of the
    /// latest opening before it, else its own start; [`NULL_TIME`] where unknown. With a
    /// working-hours schedule this span gives the per-cycle time in business seconds.
    pub cycle_start: Vec<i64>,
    /// For `conversation_opened`: whether a resolution came before it (in event time).
    pub is_reopen: Vec<bool>,
    /// For `conversation_resolved`: whether it is its conversation's first resolution
    /// (in event time). An event without a conversation is its own first and last.
    pub is_first_resolution: Vec<bool>,
    /// For `conversation_resolved`: whether it is its conversation's latest resolution.
    pub is_last_resolution: Vec<bool>,
    /// For `conversation_resolved`: wall-clock seconds since the bot handoff, or the
    /// value when there was none.
    pub without_bot: Vec<f64>,
    /// The same in business seconds.
    pub without_bot_business: Vec<f64>,
    /// Event indices ordered by conversation, then `created_at`, then id (filled by
    /// [`derive`]; [`derive_grouped`] leaves it empty unless asked).
    pub by_conversation: Vec<usize>,
}

/// Derives the history-dependent figures of every event of `set`.
pub fn derive(set: &EventSet) -> Derived {
    derive_grouped(set, true).0
}

/// Each event's conversation as a number from 0 (in order of first sight, or of
/// `by_conversation` when that was computed), for histories and for per-conversation
/// figures without a sort.
pub(crate) struct Conversations {
    /// Per event; [`NO_CONVERSATION`] for an event without one.
    pub(crate) of_event: Vec<u32>,
    /// How many distinct conversations there are.
    pub(crate) count: usize,
    /// Per conversation, over the whole set, each counted up to 2: its `first_response`
    /// events (bits 0–1), `reply_time` events (bits 2–3) and reopenings (bits 4–5).
    pub(crate) touches: Vec<u8>,
    /// How many `first_response`, `conversation_resolved` and `reply_time` events the
    /// whole set has: room enough for the values of any window.
    pub(crate) metric_events: [usize; 3],
}

/// [`Conversations::touches`]'s shift of first responses, replies and reopenings.
const FIRST_RESPONSES: u8 = 0;
const REPLIES: u8 = 2;
const REOPENS: u8 = 4;

/// Adds one to the 2-bit count at `shift` of `touches`, up to 2.
#[inline(always)]
fn touch(touches: &mut u8, shift: u8) {
    if (*touches >> shift) & 3 < 2 {
        *touches += 1 << shift;
    }
}

/// The number of "no conversation".
pub(crate) const NO_CONVERSATION: u32 = NO_NUMBER;

/// The columns a summary reads, as slices: indexing a slice is built into the language,
/// while indexing a `Vec` is a call that a size-optimised build does not always inline.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) id: &'a IntColumn,
    pub(crate) name: &'a CodeColumn,
    pub(crate) value: &'a [f64],
    pub(crate) business: &'a [f64],
    pub(crate) start: &'a [i64],
    pub(crate) end: &'a [i64],
    pub(crate) conversation: &'a IntColumn,
    pub(crate) created: &'a [i64],
}

impl<'a> View<'a> {
    /// The events every column has: the columns of a set are equally long, but a set
    /// built by hand might not be, and reading past one must not panic.
    pub(crate) fn len(&self) -> usize {
        [
            self.id.len(),
            self.name.len(),
            self.value.len(),
            self.business.len(),
            self.start.len(),
            self.end.len(),
            self.conversation.len(),
            self.created.len(),
        ]
        .into_iter()
        .min()
        .unwrap_or(0)
    }

    pub(crate) fn of(c: &'a Columns) -> View<'a> {
        View {
            id: &c.id,
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

/// One conversation's history so far, as [`derive`] goes through its events in event
/// time.
///
/// Kept small (40 bytes): there is one per conversation, read at random as the events
/// come, and fewer cache lines make the walk faster.
#[derive(Clone, Copy)]
struct History {
    /// The end of the latest opening, [`NO_OPENING`] before any (an opening without an
    /// end is [`NULL_TIME`]).
    last_opened_end: i64,
    /// The (event time key, id) of the latest paired event taken, to check that the
    /// set's own order is event time.
    last_key: (i64, i64),
    /// The first bot handoff, [`NO_NUMBER`] before any.
    handoff: u32,
    /// The latest resolution taken so far, [`NO_NUMBER`] before any.
    last_resolution: u32,
}

/// [`History::last_opened_end`] before any opening (no event time is this late).
const NO_OPENING: i64 = i64::MAX;

impl Default for History {
    fn default() -> History {
        History {
            last_opened_end: NO_OPENING,
            last_key: (i64::MIN, i64::MIN),
            handoff: NO_NUMBER,
            last_resolution: NO_NUMBER,
        }
    }
}

/// [`Derived`]'s per-event vectors as slices (see [`View`]).
struct DerivedMut<'a> {
    per_cycle: &'a mut [f64],
    cycle_start: &'a mut [i64],
    is_reopen: &'a mut [bool],
    is_first_resolution: &'a mut [bool],
    without_bot: &'a mut [f64],
    without_bot_business: &'a mut [f64],
}

impl History {
    /// Takes event `i`, the next of its conversation in event time, into the history and
    /// `d`. Only openings, handoffs and resolutions change anything.
    #[inline(always)]
    fn take(&mut self, c: View, i: usize, d: &mut DerivedMut) {
        let resolved_before = self.last_resolution != NO_NUMBER;
        match c.name.get(i) {
            OPENED => {
                d.is_reopen[i] = resolved_before;
                self.last_opened_end = c.end[i];
            }
            BOT_HANDOFF if self.handoff == NO_NUMBER => {
                self.handoff = i as u32;
            }
            RESOLVED => {
                let (start, end) = (c.start[i], c.end[i]);
                let opened = self.last_opened_end;
                d.cycle_start[i] = if opened == NO_OPENING { start } else { opened };
                d.per_cycle[i] = if opened != NO_OPENING {
                    if opened != NULL_TIME && end != NULL_TIME {
                        end.saturating_sub(opened) as f64 / 1000.0
                    } else {
                        f64::NAN
                    }
                } else if start != NULL_TIME && end != NULL_TIME {
                    end.saturating_sub(start) as f64 / 1000.0
                } else {
                    c.value[i]
                };
                // Both values run from the conversation's creation, so their
                // difference is the time from the handoff, in either clock.
                let (v, bh) = (c.value[i], c.business[i]);
                let h = self.handoff as usize;
                (d.without_bot[i], d.without_bot_business[i]) =
                    match (c.value.get(h), c.business.get(h)) {
                        (Some(&hv), Some(&hbh)) => ((v - hv).max(0.0), (bh - hbh).max(0.0)),
                        _ => (v, bh),
                    };
                d.is_first_resolution[i] = !resolved_before;
                self.last_resolution = i as u32;
            }
            _ => {}
        }
    }
}

/// Whether an event takes part in histories (see [`History::take`]).
#[inline(always)]
fn is_paired(name: u32) -> bool {
    matches!(name, OPENED | RESOLVED | BOT_HANDOFF)
}

/// The event-time key of event `i`: its end time (its `created_at` without one), doubled,
/// plus 1 for anything but a resolution, so that at equal times resolutions come first.
/// Times lie within years 0000–9999 (±2^48 ms), so doubling cannot overflow.
#[inline(always)]
fn event_time_key(c: View, i: usize) -> i64 {
    let t = if c.end[i] != NULL_TIME {
        c.end[i]
    } else {
        c.created[i]
    };
    t.saturating_mul(2)
        .saturating_add(i64::from(c.name.get(i) != RESOLVED))
}

/// [`derive`], with the events' conversation numbers; `by_conversation` is left empty
/// unless `with_order` (or the set is not in time order, when it is needed anyway).
pub(crate) fn derive_grouped(set: &EventSet, with_order: bool) -> (Derived, Conversations) {
    let c = &set.columns;
    let n = set.len();
    let mut d = fresh(n);
    let time_order = time_order(set);
    let (mut conversations, order) = number_conversations(set, time_order, with_order);
    let view = View::of(c);
    let forward = time_order != Some(false);
    // The set's own order (forwards, or backwards for a newest-first page), checked as
    // it goes; a conversation out of event time restarts the walk on a sorted order.
    let mut histories = vec![History::default(); conversations.count];
    // Apart from the histories: a byte per conversation stays in cache where touching
    // each history for every answer would not.
    let mut touches = vec![0u8; conversations.count];
    let mut metric_events = [0usize; 3];
    let walked = walk(
        view,
        &conversations.of_event,
        &mut histories,
        (&mut touches, &mut metric_events),
        &mut d,
        Steps::Set { forward },
    );
    if !walked {
        d = Derived {
            by_conversation: Vec::new(),
            ..fresh(n)
        };
        histories.fill(History::default());
        touches.fill(0);
        metric_events = [0; 3];
        let sorted = event_time_order(view, &conversations.of_event);
        walk(
            view,
            &conversations.of_event,
            &mut histories,
            (&mut touches, &mut metric_events),
            &mut d,
            Steps::Sorted(&sorted),
        );
        // The sorted order holds paired events only: count answers apart.
        for (name, &g) in view.name.iter().zip(&conversations.of_event) {
            let (shift, k) = match name {
                FIRST_RESPONSE => (FIRST_RESPONSES, 0),
                REPLY_TIME => (REPLIES, 2),
                _ => continue,
            };
            metric_events[k] += 1;
            if let Some(t) = touches.get_mut(g as usize) {
                touch(t, shift);
            }
        }
    }
    conversations.metric_events = metric_events;
    for h in &histories {
        if let Some(l) = d.is_last_resolution.get_mut(h.last_resolution as usize) {
            *l = true;
        }
    }
    conversations.touches = touches;
    d.by_conversation = order;
    (d, conversations)
}

/// [`Derived`] for `n` events with nothing derived yet.
fn fresh(n: usize) -> Derived {
    Derived {
        per_cycle: vec![f64::NAN; n],
        cycle_start: vec![NULL_TIME; n],
        is_reopen: vec![false; n],
        is_first_resolution: vec![false; n],
        is_last_resolution: vec![false; n],
        without_bot: vec![f64::NAN; n],
        without_bot_business: vec![f64::NAN; n],
        by_conversation: Vec::new(),
    }
}

/// The order [`walk`] takes the events in.
#[derive(Clone, Copy)]
enum Steps<'a> {
    /// The set's own order, forwards or backwards, checked to be event time.
    Set { forward: bool },
    /// These events, already in event time.
    Sorted(&'a [usize]),
}

/// Takes the events in the order `steps` gives into their conversations' histories and
/// `d`. Going through the set's own order, returns `false` (having taken only part) as
/// soon as a conversation's paired events come out of event-time order. Answers and
/// reopenings are counted in `touches` (see [`Conversations::touches`]) and metric
/// events in `metric_events` (see [`Conversations::metric_events`]) as they pass.
fn walk(
    c: View,
    of_event: &[u32],
    histories: &mut [History],
    (touches, metric_events): (&mut [u8], &mut [usize; 3]),
    d: &mut Derived,
    steps: Steps,
) -> bool {
    // Every per-event vector of `d` has the set's length, at least this.
    let n = c
        .len()
        .min(d.per_cycle.len())
        .min(d.is_last_resolution.len());
    let (count, check, forward, sorted) = match steps {
        Steps::Set { forward } => (n, true, forward, &[][..]),
        Steps::Sorted(order) => (order.len(), false, true, order),
    };
    let mut out = DerivedMut {
        per_cycle: &mut d.per_cycle,
        cycle_start: &mut d.cycle_start,
        is_reopen: &mut d.is_reopen,
        is_first_resolution: &mut d.is_first_resolution,
        without_bot: &mut d.without_bot,
        without_bot_business: &mut d.without_bot_business,
    };
    let last: &mut [bool] = &mut d.is_last_resolution;
    let mut k = 0;
    while k < count {
        let i = match sorted.get(k) {
            Some(&i) => i,
            None if forward => k,
            None => n - 1 - k,
        };
        k += 1;
        if i >= n || i >= of_event.len() {
            continue;
        }
        let name = c.name.get(i);
        let g = of_event[i] as usize;
        if !is_paired(name) {
            let (shift, k) = match name {
                FIRST_RESPONSE => (FIRST_RESPONSES, 0),
                REPLY_TIME => (REPLIES, 2),
                _ => continue,
            };
            metric_events[k] += 1;
            if let Some(t) = touches.get_mut(g) {
                touch(t, shift);
            }
            continue;
        }
        metric_events[1] += usize::from(name == RESOLVED);
        match histories.get_mut(g) {
            Some(history) => {
                if check {
                    let key = (event_time_key(c, i), c.id.get(i));
                    // Equal keys (a repeated id) are left to the sort, which keeps
                    // them in set order.
                    if key <= history.last_key {
                        return false;
                    }
                    history.last_key = key;
                }
                history.take(c, i, &mut out);
                if name == OPENED && out.is_reopen[i] {
                    if let Some(t) = touches.get_mut(g) {
                        touch(t, REOPENS);
                    }
                }
            }
            // An event without a conversation has a history of its own.
            None => {
                let mut alone = History::default();
                alone.take(c, i, &mut out);
                if let Some(l) = last.get_mut(alone.last_resolution as usize) {
                    *l = true;
                }
            }
        }
    }
    true
}

/// Numbers the conversations of `set`: in order of first sight when the set is in time
/// order and no `by_conversation` order is wanted (no sort at all), else in that order
/// (returned too).
fn number_conversations(
    set: &EventSet,
    time_order: Option<bool>,
    with_order: bool,
) -> (Conversations, Vec<usize>) {
    let n = set.len();
    let mut conversations = Conversations {
        of_event: vec![NO_CONVERSATION; n],
        count: 0,
        touches: Vec::new(),
        metric_events: [0; 3],
    };
    let of_event: &mut [u32] = &mut conversations.of_event;
    let conversation = &set.columns.conversation_id;
    if time_order.is_some() && !with_order {
        conversations.count = number_ids(conversation, of_event, false).len();
        return (conversations, Vec::new());
    }
    // Numbered in `by_conversation` order, from its sorted keys.
    let (order, keys) = conversation_order(set, time_order);
    let (order_s, keys_s): (&[usize], &[u64]) = (&order, &keys);
    let mut k = 0;
    while k < n && k < order_s.len() && k < keys_s.len() {
        if keys_s[k] != NULL_KEY {
            if k == 0 || keys_s[k - 1] != keys_s[k] {
                conversations.count += 1;
            }
            if let Some(slot) = of_event.get_mut(order_s[k]) {
                *slot = conversations.count as u32 - 1;
            }
        }
        k += 1;
    }
    (conversations, order)
}

/// The paired events (see [`is_paired`]) ordered by (conversation, event time key, id):
/// one stable radix pass per field, least significant first.
fn event_time_order(c: View, of_event: &[u32]) -> Vec<usize> {
    let n = c.len();
    let paired: Vec<usize> = (0..n).filter(|&i| is_paired(c.name.get(i))).collect();
    let key = |f: &dyn Fn(usize) -> u64, order: &[usize]| -> Vec<u64> {
        order
            .iter()
            .map(|&p| paired.get(p).map_or(u64::MAX, |&i| f(i)))
            .collect()
    };
    let ids: Vec<u64> = paired.iter().map(|&i| int_key(c.id.get(i))).collect();
    let mut order = order_by(ids);
    let keys = key(&|i| int_key(event_time_key(c, i)), &order);
    sort_order(&mut order, keys);
    let keys = key(
        &|i| of_event.get(i).map_or(u64::MAX, |&g| u64::from(g)),
        &order,
    );
    sort_order(&mut order, keys);
    order
        .iter()
        .filter_map(|&p| paired.get(p).copied())
        .collect()
}

/// [`conversation_order`]'s key of a null conversation.
const NULL_KEY: u64 = int_key(NULL_ID);

/// Whether `(created_at, id)` strictly rises (`Some(true)`) or strictly falls
/// (`Some(false)`) through the set, as bodies come: ascending from the conversation
/// endpoint, newest first from the account endpoint's pages.
pub(crate) fn time_order(set: &EventSet) -> Option<bool> {
    let c = &set.columns;
    let n = set.len();
    let (created, id) = (&c.created_at, &c.id);
    let mut rising = true;
    let mut falling = true;
    let mut k = 1;
    while k < n && k < created.len() && k < id.len() && (rising || falling) {
        let (a, b) = ((created[k - 1], id.get(k - 1)), (created[k], id.get(k)));
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
/// is sorted on the whole key.
fn conversation_order(set: &EventSet, time_order: Option<bool>) -> (Vec<usize>, Vec<u64>) {
    let c = &set.columns;
    let n = set.len();
    let conversation = &c.conversation_id;
    let rising = match time_order {
        Some(rising) if n >= RADIX_MIN => rising,
        _ => {
            // By (conversation, created_at, id): one stable pass per field, last first.
            let mut order = order_by(c.id.iter().map(int_key).collect());
            let by_time = order
                .iter()
                .map(|&i| c.created_at.get(i).map_or(u64::MAX, |&t| int_key(t)))
                .collect();
            sort_order(&mut order, by_time);
            let by_conversation = order
                .iter()
                .map(|&i| conversation.try_get(i).map_or(u64::MAX, int_key))
                .collect();
            let keys = sort_order(&mut order, by_conversation);
            return (order, keys);
        }
    };
    let mut keys: Vec<u64> = vec![0; n];
    let mut order: Vec<usize> = vec![0; n];
    let (keys_s, order_s): (&mut [u64], &mut [usize]) = (&mut keys, &mut order);
    let mut k = 0;
    while k < n && k < keys_s.len() && k < order_s.len() && k < conversation.len() {
        let i = if rising { k } else { n - 1 - k };
        keys_s[k] = int_key(conversation.get(i));
        order_s[k] = i;
        k += 1;
    }
    radix_sort(&mut keys, &mut order);
    (order, keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Name};

    /// Random conversations of openings, handoffs and resolutions whose writes lag their
    /// event times by random delays, so that many are written out of event order.
    fn random_events(seed: u64, n: usize) -> Vec<Event> {
        let mut rng = crate::test_rng(seed);
        let names = [
            KnownName::ConversationOpened,
            KnownName::ConversationResolved,
            KnownName::ConversationBotHandoff,
            KnownName::FirstResponse,
        ];
        (0..n)
            .map(|k| {
                let mut r = |m: u64| (rng() >> 33) % m;
                let name = names[r(4) as usize];
                let end = 1_000_000 + r(50) as i64 * 1000;
                let mut e = Event::new(
                    k as i64 + 1,
                    Name::Known(name),
                    r(100) as f64,
                    1,
                    end + r(20) as i64 * 1000,
                );
                e.value_in_business_hours = Some(r(100) as f64);
                e.event_start_time = end - r(10) as i64 * 1000;
                e.event_end_time = end;
                e.conversation_id = if r(10) == 0 { NULL_ID } else { r(6) as i64 };
                e
            })
            .collect()
    }

    /// Each event's derived figures, by id, comparable across orders of the set.
    fn by_id(events: &[Event]) -> Vec<(i64, String)> {
        let set = EventSet::from_events(events);
        let d = derive(&set);
        let mut out: Vec<(i64, String)> = (0..set.len())
            .map(|i| {
                let figures = format!(
                    "{:?} {} {} {} {} {:?} {:?}",
                    d.per_cycle[i],
                    d.cycle_start[i],
                    d.is_reopen[i],
                    d.is_first_resolution[i],
                    d.is_last_resolution[i],
                    d.without_bot[i],
                    d.without_bot_business[i]
                );
                (set.columns.id.get(i), figures)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_order_of_the_set_changes_nothing() {
        for seed in 0..40 {
            let mut events = random_events(seed, 5 + seed as usize * 3);
            let want = by_id(&events);
            // Sorted by created_at (the fast path where it holds), reversed, shuffled.
            events.sort_by_key(|e| (e.created_at, e.id));
            assert_eq!(by_id(&events), want, "seed {seed}, by created_at");
            events.reverse();
            assert_eq!(by_id(&events), want, "seed {seed}, reversed");
            let mut rng = crate::test_rng(seed + 1000);
            for k in (1..events.len()).rev() {
                events.swap(k, (rng() >> 33) as usize % (k + 1));
            }
            assert_eq!(by_id(&events), want, "seed {seed}, shuffled");
        }
    }

    #[test]
    fn first_and_last_resolutions_by_event_time() {
        // Written last-first: the 11:00 resolution before the 09:00 one.
        let mut a = Event::new(
            1,
            Name::Known(KnownName::ConversationResolved),
            0.0,
            1,
            5000,
        );
        a.event_end_time = 4000;
        a.conversation_id = 9;
        let mut b = a.clone();
        b.id = 2;
        b.event_end_time = 2000;
        b.created_at = 6000;
        let d = derive(&EventSet::from_events(&[a, b]));
        assert_eq!(d.is_first_resolution, [false, true]);
        assert_eq!(d.is_last_resolution, [true, false]);
    }
}
