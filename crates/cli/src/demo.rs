//! The demo's published reports (`demo/publications.toml`): published after
//! the demo councils are loaded, by `outturn demo` and `outturn serve --demo`,
//! so the public pages have something to show. Publishing renders the
//! report, so it happens here and not in the app's demo loader.

use outturn_app::actor::Actor;
use outturn_core::Period;
use outturn_report::ReportKind;
use outturn_report::publish::{PublishRequest, publish};
use outturn_store::Store;

/// Publishes each listed report its council has not published yet; returns
/// what was published, in words.
pub async fn publish_demo_reports(store: &dyn Store) -> Result<Vec<String>, String> {
    let actor = Actor::command("outturn demo");
    let mut done = Vec::new();
    for p in outturn_app::demo::demo_publications().map_err(|e| e.to_string())? {
        let what = |e: &dyn std::fmt::Display| format!("demo/publications.toml: {} {}: {e}", p.council, p.period);
        let kind = ReportKind::parse(&p.kind).ok_or_else(|| what(&"kind is quarterly or exception"))?;
        let period = Period::parse(&p.period).map_err(|e| what(&e))?;
        let already = store.publications(Some(&p.council)).await.map_err(|e| what(&e))?;
        if already.iter().any(|q| q.period == period && q.kind == kind.slug()) {
            continue;
        }
        let request = PublishRequest {
            council: &p.council,
            kind,
            period,
            committee: &p.committee,
            meeting_date: p.meeting_date,
            override_reason: p.override_reason.as_deref(),
        };
        let published = publish(store, &actor, &request, jiff::Timestamp::now()).await.map_err(|e| what(&e))?;
        done.push(format!(
            "Published {}'s {} report for {} (report {}): its public pages are at /published/{}",
            p.council,
            kind.slug(),
            period,
            published.id,
            p.council
        ));
    }
    Ok(done)
}
