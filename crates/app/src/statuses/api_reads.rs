//! Use cases the REST API reads that the pages do not need in this form:
//! the councils an actor may read, and the periods a council has results for.

use outturn_core::Key;
use outturn_core::Period;
use outturn_store::{CouncilListing, Store};

use crate::AppError;
use crate::actor::Actor;

/// The councils the actor may read, in the store's order.
pub async fn readable_councils(store: &dyn Store, actor: &Actor) -> Result<Vec<CouncilListing>, AppError> {
    let all = store.councils().await?;
    Ok(all.into_iter().filter(|c| actor.may_read(&c.slug)).collect())
}

/// The council's revision (it moves with every change to its framework,
/// results or targets), for a reader of the council.
pub async fn council_revision(store: &dyn Store, actor: &Actor, council: &Key) -> Result<i64, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    Ok(store.revision(&council.slug).await?.unwrap_or_default())
}

/// The periods with at least one recorded result, in order, of a council the actor may read.
pub async fn result_periods(store: &dyn Store, actor: &Actor, council: &Key) -> Result<Vec<Period>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    Ok(store.result_periods(&council.slug).await?)
}
