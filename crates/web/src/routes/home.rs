use axum::extract::State;
use axum::response::Html;
use outturn_app::access::Action;

use crate::AppState;
use crate::error::WebError;
use crate::session::Visitor;
use crate::views::{Chrome, HomePage, render};

pub async fn home(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, WebError> {
    let actor = visitor.actor();
    let councils = outturn_app::statuses::api_reads::readable_councils(state.store.as_ref(), &actor)
        .await?
        .into_iter()
        .map(|c| (c.slug.to_string(), c.name))
        .collect();
    let can_audit = actor.may(Action::ReadAudit);
    Ok(render(&HomePage { chrome: Chrome::new(visitor.0.as_ref()), councils, can_audit }))
}
