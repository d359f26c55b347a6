//! A fresh `sts-id` from the current time: `20261129T071500Z`, the date and time of the change
//! in UTC without separators (BP-01). `T` and `Z` are letters, so the id is alphanumeric as
//! `sts-id = %s"id=" 1*32(ALPHA / DIGIT)` requires (RFC 8461 §3.1).
//!
//! The engine has no clock: the caller passes the time. The calendar arithmetic is done here
//! rather than with a date crate, because it is a dozen lines and every byte ships to browsers.

const SECONDS_PER_DAY: u64 = 86_400;

/// A valid `sts-id` for the moment `unix_seconds` (seconds since 1970-01-01T00:00:00Z):
/// `YYYYMMDDTHHMMSSZ`. Years beyond 9999 simply get more digits; the id stays within 32
/// characters for every `u64`.
pub fn fresh_id(unix_seconds: u64) -> String {
    // u64::MAX / 86400 fits an i64.
    let days = i64::try_from(unix_seconds / SECONDS_PER_DAY).unwrap_or(i64::MAX);
    let (year, month, day) = civil_from_days(days);
    let secs = unix_seconds % SECONDS_PER_DAY;
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The proleptic Gregorian date (year, month 1–12, day 1–31) of `days` after 1970-01-01
/// (before it when negative: certificates may date from before 1970). Shared with the
/// command line's certificate dates, so there is one calendar.
///
/// Howard Hinnant's `civil_from_days`: shift the epoch to 0000-03-01 so that the leap day is
/// the last day of the year, then split into 400-year eras (146097 days each), years of the
/// era and days of the year; months are counted from March in runs of 153 days per 5 months.
/// The era is floored, so that negative days work; saturating where absurd input could
/// overflow (every `u64` second count of [`fresh_id`] is far within range).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468); // days from 0000-03-01 to 1970-01-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = era
        .saturating_mul(400)
        .saturating_add(yoe)
        .saturating_add(i64::from(month <= 2));
    // Both fit in u32 by the ranges above.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        // (unix seconds, id): dates checked with `date -u -d @SECONDS`.
        let cases: &[(u64, &str)] = &[
            (0, "19700101T000000Z"),
            (68_169_600, "19720229T000000Z"), // first leap day after the epoch
            (946_684_799, "19991231T235959Z"), // last second of the century
            (951_782_400, "20000229T000000Z"), // 2000 is a leap year (divisible by 400)
            (951_868_800, "20000301T000000Z"),
            (1_709_164_800, "20240229T000000Z"),
            (1_735_603_200, "20241231T000000Z"), // day 366 of a leap year
            (1_795_936_500, "20261129T071500Z"),
            (2_147_483_648, "20380119T031408Z"), // past the 32-bit signed limit
            (4_107_456_000, "21000228T000000Z"),
            (4_107_542_400, "21000301T000000Z"), // 2100 is not a leap year
            (253_402_300_799, "99991231T235959Z"),
        ];
        for (secs, want) in cases {
            assert_eq!(fresh_id(*secs), *want, "{secs}");
        }
    }

    #[test]
    fn every_day_follows_the_last() {
        // 1970 to 2430: each day is the previous one plus a day, months and leap years right.
        let month_len = |y: i64, m: u32| match (y.unsigned_abs(), m) {
            (y, 2) if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => {
                29
            }
            (_, 2) => 28,
            (_, 4 | 6 | 9 | 11) => 30,
            _ => 31,
        };
        let mut prev = civil_from_days(0);
        assert_eq!(prev, (1970, 1, 1));
        for days in 1..168_000 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = prev;
            let want = if pd < month_len(py, pm) {
                (py, pm, pd + 1)
            } else if pm < 12 {
                (py, pm + 1, 1)
            } else {
                (py + 1, 1, 1)
            };
            assert_eq!((y, m, d), want, "day {days}");
            prev = (y, m, d);
        }
        // Before 1970 too.
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        let _ = civil_from_days(i64::MIN);
        let _ = civil_from_days(i64::MAX);
    }

    proptest::proptest! {
        #[test]
        fn any_time_gives_a_valid_id(secs in proptest::num::u64::ANY) {
            let id = fresh_id(secs);
            proptest::prop_assert!(crate::record::is_valid_id(&id), "{}", id);
        }
    }
}
