//! The JSON shapes of the core's results, through `serde_json`: the keys and value types
//! js/index.d.ts declares (the bindings serialize the same types to JavaScript objects).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use chatwoot_reporting::conversations::{conversation_rows, RowOptions};
use chatwoot_reporting::model::{Event, Name, NULL_ID};
use chatwoot_reporting::summary::{summarize, SlaThresholds, SummaryOptions};
use chatwoot_reporting::timeseries::{timeseries, Metric, SeriesOptions};
use chatwoot_reporting::EventSet;
use serde_json::Value;

/// Monday 2026-04-06 09:00 UTC, epoch seconds.
const T0: i64 = 1_775_466_000;

fn event(id: i64, name: &str, conv: i64, user: i64, start: i64, end: i64) -> Event {
    let mut e = Event::new(
        id,
        Name::new(name),
        (end - start) as f64,
        1,
        (end + 1) * 1000,
    );
    e.value_in_business_hours = Some((end - start) as f64);
    e.event_start_time = start * 1000;
    e.event_end_time = end * 1000;
    e.conversation_id = conv;
    e.inbox_id = 3;
    e.user_id = user;
    e
}

/// Two conversations a day apart: one answered and resolved by agent 7, one resolved
/// with no agent; so both the window and the previous window have figures.
fn set() -> EventSet {
    EventSet::from_events(&[
        event(1, "first_response", 10, 7, T0, T0 + 300),
        event(2, "reply_time", 10, 7, T0 + 400, T0 + 500),
        event(3, "conversation_resolved", 10, 7, T0, T0 + 3600),
        event(
            4,
            "conversation_resolved",
            11,
            NULL_ID,
            T0 + 86_400,
            T0 + 90_000,
        ),
    ])
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn set_of<'a>(list: &[&'a str]) -> BTreeSet<&'a str> {
    list.iter().copied().collect()
}

const STATS_KEYS: [&str; 10] = [
    "count", "sum", "mean", "min", "max", "median", "p90", "p95", "p99", "medianCi",
];
const BREAKDOWN_KEYS: [&str; 4] = [
    "firstResponse",
    "resolution",
    "replyTime",
    "resolutionsCount",
];

