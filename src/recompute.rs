//! Recomputing `value_in_business_hours` of an event set under working-hours schedules
//! (`withWorkingHours`), and per-cycle resolution in business time (`summarize` with
//! `workingHours`), writing what Chatwoot itself would store:
//! - whole seconds, rounded half away from zero (the working_hours gem's
//!   `distance.round`), where [`crate::schedule::business_seconds`] stays exact;
//! - 0 for a first-time `conversation_opened`, whatever its span (Chatwoot's listener
//!   stores `business_hours_value = 0` when no resolution precedes the opening; a bot
//!   handoff opens a conversation long after its creation);
//! - with [`HoursOptions::chatwoot_compat`], the gem's own count on days when clocks
//!   change (see [`crate::gem_hours`]), so that values recomputed under the inbox's own
//!   schedule equal the stored ones exactly.

use crate::event_set::EventSet;
use crate::gem_hours::GemCount;
use crate::model::{KnownName, NULL_TIME};
use crate::schedule::{business_millis, Schedule};
use crate::zone::Zone;

const OPENED: u32 = KnownName::ConversationOpened as u32;

/// Options of the working-hours computations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HoursOptions {
    /// Count working time as Chatwoot's working_hours gem does (`chatwootCompat: true`):
    /// wall-clock window lengths on days when clocks change, negative for reversed spans
    /// (see [`crate::gem_hours`]). Off: working time is the time that elapsed while the
    /// wall clock was inside a window (see [`crate::schedule`]).
    pub chatwoot_compat: bool,
}

/// Working seconds between two instants (epoch ms) under one schedule, as Chatwoot
/// would store them: rounded whole seconds, or the gem's count with
/// [`HoursOptions::chatwoot_compat`].
pub struct StoredCount<'a> {
    schedule: &'a Schedule,
    zone: &'a Zone,
    gem: Option<GemCount<'a>>,
}

impl<'a> StoredCount<'a> {
    /// Prepares `schedule` in `zone` under `opts`.
    pub fn new(schedule: &'a Schedule, zone: &'a Zone, opts: HoursOptions) -> StoredCount<'a> {
        StoredCount {
            schedule,
            zone,
            gem: opts.chatwoot_compat.then(|| GemCount::new(schedule, zone)),
        }
    }

    /// The stored value for the span `[start_ms, end_ms)`.
    pub fn seconds(&self, start_ms: i64, end_ms: i64) -> f64 {
        match &self.gem {
            Some(gem) => gem.seconds(start_ms, end_ms),
            None => (business_millis(start_ms, end_ms, self.schedule, self.zone) as f64 / 1000.0)
                .round(),
        }
    }
}

/// Working seconds in `[start_s, end_s)` (epoch seconds) under `schedule` in `zone`:
/// exact to the millisecond by default ([`crate::schedule::business_seconds`]), or as
/// Chatwoot stores them with [`HoursOptions::chatwoot_compat`] (whole seconds, negative
/// for a reversed span). NaN when either end is not a finite number.
pub fn business_seconds_with(
    start_s: f64,
    end_s: f64,
    schedule: &Schedule,
    zone: &Zone,
    opts: HoursOptions,
) -> f64 {
    if !opts.chatwoot_compat {
        return crate::schedule::business_seconds(start_s, end_s, schedule, zone);
    }
    if !start_s.is_finite() || !end_s.is_finite() {
        return f64::NAN;
    }
    let limit = crate::zone::MAX_INSTANT_SECONDS as f64 * 1000.0;
    let to_ms = |s: f64| (s * 1000.0).round().clamp(-limit, limit) as i64;
    GemCount::new(schedule, zone).seconds(to_ms(start_s), to_ms(end_s))
}

/// A new set whose `value_in_business_hours` is recomputed from each event's start and
/// end under the schedule and zone `schedule_for_inbox` gives for its `inbox_id`
/// ([`crate::model::NULL_ID`] for events without one), as Chatwoot would store it (see the
/// module documentation): [`recompute_with`] with the default options.
pub fn recompute<'a, F>(set: &EventSet, schedule_for_inbox: F) -> EventSet
where
    F: Fn(i64) -> Option<(&'a Schedule, &'a Zone)>,
{
    recompute_with(set, schedule_for_inbox, HoursOptions::default())
}

