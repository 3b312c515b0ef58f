//! A client's people: inviting them (a one-time link to set a password), disabling and enabling
//! them, what each may use (billing, documents, client admin) and resetting a lost second
//! factor. Only the SHA-256 of an invite token is stored.

use crate::auth::password::{self, Password};
use crate::auth::users::{create_user, NewUser};
use crate::db::{col, now_secs, Db, OrDb};
use crate::sha256_hex;
use app::error::AppError;
use app::model::{Permissions, Role};
use app::clients::model::{Invite, Invitee, PeoplePage, Person, PersonStatus, INVITE_DAYS, PEOPLE_PAGE_SIZE};
use app::services::PeopleService;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

pub struct SqlPeople {
    db: Db,
    mail: std::sync::Arc<crate::mail::Mailer>,
}

impl SqlPeople {
    pub fn new(db: Db, mail: std::sync::Arc<crate::mail::Mailer>) -> Self {
        Self { db, mail }
    }
}

/// The client's people (`$1`), with when each was last seen.
const PEOPLE: &str = "SELECT u.id, u.name, u.email, u.client_admin, u.can_billing, u.can_documents, u.disabled_at, \
     CAST(CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END AS BIGINT) AS two_factor, \
     CAST(CASE WHEN u.password_hash = '' THEN 1 ELSE 0 END AS BIGINT) AS invited, u.last_seen_at AS last_seen \
     FROM users u WHERE u.role = 'client' AND u.client_id = $1";

fn person(row: &AnyRow) -> Result<Person, AppError> {
    let status = match (col::<Option<i64>>(row, "disabled_at")?, col::<i64>(row, "invited")?) {
        (Some(_), _) => PersonStatus::Disabled,
        (None, 1) => PersonStatus::Invited,
        (None, _) => PersonStatus::Active,
    };
    Ok(Person {
        id: col(row, "id")?,
        name: col(row, "name")?,
        email: col(row, "email")?,
        permissions: Permissions {
            billing: col::<i64>(row, "can_billing")? != 0,
            documents: col::<i64>(row, "can_documents")? != 0,
            client_admin: col::<i64>(row, "client_admin")? != 0,
        },
        status,
        two_factor: col::<i64>(row, "two_factor")? != 0,
        last_seen: col(row, "last_seen")?,
    })
}

/// One of the client's people; another client's user, a staff member or a missing id are all
/// `NotFound`.
async fn one(conn: &mut AnyConnection, client_id: i64, user_id: i64) -> Result<Person, AppError> {
    let row = sqlx::query(&format!("{PEOPLE} AND u.id = $2")).bind(client_id).bind(user_id).fetch_optional(conn).await.or_db()?;
    row.as_ref().map(person).transpose()?.ok_or(AppError::NotFound)
}

async fn write_permissions(conn: &mut AnyConnection, user_id: i64, p: Permissions) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET can_billing = $1, can_documents = $2, client_admin = $3 WHERE id = $4")
        .bind(p.billing as i64)
        .bind(p.documents as i64)
        .bind(p.client_admin as i64)
        .bind(user_id)
        .execute(conn)
        .await
        .or_db()?;
    Ok(())
}

/// A new invite for `person`, replacing any unused one; the token itself is returned, never stored.
async fn new_invite(conn: &mut AnyConnection, person: &Person, by: Option<i64>) -> Result<Invite, AppError> {
    let token = crate::random_hex(32)?;
    let now = now_secs();
    let expires_at = now + INVITE_DAYS * 86_400;
    sqlx::query("DELETE FROM invites WHERE user_id = $1 AND used_at IS NULL").bind(person.id).execute(&mut *conn).await.or_db()?;
    sqlx::query("INSERT INTO invites (user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(person.id)
        .bind(sha256_hex(&token))
        .bind(by)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *conn)
        .await
        .or_db()?;
    Ok(Invite { user_id: person.id, name: person.name.clone(), email: person.email.clone(), token, expires_at })
}

/// Invites someone of an existing client on `conn` (the caller's transaction): the person, what
/// they may use, the link, and its mail in the outbox. `by`: who invites (none for an import
/// from the command line).
pub(crate) async fn invite_on(conn: &mut AnyConnection, mail: &crate::mail::Mailer, client_id: i64, name: &str, email: &str, permissions: Permissions, by: Option<i64>) -> Result<Invite, AppError> {
    let user = NewUser { email: email.into(), name: name.into(), role: Role::Client, client_id: Some(client_id), password: None };
    let user_id = create_user(&mut *conn, user).await?;
    write_permissions(&mut *conn, user_id, permissions).await?;
    let person = one(&mut *conn, client_id, user_id).await?;
    let invite = new_invite(&mut *conn, &person, by).await?;
    crate::mail::queue::invitation(&mut *conn, mail, client_id, &invite).await?;
    Ok(invite)
}

/// An invite that still works: not used, not expired, and its user not disabled.
const USABLE_INVITE: &str = "SELECT i.id, i.user_id, u.name, u.email, c.name AS client_name FROM invites i \
     JOIN users u ON u.id = i.user_id JOIN clients c ON c.id = u.client_id \
     WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND u.disabled_at IS NULL";

