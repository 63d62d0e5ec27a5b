//! Data checks across the events of one conversation: what a single event cannot show
//! but a conversation's history can, each a warning (the event is kept in every mode)
//! with a plain sentence and the event's path.
//!
//! - `repeated_first_response`: Chatwoot writes one `first_response` per conversation,
//!   ever; a second is a duplicate write (Sidekiq retries a job whose rollup failed) or
//!   data from elsewhere, and it counts twice in every first-response figure.
//! - `repeated_bot_handoff`: the listener guards against a second handoff; one in the
//!   data counts twice in averages (Chatwoot's count of handoffs counts conversations).
//! - `reply_after_resolution`: a `reply_time` after a resolution of its conversation with
//!   no `conversation_opened` between them: a customer message reopens a conversation,
//!   so an opening is missing (or the events are from a merged conversation).
//! - `resolution_decreased`: resolution values are cumulative from the conversation's
//!   creation, so each resolution's value should be at least the one before it.
//!
//! "Before" and "after" are in event time, as [`crate::history`] orders events (end time;
//! events of one instant in the order of the set); the warning sits on the later event
//! and names the earlier one.

use crate::compact::{CodeColumn, IntColumn};
use crate::event_set::EventSet;
use crate::ids::{number_ids, NO_NUMBER};
use crate::issue::{Issue, IssueCode, Location};
use crate::model::{KnownName, NULL_TIME};
use crate::sort::{int_key, order_by, sort_order};
use crate::text::{push_int, push_seconds};

const FIRST_RESPONSE: u32 = KnownName::FirstResponse as u32;
const REPLY_TIME: u32 = KnownName::ReplyTime as u32;
const RESOLVED: u32 = KnownName::ConversationResolved as u32;
const OPENED: u32 = KnownName::ConversationOpened as u32;
const BOT_HANDOFF: u32 = KnownName::ConversationBotHandoff as u32;

/// The checks of this module over `set`, with paths of the set's positions (`"[i]"`).
pub fn check(set: &EventSet) -> Vec<Issue> {
    check_with_sources(set, &[])
}

/// Appends the checks' warnings to `set.issues`, positions mapped through `sources`
/// (see [`check_with_sources`]): the decoder's one call, after it has dropped duplicates.
pub fn append(set: &mut EventSet, sources: &[u32]) {
    let found = check_with_sources(set, sources);
    set.issues.extend(found);
}

/// [`check`], with paths and references naming `sources[i]` for event `i` (its position
/// in the body it was decoded from, where the decoder dropped events); positions without
/// a source keep their own.
pub fn check_with_sources(set: &EventSet, sources: &[u32]) -> Vec<Issue> {
    let c = &set.columns;
    let n = set.len();
    let mut numbers = vec![NO_NUMBER; n];
    let conversations = number_ids(&c.conversation_id, &mut numbers, false).len();
    let cols = Cols {
        name: &c.name,
        end: &c.event_end_time,
        created: &c.created_at,
        id: &c.id,
        value: &c.value,
        numbers: &numbers,
    };
    // The set's own order, checked as it goes (Chatwoot's bodies have every conversation
    // in event time); a conversation out of order restarts on a sort of the events.
    let mut states = vec![State::default(); conversations];
    let mut found = Vec::new();
    if !walk(cols, None, &mut states, &mut found) {
        states.fill(State::default());
        found.clear();
        let order = event_time_order(cols);
        walk(cols, Some(&order), &mut states, &mut found);
    }
    if found.is_empty() {
        return Vec::new();
    }
    let path_of = |i: u32| sources.get(i as usize).copied().unwrap_or(i);
    // In body order, each event's warnings in the order found.
    let sorted = order_by(found.iter().map(|f| u64::from(path_of(f.at))).collect());
    sorted
        .iter()
        .filter_map(|&k| found.get(k))
        .map(|f| f.issue(set, path_of))
        .collect()
}

/// The columns the checks read, as slices.
#[derive(Clone, Copy)]
struct Cols<'a> {
    name: &'a CodeColumn,
    end: &'a [i64],
    created: &'a [i64],
    id: &'a IntColumn,
    value: &'a [f64],
    /// Each event's conversation number.
    numbers: &'a [u32],
}

impl Cols<'_> {
    /// The events every column has (see `history::View::len`).
    fn len(&self) -> usize {
        [
            self.name.len(),
            self.end.len(),
            self.created.len(),
            self.id.len(),
            self.value.len(),
            self.numbers.len(),
        ]
        .into_iter()
        .min()
        .unwrap_or(0)
    }

    /// Whether event `i` is one the checks look at.
    #[inline(always)]
    fn checked(&self, i: usize) -> bool {
        const CHECKED: u32 =
            1 << FIRST_RESPONSE | 1 << REPLY_TIME | 1 << RESOLVED | 1 << OPENED | 1 << BOT_HANDOFF;
        let name = self.name.get(i);
        name < 32 && (CHECKED >> name) & 1 == 1
    }

    /// Event `i`'s place in event time: its end (`created_at` without one) and, at one
    /// instant, answers, then resolutions, then openings and handoffs (an opening at the
    /// instant of a resolution follows it, as Chatwoot's `<=`); and its id.
    #[inline(always)]
    fn key(&self, i: usize) -> (i64, i64) {
        let t = if self.end[i] != NULL_TIME {
            self.end[i]
        } else {
            self.created[i]
        };
        let rank = match self.name.get(i) {
            RESOLVED => 1,
            OPENED | BOT_HANDOFF => 2,
            _ => 0,
        };
        (t.saturating_mul(4).saturating_add(rank), self.id.get(i))
    }
}

