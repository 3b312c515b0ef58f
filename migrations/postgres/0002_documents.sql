-- Documents (PostgreSQL). Keep in step with ../sqlite/0002_documents.sql.

CREATE TABLE document_requests (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id    BIGINT NOT NULL REFERENCES clients (id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    due_date     TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'fulfilled')),
    created_by   BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    fulfilled_at BIGINT
);
CREATE INDEX document_requests_client ON document_requests (client_id, status);

-- A document is a title in a folder of one client; its bytes are in versions.
CREATE TABLE documents (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id   BIGINT NOT NULL REFERENCES clients (id),
    folder      TEXT NOT NULL,
    title       TEXT NOT NULL,
    from_client BIGINT NOT NULL DEFAULT 0,
    request_id  BIGINT REFERENCES document_requests (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    -- Soft delete: restorable for 30 days, then the purge job removes the bytes and the rows.
    deleted_at  BIGINT
);
CREATE INDEX documents_client ON documents (client_id, folder, updated_at);

-- A row exists only once its bytes are stored (the upload writes bytes first, then the row).
CREATE TABLE document_versions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id  BIGINT NOT NULL REFERENCES documents (id),
    version      BIGINT NOT NULL,
    storage_key  TEXT NOT NULL UNIQUE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    UNIQUE (document_id, version)
);

-- When each user first opened a document: drives the "new" mark.
CREATE TABLE document_opens (
    document_id BIGINT NOT NULL REFERENCES documents (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    opened_at   BIGINT NOT NULL,
    PRIMARY KEY (document_id, user_id)
);
