//! The `portico` command line.

use app::audit::action::Action;
use crate::auth::password::Password;
use crate::auth::users::{create_user, NewUser};
use crate::config::{AuditArgs, Config, DbArgs, ServeArgs, StorageArgs};
use crate::db::Db;
use crate::{demo, http, AppState};
use app::model::Role;
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

mod api_token;
mod audit;
mod import;
use api_token::{api_token_command, ApiTokenCommand};
use audit::{audit_command, AuditCommand};

#[derive(Parser)]
#[command(name = "portico", version, about = "Portico: a self-hosted client portal")]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    storage: StorageArgs,
    #[command(flatten)]
    audit: AuditArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (applies pending migrations first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo firm, clients, users and invoices (does nothing when already loaded).
    Demo {
        /// Then add a generated data set of this size (on a database without one, whose audit
        /// trail is empty): large = 10,000 clients, 1,000,000 invoices, 10,000,000 audit events.
        #[arg(long, value_enum)]
        scale: Option<demo::scale::Scale>,
    },
    /// Manage clients.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Document storage.
    #[command(subcommand)]
    Storage(StorageCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Tokens of the REST API (`/api/v1`).
    #[command(subcommand)]
    ApiToken(ApiTokenCommand),
    /// Import clients, people or invoices from a CSV file, all rows or none (see /staff/import
    /// for the columns); prints every refused row with its line and why.
    Import {
        /// clients, people or invoices
        #[arg(value_parser = ["clients", "people", "invoices"])]
        kind: String,
        file: std::path::PathBuf,
        /// Only check the file; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The server's settings (the public URL goes into invitations).
        #[command(flatten)]
        serve: ServeArgs,
    },
}

#[derive(Subcommand)]
enum StorageCommand {
    /// Compare document rows with the stored bytes: rows without bytes, bytes without rows and
    /// checksum mismatches. Exits non-zero when it finds any.
    Check,
}

#[derive(Subcommand)]
enum ClientCommand {
    /// Create a client (a company or a person); prints its id.
    Create {
        #[arg(long)]
        name: String,
        /// The client's main contact email.
        #[arg(long, default_value = "")]
        email: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input, never from the arguments.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// staff, admin, or client (then --client is required).
        #[arg(long, value_parser = ["staff", "admin", "client"])]
        role: String,
        /// The id of the client this user belongs to (client users only).
        #[arg(long)]
        client: Option<i64>,
    },
    /// Stop a user from signing in (their sessions end at their next request), or let them again.
    Disable {
        #[arg(long)]
        email: String,
        /// Enable the user again instead.
        #[arg(long)]
        undo: bool,
    },
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("PORTICO_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr).with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).init();
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    private_files();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Everything Portico creates (the SQLite database, document files, the audit key, the data
/// directory itself) is readable by its own user only: files 0600, directories 0700.
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

pub(crate) async fn open(db: &DbArgs) -> Result<Db, String> {
    let db = Db::connect(&db.url()).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    Ok(db)
}

async fn execute(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => {
            let config = Config::from_args(&args, &cli.db.data_dir)?;
            let db = open(&cli.db).await?;
            let storage = cli.storage.open(&cli.db.data_dir)?;
            let key = crate::audit::signing_key(cli.audit.audit_key.as_deref(), &cli.db.data_dir, true)?;
            crate::audit::seal::check_key(&db, &key).await?;
            if args.demo {
                load_demo(&db, storage.as_ref(), &key).await?;
                demo::print_sign_ins();
            }
            serve(db, config, storage, key).await
        }
        Command::Storage(StorageCommand::Check) => {
            let db = open(&cli.db).await?;
            let storage = cli.storage.open(&cli.db.data_dir)?;
            let report = crate::documents::check(&db, storage.as_ref()).await?;
            for (what, keys) in [
                ("row without bytes", &report.rows_without_bytes),
                ("bytes without a row", &report.bytes_without_rows),
                ("checksum mismatch", &report.checksum_mismatches),
            ] {
                for key in keys {
                    println!("{what}: {key}");
                }
            }
            println!("{} document versions checked", report.versions);
            if report.is_clean() {
                Ok(())
            } else {
                Err("storage check found problems".into())
            }
        }
        Command::Audit(command) => audit_command(&cli.db, &cli.audit, command).await,
        Command::ApiToken(command) => api_token_command(&cli.db, command).await,
        Command::Import { kind, file, dry_run, serve } => import::import_command(&cli.db, &cli.storage, &serve, &kind, &file, dry_run).await,
        Command::Migrate => {
            open(&cli.db).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { scale } => {
            let started = std::time::Instant::now();
            let db = open(&cli.db).await?;
            let storage = cli.storage.open(&cli.db.data_dir)?;
            let key = crate::audit::signing_key(cli.audit.audit_key.as_deref(), &cli.db.data_dir, true)?;
            crate::audit::seal::check_key(&db, &key).await?;
            match scale {
                Some(scale) => {
                    // The demo's records and documents; its history goes into the scale run's events.
                    demo::load(&db, storage.as_ref()).await.map_err(|e| format!("loading demo data failed: {e}"))?;
                    let summary = demo::scale::run(&db, storage.as_ref(), &key, scale).await?;
                    demo::scale::print_summary(&summary, db.backend, started.elapsed());
                }
                None => {
                    let loaded = load_demo(&db, storage.as_ref(), &key).await?;
                    println!("{}", if loaded { "demo data loaded" } else { "demo data already present" });
                }
            }
            demo::print_sign_ins();
            Ok(())
        }
        Command::Client(ClientCommand::Create { name, email }) => {
            let db = open(&cli.db).await?;
            let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
            let id = crate::clients::create_client(&mut conn, &name, &email).await.map_err(|e| e.to_string())?;
            let entry = app::services::AuditEntry::success(Action::ClientCreated, Some(id), ("client", id.to_string(), name.clone()), serde_json::json!({ "contact_email": email }));
            record_system(&db, entry).await;
            println!("{id}");
            Ok(())
        }
        Command::User(UserCommand::Disable { email, undo }) => {
            let db = open(&cli.db).await?;
            let user: Option<(i64, String, Option<i64>)> = sqlx::query_as("SELECT id, name, client_id FROM users WHERE email = $1")
                .bind(email.trim().to_lowercase())
                .fetch_optional(&db.pool)
                .await
                .map_err(|e| e.to_string())?;
            let (id, name, client) = user.ok_or_else(|| format!("no user with email {email}"))?;
            crate::auth::users::set_disabled(&db, id, !undo).await.map_err(|e| e.to_string())?;
            let action = if undo { Action::UserEnabled } else { Action::UserDisabled };
            record_system(&db, app::services::AuditEntry::success(action, client, ("user", id.to_string(), name), serde_json::json!({ "user_email": email }))).await;
            println!("{}", if undo { "enabled" } else { "disabled" });
            Ok(())
        }
        Command::User(UserCommand::Create { email, name, role, client }) => {
            let db = open(&cli.db).await?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).map_err(|e| format!("cannot read the password from stdin: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let role = Role::parse(&role).ok_or("unknown role")?;
            let user = NewUser { email: email.clone(), name: name.clone(), role, client_id: client, password: Some(Password::new(password)) };
            let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
            let id = create_user(&mut conn, user).await.map_err(|e| match e {
                app::error::AppError::Validation(f) => {
                    f.iter().map(|f| format!("{}: {}", f.field, f.code.replace('_', " "))).collect::<Vec<_>>().join("; ")
                }
                e => e.to_string(),
            })?;
            let details = serde_json::json!({ "role": role.as_str(), "user_email": email.trim().to_lowercase() });
            record_system(&db, app::services::AuditEntry::success(Action::UserCreated, client, ("user", id.to_string(), name), details)).await;
            println!("{id}");
            Ok(())
        }
    }
}

/// The demo firm, its documents and 90 days of sealed portal activity.
async fn load_demo(db: &Db, storage: &dyn crate::documents::storage::Storage, key: &ed25519_dalek::SigningKey) -> Result<bool, String> {
    let failed = |e: app::error::AppError| format!("loading demo data failed: {e}");
    let loaded = demo::load(db, storage).await.map_err(failed)?;
    let events = demo::history::load(db).await.map_err(failed)?;
    if events > 0 {
        crate::audit::seal_pending(db, key).await.map_err(|e| format!("sealing the demo history failed: {e}"))?;
        tracing::info!(events, "demo activity history written and sealed");
    }
    Ok(loaded)
}

/// Records an operator's command-line action (actor kind `system`) and waits until it is stored.
pub(crate) async fn record_system(db: &Db, entry: app::services::AuditEntry) {
    use app::services::AuditLog;
    let writer = crate::audit::AuditWriter::start(db.clone(), 16);
    let event = app::services::AuditEvent { actor: None, entry: entry.by_system(), source_ip: String::new(), user_agent: "portico command line".into(), request_id: String::new() };
    writer.record(event).await;
    writer.flush().await;
}

async fn serve(db: Db, config: Config, storage: std::sync::Arc<dyn crate::documents::storage::Storage>, key: ed25519_dalek::SigningKey) -> Result<(), String> {
    let addr = config.addr;
    let public_url = config.public_url.clone();
    let seal_every = config.audit_seal_every;
    let state = AppState::new(db.clone(), config, storage.clone()).await.map_err(|e| e.to_string())?;
    // Sealing: new audit events go into a signed digest at every interval.
    let sealer = {
        let (db, key) = (db.clone(), key.clone());
        tokio::spawn(async move {
            let mut every = tokio::time::interval(seal_every);
            loop {
                every.tick().await;
                if let Err(e) = crate::audit::seal_pending(&db, &key).await {
                    tracing::warn!(error = %e, "could not seal audit events; will retry");
                }
            }
        })
    };
    let store = crate::auth::store::SqlSessionStore::new(db.clone());
    let throttle = crate::auth::throttle::SqlThrottle::new(db.clone());
    // Housekeeping: expired sessions, finished throttling counters, and documents deleted more
    // than 30 days ago.
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            if let Err(e) = throttle.delete_expired().await {
                tracing::warn!(error = %e, "could not delete old throttling counters");
            }
            if let Err(e) = crate::auth::reset::delete_old(&db).await {
                tracing::warn!(error = %e, "could not delete old password reset links");
            }
            match crate::documents::purge(&db, storage.as_ref()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(documents = n, "purged deleted documents"),
                Err(e) => tracing::warn!(error = %e, "could not purge deleted documents"),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Portico is serving {public_url} (listening on {addr})");
    let served = http::serve::serve(listener, http::router(state.clone()), state.config.request_timeout, shutdown_signal())
        .await
        .map_err(|e| format!("server failed: {e}"));
    // Every request has finished: store what the audit writer still holds, then seal it.
    sealer.abort();
    tracing::info!("writing the remaining audit events");
    state.services.audit.flush().await;
    if let Err(e) = crate::audit::seal_pending(&state.db, &key).await {
        tracing::warn!(error = %e, "could not seal the last audit events; the next start seals them");
    }
    tracing::info!("stopped");
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
