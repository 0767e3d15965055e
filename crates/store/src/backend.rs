//! What differs between the SQLite and PostgreSQL backends, and the macro that
//! gives each backend the one [`Store`](crate::Store) implementation.
//!
//! The queries (`shared/*.rs`) and the `Store` implementation
//! (`shared/store.rs`) are written once, over concrete types, and compiled
//! once per backend with `include!` inside a module that first says
//! `type Db = ...;`. Generic code over `sqlx::Database` would need a long list
//! of higher-ranked bounds on every function (Executor for `&mut Connection`,
//! Encode/Decode/Type for each bound type, IntoArguments...); including the
//! same source twice keeps the code plain and each copy checked against its
//! backend. (`cargo fmt` does not follow `include!`: format shared/*.rs with
//! rustfmt.)

use sqlx::migrate::Migrator;

/// A backend's constants, for the shared `Store` implementation.
pub(crate) trait Backend {
    type Db: sqlx::Database;
    /// What [`Store::backend`](crate::Store::backend) answers.
    const NAME: &'static str;
    /// Begins a transaction for reading, in which every query sees one snapshot.
    const BEGIN_READ: &'static str;
    /// Begins a transaction for writing.
    const BEGIN_WRITE: &'static str;
    /// The backend's schema migrations.
    fn migrator() -> &'static Migrator;
}

/// Compiles the shared queries and the shared `Store` implementation for
/// `$store`, a struct of the calling module with the fields `pool`,
/// `councils` and `recent` that implements [`Backend`].
macro_rules! shared_store {
    ($store:ident) => {
        $crate::backend::shared_store!(@with $store:
            read, write, accounts, rounds, publications, report_drafts, process_changes, forecast_overrides, benchmarks,
            tokens, reminders, committees);
    };
    (@with $store:ident: $($module:ident),+) => {
        $(
            mod $module {
                type Db = <super::$store as $crate::backend::Backend>::Db;
                include!(concat!("shared/", stringify!($module), ".rs"));
            }
        )+
        mod store {
            type Db = <super::$store as $crate::backend::Backend>::Db;
            type BackendStore = super::$store;
            use super::{$($module),+};
            include!("shared/store.rs");
        }
    };
}
pub(crate) use shared_store;
