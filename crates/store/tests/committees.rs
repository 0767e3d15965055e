//! The store's contract for committee meetings, actions and improvement
//! plans, on SQLite always and on PostgreSQL when OUTTURN_TEST_DATABASE_URL
//! is set (see contract.rs).

#[macro_use]
mod support;

use outturn_core::{
    ActionState, ActionUpdate, AskedOf, CommitteeAction, ImprovementPlan, Meeting, PlanMilestone, ReportConsidered,
    Resolution, Role,
};
use outturn_store::{AuditFilter, AuditRecord, CommitteeChanges, StoreError};
use support::*;

async fn council(db: &TestDb) {
    db.apply(&definitions("stevenage")).await.unwrap();
    db.create_user(
        &user("owner", Role::DataOwner, Some("stevenage"), &[]),
        &audit("user.created", "owner", "2021-01-01T00:00:00Z"),
    )
    .await
    .unwrap();
}

fn executive() -> Meeting {
    Meeting {
        id: 0,
        committee: "Executive".into(),
        date: day("2021-09-15"),
        reports: vec![ReportConsidered { kind: "quarterly".into(), period: p("2021/22-Q1"), published_id: None }],
        resolutions: vec![
            Resolution { number: 1, text: "That the report be noted.".into() },
            Resolution { number: 2, text: "That the improvement plans be endorsed.".into() },
        ],
        actions: vec![
            CommitteeAction {
                id: 0,
                number: 1,
                asked: "An assessment of the new meadowland areas".into(),
                asked_of: AskedOf::Role("Assistant Director (Stevenage Direct Services)".into()),
                due: day("2021-12-31"),
                state: ActionState::NotStarted,
                updates: vec![],
            },
            CommitteeAction {
                id: 0,
                number: 2,
                asked: "Consistent follow-up of walkabout issues".into(),
                asked_of: AskedOf::User("OWNER".into()),
                due: day("2021-11-30"),
                state: ActionState::InProgress,
                updates: vec![ActionUpdate {
                    at: at("2021-09-20T09:00:00Z"),
                    author: "officer".into(),
                    note: "Guidance drafted.".into(),
                    state: None,
                }],
            },
        ],
    }
}

fn meeting_only(meeting: Meeting) -> CommitteeChanges {
    CommitteeChanges { meetings: vec![meeting], ..CommitteeChanges::default() }
}

fn plan_only(plan: ImprovementPlan) -> CommitteeChanges {
    CommitteeChanges { plans: vec![plan], ..CommitteeChanges::default() }
}

fn saved(event: &str) -> Vec<AuditRecord> {
    vec![audit(event, "committee file", "2021-09-16T00:00:00Z")]
}

fn plan(code_text: &str) -> ImprovementPlan {
    ImprovementPlan {
        measure: code(code_text),
        title: "Continuing to implement recovery plans for Rent Collection".into(),
        owner: "Assistant Director (Housing and Investment)".into(),
        monitored_by: "Senior Leadership Team".into(),
        opened: p("2020/21-Q2"),
        review_on: day("2021-01-31"),
        actions: vec!["Weekly arrears calls".into(), "Payment plans offered".into()],
        milestones: vec![PlanMilestone { what: "Arrears back to 2019 level".into(), due: day("2021-03-31") }],
    }
}