/// [`recompute`] under `opts`. Events without a start or an end, events whose stored
/// value is null (Chatwoot's AI-assistant events) and events for whose inbox
/// `schedule_for_inbox` gives `None` keep their value; a first-time
/// `conversation_opened` gets 0. Issues are kept, since the events (and so the paths)
/// are the same.
pub fn recompute_with<'a, F>(set: &EventSet, schedule_for_inbox: F, opts: HoursOptions) -> EventSet
where
    F: Fn(i64) -> Option<(&'a Schedule, &'a Zone)>,
{
    let mut out = set.clone();
    let first = first_openings(set);
    let c = &set.columns;
    // Each schedule prepared once (a gem count holds its windows per weekday), found by
    // address: an account has a few schedules, one per inbox at most.
    let mut prepared: Vec<(&'a Schedule, &'a Zone, StoredCount<'a>)> = Vec::new();
    let rows = c
        .event_start_time
        .iter()
        .zip(&c.event_end_time)
        .zip(&c.inbox_id)
        .enumerate();
    for (slot, (i, ((&start, &end), inbox))) in
        out.columns.value_in_business_hours.iter_mut().zip(rows)
    {
        // Null is Chatwoot's deliberate "not measured" (AI-assistant events), not a
        // missing number: a schedule must not turn it into one.
        if start == NULL_TIME || end == NULL_TIME || slot.is_nan() {
            continue;
        }
        let Some((schedule, zone)) = schedule_for_inbox(inbox) else {
            continue;
        };
        if first.get(i).copied().unwrap_or(false) {
            *slot = 0.0;
            continue;
        }
        let found = prepared
            .iter()
            .position(|(s, z, _)| std::ptr::eq(*s, schedule) && std::ptr::eq(*z, zone));
        let k = match found {
            Some(k) => k,
            None => {
                prepared.push((schedule, zone, StoredCount::new(schedule, zone, opts)));
                prepared.len() - 1
            }
        };
        let Some((_, _, count)) = prepared.get(k) else {
            continue;
        };
        *slot = count.seconds(start, end);
    }
    out
}

/// Per-cycle resolution in business seconds for each `conversation_resolved` of `set`
/// (NaN for other events and where no schedule applies): from the start of its cycle
/// ([`crate::history::Derived::cycle_start`]) to its end, counted as [`recompute_with`]
/// counts. What [`crate::summary::summarize_with_cycles`] takes.
pub fn business_cycles<'a, F>(set: &EventSet, schedule_for_inbox: F, opts: HoursOptions) -> Vec<f64>
where
    F: Fn(i64) -> Option<(&'a Schedule, &'a Zone)>,
{
    let derived = crate::history::derive(set);
    let c = &set.columns;
    let resolved = KnownName::ConversationResolved as u32;
    (0..set.len())
        .map(|i| {
            let at = |column: &[i64]| column.get(i).copied().unwrap_or(NULL_TIME);
            let (start, end) = (at(&derived.cycle_start), at(&c.event_end_time));
            if c.name.try_get(i) != Some(resolved) || start == NULL_TIME || end == NULL_TIME {
                return f64::NAN;
            }
            match c
                .inbox_id
                .try_get(i)
                .and_then(|inbox| schedule_for_inbox(inbox))
            {
                Some((s, z)) => StoredCount::new(s, z, opts).seconds(start, end),
                None => f64::NAN,
            }
        })
        .collect()
}

/// Which events are first-time `conversation_opened` (Chatwoot stores 0 business
/// seconds for them). The event itself tells: the listener stores value 0 for a first
/// opening, while a reopening's value is `end.to_i − start.to_i` of a span from the
/// last resolution, at least 1 once the span lasts a second. Only a value-0 opening
/// shorter than a second is ambiguous; the conversation's history decides it (a
/// resolution at or before it in event time makes it a reopening).
fn first_openings(set: &EventSet) -> Vec<bool> {
    let c = &set.columns;
    let n = set.len();
    let mut first = vec![false; n];
    let mut ambiguous = false;
    for (i, slot) in first.iter_mut().enumerate() {
        let (Some(name), Some(&value), Some(&start), Some(&end)) = (
            c.name.try_get(i),
            c.value.get(i),
            c.event_start_time.get(i),
            c.event_end_time.get(i),
        ) else {
            continue;
        };
        if name != OPENED || value != 0.0 {
            continue;
        }
        if start == NULL_TIME || end == NULL_TIME || end.saturating_sub(start) >= 1000 {
            *slot = true;
        } else {
            ambiguous = true;
        }
    }
    if ambiguous {
        let derived = crate::history::derive(set);
        for (i, slot) in first.iter_mut().enumerate() {
            let short_zero =
                c.name.try_get(i) == Some(OPENED) && c.value.get(i) == Some(&0.0) && !*slot;
            if short_zero {
                *slot = !derived.is_reopen.get(i).copied().unwrap_or(false);
            }
        }
    }
    first
}
