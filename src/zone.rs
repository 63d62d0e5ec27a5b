//! Time zones for bucketing: a fixed UTC offset (Chatwoot's `timezone_offset`) or a table
//! of offset changes for an IANA zone.
//!
//! The core has no time-zone database of its own: shipping tzdata would multiply the size
//! of the wasm module, and every JavaScript engine already carries one behind `Intl`. The
//! bindings therefore ask `Intl` (js/zone.js) for the offset changes over the range a
//! computation needs and hand them to [`ZoneTable::new`].

use crate::error::ReportingError;
use crate::text::{int_string, push_number};

/// Largest offset accepted, in seconds (18 hours, as ISO 8601 and `java.time` allow).
/// Every offset in tzdata, local mean times included, lies within it; the bound also
/// keeps the searches in [`ZoneTable::local_to_utc`] short and the arithmetic far from
/// overflow.
pub const MAX_OFFSET_SECONDS: i32 = 18 * 3600;

/// Farthest instant a table entry may have, in seconds from 1970: a JavaScript `Date`'s
/// limit (±100 000 000 days). Keeps every sum of an instant and an offset far from
/// overflow.
pub const MAX_INSTANT_SECONDS: u64 = 8_640_000_000_000;

/// Bits of an offset plus [`OFFSET_BIAS`] (always positive and below 2^18) in the sort
/// keys of [`ZoneTable::new`].
const OFFSET_BITS: u32 = 18;
const OFFSET_BIAS: i32 = 1 << 17;

/// Sorts `ranges` (inclusive `(from, to)` pairs) and joins those that overlap or lie at
/// most `gap` apart, as a sweep over their starts and their ends (plus `gap`) sorted
/// apart: two sorts of plain numbers, the code of which the crate already has, instead
/// of a sort of pairs. A pair with `to < from` counts as the single point `from`.
pub fn merge_ranges(ranges: &mut Vec<(i64, i64)>, gap: i64) {
    let mut starts: Vec<i64> = ranges.iter().map(|&(a, _)| a).collect();
    let mut ends: Vec<i64> = ranges
        .iter()
        .map(|&(a, b)| b.max(a).saturating_add(gap))
        .collect();
    crate::sort::sort_i64(&mut starts);
    crate::sort::sort_i64(&mut ends);
    ranges.clear();
    // Every end below a start belongs to a range that started earlier, so `open` (the
    // ranges started and not yet ended) never goes below zero; a start equal to an end
    // joins, as touching ranges do.
    let (mut open, mut from) = (0usize, 0i64);
    let mut ends = ends.into_iter().peekable();
    for a in starts {
        while let Some(b) = ends.next_if(|&b| b < a) {
            open = open.saturating_sub(1);
            if open == 0 {
                ranges.push((from, b.saturating_sub(gap)));
            }
        }
        if open == 0 {
            from = a;
        }
        open += 1;
    }
    for b in ends {
        open = open.saturating_sub(1);
        if open == 0 {
            ranges.push((from, b.saturating_sub(gap)));
        }
    }
}

/// A time zone: how many seconds local wall-clock time is ahead of UTC at each instant.
#[derive(Clone, Debug, PartialEq)]
pub enum Zone {
    /// The same offset at every instant, in seconds east of UTC.
    Fixed(i32),
    /// Offsets that change at given instants (daylight saving time, law changes).
    Table(ZoneTable),
}

