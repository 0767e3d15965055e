//! `outturn token create|list|revoke`: bearer tokens for the REST API
//! (/api/v1). The secret is printed once, when made; only its hash is kept.

use std::io::Write;

use clap::Subcommand;
use jiff::Timestamp;
use outturn_app::accounts::api_tokens::{create_token, list_tokens, revoke_token};
use outturn_store::{Store, TokenScope};

const ACTOR: &str = "outturn token";

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token that acts as a user (with the user's role), capped by its scope.
    Create {
        /// The user the token acts as (their username).
        #[arg(long)]
        user: String,
        /// read (never changes anything) or write.
        #[arg(long, value_parser = parse_scope)]
        scope: TokenScope,
        /// What the token is for ("nightly housing feed").
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Every token (of one user with --user), revoked ones included; never a secret.
    List {
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a token by its number: it stops working at once.
    Revoke { id: i64 },
}

fn parse_scope(text: &str) -> Result<TokenScope, String> {
    TokenScope::parse(text).ok_or_else(|| format!("\"{text}\" is not a scope: give read or write"))
}

fn when(at: Option<Timestamp>) -> String {
    at.map_or_else(|| "-".to_string(), |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

pub async fn run(store: &dyn Store, command: TokenCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        TokenCommand::Create { user, scope, name } => {
            let made = create_token(store, &outturn_app::actor::Actor::command(ACTOR), &user, scope, &name)
                .await
                .map_err(|e| e.to_string())?;
            let t = &made.token;
            let _ = writeln!(out, "created API token {} for {} ({}): {}", t.id, t.username, t.scope.code(), t.name);
            let _ = writeln!(out, "token (shown once): {}", made.secret);
        }
        TokenCommand::List { user } => {
            let tokens = list_tokens(store, &outturn_app::actor::Actor::command(ACTOR), user.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            if tokens.is_empty() {
                let _ = writeln!(out, "no API tokens");
            }
            let _ = writeln!(out, "id\tuser\tscope\tcreated\tlast used\trevoked\tname");
            for t in tokens {
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.username,
                    t.scope.code(),
                    when(Some(t.created_at)),
                    when(t.last_used_at),
                    when(t.revoked_at),
                    t.name
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let t =
                revoke_token(store, &outturn_app::actor::Actor::command(ACTOR), id).await.map_err(|e| e.to_string())?;
            let _ = writeln!(out, "revoked API token {} of {} ({})", t.id, t.username, t.name);
        }
    }
    Ok(())
}
