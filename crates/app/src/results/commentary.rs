//! The commentary rule's use cases (the rule itself is
//! `outturn_core::commentary`): which measures owe their owner's commentary
//! for a round's period (listed after an import, refused at sign-off), and a
//! performance officer's record that none is needed, and why.
//!
//! A form or API call that records a Red or Amber result is refused without
//! commentary ([`crate::results::data_entry`]); an import row, a revised
//! target or a changed tolerance cannot ask, so the measure is left owing it.
//! Either way the status report says so (`commentary_need`).

use jiff::Timestamp;
use outturn_core::{AsOf, Key, MeasureCode, Period, Status};
use outturn_store::{CommentaryWaiver, Council, Store, StoreError};
use serde::Serialize;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::statuses::status_report::{StatusReport, assemble};

/// A council's commentary waivers, read once and looked up per measure and
/// period: the one lookup the status report, the measure page and the entry
/// list share.
#[derive(Debug, Clone, Default)]
pub struct Waivers(Vec<CommentaryWaiver>);

impl Waivers {
    pub async fn load(store: &dyn Store, council: &Key) -> Result<Waivers, AppError> {
        Ok(Waivers(store.commentary_waivers(council).await?))
    }

    /// Why no commentary is needed on the measure's figure for the period,
    /// as known at `at` (a waiver recorded later is not seen "as recorded on" an earlier date).
    pub fn reason(&self, measure: &MeasureCode, period: Period, at: AsOf) -> Option<String> {
        self.0
            .iter()
            .find(|w| &w.measure == measure && w.period == period && at.knows(w.recorded_at))
            .map(|w| w.reason.clone())
    }
}

/// A measure whose Red or Amber result for a period has no commentary yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwedCommentary {
    pub code: String,
    pub title: String,
    /// The measure's own period the result is for.
    pub period: Period,
    #[serde(serialize_with = "status_code")]
    pub status: Status,
    /// The status in the council's words.
    pub status_label: String,
    /// The business unit (owning node) key and name.
    pub unit: String,
    pub unit_name: String,
}

impl std::fmt::Display for OwedCommentary {
    /// "NI156 Households in temporary accommodation (2020/21-Q3, Red)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({}, {})", self.code, self.title, self.period, self.status_label)
    }
}

fn status_code<S: serde::Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.code())
}

/// The measures of a status report that owe commentary, those of `unit` (and
/// the units under it) when given.
pub fn owed_in(council: &Council, report: &StatusReport, unit: Option<&Key>) -> Vec<OwedCommentary> {
    report
        .measures
        .iter()
        .filter(|m| m.commentary_need.is_owed())
        .filter(|m| {
            unit.is_none_or(|u| Key::parse(&m.owner_key).is_ok_and(|owner| council.framework.is_under(&owner, u)))
        })
        .map(|m| OwedCommentary {
            code: m.code.clone(),
            title: m.title.clone(),
            period: m.period,
            status: m.status,
            status_label: m.status_label.clone(),
            unit: m.owner_key.clone(),
            unit_name: m.owner.clone(),
        })
        .collect()
}

/// What a business unit owes for the period, now.
pub async fn owed_by_unit(
    store: &dyn Store,
    council: &Council,
    period: Period,
    unit: &Key,
) -> Result<Vec<OwedCommentary>, AppError> {
    let report = assemble(store, council, period, None).await?;
    Ok(owed_in(council, &report, Some(unit)))
}

/// After an import: which of the measures it wrote owe commentary for the
/// periods still being collected (those of the council's open rounds; a
/// back-filled year is not a to-do list, and its statuses say what is owed).
pub async fn owed_after_import(
    store: &dyn Store,
    council: &Council,
    written: &std::collections::BTreeSet<MeasureCode>,
) -> Result<Vec<OwedCommentary>, AppError> {
    let open: Vec<Period> =
        store.rounds(&council.slug).await?.into_iter().filter(|r| r.closed_at.is_none()).map(|r| r.period).collect();
    let mut owed = Vec::new();
    for period in open {
        let report = assemble(store, council, period, None).await?;
        owed.extend(
            owed_in(council, &report, None)
                .into_iter()
                .filter(|o| MeasureCode::parse(&o.code).is_ok_and(|c| written.contains(&c))),
        );
    }
    Ok(owed)
}

/// Records, for a performance officer, that a measure's Red or Amber result
/// for its period needs no commentary, and why; audited.
#[allow(clippy::too_many_arguments)]
pub async fn waive_commentary(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    period: Period,
    reason: &str,
    now: Timestamp,
) -> Result<CommentaryWaiver, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadCouncil(&council.slug))?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code) else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    actor.check(Action::WaiveCommentary(&council.slug))?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::BadInput { field: "waiver_reason", message: "Say why no commentary is needed".into() });
    }
    let waiver = CommentaryWaiver {
        council: council.slug.clone(),
        measure: measure.code.clone(),
        period,
        reason: reason.to_string(),
        recorded_at: now,
        recorded_by: actor.name().to_string(),
    };
    let audit = AuditEvent::CommentaryWaived { council: &council.slug, measure: &measure.code, period, reason }
        .record_by(actor, now);
    match store.waive_commentary(&waiver, &audit).await {
        Ok(()) => Ok(waiver),
        Err(StoreError::Duplicate(_)) => Err(AppError::Workflow(format!(
            "{} {period}: an officer has already recorded that no commentary is needed",
            measure.code
        ))),
        Err(e) => Err(e.into()),
    }
}
