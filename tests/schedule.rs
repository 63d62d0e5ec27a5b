//! Working-hours schedules and business seconds (src/schedule.rs):
//! - hand-computed spans: Chatwoot's own example, overnight shifts across a weekend,
//!   holidays, the 2026 clock changes of Europe/Berlin and America/New_York (windows that
//!   contain the changed hour included), open-all-day and disabled inboxes, empty and
//!   reversed spans, ten years;
//! - parsing and validation of the `WorkingHours` shape and of Chatwoot inbox objects;
//! - a property against a brute-force oracle that walks minute by minute on random
//!   schedules (several windows a day, overnight windows, holidays) and random spans, in
//!   UTC, at a fixed offset and under random hand-built offset tables;
//! - `recompute` over an event set, and (ignored; run with `--release -- --ignored`) its
//!   speed on 100 000 events.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::proptest_config as config;
use std::time::Instant;

use chatwoot_reporting::model::{KnownName, NULL_ID, NULL_TIME};
use chatwoot_reporting::schedule::{
    business_millis, business_seconds, from_chatwoot_inbox, merge_ranges, parse_date, parse_time,
    recompute, span_zone_range, zone_ranges, Schedule, Window,
};
use chatwoot_reporting::timestamp::{days_from_civil, parse_rfc3339};
use chatwoot_reporting::zone::{Zone, ZoneTable};
use chatwoot_reporting::{ErrorCode, Event, EventSet, Name};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Helpers

/// Epoch seconds of an RFC 3339 time.
fn t(iso: &str) -> f64 {
    parse_rfc3339(iso.as_bytes()).unwrap() as f64 / 1000.0
}

fn hours(json: &str) -> Schedule {
    Schedule::from_json(json).unwrap_or_else(|e| panic!("{json}: {}", e.message))
}

fn secs(schedule: &Schedule, zone: &Zone, from: &str, to: &str) -> f64 {
    business_seconds(t(from), t(to), schedule, zone)
}

/// Europe/Berlin in 2026 (and far either side): CET, CEST from 03-29T01:00Z, CET from
/// 10-25T01:00Z.
fn berlin() -> Zone {
    Zone::Table(
        ZoneTable::new(vec![
            (0, 3600),
            (t("2026-03-29T01:00:00Z") as i64, 7200),
            (t("2026-10-25T01:00:00Z") as i64, 3600),
        ])
        .unwrap(),
    )
}

/// America/New_York in 2026: EST, EDT from 03-08T07:00Z, EST from 11-01T06:00Z.
fn new_york() -> Zone {
    Zone::Table(
        ZoneTable::new(vec![
            (0, -18_000),
            (t("2026-03-08T07:00:00Z") as i64, -14_400),
            (t("2026-11-01T06:00:00Z") as i64, -18_000),
        ])
        .unwrap(),
    )
}

/// Berlin's rules (last Sunday of March and October, 01:00Z) for the given years.
fn berlin_years(years: std::ops::RangeInclusive<i64>) -> Zone {
    let last_sunday = |y: i64, m: i64| {
        let last = days_from_civil(y, m, 31);
        last - (last + 4).rem_euclid(7)
    };
    let mut pairs = vec![(0, 3600)];
    for y in years {
        pairs.push((last_sunday(y, 3) * 86_400 + 3600, 7200));
        pairs.push((last_sunday(y, 10) * 86_400 + 3600, 3600));
    }
    Zone::Table(ZoneTable::new(pairs).unwrap())
}

/// One `working_hours` entry: day of week, `(open h, open m, close h, close m)` or closed,
/// open all day.
type Day = (i64, Option<(i64, i64, i64, i64)>, bool);

/// A Chatwoot inbox object as `GET /inboxes` lists it (trimmed of unrelated fields but
/// with a few kept, to show they are skipped).
fn inbox_json(enabled: bool, timezone: &str, days: &[Day]) -> String {
    let entries: Vec<String> = days
        .iter()
        .map(|&(dow, hours, all_day)| {
            let closed = hours.is_none() && !all_day;
            let (oh, om, ch, cm) = match hours {
                Some((a, b, c, d)) => (a.to_string(), b.to_string(), c.to_string(), d.to_string()),
                None if all_day => ("0".into(), "0".into(), "23".into(), "59".into()),
                None => ("null".into(), "null".into(), "null".into(), "null".into()),
            };
            format!(
                r#"{{"day_of_week":{dow},"closed_all_day":{closed},"open_hour":{oh},"open_minutes":{om},"close_hour":{ch},"close_minutes":{cm},"open_all_day":{all_day}}}"#
            )
        })
        .collect();
    format!(
        r##"{{"id":7,"avatar_url":"","channel_id":3,"name":"Support","channel_type":"Channel::WebWidget",
           "greeting_enabled":false,"greeting_message":null,"working_hours_enabled":{enabled},
           "enable_email_collect":true,"csat_survey_enabled":false,"enable_auto_assignment":true,
           "auto_assignment_config":{{"max_assignment_limit":null}},"out_of_office_message":"Away",
           "working_hours":[{}],"timezone":"{timezone}","callback_webhook_url":null,
           "allow_messages_after_resolved":true,"lock_to_single_conversation":false,
           "sender_name_type":"friendly","business_name":null,"widget_color":"#1f93ff"}}"##,
        entries.join(",")
    )
}

