//! Moments in the records: milliseconds since 1970 in UTC, written as ISO 8601 for people, reports
//! and xAPI, and read back from a date a person types (`2025-03-01`).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A moment, in milliseconds since 1970-01-01 00:00 UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    pub fn now() -> Self {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Self(ms)
    }

    /// The start of a day written `YYYY-MM-DD` (UTC); `None` when it is not such a date.
    pub fn parse_date(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: i64 = parts.next()?.parse().ok()?;
        let day: i64 = parts.next()?.parse().ok()?;
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day < 1 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        // A day past the month's end (2025-02-30) is refused rather than rolled over.
        (civil_from_days(days) == (year, month, day)).then_some(Self(days * MS_PER_DAY))
    }

    /// The moment a day later.
    pub fn next_day(self) -> Self {
        Self(self.0.saturating_add(MS_PER_DAY))
    }

    /// `2025-03-01T09:30:05.120Z`, as xAPI wants.
    pub fn iso(self) -> String {
        let (date, h, m, s, ms) = self.parts();
        format!("{date}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
    }

    /// `2025-03-01`.
    pub fn date(self) -> String {
        self.parts().0
    }

    /// `2025-03-01 09:30 UTC`, for people.
    pub fn readable(self) -> String {
        let (date, h, m, _, _) = self.parts();
        format!("{date} {h:02}:{m:02} UTC")
    }

    fn parts(self) -> (String, i64, i64, i64, i64) {
        let days = self.0.div_euclid(MS_PER_DAY);
        let rest = self.0.rem_euclid(MS_PER_DAY);
        let (y, mo, d) = civil_from_days(days);
        (
            format!("{y:04}-{mo:02}-{d:02}"),
            rest / 3_600_000,
            rest / 60_000 % 60,
            rest / 1000 % 60,
            rest % 1000,
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.readable())
    }
}

/// A length of time for people: "45 s", "3 min 05 s", "1 h 02 min".
pub fn readable_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, s / 60 % 60),
    }
}

/// A length of time as ISO 8601, as xAPI's `result.duration` wants: `PT12.5S`.
pub fn iso_duration(d: Duration) -> String {
    let ms = d.as_millis();
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_bad_ones_are_refused() {
        let t = Timestamp::parse_date("2024-02-29").unwrap();
        assert_eq!(t.date(), "2024-02-29");
        assert_eq!(t.iso(), "2024-02-29T00:00:00.000Z");
        assert_eq!(t.next_day().date(), "2024-03-01");
        assert_eq!(Timestamp(0).iso(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp(1_700_000_000_123).iso(),
            "2023-11-14T22:13:20.123Z"
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "yesterday",
            "2024-1",
            "2024-00-10",
        ] {
            assert_eq!(Timestamp::parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(readable_duration(Duration::from_secs(45)), "45 s");
        assert_eq!(readable_duration(Duration::from_secs(185)), "3 min 05 s");
        assert_eq!(readable_duration(Duration::from_secs(3720)), "1 h 02 min");
        assert_eq!(iso_duration(Duration::from_millis(12_500)), "PT12.500S");
    }
}
