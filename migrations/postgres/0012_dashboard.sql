-- The staff dashboard: when each person was last seen, and indexes for its figures (PostgreSQL). Keep in step with ../sqlite/0012_dashboard.sql.

-- Microseconds, UTC: the time of the person's latest successful audit event, kept by the audit
-- writer (server/src/audit/writer.rs) so that pages read one column instead of the whole trail.
ALTER TABLE users ADD COLUMN last_seen_at BIGINT;
UPDATE users SET last_seen_at = (
    SELECT e.occurred_at FROM audit_events e WHERE e.actor_id = users.id AND e.outcome = 'success' ORDER BY e.id DESC LIMIT 1
);

-- What is owed, by due date (a partial index: only unpaid invoices).
CREATE INDEX invoices_unpaid ON invoices (due_date) WHERE status IN ('open', 'partially_paid');
-- Payments received per month and per year.
CREATE INDEX payments_paid_on ON payments (paid_on);
-- The firm's staff by name (whom a conversation can be given to), among every client's people.
CREATE INDEX users_staff ON users (name, id) WHERE role IN ('staff', 'admin');
