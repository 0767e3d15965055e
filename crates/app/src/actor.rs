//! Who is acting, named one way for every use case: a signed-in person, an
//! API token, the command line, the reminder scheduler, or the public. Web
//! handlers, API handlers and commands build one; each use case checks it
//! once at its entry (the rule is `access::actor_may`) and writes its name
//! in the audit log.

use outturn_core::Key;
use outturn_store::User;

use crate::AppError;
use crate::access::{self, Action};
use crate::accounts::api_tokens::ApiCaller;

#[derive(Debug, Clone)]
pub enum Actor {
    /// A person signed in to the web pages.
    User(User),
    /// A REST API call: the token's user, capped by the token's scope.
    Token(ApiCaller),
    /// The command line, as the audit log names it (`outturn round open`): its
    /// operator holds the database itself and so may do anything.
    Command(String),
    /// The server's own reminder pass: reads rounds, changes nothing.
    Scheduler,
    /// Someone not signed in.
    Public,
}

/// How an actor reached outturn, for the audit log and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Web,
    Api,
    Command,
    Scheduler,
}

impl Via {
    pub fn code(self) -> &'static str {
        match self {
            Via::Web => "web",
            Via::Api => "api",
            Via::Command => "command",
            Via::Scheduler => "scheduler",
        }
    }
}

/// How the scheduler is named in the audit log.
pub const SCHEDULER_NAME: &str = "outturn reminders";

impl Actor {
    /// The command line, named as the audit log shows it.
    pub fn command(name: impl Into<String>) -> Actor {
        Actor::Command(name.into())
    }

    /// A signed-in person, or the public.
    pub fn visitor(user: Option<&User>) -> Actor {
        user.map_or(Actor::Public, |u| Actor::User(u.clone()))
    }

    /// Whether the actor may do the action.
    pub fn may(&self, action: Action) -> bool {
        access::actor_may(self, action)
    }

    /// [`Actor::may`] as a use case's first step.
    pub fn check(&self, action: Action) -> Result<(), AppError> {
        if self.may(action) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// Whether the actor may read the council's dashboards, measures and history.
    pub fn may_read(&self, council: &Key) -> bool {
        self.may(Action::ReadCouncil(council))
    }

    /// The person acting (a token acts as its user), if any.
    pub fn user(&self) -> Option<&User> {
        match self {
            Actor::User(user) => Some(user),
            Actor::Token(caller) => Some(&caller.user),
            Actor::Command(_) | Actor::Scheduler | Actor::Public => None,
        }
    }

    /// The name the audit log gives: a username, or the command.
    pub fn name(&self) -> &str {
        match self {
            Actor::User(user) => &user.username,
            Actor::Token(caller) => &caller.user.username,
            Actor::Command(command) => command,
            Actor::Scheduler => SCHEDULER_NAME,
            Actor::Public => "public",
        }
    }

    /// Who wrote a target revision: the person's name as readers know it.
    pub fn display_name(&self) -> &str {
        match self {
            Actor::User(user) => &user.display_name,
            Actor::Token(caller) => &caller.user.display_name,
            _ => self.name(),
        }
    }

    /// How the actor reached outturn (the public reads pages on the web).
    pub fn via(&self) -> Via {
        match self {
            Actor::User(_) | Actor::Public => Via::Web,
            Actor::Token(_) => Via::Api,
            Actor::Command(_) => Via::Command,
            Actor::Scheduler => Via::Scheduler,
        }
    }
}
