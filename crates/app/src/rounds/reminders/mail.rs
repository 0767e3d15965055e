//! Sending email over SMTP (lettre, on tokio, TLS by rustls), with its
//! settings from the environment. The SMTP password is part of
//! `OUTTURN_SMTP_URL`; it is handed to lettre and never printed: messages name
//! the server by [`MailSettings::server`], which leaves it out.

use std::future::Future;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// `smtp://host:port` (no TLS, for a relay on the same machine),
/// `smtp://host?tls=required` (STARTTLS), `smtps://user:pass@host` (TLS).
pub const SMTP_URL_VAR: &str = "OUTTURN_SMTP_URL";
/// The sender: `outturn@council.gov.uk` or `Performance team <performance@council.gov.uk>`.
pub const MAIL_FROM_VAR: &str = "OUTTURN_MAIL_FROM";
/// The address people reach the web application at, for the links in reminders.
pub const PUBLIC_URL_VAR: &str = "OUTTURN_PUBLIC_URL";

/// How long one send may take (connecting, greeting, the message) before it fails.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Where and as whom to send. Debug leaves the password out.
#[derive(Clone)]
pub struct MailSettings {
    smtp_url: String,
    pub from: Mailbox,
    pub public_url: String,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("server", &self.server())
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .finish()
    }
}

impl MailSettings {
    /// Checks the settings: a URL lettre understands, a sender address, and
    /// the public URL (default `http://127.0.0.1:8080`).
    pub fn new(smtp_url: &str, from: &str, public_url: Option<&str>) -> Result<Self, String> {
        let settings = MailSettings {
            smtp_url: smtp_url.trim().to_string(),
            from: from
                .trim()
                .parse()
                .map_err(|e| format!("{MAIL_FROM_VAR}: \"{}\" is not an email address: {e}", from.trim()))?,
            public_url: public_url.map_or("http://127.0.0.1:8080", str::trim).trim_end_matches('/').to_string(),
        };
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url).map_err(|e| {
            format!(
                "{SMTP_URL_VAR}: {} is not an SMTP server address (use smtp://HOST:PORT, smtp://HOST?tls=required or smtps://USER:PASSWORD@HOST): {e}",
                settings.server()
            )
        })?;
        Ok(settings)
    }

    /// The settings from `OUTTURN_SMTP_URL`, `OUTTURN_MAIL_FROM` and
    /// `OUTTURN_PUBLIC_URL`: None when no SMTP server is set (reminders are
    /// off); an error naming the variable when one is set but unusable.
    pub fn from_env() -> Result<Option<Self>, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let Some(url) = var(SMTP_URL_VAR) else { return Ok(None) };
        let from = var(MAIL_FROM_VAR)
            .ok_or_else(|| format!("{SMTP_URL_VAR} is set but {MAIL_FROM_VAR} is not: set the sender's address"))?;
        MailSettings::new(&url, &from, var(PUBLIC_URL_VAR).as_deref()).map(Some)
    }

    /// The server as it may be printed: scheme, user, host and port, never the password.
    pub fn server(&self) -> String {
        match url::Url::parse(&self.smtp_url) {
            Ok(mut url) => {
                if url.password().is_some() {
                    let _ = url.set_password(Some("****"));
                }
                url.to_string()
            }
            Err(_) => "(an address that cannot be read)".to_string(),
        }
    }
}

/// One email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
}

/// Something that sends email: SMTP in the server, anything in tests.
pub trait Mailer: Send + Sync {
    /// Sends one email; the error says why it was not accepted.
    fn send(&self, email: &Email) -> impl Future<Output = Result<(), String>> + Send;
}

/// Sends over SMTP, reusing connections between messages.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| format!("{SMTP_URL_VAR}: {}: {e}", settings.server()))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        Ok(SmtpMailer { transport, from: settings.from.clone() })
    }
}

impl Mailer for SmtpMailer {
    async fn send(&self, email: &Email) -> Result<(), String> {
        let address =
            email.to_address.parse().map_err(|e| format!("\"{}\" is not an email address: {e}", email.to_address))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(email.to_name.clone()), address))
            .subject(&email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| format!("cannot write the message: {e}"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| format!("the mail server did not take it: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        let s = MailSettings::new("smtps://mailer:s3cret-pw@mail.example.org:465", "outturn@example.org", None)
            .expect("valid settings");
        assert_eq!(s.server(), "smtps://mailer:****@mail.example.org:465");
        assert!(!format!("{s:?}").contains("s3cret-pw"), "{s:?}");
    }

    #[test]
    fn a_bad_sender_or_server_is_named() {
        let e = MailSettings::new("smtp://127.0.0.1:2525", "not an address", None).unwrap_err();
        assert!(e.starts_with("OUTTURN_MAIL_FROM: \"not an address\""), "{e}");
        let e = MailSettings::new("http://user:pw@mail.example.org", "a@example.org", None).unwrap_err();
        assert!(e.starts_with("OUTTURN_SMTP_URL: http://user:****@mail.example.org"), "{e}");
        assert!(!e.contains(":pw@"), "{e}");
    }

    #[test]
    fn the_public_url_defaults_to_the_local_server() {
        let s = MailSettings::new("smtp://127.0.0.1:2525", "a@example.org", None).unwrap();
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
        let s = MailSettings::new("smtp://127.0.0.1:2525", "a@example.org", Some("https://outturn.example/")).unwrap();
        assert_eq!(s.public_url, "https://outturn.example");
    }
}
