-- At a firm's size (sqlite). Keep in step with ../postgres/0009_scale.sql; the actor search's
-- trigram indexes are PostgreSQL's only (SQLite reads the trail for it).
-- The staff client list pages by name: keyset on (name, id).
CREATE INDEX clients_name ON clients (name, id);
