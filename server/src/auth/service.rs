use super::password::{self, Password};
use crate::db::{col, db_err, Db};
use app::error::AppError;
use app::model::{Identity, Role};
use app::services::AuthService;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use tokio::sync::OnceCell;

pub struct SqlAuth {
    db: Db,
    /// A real hash to check against when the email is unknown, so that unknown emails take as
    /// long as wrong passwords and cannot be told apart by timing.
    decoy: OnceCell<String>,
}

const SELECT_USER: &str = "SELECT u.id, u.name, u.email, u.role, u.client_id, c.name AS client_name, \
     u.password_hash, u.disabled_at, u.client_admin, u.totp_secret FROM users u LEFT JOIN clients c ON c.id = u.client_id";

fn identity(row: &AnyRow) -> Result<Identity, AppError> {
    let role: String = col(row, "role")?;
    Ok(Identity {
        user_id: col(row, "id")?,
        name: col(row, "name")?,
        email: col(row, "email")?,
        role: Role::parse(&role).ok_or(AppError::Internal)?,
        client_id: col(row, "client_id")?,
        client_name: col(row, "client_name")?,
        client_admin: role == "client" && col::<i64>(row, "client_admin")? != 0,
        two_factor: col::<Option<String>>(row, "totp_secret")?.is_some(),
    })
}

impl SqlAuth {
    pub fn new(db: Db) -> Self {
        Self { db, decoy: OnceCell::new() }
    }

    async fn decoy(&self) -> Result<String, AppError> {
        self.decoy.get_or_try_init(|| password::hash(Password::new("decoy password, never valid"))).await.cloned()
    }
}

#[async_trait]
impl AuthService for SqlAuth {
    async fn authenticate(&self, email: &str, pw: &str) -> Result<Identity, AppError> {
        let failed = || AppError::invalid("form", "invalid_credentials");
        let row = sqlx::query(&format!("{SELECT_USER} WHERE u.email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.db.pool)
            .await
            .map_err(db_err)?;
        let Some(row) = row else {
            password::verify(Password::new(pw), self.decoy().await?).await;
            return Err(failed());
        };
        let hash: String = col(&row, "password_hash")?;
        let disabled: Option<i64> = col(&row, "disabled_at")?;
        if !password::verify(Password::new(pw), hash).await || disabled.is_some() {
            return Err(failed());
        }
        identity(&row)
    }

    async fn update_name(&self, user_id: i64, name: &str) -> Result<String, AppError> {
        let name = super::users::check_name("name", name)?;
        let mut tx = self.db.begin_write().await.map_err(db_err)?;
        let old: String = sqlx::query_scalar("SELECT name FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await.map_err(db_err)?;
        sqlx::query("UPDATE users SET name = $1 WHERE id = $2").bind(&name).bind(user_id).execute(&mut *tx).await.map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(old)
    }

    async fn change_password(&self, user_id: i64, current: &str, new: &str) -> Result<(), AppError> {
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_one(&self.db.pool).await.map_err(db_err)?;
        if !password::verify(Password::new(current), hash).await {
            return Err(AppError::invalid("current_password", "wrong_password"));
        }
        let hash = password::hash(Password::new(new)).await.map_err(|_| AppError::invalid("new_password", "too_short"))?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&self.db.pool).await.map_err(db_err)?;
        Ok(())
    }

    fn new_second_factor(&self, account: &str) -> Result<(String, String), AppError> {
        let secret = super::totp::new_secret().map_err(|_| AppError::Internal)?;
        let uri = super::totp::uri("Portico", account, &secret);
        Ok((secret, uri))
    }

    fn second_factor_matches(&self, secret: &str, code: &str) -> bool {
        super::totp::matches(secret, code, crate::db::now_secs() as u64)
    }

    async fn check_second_factor(&self, user_id: i64, code: &str) -> Result<bool, AppError> {
        let secret: Option<Option<String>> =
            sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1").bind(user_id).fetch_optional(&self.db.pool).await.map_err(db_err)?;
        let Some(step) = secret.flatten().and_then(|s| super::totp::matching_step(&s, code, crate::db::now_secs() as u64)) else {
            return Ok(false);
        };
        // Taking the step is atomic: the same code (or an older one) never works twice.
        let taken = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
            .bind(step as i64)
            .bind(user_id)
            .execute(&self.db.pool)
            .await
            .map_err(db_err)?;
        Ok(taken.rows_affected() == 1)
    }

    async fn set_second_factor(&self, user_id: i64, secret: Option<String>) -> Result<(), AppError> {
        sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
            .bind(secret)
            .bind(user_id)
            .execute(&self.db.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn client_of_email(&self, email: &str) -> Result<Option<i64>, AppError> {
        let client: Option<Option<i64>> = sqlx::query_scalar("SELECT client_id FROM users WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.db.pool)
            .await
            .map_err(db_err)?;
        Ok(client.flatten())
    }

    async fn identity(&self, user_id: i64) -> Result<Option<Identity>, AppError> {
        let row = sqlx::query(&format!("{SELECT_USER} WHERE u.id = $1 AND u.disabled_at IS NULL"))
            .bind(user_id)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(db_err)?;
        row.as_ref().map(identity).transpose()
    }
}
