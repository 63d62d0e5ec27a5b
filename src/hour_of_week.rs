//! `hourOfWeek`: events by weekday and hour of the day in any zone, a 7 × 24 grid for
//! after-hours load and staffing. Each event counts at its `created_at` (Chatwoot's time
//! of every report), read on the zone's wall clock, so a DST change moves events into
//! the hour the clock showed.

use crate::event_set::EventSet;
use crate::model::NULL_TIME;
use crate::zone::Zone;

const DAY: i64 = 86_400;

/// Options of [`hour_of_week`].
#[derive(Clone, Debug, PartialEq)]
pub struct HourOfWeekOptions {
    /// Only events with this name (any name Chatwoot writes, or an unknown one); all
    /// events when `None`.
    pub name: Option<String>,
    /// The zone whose wall clock places the events.
    pub zone: Zone,
    /// Rows start on Monday instead of Sunday (Chatwoot's choice).
    pub week_starts_monday: bool,
}

impl Default for HourOfWeekOptions {
    fn default() -> HourOfWeekOptions {
        HourOfWeekOptions {
            name: None,
            zone: Zone::UTC,
            week_starts_monday: false,
        }
    }
}

/// Events per weekday (rows, from the week's first day) and local hour (columns, 0–23).
pub type HourGrid = [[u64; 24]; 7];

/// Counts the events of `set` (those named `opts.name`, or all) by local weekday and
/// hour of their `created_at`. A name the set does not hold gives an empty grid.
pub fn hour_of_week(set: &EventSet, opts: &HourOfWeekOptions) -> HourGrid {
    let mut grid: HourGrid = [[0; 24]; 7];
    let c = &set.columns;
    let code = match &opts.name {
        Some(name) => match set.names.lookup(name) {
            Some(code) => Some(code),
            None => return grid,
        },
        None => None,
    };
    let first_day = i64::from(opts.week_starts_monday);
    for (name, &created) in c.name.iter().zip(&c.created_at) {
        if code.is_some_and(|k| k != name) || created == NULL_TIME {
            continue;
        }
        let local = opts.zone.utc_to_local(created.div_euclid(1000));
        let day = local.div_euclid(DAY);
        // 1970-01-01 was a Thursday: weekday 0 = Sunday.
        let row = ((day + 4).rem_euclid(7) - first_day).rem_euclid(7) as usize;
        let hour = (local.rem_euclid(DAY) / 3600) as usize;
        if let Some(cell) = grid.get_mut(row).and_then(|r| r.get_mut(hour)) {
            *cell += 1;
        }
    }
    grid
}

/// The UTC range (epoch seconds) over which the zone's offsets must be known to place
/// the events of `set`: their `created_at` extent, a day either side; `None` for an
/// empty set. What the bindings ask `Intl` for, as for [`crate::timeseries`].
pub fn needed_range(set: &EventSet) -> Option<(i64, i64)> {
    let mut it = set
        .columns
        .created_at
        .iter()
        .copied()
        .filter(|&t| t != NULL_TIME);
    let first = it.next()?;
    let (lo, hi) = it.fold((first, first), |(lo, hi), t| (lo.min(t), hi.max(t)));
    Some((lo.div_euclid(1000) - DAY, hi.div_euclid(1000) + DAY))
}
