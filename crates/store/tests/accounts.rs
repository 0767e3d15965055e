//! The store's contract for accounts: users with their roles and nodes,
//! sessions, failed sign-ins. Written once and run on SQLite and on
//! PostgreSQL (see `contract.rs`).

#[macro_use]
mod support;

use outturn_core::Role;
use outturn_store::{AuditFilter, ChangeSet, StoreError, User, UserRecord};
use support::*;

store_contract! {
    async fn a_user_round_trips_with_role_and_nodes(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let record = user("jsmith", Role::DataOwner, Some("stevenage"), &["housing-and-investment", "customer-services"]);
        let created = db.create_user(&record, &audit("user.created", "user jsmith", "2024-05-01T09:00:00.123Z")).await.unwrap();
        let expected = User {
            id: created.id,
            username: "jsmith".into(),
            display_name: "Name of jsmith".into(),
            role: Role::DataOwner,
            council: Some(k("stevenage")),
            nodes: vec![k("housing-and-investment"), k("customer-services")],
            password_hash: record.password_hash.clone(),
            disabled: false,
            // Created at the instant of its audit line.
            created_at: at("2024-05-01T09:00:00.123Z"),
        };
        assert_eq!(created, expected);
        assert_eq!(db.user_by_id(created.id).await.unwrap(), Some(expected.clone()));
        assert_eq!(db.user_by_username("jsmith").await.unwrap(), Some(expected.clone()));
        assert_eq!(db.user_by_id(created.id + 1000).await.unwrap(), None);
        assert_eq!(db.user_by_username("nobody").await.unwrap(), None);

        // An administrator of every council, and one user of each other role.
        let admin = db.create_user(&user("admin", Role::Administrator, None, &[]), &audit("user.created", "user admin", "2024-05-01T08:00:00Z")).await.unwrap();
        assert_eq!((admin.council.clone(), admin.nodes.len(), admin.role), (None, 0, Role::Administrator));
        for (name, role) in [("perf", Role::PerformanceOfficer), ("director", Role::Director), ("viewer", Role::Viewer)] {
            let nodes: &[&str] = if role == Role::Director { &["customer"] } else { &[] };
            db.create_user(&user(name, role, Some("stevenage"), nodes), &audit("user.created", name, "2024-05-02T09:00:00Z")).await.unwrap();
        }
        let all = db.users().await.unwrap();
        let roles: Vec<(&str, Role)> = all.iter().map(|u| (u.username.as_str(), u.role)).collect();
        assert_eq!(roles, [
            ("admin", Role::Administrator), ("director", Role::Director), ("jsmith", Role::DataOwner),
            ("perf", Role::PerformanceOfficer), ("viewer", Role::Viewer),
        ]);
        assert_eq!(all[2], expected);
        assert_eq!(all[1].nodes, [k("customer")]);
        assert_eq!(all[0], admin);

        // Replaced by username: the id and the creation time stay.
        let mut changed = record.clone();
        changed.display_name = "Jo Smith".into();
        changed.role = Role::Director;
        changed.nodes = vec![k("customer"), k("place-of-choice")];
        changed.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$new".into();
        let updated = db.update_user(&changed, &audit("user.updated", "user jsmith", "2024-06-01T09:00:00Z")).await.unwrap();
        let expected = User {
            display_name: "Jo Smith".into(),
            role: Role::Director,
            nodes: vec![k("customer"), k("place-of-choice")],
            password_hash: changed.password_hash.clone(),
            ..expected
        };
        assert_eq!(updated, expected);
        assert_eq!(db.user_by_username("jsmith").await.unwrap(), Some(expected.clone()));
        // A node given twice is kept once; the council may go, and its nodes with it.
        changed.nodes = vec![k("customer"), k("customer-services"), k("customer")];
        let twice = db.update_user(&changed, &audit("user.updated", "user jsmith", "2024-06-02T09:00:00Z")).await.unwrap();
        assert_eq!(twice.nodes, [k("customer"), k("customer-services")]);
        changed.nodes.clear();
        changed.council = None;
        changed.role = Role::Viewer;
        let cleared = db.update_user(&changed, &audit("user.updated", "user jsmith", "2024-06-03T09:00:00Z")).await.unwrap();
        assert_eq!((cleared.council, cleared.nodes, cleared.role, cleared.id), (None, vec![], Role::Viewer, created.id));
        assert_eq!(db.count("users").await, 5);
        assert_eq!(db.count("user_nodes").await, 1); // the director's
        // Every change wrote its audit line.
        let events: Vec<String> = db.audit_log(&AuditFilter::default()).await.unwrap().into_iter().map(|a| a.event).collect();
        assert_eq!(events.iter().filter(|e| *e == "user.created").count(), 5);
        assert_eq!(events.iter().filter(|e| *e == "user.updated").count(), 3);
    }

    async fn usernames_are_stored_lower_case_and_found_in_any_case(db) {
        let created = db
            .create_user(&user("  JSmith@Stevenage.GOV.uk ", Role::Viewer, None, &[]), &audit("user.created", "user jsmith", "2024-05-01T09:00:00Z"))
            .await
            .unwrap();
        assert_eq!(created.username, "jsmith@stevenage.gov.uk");
        assert_eq!(db.texts("SELECT username FROM users").await, ["jsmith@stevenage.gov.uk"]);
        for typed in ["jsmith@stevenage.gov.uk", "JSMITH@STEVENAGE.GOV.UK", " JSmith@stevenage.gov.uk"] {
            assert_eq!(db.user_by_username(typed).await.unwrap().as_ref(), Some(&created), "{typed}");
        }
        let mut again = user("JSMITH@stevenage.gov.uk", Role::Administrator, None, &[]);
        match db.create_user(&again, &audit("user.created", "user jsmith", "2024-05-02T09:00:00Z")).await {
            Err(StoreError::DuplicateUser(name)) => assert_eq!(name, "jsmith@stevenage.gov.uk"),
            other => panic!("expected DuplicateUser, got {other:?}"),
        }
        // Updated by any case of the name.
        again.display_name = "Jo".into();
        let updated = db.update_user(&again, &audit("user.updated", "user jsmith", "2024-05-03T09:00:00Z")).await.unwrap();
        assert_eq!((updated.id, updated.username.as_str(), updated.role), (created.id, "jsmith@stevenage.gov.uk", Role::Administrator));
        assert_eq!(db.count("users").await, 1);
    }

    async fn a_duplicate_or_unknown_user_writes_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let jsmith = user("jsmith", Role::DataOwner, Some("stevenage"), &["customer-services"]);
        let created = db.create_user(&jsmith, &audit("user.created", "user jsmith", "2024-05-01T09:00:00Z")).await.unwrap();
        let counts = row_counts(&db).await;
        let mut other = user("JSmith", Role::Director, Some("stevenage"), &["customer"]);
        other.password_hash = "$argon2id$other".into();
        assert!(matches!(
            db.create_user(&other, &audit("user.created", "user jsmith", "2024-05-02T09:00:00Z")).await,
            Err(StoreError::DuplicateUser(name)) if name == "jsmith"
        ));
        other.username = "Nobody".into();
        assert!(matches!(
            db.update_user(&other, &audit("user.updated", "user nobody", "2024-05-02T09:00:00Z")).await,
            Err(StoreError::NoUser(name)) if name == "nobody"
        ));
        assert_eq!(row_counts(&db).await, counts);
        assert_eq!(db.user_by_username("jsmith").await.unwrap(), Some(created));
        assert_eq!(db.user_by_username("nobody").await.unwrap(), None);
    }

    async fn a_user_with_an_unknown_node_or_council_writes_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let mut epping = ChangeSet::for_council(k("epping-forest"), "Epping Forest District Council");
        epping.kinds = vec![outturn_core::NodeKind { key: k("portfolio"), name: "Portfolio".into() }];
        epping.nodes = vec![node("epping-only", "portfolio", "Epping only", None)];
        db.apply(&epping).await.unwrap();
        let created = db
            .create_user(&user("jsmith", Role::DataOwner, Some("stevenage"), &["customer-services"]), &audit("user.created", "user jsmith", "2024-05-01T09:00:00Z"))
            .await
            .unwrap();
        let counts = row_counts(&db).await;
        let when = "2024-05-02T09:00:00Z";
        // A key in no council, a node of another council, any node for a user of no council.
        for (council, nodes, missing) in [
            (Some("stevenage"), ["customer", "nowhere"], "node nowhere"),
            (Some("stevenage"), ["customer", "epping-only"], "node epping-only"),
            (None, ["customer", "customer-services"], "node customer"),
        ] {
            let mut record = user("newcomer", Role::Director, council, &nodes);
            for (username, result) in [
                ("newcomer", db.create_user(&record, &audit("user.created", "user newcomer", when)).await),
                ("jsmith", {
                    record.username = "jsmith".into();
                    db.update_user(&record, &audit("user.updated", "user jsmith", when)).await
                }),
            ] {
                match result {
                    Err(StoreError::Dangling { what, missing: m }) => {
                        assert_eq!((what.as_str(), m.as_str()), (format!("user {username}").as_str(), missing));
                    }
                    other => panic!("expected Dangling({missing}), got {other:?}"),
                }
            }
        }
        // A council that is not stored.
        for record in [user("newcomer", Role::Viewer, Some("nowhere"), &[]), user("jsmith", Role::Viewer, Some("nowhere"), &[])] {
            let result = if record.username == "jsmith" {
                db.update_user(&record, &audit("user.updated", "user jsmith", when)).await
            } else {
                db.create_user(&record, &audit("user.created", "user newcomer", when)).await
            };
            assert!(matches!(result, Err(StoreError::NoCouncil(ref s)) if s == "nowhere"), "{result:?}");
        }
        assert_eq!(row_counts(&db).await, counts);
        assert_eq!(db.user_by_username("jsmith").await.unwrap(), Some(created));
        assert_eq!(db.user_by_username("newcomer").await.unwrap(), None);
    }

    async fn sessions_expire_and_unknown_ones_are_none(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let jsmith = db
            .create_user(&user("jsmith", Role::DataOwner, Some("stevenage"), &["customer-services"]), &audit("user.created", "user jsmith", "2024-05-01T08:00:00Z"))
            .await
            .unwrap();
        let s = session("hash-1", jsmith.id, "2024-05-01T09:00:00.25Z", "2024-05-01T17:00:00.5Z");
        db.create_session(&s).await.unwrap();
        assert_eq!(db.session("hash-1", at("2024-05-01T09:00:00.25Z")).await.unwrap(), Some((s.clone(), jsmith.clone())));
        // Until the instant it expires: instants compare as instants, fractions of a second included.
        for (now, open) in [
            ("2024-05-01T17:00:00Z", true),
            ("2024-05-01T18:00:00+01:00", true),
            ("2024-05-01T17:00:00.499999999Z", true),
            ("2024-05-01T17:00:00.5Z", false),
            ("2024-05-01T18:00:00.6+01:00", false),
            ("2025-01-01T00:00:00Z", false),
        ] {
            assert_eq!(db.session("hash-1", at(now)).await.unwrap().is_some(), open, "at {now}");
        }
        assert_eq!(db.session("no-such-hash", at("2024-05-01T10:00:00Z")).await.unwrap(), None);
        // Deleting ends it; deleting again, or an unknown one, is harmless.
        db.delete_session("hash-1").await.unwrap();
        assert_eq!(db.session("hash-1", at("2024-05-01T10:00:00Z")).await.unwrap(), None);
        db.delete_session("hash-1").await.unwrap();
        db.delete_session("no-such-hash").await.unwrap();
        // A session needs a user.
        let orphan = session("hash-2", jsmith.id + 1000, "2024-05-01T09:00:00Z", "2024-05-01T17:00:00Z");
        assert!(matches!(db.create_session(&orphan).await, Err(StoreError::NoUser(_))));
        assert_eq!(db.count("sessions").await, 0);
    }

    async fn a_new_password_ends_every_session_and_other_changes_keep_them(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let record = user("jsmith", Role::DataOwner, Some("stevenage"), &["customer-services"]);
        let jsmith = db.create_user(&record, &audit("user.created", "user jsmith", "2024-05-01T08:00:00Z")).await.unwrap();
        let open = |hash: &str| session(hash, jsmith.id, "2024-05-01T09:00:00Z", "2024-05-01T17:00:00Z");
        let now = at("2024-05-01T10:00:00Z");
        db.create_session(&open("hash-1")).await.unwrap();
        db.create_session(&open("hash-2")).await.unwrap();
        let renamed = UserRecord { display_name: "J Smith".into(), ..record.clone() };
        db.update_user(&renamed, &audit("user.updated", "user jsmith", "2024-05-01T09:30:00Z")).await.unwrap();
        assert!(db.session("hash-1", now).await.unwrap().is_some(), "a new name keeps the sessions");
        let reset = UserRecord { password_hash: "another hash".into(), ..renamed };
        db.update_user(&reset, &audit("user.password_reset", "user jsmith", "2024-05-01T09:45:00Z")).await.unwrap();
        for hash in ["hash-1", "hash-2"] {
            assert_eq!(db.session(hash, now).await.unwrap(), None, "{hash}");
        }
        assert_eq!(db.count("sessions").await, 0);
    }

    async fn disabling_a_user_ends_their_sessions(db) {
        let when = "2024-05-01T08:00:00Z";
        let a = db.create_user(&user("alice", Role::Viewer, None, &[]), &audit("user.created", "user alice", when)).await.unwrap();
        let b = db.create_user(&user("bob", Role::Viewer, None, &[]), &audit("user.created", "user bob", when)).await.unwrap();
        for (hash, id) in [("a1", a.id), ("a2", a.id), ("b1", b.id)] {
            db.create_session(&session(hash, id, "2024-05-01T09:00:00Z", "2024-05-02T09:00:00Z")).await.unwrap();
        }
        let now = at("2024-05-01T10:00:00Z");
        // Any other change keeps them, and the session shows the user as now.
        let mut alice = user("alice", Role::Viewer, None, &[]);
        alice.display_name = "Alice A".into();
        db.update_user(&alice, &audit("user.updated", "user alice", when)).await.unwrap();
        assert_eq!(db.session("a1", now).await.unwrap().unwrap().1.display_name, "Alice A");
        alice.disabled = true;
        let disabled = db.update_user(&alice, &audit("user.disabled", "user alice", when)).await.unwrap();
        assert!(disabled.disabled);
        assert_eq!(db.session("a1", now).await.unwrap(), None);
        assert_eq!(db.session("a2", now).await.unwrap(), None);
        assert_eq!(db.count("sessions").await, 1);
        assert_eq!(db.session("b1", now).await.unwrap().unwrap().1, b);
        // Enabled again, alice signs in again: her sessions are gone.
        alice.disabled = false;
        db.update_user(&alice, &audit("user.enabled", "user alice", when)).await.unwrap();
        assert_eq!(db.session("a1", now).await.unwrap(), None);
        // The session of a user disabled by other means is none too.
        db.create_session(&session("a3", a.id, "2024-05-01T09:00:00Z", "2024-05-02T09:00:00Z")).await.unwrap();
        assert!(db.session("a3", now).await.unwrap().is_some());
        // (another process, such as `outturn user disable`): seen within the store's one-second window.
        db.execute("UPDATE users SET disabled = TRUE WHERE username = 'alice'").await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(db.session("a3", now).await.unwrap(), None);
    }

    async fn login_failures_are_counted_since_an_instant_and_cleared(db) {
        for (name, when) in [
            ("JSmith", "2024-05-01T09:00:00Z"),
            ("jsmith", "2024-05-01T09:00:00.5Z"),
            (" jsmith", "2024-05-01T09:00:01Z"),
            ("jsmith", "2024-05-01T09:00:01Z"),
            ("other", "2024-05-01T09:00:00.5Z"),
        ] {
            db.record_login_failure(name, at(when)).await.unwrap();
        }
        // Since is inclusive; fractions of a second count.
        for (since, expected) in [
            ("2024-05-01T08:00:00Z", 4),
            ("2024-05-01T09:00:00Z", 4),
            ("2024-05-01T09:00:00.000000001Z", 3),
            ("2024-05-01T09:00:00.5Z", 3),
            ("2024-05-01T10:00:00.6+01:00", 2),
            ("2024-05-01T09:00:01Z", 2),
            ("2024-05-01T09:00:01.000000001Z", 0),
        ] {
            assert_eq!(db.login_failures_since("jsmith", at(since)).await.unwrap(), expected, "since {since}");
        }
        let early = at("2024-05-01T08:00:00Z");
        assert_eq!(db.login_failures_since("JSMITH ", early).await.unwrap(), 4);
        assert_eq!(db.login_failures_since("other", early).await.unwrap(), 1);
        assert_eq!(db.login_failures_since("nobody", early).await.unwrap(), 0);
        db.clear_login_failures("JSmith").await.unwrap();
        assert_eq!(db.login_failures_since("jsmith", early).await.unwrap(), 0);
        assert_eq!(db.login_failures_since("other", early).await.unwrap(), 1);
    }
}
