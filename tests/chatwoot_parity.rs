//! Issue 13's parity cases: where the library disagreed with Chatwoot v4.12.1 and the
//! gems it pins (working_hours 1.4.1, groupdate 6.2.1), each built from the listener's,
//! helper's, builder's or gem's own source and specs (cited by file and line).
#![cfg(not(target_arch = "wasm32"))]

use chatwoot_reporting::conversations::{conversation_rows, RowOptions};
use chatwoot_reporting::model::{Event, Name};
use chatwoot_reporting::recompute::{business_seconds_with, recompute_with, HoursOptions};
use chatwoot_reporting::schedule::{business_seconds, from_chatwoot_inbox, recompute, Schedule};
use chatwoot_reporting::summary::{summarize, SummaryOptions};
use chatwoot_reporting::timeseries::{timeseries, Metric, SeriesOptions};
use chatwoot_reporting::timestamp::parse_rfc3339;
use chatwoot_reporting::zone::Zone;
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

/// Chatwoot's default schedule (Mon–Fri 09:00–17:00, UTC) as an inbox with working
/// hours on would give it.
fn default_schedule() -> Schedule {
    let days: Vec<String> = (0..7)
        .map(|d| {
            if (1..=5).contains(&d) {
                format!(
                    r#"{{"day_of_week":{d},"closed_all_day":false,"open_hour":9,"open_minutes":0,"close_hour":17,"close_minutes":0,"open_all_day":false}}"#
                )
            } else {
                format!(
                    r#"{{"day_of_week":{d},"closed_all_day":true,"open_hour":null,"open_minutes":null,"close_hour":null,"close_minutes":null,"open_all_day":false}}"#
                )
            }
        })
        .collect();
    let json = format!(
        r#"{{"working_hours_enabled":true,"timezone":"UTC","working_hours":[{}]}}"#,
        days.join(",")
    );
    from_chatwoot_inbox(&json).expect("the default schedule")
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

// ---------------------------------------------------------------------------------------
// 2. A first-time `conversation_opened` stores 0 business seconds.

/// The listener stores `business_hours_value = 0` when no resolution precedes the opening
/// (app/listeners/reporting_event_listener.rb:125-128), whatever its start and end; its
/// spec checks `value_in_business_hours` 0 (spec/listeners/reporting_event_listener_spec.rb:
/// 345-361). A bot handoff opens a conversation created at 09:00 at 10:00 on a Monday;
/// the opening's stored value is 0 too (`time_since_resolved = 0`).
#[test]
fn first_opening_recomputes_to_zero() {
    let mut opened = event(
        2,
        "conversation_opened",
        "2022-03-21T09:00:00Z",
        "2022-03-21T10:00:00Z",
        "2022-03-21T10:00:01Z",
        0.0,
    );
    opened.value = 0.0;
    let set = EventSet::from_events(&[
        event(
            1,
            "conversation_bot_handoff",
            "2022-03-21T09:00:00Z",
            "2022-03-21T10:00:00Z",
            "2022-03-21T10:00:01Z",
            3600.0,
        ),
        opened,
    ]);
    let schedule = default_schedule();
    let out = recompute(&set, |_| Some((&schedule, &Zone::UTC)));
    let bh = &out.columns.value_in_business_hours;
    assert_eq!(bh[0], 3600.0, "the handoff is measured as usual");
    assert_eq!(bh[1], 0.0, "a first opening stores 0");
}

/// A reopening is measured from the resolution before it, as the listener does
/// (reporting_event_listener.rb:120-124; spec :422-449, resolved Sunday 2022-03-20 12:00,
/// reopened Monday 14:00 under the default schedule: 18 000).
#[test]
fn reopening_recomputes_from_the_resolution() {
    let set = EventSet::from_events(&[
        event(
            1,
            "conversation_resolved",
            "2022-03-20T08:00:00Z",
            "2022-03-20T12:00:00Z",
            "2022-03-20T12:00:01Z",
            0.0,
        ),
        event(
            2,
            "conversation_opened",
            "2022-03-20T12:00:00Z",
            "2022-03-21T14:00:00Z",
            "2022-03-21T14:00:01Z",
            18_000.0,
        ),
    ]);
    let schedule = default_schedule();
    let out = recompute(&set, |_| Some((&schedule, &Zone::UTC)));
    assert_eq!(out.columns.value_in_business_hours[1], 18_000.0);
}

// ---------------------------------------------------------------------------------------
// 3. Working hours on, every day closed: 0, not the business_time defaults.

/// `return 0 if inbox_working_hours.blank?` (app/helpers/reporting_event_helper.rb:6): an
/// enabled inbox whose days are all closed (or that lists none) stores 0. Only the SLA
/// code falls back to Mon–Fri 09:00–17:00.
#[test]
fn enabled_inbox_with_every_day_closed_counts_nothing() {
    let closed: Vec<String> = (0..7)
        .map(|d| {
            format!(
                r#"{{"day_of_week":{d},"closed_all_day":true,"open_hour":null,"open_minutes":null,"close_hour":null,"close_minutes":null,"open_all_day":false}}"#
            )
        })
        .collect();
    for days in [closed.join(","), String::new()] {
        let json = format!(
            r#"{{"working_hours_enabled":true,"timezone":"UTC","working_hours":[{days}]}}"#
        );
        let s = from_chatwoot_inbox(&json).expect("an inbox");
        assert_eq!(s.week_seconds(), 0, "{json}");
        // Monday 2026-04-06 09:00–17:00.
        let monday = ms("2026-04-06T09:00:00Z") as f64 / 1000.0;
        assert_eq!(
            business_seconds(monday, monday + 28_800.0, &s, &Zone::UTC),
            0.0
        );
    }
}

// ---------------------------------------------------------------------------------------
// 4. Recomputed business values are whole seconds, as Chatwoot stores them.

/// The working_hours gem returns `distance.round` (lib/working_hours/computation.rb:207
/// in 1.4.1); its spec "ignores miliseconds" (spec/working_hours/computation_spec.rb:
/// 700-705): Sunday 2014-04-13 09:10:24.01 to Monday 2014-04-14 09:10:24.02 under the
/// default schedule is 624.
#[test]
fn recomputed_values_are_rounded_like_the_gem() {
    let set = EventSet::from_events(&[event(
        1,
        "first_response",
        "2014-04-13T09:10:24.010Z",
        "2014-04-14T09:10:24.020Z",
        "2014-04-14T09:10:25Z",
        624.0,
    )]);
    let schedule = default_schedule();
    let out = recompute(&set, |_| Some((&schedule, &Zone::UTC)));
    assert_eq!(out.columns.value_in_business_hours[0], 624.0);
    // Half a second rounds away from zero (Ruby's Float#round): 09:00:00 → 09:00:00.5.
    let half = EventSet::from_events(&[event(
        2,
        "reply_time",
        "2014-04-14T09:00:00.000Z",
        "2014-04-14T09:00:00.500Z",
        "2014-04-14T09:00:01Z",
        1.0,
    )]);
    let out = recompute(&half, |_| Some((&schedule, &Zone::UTC)));
    assert_eq!(out.columns.value_in_business_hours[0], 1.0);
    // businessSeconds stays exact.
    let from = ms("2014-04-13T09:10:24.010Z") as f64 / 1000.0;
    let to = ms("2014-04-14T09:10:24.020Z") as f64 / 1000.0;
    let exact = business_seconds(from, to, &schedule, &Zone::UTC);
    assert!((exact - 624.02).abs() < 1e-9, "{exact}");
}

// ---------------------------------------------------------------------------------------
// An average bucket's count counts every event in it.

/// `grouped_event_count = reporting_events.count` beside `.average(value_in_business_hours)`
/// (app/builders/v2/reports/timeseries/average_report_builder.rb:3-4): SQL COUNT(*) counts
/// rows whose business value is NULL, which AVG skips.
#[test]
fn average_bucket_count_includes_null_business_values() {
    let mut a = event(
        1,
        "conversation_resolved",
        "2026-04-06T09:00:00Z",
        "2026-04-06T10:00:00Z",
        "2026-04-06T10:00:01Z",
        3600.0,
    );
    let mut b = a.clone();
    b.id = 2;
    b.conversation_id = 2;
    b.value_in_business_hours = None;
    a.value = 3600.0;
    let set = EventSet::from_events(&[a, b]);
    let mut opts = SeriesOptions::new(Metric::AvgResolutionTime);
    opts.business_hours = true;
    let points = timeseries(&set, &opts).expect("a series");
    assert_eq!(points.len(), 1);
    assert_eq!(points[0].value, 3600.0, "AVG skips the null");
    assert_eq!(points[0].count, Some(2), "COUNT(*) does not");
}

// ---------------------------------------------------------------------------------------
// chatwootCompat: the working_hours gem's own count, DST days included.

/// Central European time for `years`: CET (+1), CEST (+2) from the last Sunday of March
/// 01:00Z to the last Sunday of October 01:00Z (Europe/Paris and Europe/Berlin alike).
fn central_europe(years: std::ops::RangeInclusive<i64>) -> Zone {
    use chatwoot_reporting::timestamp::days_from_civil;
    use chatwoot_reporting::zone::ZoneTable;
    let last_sunday = |y: i64, m: i64| {
        let last = days_from_civil(y, m, 31);
        last - (last + 4).rem_euclid(7)
    };
    let mut pairs = vec![(0, 3600)];
    for y in years {
        pairs.push((last_sunday(y, 3) * 86_400 + 3600, 7200));
        pairs.push((last_sunday(y, 10) * 86_400 + 3600, 3600));
    }
    Zone::Table(ZoneTable::new(pairs).expect("a zone table"))
}

fn weekly(timezone: &str, weekly: &str) -> Schedule {
    Schedule::from_json(&format!(r#"{{"timezone":"{timezone}","weekly":{weekly}}}"#))
        .expect("a schedule")
}

fn compat(schedule: &Schedule, zone: &Zone, from: &str, to: &str) -> f64 {
    business_seconds_with(
        ms(from) as f64 / 1000.0,
        ms(to) as f64 / 1000.0,
        schedule,
        zone,
        HoursOptions {
            chatwoot_compat: true,
        },
    )
}

/// The gem's DST specs (spec/working_hours/computation_spec.rb, working_hours 1.4.1),
/// all in Paris: "works across positive time shifts" (:767-774) and "negative time
/// shifts" (:776-783), Sunday 08:00–21:00 → 13 h; "time shifts + midnight" (:785-792),
/// Sunday 00:00–24:00 over the 25-hour day → 24 h; "multiple time shifts" (:794-801),
/// 19 years of Sundays → 12 896 h; "returns negative if params are reversed" (:714-719).
#[test]
fn compat_reproduces_the_gems_dst_specs() {
    let paris = central_europe(2000..=2022);
    let sunday = weekly("Europe/Paris", r#"{"sun":[["08:00","21:00"]]}"#);
    assert_eq!(
        compat(
            &sunday,
            &paris,
            "2020-03-29T01:00:00Z",
            "2020-03-30T00:00:00Z"
        ),
        13.0 * 3600.0
    );
    assert_eq!(
        compat(
            &sunday,
            &paris,
            "2019-10-27T01:00:00Z",
            "2019-10-28T00:00:00Z"
        ),
        13.0 * 3600.0
    );
    let whole = weekly("Europe/Paris", r#"{"sun":[["00:00","24:00"]]}"#);
    assert_eq!(
        compat(
            &whole,
            &paris,
            "2020-10-24T22:00:00Z",
            "2020-10-25T23:00:00Z"
        ),
        24.0 * 3600.0
    );
    assert_eq!(
        compat(
            &sunday,
            &paris,
            "2002-10-27T06:00:00Z",
            "2021-10-30T00:00:00Z"
        ),
        12_896.0 * 3600.0
    );
    let default = default_schedule();
    assert_eq!(
        compat(
            &default,
            &Zone::UTC,
            "2014-04-07T15:00:00Z",
            "2014-04-07T10:00:00Z"
        ),
        -5.0 * 3600.0
    );
    // "ignores miliseconds" (:700-705) and "returns full day if outside period" (:721-726).
    assert_eq!(
        compat(
            &default,
            &Zone::UTC,
            "2014-04-13T09:10:24.010Z",
            "2014-04-14T09:10:24.020Z"
        ),
        624.0
    );
    assert_eq!(
        compat(
            &default,
            &Zone::UTC,
            "2014-04-07T07:00:00Z",
            "2014-04-07T20:00:00Z"
        ),
        8.0 * 3600.0
    );
}

/// CHATWOOT.md, "More facts": under Chatwoot's stored values a 00:00–23:59 window (an
/// open-all-day inbox) counts 82 800 on a spring-forward day and 86 340 on an autumn one,
/// midnight to midnight; the default count is the time that elapsed inside the window
/// (82 740 and 89 940). withWorkingHours with chatwootCompat writes the stored values.
#[test]
fn compat_counts_dst_days_as_chatwoot_stores_them() {
    let berlin = central_europe(2025..=2027);
    let all_day = weekly(
        "Europe/Berlin",
        r#"{"sun":[["00:00","23:59"]],"mon":[["00:00","23:59"]]}"#,
    );
    let spring = ("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
    let autumn = ("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
    assert_eq!(compat(&all_day, &berlin, spring.0, spring.1), 82_800.0);
    assert_eq!(compat(&all_day, &berlin, autumn.0, autumn.1), 86_340.0);
    let exact = |(a, b): (&str, &str)| {
        business_seconds(
            ms(a) as f64 / 1000.0,
            ms(b) as f64 / 1000.0,
            &all_day,
            &berlin,
        )
    };
    assert_eq!(exact(spring), 82_740.0);
    assert_eq!(exact(autumn), 89_940.0);
    // Through the whole spring Sunday into Monday 12:00 the gem takes Sunday whole, by
    // the wall clock: 86 340 + 12 h.
    assert_eq!(
        compat(&all_day, &berlin, spring.0, "2026-03-30T10:00:00Z"),
        86_340.0 + 43_200.0
    );
    let set = EventSet::from_events(&[event(
        1,
        "conversation_resolved",
        spring.0,
        spring.1,
        "2026-03-29T22:00:01Z",
        82_800.0,
    )]);
    let out = recompute_with(
        &set,
        |_| Some((&all_day, &berlin)),
        HoursOptions {
            chatwoot_compat: true,
        },
    );
    assert_eq!(out.columns.value_in_business_hours[0], 82_800.0);
    let out = recompute(&set, |_| Some((&all_day, &berlin)));
    assert_eq!(out.columns.value_in_business_hours[0], 82_740.0);
}

/// Away from clock changes the two counts agree (rounded), on random spans under
/// Chatwoot-shaped schedules (one window a weekday, none past midnight), in Berlin.
#[test]
fn compat_equals_the_default_count_away_from_clock_changes() {
    let berlin = central_europe(2025..=2027);
    let schedule = weekly(
        "Europe/Berlin",
        r#"{"mon":[["09:00","17:00"]],"tue":[["08:30","12:15"]],"wed":[["00:00","23:59"]],"fri":[["13:00","22:00"]],"sat":[["10:00","11:00"]]}"#,
    );
    // From 2026-04-06 (no clock change until October).
    let base = ms("2026-04-06T00:00:00Z");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m) as i64
    };
    for _ in 0..2000 {
        let a = base + next(60 * 86_400_000);
        let b = a + next(20 * 86_400_000);
        let got = business_seconds_with(
            a as f64 / 1000.0,
            b as f64 / 1000.0,
            &schedule,
            &berlin,
            HoursOptions {
                chatwoot_compat: true,
            },
        );
        let want =
            business_seconds(a as f64 / 1000.0, b as f64 / 1000.0, &schedule, &berlin).round();
        assert_eq!(got, want, "{a} → {b}");
    }
}