/// Every key js/api.js `readSummary` produced before the switch to serde, and no other.
#[test]
fn summary_keys_are_the_javascript_ones() {
    let opts = SummaryOptions {
        sla: Some(SlaThresholds {
            first_response: Some(600.0),
            resolution: None,
            reply_time: Some(60.0),
        }),
        since: Some((T0 + 86_400) as f64),
        until: Some((T0 + 2 * 86_400) as f64),
        ..SummaryOptions::default()
    };
    let s = summarize(&set(), &opts);
    assert!(s.previous.is_some() && s.sla.is_some());
    let v = serde_json::to_value(&s).expect("a summary serializes");
    let mut want = set_of(&[
        "events",
        "conversations",
        "resolutionPerCycle",
        "resolutionWithoutBot",
        "botResolutionsCount",
        "botHandoffsCount",
        "reopensCount",
        "firstResponseDistribution",
        "sla",
        "byAgent",
        "byInbox",
        "previous",
    ]);
    want.extend(BREAKDOWN_KEYS);
    let top = keys(&v);
    assert!(want.is_subset(&top), "missing: {:?}", want.difference(&top));
    let extra: BTreeSet<&str> = top.difference(&want).copied().collect();
    // Later additions are allowed; nothing of the old shape may be renamed.
    assert!(
        extra.iter().all(|k| ADDITIONS.contains(k)),
        "unexpected keys: {extra:?}"
    );
    for key in [
        "resolutionPerCycle",
        "resolutionWithoutBot",
        "firstResponse",
        "resolution",
        "replyTime",
    ] {
        let stats = keys(&v[key]);
        assert!(set_of(&STATS_KEYS).is_subset(&stats), "{key}: {stats:?}");
    }
    assert_eq!(
        keys(&v["firstResponseDistribution"]),
        set_of(&["0-1h", "1-4h", "4-8h", "8-24h", "24h+"])
    );
    // Only the thresholds given.
    assert_eq!(keys(&v["sla"]), set_of(&["firstResponse", "replyTime"]));
    assert_eq!(
        keys(&v["sla"]["firstResponse"]),
        set_of(&["threshold", "met", "total", "share"])
    );
    // The window holds only conversation 11 (no agent): its row has userId null.
    let agents = v["byAgent"].as_array().expect("byAgent is an array");
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0]["userId"], Value::Null);
    let mut row_keys = set_of(&BREAKDOWN_KEYS);
    row_keys.insert("userId");
    assert_eq!(keys(&agents[0]), row_keys);
    assert_eq!(v["byInbox"][0]["inboxId"], 3);
    // Empty statistics are null, not NaN and not missing.
    assert_eq!(v["firstResponse"]["mean"], Value::Null);
    assert_eq!(v["firstResponse"]["count"], 0);
    // The previous window: agent 7's conversation; no `previous` of its own.
    let p = &v["previous"];
    assert_eq!(p["byAgent"][0]["userId"], 7);
    assert_eq!(p["firstResponse"]["median"], 300.0);
    assert!(p.get("previous").is_none());
    // The additions of issue 13.
    for key in ADDITIONS {
        assert!(top.contains(key), "{key} missing");
    }
    for key in ["firstResolution", "fullResolution", "requesterWait"] {
        assert!(set_of(&STATS_KEYS).is_subset(&keys(&v[key])), "{key}");
    }
    assert_eq!(keys(&v["oneTouch"]), set_of(&["count", "share"]));
    // medianCi: null below 6 values, else [lo, hi].
    assert_eq!(v["resolution"]["medianCi"], Value::Null);
    let many: Vec<f64> = (1..=10).map(f64::from).collect();
    let ci = serde_json::to_value(chatwoot_reporting::stats::Stats::of(&many)).expect("stats");
    assert_eq!(ci["medianCi"], serde_json::json!([2.0, 9.0]));
    // Without thresholds or a window there is no `sla` and no `previous` key at all.
    let plain = serde_json::to_value(summarize(&set(), &SummaryOptions::default()))
        .expect("a summary serializes");
    assert!(plain.get("sla").is_none() && plain.get("previous").is_none());
}

/// Keys the Summary gained after the switch (API.md, "Additions").
const ADDITIONS: [&str; 4] = [
    "firstResolution",
    "fullResolution",
    "requesterWait",
    "oneTouch",
];

#[test]
fn rows_and_points_have_the_javascript_keys() {
    let rows = conversation_rows(&set(), &RowOptions::default());
    let v = serde_json::to_value(&rows).expect("rows serialize");
    let row = &v[0];
    assert_eq!(
        keys(row),
        set_of(&[
            "conversationId",
            "inboxId",
            "userId",
            "firstEventAt",
            "lastEventAt",
            "events",
            "firstResponse",
            "resolutions",
            "reopens",
            "resolutionTime",
            "resolutionCycles",
            "replies",
            "replyTimeMedian",
            "replyTimeMax",
            "botHandoff",
            "botResolved",
        ])
    );
    let eleven = v
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["conversationId"] == 11))
        .expect("conversation 11 has a row");
    assert_eq!(eleven["userId"], Value::Null);
    assert_eq!(eleven["firstResponse"], Value::Null);
    assert_eq!(eleven["firstEventAt"], T0 + 90_001);
    assert_eq!(eleven["resolutionCycles"], serde_json::json!([3600.0]));

    let avg = timeseries(&set(), &SeriesOptions::new(Metric::AvgResolutionTime)).expect("a series");
    let v = serde_json::to_value(&avg).expect("points serialize");
    assert_eq!(keys(&v[0]), set_of(&["timestamp", "value", "count"]));
    let count =
        timeseries(&set(), &SeriesOptions::new(Metric::ResolutionsCount)).expect("a series");
    let v = serde_json::to_value(&count).expect("points serialize");
    assert_eq!(keys(&v[0]), set_of(&["timestamp", "value"]));
}
