-- Security (SQLite). Keep in step with ../postgres/0006_security.sql.

-- What each client user may use inside their company. Existing users keep what they had
-- (everything); client_admin (0004) is the third permission.
ALTER TABLE users ADD COLUMN can_billing BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN can_documents BIGINT NOT NULL DEFAULT 1;
-- A two-step secret being set up: kept here until a code confirms it, never in session data.
ALTER TABLE users ADD COLUMN totp_pending TEXT;

-- Sessions know their user, so that all of a person's sessions can be listed and ended.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
CREATE INDEX sessions_user ON sessions (user_id);

-- Two-step sign-in recovery codes: only a SHA-256 of each is stored; each works once.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Failed-attempt counters (sign-in per account and per address, one-time codes, invite links,
-- password checks), shared by every instance. `attempts` counts within the hour that started
-- at `window_start`; nothing is accepted before `blocked_until` (both Unix milliseconds). `reported_at`: when this
-- burst was recorded in the audit trail (once per window).
CREATE TABLE throttle (
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    attempts      BIGINT NOT NULL,
    window_start  BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0,
    reported_at   BIGINT,
    PRIMARY KEY (scope, key)
);
CREATE INDEX throttle_window ON throttle (window_start);
