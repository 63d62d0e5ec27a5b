#![cfg(not(target_arch = "wasm32"))]
//! The time-series engine against Chatwoot's report semantics, computed by hand:
//! fixed offsets (UTC, −5, +5.5), weeks from Sunday or Monday, months and years, the
//! half-open range, empty buckets, averages vs counts, distinct handoff conversations,
//! business hours, per-bucket percentiles; hand-built IANA tables (Europe/Berlin,
//! America/New_York, Lord Howe's 30-minute change, Samoa's skipped day) for 23- and
//! 25-hour days and hour buckets across changes; properties over generated events (the
//! buckets partition the range, every event in range is counted once, and fixed-offset
//! series equal a per-event calendar computation).
//!
//! `cargo test --release --test timeseries -- --ignored --nocapture` prints the timing of
//! 100 000 events by day in an IANA zone.

mod common;
use chatwoot_reporting::model::NULL_ID;
use chatwoot_reporting::timeseries::{
    bucket_bounds, needed_range, needed_ranges, timeseries, validate, GroupBy, Metric, Point,
    SeriesOptions, Stat, MAX_BUCKETS,
};
use chatwoot_reporting::timestamp::{civil_from_days, days_from_civil, parse_rfc3339};
use chatwoot_reporting::zone::{Zone, ZoneTable};
use chatwoot_reporting::{ErrorCode, Event, EventSet, Name};
use common::proptest_config as config;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Helpers

/// Epoch seconds of an RFC 3339 time.
fn s(iso: &str) -> i64 {
    parse_rfc3339(iso.as_bytes()).expect("valid time") / 1000
}

/// Epoch milliseconds of an RFC 3339 time.
fn ms(iso: &str) -> i64 {
    parse_rfc3339(iso.as_bytes()).expect("valid time")
}

struct Ev {
    name: &'static str,
    at: i64,
    value: f64,
    bh: Option<f64>,
    conv: i64,
}

fn ev(name: &'static str, iso: &str, value: f64) -> Ev {
    Ev {
        name,
        at: ms(iso),
        value,
        bh: None,
        conv: NULL_ID,
    }
}

fn set(evs: &[Ev]) -> EventSet {
    let events: Vec<Event> = evs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut x = Event::new(i as i64 + 1, Name::new(e.name), e.value, 1, e.at);
            x.value_in_business_hours = e.bh;
            x.conversation_id = e.conv;
            x
        })
        .collect();
    EventSet::from_events(&events)
}

fn opts(metric: Metric, group_by: GroupBy) -> SeriesOptions {
    SeriesOptions {
        group_by,
        ..SeriesOptions::new(metric)
    }
}

fn avg(t: i64, value: f64, count: u64) -> Point {
    Point {
        timestamp: t,
        value,
        count: Some(count),
    }
}

fn cnt(t: i64, value: f64) -> Point {
    Point {
        timestamp: t,
        value,
        count: None,
    }
}

fn run(set: &EventSet, o: &SeriesOptions) -> Vec<Point> {
    match timeseries(set, o) {
        Ok(p) => p,
        Err(e) => panic!("timeseries failed: {e:?}"),
    }
}

fn refused(set: &EventSet, o: &SeriesOptions) -> String {
    match timeseries(set, o) {
        Ok(p) => panic!("expected a refusal, got {} points", p.len()),
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidArgument);
            e.message
        }
    }
}

fn table(pairs: &[(i64, i32)]) -> Zone {
    Zone::Table(ZoneTable::new(pairs.to_vec()).expect("valid table"))
}

/// Europe/Berlin in 2026: CET, CEST from 2026-03-29T01:00Z, CET from 2026-10-25T01:00Z.
fn berlin() -> Zone {
    table(&[
        (s("2025-10-26T01:00:00Z"), 3600),
        (s("2026-03-29T01:00:00Z"), 7200),
        (s("2026-10-25T01:00:00Z"), 3600),
    ])
}

/// America/New_York in 2026: EDT from 2026-03-08T07:00Z, EST from 2026-11-01T06:00Z.
fn new_york() -> Zone {
    table(&[
        (s("2025-11-02T06:00:00Z"), -18_000),
        (s("2026-03-08T07:00:00Z"), -14_400),
        (s("2026-11-01T06:00:00Z"), -18_000),
    ])
}

fn bounds(zone: &Zone, g: GroupBy, monday: bool, first: &str, last: &str) -> Vec<i64> {
    match bucket_bounds(zone, g, monday, s(first), s(last)) {
        Ok(b) => b,
        Err(e) => panic!("bucket_bounds failed: {e:?}"),
    }
}

fn lengths(b: &[i64]) -> Vec<i64> {
    b.windows(2).map(|w| w[1] - w[0]).collect()
}

// ---------------------------------------------------------------------------------------
// Chatwoot parity with fixed offsets

#[test]
fn utc_day_buckets_with_an_empty_day() {
    let data = set(&[
        ev("first_response", "2026-04-01T10:00:00Z", 60.0),
        ev("first_response", "2026-04-01T23:59:59.999Z", 120.0),
        ev("reply_time", "2026-04-02T12:00:00Z", 999.0),
        ev("first_response", "2026-04-03T00:00:00Z", 30.0),
    ]);
    // Apr 1: (60 + 120) / 2 = 90 over 2; Apr 2: no first_response (the reply_time is
    // another metric) → 0 over 0; Apr 3: 30 over 1.
    assert_eq!(
        run(&data, &opts(Metric::AvgFirstResponseTime, GroupBy::Day)),
        vec![
            avg(s("2026-04-01T00:00:00Z"), 90.0, 2),
            avg(s("2026-04-02T00:00:00Z"), 0.0, 0),
            avg(s("2026-04-03T00:00:00Z"), 30.0, 1),
        ]
    );
    // The range spans the whole set, so reply_time gets the same three days.
    assert_eq!(
        run(&data, &opts(Metric::ReplyTime, GroupBy::Day)),
        vec![
            avg(s("2026-04-01T00:00:00Z"), 0.0, 0),
            avg(s("2026-04-02T00:00:00Z"), 999.0, 1),
            avg(s("2026-04-03T00:00:00Z"), 0.0, 0),
        ]
    );
}

