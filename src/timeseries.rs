//! Time series as Chatwoot's report API computes them (`/api/v2/accounts/:id/reports`):
//! one metric per time bucket, buckets keyed on each event's `created_at` in the local
//! time of a zone, every bucket of the range present and empty ones 0. Beyond Chatwoot:
//! IANA zones with correct daylight-saving days, a Monday week start, and per-bucket
//! medians and percentiles.
//!
//! The work is split so that no event needs calendar arithmetic: the bucket boundaries
//! are computed once as a sorted list of UTC instants (one zone conversion per bucket),
//! then each event finds its bucket by a monotone walk over that list (binary search
//! when the events are not sorted).

use serde::Serialize;

use crate::error::ReportingError;
use crate::event_set::EventSet;
use crate::model::{KnownName, NULL_ID, NULL_TIME};
use crate::stats::quantile_select;
use crate::text::{push_int, push_number};
use crate::timestamp::{civil_from_days, days_from_civil, MAX_MILLIS, MIN_MILLIS};
use crate::window::{conversation_starts, WindowMode};
use crate::zone::{merge_ranges, Zone};
use std::borrow::Cow;

/// Most buckets one series may have: hours over eleven years, days over 270. A chart
/// 4K pixels wide shows 3 840 points, so this is far past any chart, and the limit
/// bounds the memory a careless range takes: a series needs about 85 bytes of wasm
/// memory per bucket while it is built (8.5 MB here; at a million buckets it was 85 MB,
/// which a tab keeps, since wasm memory never shrinks) plus its points as JS objects.
pub const MAX_BUCKETS: usize = 100_000;

/// Earliest `since`/`until` accepted: 0000-01-01T00:00:00Z, the earliest event time.
pub const MIN_SECONDS: i64 = MIN_MILLIS / 1000;
/// Latest `since`/`until` accepted: 10000-01-01T00:00:00Z, just after the latest event time.
pub const MAX_SECONDS: i64 = MAX_MILLIS / 1000 + 1;

const DAY: i64 = 86_400;

/// What a series measures, with Chatwoot's metric names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Mean `value` of `first_response` events.
    AvgFirstResponseTime,
    /// Mean `value` of `conversation_resolved` events.
    AvgResolutionTime,
    /// Mean `value` of `reply_time` events.
    ReplyTime,
    /// Number of `conversation_resolved` events.
    ResolutionsCount,
    /// Number of `conversation_bot_resolved` events.
    BotResolutionsCount,
    /// Number of distinct conversations with a `conversation_bot_handoff` event.
    BotHandoffsCount,
}

impl Metric {
    /// Every metric, in API.md's order.
    pub const ALL: [Metric; 6] = [
        Metric::AvgFirstResponseTime,
        Metric::AvgResolutionTime,
        Metric::ReplyTime,
        Metric::ResolutionsCount,
        Metric::BotResolutionsCount,
        Metric::BotHandoffsCount,
    ];

    /// The name as Chatwoot and API.md spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Metric::AvgFirstResponseTime => "avg_first_response_time",
            Metric::AvgResolutionTime => "avg_resolution_time",
            Metric::ReplyTime => "reply_time",
            Metric::ResolutionsCount => "resolutions_count",
            Metric::BotResolutionsCount => "bot_resolutions_count",
            Metric::BotHandoffsCount => "bot_handoffs_count",
        }
    }

    /// The metric of a name, if it is one.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The event the metric reads.
    pub const fn event(self) -> KnownName {
        match self {
            Metric::AvgFirstResponseTime => KnownName::FirstResponse,
            Metric::AvgResolutionTime | Metric::ResolutionsCount => KnownName::ConversationResolved,
            Metric::ReplyTime => KnownName::ReplyTime,
            Metric::BotResolutionsCount => KnownName::ConversationBotResolved,
            Metric::BotHandoffsCount => KnownName::ConversationBotHandoff,
        }
    }

    /// Whether it averages durations (its points carry a `count`) rather than counts.
    pub const fn is_average(self) -> bool {
        matches!(
            self,
            Metric::AvgFirstResponseTime | Metric::AvgResolutionTime | Metric::ReplyTime
        )
    }
}

