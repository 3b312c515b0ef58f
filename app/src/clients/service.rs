//! Server-only: what the server implements for clients and their people.

use crate::error::AppError;
use crate::clients::model::{ClientChoice, ClientFilter, ClientPage, ClientSummary};
use crate::model::Permissions;
use crate::clients::model::{ClientInput, Invite, Invitee, Person};
use async_trait::async_trait;
use time::Date;

#[async_trait]
pub trait ClientService: Send + Sync {
    /// One page of clients by name, with what each owes.
    async fn list(&self, filter: &ClientFilter, today: Date) -> Result<ClientPage, AppError>;
    /// Clients for a select: the first `MAX_CHOICES` by name, and `selected` wherever it falls.
    async fn choices(&self, selected: Option<i64>) -> Result<Vec<ClientChoice>, AppError>;
    async fn get(&self, client_id: i64, today: Date) -> Result<ClientSummary, AppError>;
    /// The company's details (`NotFound` for a missing client).
    async fn details(&self, client_id: i64) -> Result<ClientInput, AppError>;
    async fn create(&self, input: &ClientInput) -> Result<i64, AppError>;
    /// Changes a client's details; returns what they were and what they are now.
    async fn update(&self, client_id: i64, input: &ClientInput) -> Result<(ClientInput, ClientInput), AppError>;
}

/// A client's people. Every call names the client: a user of another client is `NotFound`.
#[async_trait]
pub trait PeopleService: Send + Sync {
    /// Everyone of the client, with their status and when each was last seen.
    /// A page of the client's people by name, after person `after` (another client's person, like
    /// a missing one, gives an empty page).
    async fn list(&self, client_id: i64, after: Option<i64>) -> Result<crate::clients::model::PeoplePage, AppError>;
    /// One of the client's people; anyone else is `NotFound`.
    async fn get(&self, client_id: i64, user_id: i64) -> Result<Person, AppError>;
    /// Creates a client user without a password, and a one-time link to set one.
    async fn invite(&self, client_id: i64, name: &str, email: &str, permissions: Permissions, by: i64) -> Result<Invite, AppError>;
    /// A new link for someone who has not accepted yet; the old link stops working.
    async fn renew_invite(&self, client_id: i64, user_id: i64, by: i64) -> Result<Invite, AppError>;
    /// Disables (ending their sessions at once) or enables someone; returns them as they are
    /// now, or `None` when nothing changed.
    async fn set_disabled(&self, client_id: i64, user_id: i64, disabled: bool) -> Result<Option<Person>, AppError>;
    /// Sets what someone may use; returns them before and after, or `None` when nothing changed.
    async fn set_permissions(&self, client_id: i64, user_id: i64, permissions: Permissions) -> Result<Option<(Person, Person)>, AppError>;
    /// Turns someone's two-step sign-in off (a lost phone) and ends their sessions; `None` when
    /// it was off.
    async fn reset_second_factor(&self, client_id: i64, user_id: i64) -> Result<Option<Person>, AppError>;
    /// Who a working invite token is for; `NotFound` for an unknown, used or expired one.
    async fn invitee(&self, token: &str) -> Result<Invitee, AppError>;
    /// Sets the invitee's password and spends the invite; returns their user id.
    async fn accept_invite(&self, token: &str, password: &str) -> Result<i64, AppError>;
}
