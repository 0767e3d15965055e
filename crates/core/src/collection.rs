//! Collection: whether a period's results are still coming in. While they
//! are, a measure with nothing entered is Awaiting (counted apart, never
//! Missing); once the collection is over it is Missing, with the reason.
//! Also which period everyone's dashboard opens on.

use jiff::civil::Date;

use crate::assess::Assessment;
use crate::period::{Frequency, Period};
use crate::status::Status;

/// Where the collection of one period's results stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// A round is open for the period: owners are still entering.
    Open,
    /// The round for the period has closed (or its report was published):
    /// whatever was not entered by the deadline is Missing.
    Closed { entry_deadline: Date },
    /// No round was run for the period: nothing entered is Missing, as the
    /// committee papers count it.
    NoRound,
}

/// What a round for a period amounts to: the period, its entry deadline,
/// and whether it has closed (closed or published).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundState {
    pub period: Period,
    pub entry_deadline: Date,
    pub closed: bool,
}

impl Collection {
    /// The collection for a period from the council's rounds. A round covers
    /// the periods inside it (a quarter's round covers its months).
    pub fn of(period: Period, rounds: &[RoundState]) -> Collection {
        let covering = rounds.iter().find(|r| r.period == period || crate::sign_off::covers(r.period, period));
        match covering {
            Some(r) if r.closed => Collection::Closed { entry_deadline: r.entry_deadline },
            Some(_) => Collection::Open,
            None => Collection::NoRound,
        }
    }
}

impl Assessment<'_> {
    /// Settles a "nothing entered" gap by the collection: Awaiting while the
    /// round is open, Missing "not entered by the deadline" once it closed.
    /// A result marked Missing by its owner (with a reason) stays Missing.
    /// Under a judgement, what the figures alone give is settled the same way.
    pub fn settle(&mut self, collection: Collection) {
        let by_figures = self.judged.as_ref().map_or(self.status, |j| j.computed);
        if by_figures != Status::Missing || !self.nothing_entered {
            return;
        }
        match collection {
            Collection::Open => {
                match &mut self.judged {
                    Some(judged) => judged.computed = Status::Awaiting,
                    None => self.status = Status::Awaiting,
                }
                self.missing_reason = None;
            }
            Collection::Closed { entry_deadline } => {
                self.missing_reason =
                    Some(format!("not entered by the deadline ({})", entry_deadline.strftime("%-d %B %Y")));
            }
            Collection::NoRound => {}
        }
    }
}

/// The quarter everyone's dashboard opens on: the one the council chose;
/// else the latest quarter that is settled (its round closed, or results
/// recorded in it and no round open for it); else the current quarter.
/// A quarter whose round is still open is never the default, so one owner's
/// early entry does not move everyone onto a half-entered quarter.
pub fn default_quarter(
    chosen: Option<Period>,
    result_periods: &[Period],
    rounds: &[RoundState],
    today: Date,
) -> Period {
    if let Some(chosen) = chosen {
        return chosen;
    }
    let quarter_of = |p: &Period| Frequency::Quarterly.period_containing(p.last_month());
    let open = |q: &Period| rounds.iter().any(|r| !r.closed && quarter_of(&r.period) == *q);
    let closed = rounds.iter().filter(|r| r.closed).map(|r| quarter_of(&r.period));
    let with_results = result_periods.iter().map(quarter_of).filter(|q| !open(q));
    closed
        .chain(with_results)
        .max()
        .unwrap_or_else(|| Frequency::Quarterly.period_containing(crate::period::Month::of(today)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        Period::parse(text).unwrap()
    }
    fn round(period: &str, closed: bool) -> RoundState {
        RoundState { period: p(period), entry_deadline: jiff::civil::date(2021, 1, 15), closed }
    }
    const TODAY: Date = jiff::civil::date(2026, 12, 2);

    #[test]
    fn an_open_round_never_moves_the_default() {
        let results = [p("2020/21-Q2"), p("2020-08"), p("2020/21-Q3")];
        assert_eq!(default_quarter(None, &results, &[round("2020/21-Q3", false)], TODAY), p("2020/21-Q2"));
        assert_eq!(default_quarter(None, &results, &[round("2020/21-Q3", true)], TODAY), p("2020/21-Q3"));
        // Without rounds, the latest quarter with results (the demo's case).
        assert_eq!(default_quarter(None, &results[..2], &[], TODAY), p("2020/21-Q2"));
        // A closed round with nothing entered still settles its quarter.
        assert_eq!(default_quarter(None, &results[..2], &[round("2020/21-Q4", true)], TODAY), p("2020/21-Q4"));
        assert_eq!(default_quarter(Some(p("2019/20-Q1")), &results, &[], TODAY), p("2019/20-Q1"));
        assert_eq!(default_quarter(None, &[], &[], TODAY), p("2026/27-Q3"));
    }

    #[test]
    fn a_round_covers_its_months() {
        let rounds = [round("2020/21-Q3", false)];
        assert_eq!(Collection::of(p("2020-11"), &rounds), Collection::Open);
        assert_eq!(Collection::of(p("2020/21-Q3"), &rounds), Collection::Open);
        assert_eq!(Collection::of(p("2020/21-Q2"), &rounds), Collection::NoRound);
        let closed = [round("2020/21-Q3", true)];
        assert!(matches!(Collection::of(p("2020-12"), &closed), Collection::Closed { .. }));
    }
}