/// The length of a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// From one full local hour to the next.
    Hour,
    /// From local midnight to the next (23 or 25 hours on daylight-saving changes).
    #[default]
    Day,
    /// From local midnight of the week's first day (Sunday or Monday) to the next.
    Week,
    /// From local midnight of the 1st to the next 1st.
    Month,
    /// From local midnight of January 1st to the next.
    Year,
}

impl GroupBy {
    /// Every grouping, shortest first.
    pub const ALL: [GroupBy; 5] = [
        GroupBy::Hour,
        GroupBy::Day,
        GroupBy::Week,
        GroupBy::Month,
        GroupBy::Year,
    ];

    /// The name as API.md spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupBy::Hour => "hour",
            GroupBy::Day => "day",
            GroupBy::Week => "week",
            GroupBy::Month => "month",
            GroupBy::Year => "year",
        }
    }

    /// The grouping of a name, if it is one.
    pub fn from_name(name: &str) -> Option<GroupBy> {
        GroupBy::ALL.into_iter().find(|g| g.as_str() == name)
    }

    /// The shortest a bucket can nominally be, in seconds, to bound the bucket count
    /// before computing any boundary.
    const fn min_seconds(self) -> i64 {
        match self {
            GroupBy::Hour => 3600,
            GroupBy::Day => DAY,
            GroupBy::Week => 7 * DAY,
            GroupBy::Month => 28 * DAY,
            GroupBy::Year => 365 * DAY,
        }
    }
}

/// Which figure of each bucket's values an average metric reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Stat {
    /// The arithmetic mean, as Chatwoot (SQL AVG).
    #[default]
    Mean,
    /// The 50th percentile.
    Median,
    /// The 90th percentile.
    P90,
    /// The 95th percentile.
    P95,
    /// The 99th percentile.
    P99,
}

impl Stat {
    /// Every statistic.
    pub const ALL: [Stat; 5] = [Stat::Mean, Stat::Median, Stat::P90, Stat::P95, Stat::P99];

    /// The name as API.md spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Stat::Mean => "mean",
            Stat::Median => "median",
            Stat::P90 => "p90",
            Stat::P95 => "p95",
            Stat::P99 => "p99",
        }
    }

    /// The statistic of a name, if it is one.
    pub fn from_name(name: &str) -> Option<Stat> {
        Stat::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The quantile it reads, `None` for the mean.
    pub const fn quantile(self) -> Option<f64> {
        match self {
            Stat::Mean => None,
            Stat::Median => Some(0.5),
            Stat::P90 => Some(0.9),
            Stat::P95 => Some(0.95),
            Stat::P99 => Some(0.99),
        }
    }
}

/// Everything that shapes a series.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesOptions {
    /// What to measure.
    pub metric: Metric,
    /// Bucket length.
    pub group_by: GroupBy,
    /// The zone whose wall clock draws the bucket boundaries. An hour offset is fixed
    /// (see [`Zone::from_hours`] for how Chatwoot's differs).
    pub zone: Zone,
    /// Weeks start on Monday instead of Sunday (Chatwoot's choice).
    pub week_starts_monday: bool,
    /// Keep events with `created_at >= since` (epoch seconds); the first bucket is the
    /// one containing `since`.
    pub since: Option<f64>,
    /// Keep events with `created_at < until` (epoch seconds); the last bucket is the one
    /// containing the last instant before `until`.
    pub until: Option<f64>,
    /// Average `value_in_business_hours` instead of `value`, skipping nulls.
    pub business_hours: bool,
    /// Which figure of an average metric's bucket to report.
    pub stat: Stat,
    /// Activity (the default, Chatwoot's): events bucket on their `created_at`. Cohort:
    /// events bucket on their conversation's beginning, so each bucket holds the
    /// conversations that began in it, with all their events (see [`crate::window`]);
    /// `since`/`until` then select conversations by their beginning too.
    pub window: WindowMode,
}