#[test]
fn offset_minus_five_hours() {
    let data = set(&[
        // 2026-04-01 22:00 local (−5) → the Apr 1 bucket, which starts 2026-04-01T05:00Z.
        ev("conversation_resolved", "2026-04-02T03:00:00Z", 100.0),
        // 2026-04-02 00:00 local → the Apr 2 bucket at 2026-04-02T05:00Z.
        ev("conversation_resolved", "2026-04-02T05:00:00Z", 300.0),
        // 2026-04-02 23:59:59 local → still Apr 2.
        ev("conversation_resolved", "2026-04-03T04:59:59Z", 500.0),
    ]);
    let mut o = opts(Metric::AvgResolutionTime, GroupBy::Day);
    o.zone = Zone::from_hours(-5.0).expect("zone");
    assert_eq!(
        run(&data, &o),
        vec![
            avg(s("2026-04-01T05:00:00Z"), 100.0, 1),
            avg(s("2026-04-02T05:00:00Z"), 400.0, 2),
        ]
    );
    o.metric = Metric::ResolutionsCount;
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-04-01T05:00:00Z"), 1.0),
            cnt(s("2026-04-02T05:00:00Z"), 2.0)
        ]
    );
}

#[test]
fn offset_plus_five_and_a_half_hours() {
    let data = set(&[
        // 23:59:59 local on Apr 1 (+5:30) → bucket 2026-03-31T18:30Z.
        ev("conversation_resolved", "2026-04-01T18:29:59Z", 1.0),
        // 00:00 local on Apr 2 → bucket 2026-04-01T18:30Z.
        ev("conversation_resolved", "2026-04-01T18:30:00Z", 1.0),
    ]);
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.zone = Zone::from_hours(5.5).expect("zone");
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-03-31T18:30:00Z"), 1.0),
            cnt(s("2026-04-01T18:30:00Z"), 1.0)
        ]
    );
    // Hours start at local :00, i.e. at :30 UTC: 18:29:59Z is 23:59:59 local (bucket
    // 23:00 local = 17:30Z), 18:30Z starts the 00:00 local bucket.
    o.group_by = GroupBy::Hour;
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-04-01T17:30:00Z"), 1.0),
            cnt(s("2026-04-01T18:30:00Z"), 1.0)
        ]
    );
    // Nepal (+5:45): hour buckets at :15 UTC.
    o.zone = Zone::from_hours(5.75).expect("zone");
    assert_eq!(run(&data, &o), vec![cnt(s("2026-04-01T18:15:00Z"), 2.0)]);
}

#[test]
fn weeks_from_sunday_or_monday() {
    // 2026-04-05 is a Sunday, 2026-04-06 a Monday.
    let data = set(&[
        ev("conversation_bot_resolved", "2026-04-05T12:00:00Z", 0.0),
        ev("conversation_bot_resolved", "2026-04-06T12:00:00Z", 0.0),
        ev("conversation_bot_resolved", "2026-04-12T00:00:00Z", 0.0),
    ]);
    let mut o = opts(Metric::BotResolutionsCount, GroupBy::Week);
    // Sunday weeks: Apr 5–11 holds Sunday and Monday; Apr 12 starts the next week.
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-04-05T00:00:00Z"), 2.0),
            cnt(s("2026-04-12T00:00:00Z"), 1.0)
        ]
    );
    // Monday weeks: Sunday Apr 5 closes Mar 30–Apr 5; Monday and Sunday Apr 12 share Apr 6–12.
    o.week_starts_monday = true;
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-03-30T00:00:00Z"), 1.0),
            cnt(s("2026-04-06T00:00:00Z"), 2.0)
        ]
    );
}

#[test]
fn months_and_years() {
    let data = set(&[
        ev("conversation_resolved", "2026-01-31T23:00:00Z", 10.0),
        ev("conversation_resolved", "2026-02-01T00:00:00Z", 20.0),
        ev("conversation_resolved", "2026-04-15T00:00:00Z", 30.0),
        ev("conversation_resolved", "2026-12-31T23:30:00Z", 40.0),
        ev("conversation_resolved", "2027-01-01T00:00:00Z", 50.0),
    ]);
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Month);
    let months: Vec<Point> = run(&data, &o);
    // UTC: Jan 1, Feb 2, Mar 0, Apr 1, May–Nov 0, Dec 1, Jan 2027 1: 13 months.
    assert_eq!(months.len(), 13);
    assert_eq!(months[0], cnt(s("2026-01-01T00:00:00Z"), 1.0));
    assert_eq!(months[1], cnt(s("2026-02-01T00:00:00Z"), 1.0));
    assert_eq!(months[2], cnt(s("2026-03-01T00:00:00Z"), 0.0));
    assert_eq!(months[3], cnt(s("2026-04-01T00:00:00Z"), 1.0));
    assert_eq!(months[11], cnt(s("2026-12-01T00:00:00Z"), 1.0));
    assert_eq!(months[12], cnt(s("2027-01-01T00:00:00Z"), 1.0));
    // +1 hour: Jan 31 23:00Z is Feb 1 local, Dec 31 23:30Z is Jan 1 2027 local. Months
    // start at local midnight of the 1st, 23:00Z the day before.
    o.zone = Zone::from_hours(1.0).expect("zone");
    let months = run(&data, &o);
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], cnt(s("2026-01-31T23:00:00Z"), 2.0));
    assert_eq!(months[2], cnt(s("2026-03-31T23:00:00Z"), 1.0));
    assert_eq!(months[11], cnt(s("2026-12-31T23:00:00Z"), 2.0));
    // Years, averages: UTC 2026 = (10+20+30+40)/4 = 25 over 4, 2027 = 50 over 1.
    let mut o = opts(Metric::AvgResolutionTime, GroupBy::Year);
    assert_eq!(
        run(&data, &o),
        vec![
            avg(s("2026-01-01T00:00:00Z"), 25.0, 4),
            avg(s("2027-01-01T00:00:00Z"), 50.0, 1)
        ]
    );
    // At +1, 23:30Z on Dec 31 is already 2027 local: 2026 = (10+20+30)/3 = 20 over 3,
    // 2027 = (40+50)/2 = 45 over 2; years start at 23:00Z on Dec 31.
    o.zone = Zone::from_hours(1.0).expect("zone");
    assert_eq!(
        run(&data, &o),
        vec![
            avg(s("2025-12-31T23:00:00Z"), 20.0, 3),
            avg(s("2026-12-31T23:00:00Z"), 45.0, 2)
        ]
    );
}

