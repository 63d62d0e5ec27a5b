//! Properties of issue 13's figures over generated conversations whose events are
//! written out of event order (random background-job lags):
//! - a summary of a concatenation equals the summary of the whole, in activity and
//!   cohort windows, and does not depend on the order of the set;
//! - the SLA curve is monotone;
//! - the median interval contains the median, and covers the true median about 95 % of
//!   the time on simulated samples;
//! - the hour-of-week grid counts every event once.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use chatwoot_reporting::hour_of_week::{hour_of_week, HourOfWeekOptions};
use chatwoot_reporting::model::{Event, Name, NULL_ID};
use chatwoot_reporting::sla_curve::{sla_curve, SlaCurveOptions, SlaMetric};
use chatwoot_reporting::stats::Stats;
use chatwoot_reporting::summary::{summarize, SummaryOptions};
use chatwoot_reporting::window::WindowMode;
use chatwoot_reporting::EventSet;
use common::proptest_config as config;
use proptest::prelude::*;

const NAMES: [&str; 6] = [
    "first_response",
    "reply_time",
    "conversation_resolved",
    "conversation_opened",
    "conversation_bot_handoff",
    "conversation_bot_resolved",
];

const BASE: i64 = 1_700_000_000_000;

/// Events of a few conversations; each written `lag` seconds after its end, so writes
/// come out of event order.
fn events() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(
        (
            0usize..6,
            0i64..8,
            0i64..3,
            0u32..200_000,
            0u32..50_000,
            0u32..3000,
            any::<bool>(),
        ),
        0..100,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(k, (name, conv, user, at, value, lag, null_bh))| {
                let end = BASE + i64::from(at) * 1000;
                let mut e = Event::new(
                    k as i64 + 1,
                    Name::new(NAMES[name]),
                    f64::from(value),
                    1,
                    end + i64::from(lag) * 1000,
                );
                e.value_in_business_hours = (!null_bh).then_some(f64::from(value / 2));
                e.event_end_time = end;
                e.event_start_time = end - i64::from(value) * 1000;
                e.conversation_id = if conv == 7 { NULL_ID } else { 100 + conv };
                e.user_id = user;
                e.inbox_id = conv % 2;
                e
            })
            .collect()
    })
}

fn window() -> impl Strategy<Value = (Option<f64>, Option<f64>, WindowMode)> {
    (
        prop::option::of(0u32..200_000),
        1u32..200_000,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(since, length, bounded, cohort)| {
            let since = since.map(|s| (BASE / 1000 + i64::from(s)) as f64);
            let until = match (since, bounded) {
                (Some(s), true) => Some(s + f64::from(length)),
                _ => None,
            };
            let mode = if cohort {
                WindowMode::Cohort
            } else {
                WindowMode::Activity
            };
            (since, until, mode)
        })
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn concatenation_and_order_change_nothing(
        evs in events(),
        mask in prop::collection::vec(any::<bool>(), 100),
        (since, until, mode) in window(),
        bh in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let opts = SummaryOptions { business_hours: bh, since, until, window: mode, ..SummaryOptions::default() };
        let whole = summarize(&EventSet::from_events(&evs), &opts);
        let a = evs.iter().enumerate().filter(|(k, _)| mask[*k]).map(|(_, e)| e);
        let b = evs.iter().enumerate().filter(|(k, _)| !mask[*k]).map(|(_, e)| e);
        let joined = EventSet::from_events(a).concat(&[&EventSet::from_events(b)]);
        prop_assert_eq!(&summarize(&joined, &opts), &whole);
        // Any order of the set: the histories go by event time whatever the order.
        let mut shuffled = evs.clone();
        let mut s = seed | 1;
        for k in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(k, (s % (k as u64 + 1)) as usize);
        }
        prop_assert_eq!(&summarize(&EventSet::from_events(&shuffled), &opts), &whole);
        // Per-conversation figures count conversations, never more than there are.
        prop_assert!(whole.first_resolution.count <= whole.overall.resolution.count);
        prop_assert!(whole.full_resolution.count <= whole.overall.resolution.count);
        prop_assert!(whole.one_touch.share.map_or(true, |s| (0.0..=1.0).contains(&s)));
    }

    #[test]
    fn sla_curve_is_monotone(
        evs in events(),
        thresholds in prop::collection::vec(-10.0f64..60_000.0, 0..12),
        bh in any::<bool>(),
        metric in prop::sample::select(SlaMetric::ALL.to_vec()),
    ) {
        let set = EventSet::from_events(&evs);
        for given in [Some(thresholds.clone()), None] {
            let curve = sla_curve(&set, &SlaCurveOptions { metric, business_hours: bh, thresholds: given });
            for w in curve.windows(2) {
                prop_assert!(w[0].threshold < w[1].threshold);
                prop_assert!(w[0].met <= w[1].met);
                prop_assert_eq!(w[0].total, w[1].total);
            }
            for p in &curve {
                prop_assert!(p.met <= p.total);
                prop_assert!(p.share.map_or(true, |s| (0.0..=1.0).contains(&s)));
            }
        }
    }

    #[test]
    fn median_interval_contains_the_median(values in prop::collection::vec(0u32..1000, 0..300)) {
        let v: Vec<f64> = values.iter().map(|&x| f64::from(x)).collect();
        let s = Stats::of(&v);
        match (s.median_ci, s.median) {
            (Some([lo, hi]), Some(m)) => {
                prop_assert!(v.len() >= 6);
                prop_assert!(lo <= m && m <= hi, "{lo} {m} {hi}");
                prop_assert!(s.min.is_some_and(|x| x <= lo) && s.max.is_some_and(|x| hi <= x));
            }
            (None, _) => prop_assert!(v.len() < 6),
            (Some(_), None) => prop_assert!(false, "an interval without a median"),
        }
    }

    #[test]
    fn hour_of_week_counts_each_event_once(evs in events(), monday in any::<bool>(), hours in -12i32..14) {
        let set = EventSet::from_events(&evs);
        let zone = chatwoot_reporting::zone::Zone::from_hours(f64::from(hours)).expect("a zone");
        let grid = hour_of_week(&set, &HourOfWeekOptions { name: None, zone, week_starts_monday: monday });
        prop_assert_eq!(grid.iter().flatten().sum::<u64>(), evs.len() as u64);
        let resolved = hour_of_week(&set, &HourOfWeekOptions {
            name: Some("conversation_resolved".to_owned()),
            ..HourOfWeekOptions::default()
        });
        let want = evs.iter().filter(|e| e.name.as_str() == "conversation_resolved").count() as u64;
        prop_assert_eq!(resolved.iter().flatten().sum::<u64>(), want);
    }
}

