//! Where the reminders learn who still owes what: the open collection rounds,
//! each data owner's measures due with no result yet, each director's units
//! not yet signed off (from `round`). A trait, so the scheduler can be run over rounds given
//! directly; [`StoreRounds`] reads them from the store.

use std::future::Future;

use jiff::Timestamp;
use outturn_core::{Key, MeasureCode, Role, SignOffState};
use outturn_store::{Store, User};

use super::rule::{DirectorToDo, MeasureDue, OwnerToDo, Person, RoundToDo, UnitAwaiting};
use crate::AppError;
use crate::actor::Actor;

/// The open rounds as they stand now.
pub trait RoundSource: Send + Sync {
    fn open_rounds(
        &self,
        store: &dyn Store,
        now: Timestamp,
    ) -> impl Future<Output = Result<Vec<RoundToDo>, AppError>> + Send;
}

/// Reads the rounds from the store: every council's rounds not yet closed,
/// as `round::round_status` reports them. A data owner's measures still due
/// are their measures not yet entered; a director's units awaiting sign-off
/// are the round's units under the director's nodes that are open or submitted.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreRounds;

impl RoundSource for StoreRounds {
    async fn open_rounds(&self, store: &dyn Store, now: Timestamp) -> Result<Vec<RoundToDo>, AppError> {
        let directors: Vec<User> =
            store.users().await?.into_iter().filter(|u| !u.disabled && u.role == Role::Director).collect();
        let mut out = Vec::new();
        for listing in store.councils().await? {
            let open: Vec<_> =
                store.rounds(&listing.slug).await?.into_iter().filter(|r| r.closed_at.is_none()).collect();
            if open.is_empty() {
                continue;
            }
            let Some(council) = store.council(&listing.slug).await? else { continue };
            for round in open {
                let status =
                    crate::rounds::round_status(store, &Actor::Scheduler, &council.slug, round.period, now).await?;
                let owners = status
                    .owners
                    .iter()
                    .map(|o| OwnerToDo {
                        owner: Person { username: o.username.clone(), name: o.display_name.clone() },
                        still_due: status
                            .measures
                            .iter()
                            .filter(|m| m.owners.contains(&o.username) && !m.timeliness.is_entered())
                            .filter_map(|m| {
                                Some(MeasureDue { code: MeasureCode::parse(&m.code).ok()?, title: m.title.clone() })
                            })
                            .collect(),
                    })
                    .collect();
                let directors = directors
                    .iter()
                    .filter(|d| d.council.as_ref() == Some(&council.slug))
                    .map(|d| DirectorToDo {
                        director: Person { username: d.username.clone(), name: d.display_name.clone() },
                        awaiting: status
                            .units
                            .iter()
                            .filter(|u| matches!(u.state, SignOffState::Open | SignOffState::Submitted))
                            .filter_map(|u| {
                                let key = Key::parse(&u.unit).ok()?;
                                let theirs = d.nodes.iter().any(|n| council.framework.is_under(&key, n));
                                theirs.then(|| UnitAwaiting {
                                    node: key,
                                    name: u.unit_name.clone(),
                                    state: u.state_label.to_string(),
                                })
                            })
                            .collect(),
                    })
                    .collect();
                out.push(RoundToDo {
                    council: council.slug.clone(),
                    council_name: council.name.clone(),
                    period: round.period,
                    owner_deadline: round.entry_deadline,
                    sign_off_deadline: round.sign_off_deadline,
                    owners,
                    directors,
                });
            }
        }
        Ok(out)
    }
}
