// Store, sinks and the facts JSON contract, against temporary databases with facts built here.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "store/fact_json.h"
#include "store/sink.h"
#include "store/store.h"

namespace {
using namespace quarry;
using namespace quarry::store;
namespace fs = std::filesystem;

struct TempDb {
  std::string path;
  TempDb() {
    path = (fs::temp_directory_path() / ("quarry_store_test_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(counter++) + ".db")).string();
    Remove();
  }
  ~TempDb() { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  }
  static inline int counter = 0;
};

Fact MakeFact(const std::string& doc, const std::string& type, const std::string& subject, Decimal value,
              uint64_t b, uint64_t e) {
  Fact f;
  f.doc = doc;
  f.type = type;
  f.subject = subject;
  f.value = value;
  f.unit = "vehicle";
  f.period = "2025-11";
  f.span = RawSpan(b, e);
  f.sentence = RawSpan(0, 50);
  f.evidence = "HIMA delivered 81,864 vehicles in November.";
  f.rule = "auto/volumes.rules:38 deliveries.verb";
  f.grammar_version = "g1";
  return f;
}

DocumentRecord MakeDoc(const std::string& id, const std::string& raw, const std::string& gv = "g1") {
  DocumentRecord d;
  d.doc_id = id;
  d.content_hash = ContentHash(raw);
  d.bytes = raw.size();
  d.grammar_version = gv;
  return d;
}

std::vector<std::string> Column(Store& s, const std::string& sql, std::vector<std::string> params = {}) {
  std::vector<std::string> out;
  std::string err;
  REQUIRE(s.QueryColumn(sql, params, &out, &err));
  return out;
}

}  // namespace

TEST_CASE("ContentHash is SHA-256") {
  CHECK(ContentHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(ContentHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Two-block message (padding spills into a second block).
  CHECK(ContentHash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Open creates the schema at the latest version, in WAL mode") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  CHECK(s->SchemaVersion() == Store::LatestSchemaVersion());
  CHECK(Store::LatestSchemaVersion() >= 2);
  CHECK(Column(*s, "PRAGMA journal_mode") == std::vector<std::string>{"wal"});
  for (const char* table : {"documents", "facts", "runs", "entities", "sentences", "rules", "grammar_versions",
                            "sentences_fts", "fts_indexed", "facts_v"})
    CHECK(Column(*s, "SELECT count(*) FROM sqlite_master WHERE name = ?", {table}) == std::vector<std::string>{"1"});
  s.reset();
  // Reopening an up-to-date database changes nothing.
  auto again = Store::Open(t.path, &err);
  REQUIRE(again);
  CHECK(again->SchemaVersion() == Store::LatestSchemaVersion());
}

TEST_CASE("PutDocument stores a document once, replaces its facts on a new grammar version") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  int64_t run = 0;
  REQUIRE(s->StartRun({"0.1", "g1", "extract", "{}"}, &run, &err));
  std::vector<Fact> facts = {MakeFact("d1", "deliveries", "HIMA", Decimal(81864), 15, 21),
                             MakeFact("d1", "yoy_pct", "AITO", Decimal(12793, -2), 30, 37)};
  PutResult r;
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d1", "raw one"), facts, run, false, &r, &err));
  CHECK(r == PutResult::kInserted);
  // Same bytes under another id, same grammar: a duplicate.
  REQUIRE(s->PutDocument(MakeDoc("d1-copy", "raw one"), facts, run, false, &r, &err));
  CHECK(r == PutResult::kSkipped);
  REQUIRE(s->Commit(&err));
  CHECK(Column(*s, "SELECT count(*) FROM documents") == std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT value FROM facts ORDER BY id") == std::vector<std::string>{"81864", "127.93"});
  // Both facts come from one sentence: it is stored once. The index gets it at the end of the run.
  CHECK(Column(*s, "SELECT count(*) FROM sentences") == std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT count(DISTINCT sentence_id) FROM facts") == std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'delivered'") ==
        std::vector<std::string>{"0"});
  REQUIRE(s->FinishRun(run, RunCounts{}, &err));
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'delivered'") ==
        std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT name FROM entities ORDER BY name") == std::vector<std::string>{"AITO", "HIMA"});
  CHECK(Column(*s, "SELECT doc_id || ' ' || type || ' ' || value FROM facts_v ORDER BY fact_id") ==
        std::vector<std::string>{"d1 deliveries 81864", "d1 yoy_pct 127.93"});

  // New grammar version: the facts are replaced as a unit, the row is kept.
  std::vector<Fact> v2 = {MakeFact("d1", "deliveries", "HIMA", Decimal(81864), 15, 21)};
  v2[0].grammar_version = "g2";
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d1", "raw one", "g2"), v2, run, false, &r, &err));
  REQUIRE(s->Commit(&err));
  CHECK(r == PutResult::kReplaced);
  CHECK(Column(*s, "SELECT count(*) FROM documents") == std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT g.version FROM facts f JOIN grammar_versions g ON g.id = f.grammar_version_id") ==
        std::vector<std::string>{"g2"});
  // The replaced sentence left the index with its row; the new one is indexed by IndexSentences.
  CHECK(Column(*s, "SELECT count(*) FROM sentences") == std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'delivered'") ==
        std::vector<std::string>{"0"});
  int64_t unindexed = 0;
  REQUIRE(s->UnindexedSentences(&unindexed, &err));
  CHECK(unindexed == 1);
  REQUIRE(s->IndexSentences(&err));
  REQUIRE(s->UnindexedSentences(&unindexed, &err));
  CHECK(unindexed == 0);
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'delivered'") ==
        std::vector<std::string>{"1"});
  CHECK(Column(*s, "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)").empty());
  CHECK(s->IntegrityOk(&err));
  CHECK(Column(*s, "PRAGMA foreign_key_check").empty());  // the writer does not enforce them: it must keep them
}

TEST_CASE("Sentences, rules and grammar versions are stored once and read back through facts_v") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  int64_t run = 0;
  REQUIRE(s->StartRun({"0.1", "g1", "extract", "{}"}, &run, &err));
  // d1: two facts of one sentence, one of another sentence whose text is a window of a long
  // sentence (two figures of it, two texts), and one with no evidence (as `load` may store).
  std::vector<Fact> facts = {MakeFact("d1", "deliveries", "HIMA", Decimal(81864), 15, 21),
                             MakeFact("d1", "yoy_pct", "HIMA", Decimal(12793, -2), 30, 37),
                             MakeFact("d1", "deliveries", "AITO", Decimal(18827), 60, 66),
                             MakeFact("d1", "deliveries", "Luxeed", Decimal(11761), 3060, 3066),
                             MakeFact("d1", "deliveries", "Stelato", Decimal(6708), 90, 94)};
  for (auto* f : {&facts[2], &facts[3]}) f->sentence = RawSpan(51, 5000);
  facts[2].evidence = "AITO alone accounted for 18,827 units \u2026";
  facts[3].evidence = "\u2026 Luxeed added 11,761 units.";
  facts[3].rule = "table.cell";
  facts[4].evidence.clear();
  PutResult r;
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d1", "raw one"), facts, run, false, &r, &err));
  REQUIRE(s->PutDocument(MakeDoc("d2", "raw two"), {MakeFact("d2", "deliveries", "HIMA", Decimal(1), 0, 1)}, run,
                         false, &r, &err));
  REQUIRE(s->Commit(&err));
  REQUIRE(s->FinishRun(run, RunCounts{}, &err));
  CHECK(Column(*s, "SELECT count(*) FROM sentences") == std::vector<std::string>{"4"});
  CHECK(Column(*s, "SELECT rule FROM rules ORDER BY id") ==
        std::vector<std::string>{"auto/volumes.rules:38 deliveries.verb", "table.cell"});
  CHECK(Column(*s, "SELECT version FROM grammar_versions") == std::vector<std::string>{"g1"});
  CHECK(Column(*s, "SELECT coalesce(evidence, 'NULL') || ' | ' || rule FROM facts_v ORDER BY fact_id") ==
        std::vector<std::string>{
            "HIMA delivered 81,864 vehicles in November. | auto/volumes.rules:38 deliveries.verb",
            "HIMA delivered 81,864 vehicles in November. | auto/volumes.rules:38 deliveries.verb",
            "AITO alone accounted for 18,827 units \u2026 | auto/volumes.rules:38 deliveries.verb",
            "\u2026 Luxeed added 11,761 units. | table.cell",
            "NULL | auto/volumes.rules:38 deliveries.verb",
            "HIMA delivered 81,864 vehicles in November. | auto/volumes.rules:38 deliveries.verb"});
  CHECK(Column(*s, "SELECT f.document_id || ':' || s.sentence_begin || '-' || s.sentence_end FROM sentences_fts "
                   "JOIN sentences s ON s.id = sentences_fts.rowid JOIN facts f ON f.sentence_id = s.id "
                   "WHERE sentences_fts MATCH 'luxeed'") == std::vector<std::string>{"1:51-5000"});
  // Another connection interns nothing twice.
  s.reset();
  s = Store::Open(t.path, &err);
  REQUIRE(s);
  REQUIRE(s->StartRun({"0.1", "g1", "extract", "{}"}, &run, &err));
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d3", "raw three"), facts, run, false, &r, &err));
  REQUIRE(s->Commit(&err));
  CHECK(Column(*s, "SELECT count(*) FROM rules") == std::vector<std::string>{"2"});
  CHECK(Column(*s, "SELECT count(*) FROM grammar_versions") == std::vector<std::string>{"1"});
  CHECK(Column(*s, "PRAGMA foreign_key_check").empty());
}

// Note [Indexing sentences] in store.cc: a run killed before FinishRun leaves its sentences out of
// the index and nothing else; ids are never reused below the indexed mark, so what the next run
// indexes is exactly what is missing.
TEST_CASE("Sentences a killed run left unindexed are indexed by the next run, ids never reused") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  int64_t run = 0;
  PutResult r;
  REQUIRE(s->StartRun({"0.1", "g1", "extract", "{}"}, &run, &err));
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d1", "raw one"), {MakeFact("d1", "deliveries", "HIMA", Decimal(1), 0, 1)}, run,
                         false, &r, &err));
  REQUIRE(s->Commit(&err));
  REQUIRE(s->FinishRun(run, RunCounts{}, &err));
  // The top sentence is replaced (a new grammar): a new sentence must get a new id above it.
  REQUIRE(s->Begin(&err));
  auto f2 = MakeFact("d1", "deliveries", "HIMA", Decimal(1), 0, 1);
  f2.evidence = "HIMA delivered one vehicle.";
  REQUIRE(s->PutDocument(MakeDoc("d1", "raw one", "g2"), {f2}, run, false, &r, &err));
  REQUIRE(s->Commit(&err));
  CHECK(Column(*s, "SELECT id FROM sentences") == std::vector<std::string>{"2"});
  // Killed here: no FinishRun. Nothing is lost; the index lags by one sentence.
  s.reset();
  s = Store::Open(t.path, &err);
  REQUIRE(s);
  int64_t unindexed = 0;
  REQUIRE(s->UnindexedSentences(&unindexed, &err));
  CHECK(unindexed == 1);
  CHECK(Column(*s, "SELECT count(*) FROM facts_v WHERE evidence = 'HIMA delivered one vehicle.'") ==
        std::vector<std::string>{"1"});
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'one'").front() == "0");
  REQUIRE(s->StartRun({"0.1", "g2", "extract", "{}"}, &run, &err));
  REQUIRE(s->FinishRun(run, RunCounts{}, &err));
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'one'").front() == "1");
  CHECK(Column(*s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'november'").front() == "0");
  CHECK(Column(*s, "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)").empty());
}

TEST_CASE("A rolled-back batch leaves nothing behind") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  PutResult r;
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d1", "x"), {MakeFact("d1", "deliveries", "NIO", Decimal(36275), 0, 6)}, 0,
                         false, &r, &err));
  s->Rollback();
  CHECK(Column(*s, "SELECT count(*) FROM documents") == std::vector<std::string>{"0"});
  CHECK(Column(*s, "SELECT count(*) FROM facts") == std::vector<std::string>{"0"});
}

