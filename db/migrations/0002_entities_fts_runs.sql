-- Migration 2: entities named by facts, a full-text index over the sentences that carried facts,
-- and run bookkeeping for batch extraction (status, bytes, replaced documents, SQLite time).

CREATE TABLE IF NOT EXISTS entities (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,  -- canonical name as it appears in facts.subject / facts.object
  first_run  INTEGER REFERENCES runs(id)
);

-- One row per (document, sentence) that produced at least one fact; rowid-independent so a
-- document's rows can be dropped when its facts are replaced.
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
  evidence,
  document_id UNINDEXED,
  sentence_begin UNINDEXED,
  sentence_end UNINDEXED
);

ALTER TABLE runs ADD COLUMN command TEXT;
ALTER TABLE runs ADD COLUMN status TEXT;          -- running | done | interrupted
ALTER TABLE runs ADD COLUMN replaced INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN bytes INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN sqlite_seconds REAL;

