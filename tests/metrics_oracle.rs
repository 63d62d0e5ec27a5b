//! Issue 13's new figures against plain, independent computations on simulated data:
//! tests/data/simulated_600.json is `node benches/generate.mjs --events 600 --seed 13`
//! (the stand-in's simulation of Chatwoot's listener: reopenings, bot handoffs and
//! resolutions, captain events, business hours). Each oracle below is the obvious
//! computation (maps, full sorts, linear scans), sharing no code with the library.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use chatwoot_reporting::hour_of_week::{hour_of_week, HourOfWeekOptions};
use chatwoot_reporting::sla_curve::{sla_curve, SlaCurveOptions, SlaMetric};
use chatwoot_reporting::stats::Stats;
use chatwoot_reporting::summary::{summarize, SummaryOptions};
use chatwoot_reporting::window::WindowMode;
use chatwoot_reporting::{parse, DecodeOptions, Event, EventSet};

fn simulated() -> EventSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/simulated_600.json");
    let bytes = std::fs::read(path).expect("the simulated body");
    let set = parse(&bytes, &DecodeOptions::default()).expect("a valid body");
    assert!(set.issues.is_empty(), "{:?}", set.issues);
    set
}

/// Each conversation's events in event time: end (or created_at), resolutions before
/// other events at one instant, then id.
fn conversations(events: &[Event]) -> BTreeMap<i64, Vec<&Event>> {
    let mut by: BTreeMap<i64, Vec<&Event>> = BTreeMap::new();
    for e in events {
        if e.conversation_id != chatwoot_reporting::model::NULL_ID {
            by.entry(e.conversation_id).or_default().push(e);
        }
    }
    for list in by.values_mut() {
        list.sort_by_key(|e| {
            let t = if e.event_end_time == i64::MIN {
                e.created_at
            } else {
                e.event_end_time
            };
            (t, e.name.as_str() != "conversation_resolved", e.id)
        });
    }
    by
}

fn value(e: &Event, business: bool) -> Option<f64> {
    if business {
        e.value_in_business_hours
    } else {
        Some(e.value)
    }
}

/// Sorted values, then the figures every Stats reports, by the plain formulas.
fn naive_stats(mut v: Vec<f64>) -> (u64, f64, Option<f64>, Option<f64>, Option<f64>) {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let sum: f64 = v.iter().sum();
    let q = |p: f64| {
        (n > 0).then(|| {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            v[lo] + (h - lo as f64) * (v[hi] - v[lo])
        })
    };
    (
        n as u64,
        sum,
        (n > 0).then(|| sum / n as f64),
        q(0.5),
        q(0.9),
    )
}

fn assert_same(got: &Stats, want: Vec<f64>, what: &str) {
    let (count, sum, mean, median, p90) = naive_stats(want);
    assert_eq!(got.count, count, "{what} count");
    assert!(
        (got.sum - sum).abs() <= 1e-6 * sum.abs().max(1.0),
        "{what} sum {} vs {sum}",
        got.sum
    );
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        (a, b) => a == b,
    };
    assert!(
        close(got.mean, mean),
        "{what} mean {:?} vs {mean:?}",
        got.mean
    );
    assert!(close(got.median, median), "{what} median");
    assert!(close(got.p90, p90), "{what} p90");
}

#[test]
fn per_conversation_figures_match_plain_computations() {
    let set = simulated();
    let events = set.to_events();
    let by = conversations(&events);
    for business in [false, true] {
        let s = summarize(
            &set,
            &SummaryOptions {
                business_hours: business,
                ..SummaryOptions::default()
            },
        );
        let (mut first, mut full, mut wait) = (Vec::new(), Vec::new(), Vec::new());
        let (mut resolved, mut one_touch) = (0u64, 0u64);
        for list in by.values() {
            let resolutions: Vec<&&Event> = list
                .iter()
                .filter(|e| e.name.as_str() == "conversation_resolved")
                .collect();
            if let Some(v) = resolutions.first().and_then(|e| value(e, business)) {
                first.push(v);
            }
            if let Some(v) = resolutions.last().and_then(|e| value(e, business)) {
                full.push(v);
            }
            let answers: Vec<f64> = list
                .iter()
                .filter(|e| matches!(e.name.as_str(), "first_response" | "reply_time"))
                .filter_map(|e| value(e, business))
                .collect();
            if !answers.is_empty() {
                wait.push(answers.iter().sum());
            }
            if !resolutions.is_empty() {
                resolved += 1;
                let count = |n: &str| list.iter().filter(|e| e.name.as_str() == n).count();
                // A reopening: an opening with a resolution before it in event time.
                let reopened = list.iter().enumerate().any(|(k, e)| {
                    e.name.as_str() == "conversation_opened"
                        && list[..k]
                            .iter()
                            .any(|r| r.name.as_str() == "conversation_resolved")
                });
                if count("first_response") == 1 && count("reply_time") == 0 && !reopened {
                    one_touch += 1;
                }
            }
        }
        assert_same(&s.first_resolution, first, "first resolution");
        assert_same(&s.full_resolution, full, "full resolution");
        assert_same(&s.requester_wait, wait, "requester wait");
        assert_eq!(
            s.one_touch.count, one_touch,
            "one touch (business {business})"
        );
        assert_eq!(
            s.one_touch.share,
            Some(one_touch as f64 / resolved as f64),
            "one touch share"
        );
        assert!(
            one_touch > 0 && one_touch < resolved,
            "the data has both kinds"
        );
    }
}

