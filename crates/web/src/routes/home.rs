use axum::extract::State;
use axum::response::Html;
use outturn_app::access::Action;

use crate::AppState;
use crate::error::WebError;
use crate::session::Visitor;
use crate::views::{Chrome, HomePage, render};

pub async fn home(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, WebError> {
    let actor = visitor.actor();
    let publications = outturn_app::reports::publication::list(state.store.as_ref(), &actor, None).await?;
    let (councils, published): (Vec<_>, Vec<_>) = state
        .store
        .councils()
        .await?
        .into_iter()
        .filter(|c| actor.may_read(&c.slug) || publications.iter().any(|p| p.council == c.slug))
        .partition(|c| actor.may_read(&c.slug));
    let pair = |c: outturn_store::CouncilListing| {
        let notice = outturn_app::fictional_notice(&c.name, c.fictional);
        (c.slug.to_string(), c.name, notice)
    };
    let councils = councils.into_iter().map(pair).collect();
    let published = published.into_iter().map(pair).collect();
    let can_audit = actor.may(Action::ReadAudit);
    Ok(render(&HomePage { chrome: Chrome::new(visitor.0.as_ref()), councils, published, can_audit }))
}
