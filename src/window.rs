//! Which events a time window `[since, until)` selects.
//!
//! - **Activity** (Chatwoot's, the default): the events *written* in the window, by
//!   `created_at`. A conversation that began last month and was resolved today counts
//!   its resolution today.
//! - **Cohort**: every event of the conversations that *began* in the window, whenever
//!   it was written; time series then bucket each event by its conversation's start.
//!   "Of the conversations that came in last week, how fast were they answered and
//!   resolved?", which no helpdesk that freezes values at write time can answer.
//!
//! A conversation begins at the earliest start (`event_start_time`, else `created_at`)
//! of its events: Chatwoot's resolutions, handoffs and first openings all start at the
//! conversation's creation. An event without a conversation begins on its own.

use crate::event_set::EventSet;
use crate::ids::number_ids;
use crate::model::NULL_TIME;

/// How a window selects events (see the module documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WindowMode {
    /// By `created_at`, as Chatwoot.
    #[default]
    Activity,
    /// Every event of the conversations that began in the window.
    Cohort,
}

impl WindowMode {
    /// Both modes.
    pub const ALL: [WindowMode; 2] = [WindowMode::Activity, WindowMode::Cohort];

    /// `"activity"` or `"cohort"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            WindowMode::Activity => "activity",
            WindowMode::Cohort => "cohort",
        }
    }

    /// The mode of a name, if it is one.
    pub fn from_name(name: &str) -> Option<WindowMode> {
        WindowMode::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

/// The instant (epoch ms) each event of `set` is placed at by `mode`: its `created_at`
/// for [`WindowMode::Activity`], its conversation's beginning for
/// [`WindowMode::Cohort`].
pub fn window_times(set: &EventSet, mode: WindowMode) -> Vec<i64> {
    match mode {
        WindowMode::Activity => set.columns.created_at.clone(),
        WindowMode::Cohort => conversation_starts(set),
    }
}

/// Each event's conversation's beginning (epoch ms): the earliest start (or
/// `created_at` where there is no start) among the events of its conversation; an event
/// without a conversation, its own.
pub fn conversation_starts(set: &EventSet) -> Vec<i64> {
    let c = &set.columns;
    let n = set.len();
    let mut numbers = vec![u32::MAX; n];
    let ids = number_ids(&c.conversation_id, &mut numbers, false);
    let own: Vec<i64> = c
        .event_start_time
        .iter()
        .zip(&c.created_at)
        .map(|(&s, &t)| if s != NULL_TIME { s.min(t) } else { t })
        .collect();
    let mut begins = vec![i64::MAX; ids.len()];
    for (&g, &t) in numbers.iter().zip(&own) {
        if let Some(b) = begins.get_mut(g as usize) {
            *b = (*b).min(t);
        }
    }
    numbers
        .iter()
        .zip(&own)
        .map(|(&g, &t)| begins.get(g as usize).copied().unwrap_or(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Name, NULL_ID};

    #[test]
    fn a_conversation_begins_at_its_earliest_start() {
        let mut events = Vec::new();
        for (id, conv, start, created) in [
            (1, 5, 1000, 9000),
            (2, 5, NULL_TIME, 500),
            (3, 6, 7000, 8000),
            (4, NULL_ID, 3000, 4000),
            (5, NULL_ID, NULL_TIME, 6000),
        ] {
            let mut e = Event::new(id, Name::new("reply_time"), 0.0, 1, created);
            e.conversation_id = conv;
            e.event_start_time = start;
            events.push(e);
        }
        let set = EventSet::from_events(&events);
        assert_eq!(conversation_starts(&set), [500, 500, 7000, 3000, 6000]);
        assert_eq!(
            window_times(&set, WindowMode::Activity),
            [9000, 500, 8000, 4000, 6000]
        );
        assert_eq!(WindowMode::from_name("cohort"), Some(WindowMode::Cohort));
    }
}
