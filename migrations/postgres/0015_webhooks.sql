-- Outgoing webhooks (PostgreSQL). Keep in step with ../sqlite/0015_webhooks.sql.

-- An address of the firm's that is told when something happens in the portal. Its secret signs
-- each delivery (`Portico-Signature`, as the incoming payment webhook); it is kept to sign with.
CREATE TABLE webhook_endpoints (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    -- Space-separated event types, e.g. "invoice.viewed payment.recorded".
    events      TEXT NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT
);

-- One event to one endpoint: the outbox the deliverer works through, and its history.
CREATE TABLE webhook_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    -- The audit event it tells of: delivered once per endpoint however often it is retried.
    event_id        BIGINT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    -- NULL once delivered or given up.
    next_attempt_at BIGINT,
    delivered_at    BIGINT,
    failed_at       BIGINT,
    last_status     BIGINT,
    last_error      TEXT NOT NULL DEFAULT '',
    -- A deliverer holds it until then (another instance leaves it alone).
    claimed_until   BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