/// The checked events ordered by (conversation, event time), equal times in set order.
fn event_time_order(c: Cols) -> Vec<usize> {
    let n = c.len();
    let events: Vec<usize> = (0..n).filter(|&i| c.checked(i)).collect();
    let key = |f: &dyn Fn(usize) -> u64, order: &[usize]| -> Vec<u64> {
        order
            .iter()
            .map(|&p| events.get(p).map_or(u64::MAX, |&i| f(i)))
            .collect()
    };
    // Stable passes from the set's order: equal times stay in it, as in the walk.
    let mut order = order_by(events.iter().map(|&i| int_key(c.key(i).0)).collect());
    let keys = key(&|i| u64::from(c.numbers[i]), &order);
    sort_order(&mut order, keys);
    order
        .iter()
        .filter_map(|&p| events.get(p).copied())
        .collect()
}

/// One warning found: its code, the event it is on, the earlier event it names, and the
/// values to quote.
struct Found {
    code: IssueCode,
    at: u32,
    earlier: u32,
    values: (f64, f64),
}

impl Found {
    fn issue(&self, set: &EventSet, path_of: impl Fn(u32) -> u32) -> Issue {
        let earlier = position(path_of(self.earlier));
        let conversation = id_text(set, self.at as usize);
        let message = match self.code {
            IssueCode::RepeatedFirstResponse => sentence(&[
                "A second `first_response` in conversation ",
                &conversation,
                " (the first is at ",
                &earlier,
                "); Chatwoot writes one per conversation, so this is likely a duplicate write, and it counts twice in first-response figures.",
            ]),
            IssueCode::RepeatedBotHandoff => sentence(&[
                "A second `conversation_bot_handoff` in conversation ",
                &conversation,
                " (the first is at ",
                &earlier,
                "); Chatwoot records one handoff per conversation.",
            ]),
            IssueCode::ReplyAfterResolution => sentence(&[
                "This `reply_time` comes after the resolution at ",
                &earlier,
                " with no `conversation_opened` between them; an opening event is probably missing.",
            ]),
            _ => {
                let mut m = String::from("This resolution's value (");
                push_seconds(&mut m, self.values.0);
                m.push_str(" s) is less than that of the earlier resolution at ");
                m.push_str(&earlier);
                m.push_str(" (");
                push_seconds(&mut m, self.values.1);
                m.push_str(" s); resolution values count from the conversation's creation, so they only grow.");
                m
            }
        };
        Issue::new(Location::event(path_of(self.at)), self.code, message)
    }
}

/// Takes the events (in `order`, else the set's own order) into their conversations'
/// states, noting warnings in `found`. Going through the set's own order, returns
/// `false` as soon as a conversation's events come out of event time.
fn walk(c: Cols, order: Option<&[usize]>, states: &mut [State], found: &mut Vec<Found>) -> bool {
    let n = c.len();
    match order {
        Some(order) => {
            for &i in order {
                if i < n && c.checked(i) {
                    if let Some(state) = states.get_mut(c.numbers[i] as usize) {
                        take(c, i, state, found);
                    }
                }
            }
        }
        None => {
            for i in 0..n {
                if !c.checked(i) {
                    continue;
                }
                let Some(state) = states.get_mut(c.numbers[i] as usize) else {
                    continue;
                };
                // Equal times (a handoff and its opening; a duplicate write) may come in
                // either order: the sort would keep them in set order too.
                let key = c.key(i).0;
                if key < state.last_key {
                    return false;
                }
                state.last_key = key;
                take(c, i, state, found);
            }
        }
    }
    true
}

