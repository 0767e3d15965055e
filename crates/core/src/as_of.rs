//! "As recorded on": the instant a question is asked about.
//!
//! Results and target revisions are appended, never overwritten, so every
//! query can be asked of the present or of a past day ("what did we report on
//! 5 November 2020?"). A day means the whole UK day, so `AsOf::end_of_day`
//! takes the last instant of that date in Europe/London.

use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::{Timestamp, ToSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsOf(Timestamp);

/// Europe/London, looked up once in the database built into outturn (not
/// the machine's: the same answer everywhere, and no walk of its zoneinfo).
static UK: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZoneDatabase::bundled().get("Europe/London").expect("the bundled time zone database has Europe/London")
});

fn uk() -> TimeZone {
    UK.clone()
}

impl AsOf {
    /// Everything recorded up to now.
    pub fn now() -> Self {
        AsOf(Timestamp::now())
    }
    pub fn at(instant: Timestamp) -> Self {
        AsOf(instant)
    }
    /// Everything recorded by the end of the given UK day. A day past the
    /// last instant there is (9999-12-31) means everything ever recorded.
    pub fn end_of_day(date: Date) -> Self {
        let next_midnight = date.checked_add(1.day()).and_then(|d| d.to_zoned_datetime(uk()));
        match next_midnight.and_then(|m| m.timestamp().checked_sub(1.nanosecond())) {
            Ok(last) => AsOf(last),
            Err(_) if date.year() < 0 => AsOf(Timestamp::MIN),
            Err(_) => AsOf(Timestamp::MAX),
        }
    }
    pub fn instant(self) -> Timestamp {
        self.0
    }
    /// The UK calendar date of this instant (target revisions take effect by date).
    pub fn date(self) -> Date {
        self.0.to_zoned_datetime(uk()).date()
    }
    /// Whether a fact recorded at `recorded` is known at this instant.
    pub fn knows(self, recorded: Timestamp) -> bool {
        recorded <= self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_of_a_summer_day_is_before_midnight_utc() {
        let a = AsOf::end_of_day(jiff::civil::date(2020, 7, 1));
        assert_eq!(a.instant().to_string(), "2020-07-01T22:59:59.999999999Z");
        assert_eq!(a.date(), jiff::civil::date(2020, 7, 1));
    }

    #[test]
    fn the_end_of_the_last_days_there_are_is_the_end_of_time_not_a_panic() {
        let last = AsOf::end_of_day(jiff::civil::date(9999, 12, 31));
        assert_eq!(last.instant(), Timestamp::MAX);
        assert!(last.knows("2021-01-01T00:00:00Z".parse().unwrap()));
        let _ = last.date();
        let first = AsOf::end_of_day(jiff::civil::date(-9999, 1, 1));
        assert!(!first.knows("1900-01-01T00:00:00Z".parse().unwrap()));
        let _ = first.date();
    }

    #[test]
    fn end_of_a_winter_day_is_midnight_utc() {
        let a = AsOf::end_of_day(jiff::civil::date(2020, 11, 5));
        assert_eq!(a.instant().to_string(), "2020-11-05T23:59:59.999999999Z");
        assert!(a.knows("2020-11-05T23:00:00Z".parse().unwrap()));
        assert!(!a.knows("2020-11-06T00:00:00Z".parse().unwrap()));
    }
}
