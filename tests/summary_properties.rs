//! Properties of summaries over generated conversations.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use chatwoot_reporting::model::{Event, Name};
use chatwoot_reporting::stats::Stats;
use chatwoot_reporting::summary::{summarize, SummaryOptions};
use chatwoot_reporting::EventSet;
use common::proptest_config as config;
use proptest::prelude::*;

const NAMES: [&str; 7] = [
    "first_response",
    "reply_time",
    "conversation_resolved",
    "conversation_opened",
    "conversation_bot_handoff",
    "conversation_bot_resolved",
    "agent_participation",
];

/// Events of a few conversations, agents and inboxes, with unique ids.
fn events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(
        (
            0usize..7,
            0i64..6,
            0i64..4,
            0i64..3,
            0u32..100_000,
            0u32..50_000,
            any::<bool>(),
        ),
        0..120,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(k, (name, conv, user, inbox, at, value, null_bh))| {
                let created = 1_700_000_000_000 + i64::from(at) * 1000;
                let mut e = Event::new(
                    k as i64 + 1,
                    Name::new(NAMES[name]),
                    f64::from(value),
                    1,
                    created,
                );
                e.value_in_business_hours = (!null_bh).then_some(f64::from(value / 2));
                e.event_end_time = created - 500;
                e.event_start_time = e.event_end_time - i64::from(value) * 1000;
                e.conversation_id = 100 + conv;
                e.user_id = if user == 3 {
                    chatwoot_reporting::model::NULL_ID
                } else {
                    user
                };
                e.inbox_id = inbox;
                e
            })
            .collect()
    })
}

fn check_stats(s: &Stats) -> Result<(), TestCaseError> {
    if s.count == 0 {
        prop_assert!(s.mean.is_none() && s.min.is_none() && s.median.is_none() && s.p99.is_none());
        return Ok(());
    }
    let q = [s.min, s.median, s.p90, s.p95, s.p99, s.max].map(|x| x.unwrap_or(f64::NAN));
    prop_assert!(
        q.windows(2).all(|w| w[0] <= w[1]),
        "quantiles monotone in p: {q:?}"
    );
    let mean = s.mean.unwrap_or(f64::NAN);
    prop_assert!(q[0] <= mean + 1e-6 && mean <= q[5] + 1e-6);
    Ok(())
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn summary_of_a_concatenation_equals_summary_of_the_whole(evs in events(), mask in prop::collection::vec(any::<bool>(), 120), bh in any::<bool>()) {
        let whole = EventSet::from_events(&evs);
        let a = evs.iter().enumerate().filter(|(k, _)| mask[*k]).map(|(_, e)| e);
        let b = evs.iter().enumerate().filter(|(k, _)| !mask[*k]).map(|(_, e)| e);
        let joined = EventSet::from_events(a).concat(&[&EventSet::from_events(b)]);
        let opts = SummaryOptions { business_hours: bh, ..SummaryOptions::default() };
        prop_assert_eq!(summarize(&joined, &opts), summarize(&whole, &opts));
    }

    #[test]
    fn quantiles_are_monotone_and_within_the_range(evs in events(), bh in any::<bool>()) {
        let s = summarize(&EventSet::from_events(&evs), &SummaryOptions { business_hours: bh, ..SummaryOptions::default() });
        for st in [&s.overall.first_response, &s.overall.resolution, &s.overall.reply_time, &s.resolution_per_cycle, &s.resolution_without_bot] {
            check_stats(st)?;
        }
        for b in s.by_agent.iter().map(|r| &r.figures).chain(s.by_inbox.iter().map(|r| &r.figures)) {
            check_stats(&b.resolution)?;
        }
        let agents: u64 = s.by_agent.iter().map(|r| r.figures.resolutions_count).sum();
        prop_assert_eq!(agents, s.overall.resolutions_count, "every resolution in exactly one agent group");
    }
}
