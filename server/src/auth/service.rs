use super::password::{self, Password};
use crate::db::{col, Db, OrDb};
use app::error::AppError;
use app::i18n::Locale;
use app::auth::model::TwoFactorPolicy;
use app::model::{Identity, Permissions, Role};
use app::services::{AuthService, Profile, SecondFactor};
use async_trait::async_trait;
use sqlx::any::AnyRow;

pub struct SqlAuth {
    db: Db,
}

/// A user with what the identity needs, and the firm's two-step policy in the same query.
pub(crate) const SELECT_USER: &str = "SELECT u.id, u.name, u.email, u.role, u.client_id, c.name AS client_name, \
     u.password_hash, u.disabled_at, u.client_admin, u.can_billing, u.can_documents, u.totp_secret, u.locale, u.phone, \
     (SELECT value FROM settings WHERE key = 'require_2fa_staff') AS require_staff, \
     (SELECT value FROM settings WHERE key = 'require_2fa_clients') AS require_clients \
     FROM users u LEFT JOIN clients c ON c.id = u.client_id";

/// The firm's language for those who chose none and whose browser asks for none we have.
const DEFAULT_LOCALE: &str = "default_locale";

fn flag(row: &AnyRow, name: &str) -> Result<bool, AppError> {
    Ok(col::<i64>(row, name)? != 0)
}

fn identity(row: &AnyRow) -> Result<Identity, AppError> {
    let role = Role::parse(&col::<String>(row, "role")?).ok_or(AppError::Internal)?;
    let permissions = match role {
        Role::Client => Permissions { billing: flag(row, "can_billing")?, documents: flag(row, "can_documents")?, client_admin: flag(row, "client_admin")? },
        Role::Staff | Role::Admin => Permissions::default(),
    };
    let policy = TwoFactorPolicy {
        staff: col::<Option<String>>(row, "require_staff")?.as_deref() == Some("1"),
        clients: col::<Option<String>>(row, "require_clients")?.as_deref() == Some("1"),
    };
    let two_factor = col::<Option<String>>(row, "totp_secret")?.is_some();
    Ok(Identity {
        user_id: col(row, "id")?,
        name: col(row, "name")?,
        email: col(row, "email")?,
        role,
        client_id: col(row, "client_id")?,
        client_name: col(row, "client_name")?,
        permissions,
        two_factor,
        must_set_up_two_factor: policy.requires(role) && !two_factor,
        locale: col::<Option<String>>(row, "locale")?.as_deref().and_then(Locale::from_tag),
        phone: col(row, "phone")?,
        token: None,
    })
}

