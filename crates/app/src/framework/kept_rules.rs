//! When a measure's status rule changes (by a framework file, a measures
//! import or the measure's page), the rule it had is kept for the periods
//! already signed off or published, so their statuses stand as reported
//! (core's `kept_rule` decides what is kept; this reads what it needs).

use jiff::Timestamp;
use outturn_core::kept_rule::rule_to_keep;
use outturn_core::{Measure, MeasureKeptRule};
use outturn_store::{ChangeSet, Council, Store};

use crate::AppError;
use crate::rounds::sign_off::Locks;

/// Adds to `changes` the former rules to keep for its measures (as they
/// will be stored), and gives a line for each; nothing is read when no rule
/// changes. The store writes the change only if sign-off and publishing are
/// still as read here.
pub(crate) async fn keep_rules(
    store: &dyn Store,
    council: &Council,
    changes: &mut ChangeSet,
    now: Timestamp,
) -> Result<Vec<String>, AppError> {
    let Some((kept, lines, locks)) = rules_to_keep(store, council, &changes.measures, now).await? else {
        return Ok(Vec::new());
    };
    locks.guard(changes)?;
    changes.kept_rules = kept;
    Ok(lines)
}

/// The former rules to keep for `changed` measures, with the sign-off and
/// publishing they were decided by; None when no rule changes.
async fn rules_to_keep(
    store: &dyn Store,
    council: &Council,
    changed: &[Measure],
    now: Timestamp,
) -> Result<Option<(Vec<MeasureKeptRule>, Vec<String>, Locks)>, AppError> {
    let before = |m: &Measure| council.measures.iter().find(|s| s.code == m.code);
    let rule_changed: Vec<(&Measure, &Measure)> = changed
        .iter()
        .filter_map(|after| before(after).filter(|b| b.status_rule != after.status_rule).map(|b| (b, after)))
        .collect();
    if rule_changed.is_empty() {
        return Ok(None);
    }
    let locks = Locks::load(store, council).await?;
    let history = store.history_without_results(&council.slug).await?;
    let mut kept = Vec::new();
    let mut lines = Vec::new();
    for (before, after) in rule_changed {
        let already = history.measures.get(&before.code).map_or(&[][..], |h| &h.kept_rules[..]);
        let locked = locks.latest_locked(&before.code);
        if let Some(rule) = rule_to_keep(before.status_rule, after.status_rule, already, locked, now) {
            lines.push(format!(
                "kept {}'s former status rule ({}) for periods to {}, which are signed off or published",
                before.code,
                rule.rule.describe(),
                rule.until
            ));
            kept.push(MeasureKeptRule { measure: before.code.clone(), kept: rule });
        }
    }
    Ok(Some((kept, lines, locks)))
}
