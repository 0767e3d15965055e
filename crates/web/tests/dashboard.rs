//! The dashboard as a performance officer narrows it: the summary tables
//! count only the measures the filters keep (so they add up to the list
//! beside them), the same measures download as CSV or Excel, and a long
//! reason opens in full where it stands, without JavaScript; search finds
//! measures by owner, commentary and reason as well as code and title, with
//! their status. Each theme and node shows its status rolled up from what
//! lies beneath it, with the counts behind it. On SQLite and PostgreSQL.

#[macro_use]
mod support;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use support::*;

const Q2: &str = "period=2020%2F21-Q2";

/// The "Reported" column of the themes table, summed.
fn reported(page: &str) -> usize {
    let rows = table_after(page, "Status of measures by theme");
    let at = rows[0].iter().position(|h| h == "Reported").expect("a Reported column");
    rows[1..].iter().map(|r| r[at].parse::<usize>().unwrap()).sum()
}

/// The codes listed in the dashboard's measure table.
fn listed(page: &str, caption: &str) -> Vec<String> {
    table_after(page, caption)[1..].iter().map(|r| r[0].split_whitespace().next().unwrap().to_string()).collect()
}

async fn download(client: &reqwest::Client, url: &str) -> (StatusCode, String, String, Vec<u8>) {
    let response = client.get(url).send().await.unwrap();
    let status = response.status();
    let header = |name| response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let (media, disposition) = (header(CONTENT_TYPE), header(CONTENT_DISPOSITION));
    (status, media, disposition, response.bytes().await.unwrap().to_vec())
}

