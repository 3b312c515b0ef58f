//! Delivering the outbox: over SMTP (lettre), or as `.eml` files when no SMTP server is set.
//! A mail that cannot be sent now is tried again with a growing wait; a mail the server refuses
//! for good (a 5xx) is marked failed for staff to see; nothing is lost while the server is away.

use super::outbox::{self, Claimed, Outcome};
use crate::db::Db;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// How mail leaves the portal.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// No SMTP server: each mail becomes `<dir>/<id>-<kind>.eml`, which any mail program opens.
    Files(PathBuf),
}

/// SMTP settings as the operator gives them (see `config::MailArgs`).
#[derive(Debug, Clone, Default)]
pub struct SmtpSettings {
    /// `smtp://user:pass@host:port` (`?tls=required` for STARTTLS) or `smtps://…`; wins over
    /// the separate settings.
    pub url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    /// `none`, `starttls` or `tls`.
    pub tls: String,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl Transport {
    pub fn new(s: &SmtpSettings, outbox_dir: PathBuf) -> Result<Self, String> {
        type Smtp = AsyncSmtpTransport<Tokio1Executor>;
        let builder = match (&s.url, &s.host) {
            (Some(url), _) => Smtp::from_url(url).map_err(|e| format!("PORTICO_SMTP_URL is not usable: {e}"))?,
            (None, Some(host)) => {
                let tls = |host: &str| TlsParameters::new(host.into()).map_err(|e| format!("SMTP TLS: {e}"));
                let (tls, port) = match s.tls.as_str() {
                    "none" => (Tls::None, 25),
                    "starttls" => (Tls::Required(tls(host)?), 587),
                    "tls" => (Tls::Wrapper(tls(host)?), 465),
                    other => return Err(format!("PORTICO_SMTP_TLS must be none, starttls or tls, not {other:?}")),
                };
                let mut b = Smtp::builder_dangerous(host.as_str()).tls(tls).port(s.port.unwrap_or(port));
                if let Some(user) = &s.user {
                    b = b.credentials(Credentials::new(user.clone(), s.password.clone().unwrap_or_default()));
                }
                b
            }
            (None, None) => {
                std::fs::create_dir_all(&outbox_dir).map_err(|e| format!("cannot create {}: {e}", outbox_dir.display()))?;
                return Ok(Transport::Files(outbox_dir));
            }
        };
        Ok(Transport::Smtp(builder.timeout(Some(Duration::from_secs(30))).build()))
    }

    /// Where mail goes, for the start-up log (no password in it).
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "an SMTP server".into(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    async fn deliver(&self, from: &lettre::Address, mail: &Claimed) -> Result<(), (bool, String)> {
        let to: lettre::Address = mail.to_address.parse().map_err(|_| (true, "not a mail address".to_string()))?;
        match self {
            Transport::Smtp(smtp) => {
                let envelope = Envelope::new(Some(from.clone()), vec![to]).map_err(|e| (true, e.to_string()))?;
                smtp.send_raw(&envelope, mail.message.as_bytes()).await.map(|_| ()).map_err(|e| (e.is_permanent(), e.to_string()))
            }
            Transport::Files(dir) => {
                let path = dir.join(format!("{:06}-{}.eml", mail.id, mail.kind));
                tokio::fs::write(&path, mail.message.as_bytes()).await.map_err(|e| (false, format!("cannot write {}: {e}", path.display())))?;
                tracing::info!(path = %path.display(), kind = %mail.kind, "mail written (no SMTP server is set)");
                Ok(())
            }
        }
    }
}

/// The wait before the next try: 30 s, 1 min, 2 min … at most 10 min, so that mail goes out
/// within ten minutes of the server's return, however long it was away.
pub fn backoff(attempts: i64) -> i64 {
    (30_000i64 << (attempts - 1).clamp(0, 10)).min(600_000)
}

/// A mail that could not leave for three days is given up on (and shown as failed).
pub const GIVE_UP_MS: i64 = 3 * 86_400_000;

/// Sends every mail that is due at `now`; returns how many left. Tests call this with their
/// own clock; the worker calls it in a loop.
pub async fn deliver_due(db: &Db, transport: &Transport, from: &lettre::Address, now: i64) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    loop {
        let batch = outbox::claim(db, now, 20).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for mail in &batch {
            let outcome = if mail.recipient_disabled {
                Outcome::Cancelled { why: "the person was disabled" }
            } else {
                match transport.deliver(from, mail).await {
                    Ok(()) => Outcome::Sent,
                    Err((true, error)) => Outcome::Failed { error },
                    Err((false, error)) if now - mail.created_at > GIVE_UP_MS => Outcome::Failed { error: format!("gave up after 3 days: {error}") },
                    Err((false, error)) => Outcome::Retry { at: now + backoff(mail.attempts), error },
                }
            };
            match &outcome {
                Outcome::Sent => sent += 1,
                Outcome::Retry { error, .. } => tracing::warn!(mail = mail.id, attempts = mail.attempts, error = %error, "mail not sent; will retry"),
                Outcome::Failed { error } => tracing::warn!(mail = mail.id, error = %error, "mail refused for good"),
                Outcome::Cancelled { .. } => {}
            }
            outbox::record(db, mail.id, &outcome, now).await?;
        }
    }
}

/// The background worker: delivers due mail whenever some is queued and every few seconds, and
/// queues reminders and the digest once a minute.
pub fn spawn(db: Db, mailer: std::sync::Arc<super::Mailer>, transport: Transport, audit: std::sync::Arc<dyn app::services::AuditLog>) -> tokio::task::JoinHandle<()> {
    tracing::info!(to = %transport.describe(), "mail worker started");
    let surveys = crate::surveys::SqlSurveys::new(db.clone(), mailer.clone());
    tokio::spawn(async move {
        let mut last_schedule = 0i64;
        loop {
            let now = outbox::now_ms();
            if now - last_schedule >= 60_000 {
                last_schedule = now;
                if let Err(e) = super::schedule::run(&db, &mailer, audit.as_ref(), time::OffsetDateTime::now_utc()).await {
                    tracing::warn!(error = %e, "reminders and digest not queued; will retry");
                }
                if let Err(e) = crate::surveys::run_schedule(&surveys).await {
                    tracing::warn!(error = %e, "scheduled surveys not asked; will retry");
                }
            }
            if let Err(e) = deliver_due(&db, &transport, &mailer.from.email, now).await {
                tracing::warn!(error = %e, "mail worker cannot reach the database; will retry");
            }
            if tokio::time::timeout(Duration::from_secs(5), mailer.wake.notified()).await.is_ok() {
                // Woken as a mail is queued, before its transaction commits: give it a moment.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    })
}
