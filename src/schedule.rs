//! Working-hours schedules, and the business seconds between two instants under one.
//!
//! Chatwoot stores `value_in_business_hours` computed once under the inbox's narrow
//! schedule: one window a weekday, none across midnight, no holidays. [`Schedule`] is
//! wider: several windows a day, windows that run past midnight, holidays, any IANA zone.
//! [`business_millis`] recomputes the working time of any span under it, and
//! [`recompute`] does so for every event of an [`EventSet`].
//!
//! # What counts as working time
//! Windows are wall-clock times in the schedule's zone. A window is open from the instant
//! the wall clock *first* shows its opening time until the instant it first shows its
//! closing time, so on a day when clocks change it lasts as long as the wall clock says:
//! 01:00–04:00 is two real hours when clocks spring forward at 02:00 and four when they
//! fall back at 03:00. An opening or closing time the clock skips takes effect when the
//! clock jumps past it; one the clock shows twice takes effect the first time (staff who
//! leave at the first 02:30 do not come back when the clock reads 02:00 again).
//!
//! Equivalently, an instant is working time when the highest reading the wall clock has
//! shown so far falls inside a window on a date that is not a holiday. That clock never
//! runs backwards, which turns the problem into one over a monotone local time axis: the
//! engine keeps a cumulative count of working milliseconds along that axis (a weekly
//! total, a prefix sum inside the week and a prefix sum of holiday corrections) and only
//! has to split a span where the zone's offset changes. A span of ten years costs a few
//! binary searches per offset change, about twenty in all.
//!
//! A holiday is a local calendar date with no working time at all: the part of an
//! overnight window that runs into a holiday does not count, the part of an overnight
//! window that starts on a holiday evening and runs into a working day does.

use crate::error::ReportingError;
use crate::event_set::EventSet;
use crate::model::NULL_TIME;
use crate::text::{push_int, push_padded};
use crate::timestamp::{civil_from_days, days_from_civil};
use crate::zone::{Zone, MAX_INSTANT_SECONDS, MAX_OFFSET_SECONDS};

/// The keys of `WorkingHours.weekly`, Sunday first as Chatwoot's `day_of_week` counts.
pub const DAY_KEYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Minutes in a day: `'24:00'` as a closing time.
pub const MINUTES_PER_DAY: u16 = 1440;

/// The longest stretch of UTC time, summed over ranges, for which the bindings ask `Intl`
/// for one zone's offsets. `Intl` costs about 3.6 ms a year of range, so this bounds a
/// call at under two seconds instead of letting one absurd span hang the page for hours.
pub const MAX_ZONE_RANGE_SECONDS: i64 = 400 * 366 * 86_400;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
const WEEK_MS: i64 = 7 * DAY_MS;
/// 1970-01-04, local day 3, was a Sunday: weeks are counted from its midnight.
const WEEK_ORIGIN_MS: i64 = 3 * DAY_MS;
/// A JavaScript `Date`'s range in milliseconds; instants are clamped to it so that no
/// sum of an instant, an offset and a lookback can overflow.
const MAX_MS: i64 = MAX_INSTANT_SECONDS as i64 * 1000;
/// How far before a span the offset sweep starts. The highest reading the clock showed
/// before an instant `s` was shown within `2 × 18 h` of `s` (any reading older than that
/// is below the reading at `s` whatever the offsets), so this is enough to know it.
const LOOKBACK_MS: i64 = 2 * MAX_OFFSET_SECONDS as i64 * 1000;
/// Holiday dates are limited to four-digit years (0000–9999), as `'YYYY-MM-DD'` writes.
const MIN_DAY: i64 = -719_528;
const MAX_DAY: i64 = 2_932_896;
/// Ranges for `Intl` closer than this are asked for as one: a month of extra samples
/// costs less than another round trip through the formatter.
const RANGE_MERGE_GAP_SECONDS: i64 = 30 * 86_400;

