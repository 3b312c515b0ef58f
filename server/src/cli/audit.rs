//! `portico audit …`: verify, seal, retire, the public key, and the CSV export.

use app::audit::action::Action;
use super::{open, record_system};
use crate::config::{AuditArgs, DbArgs};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute every digest and sealed event. Exits 0 with "N events, M digests verified",
    /// or 1 naming the first event or digest that does not match.
    Verify {
        /// Check against this public key (64 hex characters) instead of the server's own key,
        /// for an auditor who holds only the public key.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Seal events that are not in a digest yet (the server does this every minute).
    Seal,
    /// Retention (PostgreSQL): drop the events of every month before `--before` (YYYY-MM), whole
    /// monthly partitions of sealed events. The digests stay; `audit verify` names the months
    /// retired.
    Retire {
        #[arg(long)]
        before: String,
    },
    /// Print the public key that verifies this server's digests.
    PublicKey,
    /// Write events as CSV (newest first) to standard output or a file.
    Export {
        #[arg(long)]
        client: Option<i64>,
        /// Part of the actor's name or email.
        #[arg(long)]
        actor: Option<String>,
        /// An action or prefix, e.g. `auth.` or `document.downloaded`.
        #[arg(long)]
        action: Option<String>,
        /// First day (YYYY-MM-DD, UTC).
        #[arg(long, value_parser = parse_date)]
        from: Option<time::Date>,
        /// Last day (YYYY-MM-DD, UTC).
        #[arg(long, value_parser = parse_date)]
        to: Option<time::Date>,
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
}

pub fn parse_date(s: &str) -> Result<time::Date, String> {
    crate::db::date_from_sql(s).map_err(|_| format!("{s:?} is not a date like 2026-11-25"))
}

pub async fn audit_command(db_args: &DbArgs, audit: &AuditArgs, command: AuditCommand) -> Result<(), String> {
    let db = open(db_args).await?;
    let key = || crate::audit::signing_key(audit.audit_key.as_deref(), &db_args.data_dir, false);
    match command {
        AuditCommand::Verify { public_key } => {
            let verifying = match public_key {
                Some(hex_key) => hex::decode(hex_key.trim())
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok())
                    .ok_or("--public-key: expected 64 hexadecimal characters")?,
                None => key()?.verifying_key(),
            };
            let report = crate::audit::verify(&db, &verifying).await.map_err(|e| format!("audit trail verification failed: {e}"))?;
            println!("{} events, {} digests verified", report.events, report.digests);
            if !report.retired.is_empty() {
                let months: Vec<String> = report.retired.iter().map(|(m, n)| format!("{m} ({n} events)")).collect();
                println!("retired (sealed, then removed; their digests verify): {}", months.join(", "));
            }
            if report.unsealed > 0 {
                println!("{} newer events are not sealed yet", report.unsealed);
            }
            Ok(())
        }
        AuditCommand::Seal => {
            let key = key()?;
            crate::audit::seal::check_key(&db, &key).await?;
            let n = crate::audit::seal_pending(&db, &key).await.map_err(|e| format!("sealing failed: {e}"))?;
            println!("{n} digests written");
            Ok(())
        }
        AuditCommand::Retire { before } => {
            let key = key()?;
            crate::audit::seal::check_key(&db, &key).await?;
            let months = crate::audit::retire(&db, &key, &before).await?;
            for (month, events) in &months {
                println!("retired {month}: {events} events");
            }
            if months.is_empty() {
                println!("nothing to retire before {before}");
            } else {
                let details = serde_json::json!({ "before": before, "months": months.iter().map(|m| m.0.clone()).collect::<Vec<_>>(), "events": months.iter().map(|m| m.1).sum::<i64>() });
                record_system(&db, app::services::AuditEntry::success(Action::AuditRetired, None, ("audit_trail", String::new(), format!("before {before}")), details)).await;
            }
            Ok(())
        }
        AuditCommand::PublicKey => {
            println!("{}", crate::audit::seal::public_key_hex(&key()?.verifying_key()));
            Ok(())
        }
        AuditCommand::Export { client, actor, action, from, to, output } => {
            use futures_util::TryStreamExt;
            use std::io::Write;
            let filter = app::audit::model::ActivityFilter { client_id: client, actor, action, from, to, ..Default::default() };
            let mut out: Box<dyn Write> = match &output {
                Some(path) => Box::new(std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut chunks = std::pin::pin!(crate::audit::export::csv_chunks(db.clone(), std::sync::Arc::new(crate::audit::queries::SqlActivity::new(db.clone())), filter.clone()));
            while let Some(chunk) = chunks.try_next().await.map_err(|e| e.to_string())? {
                out.write_all(chunk.as_bytes()).map_err(|e| format!("cannot write the export: {e}"))?;
            }
            out.flush().map_err(|e| format!("cannot write the export: {e}"))?;
            let details = serde_json::json!({ "filter": filter.to_query(), "via": "command line" });
            record_system(&db, app::services::AuditEntry::success(Action::AuditExported, client, ("audit_trail", String::new(), "CSV export".into()), details)).await;
            Ok(())
        }
    }
}