/// Chatwoot's default working hours: Sunday and Saturday closed, Monday to Friday 9–17.
fn default_days() -> Vec<Day> {
    (0..7)
        .map(|d| (d, (1..=5).contains(&d).then_some((9, 0, 17, 0)), false))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Hand-computed spans

#[test]
fn chatwoots_own_example_is_144000_seconds() {
    let s = from_chatwoot_inbox(&inbox_json(true, "UTC", &default_days())).unwrap();
    assert_eq!(s.timezone(), "UTC");
    // Five days of eight hours: Sun 2022-03-20 00:00 → Sat 2022-03-26 23:59 UTC.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2022-03-20T00:00:00Z",
            "2022-03-26T23:59:00Z"
        ),
        144_000.0
    );
    // Inside one window, and from inside one to inside the next day's.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2022-03-21T10:00:00Z",
            "2022-03-21T12:30:00Z"
        ),
        9000.0
    );
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2022-03-21T16:00:00Z",
            "2022-03-22T10:00:00Z"
        ),
        7200.0
    );
    // Milliseconds are kept.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2022-03-21T10:00:00.250Z",
            "2022-03-21T10:00:01Z"
        ),
        0.75
    );
}

#[test]
fn overnight_shift_across_a_weekend() {
    // Friday night into Saturday morning, Sunday night into Monday morning.
    let s = hours(r#"{"weekly":{"fri":[["22:00","06:00"]],"sun":[["20:00","04:00"]]}}"#);
    // 2026-04-03 is a Friday.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-03T20:00:00Z",
            "2026-04-06T12:00:00Z"
        ),
        16.0 * 3600.0
    );
    // From inside Saturday's part to inside Sunday's: 03:00–06:00 and 20:00–23:00.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-04T03:00:00Z",
            "2026-04-05T23:00:00Z"
        ),
        6.0 * 3600.0
    );
    // A Saturday overnight window wraps into Sunday of the next week.
    let s = hours(r#"{"weekly":{"sat":[["21:30","01:15"]]}}"#);
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-04T00:00:00Z",
            "2026-04-06T00:00:00Z"
        ),
        3.75 * 3600.0
    );
    assert_eq!(s.week_seconds(), 13_500);
    // Several windows a day with a split shift and an evening shift past midnight.
    let s = hours(
        r#"{"weekly":{"mon":[["08:00","12:00"],["13:00","17:00"],["23:00","01:00"]],"tue":[["01:00","02:00"]]}}"#,
    );
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-06T00:00:00Z",
            "2026-04-08T00:00:00Z"
        ),
        11.0 * 3600.0
    );
}

#[test]
fn holidays_have_no_working_time() {
    let s = hours(
        r#"{"weekly":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]},"holidays":["2026-04-06","2026-04-11"]}"#,
    );
    // Easter week: Monday 2026-04-06 is a holiday; the Saturday holiday changes nothing.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-05T00:00:00Z",
            "2026-04-12T00:00:00Z"
        ),
        4.0 * 28_800.0
    );
    // A span inside the holiday, and one that ends inside it.
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-06T10:00:00Z",
            "2026-04-06T12:00:00Z"
        ),
        0.0
    );
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-03T16:00:00Z",
            "2026-04-06T12:00:00Z"
        ),
        3600.0
    );
    // A holiday removes the part of an overnight window after its midnight, not the
    // part before; a shift that starts on a holiday evening counts after midnight.
    let s = hours(
        r#"{"weekly":{"mon":[["22:00","06:00"]],"tue":[["22:00","06:00"]]},"holidays":["2026-04-07"]}"#,
    );
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-06T00:00:00Z",
            "2026-04-09T00:00:00Z"
        ),
        2.0 * 3600.0 + 6.0 * 3600.0
    );
}

#[test]
fn berlin_spring_2026() {
    let z = berlin();
    // 2026-03-29 is a Sunday; clocks go 02:00 → 03:00 local (01:00Z).
    let s = hours(r#"{"timezone":"Europe/Berlin","weekly":{"sun":[["01:00","04:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z"),
        7200.0
    );
    // A week earlier the same window is three hours.
    assert_eq!(
        secs(&s, &z, "2026-03-21T00:00:00Z", "2026-03-23T00:00:00Z"),
        10_800.0
    );
    // From 01:30 CET (00:30Z) to 04:00 CEST (02:00Z): an hour and a half.
    assert_eq!(
        secs(&s, &z, "2026-03-29T00:30:00Z", "2026-03-29T02:00:00Z"),
        5400.0
    );
    // The skipped hour as a window has no time; a window opening inside it opens at 03:00.
    let s = hours(
        r#"{"weekly":{"sun":[["02:00","03:00"],["03:30","04:00"]],"sat":[["02:30","03:00"]]}}"#,
    );
    assert_eq!(
        secs(&s, &z, "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z"),
        1800.0
    );
    let s = hours(r#"{"weekly":{"sun":[["02:30","05:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z"),
        7200.0
    );
    // An ordinary day's hours are unaffected: 09:00–17:00 CEST is 07:00Z–15:00Z.
    let s = hours(r#"{"weekly":{"sun":[["09:00","17:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-03-29T07:00:00Z", "2026-03-29T15:00:00Z"),
        28_800.0
    );
    assert_eq!(
        secs(&s, &z, "2026-03-29T06:00:00Z", "2026-03-29T08:00:00Z"),
        3600.0
    );
    // Saturday night 22:00 CET (21:00Z) to Sunday 06:00 CEST (04:00Z): seven hours.
    let s = hours(r#"{"weekly":{"sat":[["22:00","06:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z"),
        25_200.0
    );
}