type Res<T> = Result<T, ReportingError>;

// ---------------------------------------------------------------------------------------
// Windows, times and dates

/// One working window of a weekday, in minutes after local midnight. A window whose
/// closing time is not after its opening time runs past midnight into the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    open: u16,
    close: u16,
}

impl Window {
    /// A window from `open` (0 to 1439) to `close` (0 to 1440) minutes after midnight;
    /// `None` when out of range or empty (equal times would be ambiguous between nothing
    /// and a whole day: a whole day is `0`–`1440`).
    pub fn new(open: u16, close: u16) -> Option<Window> {
        let valid = open < MINUTES_PER_DAY && close <= MINUTES_PER_DAY && open != close;
        valid.then_some(Window { open, close })
    }

    /// A window from two `'HH:MM'` strings; the error says what is wrong, without a path.
    pub fn parse(open: &str, close: &str) -> Result<Window, String> {
        let o = parse_time(open).ok_or_else(|| not_a_time(open))?;
        let c = parse_time(close).ok_or_else(|| not_a_time(close))?;
        if o == MINUTES_PER_DAY {
            return Err([
                "a window cannot open at '",
                open,
                "' (use '00:00' of the next day)",
            ]
            .concat());
        }
        Window::new(o, c).ok_or_else(|| {
            [
                "['",
                open,
                "', '",
                close,
                "'] is empty (use ['00:00', '24:00'] for a whole day)",
            ]
            .concat()
        })
    }

    /// Opening time, minutes after midnight.
    pub fn open(&self) -> u16 {
        self.open
    }

    /// Closing time, minutes after midnight (of the next day when [`Self::is_overnight`]).
    pub fn close(&self) -> u16 {
        self.close
    }

    /// Whether the window runs past midnight into the next day.
    pub fn is_overnight(&self) -> bool {
        self.close < self.open
    }

    /// Its length on a day without a clock change, in seconds.
    pub fn seconds(&self) -> i64 {
        let minutes = if self.is_overnight() {
            i64::from(self.close) + i64::from(MINUTES_PER_DAY) - i64::from(self.open)
        } else {
            i64::from(self.close) - i64::from(self.open)
        };
        minutes * 60
    }

    /// `['HH:MM', 'HH:MM']`, as messages and the JS shape write it.
    pub(crate) fn describe(&self, out: &mut String) {
        out.push_str("['");
        push_time(out, self.open);
        out.push_str("', '");
        push_time(out, self.close);
        out.push_str("']");
    }
}

fn not_a_time(s: &str) -> String {
    [
        "'",
        s,
        "' is not a time (expected 'HH:MM' from '00:00' to '24:00')",
    ]
    .concat()
}

/// Minutes after midnight of `'HH:MM'` (one or two hour digits, `'24:00'` allowed);
/// `None` for anything else.
pub fn parse_time(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if h.len() > 2 || m.len() != 2 || !all_digits(h) || !all_digits(m) {
        return None;
    }
    let (h, m) = (digits_value(h) as u16, digits_value(m) as u16);
    let minutes = h * 60 + m;
    (m < 60 && minutes <= MINUTES_PER_DAY).then_some(minutes)
}

/// The number an all-ASCII-digit string writes (checked by the caller; at most a few
/// digits, so it cannot overflow).
fn digits_value(s: &str) -> i64 {
    s.bytes()
        .fold(0, |n, b| n * 10 + i64::from(b.wrapping_sub(b'0')))
}

/// `'HH:MM'` of minutes after midnight (`'24:00'` for 1440).
pub fn format_time(minutes: u16) -> String {
    let mut out = String::new();
    push_time(&mut out, minutes);
    out
}

/// Appends `HH:MM` of minutes after midnight.
fn push_time(out: &mut String, minutes: u16) {
    push_padded(out, u64::from(minutes / 60), 2);
    out.push(':');
    push_padded(out, u64::from(minutes % 60), 2);
}

