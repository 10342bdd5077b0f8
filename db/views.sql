-- Friendly views over the quarry schema (facts_v is in schema.sql), for users of sqlite3,
-- Datasette or pandas: readable column names, one row per thing, no joins to write.
-- Values stay exact decimal TEXT: cast with care (CAST(value AS REAL) is for plotting only).
-- A fact's evidence text is a row of `sentences` (migration 6), joined here by sentence_id.

-- One row per source document with its fact count.
CREATE VIEW IF NOT EXISTS documents_v AS
SELECT d.doc_id     AS doc_id,
       d.url        AS url,
       d.title      AS title,
       d.published  AS published,
       d.status     AS status,
       d.error      AS error,
       d.bytes      AS bytes,
       d.charset    AS charset,
       d.source_file AS source_file,
       (SELECT count(*) FROM facts f WHERE f.document_id = d.id) AS facts
FROM documents d;

-- Monthly actual figures (deliveries, sales, production, exports, orders, ...; not percentages,
-- which are in changes_v): the long-format dataset most analyses start from. period is YYYY-MM
-- with a known year.
CREATE VIEW IF NOT EXISTS monthly_v AS
SELECT f.subject AS subject, f.type AS type, f.scope AS scope, f.period AS period, f.value AS value,
       f.unit AS unit, f.approx AS approx, d.doc_id AS doc_id, d.url AS url, d.published AS published,
       s.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id
WHERE f.modality = 'actual' AND (f.object IS NULL OR f.object = '')
  AND f.period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
  AND f.type NOT LIKE '%\_pct' ESCAPE '\' AND coalesce(f.unit, '') NOT IN ('pct', 'pp');

-- Year-on-year and month-on-month changes in percent (signed: down 34.07% is -34.07).
CREATE VIEW IF NOT EXISTS changes_v AS
SELECT f.subject AS subject,
       CASE f.type WHEN 'yoy_pct' THEN 'yoy' WHEN 'mom_pct' THEN 'mom' ELSE 'qoq' END AS basis,
       f.scope AS scope, f.period AS period, f.value AS change_pct, f.approx AS approx, d.doc_id AS doc_id,
       d.url AS url, s.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id
WHERE f.type IN ('yoy_pct', 'mom_pct', 'qoq_pct');

-- Shareholdings: who holds what percentage of which company.
CREATE VIEW IF NOT EXISTS stakes_v AS
SELECT f.subject AS holder, f.object AS company, f.value AS stake_pct, f.approx AS approx,
       f.period AS period, f.modality AS modality, d.doc_id AS doc_id, d.url AS url,
       s.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id
WHERE f.type = 'stake_pct';

-- Targets, plans and forecasts, apart from actual figures.
CREATE VIEW IF NOT EXISTS targets_v AS
SELECT f.subject AS subject, f.type AS type, f.scope AS scope, f.modality AS modality, f.period AS period,
       f.value AS value, f.unit AS unit, f.approx AS approx, d.doc_id AS doc_id, d.url AS url,
       s.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id
WHERE f.modality <> 'actual' OR f.type = 'target';

-- Extraction runs, newest first.
CREATE VIEW IF NOT EXISTS runs_v AS
SELECT id AS run_id, started_at, finished_at, quarry_version, grammar_version, documents, skipped,
       errors, facts, seconds
FROM runs ORDER BY id DESC;
