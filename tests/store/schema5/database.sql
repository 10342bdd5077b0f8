-- A database at schema version 5 (before the slim store, migration 6) as quarry 0.1.0 at commit
-- ab78deb wrote it, dumped with sqlite3 .dump: tests/store/schema5/*.txt (articles written for
-- this test, figures invented) extracted, stake.txt extracted again with --force (its facts and
-- FTS rows replaced), and loaded.jsonl loaded (a fact with no evidence). The runs' host and pid
-- were cleared. facts.jsonl is what that quarry's `facts --format jsonl` printed for it.
PRAGMA user_version = 5;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE runs (
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
, command TEXT, status TEXT, replaced INTEGER DEFAULT 0, bytes INTEGER DEFAULT 0, sqlite_seconds REAL, pid INTEGER, host TEXT, unread_figures INTEGER);
INSERT INTO runs VALUES(1,'2026-12-07T15:21:07.590Z','2026-12-07T15:21:07.646Z','0.1.0','4c7081ef78e42857-21d90a59656aa1c5','{"batch":10000,"exclude":[],"fields":{"date":"published","html":"html","id":"id","text":"text","title":"title","url":"url"},"force":false,"force_published":false,"format":"sqlite","include":[],"inputs":["docs"],"jobs":2,"max_decompressed_bytes":68719476736,"max_document_bytes":8388608,"max_header_line":65536,"max_ratio":200}',3,0,0,11,0.14595800899999999966,'extract','done',0,1048,0.0008076749999999999945,NULL,'fixture',1);
INSERT INTO runs VALUES(2,'2026-12-07T15:21:08.485Z','2026-12-07T15:21:08.640Z','0.1.0','4c7081ef78e42857-21d90a59656aa1c5','{"batch":10000,"exclude":[],"fields":{"date":"published","html":"html","id":"id","text":"text","title":"title","url":"url"},"force":true,"force_published":false,"format":"sqlite","include":[],"inputs":["docs/stake.txt"],"jobs":2,"max_decompressed_bytes":68719476736,"max_document_bytes":8388608,"max_header_line":65536,"max_ratio":200}',1,0,0,2,0.16613976199999999638,'extract','done',1,274,0.0012231450000000001349,NULL,'fixture',0);
INSERT INTO runs VALUES(3,'2026-12-07T15:21:13.692Z','2026-12-07T15:21:13.729Z','0.1.0','loaded','{"batch":10000,"inputs":["loaded.jsonl"]}',1,0,0,2,0.047759891999999998235,'load','done',0,546,0.00080257599999999994049,NULL,'fixture',0);
CREATE TABLE documents (
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
, unread_figures INTEGER);
INSERT INTO documents VALUES(1,'docs/byd-november.txt','https://example.com/tests/byd-november','BYD sells 480,300 NEVs in November','2025-12-02','4e12b7261a98bf11bce323ec280ae5c5d005e158e9f17c93e1346e0131ab4ed3','docs/byd-november.txt',0,348,NULL,'done',NULL,'4c7081ef78e42857-21d90a59656aa1c5',1,0);
INSERT INTO documents VALUES(2,'docs/nio-november.txt','https://example.com/tests/nio-november','NIO delivers 41,250 vehicles in November','2025-12-01','d96f883c458f24ba530e3e773cb90aac4a0bc2a4b9180b619e8c8c7bcf58d433','docs/nio-november.txt',0,426,NULL,'done',NULL,'4c7081ef78e42857-21d90a59656aa1c5',1,1);
INSERT INTO documents VALUES(3,'docs/stake.txt','https://example.com/tests/stake','Stellantis keeps its Leapmotor stake','2025-11-20','7cf7d12c33326aff7c9a2b2fdbe3e2f9d2f11d5b46246b8f3a0d207e13fcb388','docs/stake.txt',0,274,NULL,'done',NULL,'4c7081ef78e42857-21d90a59656aa1c5',2,0);
INSERT INTO documents VALUES(4,'loaded/xpeng-2025-11',NULL,NULL,NULL,'4351c3cae086cfff2d9586c7d87f5c8bbe6335371ae5f6f6c23054ca6aab3a94','loaded.jsonl',0,546,NULL,'done',NULL,'loaded',3,NULL);
CREATE TABLE facts (
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
  evidence        TEXT,
  rule            TEXT NOT NULL,
  grammar_version TEXT NOT NULL,
  also_at         TEXT              -- JSON array of further [begin, end) spans
, scope TEXT NOT NULL DEFAULT '');
INSERT INTO facts VALUES(1,1,'sales','BYD',NULL,NULL,'480300','vehicle','2025-11','=',0,'actual',NULL,126,133,116,150,'BYD sells 480,300 NEVs in November','auto/volumes.rules:99 sales.subject_verb','4c7081ef78e42857-21d90a59656aa1c5','[[161,168]]','');
INSERT INTO facts VALUES(2,1,'yoy_pct','BYD',NULL,NULL,'-3.4','pct','2025-11','=',-1,'actual',NULL,207,211,152,225,'BYD sold 480,300 new energy vehicles in November, down 3.4% year-on-year.','auto/changes.rules:8 changes.yoy','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(3,1,'exports','BYD',NULL,NULL,'131900','vehicle','2025-11','=',0,'actual',NULL,247,254,227,273,'Overseas sales were 131,900 units in November.','auto/volumes.rules:217 exports.noun_reached','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(4,1,'sales','BYD',NULL,NULL,'230500','vehicle','2025-11','=',0,'actual',NULL,304,311,275,347,'Its passenger BEV sales were 230,500 units and PHEV sales 241,800 units.','auto/volumes.rules:155 sales.noun_reached','4c7081ef78e42857-21d90a59656aa1c5',NULL,'passenger/BEV');
INSERT INTO facts VALUES(5,1,'sales','BYD',NULL,NULL,'241800','vehicle','2025-11','=',0,'actual',NULL,333,340,275,347,'Its passenger BEV sales were 230,500 units and PHEV sales 241,800 units.','auto/frames.rules:22 frame.sales','4c7081ef78e42857-21d90a59656aa1c5',NULL,'PHEV');
INSERT INTO facts VALUES(6,2,'deliveries','NIO',NULL,NULL,'41250','vehicle','2025-11','=',0,'actual',NULL,135,141,122,162,'NIO delivers 41,250 vehicles in November','auto/volumes.rules:8 deliveries.subject_verb','4c7081ef78e42857-21d90a59656aa1c5','[[178,184]]','');
INSERT INTO facts VALUES(7,2,'yoy_pct','NIO',NULL,NULL,'18.5','pct','2025-11','=',-1,'actual',NULL,210,215,164,256,'NIO delivered 41,250 vehicles in November, up 18.5% year-on-year and down 2.1% from October.','auto/changes.rules:8 changes.yoy','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(8,2,'mom_pct','NIO',NULL,NULL,'-2.1','pct','2025-11','=',-1,'actual',NULL,238,242,164,256,'NIO delivered 41,250 vehicles in November, up 18.5% year-on-year and down 2.1% from October.','auto/changes.rules:36 changes.mom_from_month','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(9,2,'cumulative','NIO',NULL,NULL,'312400','vehicle','2025-01..2025-11','=',0,'actual',NULL,383,390,353,425,'Cumulative deliveries reached 312,400 vehicles from January to November.','auto/volumes.rules:308 cumulative.noun','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(10,3,'stake_pct','Stellantis','Leapmotor',NULL,'21','pct',NULL,'~',0,'actual',NULL,172,175,149,213,'Stellantis holds about 21% of Leapmotor, the two companies said.','auto/stakes.rules:24 stakes.owns_pct_of','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(11,3,'deliveries','Leapmotor',NULL,NULL,'70100','vehicle','2025-11','=',0,'actual','record',235,241,215,273,'Leapmotor delivered 70,100 vehicles in November, a record.','auto/volumes.rules:31 deliveries.subject_verb_record_after','4c7081ef78e42857-21d90a59656aa1c5',NULL,'');
INSERT INTO facts VALUES(12,4,'deliveries','XPeng',NULL,NULL,'36700','vehicle','2025-11','=',0,'actual',NULL,10,16,0,40,NULL,'manual','loaded',NULL,'');
INSERT INTO facts VALUES(13,4,'yoy_pct','XPeng',NULL,NULL,'19.4','pct','2025-11','=',0,'actual',NULL,20,25,0,40,'XPeng delivered 36,700 vehicles, up 19.4%.','manual','loaded',NULL,'');
CREATE TABLE entities (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,  -- canonical name as it appears in facts.subject / facts.object
  first_run  INTEGER REFERENCES runs(id)
);
INSERT INTO entities VALUES(1,'BYD',1);
INSERT INTO entities VALUES(2,'NIO',1);
INSERT INTO entities VALUES(3,'Stellantis',1);
INSERT INTO entities VALUES(4,'Leapmotor',1);
INSERT INTO entities VALUES(5,'XPeng',3);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','sentences_fts','sentences_fts',0,'CREATE VIRTUAL TABLE sentences_fts USING fts5(
  evidence,
  document_id UNINDEXED,
  sentence_begin UNINDEXED,
  sentence_end UNINDEXED
)');
CREATE TABLE IF NOT EXISTS 'sentences_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO sentences_fts_data VALUES(1,X'0a6b000000');
INSERT INTO sentences_fts_data VALUES(10,X'000000000104040004010101020101030101040101');
INSERT INTO sentences_fts_data VALUES(137438953473,X'000003180230318880010212020230308c80010205020233318480020205020138888001020a01013288800102110201318c8000020502023330848003020702023431848003020d020235308880000205010205010133848001020c020230308480000205010205020231328880020205010134848001020d0202303088800202060201318880000204010204020238308480000204010204010135888001020b020230308480030208010237308c800102040103383030848003020e010339303084800202060101618c800102090204626f75748c8000020402026e64848003020a83ff7e020f010362657684800302040202796484800002020102020109636f6d70616e6965738c8000020a0209756d756c61746976658880020202010964656c6976657265648880010203848000020308036965738880020203080173888000020302036f776e848001020b84800002100106656e657267798480010207010466726f6d88800102130102080105686f6c64738c800002030102696e848000020701020901020883ff7e0207010207848000020702027473848003020201076a616e75617279888002020901096c6561706d6f746f728c8000020701020201046e657673848000020603017784800102060202696f888000020201020202076f76656d626572848000020801020a01020983ff7e020801020801020b83ff7f020801076f63746f62657288800102140201668c8000020602016e848001020f848000020d0207766572736561738480020202010970617373656e67657284800302030203686576848003020b01077265616368656488800202040304636f72648c8001020a0104736169648c8000020b03036c65738480020203010405090204656c6c73848000020302036f6c648480010203020974656c6c616e7469738c8000020201037468658c8000020802016f888002020a0202776f8c800002090105756e6974738480020207010409080201708880010209010876656869636c6573848001020883ff7f020601020601020783ff7f02060104776572658480020204010206010479656172848001040e04848000040c040408090908080809090c080c0908090b0c0809090a0a080b0e0a0c1010150a080f0d0e0c1c090e130b080c240e080d0e100a0e0b0b0e0b0a100a080910081f0e');
INSERT INTO sentences_fts_data VALUES(274877906945,X'000000ca04303130308c800101010232318c800001010237308c8001010101618c8001010204626f75748c8000010109636f6d70616e6965738c800001010964656c6976657265648c8001010105686f6c64738c8000010102696e8c80010101096c6561706d6f746f728c800001010101086e6f76656d6265728c80010101026f668c80000101067265636f72648c8001010104736169648c800001020974656c6c616e7469738c80000101037468658c8000010202776f8c800001010876656869636c65738c80010104090808070a0f0f0b08110e080c0a0f0908');
INSERT INTO sentences_fts_data VALUES(412316860417,X'000000dd04303130308c80010205010232318c80000205010237308c800102040101618c800102090204626f75748c800002040109636f6d70616e6965738c8000020a010964656c6976657265648c800102030105686f6c64738c800002030102696e8c8001020701096c6561706d6f746f728c8000020701020201086e6f76656d6265728c8001020801026f668c8000020601067265636f72648c8001020a0104736169648c8000020b020974656c6c616e7469738c8000020201037468658c800002080202776f8c80000209010876656869636c65738c80010206040a0909080b10100c09130f090d0b100a09');
INSERT INTO sentences_fts_data VALUES(549755813889,X'0000005c033031399080000208010233369080000204010134908000020901033730309080000205010964656c6976657265649080000203010275709080000207010876656869636c6573908000020601057870656e679080000202040909080a10090f');
CREATE TABLE IF NOT EXISTS 'sentences_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO sentences_fts_idx VALUES(1,X'',2);
INSERT INTO sentences_fts_idx VALUES(2,X'',2);
INSERT INTO sentences_fts_idx VALUES(3,X'',2);
INSERT INTO sentences_fts_idx VALUES(4,X'',2);
CREATE TABLE IF NOT EXISTS 'sentences_fts_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3);
INSERT INTO sentences_fts_content VALUES(65536,'BYD sells 480,300 NEVs in November',1,116,150);
INSERT INTO sentences_fts_content VALUES(65537,'BYD sold 480,300 new energy vehicles in November, down 3.4% year-on-year.',1,152,225);
INSERT INTO sentences_fts_content VALUES(65538,'Overseas sales were 131,900 units in November.',1,227,273);
INSERT INTO sentences_fts_content VALUES(65539,'Its passenger BEV sales were 230,500 units and PHEV sales 241,800 units.',1,275,347);
INSERT INTO sentences_fts_content VALUES(131072,'NIO delivers 41,250 vehicles in November',2,122,162);
INSERT INTO sentences_fts_content VALUES(131073,'NIO delivered 41,250 vehicles in November, up 18.5% year-on-year and down 2.1% from October.',2,164,256);
INSERT INTO sentences_fts_content VALUES(131074,'Cumulative deliveries reached 312,400 vehicles from January to November.',2,353,425);
INSERT INTO sentences_fts_content VALUES(196608,'Stellantis holds about 21% of Leapmotor, the two companies said.',3,149,213);
INSERT INTO sentences_fts_content VALUES(196609,'Leapmotor delivered 70,100 vehicles in November, a record.',3,215,273);
INSERT INTO sentences_fts_content VALUES(262144,'XPeng delivered 36,700 vehicles, up 19.4%.',4,0,40);
CREATE TABLE IF NOT EXISTS 'sentences_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO sentences_fts_docsize VALUES(65536,X'07000000');
INSERT INTO sentences_fts_docsize VALUES(65537,X'0f000000');
INSERT INTO sentences_fts_docsize VALUES(65538,X'08000000');
INSERT INTO sentences_fts_docsize VALUES(65539,X'0e000000');
INSERT INTO sentences_fts_docsize VALUES(131072,X'07000000');
INSERT INTO sentences_fts_docsize VALUES(131073,X'13000000');
INSERT INTO sentences_fts_docsize VALUES(131074,X'0a000000');
INSERT INTO sentences_fts_docsize VALUES(196608,X'0a000000');
INSERT INTO sentences_fts_docsize VALUES(196609,X'09000000');
INSERT INTO sentences_fts_docsize VALUES(262144,X'08000000');
CREATE TABLE IF NOT EXISTS 'sentences_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO sentences_fts_config VALUES('version',4);
CREATE INDEX documents_doc_id ON documents(doc_id);
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
CREATE VIEW documents_v AS
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
CREATE VIEW monthly_v AS
SELECT f.subject AS subject, f.type AS type, f.scope AS scope, f.period AS period, f.value AS value,
       f.unit AS unit, f.approx AS approx, d.doc_id AS doc_id, d.url AS url, d.published AS published,
       f.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id
WHERE f.modality = 'actual' AND (f.object IS NULL OR f.object = '')
  AND f.period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
  AND f.type NOT LIKE '%\_pct' ESCAPE '\' AND coalesce(f.unit, '') NOT IN ('pct', 'pp');
CREATE VIEW changes_v AS
SELECT f.subject AS subject,
       CASE f.type WHEN 'yoy_pct' THEN 'yoy' WHEN 'mom_pct' THEN 'mom' ELSE 'qoq' END AS basis,
       f.scope AS scope, f.period AS period, f.value AS change_pct, f.approx AS approx, d.doc_id AS doc_id,
       d.url AS url, f.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id
WHERE f.type IN ('yoy_pct', 'mom_pct', 'qoq_pct');
CREATE VIEW stakes_v AS
SELECT f.subject AS holder, f.object AS company, f.value AS stake_pct, f.approx AS approx,
       f.period AS period, f.modality AS modality, d.doc_id AS doc_id, d.url AS url,
       f.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id
WHERE f.type = 'stake_pct';
CREATE VIEW targets_v AS
SELECT f.subject AS subject, f.type AS type, f.scope AS scope, f.modality AS modality, f.period AS period,
       f.value AS value, f.unit AS unit, f.approx AS approx, d.doc_id AS doc_id, d.url AS url,
       f.evidence AS evidence, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id
WHERE f.modality <> 'actual' OR f.type = 'target';
CREATE VIEW runs_v AS
SELECT id AS run_id, started_at, finished_at, quarry_version, grammar_version, documents, skipped,
       errors, facts, seconds
FROM runs ORDER BY id DESC;
PRAGMA writable_schema=OFF;
COMMIT;
