//! Every change outturn audits, named once. Each use case turns its event
//! into an audit record written in the same transaction as the change.

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::{
    ActionState, CommitteeAction, ImprovementPlan, Key, Measure, Meeting, Period, ResultEntry, ResultValue,
    SignOffState, SignOffStep, TargetRevision,
};
use outturn_store::{AuditRecord, ReportSettings, User};
use serde_json::{Value, json};

use crate::actor::Actor;

pub enum AuditEvent<'a> {
    ResultRecorded {
        council: &'a Key,
        before: Option<&'a ResultEntry>,
        after: &'a ResultEntry,
    },
    /// A result of a published period corrected, with the reason given.
    ResultCorrectedAfterPublication {
        council: &'a Key,
        before: Option<&'a ResultEntry>,
        after: &'a ResultEntry,
        reason: &'a str,
    },
    TargetRevised {
        council: &'a Key,
        before: Option<&'a TargetRevision>,
        after: &'a TargetRevision,
    },
    /// An officer's own forecast of a measure's year-end outturn, with the
    /// reason; `before` is the override it supersedes for the same year.
    ForecastOverridden {
        before: Option<&'a outturn_store::ForecastOverride>,
        after: &'a outturn_store::ForecastOverride,
    },
    FrameworkApplied {
        council: &'a Key,
        changes: &'a [String],
    },
    /// A results or targets file imported (`source` names it; `kind` is
    /// `results` or `targets`), with how many rows added, corrected or changed nothing.
    Imported {
        council: &'a Key,
        source: &'a str,
        kind: &'a str,
        rows: usize,
        counts: crate::results::data_changes::Counts,
    },
    MeasureChanged {
        council: &'a Key,
        before: &'a Measure,
        after: &'a Measure,
    },
    UserCreated {
        user: &'a User,
    },
    UserChanged {
        before: &'a User,
        after: &'a User,
    },
    PasswordReset {
        user: &'a User,
    },
    SignedIn {
        username: &'a str,
    },
    SignInRefused {
        username: &'a str,
        why: &'a str,
    },
    SignedOut {
        username: &'a str,
    },
    /// An API token made for a user (never its secret).
    TokenCreated {
        username: &'a str,
        name: &'a str,
        scope: outturn_store::TokenScope,
    },
    TokenRevoked {
        id: i64,
    },
    /// Narrative written for a report draft: the slots set (and cleared), before and after.
    NarrativeSaved {
        draft: &'a outturn_store::DraftKey,
        before: &'a outturn_store::Narrative,
        after: &'a outturn_store::Narrative,
    },
    /// A collection round opened, with its deadlines.
    RoundOpened {
        council: &'a Key,
        period: Period,
        entry_deadline: Date,
        sign_off_deadline: Date,
    },
    RoundClosed {
        council: &'a Key,
        period: Period,
    },
    /// A sign-off step for a business unit and period (submit, sign off, reopen).
    SignOffStepTaken {
        council: &'a Key,
        unit: &'a Key,
        period: Period,
        step: SignOffStep,
        before: SignOffState,
        after: SignOffState,
        reason: Option<&'a str>,
    },
    /// An officer recorded that a Red or Amber result needs no commentary.
    CommentaryWaived {
        council: &'a Key,
        measure: &'a outturn_core::MeasureCode,
        period: Period,
        reason: &'a str,
    },
    /// A measure's status judged by an officer, or the judgement withdrawn
    /// (`after` None): `before` is the status that stood.
    StatusJudged {
        council: &'a Key,
        judgement: &'a outturn_core::Judgement,
        before: outturn_core::Status,
    },
    /// A committee meeting stored from a committee file.
    MeetingAdded {
        council: &'a Key,
        meeting: &'a Meeting,
    },
    ImprovementPlanSaved {
        council: &'a Key,
        plan: &'a ImprovementPlan,
    },
    /// How many Green periods take a plan off the focus list.
    FocusSettingChanged {
        council: &'a Key,
        green_periods: u32,
    },
    /// An update note on a committee action, with its status before and after.
    ActionUpdated {
        council: &'a Key,
        meeting: &'a Meeting,
        action: &'a CommitteeAction,
        state: ActionState,
        note: &'a str,
    },
    ReportSettingsChanged {
        council: &'a Key,
        before: &'a ReportSettings,
        after: &'a ReportSettings,
    },
    /// The address a user's reminders go to, set or (None) removed.
    EmailAddressSet {
        user: &'a User,
        address: Option<&'a str>,
    },
    ReportPublished {
        council: &'a Key,
        kind: &'a str,
        period: Period,
        committee: &'a str,
        meeting_date: Date,
        content_hash: &'a str,
        /// The override's reason and the checklist items it overrode, if any.
        checklist_overridden: Option<serde_json::Value>,
    },
}

