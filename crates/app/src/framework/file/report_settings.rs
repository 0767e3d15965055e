//! The framework file's `[report]` table: what a council's committee reports
//! say on their cover (committee, portfolio holder, lead officer, contact)
//! and the implications sections, each a title and Markdown text. See
//! docs/framework-file.md.

use outturn_store::{Implication, ReportSettings};

use super::problem::Problems;
use super::toml_model::{ReportToml, S};

/// The settings as written, with a problem for each blank title or text and
/// each contact email without an `@`.
pub(super) fn read(report: &S<ReportToml>, problems: &mut Problems) -> ReportSettings {
    let r = report.get_ref();
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let contact = r.contact.as_ref().map(|c| c.get_ref());
    let email = contact.and_then(|c| given(&c.email));
    if let (Some(email), Some(c)) = (&email, &r.contact)
        && !email.contains('@')
    {
        problems.at(c.span(), "report.contact.email", format!("\"{email}\" is not an email address"));
    }
    let mut implications = Vec::new();
    for i in &r.implications {
        let (title, text) = (i.get_ref().title.get_ref().trim(), i.get_ref().text.get_ref().trim());
        if title.is_empty() {
            problems.at(i.get_ref().title.span(), "report.implications.title", "must not be empty");
        }
        if text.is_empty() {
            problems.at(
                i.get_ref().text.span(),
                "report.implications.text",
                format!("the text of \"{title}\" must not be empty (write \"None.\" when there are none)"),
            );
        }
        implications.push(Implication { title: title.to_string(), text: text.to_string() });
    }
    ReportSettings {
        committee: given(&r.committee),
        portfolio_holder: given(&r.portfolio_holder),
        lead_officer: given(&r.lead_officer),
        contact_name: contact.and_then(|c| given(&c.name)),
        contact_email: email,
        contact_phone: contact.and_then(|c| given(&c.phone)),
        implications,
    }
}