TEST_CASE("Entities are written once per name, and a rolled-back batch does not hide a name") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  PutResult r;
  // The first batch names NIO and is rolled back: the store must not remember NIO as written.
  REQUIRE(s->Begin(&err));
  REQUIRE(s->PutDocument(MakeDoc("d1", "x"), {MakeFact("d1", "deliveries", "NIO", Decimal(1), 0, 1)}, 0, false,
                         &r, &err));
  s->Rollback();
  CHECK(Column(*s, "SELECT count(*) FROM entities") == std::vector<std::string>{"0"});
  REQUIRE(s->Begin(&err));
  Fact stake = MakeFact("d2", "stake_pct", "Dongfeng", Decimal(41), 0, 3);
  stake.object = "NIO";
  REQUIRE(s->PutDocument(MakeDoc("d2", "y"), {MakeFact("d2", "deliveries", "NIO", Decimal(2), 0, 1), stake}, 0,
                         false, &r, &err));
  REQUIRE(s->PutDocument(MakeDoc("d3", "z"), {MakeFact("d3", "deliveries", "NIO", Decimal(3), 0, 1)}, 0, false,
                         &r, &err));
  REQUIRE(s->Commit(&err));
  CHECK(Column(*s, "SELECT name FROM entities ORDER BY name") == std::vector<std::string>{"Dongfeng", "NIO"});
}

