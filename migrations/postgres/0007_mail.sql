-- Mail (PostgreSQL). Keep in step with ../sqlite/0007_mail.sql.

-- Every mail is first a row here, written in the same transaction as the change that causes
-- it; a worker sends it. `message` is the whole RFC 5322 message, kept only until it is sent
-- (it may hold a one-time link). Times are Unix milliseconds.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT NOT NULL,
    client_id       BIGINT REFERENCES clients (id),
    user_id         BIGINT REFERENCES users (id),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    message         TEXT,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_client ON outbox (client_id, status);

-- Which mails a person gets; no row means the kind's default (on, but the staff digest off).
CREATE TABLE mail_preferences (
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind    TEXT NOT NULL,
    enabled BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- "Forgot your password?" links: only a SHA-256 of the token is stored; each works once.
CREATE TABLE password_resets (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Each reminder step is sent once per invoice or request, whatever the number of instances:
-- the key is claimed in the transaction that queues the mail. `step` is days from the due
-- date (-3: three days before).
CREATE TABLE reminders_sent (
    target_type TEXT NOT NULL CHECK (target_type IN ('invoice', 'request')),
    target_id   BIGINT NOT NULL,
    step        BIGINT NOT NULL,
    sent_at     BIGINT NOT NULL,
    PRIMARY KEY (target_type, target_id, step)
);

-- The staff digest goes once a day (a UTC day, YYYY-MM-DD).
CREATE TABLE digests_sent (
    day     TEXT PRIMARY KEY,
    sent_at BIGINT NOT NULL
);
