//! Business seconds exactly as Chatwoot stores them (`chatwootCompat`): the
//! `working_time_between` of the working_hours gem (1.4.1, which Chatwoot v4.12.1 pins)
//! reproduced step by step, on ActiveSupport's time-zone arithmetic.
//!
//! It differs from [`crate::schedule::business_millis`] only on days when clocks change
//! and for reversed spans:
//! - The gem walks from window to window. A window it takes whole counts its wall-clock
//!   length (`ends − time_in_day`, wall seconds since local midnight), while the part
//!   where the span ends counts elapsed time (`to − from`), and it decides between the
//!   two by comparing elapsed time with wall-clock time. So on a spring-forward day a
//!   00:00–23:59 window taken whole counts 86 340 s though it lasted 82 740, and a span
//!   from that midnight to the next counts 82 800; on an autumn day the same midnight
//!   span counts 86 340 where 90 000 s elapsed.
//! - A wall-clock time the clock skips is moved one hour later, as ActiveSupport's
//!   `TimeWithZone#change` does; a time shown twice keeps the offset of the time it was
//!   moved from when that offset shows it, else the earlier instant.
//! - A span whose end is before its start counts negative (the gem's
//!   `-working_time_between(to, from)`).
//! - The sum is rounded to whole seconds, half away from zero (`distance.round`).
//!
//! Chatwoot's schedules have one window a weekday and none across midnight; a wider
//! [`Schedule`] is read the way the gem would read its windows split at midnight
//! (an overnight window is its evening on one day and its morning on the next), and a
//! holiday is a day without windows.

use crate::schedule::{Schedule, MINUTES_PER_DAY};
use crate::zone::Zone;

const DAY_MS: i64 = 86_400_000;
/// A JavaScript `Date`'s range in milliseconds; instants are clamped to it.
const MAX_MS: i64 = crate::zone::MAX_INSTANT_SECONDS as i64 * 1000;
const HOUR_MS: i64 = 3_600_000;
/// The gem's loop advances at least one window or one day per step; a span of ten
/// thousand years takes under four million. Beyond this many steps the count stops (no
/// real span comes near), so that no input can hang the page.
const MAX_STEPS: u32 = 8_000_000;

/// A schedule prepared for the gem's walk: each weekday's windows (ms after local
/// midnight, sorted, overnight windows split at midnight), with the holidays and zone.
pub struct GemCount<'a> {
    week: [Vec<(i64, i64)>; 7],
    holidays: &'a [i64],
    zone: &'a Zone,
}