#[test]
fn berlin_autumn_2026() {
    let z = berlin();
    // 2026-10-25 is a Sunday; clocks go 03:00 → 02:00 local (01:00Z): 02:00–03:00 twice.
    let s = hours(r#"{"weekly":{"sun":[["01:00","04:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
        14_400.0
    );
    // The repeated hour as a window: from the first 02:00 (00:00Z) to 03:00 CET (02:00Z).
    let s = hours(r#"{"weekly":{"sun":[["02:00","03:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
        7200.0
    );
    // Times shown twice take effect the first time: 00:00–02:30 closes at 00:30Z…
    let s = hours(r#"{"weekly":{"sun":[["00:00","02:30"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
        9000.0
    );
    // …and 02:30–05:00 opens at 00:30Z and closes at 04:00Z.
    let s = hours(r#"{"weekly":{"sun":[["02:30","05:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
        12_600.0
    );
    // A span inside the repeated hour's second pass, within 02:30–05:00: all of it.
    assert_eq!(
        secs(&s, &z, "2026-10-25T01:10:00Z", "2026-10-25T01:40:00Z"),
        1800.0
    );
    // Saturday 22:00 CEST (20:00Z) to Sunday 06:00 CET (05:00Z): nine hours.
    let s = hours(r#"{"weekly":{"sat":[["22:00","06:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
        32_400.0
    );
}

#[test]
fn new_york_spring_and_autumn_2026() {
    let z = new_york();
    let s = hours(r#"{"timezone":"America/New_York","weekly":{"sun":[["01:00","04:00"]]}}"#);
    // 2026-03-08: 02:00 EST → 03:00 EDT at 07:00Z; 01:00 EST (06:00Z) to 04:00 EDT (08:00Z).
    assert_eq!(
        secs(&s, &z, "2026-03-07T00:00:00Z", "2026-03-09T12:00:00Z"),
        7200.0
    );
    // 2026-11-01: 02:00 EDT → 01:00 EST at 06:00Z; 01:00 EDT (05:00Z) to 04:00 EST (09:00Z).
    assert_eq!(
        secs(&s, &z, "2026-10-31T00:00:00Z", "2026-11-02T12:00:00Z"),
        14_400.0
    );
    // 01:30–03:00 on the autumn day: first 01:30 (05:30Z) to 03:00 EST (08:00Z).
    let s = hours(r#"{"weekly":{"sun":[["01:30","03:00"]]}}"#);
    assert_eq!(
        secs(&s, &z, "2026-10-31T00:00:00Z", "2026-11-02T12:00:00Z"),
        9000.0
    );
    // Monday to Friday 9–17 around both changes: five full days either week.
    let s = from_chatwoot_inbox(&inbox_json(true, "America/New_York", &default_days())).unwrap();
    assert_eq!(s.timezone(), "America/New_York");
    assert_eq!(
        secs(&s, &z, "2026-03-07T00:00:00Z", "2026-03-14T12:00:00Z"),
        144_000.0
    );
    assert_eq!(
        secs(&s, &z, "2026-10-31T00:00:00Z", "2026-11-07T12:00:00Z"),
        144_000.0
    );
    // 9:00 EDT is 13:00Z on Friday 2026-10-30 and 9:00 EST is 14:00Z on Monday 11-02.
    assert_eq!(
        secs(&s, &z, "2026-10-30T13:00:00Z", "2026-10-30T14:00:00Z"),
        3600.0
    );
    assert_eq!(
        secs(&s, &z, "2026-11-02T13:00:00Z", "2026-11-02T14:00:00Z"),
        0.0
    );
}

#[test]
fn empty_and_reversed_spans_are_zero() {
    let s = hours(r#"{"weekly":{"mon":[["00:00","24:00"]]}}"#);
    let at = t("2026-04-06T10:00:00Z");
    assert_eq!(business_seconds(at, at, &s, &Zone::UTC), 0.0);
    // Reversed: 0, not negative (Chatwoot's gem would give a negative number).
    assert_eq!(business_seconds(at + 3600.0, at, &s, &Zone::UTC), 0.0);
    assert_eq!(business_millis(10, 5, &s, &berlin()), 0);
    assert!(business_seconds(f64::NAN, at, &s, &Zone::UTC).is_nan());
    assert_eq!(business_seconds(at, at + 3600.0, &s, &Zone::UTC), 3600.0);
    // Far beyond a Date's range the ends are clamped instead of overflowing.
    let huge = business_seconds(-1e300, 1e300, &s, &berlin());
    assert!(huge > 0.0 && huge.is_finite());
}

#[test]
fn ten_years_in_berlin_is_fast_and_exact() {
    let s = hours(
        r#"{"weekly":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],
            "thu":[["09:00","17:00"]],"fri":[["09:00","12:00"],["13:00","18:00"]],"sat":[["22:00","02:00"]]},
            "holidays":["2016-12-26","2017-12-25","2019-01-01","2020-12-25","2021-01-01","2025-12-25"]}"#,
    );
    let z = berlin_years(2015..=2026);
    // Expected by walking the days: weekdays 8 h; Saturday nights 4 h (2 before, 2 after
    // midnight); holidays (all weekdays here) none. No window touches 02:00–03:00.
    let (first, last) = (days_from_civil(2016, 1, 1), days_from_civil(2026, 1, 1));
    let mut expected = 0i64;
    for d in first..last {
        let weekday = (d + 4).rem_euclid(7);
        let holiday = s.holidays().contains(&d);
        expected += match weekday {
            1..=5 if !holiday => 8 * 3600,
            6 => 2 * 3600,
            0 if d > first => 2 * 3600,
            _ => 0,
        };
    }
    let started = Instant::now();
    let got = secs(&s, &z, "2015-12-31T23:00:00Z", "2025-12-31T23:00:00Z");
    let took = started.elapsed();
    assert_eq!(got, expected as f64);
    let runs = 10_000;
    let started = Instant::now();
    for k in 0..runs {
        std::hint::black_box(business_seconds(
            t("2016-01-01T00:00:00Z") + k as f64,
            t("2026-01-01T00:00:00Z"),
            &s,
            &z,
        ));
    }
    eprintln!(
        "ten years in Berlin: {got} s of work; first call {took:?}, {:?} per call over {runs}",
        started.elapsed() / runs
    );
}

#[test]
fn open_all_day_and_disabled_inboxes() {
    let all_day: Vec<_> = (0..7).map(|d| (d, None, true)).collect();
    let s = from_chatwoot_inbox(&inbox_json(true, "UTC", &all_day)).unwrap();
    assert_eq!(s.weekly()[1], vec![Window::new(0, 1439).unwrap()]);
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-06T00:00:00Z",
            "2026-04-07T00:00:00Z"
        ),
        86_340.0
    );
    assert_eq!(
        secs(
            &s,
            &Zone::UTC,
            "2026-04-05T00:00:00Z",
            "2026-04-12T00:00:00Z"
        ),
        7.0 * 86_340.0
    );
    // Working hours switched off: 0 everywhere, whatever the days say.
    let off = from_chatwoot_inbox(&inbox_json(false, "Europe/Berlin", &all_day)).unwrap();
    assert_eq!(off.timezone(), "Europe/Berlin");
    assert_eq!(off.week_seconds(), 0);
    assert_eq!(
        secs(
            &off,
            &berlin(),
            "2020-01-01T00:00:00Z",
            "2026-04-07T00:00:00Z"
        ),
        0.0
    );
    // Mixed: Monday all day, Tuesday 10:30–12:15, the rest closed.
    let mut days: Vec<_> = (0..7).map(|d| (d, None, false)).collect();
    days[1] = (1, None, true);
    days[2] = (2, Some((10, 30, 12, 15)), false);
    let s = from_chatwoot_inbox(&inbox_json(true, "UTC", &days)).unwrap();
    assert_eq!(s.week_seconds(), 86_340 + 6300);
}

