//! Every change outturn audits, named once. Each use case turns its event
//! into an audit record written in the same transaction as the change.

use jiff::Timestamp;
use outturn_core::{Key, Measure, ResultEntry, ResultValue, TargetRevision};
use outturn_store::{AuditRecord, User};
use serde_json::{Value, json};

pub enum AuditEvent<'a> {
    ResultRecorded {
        council: &'a Key,
        before: Option<&'a ResultEntry>,
        after: &'a ResultEntry,
    },
    TargetRevised {
        council: &'a Key,
        before: Option<&'a TargetRevision>,
        after: &'a TargetRevision,
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
}

impl AuditEvent<'_> {
    /// The stable code of the event, for filtering (`result.recorded`).
    pub fn code(&self) -> &'static str {
        match self {
            AuditEvent::ResultRecorded { .. } => "result.recorded",
            AuditEvent::TargetRevised { .. } => "target.revised",
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
        }
    }

    pub fn record(&self, actor: &str, at: Timestamp) -> AuditRecord {
        let (council, subject, before, after) = match self {
            AuditEvent::ResultRecorded { council, before, after } => (
                Some((*council).clone()),
                format!("{} {}", after.measure, after.period),
                before.map(result_json),
                Some(result_json(after)),
            ),
            AuditEvent::TargetRevised { council, before, after } => (
                Some((*council).clone()),
                format!("{} {}", after.measure, after.period),
                before.map(target_json),
                Some(target_json(after)),
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
        };
        AuditRecord { at, actor: actor.to_string(), council, event: self.code().to_string(), subject, before, after }
    }
}

/// Marks a change as made through the REST API (`via` names the token), as
/// the audit log shows it beside the user who owns the token.
pub fn via_api(record: &mut AuditRecord, via: &str) {
    match &mut record.after {
        Some(Value::Object(after)) => {
            after.insert("via".into(), json!(via));
        }
        _ => record.after = Some(json!({ "via": via })),
    }
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