/// Days since 1970-01-01 of `'YYYY-MM-DD'`; `None` unless it is exactly that form and a
/// real date.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits_value(part))
    };
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // Day 31 of a 30-day month lands in the next month: the round trip catches it.
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// `'YYYY-MM-DD'` of a day count since 1970-01-01.
pub fn format_date(days: i64) -> String {
    let mut out = String::new();
    push_date(&mut out, days);
    out
}

/// Appends `YYYY-MM-DD` of a day count since 1970-01-01 (years before 0 as `-YYY`, as
/// `{:04}` pads them).
fn push_date(out: &mut String, days: i64) {
    let (y, m, d) = civil_from_days(days);
    if y < 0 {
        out.push('-');
    }
    push_padded(out, y.unsigned_abs(), if y < 0 { 3 } else { 4 });
    out.push('-');
    push_padded(out, m as u64, 2);
    out.push('-');
    push_padded(out, d as u64, 2);
}

// ---------------------------------------------------------------------------------------
// The schedule

/// A working-hours schedule: windows per weekday, holidays, and the IANA name of the zone
/// its wall-clock times are in. The zone itself (a [`Zone`]) is passed separately to
/// [`business_millis`], because the core has no time-zone database: the bindings build
/// it from `Intl` for the range a computation needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    timezone: String,
    weekly: [Vec<Window>; 7],
    /// Sorted, distinct local day numbers (days since 1970-01-01).
    holidays: Vec<i64>,
    /// Working stretches of a week in ms after Sunday 00:00: sorted, disjoint, within
    /// `[0, WEEK_MS)`, touching ones merged.
    week: Vec<(i64, i64)>,
    /// `week_prefix[i]`: working ms of the week before stretch `i`.
    week_prefix: Vec<i64>,
    week_total: i64,
    /// `holiday_prefix[k]`: working ms the first `k` holidays remove.
    holiday_prefix: Vec<i64>,
}

/// A stretch of a week one window covers, with where it came from (for messages).
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: i64,
    end: i64,
    day: usize,
    index: usize,
    window: Window,
    /// The part of an overnight window after midnight.
    spill: bool,
}

impl Schedule {
    /// A schedule from windows per weekday (Sunday first) and holidays (day numbers since
    /// 1970-01-01). Refused when windows overlap once overnight windows are extended into
    /// the next day (touching is fine), or a holiday lies outside the years 0000–9999.
    pub fn new(
        timezone: impl Into<String>,
        weekly: [Vec<Window>; 7],
        holidays: Vec<i64>,
    ) -> Res<Schedule> {
        let holidays = clean_holidays(holidays)?;
        let week = week_stretches(&weekly)?;
        let week_prefix = prefix_sums(week.iter().map(|&(a, b)| b - a));
        let week_total = week_prefix.last().copied().unwrap_or(0);
        let mut schedule = Schedule {
            timezone: timezone.into(),
            weekly,
            holidays,
            week,
            week_prefix,
            week_total,
            holiday_prefix: Vec::new(),
        };
        schedule.holiday_prefix = prefix_sums(schedule.holidays.iter().map(|&d| {
            schedule.weekly_cumulative((d + 1) * DAY_MS) - schedule.weekly_cumulative(d * DAY_MS)
        }));
        Ok(schedule)
    }

    /// A schedule with no working time at all: what an inbox with working hours switched
    /// off, or switched on with every day closed, amounts to (Chatwoot then stores 0).
    pub fn closed(timezone: impl Into<String>) -> Schedule {
        Schedule {
            timezone: timezone.into(),
            weekly: Default::default(),
            holidays: Vec::new(),
            week: Vec::new(),
            week_prefix: vec![0],
            week_total: 0,
            holiday_prefix: vec![0],
        }
    }