impl<'a> GemCount<'a> {
    /// Prepares `schedule` in `zone` (the zone of the schedule's time zone name).
    pub fn new(schedule: &'a Schedule, zone: &'a Zone) -> GemCount<'a> {
        let mut week: [Vec<(i64, i64)>; 7] = Default::default();
        let minute = 60_000i64;
        let end_of_day = i64::from(MINUTES_PER_DAY) * minute;
        for (day, windows) in schedule.weekly().iter().enumerate() {
            for w in windows {
                let (open, close) = (i64::from(w.open()) * minute, i64::from(w.close()) * minute);
                if w.is_overnight() {
                    if let Some(today) = week.get_mut(day) {
                        today.push((open, end_of_day));
                    }
                    if close > 0 {
                        if let Some(next) = week.get_mut((day + 1) % 7) {
                            next.push((0, close));
                        }
                    }
                } else if let Some(today) = week.get_mut(day) {
                    today.push((open, close));
                }
            }
        }
        for day in &mut week {
            day.sort_unstable();
        }
        GemCount {
            week,
            holidays: schedule.holidays(),
            zone,
        }
    }

    /// Working seconds from `from_ms` to `to_ms` (epoch ms) as Chatwoot stores them:
    /// whole seconds, negative when `to_ms < from_ms`.
    pub fn seconds(&self, from_ms: i64, to_ms: i64) -> f64 {
        // Within a JavaScript Date's range, as everywhere else: differences then fit.
        let (from_ms, to_ms) = (from_ms.clamp(-MAX_MS, MAX_MS), to_ms.clamp(-MAX_MS, MAX_MS));
        if to_ms < from_ms {
            return -self.seconds(to_ms, from_ms);
        }
        if self.week.iter().all(Vec::is_empty) {
            return 0.0;
        }
        let mut steps = 0u32;
        let mut from = self.advance_to_working_time(from_ms, &mut steps);
        let mut distance: i64 = 0;
        while from < to_ms && steps < MAX_STEPS {
            let from_was = from;
            let (day, time_in_day) = self.local(from);
            for &(begins, ends) in self.windows(day) {
                if time_in_day >= begins && time_in_day < ends {
                    if to_ms - from > ends - time_in_day {
                        // Take the whole rest of the window, counted on the wall clock.
                        distance += ends - time_in_day;
                        from = self.move_time_of_day(from, day, ends);
                    } else {
                        // Take only what is needed, counted in elapsed time.
                        distance += to_ms - from;
                        from = to_ms;
                    }
                }
            }
            from = self.advance_to_working_time(from, &mut steps);
            // The gem raises on a loop that does not advance; stopping gives what was
            // counted so far.
            if from <= from_was {
                break;
            }
        }
        // `distance.round`: half away from zero, as `f64::round`.
        (distance as f64 / 1000.0).round()
    }

    /// The windows of local day `day` (days since 1970-01-01); none on a holiday.
    fn windows(&self, day: i64) -> &[(i64, i64)] {
        if self.holidays.binary_search(&day).is_ok() {
            return &[];
        }
        // 1970-01-01 was a Thursday: weekday 0 = Sunday.
        let weekday = (day + 4).rem_euclid(7) as usize;
        self.week.get(weekday).map_or(&[], Vec::as_slice)
    }

    /// The local day and wall-clock ms since its midnight of the instant `t` (epoch ms).
    fn local(&self, t: i64) -> (i64, i64) {
        let local = t.saturating_add(self.offset_ms(t));
        (local.div_euclid(DAY_MS), local.rem_euclid(DAY_MS))
    }

    fn offset_ms(&self, t: i64) -> i64 {
        i64::from(self.zone.offset_at(t.div_euclid(1000))) * 1000
    }

    /// `advance_to_working_time`: `t` if it is inside a window, else the start of the
    /// next window, skipping days without windows.
    fn advance_to_working_time(&self, mut t: i64, steps: &mut u32) -> i64 {
        while *steps < MAX_STEPS {
            *steps += 1;
            let (day, time_in_day) = self.local(t);
            let windows = self.windows(day);
            for &(begins, ends) in windows {
                if time_in_day >= begins && time_in_day < ends {
                    return t;
                }
                if begins >= time_in_day {
                    return self.move_time_of_day(t, day, begins);
                }
            }
            // `(time + 1.day).beginning_of_day`.
            t = self.move_time_of_day(t, day + 1, 0);
        }
        t
    }

    /// `time.change(hour:, min:, sec:)` on a `TimeWithZone`: the instant at which the
    /// wall clock of local day `day` shows `ms_of_day` (which may be a whole day: the
    /// next midnight), resolved as ActiveSupport resolves it (see the module
    /// documentation) with `t`'s offset preferred.
    fn move_time_of_day(&self, t: i64, day: i64, ms_of_day: i64) -> i64 {
        let prefer = self.offset_ms(t);
        let mut local = day.saturating_mul(DAY_MS).saturating_add(ms_of_day);
        // A skipped time moves an hour later until the clock shows it (a gap can be
        // longer than an hour, as Samoa's lost day).
        for _ in 0..48 {
            if let Some(at) = self.instant_showing(local, prefer) {
                return at;
            }
            local = local.saturating_add(HOUR_MS);
        }
        local.saturating_sub(prefer)
    }

    /// The instant at which the clock shows the local time `local` (ms): at offset
    /// `prefer` if that offset is in force then, else the earliest; `None` when the
    /// clock skips it.
    fn instant_showing(&self, local: i64, prefer: i64) -> Option<i64> {
        let preferred = local.saturating_sub(prefer);
        if self.offset_ms(preferred) == prefer {
            return Some(preferred);
        }
        // Offsets change on whole seconds, so a local second is shown entirely or not.
        let (secs, rest) = (local.div_euclid(1000), local.rem_euclid(1000));
        let at = self.zone.local_to_utc(secs);
        (self.zone.utc_to_local(at) == secs).then(|| at.saturating_mul(1000).saturating_add(rest))
    }
}

/// Working seconds from `from_ms` to `to_ms` (epoch ms) under `schedule` in `zone`, as
/// Chatwoot stores them (see the module documentation). For many spans under one
/// schedule, prepare it once with [`GemCount::new`].
pub fn chatwoot_business_seconds(
    from_ms: i64,
    to_ms: i64,
    schedule: &Schedule,
    zone: &Zone,
) -> f64 {
    GemCount::new(schedule, zone).seconds(from_ms, to_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::ZoneTable;

    #[test]
    fn extreme_spans_neither_panic_nor_hang() {
        let s = Schedule::from_json(
            r#"{"weekly":{"mon":[["09:00","17:00"]],"sat":[["22:00","06:00"]]}}"#,
        )
        .expect("a schedule");
        let table =
            Zone::Table(ZoneTable::new(vec![(0, 3600), (1_000_000, 7200)]).expect("a table"));
        // The longest spans stop at MAX_STEPS; short spans at the ends of time, in every
        // zone, saturate instead of overflowing.
        let utc = GemCount::new(&s, &Zone::UTC);
        assert!(utc.seconds(i64::MIN, i64::MAX) > 0.0);
        assert!(utc.seconds(i64::MAX, i64::MIN) < 0.0);
        for zone in [Zone::UTC, Zone::Fixed(-50_000), table] {
            let gem = GemCount::new(&s, &zone);
            for (a, b) in [
                (i64::MIN, i64::MIN + 864_000_000),
                (i64::MAX - 864_000_000, i64::MAX),
                (-8_640_000_000_000_000, -8_639_990_000_000_000),
                (0, 0),
            ] {
                assert!(!gem.seconds(a, b).is_nan(), "{a} {b}");
            }
        }
        // A closed schedule is 0 at once.
        let closed = Schedule::closed("UTC");
        assert_eq!(
            chatwoot_business_seconds(0, i64::MAX, &closed, &Zone::UTC),
            0.0
        );
    }
}
