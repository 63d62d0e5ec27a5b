//! Durations as people read them: Chatwoot's own report format, its CSV exports' format,
//! or a compact one.

use crate::text::push_int;

/// How to write a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DurationStyle {
    /// Chatwoot's reports: `45 Sec`, `2 Min 5 Sec`, `1 Hr 30 Min`, `3 Day 4 Hr`.
    #[default]
    Chatwoot,
    /// `45s`, `2m 5s`, `1h 30m`, `3d 4h`.
    Compact,
    /// Chatwoot's CSV exports (`Reports::TimeFormatPresenter`): the two largest non-zero
    /// units in words, `1 day 1 second`, `2 hours 5 minutes`; `N/A` for 0 or no value.
    Report,
}

impl DurationStyle {
    /// Every style.
    pub const ALL: [DurationStyle; 3] = [
        DurationStyle::Chatwoot,
        DurationStyle::Compact,
        DurationStyle::Report,
    ];

    /// The name as API.md spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            DurationStyle::Chatwoot => "chatwoot",
            DurationStyle::Compact => "compact",
            DurationStyle::Report => "report",
        }
    }

    /// The style of a name, if it is one.
    pub fn from_name(name: &str) -> Option<DurationStyle> {
        DurationStyle::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What a missing or non-finite duration shows (in the report style: [`REPORT_NO_VALUE`]).
pub const NO_VALUE: &str = "—";

/// What the report style shows for a missing, non-finite or zero duration.
pub const REPORT_NO_VALUE: &str = "N/A";

/// Formats `seconds` in `style`; `None`, NaN and infinities give [`NO_VALUE`]
/// ([`REPORT_NO_VALUE`] in the report style).
///
/// The Chatwoot style reproduces the dashboard's `formatTime` exactly, quirks included:
/// whole units are floored, the second unit is omitted when it is 0, and from 364 days on
/// the hours are not shown.
pub fn format_duration(seconds: Option<f64>, style: DurationStyle) -> String {
    let Some(t) = seconds.filter(|t| t.is_finite()) else {
        return match style {
            DurationStyle::Report => REPORT_NO_VALUE,
            _ => NO_VALUE,
        }
        .to_owned();
    };
    match style {
        DurationStyle::Chatwoot => chatwoot(t),
        DurationStyle::Report => report(t),
        DurationStyle::Compact if t < 0.0 => {
            let mut s = String::from("-");
            s.push_str(&compact(-t));
            s
        }
        DurationStyle::Compact => compact(t),
    }
}

/// Appends `major unit` and, when non-zero, ` minor unit`.
fn two_units(major: f64, major_unit: &str, minor: f64, minor_unit: &str) -> String {
    let mut s = String::new();
    push_int(&mut s, major as i64);
    s.push_str(major_unit);
    if minor > 0.0 {
        s.push(' ');
        push_int(&mut s, minor as i64);
        s.push_str(minor_unit);
    }
    s
}

fn chatwoot(t: f64) -> String {
    if (60.0..3600.0).contains(&t) {
        let minutes = (t / 60.0).floor();
        return two_units(minutes, " Min", (t % 60.0).floor(), " Sec");
    }
    if (3600.0..86400.0).contains(&t) {
        let hours = (t / 3600.0).floor();
        let rest = t % 3600.0;
        let minutes = if rest < 60.0 {
            0.0
        } else {
            (rest / 60.0).floor()
        };
        return two_units(hours, " Hr", minutes, " Min");
    }
    if t >= 86400.0 {
        let days = (t / 86400.0).floor();
        let rest = t % 86400.0;
        let hours = if rest < 3600.0 || days >= 364.0 {
            0.0
        } else {
            (rest / 3600.0).floor()
        };
        return two_units(days, " Day", hours, " Hr");
    }
    let mut s = String::new();
    push_int(&mut s, t.floor() as i64);
    s.push_str(" Sec");
    s
}

/// `Reports::TimeFormatPresenter#format`, quirks included: the seconds are truncated
/// toward zero (`to_i`), split with Ruby's floored `divmod` (so −5 s is `-1 days 23
/// hours`), and the first two non-zero units are written with English plurals.
fn report(t: f64) -> String {
    // `as` saturates: durations beyond ±2^63 s are no real input, and still no panic.
    let seconds = t.trunc() as i64;
    if seconds == 0 {
        return REPORT_NO_VALUE.to_owned();
    }
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (hours, rest) = (rest / 3600, rest % 3600);
    let (minutes, secs) = (rest / 60, rest % 60);
    let units = [
        (days, "day", "days"),
        (hours, "hour", "hours"),
        (minutes, "minute", "minutes"),
        (secs, "second", "seconds"),
    ];
    let mut out = String::new();
    for (value, one, other) in units.iter().filter(|u| u.0 != 0).take(2) {
        if !out.is_empty() {
            out.push(' ');
        }
        push_int(&mut out, *value);
        out.push(' ');
        out.push_str(if *value == 1 { one } else { other });
    }
    out
}

fn compact(t: f64) -> String {
    if t < 60.0 {
        two_units(t.floor(), "s", 0.0, "")
    } else if t < 3600.0 {
        two_units((t / 60.0).floor(), "m", (t % 60.0).floor(), "s")
    } else if t < 86400.0 {
        two_units((t / 3600.0).floor(), "h", (t % 3600.0 / 60.0).floor(), "m")
    } else {
        two_units(
            (t / 86400.0).floor(),
            "d",
            (t % 86400.0 / 3600.0).floor(),
            "h",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cw(t: f64) -> String {
        format_duration(Some(t), DurationStyle::Chatwoot)
    }

    fn compact(t: f64) -> String {
        format_duration(Some(t), DurationStyle::Compact)
    }

    #[test]
    fn chatwoot_format_exactly() {
        assert_eq!(cw(0.0), "0 Sec");
        assert_eq!(cw(45.0), "45 Sec");
        assert_eq!(cw(59.9), "59 Sec");
        assert_eq!(cw(60.0), "1 Min");
        assert_eq!(cw(120.0), "2 Min");
        assert_eq!(cw(125.0), "2 Min 5 Sec");
        assert_eq!(cw(3599.0), "59 Min 59 Sec");
        assert_eq!(cw(3600.0), "1 Hr");
        assert_eq!(cw(3659.0), "1 Hr"); // under a minute past the hour shows no minutes
        assert_eq!(cw(5400.0), "1 Hr 30 Min");
        assert_eq!(cw(86399.0), "23 Hr 59 Min");
        assert_eq!(cw(86400.0), "1 Day");
        assert_eq!(cw(3.0 * 86400.0 + 4.0 * 3600.0 + 59.0), "3 Day 4 Hr");
        assert_eq!(cw(363.0 * 86400.0 + 5.0 * 3600.0), "363 Day 5 Hr");
        assert_eq!(cw(364.0 * 86400.0 + 5.0 * 3600.0), "364 Day"); // Chatwoot drops hours from 364 days
        assert_eq!(cw(-4.5), "-5 Sec"); // Math.floor, as Chatwoot
    }

    #[test]
    fn compact_format() {
        assert_eq!(compact(45.0), "45s");
        assert_eq!(compact(125.0), "2m 5s");
        assert_eq!(compact(5400.0), "1h 30m");
        assert_eq!(compact(3.0 * 86400.0 + 4.0 * 3600.0), "3d 4h");
        assert_eq!(compact(400.0 * 86400.0 + 3600.0), "400d 1h");
        assert_eq!(compact(-125.0), "-2m 5s");
    }

    #[test]
    fn missing_values() {
        for style in [DurationStyle::Chatwoot, DurationStyle::Compact] {
            assert_eq!(format_duration(None, style), "—");
            assert_eq!(format_duration(Some(f64::NAN), style), "—");
            assert_eq!(format_duration(Some(f64::INFINITY), style), "—");
        }
        for v in [
            None,
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(0.0),
            Some(0.9),
        ] {
            assert_eq!(format_duration(v, DurationStyle::Report), "N/A", "{v:?}");
        }
    }

    /// Every case of Chatwoot's spec/presenters/reports/time_format_presenter_spec.rb.
    #[test]
    fn report_format_as_chatwoots_presenter_spec() {
        let report = |t: f64| format_duration(Some(t), DurationStyle::Report);
        let cases = [
            (86_400.0, "1 day"),
            (172_800.0, "2 days"),
            (86_401.0, "1 day 1 second"),
            (93_600.0, "1 day 2 hours"),
            (86_461.0, "1 day 1 minute"),
            (3600.0, "1 hour"),
            (7200.0, "2 hours"),
            (3601.0, "1 hour 1 second"),
            (3660.0, "1 hour 1 minute"),
            (60.0, "1 minute"),
            (120.0, "2 minutes"),
            (62.0, "1 minute 2 seconds"),
            (56.0, "56 seconds"),
            (55.2, "55 seconds"),
            (1.0, "1 second"),
        ];
        for (t, want) in cases {
            assert_eq!(report(t), want, "{t}");
        }
        // The two largest non-zero units only; Ruby's floored divmod below zero.
        assert_eq!(report(90_061.0), "1 day 1 hour");
        assert_eq!(report(7325.0), "2 hours 2 minutes");
        assert_eq!(report(-5.0), "-1 days 23 hours");
        assert_eq!(
            DurationStyle::from_name("report"),
            Some(DurationStyle::Report)
        );
    }
}
