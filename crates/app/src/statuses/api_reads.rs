//! Use cases the REST API reads that the pages do not need in this form:
//! the councils a user may read, and the periods a council has results for.

use outturn_core::Period;
use outturn_store::{CouncilListing, Store, User};

use crate::AppError;
use crate::access::{Action, can};

/// The councils the user may read, in the store's order.
pub async fn readable_councils(store: &dyn Store, user: &User) -> Result<Vec<CouncilListing>, AppError> {
    let all = store.councils().await?;
    Ok(all.into_iter().filter(|c| can(Some(user), Action::ReadCouncil(&c.slug))).collect())
}

/// The periods with at least one recorded result, in order, of a council the user may read.
pub async fn result_periods(store: &dyn Store, user: &User, council: &str) -> Result<Vec<Period>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, Some(user), council).await?;
    Ok(store.result_periods(&council.slug).await?)
}