impl SeriesOptions {
    /// Options for `metric` with every default of API.md: by day, in UTC, weeks from
    /// Sunday, over the whole data, wall-clock values, means.
    pub fn new(metric: Metric) -> SeriesOptions {
        SeriesOptions {
            metric,
            group_by: GroupBy::Day,
            zone: Zone::UTC,
            week_starts_monday: false,
            since: None,
            until: None,
            business_hours: false,
            stat: Stat::Mean,
            window: WindowMode::Activity,
        }
    }
}

/// One bucket of a series: `{ timestamp, value, count? }` in JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Point {
    /// The bucket's first instant, epoch seconds.
    pub timestamp: i64,
    /// The metric's value; 0 for an empty bucket.
    pub value: f64,
    /// For average metrics, how many events fell in the bucket, those with a null value
    /// included (Chatwoot's `COUNT(*)`; the value averages only the others); `None` for
    /// count metrics, whose points then have no `count` key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// The series of `opts.metric` over `set` (see the module documentation and API.md).
/// Fails with `invalid_argument` when `since` or `until` is outside years 0000–9999,
/// when `since >= until`, when a percentile is asked of a count metric, or when the range
/// would make more than [`MAX_BUCKETS`] buckets.
pub fn timeseries(set: &EventSet, opts: &SeriesOptions) -> Result<Vec<Point>, ReportingError> {
    let when = bucket_times(set, opts);
    let Some((first, last)) = checked_range(&when, opts)? else {
        return Ok(Vec::new());
    };
    let bounds = bucket_bounds(
        &opts.zone,
        opts.group_by,
        opts.week_starts_monday,
        first,
        last,
    )?;
    let buckets = bounds.len().saturating_sub(1);
    let assigned = assign(set, &when, opts, &bounds);
    let starts = bounds.iter().take(buckets).copied();
    Ok(if opts.metric.is_average() {
        average_points(starts, assigned, buckets, opts.stat.quantile())
    } else if opts.metric == Metric::BotHandoffsCount {
        distinct_points(starts, assigned, buckets)
    } else {
        count_points(starts, assigned, buckets)
    })
}

/// Checks the options against the set without computing the series: what
/// [`timeseries`] would refuse, refused here too. The bindings call it before asking
/// JavaScript for a zone's offsets, so a hopeless range costs nothing.
pub fn validate(set: &EventSet, opts: &SeriesOptions) -> Result<(), ReportingError> {
    if let Some((first, last)) = checked_range(&bucket_times(set, opts), opts)? {
        check_estimate(opts.group_by, first, last)?;
    }
    Ok(())
}

/// The UTC range `(from, to)` in epoch seconds over which the zone's offsets must be
/// known to compute the series: the range of the data or of `since`/`until`, widened to
/// the start of the period containing it and the end of the one after (a year bucket may
/// start up to a year before the first event), a little more for safety, and a day for
/// offsets. `None` when there is nothing to compute (an empty set with no range) or the
/// options are refused anyway. The hull of [`needed_ranges`], which asks for less.
pub fn needed_range(set: &EventSet, opts: &SeriesOptions) -> Option<(i64, i64)> {
    let ranges = needed_ranges(set, opts);
    Some((ranges.first()?.0, ranges.last()?.1))
}

