//! Server-only: what the server implements for signing in, sessions and throttling.

use crate::error::AppError;
use crate::auth::model::SessionInfo;
use crate::auth::model::TwoFactorPolicy;
use crate::i18n::Locale;
use crate::model::Identity;
use async_trait::async_trait;

/// What a person changes about themselves at `/account`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// `None`: automatic (their browser's language, else the firm's).
    pub locale: Option<Locale>,
    pub phone: String,
}

#[async_trait]
pub trait AuthService: Send + Sync {
    /// Checks an email and password. Unknown email, wrong password, a disabled person and an
    /// invited one who has not set a password all give the same `invalid_credentials` error,
    /// after the same work. `Busy` when every password worker is taken.
    async fn authenticate(&self, email: &str, password: &str) -> Result<Identity, AppError>;
    /// Whether `password` is the user's own (the check before an account change).
    async fn check_password(&self, user_id: i64, password: &str) -> Result<bool, AppError>;
    /// The identity of an active user, or `None` when the user is gone or disabled.
    async fn identity(&self, user_id: i64) -> Result<Option<Identity>, AppError>;
    /// Changes a user's own name, language and phone number together; returns what they were.
    async fn update_profile(&self, user_id: i64, profile: &Profile) -> Result<Profile, AppError>;
    /// The firm's default language (English until an admin chooses another).
    async fn default_locale(&self) -> Result<Locale, AppError>;
    async fn set_default_locale(&self, locale: Locale) -> Result<(), AppError>;
    /// Sets a new password (the caller has checked the current one).
    async fn set_password(&self, user_id: i64, new: &str) -> Result<(), AppError>;
    /// Two-step sign-in: a new secret and its `otpauth://` link, kept with the user (never in
    /// the session) until a code from it confirms it.
    async fn start_second_factor(&self, user_id: i64, account: &str) -> Result<(String, String), AppError>;
    /// Turns two-step sign-in on when `code` comes from the pending secret; the code is spent
    /// (it cannot also sign in). Returns ten new recovery codes, shown once.
    async fn enable_second_factor(&self, user_id: i64, code: &str) -> Result<Vec<String>, AppError>;
    /// Turns two-step sign-in off and removes the recovery codes.
    async fn disable_second_factor(&self, user_id: i64) -> Result<(), AppError>;
    /// Checks a one-time code or a recovery code; each is accepted once.
    async fn check_second_factor(&self, user_id: i64, code: &str) -> Result<SecondFactor, AppError>;
    /// Ten new recovery codes in place of the old ones.
    async fn new_recovery_codes(&self, user_id: i64) -> Result<Vec<String>, AppError>;
    /// Who an email belongs to, if anyone (for failed sign-in events): their user id and client.
    async fn known_email(&self, email: &str) -> Result<Option<(i64, Option<i64>)>, AppError>;
    /// Whether the firm requires two-step sign-in of staff and of client users.
    async fn two_factor_policy(&self) -> Result<TwoFactorPolicy, AppError>;
    async fn set_two_factor_policy(&self, policy: TwoFactorPolicy) -> Result<(), AppError>;
}

/// How a code typed at sign-in was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// The authenticator app's current code.
    Code,
    /// One of the recovery codes; `remaining` are left.
    Recovery { remaining: i64 },
    Wrong,
}

/// A person's signed-in sessions (the store keeps who each belongs to).
#[async_trait]
pub trait SessionService: Send + Sync {
    /// The person's live sessions, newest first; `current` marks the one asking.
    async fn list(&self, user_id: i64, current: Option<tower_sessions::session::Id>) -> Result<Vec<SessionInfo>, AppError>;
    /// Ends one of the person's sessions; `NotFound` for anyone else's.
    async fn end(&self, user_id: i64, handle: &str) -> Result<(), AppError>;
    /// Ends every session of the person (the caller's own then gets a new id).
    async fn end_all(&self, user_id: i64) -> Result<u64, AppError>;
}

/// What a failed attempt is counted against. Every instance sees the same counts (they live in
/// the database), and nothing ever locks for good: counts start over each hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThrottleKey {
    /// Sign-ins for one email address, known or not.
    Account(String),
    /// Sign-ins from one address.
    Address(String),
    /// One-time or recovery codes of one person.
    Code(i64),
    /// Invite links tried from one address.
    Invite(String),
    /// Password checks before an account change, per person.
    Reauth(i64),
    /// Password reset links asked for one email address, known or not.
    Reset(String),
}

/// An attempt refused because its key is still waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after: u64,
    /// True for the first refusal of a burst: that one goes into the audit trail.
    pub report: bool,
}

#[async_trait]
pub trait ThrottleService: Send + Sync {
    /// Counts an attempt against every key, before any check is made. Refused (nothing counted)
    /// while one of the keys must still wait.
    async fn attempt(&self, keys: &[ThrottleKey]) -> Result<Option<Throttled>, AppError>;
    /// The attempt succeeded: the key's count starts over.
    async fn reset(&self, key: &ThrottleKey) -> Result<(), AppError>;
    /// Takes an attempt back: the server was too busy to check it, or it succeeded from an
    /// address that many people share.
    async fn forget(&self, keys: &[ThrottleKey]) -> Result<(), AppError>;
}

impl ThrottleKey {
    /// The kind of limit, as stored and as shown in the audit trail.
    pub fn scope(&self) -> &'static str {
        match self {
            Self::Account(_) => "account",
            Self::Address(_) => "address",
            Self::Code(_) => "code",
            Self::Invite(_) => "invite",
            Self::Reauth(_) => "password_check",
            Self::Reset(_) => "password_reset",
        }
    }
}
