-- Invites (SQLite). Keep in step with ../postgres/0005_invites.sql.
--
-- Staff invite a client's people: the user is created without a password (password_hash '',
-- which never verifies) and gets a one-time link to set one. Only a SHA-256 of the link's token
-- is stored. A new link for the same user replaces the old one.
CREATE TABLE invites (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX invites_user ON invites (user_id);