impl SqlAuth {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AuthService for SqlAuth {
    async fn authenticate(&self, email: &str, pw: &str) -> Result<Identity, AppError> {
        let row = sqlx::query(&format!("{SELECT_USER} WHERE u.email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.db.pool)
            .await
            .or_db()?;
        // An unknown email is checked against an empty hash, which costs a full hash and never
        // matches, so its answer takes as long as a wrong password's.
        let hash: String = row.as_ref().map(|r| col(r, "password_hash")).transpose()?.unwrap_or_default();
        let matches = password::verify(Password::new(pw), hash).await?;
        match row {
            Some(row) if matches && col::<Option<i64>>(&row, "disabled_at")?.is_none() => identity(&row),
            _ => Err(AppError::invalid("form", "invalid_credentials")),
        }
    }

    async fn check_password(&self, user_id: i64, pw: &str) -> Result<bool, AppError> {
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_one(&self.db.pool).await.or_db()?;
        password::verify(Password::new(pw), hash).await
    }

    async fn update_profile(&self, user_id: i64, profile: &Profile) -> Result<Profile, AppError> {
        let name = super::users::check_name("name", &profile.name)?;
        let phone = crate::clients::check_phone("phone", &profile.phone)?;
        let mut tx = self.db.begin_write().await.or_db()?;
        let (old_name, old_locale, old_phone): (String, Option<String>, String) =
            sqlx::query_as("SELECT name, locale, phone FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await.or_db()?;
        sqlx::query("UPDATE users SET name = $1, locale = $2, phone = $3 WHERE id = $4")
            .bind(&name)
            .bind(profile.locale.map(Locale::tag))
            .bind(&phone)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .or_db()?;
        tx.commit().await.or_db()?;
        Ok(Profile { name: old_name, locale: old_locale.as_deref().and_then(Locale::from_tag), phone: old_phone })
    }

    async fn default_locale(&self) -> Result<Locale, AppError> {
        let tag = self.db.setting(DEFAULT_LOCALE).await.map_err(|_| AppError::Unavailable)?;
        Ok(tag.as_deref().and_then(Locale::from_tag).unwrap_or(Locale::En))
    }

    async fn set_default_locale(&self, locale: Locale) -> Result<(), AppError> {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(DEFAULT_LOCALE)
            .bind(locale.tag())
            .execute(&self.db.pool)
            .await
            .or_db()?;
        Ok(())
    }

    async fn set_password(&self, user_id: i64, new: &str) -> Result<(), AppError> {
        let hash = password::hash(Password::new(new)).await.map_err(|e| match e {
            AppError::Validation(f) => AppError::Validation(f.into_iter().map(|f| app::error::FieldError { field: "new_password".into(), ..f }).collect()),
            e => e,
        })?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&self.db.pool).await.or_db()?;
        Ok(())
    }

    async fn start_second_factor(&self, user_id: i64, account: &str) -> Result<(String, String), AppError> {
        super::two_factor::start(&self.db, user_id, account).await
    }

    async fn enable_second_factor(&self, user_id: i64, code: &str) -> Result<Vec<String>, AppError> {
        super::two_factor::enable(&self.db, user_id, code).await
    }

    async fn disable_second_factor(&self, user_id: i64) -> Result<(), AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        super::two_factor::disable(&mut tx, user_id).await?;
        tx.commit().await.or_db()
    }

    async fn check_second_factor(&self, user_id: i64, code: &str) -> Result<SecondFactor, AppError> {
        super::two_factor::check(&self.db, user_id, code).await
    }

    async fn new_recovery_codes(&self, user_id: i64) -> Result<Vec<String>, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        let codes = super::two_factor::replace_recovery_codes(&mut tx, user_id).await?;
        tx.commit().await.or_db()?;
        Ok(codes)
    }

    async fn known_email(&self, email: &str) -> Result<Option<(i64, Option<i64>)>, AppError> {
        sqlx::query_as("SELECT id, client_id FROM users WHERE email = $1").bind(email.trim().to_lowercase()).fetch_optional(&self.db.pool).await.or_db()
    }

    async fn two_factor_policy(&self) -> Result<TwoFactorPolicy, AppError> {
        let setting = |key: &'static str| async move { self.db.setting(key).await.map(|v| v.as_deref() == Some("1")).map_err(|_| AppError::Unavailable) };
        Ok(TwoFactorPolicy { staff: setting("require_2fa_staff").await?, clients: setting("require_2fa_clients").await? })
    }

    async fn set_two_factor_policy(&self, policy: TwoFactorPolicy) -> Result<(), AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        for (key, on) in [("require_2fa_staff", policy.staff), ("require_2fa_clients", policy.clients)] {
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(if on { "1" } else { "0" })
                .execute(&mut *tx)
                .await
                .or_db()?;
        }
        tx.commit().await.or_db()?;
        Ok(())
    }

    async fn identity(&self, user_id: i64) -> Result<Option<Identity>, AppError> {
        let row = sqlx::query(&format!("{SELECT_USER} WHERE u.id = $1 AND u.disabled_at IS NULL"))
            .bind(user_id)
            .fetch_optional(&self.db.pool)
            .await
            .or_db()?;
        row.as_ref().map(identity).transpose()
    }
}
