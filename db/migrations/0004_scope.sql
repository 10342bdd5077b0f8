-- Migration 4: the scope of a fact, the part of its subject's volume it covers ("PHEV",
-- "passenger/NEV/retail"; '' = the subject as a whole), canonical as the grammar pack's schema
-- orders its dimensions. Facts stored before it are whole-subject facts. The views that show a
-- figure are recreated with it (views.sql recreates the dropped ones).

ALTER TABLE facts ADD COLUMN scope TEXT NOT NULL DEFAULT '';
DROP INDEX IF EXISTS facts_lookup;
CREATE INDEX IF NOT EXISTS facts_lookup ON facts(subject, type, period, scope);

DROP VIEW IF EXISTS facts_v;
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

DROP VIEW IF EXISTS monthly_v;
DROP VIEW IF EXISTS changes_v;
DROP VIEW IF EXISTS targets_v;