impl AuditEvent<'_> {
    /// The stable code of the event, for filtering (`result.recorded`).
    pub fn code(&self) -> &'static str {
        match self {
            AuditEvent::ResultRecorded { .. } => "result.recorded",
            AuditEvent::ResultCorrectedAfterPublication { .. } => "result.corrected-after-publication",
            AuditEvent::TargetRevised { .. } => "target.revised",
            AuditEvent::ForecastOverridden { .. } => "forecast.overridden",
            AuditEvent::FrameworkApplied { .. } => "framework.applied",
            AuditEvent::Imported { .. } => "data.imported",
            AuditEvent::MeasureChanged { .. } => "measure.changed",
            AuditEvent::UserCreated { .. } => "user.created",
            AuditEvent::UserChanged { .. } => "user.changed",
            AuditEvent::PasswordReset { .. } => "user.password-reset",
            AuditEvent::SignedIn { .. } => "session.signed-in",
            AuditEvent::SignInRefused { .. } => "session.sign-in-refused",
            AuditEvent::SignedOut { .. } => "session.signed-out",
            AuditEvent::TokenCreated { .. } => "token.created",
            AuditEvent::TokenRevoked { .. } => "token.revoked",
            AuditEvent::NarrativeSaved { .. } => "report.narrative-saved",
            AuditEvent::RoundOpened { .. } => "round.opened",
            AuditEvent::RoundClosed { .. } => "round.closed",
            AuditEvent::SignOffStepTaken { step: SignOffStep::Submit, .. } => "sign-off.submit",
            AuditEvent::SignOffStepTaken { step: SignOffStep::SignOff, .. } => "sign-off.sign-off",
            AuditEvent::SignOffStepTaken { step: SignOffStep::Reopen, .. } => "sign-off.reopen",
            AuditEvent::CommentaryWaived { .. } => "commentary.waived",
            AuditEvent::StatusJudged { judgement, .. } if judgement.status.is_none() => "status.judgement-withdrawn",
            AuditEvent::StatusJudged { .. } => "status.judged",
            AuditEvent::MeetingAdded { .. } => "meeting.added",
            AuditEvent::ImprovementPlanSaved { .. } => "improvement-plan.saved",
            AuditEvent::FocusSettingChanged { .. } => "improvement-plan.focus-setting",
            AuditEvent::ActionUpdated { .. } => "action.updated",
            AuditEvent::ReportSettingsChanged { .. } => "report.settings-changed",
            AuditEvent::EmailAddressSet { .. } => "user.email-address-set",
            AuditEvent::ReportPublished { .. } => "report.published",
        }
    }

    /// The audit record of the event by the actor; a change through the API
    /// also names the token it came by.
    pub fn record_by(&self, actor: &Actor, at: Timestamp) -> AuditRecord {
        let mut record = self.record(actor.name(), at);
        if let Actor::Token(caller) = actor {
            via_api(&mut record, &caller.via());
        }
        record
    }

    /// The record by a name rather than an actor: signing in (the person is
    /// not an actor yet) and the files the command line applies.
    pub(crate) fn record(&self, actor: &str, at: Timestamp) -> AuditRecord {
        let (council, subject, before, after) = match self {
            AuditEvent::ResultRecorded { council, before, after } => (
                Some((*council).clone()),
                format!("{} {}", after.measure, after.period),
                before.map(result_json),
                Some(result_json(after)),
            ),
            AuditEvent::ResultCorrectedAfterPublication { council, before, after, reason } => {
                let mut after_json = result_json(after);
                after_json["correction_reason"] = json!(reason);
                (
                    Some((*council).clone()),
                    format!("{} {}", after.measure, after.period),
                    before.map(result_json),
                    Some(after_json),
                )
            }
            AuditEvent::TargetRevised { council, before, after } => (
                Some((*council).clone()),
                format!("{} {}", after.measure, after.period),
                before.map(target_json),
                Some(target_json(after)),
            ),
            AuditEvent::ForecastOverridden { before, after } => (
                Some(after.council.clone()),
                format!("{} {} year-end forecast", after.measure, after.year),
                before.map(override_json),
                Some(override_json(after)),
            ),
            AuditEvent::FrameworkApplied { council, changes } => {
                (Some((*council).clone()), format!("council {council}"), None, Some(json!({ "changes": changes })))
            }
            AuditEvent::Imported { council, source, kind, rows, counts } => (
                Some((*council).clone()),
                format!("{kind} file {source}"),
                None,
                Some(json!({
                    "source": source,
                    "kind": kind,
                    "rows": rows,
                    "added": counts.added,
                    "corrected": counts.corrected,
                    "unchanged": counts.unchanged,
                })),
            ),
            AuditEvent::MeasureChanged { council, before, after } => (
                Some((*council).clone()),
                format!("measure {}", after.code),
                serde_json::to_value(before).ok(),
                serde_json::to_value(after).ok(),
            ),
            AuditEvent::UserCreated { user } => (None, format!("user {}", user.username), None, Some(user_json(user))),
            AuditEvent::UserChanged { before, after } => {
                (None, format!("user {}", after.username), Some(user_json(before)), Some(user_json(after)))
            }
            AuditEvent::PasswordReset { user } => {
                (None, format!("user {}", user.username), None, Some(json!({ "password": "reset" })))
            }
            AuditEvent::SignedIn { username } | AuditEvent::SignedOut { username } => {
                (None, format!("user {username}"), None, None)
            }
            AuditEvent::SignInRefused { username, why } => {
                (None, format!("user {username}"), None, Some(json!({ "refused": why })))
            }
            AuditEvent::TokenCreated { username, name, scope } => {
                (None, format!("user {username}"), None, Some(json!({ "token": name, "scope": scope.code() })))
            }
            AuditEvent::TokenRevoked { id } => {
                (None, format!("API token {id}"), None, Some(json!({ "revoked": true })))
            }
            AuditEvent::NarrativeSaved { draft, before, after } => (
                Some(draft.council.clone()),
                format!("{} report {} narrative", draft.kind, draft.period),
                Some(json!(before)),
                Some(json!(after)),
            ),
            AuditEvent::RoundOpened { council, period, entry_deadline, sign_off_deadline } => (
                Some((*council).clone()),
                format!("collection round {period}"),
                None,
                Some(json!({
                    "entry_deadline": entry_deadline.to_string(),
                    "sign_off_deadline": sign_off_deadline.to_string(),
                })),
            ),
            AuditEvent::RoundClosed { council, period } => {
                (Some((*council).clone()), format!("collection round {period}"), None, None)
            }
            AuditEvent::SignOffStepTaken { council, unit, period, before, after, reason, .. } => (
                Some((*council).clone()),
                format!("{unit} {period}"),
                Some(json!({ "state": before.code() })),
                Some(json!({ "state": after.code(), "reason": reason })),
            ),
            AuditEvent::CommentaryWaived { council, measure, period, reason } => (
                Some((*council).clone()),
                format!("{measure} {period}"),
                None,
                Some(json!({ "commentary": "not needed", "reason": reason })),
            ),
            AuditEvent::StatusJudged { council, judgement, before } => (
                Some((*council).clone()),
                format!("{} {}", judgement.measure, judgement.period),
                Some(json!({ "status": before.label() })),
                Some(json!({
                    "status": judgement.status.map_or("as the figures give", |s| s.label()),
                    "justification": judgement.justification,
                })),
            ),
            AuditEvent::MeetingAdded { council, meeting } => {
                (Some((*council).clone()), meeting_subject(meeting), None, Some(json!(meeting)))
            }
            AuditEvent::ImprovementPlanSaved { council, plan } => {
                (Some((*council).clone()), plan.measure.to_string(), None, Some(json!(plan)))
            }
            AuditEvent::FocusSettingChanged { council, green_periods } => (
                Some((*council).clone()),
                "green periods".into(),
                None,
                Some(json!({ "green_periods": green_periods })),
            ),
            AuditEvent::ActionUpdated { council, meeting, action, state, note } => (
                Some((*council).clone()),
                format!("{} action {}", meeting_subject(meeting), action.number),
                Some(json!({ "status": action.state.code() })),
                Some(json!({ "status": state.code(), "note": note })),
            ),
            AuditEvent::ReportSettingsChanged { council, before, after } => (
                Some((*council).clone()),
                "report settings".into(),
                Some(settings_json(before)),
                Some(settings_json(after)),
            ),
            AuditEvent::EmailAddressSet { user, address } => {
                (user.council.clone(), format!("user {}", user.username), None, Some(json!({ "address": address })))
            }
            AuditEvent::ReportPublished {
                council,
                kind,
                period,
                committee,
                meeting_date,
                content_hash,
                checklist_overridden,
            } => (
                Some((*council).clone()),
                format!("{kind} report {period}"),
                None,
                Some(json!({
                    "committee": committee,
                    "meeting_date": meeting_date.to_string(),
                    "content_hash": content_hash,
                    "checklist_overridden": checklist_overridden,
                })),
            ),
        };
        AuditRecord { at, actor: actor.to_string(), council, event: self.code().to_string(), subject, before, after }
    }
}