/// The UTC ranges (sorted, disjoint, epoch seconds) over which the zone's offsets must be
/// known: for hour buckets the whole range, for longer ones only a day either side of
/// each period start (and of the range's ends), which is all the boundary computation
/// reads (day windows merge into one range). Asking `Intl` costs a few microseconds per
/// six hours of range, so ten thousand years by year shrink from about fifteen million
/// samples to a hundred thousand. Empty when [`needed_range`] is `None`.
pub fn needed_ranges(set: &EventSet, opts: &SeriesOptions) -> Vec<(i64, i64)> {
    let Some((first, last)) = checked_range(&bucket_times(set, opts), opts).ok().flatten() else {
        return Vec::new();
    };
    let g = opts.group_by;
    if g == GroupBy::Hour {
        // Hour marks are read from every offset change in the range, 6 hours either side.
        return vec![(first - 2 * DAY, last + 2 * DAY)];
    }
    let monday = opts.week_starts_monday;
    let mut windows = vec![(first - DAY, first + DAY), (last - DAY, last + DAY)];
    // Every period start `calendar_bounds` can convert, whatever the offsets (which move
    // the local date of `first` and `last` by less than a day): two periods of safety
    // before, three after, as it reaches.
    let mut day = period_start(g, monday, (first - DAY).div_euclid(DAY));
    for _ in 0..2 {
        day = prev_period(g, monday, day);
    }
    let mut stop = period_start(g, monday, (last + DAY).div_euclid(DAY));
    for _ in 0..3 {
        stop = next_period(g, stop);
    }
    while day <= stop {
        // Converting a local midnight reads offsets at most 18 hours either side of it.
        windows.push((day * DAY - DAY, day * DAY + DAY));
        day = next_period(g, day);
    }
    merge_ranges(&mut windows, 0);
    windows
}

/// The first and last instants (epoch seconds, inclusive) the buckets must cover, after
/// checking the options; `None` for an empty set without a range.
/// The instant (epoch ms) each event is bucketed at: its `created_at`, or its
/// conversation's beginning in a cohort series.
fn bucket_times<'a>(set: &'a EventSet, opts: &SeriesOptions) -> Cow<'a, [i64]> {
    match opts.window {
        WindowMode::Activity => Cow::Borrowed(&set.columns.created_at),
        WindowMode::Cohort => Cow::Owned(conversation_starts(set)),
    }
}

fn checked_range(when: &[i64], opts: &SeriesOptions) -> Result<Option<(i64, i64)>, ReportingError> {
    if opts.stat != Stat::Mean && !opts.metric.is_average() {
        return Err(ReportingError::invalid_argument(
            [
                "The statistic '",
                opts.stat.as_str(),
                "' applies to average metrics only, not to '",
                opts.metric.as_str(),
                "'.",
            ]
            .concat(),
        ));
    }
    let since = opts.since.map(|s| check_time("since", s)).transpose()?;
    let until = opts.until.map(|u| check_time("until", u)).transpose()?;
    if let (Some(s), Some(u)) = (since, until) {
        if s >= u {
            let mut m = String::from("The option `since` (");
            push_number(&mut m, s);
            m.push_str(") must be before `until` (");
            push_number(&mut m, u);
            m.push_str(").");
            return Err(ReportingError::invalid_argument(m));
        }
    }
    // The instant just before `until` decides the last bucket; boundaries are whole
    // seconds, so the last whole second before `until` lies in the same bucket.
    let first = since.map(|s| s.floor() as i64);
    let last = until.map(|u| u.ceil() as i64 - 1);
    let extent = extent_seconds(when);
    let range = match (first, last, extent) {
        (Some(f), Some(l), _) => Some((f, l)),
        (Some(f), None, e) => Some((f, e.map_or(f, |(_, hi)| hi.max(f)))),
        (None, Some(l), e) => Some((e.map_or(l, |(lo, _)| lo.min(l)), l)),
        (None, None, e) => e,
    };
    if let Some((first, last)) = range {
        check_span(first, last)?;
    }
    Ok(range)
}

/// Refuses instants outside years 0000–9999: the decoder never produces them, but a set
/// built in Rust can, and far beyond them millisecond arithmetic would overflow.
fn check_span(first: i64, last: i64) -> Result<(), ReportingError> {
    if first < MIN_SECONDS || last > MAX_SECONDS {
        return Err(ReportingError::invalid_argument(
            "Time series cover years 0000 to 9999 only; an event or bound lies outside them.",
        ));
    }
    Ok(())
}

/// `value` as a time option, refused when not finite or outside years 0000–9999.
fn check_time(key: &str, value: f64) -> Result<f64, ReportingError> {
    if value.is_finite() && value >= MIN_SECONDS as f64 && value <= MAX_SECONDS as f64 {
        Ok(value)
    } else {
        let mut m = String::from("The option `");
        m.push_str(key);
        m.push_str("` must be epoch seconds between ");
        push_int(&mut m, MIN_SECONDS);
        m.push_str(" and ");
        push_int(&mut m, MAX_SECONDS);
        m.push_str(" (years 0000 to 9999), not ");
        push_number(&mut m, value);
        m.push('.');
        Err(ReportingError::invalid_argument(m))
    }
}

