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
    -- Sum of payments minus refunds, kept in step by the payment code in the same transaction.
    paid_minor   BIGINT NOT NULL DEFAULT 0,
    void_reason  TEXT NOT NULL DEFAULT '',
    issued_at    BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CHECK (paid_minor >= 0 AND paid_minor <= total_minor)
);
-- Keyset pagination: one index per sort order, per client and across clients.
CREATE INDEX invoices_client_issued ON invoices (client_id, issue_date, id);
CREATE INDEX invoices_client_due ON invoices (client_id, due_date, id);
CREATE INDEX invoices_client_total ON invoices (client_id, total_minor, id);
CREATE INDEX invoices_issued ON invoices (issue_date, id);
CREATE INDEX invoices_due ON invoices (due_date, id);

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

-- Payments are positive, refunds negative; history is never edited, a reversal is a new row.
CREATE TABLE payments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id   BIGINT NOT NULL REFERENCES invoices (id),
    kind         TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    paid_on      TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor <> 0),
    method       TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    recorded_by  BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    CHECK ((kind = 'payment') = (amount_minor > 0))
);
CREATE INDEX payments_invoice ON payments (invoice_id, paid_on);

-- Payment-provider webhook deliveries: one row per event id, so a redelivery records nothing.
CREATE TABLE webhook_events (
    event_id    TEXT PRIMARY KEY,
    payment_id  BIGINT REFERENCES payments (id),
    received_at BIGINT NOT NULL
);

-- Audit events (the audit issue adds sealing and its own pages). Never updated or deleted.
CREATE TABLE audit_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   BIGINT NOT NULL,
    actor_id      BIGINT,
    actor_kind    TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    actor_email   TEXT NOT NULL,
    client_id     BIGINT,
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    target_label  TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
    source_ip     TEXT NOT NULL,
    user_agent    TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    details       TEXT NOT NULL
);
CREATE INDEX audit_client_time ON audit_events (client_id, occurred_at);
