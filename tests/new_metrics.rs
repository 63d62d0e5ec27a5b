//! Issue 13's additions, hand-computed on four conversations: first and full resolution,
//! requester wait, one touch, cohort windows (summary, rows, series), the SLA curve and
//! the hour-of-week grid. Every expected figure is worked out in a comment.
#![cfg(not(target_arch = "wasm32"))]

use chatwoot_reporting::conversations::{conversation_rows, RowOptions};
use chatwoot_reporting::hour_of_week::{hour_of_week, needed_range, HourOfWeekOptions};
use chatwoot_reporting::model::{Event, Name};
use chatwoot_reporting::sla_curve::{sla_curve, SlaCurveOptions, SlaMetric, DEFAULT_THRESHOLDS};
use chatwoot_reporting::stats::Stats;
use chatwoot_reporting::summary::{summarize, SummaryOptions};
use chatwoot_reporting::timeseries::{timeseries, Metric, SeriesOptions};
use chatwoot_reporting::window::WindowMode;
use chatwoot_reporting::zone::{Zone, ZoneTable};
use chatwoot_reporting::EventSet;

/// Monday 2026-04-06 09:00:00 UTC, epoch seconds.
const T: i64 = 1_775_466_000;
const DAY: i64 = 86_400;

/// An event of conversation `conv` from `start` to `end` (seconds after [`T`]), value
/// `end − start`, written a second after its end.
fn ev(id: i64, name: &str, conv: i64, start: i64, end: i64) -> Event {
    let mut e = Event::new(
        id,
        Name::new(name),
        (end - start) as f64,
        1,
        (T + end + 1) * 1000,
    );
    e.value_in_business_hours = Some((end - start) as f64);
    e.event_start_time = (T + start) * 1000;
    e.event_end_time = (T + end) * 1000;
    e.conversation_id = conv;
    e.inbox_id = 1;
    e.user_id = 7;
    e
}

/// 1 (created T): answered after 300 s, resolved at 3600, reopened at 7200 (value 3600),
///   a reply of 300 s, resolved again at 9000 (value 9000, cumulative).
/// 2 (created T+1000): answered after 600 s, resolved at T+4600 (value 3600): one touch.
/// 3 (created T+2000): answered after 120 s, a reply of 60 s, resolved the next day at
///   T+90000 (value 88 000).
/// 4 (created T+1 day): a bot hands over at +600 (a first opening, value 0), answered
///   after 100 s, resolved at +1200 (value 1200): one touch.
fn set() -> EventSet {
    let mut opened = ev(13, "conversation_opened", 4, DAY, DAY + 600);
    opened.value = 0.0;
    EventSet::from_events(&[
        ev(1, "first_response", 1, 0, 300),
        ev(2, "conversation_resolved", 1, 0, 3600),
        ev(3, "conversation_opened", 1, 3600, 7200),
        ev(4, "reply_time", 1, 7200, 7500),
        ev(5, "conversation_resolved", 1, 0, 9000),
        ev(6, "first_response", 2, 1000, 1600),
        ev(7, "conversation_resolved", 2, 1000, 4600),
        ev(8, "first_response", 3, 2000, 2120),
        ev(9, "reply_time", 3, 2240, 2300),
        ev(10, "conversation_resolved", 3, 2000, 90_000),
        ev(11, "conversation_bot_handoff", 4, DAY, DAY + 600),
        opened,
        ev(12, "first_response", 4, DAY + 600, DAY + 700),
        ev(14, "conversation_resolved", 4, DAY, DAY + 1200),
    ])
}

fn assert_stats(s: &Stats, count: u64, sum: f64, median: f64) {
    assert_eq!(
        (s.count, s.sum, s.median),
        (count, sum, Some(median)),
        "{s:?}"
    );
}

#[test]
fn per_conversation_figures_over_everything() {
    let s = summarize(&set(), &SummaryOptions::default());
    // First resolutions: 3600 (1), 3600 (2), 88 000 (3), 1200 (4): sum 96 400, median
    // (3600 + 3600) / 2.
    assert_stats(&s.first_resolution, 4, 96_400.0, 3600.0);
    // Full (latest): 9000, 3600, 88 000, 1200: sum 101 800, median (3600 + 9000) / 2.
    assert_stats(&s.full_resolution, 4, 101_800.0, 6300.0);
    // Waits: 300 + 300, 600, 120 + 60, 100: sorted 100 180 600 600, median 390.
    assert_stats(&s.requester_wait, 4, 1480.0, 390.0);
    // Resolved: all four; one touch: 2 and 4 (1 has a reply and a reopen, 3 a reply).
    assert_eq!(s.one_touch.count, 2);
    assert_eq!(s.one_touch.share, Some(0.5));
    // Chatwoot's own figures are unchanged by the additions.
    assert_eq!(s.overall.resolutions_count, 5);
    assert_eq!(s.reopens_count, 1);
}