/// The earliest and latest `created_at` in whole seconds.
fn extent_seconds(created_at: &[i64]) -> Option<(i64, i64)> {
    let mut it = created_at.iter().copied().filter(|&t| t != NULL_TIME);
    let first = it.next()?;
    let (lo, hi) = it.fold((first, first), |(lo, hi), t| (lo.min(t), hi.max(t)));
    Some((lo.div_euclid(1000), hi.div_euclid(1000)))
}

/// Refuses a range that cannot fit in [`MAX_BUCKETS`] whatever the zone, before any
/// boundary is computed (the exact count is checked once they are).
fn check_estimate(group_by: GroupBy, first: i64, last: i64) -> Result<(), ReportingError> {
    let estimate = (last - first) / group_by.min_seconds() + 1;
    // Offset changes can add buckets to the nominal count (an hour bucket is cut in two
    // by each change of a non-whole hour), hence the slack; the exact check follows in
    // `bucket_bounds`.
    if estimate > (MAX_BUCKETS + MAX_BUCKETS / 100) as i64 {
        return Err(too_many(group_by, estimate));
    }
    Ok(())
}

fn too_many(group_by: GroupBy, buckets: i64) -> ReportingError {
    let mut m = String::from("Grouping this range by ");
    m.push_str(group_by.as_str());
    m.push_str(" would make about ");
    push_int(&mut m, buckets);
    m.push_str(" buckets, more than the ");
    push_int(&mut m, MAX_BUCKETS as i64);
    m.push_str(" allowed; narrow `since`/`until` or group by a longer period.");
    ReportingError::invalid_argument(m)
}

/// The bucket boundaries covering the instants `first..=last` (epoch seconds): strictly
/// increasing UTC instants `b0 <= first < ... < bn`, `last < bn`, where bucket `k` is
/// `[bk, bk+1)`. Fails when there would be more than [`MAX_BUCKETS`] buckets or the
/// instants lie outside years 0000–9999.
pub fn bucket_bounds(
    zone: &Zone,
    group_by: GroupBy,
    week_starts_monday: bool,
    first: i64,
    last: i64,
) -> Result<Vec<i64>, ReportingError> {
    let last = last.max(first);
    check_span(first, last)?;
    check_estimate(group_by, first, last)?;
    let mut bounds = match group_by {
        GroupBy::Hour => {
            // A few hours either side always hold a full-hour mark, whatever the zone.
            let mut out = Vec::new();
            zone.wall_marks(first - 6 * 3600, last + 6 * 3600, 3600, &mut out);
            out
        }
        _ => calendar_bounds(zone, group_by, week_starts_monday, first, last),
    };
    // Keep from the last boundary at or before `first` through the first after `last`.
    let start = bounds.partition_point(|&b| b <= first);
    let end = bounds.partition_point(|&b| b <= last);
    bounds.truncate(end + 1);
    if start == 0 {
        // Only a broken zone table leaves no boundary before the range: let the range
        // itself start the first bucket rather than drop events.
        let mut with_first = Vec::with_capacity(bounds.len() + 1);
        with_first.push(first);
        with_first.extend_from_slice(&bounds);
        bounds = with_first;
    } else {
        bounds.drain(..(start - 1).min(bounds.len()));
    }
    if bounds.last().map_or(true, |&b| b <= last) {
        bounds.push(last + 1);
    }
    let buckets = bounds.len().saturating_sub(1);
    if buckets > MAX_BUCKETS {
        return Err(too_many(group_by, buckets as i64));
    }
    Ok(bounds)
}

