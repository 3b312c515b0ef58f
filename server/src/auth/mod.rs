//! Passwords, sessions, users, throttling, two-step sign-in and the middleware that says who is
//! asking.

pub mod middleware;
pub mod password;
pub mod reset;
mod service;
pub mod store;
pub mod throttle;
pub mod totp;
pub mod two_factor;
pub mod users;

pub use service::SqlAuth;