web_tests! {
    async fn the_summaries_and_downloads_follow_the_filters(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, all) = get(&officer, &app.url(&format!("/councils/stevenage?{Q2}"))).await;
        let council_wide = reported(&all);

        let housing = format!("/councils/stevenage?{Q2}&node=housing-and-investment");
        let (status, _, page) = get(&officer, &app.url(&housing)).await;
        assert_eq!(status, StatusCode::OK);
        let codes = listed(&page, "Measures matching the filters");
        let missing = table_after(&page, "Measures matching the filters")[1..].iter().filter(|r| r.iter().any(|c| c == "Missing data")).count();
        assert!(!codes.is_empty() && codes.len() < council_wide, "{codes:?} of {council_wide}");
        assert_eq!(reported(&page) + missing, codes.len(), "the themes table counts what the list shows");
        assert!(text_of(&page).contains("The tables and the list count only the measures that match the filters"));

        // The same measures, downloaded.
        let csv_url = app.url(&format!("/councils/stevenage/download/csv?{Q2}&node=housing-and-investment"));
        let (status, media, disposition, bytes) = download(&officer, &csv_url).await;
        assert_eq!(status, StatusCode::OK);
        assert!(media.starts_with("text/csv"), "{media}");
        assert!(disposition.contains("stevenage-2020-21-Q2.csv"), "{disposition}");
        let text = String::from_utf8(bytes).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        for column in ["code", "status", "missing_reason", "owner", "commentary", "commentary_need"] {
            assert!(headers.iter().any(|h| h == column), "{column} in {headers:?}");
        }
        let owner_at = headers.iter().position(|h| h == "owner").unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let downloaded: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
        assert_eq!(downloaded, codes, "the download holds what the page lists");
        assert!(rows.iter().all(|r| &r[owner_at] == "Housing and Investment"));
        let xlsx_url = app.url(&format!("/councils/stevenage/download/xlsx?{Q2}&status=red"));
        let (status, media, _, bytes) = download(&officer, &xlsx_url).await;
        assert_eq!(status, StatusCode::OK);
        assert!(media.contains("spreadsheetml"), "{media}");
        assert!(bytes.starts_with(b"PK"), "a workbook is a zip");
        let (status, _, _, _) = download(&officer, &app.url("/councils/stevenage/download/pdf")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _, _) = download(&client(), &csv_url).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "signed out: to the sign-in page");

        // A long reason is cut in the table and opens in full where it stands.
        let (_, _, exceptions) = get(&officer, &app.url(&format!("/councils/stevenage?{Q2}"))).await;
        assert!(exceptions.contains("<details class=\"govuk-details"), "a long reason opens in a details element");
        assert!(text_of(&exceptions).contains("eight Housing Options Caseworkers"), "the full text is on the page");
    }

    async fn the_print_view_shows_the_filtered_list_in_full_without_the_menu(app) {
        let officer = app.sign_in(Who::Officer).await;
        let filtered = format!("/councils/stevenage?{Q2}&node=housing-and-investment");
        let (_, _, page) = get(&officer, &app.url(&filtered)).await;
        let print_links: Vec<String> = page
            .split("href=\"")
            .skip(1)
            .map(|h| unescape(h.split('"').next().unwrap()))
            .filter(|h| h.contains("view=print"))
            .collect();
        assert_eq!(print_links, vec![format!("{filtered}&view=print")], "the dashboard links its print view, with its filters");

        let (status, _, print) = get(&officer, &app.url(&format!("{filtered}&view=print&page=2"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(print.contains("outturn-print-view"), "the page is marked as a print view");
        assert!(!print.contains("aria-label=\"Menu\""), "no council menu on the printed page");
        assert!(!print.contains("<form method=\"get\" class=\"outturn-filters"), "no filter form");
        assert!(text_of(&print).contains("Showing measures for theme or business unit Housing and Investment."), "{}", text_of(&print));
        assert_eq!(listed(&print, "Measures matching the filters"), listed(&page, "Measures matching the filters"), "the same measures, whatever page was asked for");
        assert!(!print.contains("<details class=\"govuk-details"), "reasons are printed in full, not folded");
        assert!(text_of(&print).contains("Back to the dashboard"));

        // Unfiltered: every exception on one page, long reasons in full.
        let (_, _, print) = get(&officer, &app.url(&format!("/councils/stevenage?{Q2}&view=print"))).await;
        assert!(text_of(&print).contains("eight Housing Options Caseworkers"));
        assert!(!print.contains("<details class=\"govuk-details"));
        assert!(!print.contains("Pages of measures\"><div"), "no pagination links");
    }

    async fn search_finds_owners_commentary_and_reasons_with_their_status(app) {
        let officer = app.sign_in(Who::Officer).await;
        let found = async |q: &str| {
            let (status, _, page) = get(&officer, &app.url(&format!("/councils/stevenage/search?q={}", encode(q)))).await;
            assert_eq!(status, StatusCode::OK);
            text_of(&page)
        };
        // By owner: every Housing and Investment measure, each with its status.
        let housing = found("housing and investment").await;
        assert!(housing.contains("7 measures found"), "{housing}");
        assert!(housing.contains("NI156 : Number of households") && housing.contains("Found in the owner"), "{housing}");
        // By commentary: the words of NI156's Q2 commentary, and where they were found.
        let rough = found("Everyone In").await;
        assert!(rough.contains("1 measure found") && rough.contains("NI156") && rough.contains("Red"), "{rough}");
        assert!(rough.contains("Found in the commentary: Due to COVID-19"), "{rough}");
        // By missing reason.
        let hr = found("HR KPIs").await;
        assert!(hr.contains("EOC4a") && hr.contains("Missing data") && hr.contains("Found in the missing reason"), "{hr}");
        // An exact code first.
        let bv9 = found("bv9").await;
        let first = bv9.split("found for").nth(1).unwrap();
        assert!(first.trim_start().trim_start_matches("“bv9”").trim_start().starts_with("BV9 :"), "{bv9}");
    }

    async fn themes_and_nodes_show_their_rolled_up_status_with_its_counts(app) {
        let officer = app.sign_in(Who::Officer).await;
        // No rule chosen: worst of, and the page says it is outturn's default.
        let (_, _, page) = get(&officer, &app.url(&format!("/councils/stevenage?{Q2}"))).await;
        let themes = table_after(&page, "Status of measures by theme");
        let column = |name: &str| themes[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {:?}", themes[0]));
        let (red, overall) = (column("Red"), column("Overall status"));
        for row in &themes[1..] {
            let red_here: usize = row[red].parse().unwrap();
            let words = row[overall].trim_start_matches(|c: char| !c.is_alphabetic());
            assert_eq!(words.starts_with("Red"), red_here > 0, "worst of: {row:?}");
            assert!(row[overall].contains("Green") || row[overall].contains("Red") || row[overall].contains("missing data"), "the counts behind it: {row:?}");
        }
        assert!(text_of(&page).contains("The council has not chosen a roll-up rule"), "{}", text_of(&page));

        let (status, _, tree) = get(&officer, &app.url(&format!("/councils/stevenage/framework?{Q2}"))).await;
        assert_eq!(status, StatusCode::OK);
        let tree = text_of(&tree);
        assert!(tree.contains("How each node's overall status is reached: Worst of: a node takes the worst status"), "{tree}");
        assert!(tree.matches("Overall status:").count() >= themes.len() - 1, "{tree}");

        // The council chooses the weighted rule: the score and its bands are shown.
        let slug = key("stevenage");
        let mut summary = app.store.council(&slug).await.unwrap().unwrap().summary.clone();
        summary.roll_up = Some(outturn_core::RollUpRule::parse("weighted", None).unwrap());
        let mut change = outturn_store::ChangeSet::for_council(slug.clone(), "Stevenage Borough Council");
        change.summary = Some(summary);
        app.store.apply(&change).await.unwrap();
        let (_, _, page) = get(&officer, &app.url(&format!("/councils/stevenage?{Q2}"))).await;
        let themes = table_after(&page, "Status of measures by theme");
        assert!(themes[1..].iter().all(|row| row[overall].contains("score")), "{themes:?}");
        assert!(text_of(&page).contains("Green 3, Amber 2, Red 1"), "{}", text_of(&page));
        let (_, _, node) = get(&officer, &app.url(&format!("/councils/stevenage/nodes/housing-and-investment?{Q2}"))).await;
        assert!(text_of(&node).contains("Overall status, July to September 2020:"), "{}", text_of(&node));
    }
}
