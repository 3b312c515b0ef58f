//! Fast bulk writes: `COPY … FROM STDIN` on PostgreSQL (through a separate `PgPool`, since the
//! `Any` driver has no COPY), multi-row `INSERT`s on SQLite. Each phase of the generator writes
//! in one transaction ([`Tx`]), with ids it reserves itself, so rows can point at each other
//! without reading anything back.

use crate::db::Db;
use sqlx::postgres::PgPoolOptions;
use sqlx::{ConnectOptions, PgPool};
use std::io::Write;

/// One value of a row.
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    Int(i64),
    Null,
    Text(&'a str),
}

impl From<i64> for Val<'_> {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}

impl From<Option<i64>> for Val<'_> {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Val::Null, Val::Int)
    }
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(v: &'a str) -> Self {
        Val::Text(v)
    }
}

impl<'a> From<&'a String> for Val<'a> {
    fn from(v: &'a String) -> Self {
        Val::Text(v)
    }
}

/// Where the generator writes: the portal's database, plus a PostgreSQL pool for COPY.
pub struct Target {
    pub db: Db,
    pg: Option<PgPool>,
}

impl Target {
    pub async fn open(db: &Db) -> Result<Self, String> {
        let pg = match db.postgres_options() {
            None => None,
            Some(options) => {
                // A COPY of millions of rows is one long statement: not worth a "slow statement" warning.
                let options = options.map_err(|e| format!("bad PostgreSQL URL: {e}"))?.disable_statement_logging();
                let pool = PgPoolOptions::new()
                    .max_connections(2)
                    .connect_with(options)
                    .await
                    .map_err(|e| format!("cannot open a PostgreSQL connection for COPY: {e}"))?;
                Some(pool)
            }
        };
        Ok(Self { db: db.clone(), pg })
    }
}