/// Takes event `i` into its conversation's `state`, noting a warning in `found`.
#[inline(always)]
fn take(c: Cols, i: usize, state: &mut State, found: &mut Vec<Found>) {
    let at = i as u32;
    let mut note = |code, earlier: u32, values| {
        found.push(Found {
            code,
            at,
            earlier,
            values,
        })
    };
    match c.name.get(i) {
        FIRST_RESPONSE if state.first_response != NO_NUMBER => {
            note(
                IssueCode::RepeatedFirstResponse,
                state.first_response,
                (0.0, 0.0),
            );
        }
        FIRST_RESPONSE => state.first_response = at,
        BOT_HANDOFF if state.handoff != NO_NUMBER => {
            note(IssueCode::RepeatedBotHandoff, state.handoff, (0.0, 0.0));
        }
        BOT_HANDOFF => state.handoff = at,
        REPLY_TIME if state.resolved != NO_NUMBER => {
            note(IssueCode::ReplyAfterResolution, state.resolved, (0.0, 0.0));
        }
        RESOLVED => {
            let value = c.value.get(i).copied().unwrap_or(f64::NAN);
            if value < state.max_resolution {
                let values = (value, state.max_resolution);
                note(
                    IssueCode::ResolutionDecreased,
                    state.max_resolution_at,
                    values,
                );
            } else if value >= state.max_resolution {
                state.max_resolution = value;
                state.max_resolution_at = at;
            }
            state.resolved = at;
        }
        OPENED => state.resolved = NO_NUMBER,
        _ => {}
    }
}

/// What one conversation's events said so far, in event time.
#[derive(Clone, Copy)]
struct State {
    first_response: u32,
    handoff: u32,
    /// The latest resolution since the latest opening, [`NO_NUMBER`] while open.
    resolved: u32,
    max_resolution: f64,
    max_resolution_at: u32,
    /// The event time of the latest event taken (see [`Cols::key`]).
    last_key: i64,
}

impl Default for State {
    fn default() -> State {
        State {
            first_response: NO_NUMBER,
            handoff: NO_NUMBER,
            resolved: NO_NUMBER,
            max_resolution: f64::NEG_INFINITY,
            max_resolution_at: NO_NUMBER,
            last_key: i64::MIN,
        }
    }
}

fn sentence(parts: &[&str]) -> String {
    parts.concat()
}

/// `[i]`, as paths write an event.
fn position(i: u32) -> String {
    let mut s = String::from("[");
    push_int(&mut s, i64::from(i));
    s.push(']');
    s
}

/// The `conversation_id` of event `i` as text.
fn id_text(set: &EventSet, i: usize) -> String {
    let mut s = String::new();
    push_int(
        &mut s,
        set.columns.conversation_id.try_get(i).unwrap_or(0),
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Name};

    fn ev(id: i64, name: &str, end: i64, value: f64) -> Event {
        let mut e = Event::new(id, Name::new(name), value, 1, end + 1000);
        e.event_start_time = 0;
        e.event_end_time = end;
        e.conversation_id = 7;
        e
    }

    fn codes(events: &[Event]) -> Vec<(String, &'static str)> {
        check(&EventSet::from_events(events))
            .iter()
            .map(|i| (i.path(), i.code.as_str()))
            .collect()
    }

    #[test]
    fn a_clean_conversation_has_no_warning() {
        let events = [
            ev(1, "conversation_opened", 1000, 0.0),
            ev(2, "conversation_bot_handoff", 1000, 1.0),
            ev(3, "first_response", 2000, 1.0),
            ev(4, "conversation_resolved", 3000, 3.0),
            ev(5, "conversation_opened", 4000, 1.0),
            ev(6, "reply_time", 5000, 1.0),
            ev(7, "conversation_resolved", 6000, 6.0),
        ];
        assert!(codes(&events).is_empty());
    }

    #[test]
    fn each_check_on_its_later_event() {
        let events = [
            ev(1, "first_response", 1000, 1.0),
            ev(2, "conversation_bot_handoff", 1500, 1.0),
            ev(3, "conversation_resolved", 3000, 3.0),
            ev(4, "reply_time", 4000, 1.0),
            ev(5, "first_response", 4500, 1.0),
            ev(6, "conversation_bot_handoff", 4600, 1.0),
            ev(7, "conversation_resolved", 5000, 2.0),
        ];
        assert_eq!(
            codes(&events),
            [
                ("[3]".to_owned(), "reply_after_resolution"),
                ("[4]".to_owned(), "repeated_first_response"),
                ("[5]".to_owned(), "repeated_bot_handoff"),
                ("[6]".to_owned(), "resolution_decreased"),
            ]
        );
        // The same in any order of the set, and with body positions mapped.
        let mut shuffled = events.to_vec();
        shuffled.reverse();
        let issues = check_with_sources(
            &EventSet::from_events(&shuffled),
            &[10, 11, 12, 13, 14, 15, 16],
        );
        let got: Vec<(String, &str)> = issues.iter().map(|i| (i.path(), i.code.as_str())).collect();
        assert_eq!(
            got,
            [
                ("[10]".to_owned(), "resolution_decreased"),
                ("[11]".to_owned(), "repeated_bot_handoff"),
                ("[12]".to_owned(), "repeated_first_response"),
                ("[13]".to_owned(), "reply_after_resolution"),
            ]
        );
        assert!(issues[0].message.contains("(3 s)"), "{}", issues[0].message);
        assert!(
            issues[0].message.contains("at [14]"),
            "{}",
            issues[0].message
        );
        assert!(issues
            .iter()
            .all(|i| i.severity() == crate::Severity::Warning));
    }
}