/// Boundaries of day, week, month or year buckets: local midnights of the period starts
/// from the period containing `first` to the one after the period containing `last`.
fn calendar_bounds(
    zone: &Zone,
    group_by: GroupBy,
    monday: bool,
    first: i64,
    last: i64,
) -> Vec<i64> {
    let day_of = |t: i64| zone.utc_to_local(t).div_euclid(DAY);
    let mut day = period_start(group_by, monday, day_of(first));
    let stop = next_period(group_by, period_start(group_by, monday, day_of(last)));
    let mut out = Vec::with_capacity(((last - first) / group_by.min_seconds() + 3) as usize);
    let push = |out: &mut Vec<i64>, day: i64| {
        let t = zone.local_to_utc(day * DAY);
        if out.last().map_or(true, |&prev| prev < t) {
            out.push(t);
        }
    };
    // Odd zone tables (an offset change right at midnight) can put the first midnight
    // after `first` or the last at or before `last`: reach one period further, twice at
    // most, rather than trusting the local date alone.
    for _ in 0..2 {
        if zone.local_to_utc(day * DAY) <= first {
            break;
        }
        day = prev_period(group_by, monday, day);
    }
    while day <= stop {
        push(&mut out, day);
        day = next_period(group_by, day);
    }
    for _ in 0..2 {
        if out.last().is_some_and(|&b| b > last) {
            break;
        }
        push(&mut out, day);
        day = next_period(group_by, day);
    }
    out
}

/// The first day (days since 1970-01-01, local) of the period containing `day`.
fn period_start(group_by: GroupBy, monday: bool, day: i64) -> i64 {
    match group_by {
        GroupBy::Hour | GroupBy::Day => day,
        GroupBy::Week => {
            // 1970-01-01 was a Thursday: weekday 0 = Sunday.
            let weekday = (day + 4).rem_euclid(7);
            day - (weekday - i64::from(monday)).rem_euclid(7)
        }
        GroupBy::Month => {
            let (y, m, _) = civil_from_days(day);
            days_from_civil(y, m, 1)
        }
        GroupBy::Year => {
            let (y, _, _) = civil_from_days(day);
            days_from_civil(y, 1, 1)
        }
    }
}

/// The first day of the period after the one starting on `day`.
fn next_period(group_by: GroupBy, day: i64) -> i64 {
    match group_by {
        GroupBy::Hour | GroupBy::Day => day + 1,
        GroupBy::Week => day + 7,
        GroupBy::Month => {
            let (y, m, _) = civil_from_days(day);
            if m == 12 {
                days_from_civil(y + 1, 1, 1)
            } else {
                days_from_civil(y, m + 1, 1)
            }
        }
        GroupBy::Year => {
            let (y, _, _) = civil_from_days(day);
            days_from_civil(y + 1, 1, 1)
        }
    }
}

/// The first day of the period before the one containing `day`.
fn prev_period(group_by: GroupBy, monday: bool, day: i64) -> i64 {
    period_start(group_by, monday, period_start(group_by, monday, day) - 1)
}

/// The events of the metric in range, each with its bucket index and what the metric
/// needs of it: the value to average, or the conversation to count once.
struct Assigned {
    bucket: Vec<u32>,
    /// Values for averages; conversation ids (as read) for distinct counts; empty else.
    value: Vec<f64>,
    conversation: Vec<i64>,
}

