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

/// Where document bytes are kept.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// `local` (files under the data dir) or `s3` (any S3-compatible store).
    #[arg(long, env = "PORTICO_STORAGE", default_value = "local", value_parser = ["local", "s3"], global = true)]
    pub storage: String,
    /// S3 endpoint URL (leave unset for AWS itself).
    #[arg(long, env = "PORTICO_S3_ENDPOINT", global = true)]
    pub s3_endpoint: Option<String>,
    #[arg(long, env = "PORTICO_S3_REGION", default_value = "us-east-1", global = true)]
    pub s3_region: String,
    #[arg(long, env = "PORTICO_S3_BUCKET", default_value = "portico", global = true)]
    pub s3_bucket: String,
    #[arg(long, env = "PORTICO_S3_ACCESS_KEY", default_value = "", hide_env_values = true, global = true)]
    pub s3_access_key: String,
    #[arg(long, env = "PORTICO_S3_SECRET_KEY", default_value = "", hide_env_values = true, global = true)]
    pub s3_secret_key: String,
    /// Address buckets as a path (`endpoint/bucket/key`), as most self-hosted stores need.
    #[arg(long, env = "PORTICO_S3_PATH_STYLE", global = true)]
    pub s3_path_style: bool,
}

impl StorageArgs {
    pub fn open(&self, data_dir: &std::path::Path) -> Result<std::sync::Arc<dyn crate::documents::storage::Storage>, String> {
        use crate::documents::storage::{LocalStorage, S3Config, S3Storage};
        Ok(match self.storage.as_str() {
            "s3" => std::sync::Arc::new(S3Storage::new(&S3Config {
                endpoint: self.s3_endpoint.clone(),
                region: self.s3_region.clone(),
                bucket: self.s3_bucket.clone(),
                access_key: self.s3_access_key.clone(),
                secret_key: self.s3_secret_key.clone(),
                path_style: self.s3_path_style,
            })),
            _ => std::sync::Arc::new(LocalStorage::new(&data_dir.join("documents")).map_err(|e| e.to_string())?),
        })
    }
}

/// The audit trail's signing key.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Ed25519 seed (64 hex characters) that signs audit digests. Default: the key in
    /// `<data dir>/audit-signing.key`, created on first use. Instances sharing one database
    /// must share one key.
    #[arg(long, env = "PORTICO_AUDIT_KEY", global = true, hide_env_values = true)]
    pub audit_key: Option<String>,
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
    /// Bearer token a Prometheus scraper sends for `GET /metrics`; the route answers 404
    /// while it is unset.
    #[arg(long, env = "PORTICO_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Largest document upload, in MiB.
    #[arg(long, env = "PORTICO_MAX_UPLOAD_MB", default_value_t = 100)]
    pub max_upload_mb: u64,
    /// How long a presigned S3 download URL stays valid, in seconds.
    #[arg(long, env = "PORTICO_S3_PRESIGN_SECONDS", default_value_t = 300)]
    pub s3_presign_seconds: u64,
    /// Stream S3 downloads through the portal instead of redirecting to a presigned URL.
    #[arg(long, env = "PORTICO_S3_STREAM")]
    pub s3_stream: bool,
    /// Behind nginx, with documents on local disk: after the access check and the audit event,
    /// hand the file to nginx with `X-Accel-Redirect: <this prefix><key>` (an `internal`
    /// location whose `alias` is `<data dir>/documents/objects/`) instead of sending the bytes.
    #[arg(long, env = "PORTICO_ACCEL_REDIRECT")]
    pub accel_redirect: Option<String>,
    /// Proxies whose `X-Forwarded-For` is believed, as addresses or CIDR ranges separated by
    /// commas (e.g. `127.0.0.1,10.0.0.0/8`). Unset: the connecting address is the client's.
    #[arg(long, env = "PORTICO_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Audit events that may wait in memory for the database before requests wait for them.
    #[arg(long, env = "PORTICO_AUDIT_QUEUE", default_value_t = 10_000)]
    pub audit_queue: usize,
    /// Requests per minute each API token may make (`/api/v1`), per instance.
    #[arg(long, env = "PORTICO_API_RATE_LIMIT", default_value_t = 600)]
    pub api_rate_limit: u32,
    /// Seconds between sealing new audit events into a signed digest.
    #[arg(long, env = "PORTICO_AUDIT_SEAL_SECONDS", default_value_t = 60)]
    pub audit_seal_seconds: u64,
    /// Seconds a request may take before it is answered 408 (downloads and uploads stream on
    /// past it), and that a client has to send its request headers.
    #[arg(long, env = "PORTICO_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// Serve plain http on an address other people can reach. Without it, `serve` refuses a
    /// non-loopback address unless the public URL is https (behind a TLS proxy it is).
    #[arg(long, env = "PORTICO_INSECURE_HTTP")]
    pub insecure_http: bool,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Load the demo data into an empty database before serving.
    #[arg(long)]
    pub demo: bool,
}

