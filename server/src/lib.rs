//! The `portico` server: configuration, persistence, sessions and the HTTP router.
//! Integration tests build the same router through [`http::router`].

pub mod api;
pub mod audit;
pub mod auth;
pub mod branding;
pub mod changes;
pub mod cli;
pub mod clients;
pub mod dashboard;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod http;
pub mod import;
pub mod invoices;
pub mod mail;
pub mod messages;
pub mod pdf;
pub mod surveys;
pub mod webhooks;

use app::services::Services;
use std::sync::Arc;

/// SHA-256 of text, as 64 lowercase hex digits: what is stored in place of a session id or an
/// invite token, and what audit digests chain.
pub fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// `n` random bytes as lowercase hex: the secret of a one-time link, an API token or a webhook.
pub fn random_hex(n: usize) -> Result<String, app::error::AppError> {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes).map_err(|_| app::error::AppError::Internal)?;
    Ok(hex::encode(bytes))
}

/// Everything a request may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub services: Services,
    pub config: Arc<config::Config>,
    pub storage: Arc<dyn documents::storage::Storage>,
    pub mailer: Arc<mail::Mailer>,
    /// The same writer as `services.audit`, for its queue depth.
    pub audit: Arc<audit::AuditWriter>,
    /// Requests per minute of each API token.
    pub api_limits: api::caller::RateLimits,
}

impl AppState {
    /// Wires the sqlx implementations of the app's service traits.
    pub async fn new(db: db::Db, config: config::Config, storage: Arc<dyn documents::storage::Storage>) -> Result<Self, db::DbError> {
        let brand = branding::SqlBrand::start(db.clone()).await.map_err(|e| db::DbError(format!("cannot read the firm's branding: {e}")))?;
        let brand: Arc<dyn app::services::BrandService> = brand;
        let from = mail::sender(&config.mail_from, config.mail_from_name.as_deref().unwrap_or(&brand.current().name)).map_err(db::DbError)?;
        let mailer = mail::Mailer::new(brand.clone(), &config.public_url, from, mail::prefs::link_key(&db).await?);
        let writer = Arc::new(audit::AuditWriter::start(db.clone(), config.audit_queue));
        let audit: Arc<dyn app::services::AuditLog> = writer.clone();
        if config.mail_worker {
            let transport = mail::send::Transport::new(&config.smtp, config.outbox_dir.clone()).map_err(db::DbError)?;
            mail::send::spawn(db.clone(), mailer.clone(), transport, audit.clone());
            webhooks::spawn(db.clone());
        }
        let services = Services {
            brand,
            auth: Arc::new(auth::SqlAuth::new(db.clone())),
            sessions: Arc::new(auth::store::SqlSessionStore::new(db.clone())),
            throttle: Arc::new(auth::throttle::SqlThrottle::new(db.clone())),
            invoices: Arc::new(invoices::SqlInvoices::new(db.clone(), mailer.clone())),
            clients: Arc::new(clients::SqlClients::new(db.clone())),
            people: Arc::new(clients::SqlPeople::new(db.clone(), mailer.clone())),
            documents: Arc::new(documents::SqlDocuments::new(db.clone(), mailer.clone())),
            audit,
            activity: Arc::new(audit::queries::SqlActivity::new(db.clone())),
            mail: Arc::new(mail::service::SqlMail::new(db.clone(), mailer.clone())),
            messages: Arc::new(messages::SqlMessages::new(db.clone(), mailer.clone())),
            changes: Arc::new(changes::SqlChanges::new(db.clone())),
            dashboard: Arc::new(dashboard::SqlDashboard::new(db.clone())),
            surveys: Arc::new(surveys::SqlSurveys::new(db.clone(), mailer.clone())),
            tokens: Arc::new(api::tokens::SqlTokens::new(db.clone())),
            webhooks: Arc::new(webhooks::SqlWebhooks::new(db.clone())),
            imports: Arc::new(import::SqlImports::new(db.clone())),
        };
        let api_limits = api::caller::RateLimits::new(config.api_rate_limit);
        Ok(Self { db, services, config: Arc::new(config), storage, mailer, audit: writer, api_limits })
    }
}