#[test]
fn half_open_range_edges() {
    let data = set(&[
        ev("conversation_resolved", "2026-04-01T06:00:00Z", 0.0), // before since: out
        ev("conversation_resolved", "2026-04-01T12:00:00Z", 0.0), // = since: in
        ev("conversation_resolved", "2026-04-02T23:59:59.999Z", 0.0), // until − 1 ms: in
        ev("conversation_resolved", "2026-04-03T00:00:00Z", 0.0), // = until: out
    ]);
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.since = Some(s("2026-04-01T12:00:00Z") as f64);
    o.until = Some(s("2026-04-03T00:00:00Z") as f64);
    // First bucket: the day containing since (Apr 1, from midnight); last: the day
    // containing until − ε (Apr 2). Apr 3 is not a bucket.
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-04-01T00:00:00Z"), 1.0),
            cnt(s("2026-04-02T00:00:00Z"), 1.0)
        ]
    );
    // until one second later reaches into Apr 3: a third bucket, holding the Apr 3 event.
    o.until = Some(s("2026-04-03T00:00:01Z") as f64);
    assert_eq!(run(&data, &o).len(), 3);
    assert_eq!(run(&data, &o)[2], cnt(s("2026-04-03T00:00:00Z"), 1.0));
    // Fractional seconds: until = Apr 3 00:00:00.0005 keeps the Apr 3 event (0 ms < 0.5 ms).
    o.until = Some(s("2026-04-03T00:00:00Z") as f64 + 0.0005);
    assert_eq!(run(&data, &o)[2], cnt(s("2026-04-03T00:00:00Z"), 1.0));
    // since alone: from the day containing since to the latest event.
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.since = Some(s("2026-04-02T00:00:00Z") as f64);
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-04-02T00:00:00Z"), 1.0),
            cnt(s("2026-04-03T00:00:00Z"), 1.0)
        ]
    );
    // until alone: from the earliest event to the day containing until − ε.
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.until = Some(s("2026-04-02T00:00:00Z") as f64);
    assert_eq!(run(&data, &o), vec![cnt(s("2026-04-01T00:00:00Z"), 2.0)]);
}

#[test]
fn empty_buckets_and_empty_sets() {
    let none = EventSet::new();
    assert_eq!(
        run(&none, &opts(Metric::ResolutionsCount, GroupBy::Day)),
        vec![]
    );
    assert_eq!(
        needed_range(&none, &opts(Metric::ResolutionsCount, GroupBy::Day)),
        None
    );
    let mut o = opts(Metric::AvgFirstResponseTime, GroupBy::Day);
    o.since = Some(s("2026-04-01T00:00:00Z") as f64);
    o.until = Some(s("2026-04-04T00:00:00Z") as f64);
    assert_eq!(
        run(&none, &o),
        vec![
            avg(s("2026-04-01T00:00:00Z"), 0.0, 0),
            avg(s("2026-04-02T00:00:00Z"), 0.0, 0),
            avg(s("2026-04-03T00:00:00Z"), 0.0, 0),
        ]
    );
    o.metric = Metric::BotHandoffsCount;
    assert_eq!(
        run(&none, &o),
        vec![
            cnt(s("2026-04-01T00:00:00Z"), 0.0),
            cnt(s("2026-04-02T00:00:00Z"), 0.0),
            cnt(s("2026-04-03T00:00:00Z"), 0.0),
        ]
    );
}

#[test]
fn averages_and_counts_of_the_same_events() {
    let data = set(&[
        ev("conversation_resolved", "2026-04-01T01:00:00Z", 100.0),
        ev("conversation_resolved", "2026-04-01T02:00:00Z", 200.0),
        ev("conversation_resolved", "2026-04-01T03:00:00Z", 600.0),
    ]);
    let day = s("2026-04-01T00:00:00Z");
    assert_eq!(
        run(&data, &opts(Metric::AvgResolutionTime, GroupBy::Day)),
        vec![avg(day, 300.0, 3)]
    );
    assert_eq!(
        run(&data, &opts(Metric::ResolutionsCount, GroupBy::Day)),
        vec![cnt(day, 3.0)]
    );
    assert_eq!(
        run(&data, &opts(Metric::BotResolutionsCount, GroupBy::Day)),
        vec![cnt(day, 0.0)]
    );
}

#[test]
fn handoffs_count_distinct_conversations() {
    let h = |iso: &str, conv: i64| Ev {
        conv,
        ..ev("conversation_bot_handoff", iso, 0.0)
    };
    let data = set(&[
        h("2026-04-01T01:00:00Z", 7),
        h("2026-04-01T02:00:00Z", 7),
        h("2026-04-01T03:00:00Z", 7),
        h("2026-04-01T04:00:00Z", 8),
        h("2026-04-01T05:00:00Z", NULL_ID), // COUNT(DISTINCT) skips null
        h("2026-04-02T01:00:00Z", 7),
    ]);
    // Apr 1: {7, 8} = 2; Apr 2: {7} = 1 (distinct per bucket, not over the range).
    assert_eq!(
        run(&data, &opts(Metric::BotHandoffsCount, GroupBy::Day)),
        vec![
            cnt(s("2026-04-01T00:00:00Z"), 2.0),
            cnt(s("2026-04-02T00:00:00Z"), 1.0)
        ]
    );
    assert_eq!(
        run(&data, &opts(Metric::BotHandoffsCount, GroupBy::Month)),
        vec![cnt(s("2026-04-01T00:00:00Z"), 2.0)]
    );
}

#[test]
fn business_hours_skip_nulls() {
    let fr = |iso: &str, value: f64, bh: Option<f64>| Ev {
        bh,
        ..ev("first_response", iso, value)
    };
    let data = set(&[
        fr("2026-04-01T01:00:00Z", 1000.0, Some(100.0)),
        fr("2026-04-01T02:00:00Z", 2000.0, None),
        fr("2026-04-01T03:00:00Z", 3000.0, Some(300.0)),
        fr("2026-04-02T03:00:00Z", 4000.0, None),
    ]);
    let mut o = opts(Metric::AvgFirstResponseTime, GroupBy::Day);
    // Wall clock: Apr 1 = 2000 over 3, Apr 2 = 4000 over 1.
    assert_eq!(
        run(&data, &o),
        vec![
            avg(s("2026-04-01T00:00:00Z"), 2000.0, 3),
            avg(s("2026-04-02T00:00:00Z"), 4000.0, 1)
        ]
    );
    // Business hours, nulls skipped as SQL AVG: Apr 1 = (100+300)/2, Apr 2 has no value
    // (0 here, null in Chatwoot); the counts are COUNT(*), nulls included, as Chatwoot's
    // average_report_builder.rb reports them: 3 and 1.
    o.business_hours = true;
    assert_eq!(
        run(&data, &o),
        vec![
            avg(s("2026-04-01T00:00:00Z"), 200.0, 3),
            avg(s("2026-04-02T00:00:00Z"), 0.0, 1)
        ]
    );
}

