//! Passwords, sessions, users and the middleware that says who is asking.

pub mod middleware;
pub mod password;
mod service;
pub mod store;
pub mod totp;
pub mod users;

pub use service::SqlAuth;
