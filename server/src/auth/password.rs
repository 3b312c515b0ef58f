//! Argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1), computed off the async runtime.

use app::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A password kept out of `Debug` output and logs.
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

pub const MIN_LENGTH: usize = 10;

pub async fn hash(password: Password) -> Result<String, AppError> {
    if password.0.chars().count() < MIN_LENGTH {
        return Err(AppError::invalid("password", "too_short"));
    }
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2().hash_password(password.0.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// True when `password` matches the stored PHC string. A malformed hash never matches.
pub async fn verify(password: Password, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc).is_ok_and(|parsed| argon2().verify_password(password.0.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_the_right_password() {
        let phc = hash(Password::new("correct horse battery")).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(Password::new("correct horse battery"), phc.clone()).await);
        assert!(!verify(Password::new("wrong horse battery"), phc).await);
    }

    #[tokio::test]
    async fn short_passwords_are_refused() {
        assert_eq!(hash(Password::new("short")).await, Err(AppError::invalid("password", "too_short")));
    }

    #[test]
    fn debug_output_hides_the_password() {
        assert_eq!(format!("{:?}", Password::new("hunter2hunter2")), "Password(***)");
    }
}