#[test]
fn per_bucket_median_and_p90() {
    let mut evs: Vec<Ev> = [50.0, 10.0, 40.0, 20.0, 30.0]
        .iter()
        .map(|&v| ev("reply_time", "2026-04-01T12:00:00Z", v))
        .collect();
    evs.push(ev("reply_time", "2026-04-03T12:00:00Z", 5.0));
    let data = set(&evs);
    let mut o = opts(Metric::ReplyTime, GroupBy::Day);
    let (d1, d2, d3) = (
        s("2026-04-01T00:00:00Z"),
        s("2026-04-02T00:00:00Z"),
        s("2026-04-03T00:00:00Z"),
    );
    // Sorted 10 20 30 40 50: median h = 2 → 30; p90 h = 3.6 → 40 + 0.6·10 = 46;
    // p95 h = 3.8 → 48. The single value 5 is every quantile of its bucket.
    o.stat = Stat::Median;
    assert_eq!(
        run(&data, &o),
        vec![avg(d1, 30.0, 5), avg(d2, 0.0, 0), avg(d3, 5.0, 1)]
    );
    o.stat = Stat::P90;
    assert_eq!(
        run(&data, &o),
        vec![avg(d1, 46.0, 5), avg(d2, 0.0, 0), avg(d3, 5.0, 1)]
    );
    o.stat = Stat::P95;
    assert_eq!(run(&data, &o)[0], avg(d1, 48.0, 5));
    o.stat = Stat::Mean;
    assert_eq!(run(&data, &o)[0], avg(d1, 30.0, 5));
}

#[test]
fn refusals() {
    let data = set(&[ev("conversation_resolved", "2026-04-01T01:00:00Z", 1.0)]);
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.since = Some(100.0);
    o.until = Some(100.0);
    assert!(refused(&data, &o).contains("since"));
    o.until = Some(99.0);
    assert!(refused(&data, &o).contains("since"));
    o.since = Some(f64::NAN);
    o.until = None;
    assert!(refused(&data, &o).contains("since"));
    o.since = Some(1e18);
    assert!(refused(&data, &o).contains("since"));
    // 100 000 hours is 11.4 years: 20 years of hours are refused, before any work.
    assert_eq!(MAX_BUCKETS, 100_000);
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Hour);
    o.since = Some(s("2010-01-01T00:00:00Z") as f64);
    o.until = Some(s("2030-01-01T00:00:00Z") as f64);
    assert!(refused(&data, &o).contains("100000 allowed"));
    assert!(validate(&data, &o).is_err());
    // Exactly 100 000 hour buckets pass, one more is refused.
    o.since = Some(0.0);
    o.until = Some(MAX_BUCKETS as f64 * 3600.0);
    assert_eq!(run(&EventSet::new(), &o).len(), MAX_BUCKETS);
    o.until = Some(MAX_BUCKETS as f64 * 3600.0 + 1.0);
    assert!(refused(&EventSet::new(), &o).contains("100000 allowed"));
    // Days over 270 years fit; over 300 they do not.
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.since = Some(s("1800-01-01T00:00:00Z") as f64);
    o.until = Some(s("2070-01-01T00:00:00Z") as f64);
    assert_eq!(run(&EventSet::new(), &o).len(), 98_616);
    o.until = Some(s("2100-01-01T00:00:00Z") as f64);
    assert!(refused(&EventSet::new(), &o).contains("100000 allowed"));
    // Years over the whole 0000–9999 span are fine.
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Year);
    o.since = Some(s("0000-01-01T00:00:00Z") as f64);
    o.until = Some(s("9999-12-31T23:59:59Z") as f64);
    assert_eq!(run(&data, &o).len(), 10_000);
    // A set built in Rust can hold instants no decoder produces: refused, not overflowed.
    let far = EventSet::from_events(&[Event::new(
        1,
        Name::new("conversation_resolved"),
        1.0,
        1,
        i64::MAX / 2,
    )]);
    assert!(refused(&far, &opts(Metric::ResolutionsCount, GroupBy::Day)).contains("9999"));
    // A percentile of a count is meaningless.
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.stat = Stat::P90;
    assert!(refused(&data, &o).contains("p90"));
}

#[test]
fn needed_range_covers_the_buckets() {
    let data = set(&[
        ev("conversation_resolved", "2026-06-15T00:00:00Z", 1.0),
        ev("conversation_resolved", "2026-07-15T00:00:00Z", 1.0),
    ]);
    for g in GroupBy::ALL {
        let o = opts(Metric::ResolutionsCount, g);
        let (from, to) = needed_range(&data, &o).expect("a range");
        let b = bucket_bounds(
            &Zone::from_hours(14.0).expect("zone"),
            g,
            false,
            s("2026-06-15T00:00:00Z"),
            s("2026-07-15T00:00:00Z"),
        )
        .expect("bounds");
        assert!(from + 86_400 <= b[0], "{g:?}");
        assert!(to - 86_400 >= *b.last().expect("a bound"), "{g:?}");
    }
    let (from, _) =
        needed_range(&data, &opts(Metric::ResolutionsCount, GroupBy::Year)).expect("a range");
    assert!(from <= s("2025-12-30T00:00:00Z"));
}

// ---------------------------------------------------------------------------------------
// IANA zones from hand-built tables

