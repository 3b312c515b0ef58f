-- Foundation schema (PostgreSQL). Keep in step with ../sqlite/0001_foundation.sql.
-- Dates are ISO-8601 TEXT ('YYYY-MM-DD') and times Unix seconds (UTC) in both dialects, so that
-- every query is written once. Money is integer minor units plus an ISO 4217 code.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE clients (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email      TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('client', 'staff', 'admin')),
    client_id     BIGINT REFERENCES clients (id),
    disabled_at   BIGINT,
    created_at    BIGINT NOT NULL,
    CHECK ((role = 'client') = (client_id IS NOT NULL))
);
CREATE INDEX users_client ON users (client_id);

-- tower-sessions records; the id column holds a SHA-256 of the session id, never the id itself.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE invoices (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id    BIGINT NOT NULL REFERENCES clients (id),
    number       TEXT NOT NULL UNIQUE,
    issue_date   TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'open', 'partially_paid', 'paid', 'void')),
    notes        TEXT NOT NULL DEFAULT '',
    subtotal_minor BIGINT NOT NULL,
    tax_minor    BIGINT NOT NULL,
    total_minor  BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX invoices_client_issued ON invoices (client_id, issue_date);

CREATE TABLE invoice_lines (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id       BIGINT NOT NULL REFERENCES invoices (id),
    position         BIGINT NOT NULL,
    description      TEXT NOT NULL,
    quantity_milli   BIGINT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    tax_rate_bp      BIGINT NOT NULL,
    amount_minor     BIGINT NOT NULL,
    tax_minor        BIGINT NOT NULL,
    UNIQUE (invoice_id, position)
);

CREATE TABLE payments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id   BIGINT NOT NULL REFERENCES invoices (id),
    paid_on      TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    method       TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX payments_invoice ON payments (invoice_id);
