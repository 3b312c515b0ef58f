-- At a firm's size (sqlite). Keep in step with ../postgres/0009_scale.sql. The monthly
-- partitions, retention and the actor search's trigram indexes are PostgreSQL's only.

-- The staff client list pages by name: keyset on (name, id).
CREATE INDEX clients_name ON clients (name, id);

-- What `portico audit retire` removed (PostgreSQL only; empty here), read by `audit verify`.
CREATE TABLE audit_retired (
    id         INTEGER PRIMARY KEY,
    month      TEXT NOT NULL,
    digest_id  INTEGER NOT NULL REFERENCES audit_digests (id),
    events     INTEGER NOT NULL,
    retired_at INTEGER NOT NULL,
    signature  TEXT NOT NULL
);
