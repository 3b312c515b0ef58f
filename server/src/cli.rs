//! The `portico` command line.

use crate::auth::password::Password;
use crate::auth::users::{create_user, NewUser};
use crate::config::{Config, DbArgs, ServeArgs, StorageArgs};
use crate::db::Db;
use crate::{demo, http, AppState};
use app::model::Role;
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "portico", version, about = "Portico: a self-hosted client portal")]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    storage: StorageArgs,
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
    Demo,
    /// Manage clients.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Document storage.
    #[command(subcommand)]
    Storage(StorageCommand),
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
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("PORTICO_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr).with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).init();
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(db: &DbArgs) -> Result<Db, String> {
    let db = Db::connect(&db.url()).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    Ok(db)
}

async fn execute(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => {
            let config = Config::from_args(&args)?;
            let db = open(&cli.db).await?;
            let storage = cli.storage.open(&cli.db.data_dir)?;
            if args.demo {
                demo::load(&db, storage.as_ref()).await.map_err(|e| format!("loading demo data failed: {e}"))?;
                demo::print_sign_ins();
            }
            serve(db, config, storage).await
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
        Command::Migrate => {
            open(&cli.db).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo => {
            let db = open(&cli.db).await?;
            let storage = cli.storage.open(&cli.db.data_dir)?;
            let loaded = demo::load(&db, storage.as_ref()).await.map_err(|e| format!("loading demo data failed: {e}"))?;
            println!("{}", if loaded { "demo data loaded" } else { "demo data already present" });
            demo::print_sign_ins();
            Ok(())
        }
        Command::Client(ClientCommand::Create { name, email }) => {
            let db = open(&cli.db).await?;
            let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
            let id = crate::clients::create_client(&mut conn, &name, &email).await.map_err(|e| e.to_string())?;
            println!("{id}");
            Ok(())
        }
        Command::User(UserCommand::Create { email, name, role, client }) => {
            let db = open(&cli.db).await?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).map_err(|e| format!("cannot read the password from stdin: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let role = Role::parse(&role).ok_or("unknown role")?;
            let user = NewUser { email, name, role, client_id: client, password: Password::new(password) };
            let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
            let id = create_user(&mut conn, user).await.map_err(|e| match e {
                app::error::AppError::Validation(f) => {
                    f.iter().map(|f| format!("{}: {}", f.field, f.code.replace('_', " "))).collect::<Vec<_>>().join("; ")
                }
                e => e.to_string(),
            })?;
            println!("{id}");
            Ok(())
        }
    }
}

async fn serve(db: Db, config: Config, storage: std::sync::Arc<dyn crate::documents::storage::Storage>) -> Result<(), String> {
    let addr = config.addr;
    let public_url = config.public_url.clone();
    let state = AppState::new(db.clone(), config, storage.clone()).await.map_err(|e| e.to_string())?;
    let store = crate::auth::store::SqlSessionStore::new(db.clone());
    // Housekeeping: expired sessions, and documents deleted more than 30 days ago.
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
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
    axum::serve(listener, http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server failed: {e}"))
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
