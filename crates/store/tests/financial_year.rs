//! Migration 0011 works out the financial year of every result and target
//! already stored, in SQL; the store writes it for new rows from the core's
//! rule. The two must agree on every form of period, at the year's edges.

#[macro_use]
mod support;

use outturn_core::Decimal;
use outturn_store::{ChangeSet, SqliteStore, Store};
use support::*;

#[tokio::test]
async fn the_migration_gives_each_stored_row_the_financial_year_the_core_gives_its_period() {
    let store = SqliteStore::open("sqlite::memory:").await.expect("open");
    store.migrate().await.expect("migrate");
    store.apply(&definitions("stevenage")).await.unwrap();
    let mut changes = ChangeSet::for_council(k("stevenage"), "");
    let periods =
        ["2020-01", "2020-03", "2020-04", "2020-12", "2021-03", "2020/21", "2020/21-Q1", "2020/21-Q4", "2019/20-Q4"];
    for period in periods {
        changes.results.push(figure("VoidsSheltered", period, Decimal::from(1), "2021-06-01T09:00:00Z"));
        changes.targets.push(target("VoidsSheltered", period, Decimal::from(1), "2019-04-01", "set"));
    }
    store.apply(&changes).await.unwrap();

    // As a database stored before the migration: no financial years.
    for table in ["results", "target_revisions"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {table} SET financial_year = 0")))
            .execute(store.pool())
            .await
            .unwrap();
    }
    let migration = include_str!("../migrations/sqlite/0011_financial_year.sql");
    let updates: Vec<&str> =
        migration.split(';').map(str::trim).filter(|s| s.lines().any(|l| l.starts_with("UPDATE"))).collect();
    assert_eq!(updates.len(), 2, "the migration's two UPDATEs");
    for update in updates {
        let sql: String = update.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(store.pool()).await.unwrap();
    }

    for table in ["results", "target_revisions"] {
        let rows: Vec<(String, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT period, financial_year FROM {table} ORDER BY id")))
                .fetch_all(store.pool())
                .await
                .unwrap();
        assert_eq!(rows.len(), periods.len());
        for (period, year) in rows {
            let core = i64::from(p(&period).financial_year().start_year());
            assert_eq!(year, core, "{table}: {period}");
        }
    }
    // And the store reads them back by year.
    let year = p("2020/21").financial_year();
    let history = store.history_in_years(&k("stevenage"), year, year).await.unwrap();
    let read: Vec<String> =
        history.measures[&code("VoidsSheltered")].results.iter().map(|r| r.period.to_string()).collect();
    assert_eq!(read, ["2020-04", "2020-12", "2021-03", "2020/21", "2020/21-Q1", "2020/21-Q4"]);
}