#[test]
fn chatwoot_quirks_and_bad_inboxes() {
    // All days closed (or no days at all) but enabled: 0, as Chatwoot's reporting helper
    // (`return 0 if inbox_working_hours.blank?`); only its SLA code has defaults.
    let closed: Vec<_> = (0..7).map(|d| (d, None, false)).collect();
    for json in [
        inbox_json(true, "UTC", &closed),
        inbox_json(true, "UTC", &[]),
    ] {
        let s = from_chatwoot_inbox(&json).unwrap();
        assert_eq!(s.week_seconds(), 0, "{json}");
    }
    // Missing or null fields: disabled, UTC.
    let s = from_chatwoot_inbox(r#"{"id":1,"timezone":null,"working_hours":null}"#).unwrap();
    assert_eq!((s.timezone(), s.week_seconds()), ("UTC", 0));
    // A later entry for the same day replaces the earlier, as in Chatwoot's hash.
    let days = [
        (1, Some((9, 0, 17, 0)), false),
        (1, Some((10, 0, 11, 0)), false),
    ];
    assert_eq!(
        from_chatwoot_inbox(&inbox_json(true, "UTC", &days))
            .unwrap()
            .week_seconds(),
        3600
    );
    let bad = [
        (
            inbox_json(true, "UTC", &[(7, Some((9, 0, 17, 0)), false)]),
            "The inbox's first working_hours entry has day_of_week 7, not a day (0 = Sunday to 6 = Saturday).",
        ),
        (
            inbox_json(true, "UTC", &[(1, Some((24, 0, 17, 0)), false)]),
            "The inbox's hours for Monday: open_hour 24 is out of range (0 to 23).",
        ),
        (
            inbox_json(true, "UTC", &[(1, Some((9, 0, 8, 0)), false)]),
            "The inbox's hours for Monday close at '08:00', not after they open at '09:00'",
        ),
        (
            r#"{"working_hours_enabled":true,"working_hours":[{"day_of_week":1}]}"#.to_owned(),
            "The inbox's hours for Monday: open_hour is missing",
        ),
        (
            r#"{"working_hours_enabled":"yes"}"#.to_owned(),
            "The inbox's working_hours_enabled must be true or false, not 'yes'.",
        ),
        (r#"[]"#.to_owned(), "The inbox must be an object"),
        (
            r#"{"working_hours":[1]}"#.to_owned(),
            "The inbox's first working_hours entry must be an object, not 1.",
        ),
        (r#"{"#.to_owned(), "could not be read as JSON"),
    ];
    for (json, message) in bad {
        let e = from_chatwoot_inbox(&json).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert!(e.message.contains(message), "{json}: {}", e.message);
    }
}

// ---------------------------------------------------------------------------------------
// Parsing and validation

#[test]
fn times_and_dates() {
    assert_eq!(parse_time("00:00"), Some(0));
    assert_eq!(parse_time("9:05"), Some(545));
    assert_eq!(parse_time("24:00"), Some(1440));
    for bad in [
        "24:01", "25:00", "12:60", "12:5", "123:00", "12-00", "", ":", " 9:00", "٩:00", "+9:00",
    ] {
        assert_eq!(parse_time(bad), None, "{bad}");
    }
    assert_eq!(parse_date("1970-01-02"), Some(1));
    assert_eq!(parse_date("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
    for bad in [
        "2026-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-1-01",
        "26-01-01",
        "2026/01/01",
        "+026-01-01",
    ] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#[test]
fn invalid_working_hours_name_the_problem() {
    // Messages name days and windows as a person would, never an internal path.
    let cases = [
        (r#"{"weekly":{"mon":[["09:00","17:00"],["25:00","26:00"]]}}"#, "Monday's second window: '25:00' is not a time"),
        (r#"{"weekly":{"tue":[["09:00","9:00"]]}}"#, "Tuesday's first window: ['09:00', '9:00'] is empty"),
        (r#"{"weekly":{"tue":[["24:00","09:00"]]}}"#, "Tuesday's first window: a window cannot open at '24:00'"),
        (r#"{"weekly":{"tue":[["09:00"]]}}"#, "Tuesday's first window must be a pair of 'HH:MM' times such as ['09:00', '17:00'], not a list."),
        (r#"{"weekly":{"tue":[[9,17]]}}"#, "Tuesday's first window must be a pair"),
        (r#"{"weekly":{"tue":"09:00-17:00"}}"#, "Tuesday's windows must be a list of ['HH:MM', 'HH:MM'] pairs, not '09:00-17:00'."),
        (r#"{"weekly":{"monday":[]}}"#, "`weekly` has 'monday', which is not a day"),
        (r#"{"timezone":"UTC"}"#, "The working hours need `weekly`"),
        (r#"{"weekly":{},"timezone":""}"#, "The time zone is empty"),
        (r#"{"weekly":{},"timezone":5}"#, "The time zone must be an IANA name such as 'Europe/Berlin', not 5."),
        (r#"{"weekly":{},"holidays":["2026-01-01","2026-02-30"]}"#, "The second holiday, '2026-02-30', is not a date"),
        (r#"{"weekly":{},"holidays":"2026-01-01"}"#, "`holidays` must be a list of 'YYYY-MM-DD' dates, not '2026-01-01'."),
        (r#"{"weekly":{},"holiday":[]}"#, "a key they do not know (unknown field `holiday`"),
        (r#"[]"#, "The working hours must be an object"),
        (r#"{"#, "The working hours could not be read as JSON"),
        (
            r#"{"weekly":{"mon":[["09:00","12:00"],["11:00","13:00"]]}}"#,
            "Monday's first window ['09:00', '12:00'] overlaps Monday's second window ['11:00', '13:00'].",
        ),
        (
            r#"{"weekly":{"mon":[["22:00","06:00"]],"tue":[["05:00","09:00"]]}}"#,
            "Monday's first window ['22:00', '06:00'] overlaps Tuesday's first window ['05:00', '09:00'] once the overnight window runs past midnight into Tuesday.",
        ),
        (
            r#"{"weekly":{"sun":[["00:00","01:00"]],"sat":[["23:00","00:30"]]}}"#,
            "Saturday's first window ['23:00', '00:30'] overlaps Sunday's first window ['00:00', '01:00'] once the overnight window runs past midnight into Sunday.",
        ),
        (r#"{"weekly":{"wed":[["08:00","20:00"],["09:00","10:00"]]}}"#, "overlaps"),
    ];
    for (json, message) in cases {
        let e = Schedule::from_json(json).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert!(
            e.message.contains(message),
            "{json}:\n  got {}\n  want {message}",
            e.message
        );
    }
    // Touching windows, a whole day, and an overnight window ending at midnight are fine.
    let s = hours(
        r#"{"weekly":{"mon":[["09:00","12:00"],["12:00","13:00"]],"tue":[["00:00","24:00"]],"wed":[["22:00","00:00"]],"thu":null},"holidays":null,"timezone":null}"#,
    );
    assert_eq!(s.week_seconds(), 4 * 3600 + 86_400 + 7200);
    assert_eq!(s.timezone(), "UTC");
}

#[test]
fn json_round_trip() {
    let json = r#"{"timezone":"Asia/Kolkata","weekly":{"sun":[],"mon":[["09:00","17:30"],["22:00","02:00"]],"tue":[],"wed":[["00:00","24:00"]],"thu":[],"fri":[],"sat":[]},"holidays":["2026-01-26","2026-08-15"]}"#;
    let s = hours(json);
    assert_eq!(s.to_json(), json);
    assert_eq!(hours(&s.to_json()), s);
    // Holidays are sorted and deduplicated.
    let s = hours(r#"{"weekly":{},"holidays":["2026-08-15","2026-01-26","2026-08-15"]}"#);
    assert!(s
        .to_json()
        .ends_with(r#""holidays":["2026-01-26","2026-08-15"]}"#));
    // Chatwoot's default inbox as WorkingHours.
    let s = from_chatwoot_inbox(&inbox_json(true, "America/Los_Angeles", &default_days())).unwrap();
    assert_eq!(
        s.to_json(),
        r#"{"timezone":"America/Los_Angeles","weekly":{"sun":[],"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]],"sat":[]},"holidays":[]}"#
    );
}

// ---------------------------------------------------------------------------------------
// Property: the engine against a minute-walking oracle

/// A generated schedule, kept as the plain windows the oracle reads.
#[derive(Clone, Debug)]
struct Spec {
    weekly: [Vec<(u16, u16)>; 7],
    holidays: Vec<i64>,
}

impl Spec {
    fn json(&self) -> String {
        let fmt = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        let days: Vec<String> = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            .iter()
            .zip(&self.weekly)
            .map(|(k, ws)| {
                let ws: Vec<String> = ws
                    .iter()
                    .map(|&(o, c)| format!(r#"["{}","{}"]"#, fmt(o), fmt(c)))
                    .collect();
                format!(r#""{k}":[{}]"#, ws.join(","))
            })
            .collect();
        let hol: Vec<String> = self
            .holidays
            .iter()
            .map(|&d| format!(r#""{}""#, chatwoot_reporting::schedule::format_date(d)))
            .collect();
        format!(
            r#"{{"weekly":{{{}}},"holidays":[{}]}}"#,
            days.join(","),
            hol.join(",")
        )
    }

    /// Whether the local reading `x` (seconds) is working time, straight from the
    /// definition: not a holiday, and inside a window of its day or inside the part of
    /// the previous day's overnight window after midnight.
    fn working_at(&self, x: i64) -> bool {
        let day = x.div_euclid(86_400);
        let minute = (x.rem_euclid(86_400) / 60) as u16;
        if self.holidays.contains(&day) {
            return false;
        }
        let weekday = (day + 4).rem_euclid(7) as usize;
        let today = self.weekly[weekday].iter().any(|&(o, c)| {
            if c > o {
                o <= minute && minute < c
            } else {
                minute >= o
            }
        });
        let yesterday = self.weekly[(weekday + 6) % 7]
            .iter()
            .any(|&(o, c)| c < o && minute < c);
        today || yesterday
    }
}

/// Business seconds by walking `[s, e)` minute by minute: an instant works when the
/// highest wall-clock reading shown so far (the clock that never goes back) works.
fn oracle(spec: &Spec, zone: &Zone, transitions: &[(i64, i32)], s: i64, e: i64) -> i64 {
    let mut total = 0;
    let mut t = s;
    while t < e {
        let mut reading = t + i64::from(zone.offset_at(t));
        for &(at, _) in transitions.iter().skip(1).filter(|&&(at, _)| at <= t) {
            reading = reading.max(at - 1 + i64::from(zone.offset_at(at - 1)));
        }
        if spec.working_at(reading) {
            total += 60;
        }
        t += 60;
    }
    total
}

/// 2026-03-02 00:00Z, a Monday: the generated spans lie in the weeks after it.
const BASE: i64 = 1_772_409_600;
const WEEK_MIN: u32 = 7 * 1440;

/// Non-overlapping windows: 2n distinct minutes of the week paired up, each stretch cut
/// to under a day, all rotated so that some wrap past Saturday midnight.
fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::collection::btree_set(0..WEEK_MIN, 0..24),
        0..WEEK_MIN,
        proptest::collection::vec(-3i64..40, 0..5),
    )
        .prop_map(|(points, rotation, holidays)| {
            let points: Vec<u32> = points.into_iter().collect();
            let mut weekly: [Vec<(u16, u16)>; 7] = Default::default();
            for pair in points.chunks_exact(2) {
                let (a, b) = (pair[0], pair[1].min(pair[0] + 1439));
                let start = (a + rotation) % WEEK_MIN;
                let len = b - a;
                let (day, open) = ((start / 1440) as usize, (start % 1440) as u16);
                let end = u32::from(open) + len;
                let close = if end == 1440 {
                    1440
                } else {
                    (end % 1440) as u16
                };
                weekly[day].push((open, close));
            }
            let base_day = BASE / 86_400;
            Spec {
                weekly,
                holidays: holidays.into_iter().map(|h| base_day + h).collect(),
            }
        })
}

/// A zone: UTC, a fixed offset, or a random table of offsets (minute-aligned instants,
/// offsets in quarter hours, steps from 15 minutes up to a skipped day either way).
fn zone() -> impl Strategy<Value = (Zone, Vec<(i64, i32)>)> {
    let table = (
        -56i32..=56,
        proptest::collection::vec((-4320i64..50_000, -96i32..=96), 0..5),
    )
        .prop_map(|(base, changes)| {
            let mut pairs = vec![(0i64, base * 900)];
            let mut offset = base;
            let mut instants: Vec<(i64, i32)> = changes;
            instants.sort_by_key(|c| c.0);
            instants.dedup_by_key(|c| c.0);
            for (minute, step) in instants {
                let step = if step == 0 { 4 } else { step };
                offset = (offset + step).clamp(-72, 72);
                pairs.push((BASE + minute * 60, offset * 900));
            }
            let table = ZoneTable::new(pairs).unwrap();
            let transitions = table.transitions().to_vec();
            (Zone::Table(table), transitions)
        });
    prop_oneof![
        1 => Just((Zone::UTC, vec![(0, 0)])),
        1 => (-56i32..=56).prop_map(|q| (Zone::Fixed(q * 900), vec![(0, q * 900)])),
        1 => Just({
            // Berlin-like changes inside the generated weeks (spring on day 6, autumn day 20).
            let pairs = vec![(0, 3600), (BASE + 6 * 86_400 + 3600, 7200), (BASE + 20 * 86_400 + 3600, 3600)];
            let table = ZoneTable::new(pairs.clone()).unwrap();
            (Zone::Table(table), pairs)
        }),
        3 => table,
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn matches_the_minute_walking_oracle(
        spec in spec(),
        (zone, transitions) in zone(),
        start in -3 * 1440i64..28 * 1440,
        near_change in proptest::option::of((1usize..5, 0i64..600)),
        len in 0i64..21 * 1440,
        cut in 0.0f64..1.0,
    ) {
        let schedule = Schedule::from_json(&spec.json()).map_err(|e| TestCaseError::fail(e.message))?;
        // Often start just after an offset change, where the clock may still be held
        // after falling back: what the engine's lookback before the span is for.
        let s = match near_change.and_then(|(k, after)| Some(transitions.get(k)?.0 + after * 60)) {
            Some(s) => s,
            None => BASE + start * 60,
        };
        let e = s + len * 60;
        let got = business_millis(s * 1000, e * 1000, &schedule, &zone);
        prop_assert_eq!(got, oracle(&spec, &zone, &transitions, s, e) * 1000, "{}", spec.json());
        // Additive: splitting a span anywhere (to the millisecond) changes nothing.
        let m = s * 1000 + ((e - s) as f64 * 1000.0 * cut) as i64;
        let parts = business_millis(s * 1000, m, &schedule, &zone) + business_millis(m, e * 1000, &schedule, &zone);
        prop_assert_eq!(parts, got);
    }
}

// ---------------------------------------------------------------------------------------
// recompute

fn event(id: i64, inbox: i64, start: &str, end: &str, stored: Option<f64>) -> Event {
    let ms = |s: &str| {
        if s.is_empty() {
            NULL_TIME
        } else {
            parse_rfc3339(s.as_bytes()).unwrap()
        }
    };
    let mut e = Event::new(
        id,
        Name::Known(KnownName::FirstResponse),
        0.0,
        1,
        ms(end).max(0),
    );
    e.event_start_time = ms(start);
    e.event_end_time = ms(end);
    e.inbox_id = inbox;
    e.value_in_business_hours = stored;
    e
}

#[test]
fn recompute_uses_each_inboxs_schedule() {
    let set = EventSet::from_events(&[
        event(
            1,
            10,
            "2026-04-06T08:00:00Z",
            "2026-04-06T10:00:00Z",
            Some(0.0),
        ),
        event(
            2,
            20,
            "2026-04-06T08:00:00Z",
            "2026-04-06T10:00:00Z",
            Some(0.0),
        ),
        event(
            3,
            30,
            "2026-04-06T08:00:00Z",
            "2026-04-06T10:00:00Z",
            Some(5.0),
        ),
        event(4, 10, "", "2026-04-06T10:00:00Z", Some(7.0)),
        event(
            5,
            NULL_ID,
            "2026-04-06T08:00:00Z",
            "2026-04-06T08:00:01.5Z",
            Some(0.0),
        ),
        event(
            6,
            10,
            "2026-04-06T10:00:00Z",
            "2026-04-06T08:00:00Z",
            Some(1.0),
        ),
    ]);
    let utc_nine = (
        hours(r#"{"weekly":{"mon":[["09:00","17:00"]]}}"#),
        Zone::UTC,
    );
    let berlin_nine = (
        hours(r#"{"timezone":"Europe/Berlin","weekly":{"mon":[["09:00","17:00"]]}}"#),
        berlin(),
    );
    let all_day = (
        hours(r#"{"weekly":{"mon":[["00:00","24:00"]]}}"#),
        Zone::UTC,
    );
    let out = recompute(&set, |inbox| match inbox {
        10 => Some((&utc_nine.0, &utc_nine.1)),
        20 => Some((&berlin_nine.0, &berlin_nine.1)),
        NULL_ID => Some((&all_day.0, &all_day.1)),
        _ => None,
    });
    let bh: Vec<f64> = out.columns.value_in_business_hours.clone();
    // 08–10Z: UTC 9–17 gives an hour; Berlin (CEST) 9–17 is 07–15Z, so two hours; inbox
    // 30 has no schedule and keeps 5; no start keeps 7; no inbox uses the NULL_ID answer
    // (1.5 s, stored as Chatwoot would: rounded half away from zero to 2); a reversed
    // span is 0.
    assert_eq!(bh[..5], [3600.0, 7200.0, 5.0, 7.0, 2.0]);
    // A stored null (Chatwoot's AI-assistant events) stays null under any schedule.
    let mut with_null = set.clone();
    with_null.columns.value_in_business_hours[0] = f64::NAN;
    let kept = recompute(&with_null, |_| Some((&utc_nine.0, &utc_nine.1)));
    assert!(kept.columns.value_in_business_hours[0].is_nan());
    assert_eq!(kept.columns.value_in_business_hours[1], 3600.0);
    assert_eq!(bh[5], 0.0);
    // Everything else is untouched, and the input is unchanged.
    assert_eq!(out.columns.id, set.columns.id);
    assert_eq!(out.columns.event_start_time, set.columns.event_start_time);
    assert_eq!(set.columns.value_in_business_hours[0], 0.0);
    assert_eq!(set.columns.value_in_business_hours[4], 0.0);
}

#[test]
fn zone_ranges_cover_every_span_and_merge() {
    let set = EventSet::from_events(&[
        event(1, 10, "2026-04-06T08:00:00Z", "2026-04-06T10:00:00Z", None),
        event(2, 10, "2026-04-20T08:00:00Z", "2026-04-21T10:00:00Z", None),
        event(3, 10, "2026-09-01T08:00:00Z", "2026-09-01T10:00:00Z", None),
        event(4, 20, "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", None),
        event(5, 10, "", "2026-04-06T10:00:00Z", None),
    ]);
    let ranges = zone_ranges(&set, |inbox| inbox == 10);
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    let (a, b) = span_zone_range(
        t("2026-04-06T08:00:00Z") as i64 * 1000,
        t("2026-04-06T10:00:00Z") as i64 * 1000,
    );
    assert!(
        a <= t("2026-04-06T08:00:00Z") as i64 - 36 * 3600 && b > t("2026-04-06T10:00:00Z") as i64
    );
    assert_eq!(ranges[0].0, a);
    assert!(ranges[0].1 >= t("2026-04-21T10:00:00Z") as i64);
    let mut r = vec![(10, 20), (0, 5), (15, 30), (100_000_000, 100_000_001)];
    merge_ranges(&mut r);
    assert_eq!(r, vec![(0, 30), (100_000_000, 100_000_001)]);
}

/// 100 000 events, spans from a minute to a few days, over three years of Berlin-like
/// offsets, recomputed under two schedules.
#[test]
#[ignore = "timing; run with cargo test --release --test schedule -- --ignored --nocapture"]
fn recompute_100k_events_timing() {
    let mut events = Vec::with_capacity(100_000);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let origin = parse_rfc3339(b"2024-01-01T00:00:00Z").unwrap();
    for id in 0..100_000 {
        let start = origin + (next() % (3 * 365 * 86_400_000)) as i64;
        // Log-uniform-ish lengths from a minute to about four days.
        let len = 60_000i64 << (next() % 13);
        let mut e = Event::new(
            id,
            Name::Known(KnownName::ReplyTime),
            len as f64 / 1000.0,
            1,
            start + len,
        );
        e.event_start_time = start;
        e.event_end_time = start + len;
        e.inbox_id = id % 2;
        events.push(e);
    }
    let set = EventSet::from_events(&events);
    let a = (
        hours(
            r#"{"weekly":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]},"holidays":["2024-12-25","2025-12-25","2026-12-25"]}"#,
        ),
        berlin_years(2023..=2027),
    );
    let b = (
        hours(
            r#"{"weekly":{"sun":[["22:00","06:00"]],"mon":[["08:00","12:00"],["13:00","17:00"],["22:00","06:00"]],"sat":[["10:00","14:00"]]}}"#,
        ),
        new_york(),
    );
    let runs = 5;
    let mut best = std::time::Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let out = recompute(&set, |inbox| {
            Some(if inbox == 0 {
                (&a.0, &a.1)
            } else {
                (&b.0, &b.1)
            })
        });
        best = best.min(started.elapsed());
        assert_eq!(out.len(), 100_000);
    }
    eprintln!("recompute of 100 000 events: best of {runs} runs {best:?}");
    let compat = chatwoot_reporting::recompute::HoursOptions {
        chatwoot_compat: true,
    };
    let mut best = std::time::Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let out = chatwoot_reporting::recompute::recompute_with(
            &set,
            |inbox| {
                Some(if inbox == 0 {
                    (&a.0, &a.1)
                } else {
                    (&b.0, &b.1)
                })
            },
            compat,
        );
        best = best.min(started.elapsed());
        assert_eq!(out.len(), 100_000);
    }
    eprintln!("the same with chatwootCompat: best of {runs} runs {best:?}");
}

/// The serde shapes the bindings use (serde-wasm-bindgen goes through the same
/// `Deserialize`/`Serialize`): a round trip through `serde_json::Value`, and refusals
/// that carry the same sentences as `from_json`.
#[test]
fn serde_shapes() {
    use chatwoot_reporting::schedule::ChatwootInbox;
    let value = serde_json::json!({
        "timezone": "Europe/Berlin",
        "weekly": { "mon": [["09:00", "17:00"]], "sat": [["22:00", "06:00"]] },
        "holidays": ["2026-12-25"]
    });
    let s: Schedule = serde_json::from_value(value).expect("a schedule");
    assert_eq!(s.week_seconds(), 8 * 3600 + 8 * 3600);
    let back = serde_json::to_value(&s).expect("serializes");
    assert_eq!(back["weekly"]["sun"], serde_json::json!([]));
    assert_eq!(
        back["weekly"]["sat"],
        serde_json::json!([["22:00", "06:00"]])
    );
    assert_eq!(back["holidays"], serde_json::json!(["2026-12-25"]));
    assert_eq!(serde_json::to_string(&s).expect("serializes"), s.to_json());
    let e = serde_json::from_value::<Schedule>(
        serde_json::json!({"weekly": {"fri": [["9", "17:00"]]}}),
    )
    .expect_err("refused");
    assert!(
        e.to_string()
            .starts_with("Friday's first window: '9' is not a time"),
        "{e}"
    );
    let inbox: ChatwootInbox = serde_json::from_value(serde_json::json!({
        "id": 3, "name": "Support", "working_hours_enabled": true, "timezone": null,
        "working_hours": [{"day_of_week": 2, "closed_all_day": false, "open_all_day": true}]
    }))
    .expect("an inbox");
    assert_eq!(
        (inbox.working_hours_enabled, inbox.timezone.as_deref()),
        (true, None)
    );
    assert_eq!(
        Schedule::from_chatwoot(&inbox).unwrap().week_seconds(),
        86_340
    );
}
