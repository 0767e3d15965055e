//! `outturn user add|reset|disable|enable`: accounts from the command line.
//! Passwords are generated and shown once, or read from standard input with
//! `--password-stdin`; never taken as an argument (it would stay in the shell history).

use std::io::{BufRead, Write};

use clap::Subcommand;
use outturn_app::accounts::{NewUser, add_user, generate_password, reset_password, set_disabled};
use outturn_core::{Key, Role};
use outturn_store::Store;

const ACTOR: &str = "outturn user";

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add {
        username: String,
        /// administrator, performance-officer, director, data-owner or viewer.
        #[arg(long, value_parser = |s: &str| Role::parse(s))]
        role: Role,
        /// The council the account works for (every role but administrator).
        #[arg(long)]
        council: Option<String>,
        /// For directors and data owners: a node (business unit) whose measures they look after; repeat for more.
        #[arg(long = "node")]
        nodes: Vec<String>,
        /// The person's name as shown on pages.
        #[arg(long, default_value = "")]
        name: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password and end every session of the account; its API
    /// tokens are listed, and kept unless --revoke-tokens is given.
    Reset {
        username: String,
        #[arg(long)]
        password_stdin: bool,
        /// Also revoke every live API token of the account.
        #[arg(long)]
        revoke_tokens: bool,
    },
    /// Stop an account signing in and end its sessions (its history stays).
    Disable { username: String },
    /// Let a disabled account sign in again.
    Enable { username: String },
}

fn key(text: &str, what: &str) -> Result<Key, String> {
    Key::parse(text).map_err(|e| format!("{what}: {e}"))
}

fn password(from_stdin: bool) -> Result<(String, bool), String> {
    if !from_stdin {
        return Ok((generate_password(), true));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
    Ok((line.trim_end_matches(['\n', '\r']).to_string(), false))
}

pub async fn run(store: &dyn Store, command: UserCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        UserCommand::Add { username, role, council, nodes, name, password_stdin } => {
            let council = council.map(|c| key(&c, "--council")).transpose()?;
            let nodes = nodes.iter().map(|n| key(n, "--node")).collect::<Result<Vec<_>, _>>()?;
            let (password, generated) = password(password_stdin)?;
            let new = NewUser { username, display_name: name, role, council, nodes, password: password.clone() };
            let user =
                add_user(store, &outturn_app::actor::Actor::command(ACTOR), new).await.map_err(|e| e.to_string())?;
            let _ = writeln!(out, "created {} ({})", user.username, user.role.label());
            if generated {
                let _ = writeln!(out, "password (shown once): {password}");
            }
        }
        UserCommand::Reset { username, password_stdin, revoke_tokens } => {
            let (password, generated) = password(password_stdin)?;
            let who = outturn_app::actor::Actor::command(ACTOR);
            let reset =
                reset_password(store, &who, &username, &password, revoke_tokens).await.map_err(|e| e.to_string())?;
            let name = &reset.user.username;
            let _ = writeln!(out, "new password set for {name}; every session of {name} has ended");
            if generated {
                let _ = writeln!(out, "password (shown once): {password}");
            }
            let n = reset.tokens.len();
            let tokens = if n == 1 { "API token" } else { "API tokens" };
            match (n, reset.revoked) {
                (0, _) => {
                    let _ = writeln!(out, "{name} has no live API tokens");
                }
                (_, true) => {
                    let _ = writeln!(out, "revoked {n} {tokens} of {name}:");
                }
                (_, false) => {
                    let _ = writeln!(
                        out,
                        "kept {n} live {tokens} of {name} (a password does not guard them; revoke them with \
                         `outturn token revoke ID`, or reset with --revoke-tokens):"
                    );
                }
            }
            for t in &reset.tokens {
                let _ = writeln!(out, "  {}\t{}\t{}", t.id, t.scope.code(), t.name);
            }
        }
        UserCommand::Disable { username } => {
            let user = set_disabled(store, &outturn_app::actor::Actor::command(ACTOR), &username, true)
                .await
                .map_err(|e| e.to_string())?;
            let _ = writeln!(out, "disabled {}; their sessions have ended", user.username);
        }
        UserCommand::Enable { username } => {
            let user = set_disabled(store, &outturn_app::actor::Actor::command(ACTOR), &username, false)
                .await
                .map_err(|e| e.to_string())?;
            let _ = writeln!(out, "enabled {}", user.username);
        }
    }
    Ok(())
}