impl Default for Zone {
    /// UTC, Chatwoot's default.
    fn default() -> Zone {
        Zone::Fixed(0)
    }
}

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone::Fixed(0);

    /// The zone of Chatwoot's `timezone_offset`: hours east of UTC, possibly fractional
    /// (`5.5` for India, `-3.5` for Newfoundland, `5.75` for Nepal). Rounded to the
    /// second; refused when not finite or beyond ±18 hours.
    ///
    /// The number is a fixed offset here, at every instant, whereas Chatwoot resolves it at
    /// request time to the first zone whose offset *then* equals it (−5 in July is
    /// America/Chicago, which is −6 in January) and reads a number no zone has (1.5) as
    /// UTC: give an IANA name for a zone's own daylight-saving days.
    pub fn from_hours(hours: f64) -> Result<Zone, ReportingError> {
        let max_hours = f64::from(MAX_OFFSET_SECONDS / 3600);
        if !hours.is_finite() || hours.abs() > max_hours {
            let mut m = String::from(
                "The time zone offset must be a number of hours between -18 and 18, not ",
            );
            push_number(&mut m, hours);
            m.push('.');
            return Err(ReportingError::invalid_argument(m));
        }
        // Within ±64 800 after the check above, so the cast is exact.
        Ok(Zone::Fixed((hours * 3600.0).round() as i32))
    }

    /// The offset in seconds east of UTC in force at `utc_secs` (epoch seconds).
    pub fn offset_at(&self, utc_secs: i64) -> i32 {
        match self {
            Zone::Fixed(o) => *o,
            Zone::Table(t) => t.offset_at(utc_secs),
        }
    }

    /// The instant at which the wall clock shows `local_secs` (a local date and time
    /// counted in seconds as if it were UTC). In a gap (clocks set forward) the first
    /// instant after the gap; when the time occurs twice (clocks set back) the earlier.
    pub fn local_to_utc(&self, local_secs: i64) -> i64 {
        match self {
            Zone::Fixed(o) => local_secs - i64::from(*o),
            Zone::Table(t) => t.local_to_utc(local_secs),
        }
    }

    /// Appends to `out`, in increasing order and skipping instants not above its last
    /// entry, every instant in `[from, to]` at which the wall clock shows a whole multiple
    /// of `step` seconds (`3600`: every full hour), and every instant at which the clock
    /// jumps forward over such a reading (it then starts the period the reading would
    /// have started). When the clock is set back, a reading that shows twice gives two
    /// instants: an hour bucket is then never longer than the hour it measures.
    pub fn wall_marks(&self, from: i64, to: i64, step: i64, out: &mut Vec<i64>) {
        if step <= 0 || from > to {
            return;
        }
        match self {
            Zone::Fixed(off) => push_aligned(from, to, i64::from(*off), step, out),
            Zone::Table(t) => t.wall_marks(from, to, step, out),
        }
    }

    /// The wall-clock reading (seconds as if UTC) at instant `utc_secs`.
    pub fn utc_to_local(&self, utc_secs: i64) -> i64 {
        utc_secs + i64::from(self.offset_at(utc_secs))
    }
}

/// Offsets of a zone as a sorted list of `(utc_seconds_from, offset_seconds)`: each offset
/// applies from its instant (inclusive) until the next entry's. The first offset also
/// applies to every earlier instant and the last to every later one, so a table only needs
/// to cover the range it is used for.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneTable {
    /// Strictly increasing instants, no two neighbours with the same offset, never empty.
    transitions: Vec<(i64, i32)>,
    /// Largest absolute offset in the table: bounds how far `local_to_utc` searches.
    max_abs_offset: i64,
}

