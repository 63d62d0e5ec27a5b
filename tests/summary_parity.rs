//! Parity table: hand-computed figures for conversations that Chatwoot reports on in
//! tricky ways. Each expected number is worked out in a comment from the events below.
#![cfg(not(target_arch = "wasm32"))]

use chatwoot_reporting::conversations::{conversation_rows, rows_to_csv, RowOptions, SortKey};
use chatwoot_reporting::model::{Event, Name, NULL_ID};
use chatwoot_reporting::stats::Stats;
use chatwoot_reporting::summary::{summarize, SlaThresholds, Summary, SummaryOptions};
use chatwoot_reporting::EventSet;

/// Monday 2026-04-06 09:00:00 UTC, in epoch seconds: the opening of a working day under
/// Chatwoot's default Mon–Fri 09:00–17:00 UTC schedule.
const T0: i64 = 1_775_466_000;
/// Conversation B starts at 14:33:20 the same Monday.
const T1: i64 = T0 + 20_000;
/// Conversation C starts at 17:20 the same Monday, after hours.
const T2: i64 = T0 + 30_000;
/// Conversation D starts Friday 2026-04-10 16:00 UTC, one working hour before the weekend.
const T3: i64 = T0 + 4 * 86_400 + 7 * 3600;

struct Builder {
    events: Vec<Event>,
}

impl Builder {
    /// An event measured from `start` to `end` (seconds), written one second after `end`.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        name: &str,
        conv: i64,
        inbox: i64,
        user: i64,
        start: i64,
        end: i64,
        business: Option<f64>,
    ) {
        let id = 1000 + self.events.len() as i64;
        let mut e = Event::new(
            id,
            Name::new(name),
            (end - start) as f64,
            1,
            (end + 1) * 1000,
        );
        e.value_in_business_hours = business;
        e.event_start_time = start * 1000;
        e.event_end_time = end * 1000;
        e.conversation_id = conv;
        e.inbox_id = inbox;
        e.user_id = user;
        self.events.push(e);
    }
}