#[test]
fn berlin_days_of_23_and_25_hours() {
    let z = berlin();
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2026-03-28T12:00:00Z",
        "2026-03-30T12:00:00Z",
    );
    // Local midnights: Mar 28 00:00 CET = Mar 27 23:00Z, Mar 29 00:00 CET = Mar 28 23:00Z,
    // Mar 30 00:00 CEST = Mar 29 22:00Z, Mar 31 00:00 CEST = Mar 30 22:00Z.
    assert_eq!(
        b,
        vec![
            s("2026-03-27T23:00:00Z"),
            s("2026-03-28T23:00:00Z"),
            s("2026-03-29T22:00:00Z"),
            s("2026-03-30T22:00:00Z"),
        ]
    );
    assert_eq!(lengths(&b), vec![86_400, 23 * 3600, 86_400]);
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2026-10-25T12:00:00Z",
        "2026-10-25T12:00:00Z",
    );
    // Oct 25 00:00 CEST = Oct 24 22:00Z to Oct 26 00:00 CET = Oct 25 23:00Z: 25 hours.
    assert_eq!(
        b,
        vec![s("2026-10-24T22:00:00Z"), s("2026-10-25T23:00:00Z")]
    );

    // Events: 23:30Z on Mar 28 is 00:30 CET on Mar 29; 22:30Z on Mar 29 is 00:30 CEST
    // on Mar 30.
    let data = set(&[
        ev("conversation_resolved", "2026-03-28T23:30:00Z", 0.0),
        ev("conversation_resolved", "2026-03-29T21:59:59Z", 0.0),
        ev("conversation_resolved", "2026-03-29T22:30:00Z", 0.0),
    ]);
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Day);
    o.zone = z;
    assert_eq!(
        run(&data, &o),
        vec![
            cnt(s("2026-03-28T23:00:00Z"), 2.0),
            cnt(s("2026-03-29T22:00:00Z"), 1.0)
        ]
    );
}

#[test]
fn berlin_hours_across_changes() {
    let z = berlin();
    // Spring: 00:00Z = 01:00 CET, 01:00Z = 03:00 CEST (02:00 never shows), 02:00Z = 04:00.
    let b = bounds(
        &z,
        GroupBy::Hour,
        false,
        "2026-03-29T00:10:00Z",
        "2026-03-29T01:10:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2026-03-29T00:00:00Z"),
            s("2026-03-29T01:00:00Z"),
            s("2026-03-29T02:00:00Z")
        ]
    );
    // Autumn: 02:00 local shows twice (00:00Z in CEST, 01:00Z in CET): two one-hour
    // buckets, then 03:00 CET at 02:00Z.
    let b = bounds(
        &z,
        GroupBy::Hour,
        false,
        "2026-10-24T23:30:00Z",
        "2026-10-25T01:30:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2026-10-24T23:00:00Z"),
            s("2026-10-25T00:00:00Z"),
            s("2026-10-25T01:00:00Z"),
            s("2026-10-25T02:00:00Z"),
        ]
    );
    // A local day holds 23 hour buckets in spring and 25 in autumn.
    let mut o = opts(Metric::ResolutionsCount, GroupBy::Hour);
    o.zone = z.clone();
    o.since = Some(s("2026-03-28T23:00:00Z") as f64);
    o.until = Some(s("2026-03-29T22:00:00Z") as f64);
    assert_eq!(run(&EventSet::new(), &o).len(), 23);
    o.since = Some(s("2026-10-24T22:00:00Z") as f64);
    o.until = Some(s("2026-10-25T23:00:00Z") as f64);
    let hours = run(&EventSet::new(), &o);
    assert_eq!(hours.len(), 25);
    assert!(hours
        .windows(2)
        .all(|w| w[1].timestamp - w[0].timestamp == 3600));
}

#[test]
fn new_york_days_and_hours() {
    let z = new_york();
    // Mar 8 00:00 EST = 05:00Z; Mar 9 00:00 EDT = Mar 9 04:00Z: 23 hours.
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2026-03-08T12:00:00Z",
        "2026-03-08T12:00:00Z",
    );
    assert_eq!(
        b,
        vec![s("2026-03-08T05:00:00Z"), s("2026-03-09T04:00:00Z")]
    );
    // Nov 1 00:00 EDT = 04:00Z; Nov 2 00:00 EST = 05:00Z: 25 hours.
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2026-11-01T12:00:00Z",
        "2026-11-01T12:00:00Z",
    );
    assert_eq!(
        b,
        vec![s("2026-11-01T04:00:00Z"), s("2026-11-02T05:00:00Z")]
    );
    // Hours: 06:00Z = 01:00 EST, then 07:00Z = 03:00 EDT.
    let b = bounds(
        &z,
        GroupBy::Hour,
        false,
        "2026-03-08T06:30:00Z",
        "2026-03-08T07:30:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2026-03-08T06:00:00Z"),
            s("2026-03-08T07:00:00Z"),
            s("2026-03-08T08:00:00Z")
        ]
    );
    // 01:00 local twice: 05:00Z (EDT) and 06:00Z (EST).
    let b = bounds(
        &z,
        GroupBy::Hour,
        false,
        "2026-11-01T05:30:00Z",
        "2026-11-01T06:30:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2026-11-01T05:00:00Z"),
            s("2026-11-01T06:00:00Z"),
            s("2026-11-01T07:00:00Z")
        ]
    );
    // Sunday weeks: Mar 8 00:00 EST (05:00Z) to Mar 15 00:00 EDT (04:00Z): 167 hours.
    let b = bounds(
        &z,
        GroupBy::Week,
        false,
        "2026-03-10T00:00:00Z",
        "2026-03-10T00:00:00Z",
    );
    assert_eq!(
        b,
        vec![s("2026-03-08T05:00:00Z"), s("2026-03-15T04:00:00Z")]
    );
    // Months: Nov 1 00:00 EDT = 04:00Z to Dec 1 00:00 EST = 05:00Z.
    let b = bounds(
        &z,
        GroupBy::Month,
        false,
        "2026-11-10T00:00:00Z",
        "2026-11-10T00:00:00Z",
    );
    assert_eq!(
        b,
        vec![s("2026-11-01T04:00:00Z"), s("2026-12-01T05:00:00Z")]
    );

    // Events at 04:30Z on Nov 1 (00:30 EDT) and 04:30Z on Nov 2 (23:30 EST on Nov 1)
    // share the 25-hour Nov 1 bucket.
    let data = set(&[
        ev("conversation_resolved", "2026-11-01T04:30:00Z", 10.0),
        ev("conversation_resolved", "2026-11-02T04:30:00Z", 20.0),
        ev("conversation_resolved", "2026-11-02T05:00:00Z", 40.0),
    ]);
    let mut o = opts(Metric::AvgResolutionTime, GroupBy::Day);
    o.zone = z;
    assert_eq!(
        run(&data, &o),
        vec![
            avg(s("2026-11-01T04:00:00Z"), 15.0, 2),
            avg(s("2026-11-02T05:00:00Z"), 40.0, 1)
        ]
    );
}