impl ZoneTable {
    /// A table from `(utc_seconds_from, offset_seconds)` pairs in any order. Entries that
    /// repeat the offset before them are dropped. Refused when empty, when an offset is
    /// beyond ±18 hours, or when one instant is given two different offsets.
    pub fn new(transitions: Vec<(i64, i32)>) -> Result<ZoneTable, ReportingError> {
        if transitions.is_empty() {
            return Err(ReportingError::invalid_argument(
                "A time zone table needs at least one offset.",
            ));
        }
        if let Some(&(at, off)) = transitions
            .iter()
            .find(|(_, off)| off.unsigned_abs() > MAX_OFFSET_SECONDS.unsigned_abs())
        {
            return Err(ReportingError::invalid_argument(
                [
                    "The time zone offset ",
                    &int_string(off.into()),
                    " s at ",
                    &int_string(at),
                    " is beyond ±18 hours.",
                ]
                .concat(),
            ));
        }
        if let Some(&(at, _)) = transitions
            .iter()
            .find(|(at, _)| at.unsigned_abs() > MAX_INSTANT_SECONDS)
        {
            return Err(ReportingError::invalid_argument(
                [
                    "The time zone change at ",
                    &int_string(at),
                    " s lies beyond what a JavaScript Date holds.",
                ]
                .concat(),
            ));
        }
        // Sorted by instant, then offset, so that two offsets for one instant end up side
        // by side for the check below. Each pair is packed into one number (the checks
        // above bound the instant to 44 bits and the offset to 18), so this is the plain
        // `i64` sort the crate already has rather than a sort of its own.
        let mut keys: Vec<i64> = transitions
            .iter()
            .map(|&(at, off)| at << OFFSET_BITS | i64::from(off + OFFSET_BIAS))
            .collect();
        crate::sort::sort_i64(&mut keys);
        let mut clean: Vec<(i64, i32)> = Vec::with_capacity(keys.len());
        for key in keys {
            let at = key >> OFFSET_BITS;
            let off = (key & ((1 << OFFSET_BITS) - 1)) as i32 - OFFSET_BIAS;
            match clean.last() {
                Some(&(prev_at, prev_off)) if prev_at == at && prev_off != off => {
                    return Err(ReportingError::invalid_argument(
                        [
                            "The time zone table gives two offsets (",
                            &int_string(prev_off.into()),
                            " s and ",
                            &int_string(off.into()),
                            " s) at ",
                            &int_string(at),
                            ".",
                        ]
                        .concat(),
                    ));
                }
                Some(&(_, prev_off)) if prev_off == off => {}
                _ => clean.push((at, off)),
            }
        }
        let max_abs_offset = clean
            .iter()
            .map(|&(_, off)| i64::from(off).abs())
            .max()
            .unwrap_or(0);
        Ok(ZoneTable {
            transitions: clean,
            max_abs_offset,
        })
    }

    /// The entries: sorted, strictly increasing instants, each with a new offset.
    pub fn transitions(&self) -> &[(i64, i32)] {
        &self.transitions
    }

    /// Index of the segment in force at `utc_secs` (0 for instants before the first).
    fn segment_at(&self, utc_secs: i64) -> usize {
        self.transitions
            .partition_point(|&(at, _)| at <= utc_secs)
            .saturating_sub(1)
    }

    /// The offset in seconds east of UTC in force at `utc_secs`.
    pub fn offset_at(&self, utc_secs: i64) -> i32 {
        self.transitions
            .get(self.segment_at(utc_secs))
            .map_or(0, |&(_, off)| off)
    }

    /// Segment `i` as `(first instant, first instant of the next, offset)`, open-ended at
    /// the table's two ends.
    fn segment(&self, i: usize) -> Option<(i64, i64, i32)> {
        let &(at, off) = self.transitions.get(i)?;
        let start = if i == 0 { i64::MIN } else { at };
        let end = self
            .transitions
            .get(i + 1)
            .map_or(i64::MAX, |&(next, _)| next);
        Some((start, end, off))
    }

    /// See [`Zone::wall_marks`].
    fn wall_marks(&self, from: i64, to: i64, step: i64, out: &mut Vec<i64>) {
        for i in self.segment_at(from)..=self.segment_at(to) {
            let Some((start, end, off)) = self.segment(i) else {
                continue;
            };
            let off = i64::from(off);
            if i > 0 && start >= from {
                let before = self
                    .transitions
                    .get(i - 1)
                    .map_or(off, |&(_, prev)| i64::from(prev));
                // The wall clock leaps from `start + before` to `start + off`; a mark in
                // that half-open stretch is never shown (the clock never reads the
                // leap's first second either), so the leap itself starts its period.
                let (shown_last, shown_next) = (start + before, start + off);
                let next_mark = shown_last + (-shown_last).rem_euclid(step);
                if shown_next > shown_last && next_mark < shown_next {
                    push_increasing(out, start);
                }
            }
            push_aligned(
                start.max(from),
                end.saturating_sub(1).min(to),
                off,
                step,
                out,
            );
        }
    }