    /// Reads the JavaScript `WorkingHours` shape from JSON text (what
    /// [`Schedule::to_json`] writes): `serde_json` and this type's `Deserialize`
    /// (see [`crate::hours_json`]), whose messages name the bad value as a person would
    /// ("Monday's second window: '25:00' is not a time …").
    pub fn from_json(text: &str) -> Res<Schedule> {
        crate::hours_json::schedule_from_json(text)
    }

    /// The same from a JSON value (what the bindings read a JS object into with
    /// serde-wasm-bindgen).
    pub fn from_value(raw: serde_json::Value) -> Res<Schedule> {
        crate::hours_json::schedule_from_value(raw)
    }

    /// The IANA zone name the windows are in.
    pub fn timezone(&self) -> &str {
        &self.timezone
    }

    /// The windows of each weekday, Sunday first, as given.
    pub fn weekly(&self) -> &[Vec<Window>; 7] {
        &self.weekly
    }

    /// The holidays: sorted, distinct day numbers since 1970-01-01.
    pub fn holidays(&self) -> &[i64] {
        &self.holidays
    }

    /// Working seconds of a week without holidays or clock changes.
    pub fn week_seconds(&self) -> i64 {
        self.week_total / 1000
    }

    /// The JavaScript `WorkingHours` shape as JSON text: every weekday listed (closed
    /// ones empty), times as `'HH:MM'`, holidays as `'YYYY-MM-DD'` (this type's
    /// `Serialize`, see [`crate::hours_json`]).
    pub fn to_json(&self) -> String {
        crate::hours_json::schedule_to_json(self)
    }

    /// Working ms of the weekly pattern on the local axis from the week origin to `x`
    /// (negative before it), holidays ignored.
    fn weekly_cumulative(&self, x: i64) -> i64 {
        let rel = x - WEEK_ORIGIN_MS;
        rel.div_euclid(WEEK_MS) * self.week_total + self.within_week(rel.rem_euclid(WEEK_MS))
    }

    /// Working ms of the week in `[0, r)`.
    fn within_week(&self, r: i64) -> i64 {
        let i = self.week.partition_point(|&(_, end)| end <= r);
        let before = self.week_prefix.get(i).copied().unwrap_or(self.week_total);
        let partial = self.week.get(i).map_or(0, |&(start, _)| (r - start).max(0));
        before + partial
    }

    /// Working ms the holidays remove from the local axis before `x`.
    fn holiday_cumulative(&self, x: i64) -> i64 {
        let k = self.holidays.partition_point(|&d| (d + 1) * DAY_MS <= x);
        let whole = self.holiday_prefix.get(k).copied().unwrap_or(0);
        let partial = match self.holidays.get(k) {
            Some(&d) if d * DAY_MS < x => {
                self.weekly_cumulative(x) - self.weekly_cumulative(d * DAY_MS)
            }
            _ => 0,
        };
        whole + partial
    }

    /// Working ms on the local axis from the week origin to `x`: differences of it are
    /// the working time between two wall-clock readings.
    fn cumulative(&self, x: i64) -> i64 {
        self.weekly_cumulative(x) - self.holiday_cumulative(x)
    }

    /// Whether the local millisecond starting at `x` is working time.
    fn is_working(&self, x: i64) -> bool {
        self.cumulative(x + 1) > self.cumulative(x)
    }
}

/// Holidays sorted and deduplicated, refused outside the years `'YYYY-MM-DD'` can write.
fn clean_holidays(mut days: Vec<i64>) -> Res<Vec<i64>> {
    if let Some(&d) = days.iter().find(|d| !(MIN_DAY..=MAX_DAY).contains(*d)) {
        let mut m = String::from("A holiday (day ");
        push_int(&mut m, d);
        m.push_str(" since 1970) lies outside the years 0000 to 9999.");
        return Err(ReportingError::invalid_argument(m));
    }
    crate::sort::sort_i64(&mut days);
    days.dedup();
    Ok(days)
}