/// Conversation A (101, inbox 1, agent 7): answered, resolved, reopened twice; all inside
/// Monday's working hours, so business values equal wall-clock values.
/// B (102, inbox 2, agent 8): a bot answered first and handed over after 600 s.
/// C (103, inbox 2, no agent): resolved by a bot after hours (business value 0).
/// D (104, inbox 1, agent 7): asked Friday 16:00, answered Monday 10:00, resolved 12:00.
/// E (105): an AI-assistant resolution with null business hours.
fn events() -> EventSet {
    let mut b = Builder { events: Vec::new() };
    let bh = |v: i64| Some(v as f64);
    // A
    b.add("first_response", 101, 1, 7, T0, T0 + 300, bh(300));
    b.add("reply_time", 101, 1, 7, T0 + 600, T0 + 720, bh(120));
    b.add("conversation_resolved", 101, 1, 7, T0, T0 + 3600, bh(3600));
    b.add(
        "conversation_opened",
        101,
        1,
        7,
        T0 + 3600,
        T0 + 7200,
        bh(3600),
    );
    b.add("reply_time", 101, 1, 7, T0 + 7200, T0 + 7500, bh(300));
    b.add("conversation_resolved", 101, 1, 7, T0, T0 + 9000, bh(9000));
    b.add(
        "conversation_opened",
        101,
        1,
        7,
        T0 + 9000,
        T0 + 10_800,
        bh(1800),
    );
    b.add(
        "conversation_resolved",
        101,
        1,
        7,
        T0,
        T0 + 12_600,
        bh(12_600),
    );
    // B: the handoff writes an opening (value 0) and the handoff itself.
    b.add("conversation_opened", 102, 2, 8, T1 + 600, T1 + 600, bh(0));
    b.add("conversation_bot_handoff", 102, 2, 8, T1, T1 + 600, bh(600));
    b.add("first_response", 102, 2, 8, T1 + 600, T1 + 900, bh(300));
    b.add("conversation_resolved", 102, 2, 8, T1, T1 + 4200, bh(4200));
    // C
    b.add(
        "conversation_resolved",
        103,
        2,
        NULL_ID,
        T2,
        T2 + 1200,
        bh(0),
    );
    b.add(
        "conversation_bot_resolved",
        103,
        2,
        NULL_ID,
        T2,
        T2 + 1200,
        bh(0),
    );
    // D: Fri 16:00 → Mon 10:00 is 66 h = 237 600 s, of which Fri 16–17 and Mon 9–10 work:
    // 7 200 s. To Mon 12:00: 68 h = 244 800 s, 1 h + 3 h = 14 400 s of work.
    b.add("first_response", 104, 1, 7, T3, T3 + 66 * 3600, bh(7200));
    b.add(
        "conversation_resolved",
        104,
        1,
        7,
        T3,
        T3 + 68 * 3600,
        bh(14_400),
    );
    // E
    b.add(
        "conversation_captain_inference_resolved",
        105,
        1,
        NULL_ID,
        T2,
        T2 + 500,
        None,
    );
    let mut events = b.events;
    events.sort_by_key(|e| e.created_at);
    EventSet::from_events(&events)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn assert_stats(s: &Stats, count: u64, sum: f64, median: f64, min: f64, max: f64) {
    assert_eq!(s.count, count, "{s:?}");
    assert!((s.sum - sum).abs() < 1e-9, "sum {s:?}");
    assert!(close(s.mean, sum / count as f64), "mean {s:?}");
    assert!(close(s.median, median), "median {s:?}");
    assert_eq!((s.min, s.max), (Some(min), Some(max)), "{s:?}");
}

#[test]
fn wall_clock_figures() {
    let s = summarize(&events(), &SummaryOptions::default());
    assert_eq!(s.events, 17);
    assert_eq!(s.conversations, 5);
    // First responses: A 300, B 300 (from the handoff), D 237 600. Sorted 300 300 237600:
    // median 300; p90 at h = 2·0.9 = 1.8 → 300 + 0.8·237 300 = 190 140.
    assert_stats(
        &s.overall.first_response,
        3,
        238_200.0,
        300.0,
        300.0,
        237_600.0,
    );
    assert!(close(s.overall.first_response.p90, 190_140.0));
    // Resolutions count events (Chatwoot): A thrice, B, C, D = 6. Values are cumulative:
    // 3600 9000 12600 (A), 4200, 1200, 244800 → sum 275 400; sorted 1200 3600 4200 9000
    // 12600 244800, median at h = 2.5 → 4200 + 0.5·4800 = 6600.
    assert_eq!(s.overall.resolutions_count, 6);
    assert_stats(
        &s.overall.resolution,
        6,
        275_400.0,
        6600.0,
        1200.0,
        244_800.0,
    );
    // Replies: A's 120 and 300.
    assert_stats(&s.overall.reply_time, 2, 420.0, 210.0, 120.0, 300.0);
    // Per cycle: A 3600 (from creation), 9000 − 7200 = 1800, 12600 − 10800 = 1800;
    // B from the handoff's opening: 4200 − 600 = 3600; C 1200; D no opening: 244 800.
    // Sorted 1200 1800 1800 3600 3600 244800: sum 256 800, median 1800 + 0.5·1800 = 2700.
    assert_stats(
        &s.resolution_per_cycle,
        6,
        256_800.0,
        2700.0,
        1200.0,
        244_800.0,
    );
    // Without the bot: only B changes, 4200 − 600 = 3600. Sum 275 400 − 600 = 274 800;
    // sorted 1200 3600 3600 9000 12600 244800, median 3600 + 0.5·5400 = 6300.
    assert_stats(
        &s.resolution_without_bot,
        6,
        274_800.0,
        6300.0,
        1200.0,
        244_800.0,
    );
    assert_eq!(s.bot_resolutions_count, 1);
    assert_eq!(s.bot_handoffs_count, 1);
    // A's two openings follow resolutions; B's handoff opening does not.
    assert_eq!(s.reopens_count, 2);
    // 300, 300 in [0,1h); 237 600 in [24h,∞).
    assert_eq!(s.first_response_distribution, [2, 0, 0, 0, 1]);
    assert!(s.previous.is_none());
    assert!(s.sla.is_none());
}

#[test]
fn per_agent_and_per_inbox() {
    let s = summarize(&events(), &SummaryOptions::default());
    let agents: Vec<Option<i64>> = s.by_agent.iter().map(|r| r.user_id).collect();
    assert_eq!(
        agents,
        vec![Some(7), Some(8), None],
        "ascending, no agent last; E has no metric event"
    );
    let seven = &s.by_agent[0].figures;
    // Agent 7: A and D. First responses 300, 237 600; resolutions 3600 9000 12600 244800.
    assert_stats(
        &seven.first_response,
        2,
        237_900.0,
        118_950.0,
        300.0,
        237_600.0,
    );
    assert_eq!(seven.resolutions_count, 4);
    assert_eq!(seven.reply_time.count, 2);
    let nobody = &s.by_agent[2].figures;
    assert_eq!(
        (nobody.resolutions_count, nobody.first_response.count),
        (1, 0)
    );
    let inboxes: Vec<(Option<i64>, u64)> = s
        .by_inbox
        .iter()
        .map(|r| (r.inbox_id, r.figures.resolutions_count))
        .collect();
    assert_eq!(inboxes, vec![(Some(1), 4), (Some(2), 2)]);
}

#[test]
fn business_hours_figures() {
    let opts = SummaryOptions {
        business_hours: true,
        sla: Some(SlaThresholds {
            first_response: Some(3600.0),
            resolution: Some(3600.0),
            reply_time: None,
        }),
        ..SummaryOptions::default()
    };
    let s = summarize(&events(), &opts);
    // First responses in working seconds: 300, 300, 7200 → mean 2600, median 300.
    assert_stats(&s.overall.first_response, 3, 7800.0, 300.0, 300.0, 7200.0);
    // Resolutions: 3600 9000 12600 4200 0 14400 → sum 43 800; sorted 0 3600 4200 9000
    // 12600 14400, median 4200 + 0.5·4800 = 6600.
    assert_stats(&s.overall.resolution, 6, 43_800.0, 6600.0, 0.0, 14_400.0);
    // Per-cycle needs a schedule in business time: empty, not NaN, not wall-clock.
    assert_eq!(s.resolution_per_cycle, Stats::default());
    // Without the bot in business time: B 4200 − 600 = 3600; the rest as above.
    assert_stats(
        &s.resolution_without_bot,
        6,
        43_200.0,
        6300.0,
        0.0,
        14_400.0,
    );
    // The distribution stays on the raw value.
    assert_eq!(s.first_response_distribution, [2, 0, 0, 0, 1]);
    let sla = s.sla.expect("thresholds given");
    // First response ≤ 3600 working seconds: 300, 300 of 3.
    let fr = sla.first_response.expect("first response SLA");
    assert_eq!((fr.met, fr.total), (2, 3));
    assert!(close(fr.share, 2.0 / 3.0));
    // Resolution ≤ 3600: 3600 (A), 0 (C) of 6.
    let res = sla.resolution.expect("resolution SLA");
    assert_eq!((res.met, res.total), (2, 6));
    assert!(sla.reply_time.is_none());
}

#[test]
fn window_keeps_history_and_reports_the_previous_window() {
    // From T0 + 9500 on: A's second reopening (created T0 + 10 801) follows a resolution
    // created before the window; it is still a reopen, and A's third resolution still
    // measures its cycle from that opening (1800 s).
    let set = events();
    let since = (T0 + 9500) as f64;
    // 8 days: D's resolution is created at T0 + 615 601 s, past a 7-day window.
    let until = since + 8.0 * 86_400.0;
    let s = summarize(
        &set,
        &SummaryOptions {
            since: Some(since),
            until: Some(until),
            ..SummaryOptions::default()
        },
    );
    assert_eq!(s.reopens_count, 1);
    assert_eq!(s.overall.resolutions_count, 4, "A's third, B, C, D");
    assert!(s.resolution_per_cycle.min == Some(1200.0) && s.resolution_per_cycle.count == 4);
    let per_cycle_a: Vec<f64> = [1800.0, 3600.0, 1200.0, 244_800.0].to_vec();
    assert_eq!(s.resolution_per_cycle.sum, per_cycle_a.iter().sum::<f64>());
    // The previous window [since − 8 d, since) holds A's first 6 events.
    let p: &Summary = s
        .previous
        .as_deref()
        .expect("events reach into the previous window");
    assert_eq!(p.events, 6);
    assert_eq!(p.overall.resolutions_count, 2);
    assert_eq!(p.reopens_count, 1);
    assert!(p.previous.is_none());
    // A window with nothing before it has no previous figures.
    let first = (T0 + 301) as f64;
    let s = summarize(
        &set,
        &SummaryOptions {
            since: Some(first),
            until: Some(first + 60.0),
            ..SummaryOptions::default()
        },
    );
    // [T0 + 301, T0 + 361) holds only A's first response, created at T0 + 301.
    assert!(s.previous.is_none());
    assert_eq!(s.events, 1);
    assert_eq!(s.overall.first_response.mean, Some(300.0));
    assert_eq!(
        s.overall.resolution.mean, None,
        "empty stats are None, never NaN"
    );
}

#[test]
fn conversation_rows_find_the_slowest() {
    let rows = conversation_rows(&events(), &RowOptions::default());
    let order: Vec<i64> = rows.iter().map(|r| r.conversation_id).collect();
    // Longest latest resolution first: D 244 800, A 12 600, B 4200, C 1200; E has none.
    assert_eq!(order, vec![104, 101, 102, 103, 105]);
    let a = &rows[1];
    assert_eq!((a.resolutions, a.reopens, a.replies), (3, 2, 2));
    assert_eq!(a.resolution_cycles, vec![3600.0, 1800.0, 1800.0]);
    assert_eq!((a.reply_time_median, a.reply_time_max), (210.0, 300.0));
    assert_eq!((a.user_id, a.inbox_id), (7, 1));
    let b = &rows[2];
    assert!(b.bot_handoff && !b.bot_resolved);
    assert_eq!(b.first_response, 300.0);
    let c = &rows[3];
    assert!(c.bot_resolved && c.user_id == NULL_ID && c.first_response.is_nan());
    let by_first = conversation_rows(
        &events(),
        &RowOptions {
            sort_by: SortKey::FirstResponse,
            ascending: true,
            limit: Some(2),
            ..RowOptions::default()
        },
    );
    assert_eq!(
        by_first
            .iter()
            .map(|r| r.conversation_id)
            .collect::<Vec<_>>(),
        vec![101, 102]
    );
}

#[test]
fn csv_is_rfc4180() {
    let rows = conversation_rows(&events(), &RowOptions::default());
    let csv = rows_to_csv(&rows);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines.len(),
        rows.len() + 2,
        "header, rows, and the empty rest after the last CRLF"
    );
    assert!(lines[0].starts_with("conversation_id,inbox_id,user_id,first_event_at"));
    assert_eq!(lines[0].split(',').count(), 16);
    // A: 101, inbox 1, agent 7, 8 events, first response 300, 3 resolutions, 2 reopens,
    // latest resolution 12600, cycles "3600 1800 1800", 2 replies, median 210, max 300.
    let a = lines
        .iter()
        .find(|l| l.starts_with("101,"))
        .expect("row of A");
    assert_eq!(
        *a,
        "101,1,7,2026-04-06T09:05:01.000Z,2026-04-06T12:30:01.000Z,8,300,3,2,12600,3600 1800 1800,2,210,300,false,false"
    );
    // C has no agent and no first response: empty fields.
    let c = lines
        .iter()
        .find(|l| l.starts_with("103,"))
        .expect("row of C");
    assert!(c.starts_with("103,2,,"));
    let mut quoted = String::new();
    chatwoot_reporting::conversations::push_csv_field(&mut quoted, "a \"b\", c");
    assert_eq!(quoted, "\"a \"\"b\"\", c\"");
}