impl SqlPeople {
    async fn usable_invite(&self, token: &str) -> Result<AnyRow, AppError> {
        // A token is 64 hex digits; anything else cannot be one (and is not worth a query).
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::NotFound);
        }
        sqlx::query(USABLE_INVITE)
            .bind(sha256_hex(&token.to_ascii_lowercase()))
            .bind(now_secs())
            .fetch_optional(&self.db.pool)
            .await
            .or_db()?
            .ok_or(AppError::NotFound)
    }
}

#[async_trait]
impl PeopleService for SqlPeople {
    async fn list(&self, client_id: i64, after: Option<i64>) -> Result<PeoplePage, AppError> {
        let limit = PEOPLE_PAGE_SIZE + 1;
        let rows = match after {
            Some(after) => {
                let sql = format!("{PEOPLE} AND (u.name, u.id) > (SELECT a.name, a.id FROM users a WHERE a.id = $2 AND a.client_id = $1) ORDER BY u.name, u.id LIMIT {limit}");
                sqlx::query(&sql).bind(client_id).bind(after).fetch_all(&self.db.pool).await
            }
            None => sqlx::query(&format!("{PEOPLE} ORDER BY u.name, u.id LIMIT {limit}")).bind(client_id).fetch_all(&self.db.pool).await,
        }
        .or_db()?;
        let people = rows.iter().map(person).collect::<Result<Vec<_>, _>>()?;
        let (items, next) = crate::db::keyset_page(people, PEOPLE_PAGE_SIZE, |p| p.id);
        Ok(PeoplePage { items, next })
    }

    async fn get(&self, client_id: i64, user_id: i64) -> Result<Person, AppError> {
        one(&mut *self.db.pool.acquire().await.or_db()?, client_id, user_id).await
    }

    async fn invite(&self, client_id: i64, name: &str, email: &str, permissions: Permissions, by: i64) -> Result<Invite, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        let client: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1").bind(client_id).fetch_optional(&mut *tx).await.or_db()?;
        client.ok_or(AppError::NotFound)?;
        let invite = invite_on(&mut tx, &self.mail, client_id, name, email, permissions, Some(by)).await?;
        tx.commit().await.or_db()?;
        Ok(invite)
    }

    async fn renew_invite(&self, client_id: i64, user_id: i64, by: i64) -> Result<Invite, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        let person = one(&mut tx, client_id, user_id).await?;
        match person.status {
            PersonStatus::Invited => {}
            PersonStatus::Active => return Err(AppError::invalid("user", "already_accepted")),
            PersonStatus::Disabled => return Err(AppError::invalid("user", "user_disabled")),
        }
        let invite = new_invite(&mut tx, &person, Some(by)).await?;
        crate::mail::queue::invitation(&mut tx, &self.mail, client_id, &invite).await?;
        tx.commit().await.or_db()?;
        Ok(invite)
    }

    async fn set_disabled(&self, client_id: i64, user_id: i64, disabled: bool) -> Result<Option<Person>, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        let person = one(&mut tx, client_id, user_id).await?;
        if (person.status == PersonStatus::Disabled) == disabled {
            return Ok(None);
        }
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2").bind(disabled.then(now_secs)).bind(user_id).execute(&mut *tx).await.or_db()?;
        if disabled {
            crate::auth::store::end_all(&mut *tx, user_id).await?;
        }
        let person = one(&mut tx, client_id, user_id).await?;
        tx.commit().await.or_db()?;
        Ok(Some(person))
    }

    async fn set_permissions(&self, client_id: i64, user_id: i64, permissions: Permissions) -> Result<Option<(Person, Person)>, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        let before = one(&mut tx, client_id, user_id).await?;
        if before.permissions == permissions {
            return Ok(None);
        }
        write_permissions(&mut tx, user_id, permissions).await?;
        tx.commit().await.or_db()?;
        let after = Person { permissions, ..before.clone() };
        Ok(Some((before, after)))
    }

    async fn reset_second_factor(&self, client_id: i64, user_id: i64) -> Result<Option<Person>, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        let person = one(&mut tx, client_id, user_id).await?;
        if !person.two_factor {
            return Ok(None);
        }
        crate::auth::two_factor::disable(&mut tx, user_id).await?;
        crate::auth::store::end_all(&mut *tx, user_id).await?;
        tx.commit().await.or_db()?;
        Ok(Some(Person { two_factor: false, ..person }))
    }

    async fn invitee(&self, token: &str) -> Result<Invitee, AppError> {
        let row = self.usable_invite(token).await?;
        Ok(Invitee { name: col(&row, "name")?, email: col(&row, "email")?, client_name: col(&row, "client_name")? })
    }

    async fn accept_invite(&self, token: &str, new_password: &str) -> Result<i64, AppError> {
        let row = self.usable_invite(token).await?;
        let (invite_id, user_id): (i64, i64) = (col(&row, "id")?, col(&row, "user_id")?);
        // Hashed before the write transaction, so the database is not held during it.
        let hash = password::hash(Password::new(new_password)).await?;
        let mut tx = self.db.begin_write().await.or_db()?;
        // Spending the invite is atomic: of two tabs submitting at once, one wins.
        let spent = sqlx::query("UPDATE invites SET used_at = $1 WHERE id = $2 AND used_at IS NULL").bind(now_secs()).bind(invite_id).execute(&mut *tx).await.or_db()?;
        if spent.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&mut *tx).await.or_db()?;
        tx.commit().await.or_db()?;
        Ok(user_id)
    }
}