/// One pass over the events: filter by name and range, find each bucket by walking the
/// boundaries (constant time while events come in order, binary search otherwise).
fn assign(set: &EventSet, when: &[i64], opts: &SeriesOptions, bounds: &[i64]) -> Assigned {
    let c = &set.columns;
    let code = opts.metric.event() as u32;
    let average = opts.metric.is_average();
    let distinct = opts.metric == Metric::BotHandoffsCount;
    let values = if opts.business_hours {
        &c.value_in_business_hours
    } else {
        &c.value
    };
    // Milliseconds, to compare with `created_at` without dividing each event.
    let bounds_ms: Vec<i64> = bounds.iter().map(|&b| b * 1000).collect();
    let since_ms = opts.since.map(|s| s * 1000.0);
    let until_ms = opts.until.map(|u| u * 1000.0);
    let mut out = Assigned {
        bucket: Vec::new(),
        value: Vec::new(),
        conversation: Vec::new(),
    };
    let (mut cur, (mut lo, mut hi)) = (0u32, window(&bounds_ms, 0));
    let rows = c.name.iter().zip(when).zip(values).zip(&c.conversation_id);
    for (((name, &created), &value), conversation) in rows {
        // An average metric keeps events whose value is null (NaN): Chatwoot's bucket
        // `count` is SQL COUNT(*), which counts them, while AVG skips them.
        if name != code || created == NULL_TIME || (distinct && conversation == NULL_ID) {
            continue;
        }
        // The same comparison as `EventSet::filter`, so both agree on the edges.
        let t = created as f64;
        if since_ms.is_some_and(|s| t < s) || until_ms.is_some_and(|u| t >= u) {
            continue;
        }
        if !(lo <= created && created < hi) {
            let p = bounds_ms.partition_point(|&b| b <= created);
            if p == 0 || p >= bounds_ms.len() {
                continue;
            }
            cur = (p - 1) as u32;
            (lo, hi) = window(&bounds_ms, p - 1);
        }
        out.bucket.push(cur);
        if average {
            out.value.push(value);
        } else if distinct {
            out.conversation.push(conversation);
        }
    }
    out
}

/// Bucket `k`'s `[start, end)` in milliseconds; empty when there is no such bucket.
fn window(bounds_ms: &[i64], k: usize) -> (i64, i64) {
    match (bounds_ms.get(k), bounds_ms.get(k + 1)) {
        (Some(&lo), Some(&hi)) => (lo, hi),
        _ => (0, 0),
    }
}

/// Average points: the mean (compensated sum, as `Stats`) or one quantile per bucket of
/// the values that are not null, and as `count` every event in the bucket, null values
/// included, as Chatwoot's builder reports `COUNT(*)` beside `AVG(...)`. A bucket whose
/// values are all null has the value 0 (Chatwoot's is null there).
fn average_points(
    starts: impl Iterator<Item = i64>,
    a: Assigned,
    buckets: usize,
    quantile: Option<f64>,
) -> Vec<Point> {
    let mut counts = vec![0u64; buckets];
    for &k in &a.bucket {
        if let Some(n) = counts.get_mut(k as usize) {
            *n += 1;
        }
    }
    let values: Vec<f64> = match quantile {
        None => {
            // Kahan per bucket, in event order: the same operations as `kahan_sum` over
            // the bucket's values, without gathering them.
            let mut sum = vec![0.0f64; buckets];
            let mut comp = vec![0.0f64; buckets];
            let mut valued = vec![0u64; buckets];
            for (&k, &x) in a.bucket.iter().zip(&a.value) {
                let k = k as usize;
                if let (false, Some(s), Some(c), Some(m)) = (
                    x.is_nan(),
                    sum.get_mut(k),
                    comp.get_mut(k),
                    valued.get_mut(k),
                ) {
                    let y = x - *c;
                    let t = *s + y;
                    *c = (t - *s) - y;
                    *s = t;
                    *m += 1;
                }
            }
            sum.iter()
                .zip(&valued)
                .map(|(&s, &n)| if n == 0 { 0.0 } else { s / n as f64 })
                .collect()
        }
        Some(p) => per_bucket(&a.bucket, &a.value, &counts, |mine| {
            if mine.iter().any(|v| v.is_nan()) {
                let mut present: Vec<f64> = mine.iter().copied().filter(|v| !v.is_nan()).collect();
                quantile_select(&mut present, p).unwrap_or(0.0)
            } else {
                quantile_select(mine, p).unwrap_or(0.0)
            }
        }),
    };
    starts
        .zip(values)
        .zip(counts)
        .map(|((timestamp, value), n)| Point {
            timestamp,
            value,
            count: Some(n),
        })
        .collect()
}

/// Count points: events per bucket.
fn count_points(starts: impl Iterator<Item = i64>, a: Assigned, buckets: usize) -> Vec<Point> {
    let mut counts = vec![0u64; buckets];
    for &k in &a.bucket {
        if let Some(n) = counts.get_mut(k as usize) {
            *n += 1;
        }
    }
    to_count_points(starts, counts)
}

