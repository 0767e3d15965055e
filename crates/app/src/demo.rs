//! Use case: load the demo councils. Their framework files (in `demo/` at the
//! top of the repository, written from published committee papers) are built
//! into the binary, so `outturn demo` works from any folder. Loading is a
//! framework apply, so it is idempotent.

use outturn_core::{Key, Role};
use outturn_store::Store;

use crate::AppError;
use crate::accounts::{AccountError, NewUser, add_user, generate_password};
use crate::framework::apply::{Applied, apply_framework_file};
use crate::framework::file::FileSource;

/// The demo files, by their path in the repository.
pub const DEMO_FILES: &[(&str, &str)] = &[
    ("demo/stevenage/framework.toml", include_str!("../../../demo/stevenage/framework.toml")),
    ("demo/stevenage/targets.csv", include_str!("../../../demo/stevenage/targets.csv")),
    ("demo/stevenage/results.csv", include_str!("../../../demo/stevenage/results.csv")),
    ("demo/stevenage/forecasts.csv", include_str!("../../../demo/stevenage/forecasts.csv")),
    ("demo/stevenage/narrative-2020-21-q2.toml", include_str!("../../../demo/stevenage/narrative-2020-21-q2.toml")),
    ("demo/epping-forest/framework.toml", include_str!("../../../demo/epping-forest/framework.toml")),
    ("demo/epping-forest/targets.csv", include_str!("../../../demo/epping-forest/targets.csv")),
    ("demo/epping-forest/results.csv", include_str!("../../../demo/epping-forest/results.csv")),
    ("demo/epping-forest/milestone-updates.csv", include_str!("../../../demo/epping-forest/milestone-updates.csv")),
    ("demo/stevenage/committees.toml", include_str!("../../../demo/stevenage/committees.toml")),
];

/// The committee file (meetings, improvement plans) of each demo council that has one.
pub const DEMO_COMMITTEES: &[&str] = &["demo/stevenage/committees.toml"];

/// The report narrative files (one per draft) of the demo councils.
pub const DEMO_NARRATIVES: &[&str] = &["demo/stevenage/narrative-2020-21-q2.toml"];

/// The framework file of each demo council.
pub const DEMO_FRAMEWORKS: &[&str] = &["demo/stevenage/framework.toml", "demo/epping-forest/framework.toml"];

/// The demo files built into the binary.
pub struct EmbeddedDemo;

impl FileSource for EmbeddedDemo {
    fn read(&self, path: &str) -> Result<String, String> {
        DEMO_FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| format!("{path} is not one of the demo files built into outturn"))
    }
}

/// Applies every demo council's framework, in order, then its committee file.
pub async fn load_demo(store: &dyn Store) -> Result<Vec<Applied>, AppError> {
    let mut applied = Vec::new();
    let actor = crate::actor::Actor::command("outturn demo");
    for path in DEMO_FRAMEWORKS {
        applied.push(apply_framework_file(store, &EmbeddedDemo, path, &actor).await?);
    }
    // A council's committee changes are told with its framework's, so that
    // loading again still says "no changes" once per council.
    for path in DEMO_COMMITTEES {
        let loaded = crate::committees::load_file(store, &EmbeddedDemo, path, &actor).await?;
        match applied.iter_mut().find(|a| a.council == loaded.council) {
            Some(same) => same.changes.extend(loaded.changes),
            None => applied.push(loaded),
        }
    }
    for path in DEMO_NARRATIVES {
        let imported = crate::reports::narrative::import_narrative(store, &EmbeddedDemo, path, &actor).await?;
        // Only a change is worth a line: the council's framework line already says "no changes".
        if !imported.changed.is_empty() {
            let d = &imported.draft;
            let line =
                format!("wrote narrative for the {} report {}: {}", d.kind, d.period, imported.changed.join(", "));
            applied.push(Applied { council: d.council.clone(), changes: vec![line] });
        }
    }
    Ok(applied)
}

/// A demo account: username, display name, role, council, nodes.
type DemoAccountSpec = (&'static str, &'static str, Role, Option<&'static str>, &'static [&'static str]);

/// The demo's accounts.
const DEMO_ACCOUNTS: &[DemoAccountSpec] = &[
    ("admin", "Sam Patel", Role::Administrator, None, &[]),
    ("officer", "Jo Fraser", Role::PerformanceOfficer, Some("stevenage"), &[]),
    (
        "director",
        "Assistant Director, Housing and Investment",
        Role::Director,
        Some("stevenage"),
        // Signs off these business units' results in a collection round.
        &["housing-and-investment", "communities-and-neighbourhoods"],
    ),
    ("owner", "Pat Kelly", Role::DataOwner, Some("stevenage"), &["housing-and-investment"]),
    ("viewer", "Cllr Robin Shaw", Role::Viewer, Some("stevenage"), &[]),
    ("epping-officer", "Lee Turner", Role::PerformanceOfficer, Some("epping-forest"), &[]),
];

/// A demo account created now, with its password (shown once, never stored).
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
    pub council: Option<String>,
    pub password: String,
}

/// Creates the demo accounts that do not exist yet, each with a new random
/// password, and returns them; accounts that exist are left alone.
pub async fn ensure_demo_accounts(store: &dyn Store) -> Result<Vec<DemoAccount>, AccountError> {
    let mut created = Vec::new();
    for (username, display_name, role, council, nodes) in DEMO_ACCOUNTS {
        if store.user_by_username(username).await?.is_some() {
            continue;
        }
        let password = generate_password();
        let council = council.map(|c| Key::parse(c).expect("demo council keys are valid"));
        let nodes = nodes.iter().map(|n| Key::parse(n).expect("demo node keys are valid")).collect();
        let new = NewUser {
            username: username.to_string(),
            display_name: display_name.to_string(),
            role: *role,
            council: council.clone(),
            nodes,
            password: password.clone(),
        };
        add_user(store, &crate::actor::Actor::command("outturn serve --demo"), new).await?;
        created.push(DemoAccount {
            username: username.to_string(),
            role: *role,
            council: council.map(|c| c.to_string()),
            password,
        });
    }
    Ok(created)
}
