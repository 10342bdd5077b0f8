// quarry verify / query / facts / series against a fixture database: the acceptance lines of
// issue 8 (statuses and exit code; read-only query; parameters are data; bad databases refused).
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "helpers.h"

using namespace quarry::testing;

namespace {

std::vector<nlohmann::json> JsonLines(const std::string& s) {
  std::vector<nlohmann::json> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

TEST_CASE("verify: confirmed, contradicted and not_found claims, in input order", "[verify]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  Write(dir / "claims.csv",
        "subject,type,period,value,url\n"
        "HIMA,deliveries,2025-11,\"81,864\",\n"                      // 2 confirmed exact
        "Hongmeng Zhixing,deliveries,2025-11,81.9K,\n"               // 3 alias, rounded
        "Leapmotor,deliveries,2025-11,70K,\n"                        // 4 rounded
        "AITO,yoy_pct,2025-11,127.9,\n"                              // 5 rounded decimal
        "AITO M7,orders,,\"over 90,000\",\n"                         // 6 bound vs bound: consistent
        "M7,orders,,\"120,000\",\n"                                  // 7 consistent with "more than 100,000"
        "AITO M7,orders,,\"under 50,000\",\n"                        // 8 contradicted
        "Leapmotor,deliveries,2025-11,\"72,000\",\n"                 // 9 contradicted
        "AITO,yoy_pct,2025-11,128.5%,\n"                             // 10 contradicted
        "NIO,deliveries,2025-11,\"36,275\",\n"                       // 11 not found
        "Leapmotor,deliveries,2025-10,\"70,289\",\n"                 // 12 not found (period)
        "Leapmotor,deliveries,,\"70,327\",\n"                        // 13 any period
        "Leapmotor,deliveries,2025-11,\"70,327\",https://example.com/hima-november-2025\n"  // 14 other source
        "Stellantis,stake_pct,,21%,\n"                               // 15 exact
        "Leapmotor,deliveries,2025,\"500,000\",\n"                   // 16 only a target: not found
        "AITO,deliveries,2025-10,\"15,080\",\n"                      // 17 vs "about 15,100": consistent
        "AITO,deliveries,2025-10,\"15,200\",\n"                      // 18 contradicted
        "Wenjie,deliveries,2025-11,about 19000,\n");                 // 19 alias + about vs exact: consistent
  auto r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " --format jsonl " + Quote(dir / "claims.csv"));
  INFO(r.err);
  CHECK(r.code == 1);
  auto lines = JsonLines(r.out);
  struct Want {
    int line;
    const char* status;
    const char* support;
  };
  const Want want[] = {
      {2, "confirmed", "exact"},     {3, "confirmed", "rounded"},  {4, "confirmed", "rounded"},
      {5, "confirmed", "rounded"},   {6, "consistent", "bound"},   {7, "consistent", "bound"},
      {8, "contradicted", ""},       {9, "contradicted", ""},      {10, "contradicted", ""},
      {11, "not_found", ""},         {12, "not_found", ""},        {13, "confirmed", "exact"},
      {14, "not_found", ""},         {15, "confirmed", "exact"},   {16, "not_found", ""},
      {17, "consistent", "approx"},  {18, "contradicted", ""},     {19, "consistent", "approx"},
  };
  REQUIRE(lines.size() == std::size(want));
  for (size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i].dump());
    CHECK(lines[i]["line"] == want[i].line);
    CHECK(lines[i]["status"] == want[i].status);
    if (*want[i].support) CHECK(lines[i]["support"] == want[i].support);
  }
  // The alias resolved to the canonical subject, with evidence from the source.
  CHECK(lines[1]["subject"] == "HIMA");
  CHECK(lines[1]["evidence"][0]["value"] == "81864");  // the exact figure is the best support
  // A contradiction carries the source's figure, sentence and document.
  const auto& c = lines[7];
  REQUIRE(c["evidence"].size() == 2);  // 70,327 and 70K both disagree with 72,000
  CHECK(c["evidence"][0]["evidence"].get<std::string>().find("70,327") != std::string::npos);
  CHECK(c["evidence"][0]["url"] == "https://example.com/leapmotor-november-2025");
  CHECK(c["claim"]["interval"] == "[71500, 72500)");  // 72,000: rounded to its last significant place
  CHECK(lines[4]["claim"]["interval"] == "(90000, +inf)");
  CHECK(r.err.find("18 claims: 6 confirmed, 4 consistent, 4 contradicted, 4 not found") != std::string::npos);
  // A contradiction's note names the figure, its document and its rule.
  CHECK(c["note"].get<std::string>().find("leapmotor-2025-11") != std::string::npos);
  CHECK(c["note"].get<std::string>().find("test.rules:7") != std::string::npos);
  // Only the target is stored for 2025: named as another modality, not used.
  CHECK(lines[14]["other_scope"].size() == 1);
  CHECK(lines[14]["note"].get<std::string>().find("another scope or modality") != std::string::npos);
}

