//! Integration tests: the real app on port 0 against a fresh database per test. SQLite by
//! default; PostgreSQL when `PORTICO_TEST_DATABASE_URL` is set (each test gets its own database).

mod access_matrix;
mod audit;
mod audit_no_loss;
mod audit_retention;
mod audit_seal;
mod auth;
mod branding;
mod bad_input;
mod cli;
mod demo_scale;
mod health;
mod import;
mod helpers;
mod isolation;
mod languages;
mod mail;
mod nginx;
mod people;
mod permissions;
mod query_plans;
mod rest;
mod rest_schema;
mod security;
mod sessions;
mod surveys;
mod billing;
mod changes;
mod dashboard;
mod documents;
mod messages;
pub(crate) mod downloads;
mod staff;
mod webhook;
mod webhooks_out;