/// Coverage on simulated samples: 4 000 samples of 6 to 400 values from an exponential
/// distribution (median ln 2), a skewed one where a mean ± 2 s.e. interval would miss.
/// The binomial interval covers at least 95 % for every n (more for small n, where the
/// achievable levels are coarse): the observed share must lie in [94 %, 99 %].
#[test]
fn median_interval_covers_about_95_percent() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut uniform = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let true_median = std::f64::consts::LN_2;
    let (mut covered, mut runs) = (0u32, 0u32);
    for k in 0..4000u32 {
        let n = 6 + (k * 97 % 395) as usize;
        let sample: Vec<f64> = (0..n).map(|_| -uniform().ln()).collect();
        let Some([lo, hi]) = Stats::of(&sample).median_ci else {
            panic!("n = {n} has an interval");
        };
        runs += 1;
        covered += u32::from(lo <= true_median && true_median <= hi);
    }
    let share = f64::from(covered) / f64::from(runs);
    eprintln!("median interval coverage over {runs} samples: {share}");
    assert!((0.94..=0.99).contains(&share), "coverage {share}");
}

/// A set built by hand with columns of unequal lengths (the decoder never makes one)
/// gives figures for the events every column has, and no panic.
#[test]
fn ragged_columns_do_not_panic() {
    use chatwoot_reporting::conversations::{conversation_rows, RowOptions};
    use chatwoot_reporting::timeseries::{timeseries, Metric, SeriesOptions};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..20 {
        let evs = proptest::strategy::ValueTree::current(
            &events().new_tree(&mut runner).expect("events"),
        );
        if evs.is_empty() {
            continue;
        }
        for column in 0..6 {
            let mut set = EventSet::from_events(&evs);
            let c = &mut set.columns;
            match column {
                0 => drop(c.value.pop()),
                1 => drop(c.event_end_time.pop()),
                2 => c.conversation_id.resize(c.conversation_id.len() - 1),
                3 => c.name.resize(c.name.len() - 1),
                4 => drop(c.created_at.pop()),
                _ => drop(c.value_in_business_hours.pop()),
            }
            for window in [WindowMode::Activity, WindowMode::Cohort] {
                let opts = SummaryOptions {
                    window,
                    since: Some((BASE / 1000) as f64),
                    until: Some((BASE / 1000 + 100_000) as f64),
                    ..SummaryOptions::default()
                };
                let _ = summarize(&set, &opts);
                let _ = conversation_rows(
                    &set,
                    &RowOptions {
                        window,
                        since: opts.since,
                        ..RowOptions::default()
                    },
                );
                let mut o = SeriesOptions::new(Metric::AvgResolutionTime);
                o.window = window;
                let _ = timeseries(&set, &o);
            }
            let _ = chatwoot_reporting::checks::check(&set);
            let hours = chatwoot_reporting::schedule::Schedule::from_json(
                r#"{"weekly":{"mon":[["09:00","17:00"]],"sat":[["22:00","06:00"]]}}"#,
            )
            .expect("a schedule");
            let utc = chatwoot_reporting::zone::Zone::UTC;
            for chatwoot_compat in [false, true] {
                let o = chatwoot_reporting::recompute::HoursOptions { chatwoot_compat };
                let _ = chatwoot_reporting::recompute::recompute_with(
                    &set,
                    |_| Some((&hours, &utc)),
                    o,
                );
                let _ = chatwoot_reporting::recompute::business_cycles(
                    &set,
                    |_| Some((&hours, &utc)),
                    o,
                );
            }
            let _ = sla_curve(&set, &SlaCurveOptions::default());
            let _ = hour_of_week(&set, &HourOfWeekOptions::default());
        }
    }
}