#[test]
fn lord_howe_half_hour_change() {
    // Australia/Lord_Howe: +10:30, then +11 from 2025-10-04T15:30Z (02:00 → 02:30 local),
    // back to +10:30 at 2026-04-04T15:00Z (02:00 → 01:30 local).
    let z = table(&[
        (s("2025-04-05T15:00:00Z"), 37_800),
        (s("2025-10-04T15:30:00Z"), 39_600),
        (s("2026-04-04T15:00:00Z"), 37_800),
    ]);
    // Forward: 01:00 local = 14:30Z; local 02:00 is skipped, so its bucket starts at the
    // change (15:30Z, 02:30 local) and lasts half an hour until 03:00 local = 16:00Z.
    let b = bounds(
        &z,
        GroupBy::Hour,
        false,
        "2025-10-04T14:45:00Z",
        "2025-10-04T16:15:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2025-10-04T14:30:00Z"),
            s("2025-10-04T15:30:00Z"),
            s("2025-10-04T16:00:00Z"),
            s("2025-10-04T17:00:00Z"),
        ]
    );
    // Back: 01:00 local (+11) = 14:00Z; at 15:00Z the clock reads 01:30 again, no new
    // hour: that bucket is 90 minutes; 02:00 local (+10:30) = 15:30Z.
    let b = bounds(
        &z,
        GroupBy::Hour,
        false,
        "2026-04-04T14:10:00Z",
        "2026-04-04T15:40:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2026-04-04T14:00:00Z"),
            s("2026-04-04T15:30:00Z"),
            s("2026-04-04T16:30:00Z")
        ]
    );
}

#[test]
fn santiago_changes_at_midnight() {
    // America/Santiago 2026: −3 until 2026-04-05T03:00Z, when 00:00 on Apr 5 becomes
    // 23:00 on Apr 4 (−4); at 2026-09-06T04:00Z 00:00 on Sep 6 becomes 01:00 (−3).
    let z = table(&[
        (s("2025-09-07T04:00:00Z"), -10_800),
        (s("2026-04-05T03:00:00Z"), -14_400),
        (s("2026-09-06T04:00:00Z"), -10_800),
    ]);
    // Apr 4 runs from 00:00 (−3) = 03:00Z to Apr 5 00:00 (−4) = 04:00Z next day: 25 hours.
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2026-04-05T03:30:00Z",
        "2026-04-05T03:30:00Z",
    );
    assert_eq!(
        b,
        vec![s("2026-04-04T03:00:00Z"), s("2026-04-05T04:00:00Z")]
    );
    // Midnight of Sep 6 never shows: that day starts at the change, 01:00 local, and
    // lasts 23 hours until Sep 7 00:00 (−3) = 03:00Z.
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2026-09-06T03:59:59Z",
        "2026-09-06T04:00:00Z",
    );
    assert_eq!(
        b,
        vec![
            s("2026-09-05T04:00:00Z"),
            s("2026-09-06T04:00:00Z"),
            s("2026-09-07T03:00:00Z")
        ]
    );
    // Sunday weeks: Sep 6 is a Sunday, so its week also starts at the change.
    let b = bounds(
        &z,
        GroupBy::Week,
        false,
        "2026-09-08T00:00:00Z",
        "2026-09-08T00:00:00Z",
    );
    assert_eq!(
        b,
        vec![s("2026-09-06T04:00:00Z"), s("2026-09-13T03:00:00Z")]
    );
}

