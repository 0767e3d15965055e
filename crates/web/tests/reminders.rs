//! The reminders page: who may see a council's email reminders, and what it
//! shows of each (to whom, about what, the outcome in words).

#[macro_use]
mod support;

use outturn_core::Period;
use outturn_store::{ReminderClaim, ReminderKey, ReminderKind};
use reqwest::StatusCode;
use support::*;

const PAGE: &str = "/councils/stevenage/reminders";

/// Records a reminder as the scheduler would: claimed, then sent or failed.
async fn record(app: &TestApp, recipient: &str, kind: ReminderKind, outcome: Result<(), &str>) {
    let claim = ReminderClaim {
        key: ReminderKey {
            council: key("stevenage"),
            period: Period::parse("2020/21-Q3").unwrap(),
            recipient: recipient.into(),
            kind,
        },
        address: format!("{recipient}@council.example"),
        subject: format!("{} for {recipient}", kind.label()),
        body: "Dear ...".into(),
    };
    let now = "2021-01-16T09:00:00Z".parse().unwrap();
    let id = app.store.claim_reminder(&claim, now, now).await.unwrap().expect("a new reminder");
    app.store.finish_reminder(id, outcome, now).await.unwrap();
}

web_tests! {
    async fn only_administrators_and_the_councils_performance_officers_see_reminders(app) {
        for who in Who::ALL {
            let (status, headers, _) = get(&app.sign_in(who).await, &app.url(PAGE)).await;
            let expected = match who {
                Who::Officer | Who::Admin => StatusCode::OK,
                Who::Public => StatusCode::SEE_OTHER,
                _ => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{}", who.label());
            if who == Who::Public {
                assert_eq!(location(&headers).as_deref(), Some("/sign-in?next=%2Fcouncils%2Fstevenage%2Freminders"));
            }
        }
    }

    async fn the_page_lists_each_reminder_with_its_outcome_in_words(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, html) = get(&officer, &app.url(PAGE)).await;
        assert!(text_of(&html).contains("No reminders have been sent yet."), "{html}");
        // The test accounts have no addresses: the owner and the director are named.
        assert!(text_of(&html).contains("Test owner (owner)"), "{html}");
        assert!(text_of(&html).contains("Test director (director)"), "{html}");
        app.store
            .set_email_address("owner", Some("owner@council.example"), &outturn_store::AuditRecord {
                at: "2021-01-04T09:00:00Z".parse().unwrap(),
                actor: "test".into(),
                council: None,
                event: "user.email-address-set".into(),
                subject: "user owner".into(),
                before: None,
                after: None,
            })
            .await
            .unwrap();
        record(&app, "owner", ReminderKind::OwnerOverdue, Ok(())).await;
        record(&app, "director", ReminderKind::SignOffDigest, Err("451 4.3.0 Mailbox busy")).await;
        let (status, _, html) = get(&officer, &app.url(PAGE)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!text_of(&html).contains("Test owner (owner)"), "{html}");
        let rows = table_after(&html, "Reminders, newest first");
        assert_eq!(rows.len(), 3, "header and two reminders: {rows:?}");
        let text: Vec<String> = rows.iter().map(|r| r.join(" | ")).collect();
        assert!(text.iter().any(|r| r.contains("owner") && r.contains("owner@council.example") && r.contains("Results overdue, 2020/21-Q3") && r.contains("Sent")), "{text:?}");
        assert!(text.iter().any(|r| r.contains("director") && r.contains("Awaiting sign-off") && r.contains("Failed") && r.contains("Mailbox busy")), "{text:?}");
    }

    async fn the_council_menu_links_the_page_for_those_who_may_see_it(app) {
        let (_, _, officer) = get(&app.sign_in(Who::Officer).await, &app.url("/councils/stevenage/missing")).await;
        assert!(officer.contains(&format!("href=\"{PAGE}\"")), "{officer}");
        let (_, _, owner) = get(&app.sign_in(Who::Owner).await, &app.url("/councils/stevenage/missing")).await;
        assert!(!owner.contains(&format!("href=\"{PAGE}\"")));
    }

    async fn the_links_in_reminders_lead_to_the_owners_to_do_list_and_the_rounds_page(app) {
        let period = Period::parse("2020/21-Q3").unwrap();
        outturn_app::rounds::open_round(
            app.store.as_ref(),
            &outturn_app::actor::Actor::command("test"),
            &outturn_core::Key::parse("stevenage").unwrap(),
            period,
            jiff::civil::date(2021, 1, 15),
            jiff::civil::date(2021, 1, 22),
            "2021-01-04T09:00:00Z".parse().unwrap(),
        )
        .await
        .unwrap();
        let round = outturn_app::rounds::reminders::rule::RoundToDo {
            council: key("stevenage"),
            council_name: String::new(),
            period,
            owner_deadline: jiff::civil::date(2021, 1, 15),
            sign_off_deadline: jiff::civil::date(2021, 1, 22),
            owners: vec![],
            directors: vec![],
        };
        let person = outturn_app::rounds::reminders::rule::Person { username: "owner".into(), name: "Owner".into() };
        for (kind, who) in [(ReminderKind::OwnerOverdue, Who::Owner), (ReminderKind::SignOffDigest, Who::Director)] {
            let due = outturn_app::rounds::reminders::rule::Due { round: &round, kind, recipient: &person, measures: &[], units: &[] };
            let link = outturn_app::rounds::reminders::message::link(&app.address, &due);
            let (status, _, _) = get(&app.sign_in(who).await, &link).await;
            assert_eq!(status, StatusCode::OK, "{link} as {}", who.label());
        }
    }
}
