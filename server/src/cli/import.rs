//! `portico import clients|people|invoices FILE.csv [--dry-run]`: the staff page's import from
//! the command line, with a progress bar. It takes the server's settings (the public URL goes
//! into the invitations imported people are mailed; the running server sends them).

use super::{open, record_system};
use crate::config::{Config, DbArgs, ServeArgs, StorageArgs};
use crate::import::{run_and_keep, Kind};
use crate::AppState;
use app::audit::action::Action;
use app::services::AuditEntry;
use indicatif::{ProgressBar, ProgressStyle};

pub async fn import_command(db_args: &DbArgs, storage: &StorageArgs, args: &ServeArgs, kind: &str, file: &std::path::Path, dry_run: bool) -> Result<(), String> {
    let kind = Kind::parse(kind).ok_or("what to import: clients, people or invoices")?;
    let data = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let db = open(db_args).await?;
    let mut config = Config::from_args(args, &db_args.data_dir)?;
    config.mail_worker = false;
    let state = AppState::new(db.clone(), config, storage.open(&db_args.data_dir)?).await.map_err(|e| e.to_string())?;
    let bar = ProgressBar::new(0).with_style(ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} rows").map_err(|e| e.to_string())?);
    bar.set_message(if dry_run { "checking" } else { "importing" });
    let name = file.file_name().map_or("import.csv".into(), |n| n.to_string_lossy().to_string());
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = run_and_keep(&db, &state.mailer, kind, &name, &data, dry_run, None, &progress).await.map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    for e in &report.errors {
        println!("line {}: {}", e.line, e.reason);
    }
    let counts = format!("{} rows: {} new, {} updated, {} already there", report.rows, report.created, report.updated, report.unchanged);
    if !report.errors.is_empty() {
        return Err(format!("{} refused rows; nothing was imported ({counts})", report.errors.len()));
    }
    if dry_run {
        println!("the file is fine; nothing was written ({counts})");
        return Ok(());
    }
    let details = serde_json::json!({ "kind": kind.as_str(), "rows": report.rows, "created": report.created, "updated": report.updated, "unchanged": report.unchanged });
    record_system(&db, AuditEntry::success(Action::DataImported, None, ("import", report.id.to_string(), report.file_name.clone()), details)).await;
    println!("imported: {counts}");
    Ok(())
}