TEST_CASE("verify: a BEV figure never contradicts a total claim; a scoped claim meets its scope", "[verify]") {
  TempDir dir;
  MakeDb(dir / "q.db",
         "INSERT INTO documents (id, doc_id, url, content_hash, status) VALUES (9, 'byd-2025-08', "
         "'https://example.com/byd', 'h9', 'done');\n"
         "INSERT INTO facts (id, document_id, type, subject, value, unit, period, approx, precision_exp, modality, "
         "span_begin, span_end, sentence_begin, sentence_end, evidence, rule, grammar_version, scope) VALUES "
         "(90, 9, 'sales', 'BYD', '199585', 'vehicle', '2025-08', '=', 0, 'actual', 0, 1, 0, 1, "
         "'BYD sold 199,585 BEVs in August.', 'test.rules:90', 'test', 'BEV');\n");
  Write(dir / "claims.csv",
        "subject,type,period,value,scope\n"
        "BYD,sales,2025-08,\"373,626\",\n"     // 2 a total: the BEV figure is no evidence
        "BYD,sales,2025-08,\"199,585\",BEV\n"  // 3 confirmed exact within its scope
        "BYD,sales,2025-08,\"150,123\",BEV\n"  // 4 contradicted within its scope
        "BYD,sales,2025-08,\"199,585\",PHEV\n");  // 5 another scope: not found
  auto r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " --format jsonl " + Quote(dir / "claims.csv"));
  INFO(r.err << r.out);
  CHECK(r.code == 1);
  auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["status"] == "not_found");
  CHECK(lines[0]["other_scope"][0]["scope"] == "BEV");
  CHECK(lines[0]["note"].get<std::string>().find("scope BEV") != std::string::npos);
  CHECK(lines[1]["status"] == "confirmed");
  CHECK(lines[1]["support"] == "exact");
  CHECK(lines[2]["status"] == "contradicted");
  CHECK(lines[3]["status"] == "not_found");
  // Unknown types and scopes are refused with the valid names (exit 2), never not_found.
  Write(dir / "bad.csv", "subject,type,period,value,scope\nBYD,sale,2025-08,1,\n");
  r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " " + Quote(dir / "bad.csv"));
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.csv:2: unknown type \"sale\" (known types: ") != std::string::npos);
  CHECK(r.err.find("sales") != std::string::npos);
  Write(dir / "bad.csv", "subject,type,period,value,scope\nBYD,sales,2025-08,1,BVE\n");
  r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " " + Quote(dir / "bad.csv"));
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.csv:2: bad scope \"BVE\"") != std::string::npos);
  CHECK(r.err.find("PHEV") != std::string::npos);
}

TEST_CASE("verify --help states the verdict rules of docs/verify.md", "[verify]") {
  TempDir dir;
  auto r = Quarry(dir, "verify --help");
  CHECK(r.code == 0);
  for (const char* s : {"confirmed", "consistent", "contradicted", "not_found", "support exact", "docs/verify.md",
                        "48,700", "[48650, 48750)", "over 37,700", "scope", "Exit 1 when any claim is contradicted"})
    CHECK(r.out.find(s) != std::string::npos);
}

TEST_CASE("facts --sample shows one fact per type and subject first", "[facts]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  auto r = Quarry(dir, "facts --db " + Quote(dir / "q.db") + " --sample --limit 6 --format json");
  REQUIRE(r.code == 0);
  auto rows = nlohmann::json::parse(r.out);
  REQUIRE(rows.size() == 6);
  std::set<std::pair<std::string, std::string>> pairs;
  std::set<std::string> types;
  for (const auto& x : rows) {
    pairs.insert({x["type"].get<std::string>(), x["subject"].get<std::string>()});
    types.insert(x["type"].get<std::string>());
  }
  CHECK(pairs.size() == 6);   // no type and subject twice
  CHECK(types.size() >= 4);   // the types in turn: deliveries, orders, stake_pct, yoy_pct
}