#[test]
fn activity_and_cohort_windows() {
    let day_one = SummaryOptions {
        since: Some(T as f64),
        until: Some((T + DAY) as f64),
        ..SummaryOptions::default()
    };
    // Activity: what was written on day one: 1 and 2 whole, 3's answer and reply (its
    // resolution is written on day two).
    let a = summarize(&set(), &day_one);
    assert_eq!(a.events, 9);
    assert_stats(&a.first_resolution, 2, 7200.0, 3600.0);
    assert_stats(&a.full_resolution, 2, 12_600.0, 6300.0);
    assert_stats(&a.requester_wait, 3, 1380.0, 600.0);
    assert_eq!((a.one_touch.count, a.one_touch.share), (1, Some(0.5)));
    // Cohort: the conversations that began on day one (1, 2, 3), with all their events.
    let cohort = SummaryOptions {
        window: WindowMode::Cohort,
        ..day_one
    };
    let c = summarize(&set(), &cohort);
    assert_eq!((c.events, c.conversations), (10, 3));
    assert_eq!(c.overall.resolutions_count, 4);
    assert_stats(&c.first_resolution, 3, 95_200.0, 3600.0);
    assert_stats(&c.full_resolution, 3, 100_600.0, 9000.0);
    assert_eq!((c.one_touch.count, c.one_touch.share), (1, Some(1.0 / 3.0)));
    // Resolution times of the cohort: 3600 9000 3600 88 000.
    assert_eq!(c.overall.resolution.sum, 104_200.0);
    // No conversation began the day before: no previous window in the cohort.
    assert!(c.previous.is_none());
    // Day two: activity sees 3's resolution and all of 4; the cohort only 4.
    let day_two = |window| SummaryOptions {
        since: Some((T + DAY) as f64),
        until: Some((T + 2 * DAY) as f64),
        window,
        ..SummaryOptions::default()
    };
    let a2 = summarize(&set(), &day_two(WindowMode::Activity));
    assert_eq!((a2.events, a2.overall.resolutions_count), (5, 2));
    let c2 = summarize(&set(), &day_two(WindowMode::Cohort));
    assert_eq!((c2.events, c2.overall.resolutions_count), (4, 1));
    // The cohort's previous window is day one's cohort.
    assert_eq!(c2.previous.as_deref().map(|p| p.events), Some(10));
}

#[test]
fn rows_in_a_window() {
    let day_two = |window| RowOptions {
        since: Some((T + DAY) as f64),
        until: Some((T + 2 * DAY) as f64),
        window,
        sort_by: chatwoot_reporting::conversations::SortKey::ConversationId,
        ascending: true,
        ..RowOptions::default()
    };
    let rows = conversation_rows(&set(), &day_two(WindowMode::Activity));
    let ids: Vec<i64> = rows.iter().map(|r| r.conversation_id).collect();
    assert_eq!(ids, [3, 4]);
    // 3's row holds only its day-two event, its resolution (the whole lifetime).
    assert_eq!((rows[0].events, rows[0].resolutions), (1, 1));
    assert_eq!(rows[0].resolution_time, 88_000.0);
    assert!(rows[0].first_response.is_nan());
    let rows = conversation_rows(&set(), &day_two(WindowMode::Cohort));
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].conversation_id, rows[0].events), (4, 4));
    // Without a window, every conversation, as before.
    assert_eq!(conversation_rows(&set(), &RowOptions::default()).len(), 4);
}

