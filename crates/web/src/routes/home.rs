use axum::extract::State;
use axum::response::Html;
use outturn_app::access::{Action, can};

use crate::AppState;
use crate::error::WebError;
use crate::session::Visitor;
use crate::views::{Chrome, HomePage, render};

pub async fn home(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, WebError> {
    let user = visitor.user();
    let councils = state
        .store
        .councils()
        .await?
        .into_iter()
        .filter(|c| can(user, Action::ReadCouncil(&c.slug)))
        .map(|c| (c.slug.to_string(), c.name))
        .collect();
    let can_audit = can(user, Action::ReadAudit);
    Ok(render(&HomePage { chrome: Chrome::new(visitor.0.as_ref()), councils, can_audit }))
}