TEST_CASE("verify: exit 0 without contradictions; --url restricts sources; table and csv", "[verify]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  Write(dir / "claims.jsonl",
        "{\"subject\":\"Leapmotor\",\"type\":\"deliveries\",\"period\":\"2025-11\",\"value\":\"70,327\"}\n"
        "{\"subject\":\"HIMA\",\"type\":\"deliveries\",\"period\":\"2025-11\",\"value\":81864}\n");
  auto r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " " + Quote(dir / "claims.jsonl"));
  CHECK(r.code == 0);
  CHECK(r.out.find("confirmed") != std::string::npos);
  // Only the round-up counts: 70,327 is consistent with its 70K; 81,864 with its 81.9K.
  r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " --url https://example.com/roundup-november-2025 --format csv " +
                      Quote(dir / "claims.jsonl"));
  CHECK(r.code == 0);
  CHECK(r.out.rfind("line,subject,type,period,claim,status,support,stored,doc_id,url,evidence,note\n", 0) == 0);
  CHECK(r.out.find(",confirmed,rounded,70000,roundup-2025-11,") != std::string::npos);
  // Only the HIMA article counts: Leapmotor is not stated there.
  r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " --url https://example.com/hima-november-2025 --format jsonl " +
                      Quote(dir / "claims.jsonl"));
  CHECK(r.code == 0);
  auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["status"] == "not_found");
  CHECK(lines[1]["status"] == "confirmed");
}

TEST_CASE("verify: bad claims file and bad databases exit 2 with one line", "[verify]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  Write(dir / "bad.csv", "subject,type,period,value\nHIMA,deliveries,2025-11,81864,extra\n");
  auto r = Quarry(dir, "verify --db " + Quote(dir / "q.db") + " " + Quote(dir / "bad.csv"));
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.csv:2: expected 4 fields, found 5") != std::string::npos);
  Write(dir / "ok.csv", "subject,type,period,value\nHIMA,deliveries,2025-11,81864\n");
  r = Quarry(dir, "verify --db " + Quote(dir / "missing.db") + " " + Quote(dir / "ok.csv"));
  CHECK(r.code == 2);
  CHECK(r.err.find("missing.db: database not found") != std::string::npos);
  Write(dir / "notsqlite.db", "this is not a database at all, just some text that is long enough\n");
  r = Quarry(dir, "verify --db " + Quote(dir / "notsqlite.db") + " " + Quote(dir / "ok.csv"));
  CHECK(r.code == 2);
  CHECK(r.err.find("not a SQLite database") != std::string::npos);
  {
    SQLite::Database other(dir / "other.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)");
  }
  r = Quarry(dir, "verify --db " + Quote(dir / "other.db") + " " + Quote(dir / "ok.csv"));
  CHECK(r.code == 2);
  CHECK(r.err.find("not a quarry database") != std::string::npos);
  r = Quarry(dir, "query --db " + Quote(dir / "other.db") + " \"SELECT * FROM recipes\"");
  CHECK(r.code == 2);
  CHECK(r.err.find("not a quarry database") != std::string::npos);
}

TEST_CASE("query: a corrupt database is refused without a crash", "[query]") {
  TempDir dir;
  // Enough facts that their table spans most pages of the file, then garbage over its middle. They
  // share one sentence (a sentence is stored once) and carry their bulk in a column no index or
  // full-text index copies (qualifiers), so the fact rows fill the file.
  std::string extra = "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                      "INSERT INTO facts (id, document_id, type, subject, value, qualifiers, span_begin, span_end, "
                      "sentence_begin, sentence_end, evidence, rule, grammar_version) "
                      "SELECT i, 1, 'deliveries', 'Filler' || i, i, printf('%0200d', i), 0, 1, 0, 1, "
                      "'Filler sentence.', 't', 't' FROM n;";
  MakeDb(dir / "q.db", extra);
  // The migration that moved the evidence out rebuilt the facts table at the end of the file and
  // left its old pages free: VACUUM puts the fact rows back where the garbage goes.
  { SQLite::Database(dir / "q.db", SQLite::OPEN_READWRITE).exec("VACUUM"); }
  auto size = std::filesystem::file_size(dir / "q.db");
  {
    std::fstream f(dir / "q.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    std::string junk(8192, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  for (const char* cmd : {"query \"SELECT count(*), sum(length(evidence)) FROM facts_v\"", "facts --format csv",
                          "check"}) {
    auto r = Quarry(dir, std::string(cmd) + " --db " + Quote(dir / "q.db"));
    INFO(cmd << ": " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find("q.db") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("query: writes are refused and the database is unchanged", "[query]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  std::string before = ReadFile(dir / "q.db");
  int facts = Count(dir / "q.db", "SELECT count(*) FROM facts");
  REQUIRE(facts == 13);
  for (const char* sql : {"DELETE FROM facts", "delete from facts where 1", "DROP TABLE facts",
                          "UPDATE facts SET value = '0'", "INSERT INTO runs (started_at, quarry_version, grammar_version) VALUES ('a','b','c')",
                          "CREATE TABLE x (a)", "PRAGMA user_version = 7", "SELECT 1; DELETE FROM facts",
                          "ATTACH DATABASE 'other.db' AS o", "VACUUM"}) {
    auto r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " " + Quote(sql));
    INFO(sql << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
  auto r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " \"DELETE FROM facts\"");
  CHECK(r.err == "quarry: query: refused: the statement would modify the database, and quarry query is read-only\n");
  CHECK(Count(dir / "q.db", "SELECT count(*) FROM facts") == facts);
  CHECK(ReadFile(dir / "q.db") == before);
  CHECK_FALSE(std::filesystem::exists(dir / "other.db"));
}

TEST_CASE("query: --param values are only ever data", "[query]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  std::string evil = "'; DROP TABLE facts; --";
  auto r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " --format jsonl --param " + Quote("s=" + evil) +
                           " \"SELECT :s AS s, count(*) AS n FROM facts WHERE subject = :s\"");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out == "{\"s\":\"'; DROP TABLE facts; --\",\"n\":0}\n");
  CHECK(Count(dir / "q.db", "SELECT count(*) FROM facts") == 13);
  // A real value binds and selects, through the friendly view.
  r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " --format csv --param subject=Leapmotor --param type=deliveries "
                  "\"SELECT value, period, modality FROM facts_v WHERE subject = :subject AND type = :type ORDER BY fact_id\"");
  CHECK(r.code == 0);
  CHECK(r.out == "value,period,modality\n70327,2025-11,actual\n500000,2025,target\n70000,2025-11,actual\n");
  // Missing and unused parameters are usage errors.
  r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " \"SELECT * FROM facts WHERE subject = :s\"");
  CHECK(r.code == 2);
  CHECK(r.err.find("no --param s=VALUE") != std::string::npos);
  r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " --param x=1 \"SELECT 1\"");
  CHECK(r.code == 2);
  r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " \"SELECT nonsense FROM\"");
  CHECK(r.code == 2);
  CHECK(r.err.find("query: ") != std::string::npos);
}

