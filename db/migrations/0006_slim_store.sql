-- Migration 6: a slim store. A fact's evidence (its sentence's text), rule id and grammar version
-- were repeated in every fact row, and every sentence was copied a second time into the
-- full-text index: about two thirds of the 276 bytes a fact took. Now:
-- - `sentences` holds each evidence text once per document, sentence span and text (a sentence
--   over 2000 bytes gives each figure the part around it, so two facts of one long sentence may
--   hold different texts); facts point to it with sentence_id (NULL: no evidence, as `load` may
--   store).
-- - `rules` and `grammar_versions` hold each rule id and grammar version once; facts point to
--   them with rule_id and grammar_version_id. The writer interns them in memory.
-- - sentences_fts indexes `sentences` as external content (FTS5 content=): the index, not a
--   second copy of the text. The writer does not index row by row: the end of every run (and
--   `query` over a database a killed run left behind) indexes the sentences above
--   fts_indexed.up_to in one statement (Note [Indexing sentences] in extractor/store/store.cc).
-- facts_v and the views in views.sql read the texts back through the ids, with the same columns.
-- facts is rebuilt (SQLite cannot drop a column that a view reads), keeping every fact's id.

CREATE TABLE sentences (
  id              INTEGER PRIMARY KEY,  -- assigned by the writer, never reused (see the Note)
  document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence_begin  INTEGER NOT NULL,     -- [sentence_begin, sentence_end): raw bytes
  sentence_end    INTEGER NOT NULL,
  evidence        TEXT NOT NULL
);

CREATE TABLE rules (
  id    INTEGER PRIMARY KEY,
  rule  TEXT NOT NULL UNIQUE        -- "file:line name", or "table.cell"
);

CREATE TABLE grammar_versions (
  id       INTEGER PRIMARY KEY,
  version  TEXT NOT NULL UNIQUE
);

-- The sentences with id <= up_to are in sentences_fts. One row.
CREATE TABLE fts_indexed (up_to INTEGER NOT NULL);

INSERT INTO sentences (document_id, sentence_begin, sentence_end, evidence)
SELECT document_id, sentence_begin, sentence_end, evidence FROM facts WHERE evidence IS NOT NULL
GROUP BY document_id, sentence_begin, sentence_end, evidence ORDER BY min(id);
INSERT INTO rules (rule) SELECT rule FROM facts GROUP BY rule ORDER BY min(id);
INSERT INTO grammar_versions (version) SELECT grammar_version FROM facts GROUP BY grammar_version ORDER BY min(id);

-- Every view that reads facts goes before facts does (a rename checks the views it would break);
-- facts_v is recreated below, the others by views.sql.
DROP VIEW IF EXISTS facts_v;
DROP VIEW IF EXISTS documents_v;
DROP VIEW IF EXISTS monthly_v;
DROP VIEW IF EXISTS changes_v;
DROP VIEW IF EXISTS stakes_v;
DROP VIEW IF EXISTS targets_v;

CREATE TABLE facts_slim (
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
  sentence_id     INTEGER REFERENCES sentences(id),  -- its evidence; NULL: none
  rule_id         INTEGER NOT NULL REFERENCES rules(id),
  grammar_version_id INTEGER NOT NULL REFERENCES grammar_versions(id),
  also_at         TEXT,            -- JSON array of further [begin, end) spans
  scope           TEXT NOT NULL DEFAULT ''
);

CREATE INDEX sentences_migrating ON sentences(document_id, sentence_begin, sentence_end);
INSERT INTO facts_slim (id, document_id, type, subject, object, location, value, unit, period, approx,
                        precision_exp, modality, qualifiers, span_begin, span_end, sentence_begin,
                        sentence_end, sentence_id, rule_id, grammar_version_id, also_at, scope)
SELECT f.id, f.document_id, f.type, f.subject, f.object, f.location, f.value, f.unit, f.period, f.approx,
       f.precision_exp, f.modality, f.qualifiers, f.span_begin, f.span_end, f.sentence_begin,
       f.sentence_end,
       (SELECT s.id FROM sentences s WHERE s.document_id = f.document_id
          AND s.sentence_begin = f.sentence_begin AND s.sentence_end = f.sentence_end
          AND s.evidence = f.evidence),
       (SELECT r.id FROM rules r WHERE r.rule = f.rule),
       (SELECT g.id FROM grammar_versions g WHERE g.version = f.grammar_version),
       f.also_at, f.scope
FROM facts f ORDER BY f.id;
DROP INDEX sentences_migrating;

DROP TABLE facts;
ALTER TABLE facts_slim RENAME TO facts;
CREATE INDEX facts_document ON facts(document_id);
CREATE INDEX facts_lookup ON facts(subject, type, period, scope);

CREATE VIEW facts_v AS
SELECT d.doc_id    AS doc_id,
       d.url       AS url,
       f.type      AS type,
       f.subject   AS subject,
       f.object    AS object,
       f.value     AS value,
       f.unit      AS unit,
       f.scope     AS scope,
       f.period    AS period,
       f.approx    AS approx,
       f.modality  AS modality,
       s.evidence  AS evidence,
       f.location  AS location,
       f.qualifiers AS qualifiers,
       d.title     AS title,
       d.published AS published,
       f.span_begin AS span_begin,
       f.span_end  AS span_end,
       r.rule      AS rule,
       f.id        AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id
LEFT JOIN sentences s ON s.id = f.sentence_id
LEFT JOIN rules r ON r.id = f.rule_id;

-- The old index held its own copy of every sentence; the new one reads them from `sentences`.
DROP TABLE sentences_fts;
CREATE VIRTUAL TABLE sentences_fts USING fts5(
  evidence,
  document_id UNINDEXED,
  sentence_begin UNINDEXED,
  sentence_end UNINDEXED,
  content='sentences',
  content_rowid='id'
);
INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');
INSERT INTO fts_indexed (up_to) SELECT coalesce(max(id), 0) FROM sentences;
