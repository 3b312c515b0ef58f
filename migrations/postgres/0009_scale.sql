-- At a firm's size: 10,000 clients, 10 M audit events (postgres). Keep in step with
-- ../sqlite/0009_scale.sql.
-- The staff client list pages by name: keyset on (name, id).
CREATE INDEX clients_name ON clients (name, id);
-- The audit search for a person by part of their name or email ("ana", "@northwind"): trigram
-- indexes find a rare name without reading every event. pg_trgm comes with PostgreSQL (Debian's
-- postgresql package, the contrib package elsewhere) and is trusted: the database owner may
-- create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX audit_actor_email_trgm ON audit_events USING gin (lower(actor_email) gin_trgm_ops);
CREATE INDEX audit_actor_name_trgm ON audit_events USING gin (lower(actor_name) gin_trgm_ops);