/// The week's working stretches, refused when two windows overlap.
fn week_stretches(weekly: &[Vec<Window>; 7]) -> Res<Vec<(i64, i64)>> {
    let pieces = week_pieces(weekly);
    // Sorted by start and end, ties in window order as a stable sort leaves them, through
    // the plain `i64` sort the crate already has: starts and ends are whole minutes below
    // eight days (14 bits each), packed above the piece's position (32 bits).
    let mut keys: Vec<i64> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| (p.start / MINUTE_MS) << 46 | (p.end / MINUTE_MS) << 32 | i as i64)
        .collect();
    crate::sort::sort_i64(&mut keys);
    let sorted: Vec<Piece> = keys
        .iter()
        .filter_map(|&k| pieces.get((k & 0xffff_ffff) as usize).copied())
        .collect();
    check_overlaps(&sorted)?;
    Ok(merge_pieces(&sorted))
}

/// Running totals starting at 0: `out[i]` is the sum of the first `i` items.
fn prefix_sums(items: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut out = vec![0];
    let mut sum = 0;
    for v in items {
        sum += v;
        out.push(sum);
    }
    out
}

/// Every window as stretches of the week; an overnight window is two, the second
/// starting at the next midnight (Saturday's wraps to Sunday morning).
fn week_pieces(weekly: &[Vec<Window>; 7]) -> Vec<Piece> {
    let mut out = Vec::new();
    for (day, windows) in weekly.iter().enumerate() {
        let midnight = day as i64 * DAY_MS;
        for (index, &window) in windows.iter().enumerate() {
            let open = midnight + i64::from(window.open) * MINUTE_MS;
            let piece = |start, end, spill| Piece {
                start,
                end,
                day,
                index,
                window,
                spill,
            };
            if !window.is_overnight() {
                out.push(piece(
                    open,
                    midnight + i64::from(window.close) * MINUTE_MS,
                    false,
                ));
                continue;
            }
            out.push(piece(open, midnight + DAY_MS, false));
            if window.close > 0 {
                let next = (midnight + DAY_MS) % WEEK_MS;
                out.push(piece(
                    next,
                    next + i64::from(window.close) * MINUTE_MS,
                    true,
                ));
            }
        }
    }
    out
}

/// Refuses the first overlap among pieces sorted by start, naming both windows.
fn check_overlaps(sorted: &[Piece]) -> Res<()> {
    let mut reach: Option<Piece> = None;
    for &p in sorted {
        if let Some(r) = reach {
            if p.start < r.end {
                return Err(overlap_error(&r, &p));
            }
        }
        if reach.map_or(true, |r| p.end > r.end) {
            reach = Some(p);
        }
    }
    Ok(())
}

fn overlap_error(a: &Piece, b: &Piece) -> ReportingError {
    let name = |out: &mut String, p: &Piece| {
        out.push_str(&window_name(p.day, p.index));
        out.push(' ');
        p.window.describe(out);
    };
    let mut m = String::new();
    name(&mut m, a);
    m.push_str(" overlaps ");
    name(&mut m, b);
    if let Some(p) = [a, b].into_iter().find(|p| p.spill) {
        m.push_str(" once the overnight window runs past midnight into ");
        m.push_str(
            DAY_NAMES
                .get((p.day + 1) % 7)
                .copied()
                .unwrap_or("the next day"),
        );
    }
    m.push('.');
    ReportingError::invalid_argument(m)
}

/// The days' names, Sunday first, as messages write them.
pub const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// "Monday's second window": how messages name window `index` (from 0) of weekday
/// `day` (0 = Sunday).
pub fn window_name(day: usize, index: usize) -> String {
    [
        DAY_NAMES.get(day).copied().unwrap_or("A day"),
        "'s ",
        &ordinal(index),
        " window",
    ]
    .concat()
}

