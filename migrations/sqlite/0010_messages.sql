-- Secure messages (sqlite). Keep in step with ../postgres/0010_messages.sql.

-- A conversation between one client company and the firm, about one invoice, one document or
-- nothing in particular (then every person of the company may see it).
CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    client_id       BIGINT NOT NULL REFERENCES clients (id),
    subject         TEXT NOT NULL,
    invoice_id      BIGINT REFERENCES invoices (id),
    document_id     BIGINT REFERENCES documents (id),
    -- open: the firm owes an answer; waiting: the client does; closed.
    status          TEXT NOT NULL CHECK (status IN ('open', 'waiting', 'closed')),
    assignee_id     BIGINT REFERENCES users (id),
    started_by      BIGINT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    -- The newest message from each side: what is unread for whom.
    last_client_message BIGINT NOT NULL DEFAULT 0,
    last_staff_message  BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT NOT NULL,
    CHECK (invoice_id IS NULL OR document_id IS NULL)
);
-- Keyset pages, newest activity first: per client and across clients.
CREATE INDEX conversations_client ON conversations (client_id, last_message_at, id);
CREATE INDEX conversations_recent ON conversations (last_message_at, id);
-- The staff's unread count: conversations not closed, theirs or nobody's.
CREATE INDEX conversations_open ON conversations (status, assignee_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    author_id       BIGINT NOT NULL REFERENCES users (id),
    from_staff      BIGINT NOT NULL CHECK (from_staff IN (0, 1)),
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- Staff search scans the bodies of the newest messages (SQLite is the small-firm default).

-- Files sent with a message: documents of the conversation's client.
CREATE TABLE message_attachments (
    message_id  BIGINT NOT NULL REFERENCES messages (id),
    document_id BIGINT NOT NULL REFERENCES documents (id),
    PRIMARY KEY (message_id, document_id)
);

-- The newest message each person has read in each conversation: the unread counts.
CREATE TABLE conversation_reads (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    last_read_id    BIGINT NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
