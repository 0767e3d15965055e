//! `outturn round` and `outturn report publish|list|published|changes`: a
//! round opened on the demo, its status as a table and as JSON, sign-off
//! locking a business unit's results against import, and a publication
//! stored and written back byte for byte.

mod common;
use common::*;

const Q2: [&str; 4] = ["--council", "stevenage", "--period", "2020/21-Q2"];

fn args<'a>(first: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    [first, &Q2, rest].concat()
}

#[test]
fn a_round_is_opened_reported_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    ok(outturn(
        &db,
        &["user", "add", "pat", "--role", "data-owner", "--council", "stevenage", "--node", "housing-and-investment"],
    ));
    let said = ok(outturn(
        &db,
        &args(&["round", "open"], &["--entry-deadline", "2020-10-16", "--sign-off-deadline", "2020-10-23"]),
    ));
    assert_eq!(
        said,
        "opened the 2020/21-Q2 collection round for stevenage: results by 2020-10-16, sign-off by 2020-10-23\n"
    );
    let again = failure(outturn(
        &db,
        &args(&["round", "open"], &["--entry-deadline", "2020-10-16", "--sign-off-deadline", "2020-10-23"]),
    ));
    assert!(again.contains("there is already a collection round for stevenage 2020/21-Q2"), "{again}");
    let backwards = failure(outturn(
        &db,
        &[
            &["round", "open"][..],
            &["--council", "stevenage", "--period", "2020/21-Q3"],
            &["--entry-deadline", "2021-01-16", "--sign-off-deadline", "2021-01-10"],
        ]
        .concat(),
    ));
    assert!(
        backwards.contains("the sign-off deadline (2021-01-10) comes before the data owners' deadline (2021-01-16)"),
        "{backwards}"
    );

    let table = ok(outturn(&db, &args(&["round", "status"], &[])));
    assert!(table.contains("Stevenage Borough Council collection round 2020/21-Q2"), "{table}");
    assert!(table.contains("Housing and Investment"), "{table}");
    assert!(table.contains("Provisional: 0 of"), "{table}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(outturn(&db, &args(&["round", "status"], &["--format", "json"])))).unwrap();
    assert_eq!(json["period"], "2020/21-Q2");
    assert_eq!(json["entry_deadline"], "2020-10-16");
    let housing =
        json["units"].as_array().unwrap().iter().find(|u| u["unit"] == "housing-and-investment").expect("unit");
    assert_eq!(housing["state"], "open");
    // The demo's results were recorded on 20 October 2020, after the 16th: late.
    let bv66a = json["measures"].as_array().unwrap().iter().find(|m| m["code"] == "BV66a").unwrap();
    assert_eq!(bv66a["timeliness"], "late");
    assert_eq!(bv66a["owners"], serde_json::json!(["pat"]), "the demo's data owner owns Housing and Investment");
    let owner = json["owners"].as_array().unwrap().iter().find(|o| o["username"] == "pat");
    assert!(owner.is_some_and(|o| o["due"].as_u64().unwrap() > 0), "{}", json["owners"]);
    assert_eq!(json["totals"]["due"].as_u64(), Some(json["measures"].as_array().unwrap().len() as u64));

    ok(outturn(&db, &args(&["round", "close"], &[])));
    let twice = failure(outturn(&db, &args(&["round", "close"], &[])));
    assert!(twice.contains("there is no open collection round for stevenage 2020/21-Q2"), "{twice}");
}

#[test]
fn a_signed_off_unit_refuses_an_import_until_reopened_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let unit = ["--unit", "housing-and-investment"];
    let early = failure(outturn(&db, &args(&["round", "sign-off"], &unit)));
    assert!(early.contains("Housing and Investment, 2020/21-Q2: it cannot be signed off while it is open"), "{early}");
    assert!(ok(outturn(&db, &args(&["round", "submit"], &unit))).contains("submitted (now submitted)"));
    assert!(ok(outturn(&db, &args(&["round", "sign-off"], &unit))).contains("signed off (now signed off)"));

    let csv = dir.path().join("results.csv");
    std::fs::write(
        &csv,
        "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n\
         BV66a,2020/21-Q2,93.5,,,,,Corrected figure,2020-11-01T09:00:00Z,owner\n",
    )
    .unwrap();
    let import = ["import", csv.to_str().unwrap(), "--council", "stevenage"];
    let refused = failure(outturn(&db, &import));
    assert!(
        refused.contains(
            "BV66a 2020/21-Q2: 2020/21-Q2 is signed off for its business unit: reopen it with a reason first"
        ),
        "{refused}"
    );
    let status = ok(outturn(&db, &["status", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "csv"]));
    assert!(status.contains("BV66a") && status.contains(",93.4,"), "nothing was recorded: {status}");

    let no_reason = failure(outturn(&db, &args(&["round", "reopen"], &[&unit[..], &["--reason", " "]].concat())));
    assert!(no_reason.contains("a reason is required"), "{no_reason}");
    ok(outturn(&db, &args(&["round", "reopen"], &[&unit[..], &["--reason", "BV66a keyed wrongly"]].concat())));
    assert!(ok(outturn(&db, &import)).contains("1"), "imported once reopened");
}