#[test]
fn cohort_series_bucket_on_the_conversations_beginning() {
    let mut o = SeriesOptions::new(Metric::AvgResolutionTime);
    let activity = timeseries(&set(), &o).expect("a series");
    // By created_at: day one 3600, 9000, 3600 (mean 5400); day two 88 000, 1200.
    let got: Vec<(i64, f64, Option<u64>)> = activity
        .iter()
        .map(|p| (p.timestamp, p.value, p.count))
        .collect();
    assert_eq!(
        got,
        [
            (T - 9 * 3600, 5400.0, Some(3)),
            (T - 9 * 3600 + DAY, 44_600.0, Some(2))
        ]
    );
    o.window = WindowMode::Cohort;
    let cohort = timeseries(&set(), &o).expect("a series");
    // By beginning: day one holds 1, 2 and 3 (3600, 9000, 3600, 88 000), day two 4.
    let got: Vec<(i64, f64, Option<u64>)> = cohort
        .iter()
        .map(|p| (p.timestamp, p.value, p.count))
        .collect();
    assert_eq!(
        got,
        [
            (T - 9 * 3600, 26_050.0, Some(4)),
            (T - 9 * 3600 + DAY, 1200.0, Some(1))
        ]
    );
    // A cohort range selects conversations by their beginning.
    o.since = Some((T + DAY) as f64);
    let late = timeseries(&set(), &o).expect("a series");
    assert_eq!(late.iter().map(|p| p.count).collect::<Vec<_>>(), [Some(1)]);
}

#[test]
fn sla_curve_by_hand() {
    // First responses: 300, 600, 120, 100.
    let curve = sla_curve(
        &set(),
        &SlaCurveOptions {
            metric: SlaMetric::FirstResponse,
            business_hours: false,
            thresholds: Some(vec![3600.0, 60.0, 300.0, f64::NAN, 300.0]),
        },
    );
    let got: Vec<(f64, u64, u64, Option<f64>)> = curve
        .iter()
        .map(|p| (p.threshold, p.met, p.total, p.share))
        .collect();
    // Sorted, NaN left out, 300 once; at most 300: 100, 120 and 300.
    assert_eq!(
        got,
        [
            (60.0, 0, 4, Some(0.0)),
            (300.0, 3, 4, Some(0.75)),
            (3600.0, 4, 4, Some(1.0))
        ]
    );
    // The default ladder, and the resolution metric.
    let default = sla_curve(
        &set(),
        &SlaCurveOptions {
            metric: SlaMetric::Resolution,
            ..SlaCurveOptions::default()
        },
    );
    assert_eq!(default.len(), DEFAULT_THRESHOLDS.len());
    // Resolutions 1200 3600 3600 9000 88 000: within an hour 3, within a day 4.
    let at = |t: f64| default.iter().find(|p| p.threshold == t).map(|p| p.met);
    assert_eq!(
        (at(3600.0), at(86_400.0), at(172_800.0)),
        (Some(3), Some(4), Some(5))
    );
    // No values: shares are null.
    let empty = sla_curve(&EventSet::new(), &SlaCurveOptions::default());
    assert!(empty.iter().all(|p| p.total == 0 && p.share.is_none()));
    assert_eq!(
        SlaMetric::from_name("replyTime"),
        Some(SlaMetric::ReplyTime)
    );
}

#[test]
fn hour_of_week_by_hand() {
    // First responses written Monday 09:05:01, 09:26:41, 09:35:21 and Tuesday 09:11:41
    // UTC.
    let fr = |zone: Zone, monday: bool| {
        hour_of_week(
            &set(),
            &HourOfWeekOptions {
                name: Some("first_response".to_owned()),
                zone,
                week_starts_monday: monday,
            },
        )
    };
    let g = fr(Zone::UTC, false);
    assert_eq!((g[1][9], g[2][9]), (3, 1));
    assert_eq!(g.iter().flatten().sum::<u64>(), 4);
    let g = fr(Zone::UTC, true);
    assert_eq!((g[0][9], g[1][9]), (3, 1));
    // Berlin is on summer time (UTC+2) from 2026-03-29: 11 o'clock.
    let berlin =
        Zone::Table(ZoneTable::new(vec![(0, 3600), (1_774_746_000, 7200)]).expect("a table"));
    let g = fr(berlin, false);
    assert_eq!((g[1][11], g[2][11]), (3, 1));
    // All events; an unknown name gives an empty grid.
    let all = hour_of_week(&set(), &HourOfWeekOptions::default());
    assert_eq!(all.iter().flatten().sum::<u64>(), 14);
    let none = hour_of_week(
        &set(),
        &HourOfWeekOptions {
            name: Some("no_such_event".to_owned()),
            ..HourOfWeekOptions::default()
        },
    );
    assert_eq!(none.iter().flatten().sum::<u64>(), 0);
    let (lo, hi) = needed_range(&set()).expect("a range");
    assert_eq!((lo, hi), (T + 301 - DAY, T + 90_001 + DAY));
}
