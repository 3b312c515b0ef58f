-- Satisfaction surveys (sqlite). Keep in step with ../postgres/0013_surveys.sql.

-- One question to one person: how satisfied (CSAT, 1 to 5) or how likely to recommend the firm
-- (NPS, 0 to 10), with an optional comment. Asked after a conversation is closed or a document
-- request fulfilled, and on the firm's schedule.
CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    client_id   BIGINT NOT NULL REFERENCES clients (id),
    kind        TEXT NOT NULL CHECK (kind IN ('csat', 'nps')),
    -- What prompted it, and which conversation, request or schedule period.
    prompt      TEXT NOT NULL CHECK (prompt IN ('conversation', 'request', 'schedule')),
    prompt_id   BIGINT NOT NULL,
    -- What it asks about, as it was called then (a conversation's subject, a request's title).
    subject     TEXT NOT NULL DEFAULT '',
    asked_at    BIGINT NOT NULL,
    answered_at BIGINT,
    score       BIGINT CHECK (score BETWEEN 0 AND 10),
    comment     TEXT NOT NULL DEFAULT '',
    CHECK ((answered_at IS NULL) = (score IS NULL))
);
-- Asked once per person for each conversation, request and schedule period, on any instance.
CREATE UNIQUE INDEX surveys_once ON surveys (user_id, prompt, prompt_id);
-- A person's latest survey (not asked again too soon; the one waiting for them).
CREATE INDEX surveys_user ON surveys (user_id, asked_at);
-- Answers over time and per client.
CREATE INDEX surveys_answered ON surveys (answered_at);