TEST_CASE("replace_by_doc_id replaces a document whose facts changed (quarry load)") {
  TempDb t;
  std::string err;
  auto s = Store::Open(t.path, &err);
  REQUIRE(s);
  SqliteSink sink(s.get(), 0, /*replace_by_doc_id=*/true);
  PutResult r;
  REQUIRE(sink.Put(MakeDoc("d1", "facts v1"), {MakeFact("d1", "deliveries", "NIO", Decimal(1), 0, 1)}, &r, &err));
  REQUIRE(sink.Flush(&err));
  REQUIRE(sink.Put(MakeDoc("d1", "facts v2"), {MakeFact("d1", "deliveries", "NIO", Decimal(2), 0, 1)}, &r, &err));
  REQUIRE(sink.Flush(&err));
  CHECK(r == PutResult::kReplaced);
  CHECK(Column(*s, "SELECT value FROM facts") == std::vector<std::string>{"2"});
  CHECK(Column(*s, "SELECT count(*) FROM documents") == std::vector<std::string>{"1"});
}

TEST_CASE("Fact JSON: contract fields in order, exact decimals both ways") {
  Fact f = MakeFact("doc \"1\"", "yoy_pct", "AITO", Decimal(-3407, -2), 10, 17);
  f.qualifiers = {"record", "new-high"};
  std::string line;
  AppendFactJson(f, &line);
  CHECK(line ==
        "{\"doc\":\"doc \\\"1\\\"\",\"type\":\"yoy_pct\",\"subject\":\"AITO\",\"object\":null,\"value\":-34.07,"
        "\"unit\":\"vehicle\",\"scope\":\"\",\"period\":\"2025-11\",\"approx\":\"=\",\"modality\":\"actual\","
        "\"qualifiers\":[\"record\",\"new-high\"],\"span\":[10,17],\"sentence\":[0,50],"
        "\"evidence\":\"HIMA delivered 81,864 vehicles in November.\","
        "\"rule\":\"auto/volumes.rules:38 deliveries.verb\"}");
  Fact back;
  std::string err;
  REQUIRE(ParseFactJson(line, &back, &err));
  CHECK(back.doc == f.doc);
  CHECK(back.value.ToString() == "-34.07");
  CHECK(back.object.empty());
  CHECK(back.qualifiers == f.qualifiers);
  CHECK(back.span == f.span);
  CHECK(back.sentence == f.sentence);
  // A value no double holds exactly survives the round trip digit for digit.
  Fact big = f;
  big.value = *Decimal::Parse("123456789012345.67");
  line.clear();
  AppendFactJson(big, &line);
  REQUIRE(ParseFactJson(line, &back, &err));
  CHECK(back.value.ToString() == "123456789012345.67");
  // Invalid UTF-8 in an id still gives valid JSON.
  Fact bad = f;
  bad.doc = std::string("a\xff") + "b";
  line.clear();
  AppendFactJson(bad, &line);
  CHECK(line.find("a\\ufffdb") != std::string::npos);
}

