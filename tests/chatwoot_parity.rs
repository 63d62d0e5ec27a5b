//! Issue 13's parity cases: where the library disagreed with Chatwoot v4.12.1 and the
//! gems it pins (working_hours 1.4.1, groupdate 6.2.1), each built from the listener's,
//! helper's, builder's or gem's own source and specs (cited by file and line).
#![cfg(not(target_arch = "wasm32"))]

use chatwoot_reporting::conversations::{conversation_rows, RowOptions};
use chatwoot_reporting::model::{Event, Name};
use chatwoot_reporting::summary::{summarize, SummaryOptions};
use chatwoot_reporting::timestamp::parse_rfc3339;
use chatwoot_reporting::EventSet;

/// Epoch milliseconds of an RFC 3339 time.
fn ms(iso: &str) -> i64 {
    parse_rfc3339(iso.as_bytes()).unwrap_or_else(|| panic!("{iso} is a time"))
}

/// An event of conversation 1 (inbox 1, agent 7) from `start` to `end`, written at
/// `written`; `value` as the listener computes it (`to_i − to_i`).
fn event(id: i64, name: &str, start: &str, end: &str, written: &str, business: f64) -> Event {
    let (s, e) = (ms(start), ms(end));
    let mut ev = Event::new(
        id,
        Name::new(name),
        (e.div_euclid(1000) - s.div_euclid(1000)) as f64,
        1,
        ms(written),
    );
    ev.event_start_time = s;
    ev.event_end_time = e;
    ev.value_in_business_hours = Some(business);
    ev.conversation_id = 1;
    ev.inbox_id = 1;
    ev.user_id = 7;
    ev
}

// ---------------------------------------------------------------------------------------
// 1. Events of one conversation pair by event time, not by write time.

/// The conversation of issue 13: created 07:00, resolved 09:00 (written 09:00:01),
/// resolved 11:00 (written 11:00:01), opened 09:00→10:00 but written 11:00:05, after the
/// later resolution. Chatwoot's listener pairs the opening with "the last resolution
/// before it" by `event_end_time` (app/listeners/reporting_event_listener.rb:114-117,
/// `where('event_end_time <= ?', …).order(event_end_time: :desc)`), and its spec writes a
/// resolution that lies after the opening before the opening itself
/// (spec/listeners/reporting_event_listener_spec.rb:494-531, "ignores future resolved
/// events when computing reopen duration": resolutions 09:00 and 11:00, opening 10:00,
/// value 3600 from 09:00).
fn written_out_of_order() -> EventSet {
    let day = "2022-03-22T";
    let at = |t: &str| format!("{day}{t}Z");
    EventSet::from_events(&[
        event(
            1,
            "conversation_resolved",
            &at("07:00:00"),
            &at("09:00:00"),
            &at("09:00:01"),
            0.0,
        ),
        event(
            2,
            "conversation_resolved",
            &at("07:00:00"),
            &at("11:00:00"),
            &at("11:00:01"),
            0.0,
        ),
        // The reopening's own value, as the listener stored it: 3600 since 09:00.
        event(
            3,
            "conversation_opened",
            &at("09:00:00"),
            &at("10:00:00"),
            &at("11:00:05"),
            0.0,
        ),
    ])
}

#[test]
fn per_cycle_resolution_pairs_by_event_time() {
    let set = written_out_of_order();
    let s = summarize(&set, &SummaryOptions::default());
    // Cycles: 07:00→09:00 = 7200; 10:00 (the reopening's end)→11:00 = 3600.
    assert_eq!(s.resolution_per_cycle.count, 2);
    assert_eq!(
        (s.resolution_per_cycle.min, s.resolution_per_cycle.max),
        (Some(3600.0), Some(7200.0)),
        "{:?}",
        s.resolution_per_cycle
    );
    // The opening follows the 09:00 resolution in event time: a reopen.
    assert_eq!(s.reopens_count, 1);
    let rows = conversation_rows(&set, &RowOptions::default());
    assert_eq!(rows[0].resolution_cycles, vec![7200.0, 3600.0]);
    assert_eq!(rows[0].reopens, 1);
}

#[test]
fn pairing_does_not_depend_on_the_order_of_the_set() {
    // The same events in every order of the body give the same figures.
    let events = written_out_of_order().to_events();
    let want = summarize(&written_out_of_order(), &SummaryOptions::default());
    for perm in [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ] {
        let set = EventSet::from_events(perm.iter().map(|&k| &events[k]));
        let s = summarize(&set, &SummaryOptions::default());
        assert_eq!(
            s.resolution_per_cycle, want.resolution_per_cycle,
            "{perm:?}"
        );
        assert_eq!(s.reopens_count, 1, "{perm:?}");
    }
}