#[test]
fn samoa_skipped_day() {
    // Pacific/Apia went from −10 to +14 at 2011-12-30T10:00Z: Dec 30 never happened.
    let z = table(&[(0, -36_000), (s("2011-12-30T10:00:00Z"), 50_400)]);
    let b = bounds(
        &z,
        GroupBy::Day,
        false,
        "2011-12-29T12:00:00Z",
        "2011-12-30T12:00:00Z",
    );
    // Dec 29 00:00 (−10) = 10:00Z on Dec 29; Dec 31 00:00 (+14) = 10:00Z on Dec 30.
    assert_eq!(
        b,
        vec![
            s("2011-12-29T10:00:00Z"),
            s("2011-12-30T10:00:00Z"),
            s("2011-12-31T10:00:00Z")
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Properties

/// Zones to test: fixed offsets in quarter hours and the two real tables.
fn zone_strategy() -> impl Strategy<Value = Zone> {
    prop_oneof![
        (-48i32..=56).prop_map(|q| Zone::Fixed(q * 900)),
        Just(berlin()),
        Just(new_york()),
        // A random table: up to 6 changes of whole quarter hours within 2026.
        proptest::collection::vec((0i64..365 * 96, -48i32..=56), 1..6).prop_map(|v| {
            let base = s("2026-01-01T00:00:00Z");
            let mut pairs: Vec<(i64, i32)> = v
                .into_iter()
                .map(|(q, o)| (base + q * 900, o * 900))
                .collect();
            // Two offsets at one instant is not a zone (ZoneTable refuses it): keep one.
            pairs.sort_by_key(|p| p.0);
            pairs.dedup_by_key(|p| p.0);
            Zone::Table(ZoneTable::new(pairs).expect("valid"))
        }),
    ]
}

fn group_strategy() -> impl Strategy<Value = GroupBy> {
    proptest::sample::select(GroupBy::ALL.to_vec())
}

/// Events in 2026 (milliseconds), some out of order, several metric names.
fn events_strategy() -> impl Strategy<Value = Vec<(u8, i64, i64)>> {
    let year = s("2026-01-01T00:00:00Z") * 1000;
    proptest::collection::vec((0u8..4, 0i64..365 * 86_400_000, 0i64..5), 0..200)
        .prop_map(move |v| v.into_iter().map(|(n, t, c)| (n, year + t, c)).collect())
}

fn event_set(v: &[(u8, i64, i64)]) -> EventSet {
    const NAMES: [&str; 4] = [
        "conversation_resolved",
        "first_response",
        "conversation_bot_handoff",
        "agent_participation",
    ];
    let events: Vec<Event> = v
        .iter()
        .enumerate()
        .map(|(i, &(n, t, c))| {
            let mut e = Event::new(
                i as i64,
                Name::new(NAMES[n as usize]),
                (t % 7919) as f64,
                1,
                t,
            );
            e.conversation_id = c;
            e
        })
        .collect();
    EventSet::from_events(&events)
}

/// The bucket start of `t` (seconds) for a fixed offset, per event with calendar math.
fn naive_start(off: i64, g: GroupBy, monday: bool, t: i64) -> i64 {
    let local = t + off;
    let day = local.div_euclid(86_400);
    let start_local = match g {
        GroupBy::Hour => local - local.rem_euclid(3600),
        GroupBy::Day => day * 86_400,
        GroupBy::Week => {
            let wd = (day + 4).rem_euclid(7);
            (day - (wd - i64::from(monday)).rem_euclid(7)) * 86_400
        }
        GroupBy::Month => {
            let (y, m, _) = civil_from_days(day);
            days_from_civil(y, m, 1) * 86_400
        }
        GroupBy::Year => {
            let (y, _, _) = civil_from_days(day);
            days_from_civil(y, 1, 1) * 86_400
        }
    };
    start_local - off
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn buckets_partition_the_range(
        zone in zone_strategy(),
        g in group_strategy(),
        monday in any::<bool>(),
        a in 0i64..400 * 86_400,
        len in 0i64..90 * 86_400,
    ) {
        let first = s("2025-12-01T00:00:00Z") + a;
        let last = first + len;
        let b = bucket_bounds(&zone, g, monday, first, last).expect("bounds");
        prop_assert!(b.len() >= 2);
        prop_assert!(b[0] <= first);
        prop_assert!(*b.last().expect("bound") > last);
        prop_assert!(b.windows(2).all(|w| w[0] < w[1]), "not increasing: {b:?}");
        // No bucket is more than a nominal period plus an offset change long, and every
        // bucket but the first starts after `first` (the first is the one containing it).
        let max = match g {
            GroupBy::Hour => 3600 + 2 * 3600,
            GroupBy::Day => 86_400 + 26 * 3600,
            GroupBy::Week => 7 * 86_400 + 26 * 3600,
            GroupBy::Month => 31 * 86_400 + 26 * 3600,
            GroupBy::Year => 366 * 86_400 + 26 * 3600,
        };
        prop_assert!(b.windows(2).all(|w| w[1] - w[0] <= max), "{b:?}");
        prop_assert!(b.get(1).is_some_and(|&x| x > first));
        // Boundaries are where the local clock shows the period start (days and longer:
        // midnight), except at a forward change that skipped it.
        if let Zone::Fixed(off) = zone {
            for &x in &b {
                prop_assert_eq!(naive_start(i64::from(off), g, monday, x), x);
            }
        } else if g != GroupBy::Hour {
            for &x in &b {
                let local = zone.utc_to_local(x);
                let jumped = zone.offset_at(x - 1) < zone.offset_at(x);
                prop_assert!(local.rem_euclid(86_400) == 0 || jumped, "{x}");
            }
        }
    }

    #[test]
    fn counts_add_up(
        evs in events_strategy(),
        zone in zone_strategy(),
        g in group_strategy(),
        monday in any::<bool>(),
        range in proptest::option::of((0i64..365 * 86_400, 1i64..120 * 86_400)),
    ) {
        let data = event_set(&evs);
        let mut o = opts(Metric::ResolutionsCount, g);
        o.zone = zone;
        o.week_starts_monday = monday;
        let year = s("2026-01-01T00:00:00Z");
        if let Some((a, len)) = range {
            o.since = Some((year + a) as f64);
            o.until = Some((year + a + len) as f64);
        }
        let in_range = |t: i64| {
            let t = t as f64;
            o.since.map_or(true, |x| t >= x * 1000.0) && o.until.map_or(true, |x| t < x * 1000.0)
        };
        let points = run(&data, &o);
        prop_assert_eq!(points.is_empty(), evs.is_empty() && range.is_none());
        prop_assert!(points.windows(2).all(|w| w[0].timestamp < w[1].timestamp));
        let expected = evs.iter().filter(|&&(n, t, _)| n == 0 && in_range(t)).count();
        let total: f64 = points.iter().map(|p| p.value).sum();
        prop_assert_eq!(total as usize, expected);
        // Each event sits in the bucket whose start is the last at or before it.
        let mut per: Vec<f64> = vec![0.0; points.len()];
        for &(n, t, _) in &evs {
            if n != 0 || !in_range(t) {
                continue;
            }
            let k = points.partition_point(|p| p.timestamp * 1000 <= t);
            prop_assert!(k >= 1);
            per[k - 1] += 1.0;
        }
        prop_assert_eq!(per, points.iter().map(|p| p.value).collect::<Vec<_>>());

        // Averages: the counts add up the same way, and every value is a mean of its own.
        o.metric = Metric::AvgResolutionTime;
        let avgs = run(&data, &o);
        let n: u64 = avgs.iter().map(|p| p.count.unwrap_or(0)).sum();
        prop_assert_eq!(n as usize, expected);
        prop_assert!(avgs.iter().all(|p| p.count != Some(0) || p.value == 0.0));

        // Handoffs: distinct (bucket, conversation) pairs.
        o.metric = Metric::BotHandoffsCount;
        let handoffs = run(&data, &o);
        let mut pairs: Vec<(usize, i64)> = evs
            .iter()
            .filter(|&&(n, t, _)| n == 2 && in_range(t))
            .map(|&(_, t, c)| (handoffs.partition_point(|p| p.timestamp * 1000 <= t), c))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let total: f64 = handoffs.iter().map(|p| p.value).sum();
        prop_assert_eq!(total as usize, pairs.len());
    }

    #[test]
    fn fixed_offsets_match_per_event_calendar_math(
        evs in events_strategy(),
        q in -48i64..=56,
        g in group_strategy(),
        monday in any::<bool>(),
    ) {
        let off = q * 900;
        let data = event_set(&evs);
        let mut o = opts(Metric::ResolutionsCount, g);
        o.zone = Zone::Fixed(off as i32);
        o.week_starts_monday = monday;
        let points = run(&data, &o);
        for &(n, t, _) in &evs {
            if n != 0 {
                continue;
            }
            let start = naive_start(off, g, monday, t.div_euclid(1000));
            let p = points.iter().find(|p| p.timestamp == start);
            prop_assert!(p.is_some_and(|p| p.value >= 1.0), "no bucket {start} for {t}");
        }
        if let (Some(lo), Some(hi)) = (
            evs.iter().map(|e| e.1).min(),
            evs.iter().map(|e| e.1).max(),
        ) {
            let start = |t: i64| Some(naive_start(off, g, monday, t.div_euclid(1000)));
            prop_assert_eq!(points.first().map(|p| p.timestamp), start(lo));
            prop_assert_eq!(points.last().map(|p| p.timestamp), start(hi));
        }
    }

    /// What the bindings build for an IANA zone, simulated: for each needed range, the
    /// offset at its start and every change inside it (as js/zone.js answers). The series
    /// must equal the one computed with the zone's full table.
    #[test]
    fn needed_ranges_suffice(
        evs in events_strategy(),
        zone in zone_strategy(),
        g in group_strategy(),
        monday in any::<bool>(),
        range in proptest::option::of((0i64..365 * 86_400, 1i64..400 * 86_400)),
    ) {
        let data = event_set(&evs);
        let mut o = opts(Metric::AvgResolutionTime, g);
        o.zone = zone.clone();
        o.week_starts_monday = monday;
        let year = s("2026-01-01T00:00:00Z");
        if let Some((a, len)) = range {
            o.since = Some((year + a - 200 * 86_400) as f64);
            o.until = Some((year + a + len) as f64);
        }
        let ranges = needed_ranges(&data, &o);
        prop_assert_eq!(ranges.is_empty(), needed_range(&data, &o).is_none());
        if let Some((from, to)) = needed_range(&data, &o) {
            prop_assert!(ranges.iter().all(|&(a, b)| from <= a && b <= to));
        }
        prop_assert!(ranges.windows(2).all(|w| w[0].1 < w[1].0), "{ranges:?}");
        let full: Vec<(i64, i32)> = match &zone {
            Zone::Fixed(off) => vec![(i64::MIN / 4, *off)],
            Zone::Table(t) => t.transitions().to_vec(),
        };
        let mut pairs = Vec::new();
        for &(from, to) in &ranges {
            pairs.push((from, zone.offset_at(from)));
            pairs.extend(full.iter().copied().filter(|&(at, _)| from < at && at <= to));
        }
        let want = run(&data, &o);
        if !pairs.is_empty() {
            o.zone = Zone::Table(ZoneTable::new(pairs).expect("valid"));
        }
        prop_assert_eq!(run(&data, &o), want);
    }

    #[test]
    fn quantiles_match_stats(
        values in proptest::collection::vec(0u32..100_000, 1..60),
        stat in proptest::sample::select(Stat::ALL.to_vec()),
    ) {
        let evs: Vec<Ev> = values
            .iter()
            .map(|&v| ev("first_response", "2026-04-01T12:00:00Z", f64::from(v)))
            .collect();
        let mut o = opts(Metric::AvgFirstResponseTime, GroupBy::Day);
        o.stat = stat;
        let p = run(&set(&evs), &o);
        let all: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
        let st = chatwoot_reporting::stats::Stats::of(&all);
        let want = match stat {
            Stat::Mean => st.mean,
            Stat::Median => st.median,
            Stat::P90 => st.p90,
            Stat::P95 => st.p95,
            Stat::P99 => st.p99,
        };
        prop_assert_eq!(p.len(), 1);
        let got = p[0].value;
        let want = want.expect("non-empty");
        prop_assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "{got} vs {want}");
        prop_assert_eq!(p[0].count, Some(values.len() as u64));
    }
}

// ---------------------------------------------------------------------------------------
// Timing

/// 100 000 events over 90 days, day buckets in Europe/Berlin (a DST change inside).
/// Run with `cargo test --release --test timeseries -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_100k_events_day_buckets_iana() {
    let start = ms("2026-02-01T00:00:00Z");
    let span = 90 * 86_400_000i64;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut events: Vec<Event> = (0..100_000)
        .map(|i| {
            let t = start + (rnd() % span as u64) as i64;
            let name = [
                "first_response",
                "conversation_resolved",
                "conversation_bot_handoff",
            ][i as usize % 3];
            let mut e = Event::new(i, Name::new(name), (rnd() % 86_400) as f64, 1, t);
            e.value_in_business_hours = Some((rnd() % 30_000) as f64);
            e.conversation_id = (rnd() % 20_000) as i64;
            e
        })
        .collect();
    events.sort_by_key(|e| e.created_at);
    let data = EventSet::from_events(&events);
    for (label, metric, stat) in [
        ("resolutions_count", Metric::ResolutionsCount, Stat::Mean),
        (
            "avg_resolution_time mean",
            Metric::AvgResolutionTime,
            Stat::Mean,
        ),
        (
            "avg_resolution_time p90",
            Metric::AvgResolutionTime,
            Stat::P90,
        ),
        ("bot_handoffs_count", Metric::BotHandoffsCount, Stat::Mean),
    ] {
        let mut o = opts(metric, GroupBy::Day);
        o.zone = berlin();
        o.stat = stat;
        let mut best = f64::INFINITY;
        let mut points = 0;
        for _ in 0..20 {
            let t0 = std::time::Instant::now();
            points = run(&data, &o).len();
            best = best.min(t0.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{label}: {points} day buckets over 100000 events, best of 20: {best:.3} ms");
        assert!(points >= 90);
    }
    // Unsorted input takes the binary-search path for every event.
    events.sort_by_key(|e| (e.created_at.wrapping_mul(0x9e37_79b9)) & 0xffff);
    let shuffled = EventSet::from_events(&events);
    let mut o = opts(Metric::AvgResolutionTime, GroupBy::Day);
    o.zone = berlin();
    let mut best = f64::INFINITY;
    for _ in 0..20 {
        let t0 = std::time::Instant::now();
        assert!(run(&shuffled, &o).len() >= 90);
        best = best.min(t0.elapsed().as_secs_f64() * 1000.0);
    }
    println!("avg_resolution_time mean, unsorted events: best of 20: {best:.3} ms");
}