enum TxInner {
    Pg(sqlx::Transaction<'static, sqlx::Postgres>),
    Sqlite(sqlx::Transaction<'static, sqlx::Any>),
}

/// A write transaction of one phase.
pub struct Tx {
    inner: TxInner,
}

impl Tx {
    /// Begins a write transaction (on SQLite it holds the database's only write lock).
    pub async fn begin(target: &Target) -> Result<Tx, sqlx::Error> {
        let inner = match &target.pg {
            Some(pool) => TxInner::Pg(pool.begin().await?),
            None => TxInner::Sqlite(target.db.begin_write().await?),
        };
        Ok(Tx { inner })
    }

    /// Keeps other writers out of `tables` until commit, so that the ids reserved with
    /// [`Tx::next_id`] stay free (SQLite's write lock does that already).
    pub async fn lock(&mut self, tables: &[&str]) -> Result<(), sqlx::Error> {
        if let TxInner::Pg(tx) = &mut self.inner {
            sqlx::query(&format!("LOCK TABLE {} IN EXCLUSIVE MODE", tables.join(", "))).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Takes the audit trail's lock: no other event gets an id between the ones written here.
    pub async fn lock_trail(&mut self) -> Result<(), sqlx::Error> {
        if let TxInner::Pg(tx) = &mut self.inner {
            // The lock the audit writer and the sealer take (`audit::event::begin_trail`).
            sqlx::query(crate::audit::event::LOCK_TRAIL).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// On PostgreSQL, the audit trail's monthly partitions from `from` to `to` (microseconds).
    pub async fn audit_months(&mut self, from: i64, to: i64) -> Result<(), sqlx::Error> {
        if let TxInner::Pg(tx) = &mut self.inner {
            sqlx::query(crate::audit::event::ENSURE_PARTITIONS).bind(from).bind(to).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// A single integer (a count, a maximum).
    pub async fn scalar(&mut self, sql: &str) -> Result<i64, sqlx::Error> {
        match &mut self.inner {
            TxInner::Pg(tx) => sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut **tx).await,
            TxInner::Sqlite(tx) => sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut **tx).await,
        }
    }

    /// The first id after the table's highest.
    pub async fn next_id(&mut self, table: &str) -> Result<i64, sqlx::Error> {
        self.scalar(&format!("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM {table}")).await
    }

    /// After rows were written with their own ids: PostgreSQL's identity sequence continues
    /// after the highest (SQLite's rowid does by itself).
    pub async fn sync_ids(&mut self, table: &str) -> Result<(), sqlx::Error> {
        if let TxInner::Pg(tx) = &mut self.inner {
            let sql = format!("SELECT CAST(setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table})) AS TEXT)");
            sqlx::query(&sql).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Starts writing rows of `columns` into `table`.
    pub async fn table<'t>(&'t mut self, table: &str, columns: &[&str]) -> Result<TableWriter<'t>, sqlx::Error> {
        let inner = match &mut self.inner {
            TxInner::Pg(tx) => {
                let conn: &mut sqlx::PgConnection = tx;
                let copy = conn.copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", "))).await?;
                Writer::Pg { copy, buf: Vec::with_capacity(COPY_CHUNK + 4096) }
            }
            TxInner::Sqlite(tx) => Writer::Sqlite {
                conn: tx,
                head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
                columns: columns.len(),
                pending: Vec::new(),
                full_sql: String::new(),
            },
        };
        Ok(TableWriter { inner, rows: 0 })
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Pg(tx) => tx.commit().await,
            TxInner::Sqlite(tx) => tx.commit().await,
        }
    }
}

/// Bytes of COPY data sent at once.
const COPY_CHUNK: usize = 1 << 20;
/// Rows per SQLite INSERT. Measured with `audit_bench`: SQLite is fastest with short statements
/// that it keeps prepared; the bound parameters stay far below its limit of 32,766.
const SQLITE_ROWS: usize = 10;

enum Owned {
    Int(i64),
    Null,
    Text(String),
}

enum Writer<'t> {
    Pg { copy: sqlx::postgres::PgCopyIn<&'t mut sqlx::PgConnection>, buf: Vec<u8> },
    Sqlite { conn: &'t mut sqlx::Transaction<'static, sqlx::Any>, head: String, columns: usize, pending: Vec<Owned>, full_sql: String },
}

/// Rows going into one table, sent in chunks.
pub struct TableWriter<'t> {
    inner: Writer<'t>,
    rows: u64,
}

impl TableWriter<'_> {
    /// Adds a row (values in the order of the columns given to [`Tx::table`]).
    pub async fn row(&mut self, values: &[Val<'_>]) -> Result<(), sqlx::Error> {
        self.rows += 1;
        match &mut self.inner {
            Writer::Pg { copy, buf } => {
                copy_row(buf, values);
                if buf.len() >= COPY_CHUNK {
                    copy.send(buf.as_slice()).await?;
                    buf.clear();
                }
            }
            Writer::Sqlite { pending, columns, .. } => {
                debug_assert_eq!(values.len(), *columns);
                pending.extend(values.iter().map(|v| match v {
                    Val::Int(i) => Owned::Int(*i),
                    Val::Null => Owned::Null,
                    Val::Text(s) => Owned::Text(s.to_string()),
                }));
                if pending.len() >= SQLITE_ROWS * *columns {
                    self.flush_sqlite().await?;
                }
            }
        }
        Ok(())
    }

    async fn flush_sqlite(&mut self) -> Result<(), sqlx::Error> {
        let Writer::Sqlite { conn, head, columns, pending, full_sql } = &mut self.inner else {
            return Ok(());
        };
        if pending.is_empty() {
            return Ok(());
        }
        let rows = pending.len() / *columns;
        let tail_sql;
        let sql = if rows == SQLITE_ROWS {
            if full_sql.is_empty() {
                *full_sql = insert_sql(head, *columns, rows);
            }
            full_sql.as_str()
        } else {
            tail_sql = insert_sql(head, *columns, rows);
            tail_sql.as_str()
        };
        let mut q = sqlx::query(sql);
        for v in pending.drain(..) {
            q = match v {
                Owned::Int(i) => q.bind(i),
                Owned::Null => q.bind(None::<i64>),
                Owned::Text(s) => q.bind(s),
            };
        }
        q.execute(&mut ***conn).await?;
        Ok(())
    }

    /// Sends what is left; returns the number of rows written.
    pub async fn finish(mut self) -> Result<u64, sqlx::Error> {
        let rows = self.rows;
        match self.inner {
            Writer::Pg { mut copy, buf } => {
                if !buf.is_empty() {
                    copy.send(buf.as_slice()).await?;
                }
                copy.finish().await?;
            }
            Writer::Sqlite { .. } => self.flush_sqlite().await?,
        }
        Ok(rows)
    }
}

fn insert_sql(head: &str, columns: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * columns * 6);
    sql.push_str(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * columns + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// One row in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
fn copy_row(buf: &mut Vec<u8>, values: &[Val<'_>]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            buf.push(b'\t');
        }
        match v {
            Val::Int(n) => {
                let _ = write!(buf, "{n}");
            }
            Val::Null => buf.extend_from_slice(b"\\N"),
            Val::Text(s) => {
                for &b in s.as_bytes() {
                    match b {
                        b'\\' => buf.extend_from_slice(b"\\\\"),
                        b'\n' => buf.extend_from_slice(b"\\n"),
                        b'\r' => buf.extend_from_slice(b"\\r"),
                        b'\t' => buf.extend_from_slice(b"\\t"),
                        _ => buf.push(b),
                    }
                }
            }
        }
    }
    buf.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_copy_would_misread() {
        let mut buf = Vec::new();
        copy_row(&mut buf, &[Val::Int(-7), Val::Null, Val::Text("a\tb\\c\nd")]);
        assert_eq!(buf, b"-7\t\\N\ta\\tb\\\\c\\nd\n");
    }

    #[test]
    fn inserts_number_every_placeholder() {
        assert_eq!(insert_sql("INSERT INTO t (a, b) VALUES ", 2, 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }
}
