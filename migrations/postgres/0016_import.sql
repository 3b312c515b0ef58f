-- CSV import (PostgreSQL). Keep in step with ../sqlite/0016_import.sql.

-- The id a record has in the firm's other system: importing the same file again finds it
-- instead of making it twice.
ALTER TABLE clients ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX clients_external_id ON clients (external_id) WHERE external_id IS NOT NULL;
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external_id ON users (external_id) WHERE external_id IS NOT NULL;
ALTER TABLE invoices ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX invoices_external_id ON invoices (external_id) WHERE external_id IS NOT NULL;

-- Each import and each check of a file, with what it found: the staff page shows the report.
CREATE TABLE imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('clients', 'people', 'invoices')),
    file_name   TEXT NOT NULL,
    dry_run     BIGINT NOT NULL,
    -- Whether the rows were written (never when a row was refused).
    applied     BIGINT NOT NULL,
    rows        BIGINT NOT NULL,
    created     BIGINT NOT NULL,
    updated     BIGINT NOT NULL,
    unchanged   BIGINT NOT NULL,
    -- JSON: [{"line": 4, "reason": "email: invalid email"}, …]
    errors      TEXT NOT NULL,
    imported_by BIGINT REFERENCES users (id),
    imported_at BIGINT NOT NULL
);