    /// See [`Zone::local_to_utc`].
    pub fn local_to_utc(&self, local_secs: i64) -> i64 {
        // Only segments whose instants lie within the largest offset of `local_secs` can
        // show that wall-clock time, and a gap's end lies there too (a gap is at most the
        // difference of two offsets long).
        let first = self.segment_at(local_secs.saturating_sub(self.max_abs_offset));
        let last = self.segment_at(local_secs.saturating_add(self.max_abs_offset));
        // Segments are in instant order, so the first that shows the time is the earlier
        // of the two readings when the clock was set back.
        for i in first..=last {
            if let Some((start, end, off)) = self.segment(i) {
                let candidate = local_secs - i64::from(off);
                if start <= candidate && candidate < end {
                    return candidate;
                }
            }
        }
        // No instant shows it: the clock jumped over it. The first segment whose
        // wall-clock range starts after it begins at the instant right after the gap.
        for i in first..=last {
            if let Some((start, _, off)) = self.segment(i) {
                if i > 0 && start.saturating_add(i64::from(off)) > local_secs {
                    return start;
                }
            }
        }
        // Unreachable for a validated table; a plausible answer beats a panic.
        local_secs - i64::from(self.offset_at(local_secs))
    }
}

/// Appends the instants in `[lo, hi]` whose reading at offset `off` is a multiple of `step`.
fn push_aligned(lo: i64, hi: i64, off: i64, step: i64, out: &mut Vec<i64>) {
    if lo > hi {
        return;
    }
    let mut t = lo + (-(lo + off)).rem_euclid(step);
    while t <= hi {
        push_increasing(out, t);
        t += step;
    }
}

