//! Configuration in one place: flags, with `PORTICO_*` environment variables as fallbacks.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://...` or `postgres://...`. Default: an SQLite file in the data dir.
    #[arg(long, env = "PORTICO_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory for the SQLite database and other local state.
    #[arg(long, env = "PORTICO_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
}

impl DbArgs {
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("portico.db").display()),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTICO_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The URL people use to reach the portal; https makes the session cookie Secure.
    #[arg(long, env = "PORTICO_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "PORTICO_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "PORTICO_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,
    /// Where the built site (wasm, JS, CSS) is served from.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Shared secret of the payment provider's webhook (`POST /webhooks/payments`); the
    /// endpoint answers 404 while it is unset.
    #[arg(long, env = "PORTICO_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Load the demo data into an empty database before serving.
    #[arg(long)]
    pub demo: bool,
}

/// The running server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub public_url: String,
    pub site_root: String,
    pub session_idle: Duration,
    pub session_max: Duration,
    pub webhook_secret: Option<String>,
}

impl Config {
    pub fn from_args(args: &ServeArgs) -> Result<Self, String> {
        let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(format!("PORTICO_PUBLIC_URL must start with http:// or https://, got {public_url:?}"));
        }
        if args.session_idle_minutes == 0 || args.session_max_hours == 0 {
            return Err("session timeouts must be at least 1".into());
        }
        Ok(Self {
            addr: args.addr,
            public_url,
            site_root: args.site_root.clone(),
            session_idle: Duration::from_secs(args.session_idle_minutes * 60),
            session_max: Duration::from_secs(args.session_max_hours * 3600),
            webhook_secret: args.webhook_secret.clone().filter(|s| !s.is_empty()),
        })
    }

    /// Settings for tests: port 0, short timeouts can be set by the caller.
    pub fn for_tests() -> Self {
        Self {
            addr: "127.0.0.1:0".parse().expect("valid"),
            public_url: "http://127.0.0.1".into(),
            site_root: "target/site".into(),
            session_idle: Duration::from_secs(30 * 60),
            session_max: Duration::from_secs(12 * 3600),
            webhook_secret: Some("test-webhook-secret".into()),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