store_contract! {
    async fn a_meeting_is_stored_whole_and_read_back(db) {
        council(&db).await;
        let slug = k("stevenage");
        let id = db.save_committees(&slug, &meeting_only(executive()), &saved("meeting.added")).await.unwrap()[0];
        let meetings = db.meetings(&slug).await.unwrap();
        assert_eq!(meetings.len(), 1);
        let got = &meetings[0];
        assert_eq!(got.id, id);
        let mut want = executive();
        want.id = id;
        want.actions[1].asked_of = AskedOf::User("owner".into());
        for (w, g) in want.actions.iter_mut().zip(&got.actions) {
            assert!(g.id > 0);
            w.id = g.id;
        }
        assert_eq!(got, &want);
        let log = db.audit_log(&AuditFilter { event_prefix: Some("meeting.".into()), limit: 10, ..Default::default() }).await.unwrap();
        assert_eq!(log.len(), 1);
    }

    async fn a_second_meeting_of_the_committee_that_day_is_refused(db) {
        council(&db).await;
        let slug = k("stevenage");
        db.save_committees(&slug, &meeting_only(executive()), &saved("meeting.added")).await.unwrap();
        let mut again = executive();
        again.resolutions.push(Resolution { number: 3, text: "More".into() });
        match db.save_committees(&slug, &meeting_only(again.clone()), &saved("meeting.added")).await {
            Err(StoreError::Duplicate(what)) => assert!(what.contains("Executive on 2021-09-15"), "{what}"),
            other => panic!("expected Duplicate, got {other:?}"),
        }
        assert_eq!(db.meetings(&slug).await.unwrap()[0].resolutions.len(), 2);
    }

    async fn a_meeting_with_an_unknown_user_stores_nothing(db) {
        council(&db).await;
        let slug = k("stevenage");
        let mut meeting = executive();
        meeting.actions[1].asked_of = AskedOf::User("nobody".into());
        match db.save_committees(&slug, &meeting_only(meeting.clone()), &saved("meeting.added")).await {
            Err(StoreError::NoUser(u)) => assert_eq!(u, "nobody"),
            other => panic!("expected NoUser, got {other:?}"),
        }
        assert!(db.meetings(&slug).await.unwrap().is_empty());
        assert_eq!(db.count("committee_actions").await, 0);
        assert_eq!(db.count("resolutions").await, 0);
        assert_eq!(db.count("audit_log").await, 1, "only the user's creation");
    }

    async fn an_update_note_is_appended_and_sets_the_state(db) {
        council(&db).await;
        let slug = k("stevenage");
        db.save_committees(&slug, &meeting_only(executive()), &saved("meeting.added")).await.unwrap();
        let action = db.meetings(&slug).await.unwrap()[0].actions[0].id;
        let note = ActionUpdate { at: at("2021-10-01T10:00:00Z"), author: "owner".into(), note: "Survey booked.".into(), state: Some(ActionState::InProgress) };
        assert!(db.add_action_update(&slug, action, &note, &audit("action.updated", "x", "2021-10-01T10:00:00Z")).await.unwrap());
        let plain = ActionUpdate { at: at("2021-10-02T10:00:00Z"), author: "owner".into(), note: "Still going.".into(), state: None };
        assert!(db.add_action_update(&slug, action, &plain, &audit("action.updated", "x", "2021-10-02T10:00:00Z")).await.unwrap());
        let got = db.meetings(&slug).await.unwrap()[0].actions[0].clone();
        assert_eq!(got.state, ActionState::InProgress);
        assert_eq!(got.updates, vec![note.clone(), plain]);
        assert!(!db.add_action_update(&slug, action + 1000, &note, &audit("action.updated", "x", "2021-10-01T10:00:00Z")).await.unwrap());
        assert_eq!(db.count("action_updates").await, 3);
    }

    async fn an_action_of_another_council_is_not_found(db) {
        council(&db).await;
        db.apply(&definitions("hertford")).await.unwrap();
        db.save_committees(&k("stevenage"), &meeting_only(executive()), &saved("meeting.added")).await.unwrap();
        let action = db.meetings(&k("stevenage")).await.unwrap()[0].actions[0].id;
        let note = ActionUpdate { at: at("2021-10-01T10:00:00Z"), author: "x".into(), note: "n".into(), state: Some(ActionState::Done) };
        assert!(!db.add_action_update(&k("hertford"), action, &note, &audit("action.updated", "x", "2021-10-01T10:00:00Z")).await.unwrap());
        assert_eq!(db.meetings(&k("stevenage")).await.unwrap()[0].actions[0].state, ActionState::NotStarted);
    }

    async fn an_improvement_plan_is_stored_replaced_and_refused_for_an_unknown_measure(db) {
        council(&db).await;
        let slug = k("stevenage");
        let before = db.revision(&slug).await.unwrap();
        db.save_committees(&slug, &plan_only(plan("BV9")), &saved("plan.saved")).await.unwrap();
        assert_eq!(db.improvement_plans(&slug).await.unwrap(), vec![plan("BV9")]);
        assert_ne!(db.revision(&slug).await.unwrap(), before, "measure pages kept per revision show the plans");
        let mut revised = plan("BV9");
        revised.actions.truncate(1);
        revised.review_on = day("2021-04-30");
        db.save_committees(&slug, &plan_only(revised.clone()), &saved("plan.saved")).await.unwrap();
        assert_eq!(db.improvement_plans(&slug).await.unwrap(), vec![revised.clone()]);
        match db.save_committees(&slug, &plan_only(plan("NOPE1")), &saved("plan.saved")).await {
            Err(StoreError::Dangling { missing, .. }) => assert!(missing.contains("NOPE1")),
            other => panic!("expected Dangling, got {other:?}"),
        }
        assert_eq!(db.improvement_plans(&slug).await.unwrap(), vec![revised]);
    }

    async fn a_bad_plan_stores_nothing_of_the_meeting_beside_it(db) {
        council(&db).await;
        let slug = k("stevenage");
        let changes = CommitteeChanges { meetings: vec![executive()], plans: vec![plan("NOPE1")], focus_green_periods: Some(4) };
        assert!(matches!(db.save_committees(&slug, &changes, &saved("meeting.added")).await, Err(StoreError::Dangling { .. })));
        assert!(db.meetings(&slug).await.unwrap().is_empty());
        assert_eq!(db.focus_green_periods(&slug).await.unwrap(), 2);
        assert_eq!(db.count("audit_log").await, 1, "only the user's creation");
    }

    async fn the_focus_setting_defaults_to_two_periods(db) {
        council(&db).await;
        let slug = k("stevenage");
        assert_eq!(db.focus_green_periods(&slug).await.unwrap(), 2);
        db.save_committees(&slug, &CommitteeChanges { focus_green_periods: Some(3), ..CommitteeChanges::default() }, &saved("setting.changed")).await.unwrap();
        assert_eq!(db.focus_green_periods(&slug).await.unwrap(), 3);
        assert!(matches!(db.focus_green_periods(&k("nowhere")).await, Err(StoreError::NoCouncil(_))));
    }
}