/// The median interval from the binomial distribution computed by brute force: exact
/// tail sums of C(n, k) / 2ⁿ in f64 (n is small here).
fn naive_median_ci(v: &[f64]) -> Option<[f64; 2]> {
    let n = v.len();
    if n < 6 {
        return None;
    }
    let mut sorted = v.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pmf: Vec<f64> = (0..=n)
        .map(|k| {
            let ln_c: f64 = (1..=k).map(|j| ((n - k + j) as f64 / j as f64).ln()).sum();
            (ln_c - n as f64 * std::f64::consts::LN_2).exp()
        })
        .collect();
    let cdf = |k: usize| pmf[..=k].iter().sum::<f64>();
    let l = (1..=n / 2).filter(|&l| cdf(l - 1) <= 0.025).max()?;
    Some([sorted[l - 1], sorted[n - l]])
}

#[test]
fn median_intervals_match_the_binomial_by_brute_force() {
    let set = simulated();
    let s = summarize(&set, &SummaryOptions::default());
    let events = set.to_events();
    let values = |name: &str| -> Vec<f64> {
        events
            .iter()
            .filter(|e| e.name.as_str() == name)
            .map(|e| e.value)
            .collect()
    };
    assert_eq!(
        s.overall.first_response.median_ci,
        naive_median_ci(&values("first_response"))
    );
    assert_eq!(
        s.overall.reply_time.median_ci,
        naive_median_ci(&values("reply_time"))
    );
    assert_eq!(
        s.overall.resolution.median_ci,
        naive_median_ci(&values("conversation_resolved"))
    );
    for agent in &s.by_agent {
        let mine: Vec<f64> = events
            .iter()
            .filter(|e| e.name.as_str() == "first_response")
            .filter(|e| {
                Some(e.user_id) == agent.user_id.or(Some(chatwoot_reporting::model::NULL_ID))
            })
            .map(|e| e.value)
            .collect();
        assert_eq!(
            agent.figures.first_response.median_ci,
            naive_median_ci(&mine)
        );
    }
}

#[test]
fn sla_curve_and_hour_of_week_match_plain_counts() {
    let set = simulated();
    let events = set.to_events();
    let thresholds = vec![0.0, 30.0, 60.0, 300.0, 3600.0, 86_400.0, 1e9];
    for (metric, name) in [
        (SlaMetric::FirstResponse, "first_response"),
        (SlaMetric::Resolution, "conversation_resolved"),
        (SlaMetric::ReplyTime, "reply_time"),
    ] {
        for business in [false, true] {
            let curve = sla_curve(
                &set,
                &SlaCurveOptions {
                    metric,
                    business_hours: business,
                    thresholds: Some(thresholds.clone()),
                },
            );
            let values: Vec<f64> = events
                .iter()
                .filter(|e| e.name.as_str() == name)
                .filter_map(|e| value(e, business))
                .collect();
            for (p, &t) in curve.iter().zip(&thresholds) {
                let met = values.iter().filter(|&&v| v <= t).count() as u64;
                assert_eq!((p.threshold, p.met, p.total), (t, met, values.len() as u64));
            }
        }
    }
    // Hour of week in UTC, weeks from Monday: weekday and hour of each created_at.
    let grid = hour_of_week(
        &set,
        &HourOfWeekOptions {
            name: Some("conversation_resolved".to_owned()),
            week_starts_monday: true,
            ..HourOfWeekOptions::default()
        },
    );
    let mut want = [[0u64; 24]; 7];
    for e in events
        .iter()
        .filter(|e| e.name.as_str() == "conversation_resolved")
    {
        let secs = e.created_at.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        // 1970-01-05 was a Monday.
        let row = (days - 4).rem_euclid(7) as usize;
        want[row][(secs.rem_euclid(86_400) / 3600) as usize] += 1;
    }
    assert_eq!(grid, want);
}

#[test]
fn cohort_summary_equals_the_summary_of_the_cohorts_events() {
    // A cohort window holds exactly the events of the conversations that began in it:
    // filtering them out by hand and summarizing everything gives the same figures.
    let set = simulated();
    let events = set.to_events();
    let by = conversations(&events);
    let begin = |list: &[&Event]| {
        list.iter()
            .map(|e| {
                if e.event_start_time == i64::MIN {
                    e.created_at
                } else {
                    e.event_start_time.min(e.created_at)
                }
            })
            .min()
            .unwrap_or(i64::MAX)
    };
    let (since, until) = (
        1_767_225_600i64 + 20 * 86_400,
        1_767_225_600i64 + 50 * 86_400,
    );
    let inside: Vec<Event> = by
        .values()
        .filter(|list| {
            let b = begin(list);
            b >= since * 1000 && b < until * 1000
        })
        .flat_map(|list| list.iter().map(|e| (*e).clone()))
        .collect();
    assert!(inside.len() > 50, "the window holds a fair share");
    let cohort = summarize(
        &set,
        &SummaryOptions {
            since: Some(since as f64),
            until: Some(until as f64),
            window: WindowMode::Cohort,
            ..SummaryOptions::default()
        },
    );
    let mut own = EventSet::from_events(&inside);
    own.sort_dedup();
    let mut whole = summarize(&own, &SummaryOptions::default());
    // The cohort window's previous window is not the sub-set's; the rest must agree.
    whole.previous = cohort.previous.clone();
    assert_eq!(cohort, whole);
}