#[test]
fn a_published_report_is_stored_listed_written_back_and_locks_its_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let publish =
        args(&["report", "publish"], &["--kind", "quarterly", "--committee", "Executive", "--date", "2020-11-11"]);
    // The demo's quarter has checklist items open: refused, naming them, and nothing stored.
    let refused = failure(outturn(&db, &publish));
    assert!(refused.contains("the report cannot be published yet:") && refused.contains("not signed off"), "{refused}");
    let stevenage = ["report", "list", "--council", "stevenage"];
    assert!(ok(outturn(&db, &stevenage)).contains("no published reports"), "nothing stored on refusal");
    let reason = ["--override", "Executive meets on 11 November; units sign off at the meeting"];
    let said = ok(outturn(&db, &[&publish[..], &reason[..]].concat()));
    // The demo published one report as it loaded (demo/publications.toml): this is the second.
    assert!(
        said.starts_with("published quarterly report 2 for stevenage 2020/21-Q2 (to Executive on 2020-11-11)"),
        "{said}"
    );
    for format in ["html", "md", "docx", "pdf", "xlsx"] {
        assert!(said.contains(format), "{format} stored: {said}");
    }
    let list = ok(outturn(&db, &["report", "list", "--council", "stevenage"]));
    let hash: String = said.split("sha256 ").nth(1).unwrap().chars().take(64).collect();
    assert!(list.contains(&hash[..12]) && list.contains("Executive") && list.contains("2020-11-11"), "{list}");

    let pdf = dir.path().join("back.pdf");
    ok(outturn(&db, &["report", "published", "--id", "2", "--format", "pdf", "-o", pdf.to_str().unwrap()]));
    let first = std::fs::read(&pdf).unwrap();
    assert!(first.starts_with(b"%PDF"));
    let missing = failure(outturn(&db, &["report", "published", "--id", "2", "--format", "odt", "-o", "x.odt"]));
    assert!(
        missing.contains("published report 2 has no odt file: it has docx, html, json, md, pdf, xlsx"),
        "{missing}"
    );

    // The period is locked: an import is refused; nothing changes since publication.
    let csv = dir.path().join("results.csv");
    std::fs::write(
        &csv,
        "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n\
         BV66a,2020/21-Q2,93.5,,,,,Corrected figure,2020-11-20T09:00:00Z,owner\n",
    )
    .unwrap();
    let refused = failure(outturn(&db, &["import", csv.to_str().unwrap(), "--council", "stevenage"]));
    assert!(refused.contains("2020/21-Q2 is published and locked: record a correction with a reason"), "{refused}");
    let changes = ok(outturn(&db, &["report", "changes", "--id", "2"]));
    assert!(changes.contains("no figure or status has changed since it was published"), "{changes}");
}

#[test]
fn a_far_future_deadline_is_refused_and_one_stored_earlier_does_not_stop_the_round_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let refused = failure(outturn(
        &db,
        &args(&["round", "open"], &["--entry-deadline", "9999-12-31", "--sign-off-deadline", "9999-12-31"]),
    ));
    assert!(
        refused.contains("9999-12-31 is outside the dates kept: give a day from 1900-04-01 to 2999-03-31"),
        "{refused}"
    );
    // A round stored with such a deadline before dates were bounded.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = outturn_store::SqliteStore::open(&db).await.unwrap();
        let far = jiff::civil::date(9999, 12, 31);
        let period = outturn_core::Period::parse("2020/21-Q2").unwrap();
        let who = outturn_app::actor::Actor::command("test");
        outturn_app::rounds::open_round(
            &store,
            &who,
            &outturn_core::Key::parse("stevenage").unwrap(),
            period,
            far,
            far,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    });
    let table = ok(outturn(&db, &args(&["round", "status"], &[])));
    assert!(table.contains("collection round 2020/21-Q2"), "{table}");
}