TEST_CASE("Fact JSON: a location travels as a qualifier, the field list stays the contract's") {
  Fact f = MakeFact("d", "outlets", "Leapmotor International", Decimal(36), 10, 12);
  f.qualifiers = {"record"};
  f.location = "Brazil";
  std::string line;
  AppendFactJson(f, &line);
  CHECK(line.find("\"qualifiers\":[\"record\",\"location:Brazil\"]") != std::string::npos);
  CHECK(line.find("\"location\":") == std::string::npos);
  Fact back;
  std::string err;
  REQUIRE(ParseFactJson(line, &back, &err));
  CHECK(back.location == "Brazil");
  CHECK(back.qualifiers == std::vector<std::string>{"record"});
  // Without other qualifiers the array holds only the location.
  f.qualifiers.clear();
  line.clear();
  AppendFactJson(f, &line);
  CHECK(line.find("\"qualifiers\":[\"location:Brazil\"]") != std::string::npos);
}

TEST_CASE("ParseFactJson rejects broken lines with a reason") {
  Fact f;
  std::string err;
  CHECK_FALSE(ParseFactJson("{\"doc\":\"d\"", &f, &err));
  CHECK_FALSE(err.empty());
  CHECK_FALSE(ParseFactJson("{\"doc\":\"d\",\"type\":\"t\",\"subject\":\"s\",\"value\":1e5,\"span\":[0,1],"
                            "\"sentence\":[0,1]}", &f, &err));
  CHECK(err.find("value") != std::string::npos);
  CHECK_FALSE(ParseFactJson("{\"doc\":\"d\",\"type\":\"t\",\"subject\":\"s\",\"value\":1,\"span\":[5,1],"
                            "\"sentence\":[0,1]}", &f, &err));
  CHECK(ParseFactJson("{\"doc\":\"d\",\"type\":\"t\",\"subject\":\"s\",\"value\":\"12.5\",\"span\":[0,1],"
                      "\"sentence\":[0,1]}", &f, &err));
  CHECK(f.value.ToString() == "12.5");
}

TEST_CASE("JsonlSink prints facts and skips repeated content") {
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* mem = open_memstream(&buf, &size);
  REQUIRE(mem);
  {
    JsonlSink sink(mem);
    std::string err;
    PutResult r;
    REQUIRE(sink.Put(MakeDoc("d1", "same"), {MakeFact("d1", "deliveries", "NIO", Decimal(5), 0, 1)}, &r, &err));
    CHECK(r == PutResult::kInserted);
    REQUIRE(sink.Put(MakeDoc("d2", "same"), {MakeFact("d2", "deliveries", "NIO", Decimal(5), 0, 1)}, &r, &err));
    CHECK(r == PutResult::kSkipped);
    REQUIRE(sink.Flush(&err));
  }
  std::fclose(mem);
  std::string out(buf, size);
  std::free(buf);
  CHECK(out.find("\"doc\":\"d1\"") != std::string::npos);
  CHECK(out.find("\"doc\":\"d2\"") == std::string::npos);
}