/// The audit log, newest first, narrowed by the filter: for those who may read it.
pub async fn audit_log(
    store: &dyn outturn_store::Store,
    actor: &Actor,
    filter: &outturn_store::AuditFilter,
) -> Result<Vec<AuditRecord>, crate::AppError> {
    actor.check(crate::access::Action::ReadAudit)?;
    Ok(store.audit_log(filter).await?)
}

/// Marks a change as made through the REST API (`via` names the token), as
/// the audit log shows it beside the user who owns the token.
fn via_api(record: &mut AuditRecord, via: &str) {
    match &mut record.after {
        Some(Value::Object(after)) => {
            after.insert("via".into(), json!(via));
        }
        _ => record.after = Some(json!({ "via": via })),
    }
}

fn override_json(o: &outturn_store::ForecastOverride) -> Value {
    json!({ "year": o.year.to_string(), "value": o.value.to_string(), "reason": o.reason })
}

fn result_json(e: &ResultEntry) -> Value {
    let mut v = match &e.value {
        ResultValue::Figure(f) => json!({
            "value": f.value.to_string(),
            "numerator": f.numerator.map(|n| n.to_string()),
            "denominator": f.denominator.map(|d| d.to_string()),
            "cumulative": f.cumulative,
        }),
        ResultValue::Missing { reason } => json!({ "missing_reason": reason }),
        ResultValue::Narrative => json!({ "narrative": true }),
    };
    v["commentary"] = json!(e.commentary);
    v["recorded_at"] = json!(e.recorded_at.to_string());
    v
}

fn target_json(t: &TargetRevision) -> Value {
    json!({ "value": t.value.to_string(), "effective": t.effective.to_string(), "reason": t.reason, "author": t.author })
}

/// How the audit log names a meeting: "Executive 2021-09-15".
fn meeting_subject(meeting: &Meeting) -> String {
    format!("{} {}", meeting.committee, meeting.date)
}

fn settings_json(s: &ReportSettings) -> Value {
    json!({
        "committee": s.committee, "portfolio_holder": s.portfolio_holder, "lead_officer": s.lead_officer,
        "contact_name": s.contact_name, "contact_email": s.contact_email, "contact_phone": s.contact_phone,
        "implications": s.implications.iter().map(|i| json!({ "title": i.title, "text": i.text })).collect::<Vec<_>>(),
    })
}

/// A user's details, never the password hash.
fn user_json(u: &User) -> Value {
    json!({
        "display_name": u.display_name,
        "role": u.role.code(),
        "council": u.council.as_ref().map(Key::to_string),
        "nodes": u.nodes.iter().map(Key::to_string).collect::<Vec<_>>(),
        "disabled": u.disabled,
    })
}
