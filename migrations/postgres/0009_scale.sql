-- At a firm's size: 10,000 clients, 10 M audit events (postgres). Keep in step with
-- ../sqlite/0009_scale.sql.

-- The staff client list pages by name: keyset on (name, id).
CREATE INDEX clients_name ON clients (name, id);

-- The audit trail, partitioned by the month of occurred_at (audit_events_2026_12 holds
-- December 2026), so that retention (`portico audit retire`) drops whole months. The id stays
-- the trail's order; the key is (id, occurred_at) because a partitioned table's key must hold
-- the partition column.
ALTER TABLE audit_events RENAME TO audit_events_unpartitioned;
ALTER TABLE audit_events_unpartitioned RENAME CONSTRAINT audit_events_pkey TO audit_events_unpartitioned_pkey;
ALTER SEQUENCE audit_events_id_seq RENAME TO audit_events_unpartitioned_id_seq;
CREATE TABLE audit_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY,
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
    details       TEXT NOT NULL,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- Creates the monthly partitions from the month of `from_micros` to that of `to_micros` that do
-- not exist yet (each refusing TRUNCATE, as the table does); returns how many it created. The
-- audit writer calls it, under the trail's lock, for the months of each batch it inserts; so does
-- the bulk loader of `demo --scale`. Here: the months of the events so far, this one and the next.
CREATE FUNCTION audit_ensure_partitions(from_micros BIGINT, to_micros BIGINT) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
    month DATE := date_trunc('month', to_timestamp(from_micros / 1000000.0) AT TIME ZONE 'UTC');
    last DATE := date_trunc('month', to_timestamp(to_micros / 1000000.0) AT TIME ZONE 'UTC');
    name TEXT;
    created INTEGER := 0;
BEGIN
    WHILE month <= last LOOP
        name := 'audit_events_' || to_char(month, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%s) TO (%s)', name,
                CAST(extract(epoch FROM CAST(month AS TIMESTAMP)) * 1000000 AS BIGINT),
                CAST(extract(epoch FROM CAST(month AS TIMESTAMP) + INTERVAL '1 month') * 1000000 AS BIGINT));
            EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()', name);
            created := created + 1;
        END IF;
        month := month + INTERVAL '1 month';
    END LOOP;
    RETURN created;
END
$$;

SELECT audit_ensure_partitions(
    COALESCE((SELECT MIN(occurred_at) FROM audit_events_unpartitioned), CAST(extract(epoch FROM now()) * 1000000 AS BIGINT)),
    CAST(extract(epoch FROM now() + INTERVAL '32 days') * 1000000 AS BIGINT));
INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM audit_events_unpartitioned ORDER BY id;
SELECT setval(pg_get_serial_sequence('audit_events', 'id'), COALESCE((SELECT MAX(id) FROM audit_events), 0) + 1, false);
DROP TABLE audit_events_unpartitioned;

CREATE INDEX audit_client_id ON audit_events (client_id, id);
CREATE INDEX audit_target ON audit_events (target_type, target_id, actor_kind);
CREATE INDEX audit_actor ON audit_events (actor_id, id);
-- The audit search for a person by part of their name or email ("ana", "@northwind"): trigram
-- indexes find a rare name without reading every event. pg_trgm comes with PostgreSQL (Debian's
-- postgresql package, the contrib package elsewhere) and is trusted: the database owner may
-- create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX audit_actor_email_trgm ON audit_events USING gin (lower(actor_email) gin_trgm_ops);
CREATE INDEX audit_actor_name_trgm ON audit_events USING gin (lower(actor_name) gin_trgm_ops);
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- What `portico audit retire` removed: per month and digest, how many of the digest's events,
-- signed with the server's key, so that `audit verify` tells a retired month from a deletion.
-- The digests themselves stay: the chain still verifies.
CREATE TABLE audit_retired (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month      TEXT NOT NULL,
    digest_id  BIGINT NOT NULL REFERENCES audit_digests (id),
    events     BIGINT NOT NULL,
    retired_at BIGINT NOT NULL,
    signature  TEXT NOT NULL
);
CREATE TRIGGER audit_retired_no_change BEFORE UPDATE OR DELETE ON audit_retired
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_retired_no_truncate BEFORE TRUNCATE ON audit_retired
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
