-- quarry database schema (version 1). Applied by store/ on a new database; later changes are
-- migrations in db/migrations/NNNN_name.sql, tracked with PRAGMA user_version, applied to new
-- databases too. Read the tables below with them: migration 6 (the slim store) moves a fact's
-- evidence, rule and grammar_version out of its row, into `sentences` (each evidence text once,
-- indexed by sentences_fts), `rules` and `grammar_versions`, referenced by id; facts_v still
-- shows them as readable columns.

CREATE TABLE IF NOT EXISTS runs (
  id              INTEGER PRIMARY KEY,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  quarry_version  TEXT NOT NULL,
  grammar_version TEXT NOT NULL,
  options         TEXT,            -- JSON of the command line options
  documents       INTEGER DEFAULT 0,
  skipped         INTEGER DEFAULT 0,
  errors          INTEGER DEFAULT 0,
  facts           INTEGER DEFAULT 0,
  seconds         REAL
);

CREATE TABLE IF NOT EXISTS documents (
  id              INTEGER PRIMARY KEY,
  doc_id          TEXT NOT NULL,   -- the document's own id (JSONL id, or file path)
  url             TEXT,
  title           TEXT,
  published       TEXT,
  content_hash    TEXT NOT NULL UNIQUE,  -- hash of the raw bytes: a document is stored once
  source_file     TEXT,
  source_offset   INTEGER,
  bytes           INTEGER,
  charset         TEXT,
  status          TEXT NOT NULL,   -- done | error
  error           TEXT,
  grammar_version TEXT,            -- grammar version its facts were extracted with
  run_id          INTEGER REFERENCES runs(id)
);
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents(doc_id);

CREATE TABLE IF NOT EXISTS facts (
  id              INTEGER PRIMARY KEY,
  document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  type            TEXT NOT NULL,
  subject         TEXT NOT NULL,
  object          TEXT,
  location        TEXT,
  value           TEXT NOT NULL,   -- exact decimal as text ("127.93"); never a binary float
  unit            TEXT,
  period          TEXT,
  approx          TEXT NOT NULL DEFAULT '=',
  precision_exp   INTEGER NOT NULL DEFAULT 0,
  modality        TEXT NOT NULL DEFAULT 'actual',
  qualifiers      TEXT,            -- comma-separated
  span_begin      INTEGER NOT NULL,  -- [span_begin, span_end): the figure in the raw document
  span_end        INTEGER NOT NULL,
  sentence_begin  INTEGER NOT NULL,  -- [sentence_begin, sentence_end): its sentence, raw bytes
  sentence_end    INTEGER NOT NULL,
  evidence        TEXT,            -- migration 6: sentence_id, into sentences
  rule            TEXT NOT NULL,   -- migration 6: rule_id, into rules
  grammar_version TEXT NOT NULL,   -- migration 6: grammar_version_id, into grammar_versions
  also_at         TEXT              -- JSON array of further [begin, end) spans
);
CREATE INDEX IF NOT EXISTS facts_document ON facts(document_id);
CREATE INDEX IF NOT EXISTS facts_lookup ON facts(subject, type, period);

CREATE VIEW IF NOT EXISTS facts_v AS
SELECT d.doc_id    AS doc_id,
       d.url       AS url,
       f.type      AS type,
       f.subject   AS subject,
       f.object    AS object,
       f.value     AS value,
       f.unit      AS unit,
       f.period    AS period,
       f.approx    AS approx,
       f.modality  AS modality,
       f.evidence  AS evidence,
       f.location  AS location,
       f.qualifiers AS qualifiers,
       d.title     AS title,
       d.published AS published,
       f.span_begin AS span_begin,
       f.span_end  AS span_end,
       f.rule      AS rule,
       f.id        AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id;
