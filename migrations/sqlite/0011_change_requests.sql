-- Company details and change requests (sqlite). Keep in step with ../postgres/0011_change_requests.sql.

-- What a client company is billed as, besides its legal name (clients.name) and billing email
-- (clients.email).
ALTER TABLE clients ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN tax_id  TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN phone   TEXT NOT NULL DEFAULT '';
-- A person's own phone number, which they change themselves.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- A client admin's proposed change to the company's details, which staff approve or reject.
CREATE TABLE change_requests (
    id           INTEGER PRIMARY KEY,
    client_id    BIGINT NOT NULL REFERENCES clients (id),
    requested_by BIGINT NOT NULL REFERENCES users (id),
    requested_at BIGINT NOT NULL,
    -- JSON: {"field": {"from": "...", "to": "..."}} for each field the request changes.
    changes      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by   BIGINT REFERENCES users (id),
    decided_at   BIGINT,
    -- The firm's note to the client, with its decision.
    note         TEXT NOT NULL DEFAULT ''
);
-- Keyset pages, newest first: a client's requests, and those waiting across clients.
CREATE INDEX change_requests_client ON change_requests (client_id, id);
CREATE INDEX change_requests_status ON change_requests (status, id);
