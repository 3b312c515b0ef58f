//! A query assembled from a filter: SQL text and its bind values, numbered as they are added.

use crate::db::OrDb;
use super::Db;
use app::error::AppError;
use sqlx::any::AnyRow;

/// A bind value.
pub enum Arg {
    Int(i64),
    Text(String),
}

pub struct Query {
    sql: String,
    args: Vec<Arg>,
    /// A condition was added (the select itself may hold subqueries with their own WHERE).
    filtered: bool,
}

impl Query {
    pub fn new(sql: &str) -> Self {
        Self { sql: sql.to_string(), args: Vec::new(), filtered: false }
    }

    /// Adds a bind value and returns its placeholder.
    pub fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    /// Adds a condition to the WHERE clause.
    pub fn and(&mut self, clause: &str) {
        self.sql.push_str(if self.filtered { " AND " } else { " WHERE " });
        self.filtered = true;
        self.sql.push_str(clause);
    }

    /// Appends text (ORDER BY, LIMIT).
    pub fn push(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }

    /// The SQL text and its bind values, for a driver of its own.
    pub fn into_parts(self) -> (String, Vec<Arg>) {
        (self.sql, self.args)
    }

    pub async fn fetch_all(self, db: &Db) -> Result<Vec<AnyRow>, AppError> {
        let mut conn = db.pool.acquire().await.or_db()?;
        self.fetch_all_in(&mut conn).await
    }

    /// The rows, on a connection or in a transaction of the caller's.
    pub async fn fetch_all_in(self, conn: &mut sqlx::AnyConnection) -> Result<Vec<AnyRow>, AppError> {
        let mut q = sqlx::query(&self.sql);
        for a in self.args {
            q = match a {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
            };
        }
        q.fetch_all(conn).await.or_db()
    }
}