/// Where mail goes. With no SMTP server set, mails are written as `.eml` files under
/// `<data dir>/outbox/`.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The whole SMTP server as a URL: `smtp://user:password@host:587?tls=required` (STARTTLS),
    /// `smtps://user:password@host:465` (TLS) or `smtp://host:25` (plain). Wins over the
    /// separate settings below.
    #[arg(long, env = "PORTICO_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    #[arg(long, env = "PORTICO_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Default: 25 (none), 587 (starttls), 465 (tls).
    #[arg(long, env = "PORTICO_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    #[arg(long, env = "PORTICO_SMTP_TLS", default_value = "starttls", value_parser = ["none", "starttls", "tls"])]
    pub smtp_tls: String,
    #[arg(long, env = "PORTICO_SMTP_USER")]
    pub smtp_user: Option<String>,
    #[arg(long, env = "PORTICO_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// The address mails come from.
    #[arg(long, env = "PORTICO_MAIL_FROM", default_value = "portal@localhost")]
    pub mail_from: String,
    /// The name mails come from. Default: the firm's name.
    #[arg(long, env = "PORTICO_MAIL_FROM_NAME")]
    pub mail_from_name: Option<String>,
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
    pub metrics_token: Option<String>,
    pub max_upload_bytes: u64,
    pub presign_ttl: Duration,
    pub s3_stream: bool,
    /// The nginx location that serves document files (`X-Accel-Redirect`), if any.
    pub accel_redirect: Option<String>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub audit_queue: usize,
    pub api_rate_limit: u32,
    pub audit_seal_every: Duration,
    pub request_timeout: Duration,
    pub smtp: crate::mail::send::SmtpSettings,
    pub mail_from: String,
    pub mail_from_name: Option<String>,
    /// Where mails go as `.eml` files when no SMTP server is set.
    pub outbox_dir: std::path::PathBuf,
    /// Run the background workers: mail (sending, reminders, digest) and webhooks. Tests that
    /// drive them with their own clock turn them off.
    pub mail_worker: bool,
}

/// `10.0.0.1, 10.1.0.0/16` → networks; a bare address is a /32 (or /128).
pub fn parse_networks(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("PORTICO_TRUSTED_PROXIES: {s:?} is not an address or CIDR range"))
        })
        .collect()
}

impl Config {
    pub fn from_args(args: &ServeArgs, data_dir: &std::path::Path) -> Result<Self, String> {
        let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(format!("PORTICO_PUBLIC_URL must start with http:// or https://, got {public_url:?}"));
        }
        if args.session_idle_minutes == 0 || args.session_max_hours == 0 {
            return Err("session timeouts must be at least 1".into());
        }
        // Passwords and session cookies must not cross a network in clear.
        if !args.addr.ip().is_loopback() && !public_url.starts_with("https://") && !args.insecure_http {
            return Err(format!(
                "refusing to serve plain http on {}, which others can reach: set an https PORTICO_PUBLIC_URL (behind a TLS proxy), \
                 listen on 127.0.0.1, or pass --insecure-http",
                args.addr
            ));
        }
        Ok(Self {
            addr: args.addr,
            public_url,
            site_root: args.site_root.clone(),
            session_idle: Duration::from_secs(args.session_idle_minutes * 60),
            session_max: Duration::from_secs(args.session_max_hours * 3600),
            webhook_secret: args.webhook_secret.clone().filter(|s| !s.is_empty()),
            metrics_token: args.metrics_token.clone().filter(|s| !s.is_empty()),
            max_upload_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
            presign_ttl: Duration::from_secs(args.s3_presign_seconds.clamp(1, 604_800)),
            s3_stream: args.s3_stream,
            accel_redirect: args.accel_redirect.clone().filter(|p| !p.is_empty()),
            trusted_proxies: parse_networks(&args.trusted_proxies)?,
            audit_queue: args.audit_queue.max(1),
            api_rate_limit: args.api_rate_limit.max(1),
            audit_seal_every: Duration::from_secs(args.audit_seal_seconds.max(1)),
            request_timeout: Duration::from_secs(args.request_timeout_seconds.clamp(1, 3600)),
            smtp: crate::mail::send::SmtpSettings {
                url: args.mail.smtp_url.clone().filter(|s| !s.is_empty()),
                host: args.mail.smtp_host.clone().filter(|s| !s.is_empty()),
                port: args.mail.smtp_port,
                tls: args.mail.smtp_tls.clone(),
                user: args.mail.smtp_user.clone().filter(|s| !s.is_empty()),
                password: args.mail.smtp_password.clone(),
            },
            mail_from: args.mail.mail_from.clone(),
            mail_from_name: args.mail.mail_from_name.clone().filter(|s| !s.is_empty()),
            outbox_dir: data_dir.join("outbox"),
            mail_worker: true,
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
            metrics_token: Some("test-metrics-token".into()),
            max_upload_bytes: 100 * 1024 * 1024,
            presign_ttl: Duration::from_secs(300),
            s3_stream: false,
            accel_redirect: None,
            trusted_proxies: Vec::new(),
            audit_queue: 10_000,
            api_rate_limit: 600,
            audit_seal_every: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
            smtp: Default::default(),
            mail_from: "portal@portico.test".into(),
            mail_from_name: None,
            outbox_dir: std::env::temp_dir().join(format!("portico-outbox-{}", uuid::Uuid::new_v4().simple())),
            mail_worker: false,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
