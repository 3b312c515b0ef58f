-- The REST API (PostgreSQL). Keep in step with ../sqlite/0014_api.sql.

-- A token an admin made for another program (the firm's accounting system). Only the SHA-256 of
-- the token is stored; `prefix` (its first characters) tells tokens apart in lists. It acts for
-- the admin who made it (`acting_user`: payments and invites are recorded as theirs) and stops
-- working when that person is disabled; the audit trail names the token.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    -- Space-separated, e.g. "invoices:read invoices:write audit:read".
    scopes       TEXT NOT NULL,
    -- Set: the token reaches this one client's data and nothing else.
    client_id    BIGINT REFERENCES clients (id),
    acting_user  BIGINT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

-- POST requests with an `Idempotency-Key`: the first answer is kept and given again for the same
-- key and body (24 hours); the same key with another body is refused.
CREATE TABLE api_idempotency (
    token_id     BIGINT NOT NULL REFERENCES api_tokens (id),
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    -- NULL while the first request is still being answered.
    status       BIGINT,
    body         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (token_id, key)
);
CREATE INDEX api_idempotency_age ON api_idempotency (created_at);
