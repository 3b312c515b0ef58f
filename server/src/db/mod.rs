//! The database: one sqlx `Any` pool over SQLite (the default) or PostgreSQL, picked by the URL
//! scheme. Queries are written once with `$N` placeholders, which both dialects accept; dates are
//! ISO-8601 text and times Unix seconds in both, so no query needs a dialect switch.

pub mod query;

use app::error::AppError;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;
use time::Date;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The URL it was opened with (it may hold a password: never logged), for
    /// [`Db::postgres_options`].
    url: Arc<str>,
}

/// A start-up or command-line failure, already phrased for the operator (no password in it).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DbError(pub String);

/// `postgres://user:secret@host/db` → `postgres://user@host/db`, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}{}", &url[..s + 3], if user.is_empty() { String::new() } else { format!("{user}@") }, &url[at + 1..])
        }
        _ => url.split('?').next().unwrap_or(url).to_string(),
    }
}

impl Db {
    /// How to reach the database with PostgreSQL's own driver, outside the pool (the audit CSV
    /// export and the bulk loader of `demo --scale` read and write through it); `None` on SQLite.
    pub fn postgres_options(&self) -> Option<Result<sqlx::postgres::PgConnectOptions, sqlx::Error>> {
        (self.backend == Backend::Postgres).then(|| self.url.parse())
    }

    pub async fn connect(url: &str) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError(format!(
                "unsupported database URL {}: use sqlite://... or postgres://...",
                redact_url(url)
            )));
        };
        let url = if backend == Backend::Sqlite {
            create_parent_dir(url)?;
            sqlite_create_if_missing(url)
        } else {
            url.to_string()
        };
        let url = url.as_str();
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work while one writer writes; wait rather than fail on a lock.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|e| DbError(format!("cannot open the {} database {}: {e}", backend.name(), redact_url(url))))?;
        Ok(Self { pool, backend, url: url.into() })
    }

    /// Applies the migrations of this backend's dialect.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.map_err(|e| DbError(format!("database migration failed: {e}")))
    }

    /// Starts a transaction that will write (see [`begin_write`]).
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub async fn ping(&self) -> bool {
        tokio::time::timeout(Duration::from_secs(2), sqlx::query("SELECT 1").execute(&self.pool))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>, DbError> {
        sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| DbError(format!("cannot read settings: {e}")))
    }
}

/// A SQLite URL that creates a missing database file, as the built-in default does (`mode=rwc`),
/// unless it already says which mode it wants.
pub fn sqlite_create_if_missing(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        return url.to_string();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}mode=rwc")
}

fn create_parent_dir(url: &str) -> Result<(), DbError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| DbError(format!("cannot create {}: {e}", dir.display())))?;
    }
    Ok(())
}

/// Starts a transaction that will write. On SQLite it takes the write lock first (`BEGIN
/// IMMEDIATE`, waiting up to the busy timeout), so a transaction that reads before it writes
/// cannot fail with "database is locked" because another writer (the audit writer, say)
/// committed in between. Inside a transaction it is a savepoint.
pub async fn begin_write(conn: &mut sqlx::AnyConnection) -> Result<sqlx::Transaction<'_, sqlx::Any>, sqlx::Error> {
    use sqlx::{Connection, Database, TransactionManager};
    let nested = <sqlx::Any as Database>::TransactionManager::get_transaction_depth(conn) > 0;
    if conn.backend_name() == "SQLite" && !nested {
        conn.begin_with("BEGIN IMMEDIATE").await
    } else {
        conn.begin().await
    }
}

/// Maps a database failure to the app's error, logging the cause (never shown to the user).
/// Input that breaks a rule of the schema (a CHECK, a foreign key, NOT NULL) is the caller's
/// mistake, a 422; a duplicate is a 409. Call sites that know which field it was say so first.
/// `.or_db()?` on a sqlx result: every database error goes through [`db_err`], in one place.
pub trait OrDb<T> {
    fn or_db(self) -> Result<T, AppError>;
}

impl<T> OrDb<T> for Result<T, sqlx::Error> {
    fn or_db(self) -> Result<T, AppError> {
        self.map_err(db_err)
    }
}

pub fn db_err(e: sqlx::Error) -> AppError {
    use sqlx::error::ErrorKind;
    match e {
        sqlx::Error::RowNotFound => AppError::NotFound,
        sqlx::Error::Database(d) => {
            let kind = d.kind();
            tracing::warn!(error = %d, "the database refused a change");
            match kind {
                ErrorKind::UniqueViolation => AppError::Conflict("this already exists".into()),
                ErrorKind::ForeignKeyViolation => AppError::invalid("form", "unknown_reference"),
                ErrorKind::CheckViolation | ErrorKind::NotNullViolation => AppError::invalid("form", "not_allowed"),
                _ => {
                    tracing::error!(error = %d, "database error");
                    AppError::Internal
                }
            }
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            tracing::error!(error = %e, "database unavailable");
            AppError::Unavailable
        }
        e => {
            tracing::error!(error = %e, "database error");
            AppError::Internal
        }
    }
}

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] = time::macros::format_description!("[year]-[month]-[day]");

pub fn date_to_sql(d: Date) -> String {
    d.format(DATE_FORMAT).expect("dates format")
}

pub fn date_from_sql(s: &str) -> Result<Date, AppError> {
    Date::parse(s, DATE_FORMAT).map_err(|e| {
        tracing::error!(value = s, error = %e, "bad date in the database");
        AppError::Internal
    })
}

/// A `LIKE ... ESCAPE '\'` pattern matching `s` anywhere, with `%` and `_` taken literally.
pub fn contains_pattern(s: &str) -> String {
    // No stored text holds a NUL, and PostgreSQL refuses one in a parameter: a search for one
    // is a search without it, not a failure.
    let s = s.replace('\0', "");
    format!("%{}%", s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// The most rows a choice offers (the people in the audit timeline's user filter): a cap that
/// no request can raise. Lists come in keyset pages.
pub const MAX_LIST: usize = 500;

/// A keyset page from rows fetched with `LIMIT size + 1`: the first `size`, and the id of the
/// last one shown when more follow (where the next page starts).
pub fn keyset_page<T>(mut rows: Vec<T>, size: usize, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    if rows.len() <= size {
        return (rows, None);
    }
    rows.truncate(size);
    let next = rows.last().map(id);
    (rows, next)
}

pub fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Reads a column from a row, mapping a decode failure to an internal error.
pub fn col<'r, T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>>(row: &'r AnyRow, name: &str) -> Result<T, AppError> {
    use sqlx::Row;
    row.try_get(name).or_db()
}