/// Distinct-conversation points: each conversation once per bucket (SQL
/// `COUNT(DISTINCT conversation_id)`, which also skips nulls).
fn distinct_points(starts: impl Iterator<Item = i64>, a: Assigned, buckets: usize) -> Vec<Point> {
    let mut counts = vec![0u64; buckets];
    for &k in &a.bucket {
        if let Some(n) = counts.get_mut(k as usize) {
            *n += 1;
        }
    }
    // Each bucket's conversations sorted and counted once each: the plain `i64` sort the
    // crate already has, where a sort of (bucket, conversation) pairs would add its own.
    let distinct = per_bucket(&a.bucket, &a.conversation, &counts, |mine| {
        crate::sort::sort_i64(mine);
        let mut n = 0u64;
        let mut last = None;
        for &c in mine.iter() {
            if last != Some(c) {
                n += 1;
                last = Some(c);
            }
        }
        n
    });
    to_count_points(starts, distinct)
}

/// `each` of every bucket's values, in bucket order: the values grouped by bucket with a
/// counting sort (`counts[k]` values fall in bucket `k`), then one call per bucket's
/// slice.
fn per_bucket<T: Copy + Default, R>(
    bucket: &[u32],
    values: &[T],
    counts: &[u64],
    mut each: impl FnMut(&mut [T]) -> R,
) -> Vec<R> {
    let mut next: Vec<usize> = Vec::with_capacity(counts.len());
    let mut acc = 0usize;
    for &n in counts {
        next.push(acc);
        acc += n as usize;
    }
    let mut grouped = vec![T::default(); acc];
    for (&k, &x) in bucket.iter().zip(values) {
        if let Some(pos) = next.get_mut(k as usize) {
            if let Some(slot) = grouped.get_mut(*pos) {
                *slot = x;
            }
            *pos += 1;
        }
    }
    let mut rest: &mut [T] = &mut grouped;
    counts
        .iter()
        .map(|&n| {
            let taken = std::mem::take(&mut rest);
            let (mine, others) = taken
                .split_at_mut_checked(n as usize)
                .unwrap_or((&mut [], &mut []));
            rest = others;
            each(mine)
        })
        .collect()
}

fn to_count_points(starts: impl Iterator<Item = i64>, counts: Vec<u64>) -> Vec<Point> {
    starts
        .zip(counts)
        .map(|(timestamp, n)| Point {
            timestamp,
            value: n as f64,
            count: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::kahan_sum;

    #[test]
    fn per_bucket_mean_is_kahan_sum() {
        let v = [0.1, 0.2, 0.3, 1e16, 1.0, -1e16];
        let a = Assigned {
            bucket: vec![0; v.len()],
            value: v.to_vec(),
            conversation: Vec::new(),
        };
        let p = average_points([0].into_iter(), a, 1, None);
        assert_eq!(p[0].value, kahan_sum(&v) / v.len() as f64);
    }

    #[test]
    fn week_starts() {
        // 2026-04-08 is a Wednesday: its week starts Sunday 04-05 or Monday 04-06.
        let wed = days_from_civil(2026, 4, 8);
        assert_eq!(
            period_start(GroupBy::Week, false, wed),
            days_from_civil(2026, 4, 5)
        );
        assert_eq!(
            period_start(GroupBy::Week, true, wed),
            days_from_civil(2026, 4, 6)
        );
        let sun = days_from_civil(2026, 4, 5);
        assert_eq!(period_start(GroupBy::Week, false, sun), sun);
        assert_eq!(
            period_start(GroupBy::Week, true, sun),
            days_from_civil(2026, 3, 30)
        );
        assert_eq!(
            prev_period(GroupBy::Month, false, days_from_civil(2026, 3, 15)),
            days_from_civil(2026, 2, 1)
        );
        assert_eq!(
            next_period(GroupBy::Year, days_from_civil(2026, 1, 1)),
            days_from_civil(2027, 1, 1)
        );
    }
}