/// Appends `t` unless it does not come after the last entry, so the list stays strictly
/// increasing when a leap instant is also an aligned one.
fn push_increasing(out: &mut Vec<i64>, t: i64) {
    if out.last().map_or(true, |&last| last < t) {
        out.push(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-03-29T01:00:00Z and 2026-10-25T01:00:00Z: Berlin's changes.
    const BERLIN_SPRING: i64 = 1_774_746_000;
    const BERLIN_AUTUMN: i64 = 1_792_890_000;

    fn berlin() -> ZoneTable {
        ZoneTable::new(vec![
            (BERLIN_AUTUMN, 3600),
            (0, 3600),
            (BERLIN_SPRING, 7200),
        ])
        .unwrap()
    }

    #[test]
    fn from_hours() {
        assert_eq!(Zone::from_hours(5.5).unwrap(), Zone::Fixed(19_800));
        assert_eq!(Zone::from_hours(-5.0).unwrap(), Zone::Fixed(-18_000));
        assert_eq!(Zone::from_hours(5.75).unwrap(), Zone::Fixed(20_700));
        assert!(Zone::from_hours(f64::NAN).is_err());
        assert!(Zone::from_hours(18.5).is_err());
        assert!(Zone::from_hours(f64::INFINITY).is_err());
    }

    #[test]
    fn merge_ranges_as_a_sort_of_pairs_would() {
        // The plain algorithm: sort the pairs, join each into the last when close enough.
        fn reference(ranges: &[(i64, i64)], gap: i64) -> Vec<(i64, i64)> {
            let mut v: Vec<(i64, i64)> = ranges.iter().map(|&(a, b)| (a, b.max(a))).collect();
            v.sort_unstable();
            let mut out: Vec<(i64, i64)> = Vec::new();
            for (a, b) in v {
                match out.last_mut() {
                    Some(last) if a <= last.1 + gap => last.1 = last.1.max(b),
                    _ => out.push((a, b)),
                }
            }
            out
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m) as i64
        };
        for _ in 0..2000 {
            let n = next(12) as usize;
            let gap = next(4);
            let ranges: Vec<(i64, i64)> = (0..n)
                .map(|_| {
                    let a = next(40) - 20;
                    (a, a + next(12) - 2)
                })
                .collect();
            let mut merged = ranges.clone();
            merge_ranges(&mut merged, gap);
            assert_eq!(merged, reference(&ranges, gap), "{ranges:?} gap {gap}");
        }
    }

    #[test]
    fn table_validation() {
        assert!(ZoneTable::new(vec![]).is_err());
        assert!(ZoneTable::new(vec![(0, 100_000)]).is_err());
        assert!(ZoneTable::new(vec![(5, 0), (5, 3600)]).is_err());
        assert!(ZoneTable::new(vec![(i64::MAX, 0)]).is_err());
        // Repeats of the same offset collapse.
        let t = ZoneTable::new(vec![(0, 3600), (10, 3600), (10, 3600), (20, 0)]).unwrap();
        assert_eq!(t.transitions(), &[(0, 3600), (20, 0)]);
    }

    #[test]
    fn offsets_and_table_ends() {
        let t = berlin();
        assert_eq!(t.offset_at(-1_000_000_000), 3600);
        assert_eq!(t.offset_at(BERLIN_SPRING - 1), 3600);
        assert_eq!(t.offset_at(BERLIN_SPRING), 7200);
        assert_eq!(t.offset_at(BERLIN_AUTUMN - 1), 7200);
        assert_eq!(t.offset_at(BERLIN_AUTUMN), 3600);
        assert_eq!(t.offset_at(i64::MAX), 3600);
    }

    #[test]
    fn local_to_utc_gap_and_overlap() {
        let z = Zone::Table(berlin());
        // Spring: 02:00–03:00 local does not exist on 2026-03-29; 02:30 → 01:00Z (03:00 CEST).
        let local_0230 = BERLIN_SPRING + 3600 + 1800;
        assert_eq!(z.local_to_utc(local_0230), BERLIN_SPRING);
        // 01:59:59 local is still CET: 00:59:59Z.
        assert_eq!(z.local_to_utc(BERLIN_SPRING + 3599), BERLIN_SPRING - 1);
        // 03:00 local is CEST: 01:00Z.
        assert_eq!(z.local_to_utc(BERLIN_SPRING + 7200), BERLIN_SPRING);
        // Autumn: 02:30 local happens at 00:30Z (CEST) and 01:30Z (CET): the earlier.
        let local_0230 = BERLIN_AUTUMN + 3600 + 1800;
        assert_eq!(z.local_to_utc(local_0230), BERLIN_AUTUMN - 1800);
        // 03:00 local only once, CET: 02:00Z.
        assert_eq!(z.local_to_utc(BERLIN_AUTUMN + 7200), BERLIN_AUTUMN + 3600);
        // Round trips away from changes.
        for t in [0, BERLIN_SPRING + 86_400, BERLIN_AUTUMN + 86_400] {
            assert_eq!(z.local_to_utc(z.utc_to_local(t)), t);
        }
    }

    #[test]
    fn skipped_day() {
        // Samoa skipped 2011-12-30: -10 h until 2011-12-30T10:00Z, then +14 h.
        let switch = 1_325_239_200;
        let z = Zone::Table(ZoneTable::new(vec![(0, -36_000), (switch, 50_400)]).unwrap());
        let dec30 = crate::timestamp::days_from_civil(2011, 12, 30) * 86_400;
        assert_eq!(z.local_to_utc(dec30), switch);
        assert_eq!(z.local_to_utc(dec30 + 86_400), switch);
        assert_eq!(z.local_to_utc(dec30 - 1), switch - 1);
    }
}
