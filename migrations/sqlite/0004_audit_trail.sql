-- Audit trail (SQLite): digests that seal events in order, indexes for the staff pages,
-- client admins (who may see their own company's activity) and two-step sign-in. Keep in step with ../postgres.

-- One digest seals the events with ids in (previous digest's last_event_id, last_event_id].
-- `event_hashes` lists "id sha256" per event; `signature` is Ed25519 over the canonical digest.
CREATE TABLE audit_digests (
    id              INTEGER PRIMARY KEY,
    first_event_id  BIGINT NOT NULL,
    last_event_id   BIGINT NOT NULL,
    event_count     BIGINT NOT NULL,
    event_hashes    TEXT NOT NULL,
    events_sha256   TEXT NOT NULL,
    previous_sha256 TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    public_key      TEXT NOT NULL,
    digest_sha256   TEXT NOT NULL,
    signature       TEXT NOT NULL
);
CREATE TRIGGER audit_digests_no_update BEFORE UPDATE ON audit_digests
BEGIN
    SELECT RAISE(ABORT, 'audit digests are append-only');
END;
CREATE TRIGGER audit_digests_no_delete BEFORE DELETE ON audit_digests
BEGIN
    SELECT RAISE(ABORT, 'audit digests are append-only');
END;

-- Pages read the trail newest first by id; (client_id, id) replaces (client_id, occurred_at), one
-- index fewer for every insert.
DROP INDEX audit_client_time;
CREATE INDEX audit_client_id ON audit_events (client_id, id);
CREATE INDEX audit_target ON audit_events (target_type, target_id, actor_kind);
CREATE INDEX audit_actor ON audit_events (actor_id, id);

ALTER TABLE users ADD COLUMN client_admin BIGINT NOT NULL DEFAULT 0;
-- Two-step sign-in: the base32 TOTP secret (RFC 6238), NULL while it is off, and the last
-- 30-second step whose code was accepted (a code works once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
