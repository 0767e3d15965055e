//! A history kept in memory and brought up to date by the rows written since
//! (`Store::history_in_years`) is always the history a fresh read gives:
//! after results and target revisions in and out of its years, corrections,
//! a new measure, and on both backends.

#[macro_use]
mod support;

use outturn_core::{Decimal, FinancialYear, MilestoneStatus, Unit, YtdRule};
use outturn_store::{ChangeSet, CouncilHistory};
use support::*;

/// A fresh read of every year, cut to `first`..=`last` as `history_in_years` cuts it.
async fn fresh(db: &TestDb, first: FinancialYear, last: FinancialYear) -> FlatHistory {
    let mut all: CouncilHistory = db.history(&k("stevenage")).await.unwrap();
    let within = |y: FinancialYear| first <= y && y <= last;
    for history in all.measures.values_mut() {
        history.results.retain(|r| within(r.period.financial_year()));
        history.targets.retain(|t| within(t.period.financial_year()));
    }
    flat(&all)
}

async fn kept(db: &TestDb, first: FinancialYear, last: FinancialYear) -> FlatHistory {
    flat(&db.history_in_years(&k("stevenage"), first, last).await.unwrap())
}

fn one(result: Option<(&str, &str, i64)>, revision: Option<(&str, &str, i64)>) -> ChangeSet {
    let mut changes = ChangeSet::for_council(k("stevenage"), "");
    if let Some((measure, period, n)) = result {
        changes.results.push(figure(measure, period, Decimal::from(n), "2021-02-01T09:00:00Z"));
    }
    if let Some((measure, period, n)) = revision {
        changes.targets.push(target(measure, period, Decimal::from(n), "2020-04-01", "revised"));
    }
    changes
}

store_contract! {
    async fn a_kept_history_is_what_a_fresh_read_gives_after_every_write(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap();
        let (first, last) = (p("2019/20").financial_year(), p("2020/21").financial_year());
        assert_eq!(kept(&db, first, last).await, fresh(&db, first, last).await, "first read");
        let writes = [
            one(Some(("VoidsSheltered", "2020/21-Q3", 70)), None),
            // Outside the years kept: nothing of it appears.
            one(Some(("VoidsSheltered", "2021/22-Q1", 71)), Some(("VoidsSheltered", "2021/22", 5))),
            // A correction of a period already recorded, and an earlier year's after a later's.
            one(Some(("VoidsSheltered", "2020/21-Q3", 72)), None),
            one(Some(("VoidsSheltered", "2019/20-Q2", 60)), Some(("VoidsSheltered", "2019/20", 9))),
            one(None, Some(("VoidsSheltered", "2020/21", 8))),
        ];
        for (i, changes) in writes.iter().enumerate() {
            db.apply(changes).await.unwrap();
            assert_eq!(kept(&db, first, last).await, fresh(&db, first, last).await, "after write {i}");
            // Asked again at the same revision: the same.
            assert_eq!(kept(&db, first, last).await, fresh(&db, first, last).await, "again after write {i}");
        }
        // A new measure (the framework changed) with a result, and a milestone update.
        let mut framework = ChangeSet::for_council(k("stevenage"), "");
        framework.measures.push(measure("NEW1", "customer", Unit::Count, YtdRule::Sum, outturn_core::StatusRule::None));
        framework.results.push(figure("NEW1", "2020/21-Q3", Decimal::from(3), "2021-02-01T09:00:00Z"));
        db.apply(&framework).await.unwrap();
        let now = kept(&db, first, last).await;
        assert!(now.0.iter().any(|(code, results, _)| code == "NEW1" && results.len() == 1), "the new measure is there");
        assert_eq!(now, fresh(&db, first, last).await, "after a new measure");
        let mut update = ChangeSet::for_council(k("stevenage"), "");
        update.milestone_updates.push(milestone_update("kenilworth-close", "2020/21-Q3", MilestoneStatus::OnTrack, "2021-02-01T09:00:00Z"));
        db.apply(&update).await.unwrap();
        assert_eq!(kept(&db, first, last).await, fresh(&db, first, last).await, "after a milestone update");
        // Other spans of years are kept apart.
        let one_year = p("2020/21").financial_year();
        assert_eq!(kept(&db, one_year, one_year).await, fresh(&db, one_year, one_year).await);
        assert_eq!(kept(&db, first, last).await, fresh(&db, first, last).await);
    }
}
