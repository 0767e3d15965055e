//! What every page shares and nothing else: the chrome around it and how it
//! is drawn. A leaf module, so the error page can use it without reaching
//! the views (which reach the session, which reaches the errors).

use askama::Template;
use axum::response::Html;

pub fn render(page: &impl Template) -> Html<String> {
    Html(
        page.render()
            .unwrap_or_else(|e| format!("<!DOCTYPE html><title>Error</title><p>The page could not be drawn: {e}</p>")),
    )
}

/// The header and navigation around every page.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub user_name: Option<String>,
    pub user_role: String,
    /// For the sign-out form.
    pub csrf_token: String,
    pub council: Option<CouncilLink>,
    pub nav: Vec<NavItem>,
    /// Error pages do not know who asked, so they show no account links.
    pub hide_account: bool,
    /// A print view: the council menu and footer are left off on screen too.
    pub print_view: bool,
}

#[derive(Debug, Clone)]
pub struct CouncilLink {
    pub name: String,
    /// Said under the menu on every page of the council: a fictional
    /// council's "figures are generated, not real".
    pub notice: Option<String>,
    /// Where the council's name leads: its dashboard, or for the public its
    /// published reports.
    pub href: String,
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}
