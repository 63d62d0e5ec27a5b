//! `slaCurve`: the share of first responses, resolutions or replies met at every
//! threshold, "90 % answered within X" at a glance. Measured on the raw values (or the
//! business values, which [`crate::recompute`] can recompute under any schedule first),
//! where helpdesks report the share for one fixed target only.

use serde::Serialize;

use crate::event_set::EventSet;
use crate::model::KnownName;
use crate::sort::sort_floats;

/// Which durations a curve measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SlaMetric {
    /// `first_response` values.
    #[default]
    FirstResponse,
    /// `conversation_resolved` values.
    Resolution,
    /// `reply_time` values.
    ReplyTime,
}

impl SlaMetric {
    /// Every metric.
    pub const ALL: [SlaMetric; 3] = [
        SlaMetric::FirstResponse,
        SlaMetric::Resolution,
        SlaMetric::ReplyTime,
    ];

    /// The name as API.md spells it: `firstResponse`, `resolution`, `replyTime`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SlaMetric::FirstResponse => "firstResponse",
            SlaMetric::Resolution => "resolution",
            SlaMetric::ReplyTime => "replyTime",
        }
    }

    /// The metric of a name, if it is one.
    pub fn from_name(name: &str) -> Option<SlaMetric> {
        SlaMetric::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The event it reads.
    pub const fn event(self) -> KnownName {
        match self {
            SlaMetric::FirstResponse => KnownName::FirstResponse,
            SlaMetric::Resolution => KnownName::ConversationResolved,
            SlaMetric::ReplyTime => KnownName::ReplyTime,
        }
    }
}

/// Thresholds (seconds) when none are given: 1, 5, 15 and 30 minutes; 1, 2, 4, 8 and 12
/// hours; 1, 2, 3, 7, 14 and 30 days. Fine where first responses fall, long enough for
/// resolutions.
pub const DEFAULT_THRESHOLDS: [f64; 15] = [
    60.0,
    300.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    14_400.0,
    28_800.0,
    43_200.0,
    86_400.0,
    172_800.0,
    259_200.0,
    604_800.0,
    1_209_600.0,
    2_592_000.0,
];

/// Options of [`sla_curve`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SlaCurveOptions {
    /// What to measure.
    pub metric: SlaMetric,
    /// Use `value_in_business_hours` (nulls skipped).
    pub business_hours: bool,
    /// Thresholds in seconds; [`DEFAULT_THRESHOLDS`] when `None`. NaN ones are left
    /// out; the rest are sorted and each kept once.
    pub thresholds: Option<Vec<f64>>,
}

/// One point of a curve: as API.md's `SlaResult`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaPoint {
    /// The threshold, seconds.
    pub threshold: f64,
    /// Events whose value is at most the threshold.
    pub met: u64,
    /// Events with a value.
    pub total: u64,
    /// `met / total`; `None` when there are none.
    pub share: Option<f64>,
}

/// The share met at each threshold, ascending: `met` never falls as the threshold
/// rises. One sort of the values, then a binary search per threshold.
pub fn sla_curve(set: &EventSet, opts: &SlaCurveOptions) -> Vec<SlaPoint> {
    let c = &set.columns;
    let code = opts.metric.event() as u32;
    let column = if opts.business_hours {
        &c.value_in_business_hours
    } else {
        &c.value
    };
    let mut values: Vec<f64> = c
        .name
        .iter()
        .zip(column)
        .filter(|&(name, v)| name == code && !v.is_nan())
        .map(|(_, &v)| v)
        .collect();
    sort_floats(&mut values);
    let mut thresholds: Vec<f64> = match &opts.thresholds {
        Some(t) => t.iter().copied().filter(|t| !t.is_nan()).collect(),
        None => DEFAULT_THRESHOLDS.to_vec(),
    };
    sort_floats(&mut thresholds);
    thresholds.dedup();
    let total = values.len() as u64;
    thresholds
        .into_iter()
        .map(|threshold| {
            let met = values.partition_point(|&v| v <= threshold) as u64;
            SlaPoint {
                threshold,
                met,
                total,
                share: (total > 0).then(|| met as f64 / total as f64),
            }
        })
        .collect()
}