/// "first", "second", … "tenth", then "11th", "12th", … for a position from 0.
pub fn ordinal(index: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    if let Some(w) = WORDS.get(index) {
        return (*w).to_owned();
    }
    let n = index + 1;
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    let mut s = String::new();
    push_int(&mut s, n as i64);
    s.push_str(suffix);
    s
}

/// Sorted, non-overlapping pieces as stretches, touching ones joined.
fn merge_pieces(sorted: &[Piece]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
    for p in sorted {
        match out.last_mut() {
            Some(last) if last.1 == p.start => last.1 = p.end,
            _ => out.push((p.start, p.end)),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Business time

/// Working milliseconds in `[start_ms, end_ms)` (epoch ms) under `schedule`, its
/// wall-clock times read in `zone` (see the module documentation for clock changes).
/// 0 when `start_ms >= end_ms`: an empty or reversed span has no working time, as an
/// event whose end precedes its start has no duration to measure (validation reports
/// such events separately). Instants are clamped to a JavaScript `Date`'s range.
pub fn business_millis(start_ms: i64, end_ms: i64, schedule: &Schedule, zone: &Zone) -> i64 {
    let (s, e) = (
        start_ms.clamp(-MAX_MS, MAX_MS),
        end_ms.clamp(-MAX_MS, MAX_MS),
    );
    if s >= e || schedule.week_total == 0 {
        return 0;
    }
    match zone {
        Zone::Fixed(off) => {
            let off = i64::from(*off) * 1000;
            schedule.cumulative(e + off) - schedule.cumulative(s + off)
        }
        Zone::Table(table) => swept_business(s, e, schedule, table.transitions()),
    }
}

/// Working seconds in `[start_s, end_s)` (epoch seconds, fractions kept to the
/// millisecond) under `schedule` in `zone`; see [`business_millis`]. NaN when either end
/// is not a finite number, since no count of seconds would be right. The result is exact
/// (624.02, say), where Chatwoot stores whole seconds (624): [`crate::recompute`] writes
/// stored values, and [`crate::recompute::business_seconds_with`] gives them for a span.
pub fn business_seconds(start_s: f64, end_s: f64, schedule: &Schedule, zone: &Zone) -> f64 {
    if !start_s.is_finite() || !end_s.is_finite() {
        return f64::NAN;
    }
    let to_ms = |s: f64| (s * 1000.0).round().clamp(-(MAX_MS as f64), MAX_MS as f64) as i64;
    business_millis(to_ms(start_s), to_ms(end_s), schedule, zone) as f64 / 1000.0
}

/// [`business_millis`] for a zone whose offset changes: the span (and a lookback, to
/// learn the highest reading shown before it) is cut where the offset changes, and each
/// piece is measured on the local axis.
fn swept_business(s: i64, e: i64, schedule: &Schedule, transitions: &[(i64, i32)]) -> i64 {
    let from = s - LOOKBACK_MS;
    let first = transitions
        .partition_point(|&(at, _)| at * 1000 <= from)
        .saturating_sub(1);
    let mut clock = MonotoneClock {
        highest: i64::MIN,
        span_start: s,
    };
    let mut total = 0;
    for (i, &(at, off)) in transitions.iter().enumerate().skip(first) {
        let lo = if i == first { from } else { at * 1000 };
        if lo >= e {
            break;
        }
        let hi = transitions
            .get(i + 1)
            .map_or(e, |&(next, _)| (next * 1000).min(e));
        if lo < hi {
            total += clock.segment(lo, hi, i64::from(off) * 1000, schedule);
        }
    }
    total
}

/// The wall clock that never runs backwards, swept forward one constant-offset segment
/// at a time.
struct MonotoneClock {
    /// The highest reading shown so far (exclusive bound: the clock showed every reading
    /// just below it).
    highest: i64,
    /// Only instants from here on are counted; earlier ones just advance the clock.
    span_start: i64,
}

impl MonotoneClock {
    /// Working ms of the instants `[lo, hi)` at offset `off` (ms), counted from
    /// `span_start`. Where the offset dropped below an earlier one the clock holds at the
    /// highest reading until the real clock catches up: those instants work exactly when
    /// the reading just below it did.
    fn segment(&mut self, lo: i64, hi: i64, off: i64, schedule: &Schedule) -> i64 {
        let caught_up = self.highest.saturating_sub(off).max(lo).min(hi);
        let mut sum = 0;
        let held_from = lo.max(self.span_start);
        if held_from < caught_up && schedule.is_working(self.highest.saturating_sub(1)) {
            sum += caught_up - held_from;
        }
        let run_from = caught_up.max(self.span_start);
        if run_from < hi {
            sum += schedule.cumulative(hi + off) - schedule.cumulative(run_from + off);
        }
        self.highest = self.highest.max(hi + off);
        sum
    }
}

// ---------------------------------------------------------------------------------------
// Recomputing an event set

pub use crate::chatwoot_inbox::{from_chatwoot_inbox, ChatwootInbox, ChatwootWorkingHour};
pub use crate::recompute::recompute;

/// The UTC range (epoch seconds) over which a zone's offsets must be known to compute a
/// span's business time: the lookback before it and a day of margin either side.
pub fn span_zone_range(start_ms: i64, end_ms: i64) -> (i64, i64) {
    let s = start_ms.clamp(-MAX_MS, MAX_MS).div_euclid(1000);
    let e = end_ms.clamp(-MAX_MS, MAX_MS).div_euclid(1000) + 1;
    (s - LOOKBACK_MS / 1000 - 86_400, e.max(s) + 86_400)
}

/// The sorted, merged UTC ranges (epoch seconds) over which a zone's offsets must be
/// known to recompute the events of `set` whose inbox passes `include`: one range per
/// cluster of spans, clusters less than a month apart joined.
pub fn zone_ranges(set: &EventSet, include: impl Fn(i64) -> bool) -> Vec<(i64, i64)> {
    let c = &set.columns;
    let spans = c
        .event_start_time
        .iter()
        .zip(&c.event_end_time)
        .zip(&c.inbox_id);
    let mut ranges: Vec<(i64, i64)> = spans
        .filter(|((&s, &e), inbox)| s != NULL_TIME && e != NULL_TIME && s < e && include(*inbox))
        .map(|((&s, &e), _)| span_zone_range(s, e))
        .collect();
    merge_ranges(&mut ranges);
    ranges
}

/// Sorts `ranges` and joins those that overlap or lie less than a month apart.
pub fn merge_ranges(ranges: &mut Vec<(i64, i64)>) {
    crate::zone::merge_ranges(ranges, RANGE_MERGE_GAP_SECONDS);
}

/// Refuses ranges too long to ask `Intl` about (see [`MAX_ZONE_RANGE_SECONDS`]).
pub fn check_zone_ranges(timezone: &str, ranges: &[(i64, i64)]) -> Res<()> {
    let total = ranges
        .iter()
        .fold(0i64, |sum, &(a, b)| sum.saturating_add(b.saturating_sub(a)));
    if total > MAX_ZONE_RANGE_SECONDS {
        return Err(crate::chatwoot_inbox::invalid(&[
            "The spans cover more than 400 years, too long to look up the offsets of '",
            timezone,
            "' (about 3.6 ms a year); use shorter spans.",
        ]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_dates_written_as_format_would() {
        for m in 0..=MINUTES_PER_DAY {
            assert_eq!(format_time(m), format!("{:02}:{:02}", m / 60, m % 60));
        }
        for days in (-1_000_000..4_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(format_date(days), format!("{y:04}-{m:02}-{d:02}"), "{days}");
            if (MIN_DAY..=MAX_DAY).contains(&days) {
                assert_eq!(parse_date(&format_date(days)), Some(days));
            }
        }
    }
}