TEST_CASE("query: aligned table output and the friendly views", "[query]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  auto r = Quarry(dir, "query --db " + Quote(dir / "q.db") +
                           " \"SELECT holder, company, stake_pct FROM stakes_v\"");
  CHECK(r.code == 0);
  CHECK(r.out == "holder      company    stake_pct\n"
                 "----------  ---------  ---------\n"
                 "Stellantis  Leapmotor  21\n");
  r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " --format md \"SELECT doc_id, facts FROM documents_v ORDER BY doc_id\"");
  CHECK(r.code == 0);
  CHECK(r.out.find("| aito-2025-10      | 1     |") != std::string::npos);
  r = Quarry(dir, "query --db " + Quote(dir / "q.db") + " --format json \"SELECT subject, value FROM monthly_v WHERE subject = 'AITO' ORDER BY period\"");
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["value"] == "15100");
  // Default database is quarry.db in the working directory (here one that has none, whatever
  // the source folder holds after README's first command).
  r = Quarry(dir, "query \"SELECT 1\"", /*in_dir=*/true);
  CHECK(r.code == 2);
}

TEST_CASE("facts and series list and pivot with documented choices", "[facts]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  auto r = Quarry(dir, "facts --db " + Quote(dir / "q.db") + " --subject Wenjie --format jsonl");
  CHECK(r.code == 0);
  auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 3);  // AITO: 2 deliveries, 1 yoy; not AITO M7
  for (const auto& l : lines) CHECK(l["subject"] == "AITO");
  r = Quarry(dir, "facts --db " + Quote(dir / "q.db") + " --type deliveries --from 2025-11 --to 2025-11 --format csv");
  CHECK(r.code == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1 + 7);
  r = Quarry(dir, "facts --db " + Quote(dir / "q.db") + " --period November");
  CHECK(r.code == 2);
  // Series: the exact 70,327 wins over the round-up's 70K; HIMA's 81,864 over 81.9K.
  r = Quarry(dir, "series deliveries --db " + Quote(dir / "q.db") + " --format csv");
  CHECK(r.code == 0);
  CHECK(r.out == "subject,2025-10,2025-11\nAITO,~ 15100,18827\nHIMA,,81864\nLeapmotor,,70327\nLuxeed,,11761\nStelato,,6708\n");
  r = Quarry(dir, "series deliveries --db " + Quote(dir / "q.db") + " --by year --format jsonl");
  CHECK(r.code == 0);
  lines = JsonLines(r.out);
  REQUIRE(lines.size() == 1);  // only the target; marked as such
  CHECK(lines[0]["modality"] == "target");
  CHECK(lines[0]["value"] == 500000);
}
