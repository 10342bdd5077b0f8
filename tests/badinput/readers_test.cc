// The reader formats of the bad-input catalogue, run through `quarry extract` (QUARRY_BIN) as a
// user would: malformed JSONL (bad lines, deep nesting, wrong types, duplicate ids, a 100 MB
// line), broken WARC (wrong Content-Length, garbage between records, truncation) and gzip
// (truncated members, bombs, gzip in gzip). Each run must end without a signal or a hang, in
// bounded memory, with exit 0 or 2 and one-line messages naming the file, and the good records
// must still give the facts they give in a clean file.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "badinput/catalogue.h"
#include "badinput/subprocess.h"

namespace fs = std::filesystem;

namespace quarry::badinput {
namespace {

fs::path Scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("quarry-badinput-" + std::to_string(getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void Write(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// One gzip member of the chunks `next_chunk` produces (false = last), streamed so that a bomb
// needs no big buffer.
template <class Producer>
std::string GzipStream(Producer next_chunk, int level = 9) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  std::string out, chunk;
  char buf[1 << 16];
  bool more = true;
  while (more) {
    more = next_chunk(&chunk);
    z.next_in = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_in = static_cast<uInt>(chunk.size());
    int flush = more ? Z_NO_FLUSH : Z_FINISH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}
std::string Gzip(const std::string& s) {
  bool done = false;
  return GzipStream([&](std::string* c) {
    *c = done ? "" : s;
    done = true;
    return false;
  });
}

std::string JsonlDoc(const std::string& id, const std::string& text) {
  nlohmann::json j = {{"id", id}, {"published", "2025-12-02"}, {"text", text}};
  return j.dump() + "\n";
}
std::string GoodJsonl(const std::string& prefix) {
  return JsonlDoc(prefix + "-1", kGoodBefore) + JsonlDoc(prefix + "-2", kGoodAfter);
}

std::string WarcRecord(const std::string& uri, const std::string& html, long declared_delta = 0,
                       const std::string& length_override = "") {
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html;
  std::string len = length_override.empty() ? std::to_string(static_cast<long>(http.size()) + declared_delta)
                                             : length_override;
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2025-12-02T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + uri.substr(uri.size() - 1) +
         ">\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " + len + "\r\n\r\n" + http +
         "\r\n\r\n";
}
using FactSet = std::set<std::tuple<std::string, std::string, std::string>>;

FactSet ParseFacts(const std::string& out) {
  FactSet s;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    auto str = [&](const char* k) {
      auto it = j.find(k);
      if (it == j.end() || it->is_null()) return std::string();
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    s.insert({str("type"), str("subject"), str("value")});
  }
  return s;
}

RunResult Extract(const fs::path& dir, const fs::path& input, double timeout_s = 120) {
  return RunProgram({QUARRY_BIN, "--grammars", QUARRY_SOURCE_DIR "/grammars", "extract", "--format", "jsonl",
                     input.string()},
                    dir / "run", timeout_s);
}

// The facts a clean file of the same records gives (must not be empty: else nothing is proven).
FactSet Baseline(const fs::path& dir, const std::string& file_name, const std::string& bytes) {
  fs::path p = dir / ("clean-" + file_name);
  Write(p, bytes);
  RunResult r = Extract(dir, p);
  INFO("clean " << file_name << ": " << r.Describe());
  REQUIRE(r.exit_code == 0);
  FactSet f = ParseFacts(r.out);
  REQUIRE(!f.empty());
  return f;
}

// The contract for one hostile file.
void ExpectClean(const fs::path& dir, const std::string& name, const std::string& file_name,
                 const std::string& bytes, const FactSet& must_keep, double max_seconds = 60,
                 long max_rss_mb = 1500) {
  fs::path p = dir / file_name;
  Write(p, bytes);
  RunResult r = Extract(dir, p, max_seconds + 30);
  INFO(name << " (" << bytes.size() << " bytes): " << r.Describe());
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.signal == 0);
  CHECK((r.exit_code == 0 || r.exit_code == 2));
  CHECK(r.seconds < max_seconds);
  CHECK(r.max_rss_mb < max_rss_mb);
  // Messages: one line each, naming the file, and not a flood.
  std::istringstream err(r.err);
  std::string line;
  int lines = 0;
  while (std::getline(err, line)) {
    // extract's end-of-run summary ("quarry extract: N documents ...") names no file.
    if (line.empty() || line.rfind("quarry extract: ", 0) == 0) continue;
    ++lines;
    INFO("stderr line: " << line.substr(0, 300));
    CHECK(line.find(file_name) != std::string::npos);
    CHECK(line.size() < 2000);
  }
  CHECK(lines < 1000);
  if (r.exit_code == 2) CHECK(lines > 0);  // a failure always says why
  FactSet got = ParseFacts(r.out);
  for (const auto& f : must_keep) {
    INFO("expected fact " << std::get<0>(f) << " " << std::get<1>(f) << " " << std::get<2>(f));
    CHECK(got.count(f) == 1);
  }
}

}  // namespace

// A JSONL line with a NUL byte inside a string (sizeof, not a hand count: the count was wrong).
static const char kNulLine[] = "{\"id\":\"z\",\"text\":\"nul\0inside\"}\r\n";

TEST_CASE("malformed JSONL") {
  fs::path dir = Scratch("jsonl");
  FactSet base = Baseline(dir, "docs.jsonl", GoodJsonl("a") + GoodJsonl("b"));
  const std::string good_a = GoodJsonl("a"), good_b = GoodJsonl("b");

  ExpectClean(dir, "bad lines", "bad-lines.jsonl",
              good_a + "not json at all\n{\"id\": \"cut\", \"text\": \"unterminated\n[1,2,3]\n\"a string\"\n{}\n\n" +
                  "{\"id\":\"x\" \"text\":\"missing comma\"}\n" + good_b, base);
  ExpectClean(dir, "deep nesting", "deep.jsonl",
              good_a + "{\"id\":\"deep\",\"text\":" + std::string(100000, '[') + std::string(100000, ']') + "}\n" +
                  std::string(100000, '{') + "\n" + good_b, base);
  ExpectClean(dir, "wrong types", "types.jsonl",
              good_a + "{\"id\":{},\"text\":123}\n{\"id\":\"t\",\"text\":[\"a\"],\"published\":[]}\n" +
                  "{\"id\":\"h\",\"html\":true}\n{\"id\":\"n\",\"text\":null}\n{\"id\":5,\"text\":\"ok\",\"published\":17}\n" +
                  "{\"id\":\"d\",\"text\":\"x\",\"published\":\"not a date\"}\n" + good_b, base);
  ExpectClean(dir, "duplicate ids", "dups.jsonl", good_a + good_a + JsonlDoc("a-1", "Other text.") + good_b, base);
  ExpectClean(dir, "invalid UTF-8 inside JSON strings", "utf8.jsonl",
              good_a + "{\"id\":\"u\",\"text\":\"bad \xFF\xC0\xAF bytes\"}\n{\"id\":\"s\",\"text\":\"\\ud800 lone\"}\n" + good_b,
              base);
  ExpectClean(dir, "BOM, CRLF, NUL, no final newline", "crlf.jsonl",
              "\xEF\xBB\xBF" + good_a + std::string(kNulLine, sizeof kNulLine - 1) +
                  good_b.substr(0, good_b.size() - 1), base);
  SECTION("a 100 MB line") {
    std::string big = good_a + "{\"id\":\"big\",\"text\":\"" + std::string(100u << 20, 'a') + "\"}\n" + good_b;
    ExpectClean(dir, "100 MB line", "big.jsonl", big, base, 120, 1500);
  }
}

TEST_CASE("gzip: truncated members, bombs, gzip in gzip") {
  fs::path dir = Scratch("gzip");
  const std::string good = GoodJsonl("a") + GoodJsonl("b");
  FactSet base = Baseline(dir, "docs.jsonl.gz", Gzip(good));
  FactSet first = Baseline(dir, "first.jsonl.gz", Gzip(GoodJsonl("a")));

  std::string whole = Gzip(GoodJsonl("a") + std::string(4000, '\n') + GoodJsonl("b"));
  ExpectClean(dir, "truncated member", "truncated.jsonl.gz", whole.substr(0, whole.size() * 2 / 3), {});
  ExpectClean(dir, "two members", "members.jsonl.gz", Gzip(GoodJsonl("a")) + Gzip(GoodJsonl("b")), base);
  ExpectClean(dir, "garbage after a member", "garbage.jsonl.gz", Gzip(GoodJsonl("a")) + "garbage\x1f\x8b tail", first);
  ExpectClean(dir, "gzip in gzip", "nested.jsonl.gz", Gzip(Gzip(good)), {});
  ExpectClean(dir, "not gzip at all", "fake.jsonl.gz", good, {});
  ExpectClean(dir, "empty file", "empty.jsonl.gz", "", {});
  // A bomb: 1 GiB of one JSONL line from about 1 MB of gzip, after a good document.
  size_t produced = 0;
  bool head = true;
  std::string bomb = GzipStream([&](std::string* c) {
    if (head) {
      *c = GoodJsonl("a") + "{\"id\":\"bomb\",\"text\":\"";
      head = false;
      return true;
    }
    *c = std::string(1 << 20, 'a');
    produced += c->size();
    return produced < (1u << 30);
  }, 1);
  ExpectClean(dir, "1 GiB bomb", "bomb.jsonl.gz", bomb, first, 180, 1500);
}

TEST_CASE("broken WARC") {
  fs::path dir = Scratch("warc");
  const std::string a1 = WarcRecord("https://example.com/a1", std::string("<p>") + kGoodBefore + "</p>");
  const std::string a2 = WarcRecord("https://example.com/a2", std::string("<p>") + kGoodAfter + "</p>");
  FactSet base = Baseline(dir, "clean.warc", a1 + a2);
  FactSet first = Baseline(dir, "first.warc", a1);
  const std::string filler = WarcRecord("https://example.com/x", "<p>filler</p>");

  ExpectClean(dir, "Content-Length off by -2", "short.warc", a1 + WarcRecord("https://example.com/s", "<p>x</p>", -2) + a2, base);
  ExpectClean(dir, "Content-Length off by +2", "long.warc", a1 + WarcRecord("https://example.com/l", "<p>x</p>", 2) + a2, base);
  ExpectClean(dir, "Content-Length huge", "huge.warc", a1 + WarcRecord("https://example.com/h", "<p>x</p>", 0, "99999999999999999999") + a2, first);
  ExpectClean(dir, "Content-Length negative", "neg.warc", a1 + WarcRecord("https://example.com/n", "<p>x</p>", 0, "-5") + a2, first);
  ExpectClean(dir, "Content-Length not a number", "nan.warc", a1 + WarcRecord("https://example.com/q", "<p>x</p>", 0, "12abc") + a2, first);
  ExpectClean(dir, "garbage between records", "garbage.warc", a1 + "garbage\r\nmore garbage\r\n\r\n" + a2, base);
  ExpectClean(dir, "truncated last record", "truncated.warc", a1 + a2 + filler.substr(0, filler.size() / 2), base);
  ExpectClean(dir, "header only", "header.warc", "WARC/1.0\r\nWARC-Type: response\r\n", {});
  ExpectClean(dir, "not WARC", "text.warc", std::string(kGoodBefore), {});
}

TEST_CASE("broken WARC.gz") {
  fs::path dir = Scratch("warcgz");
  const std::string a1 = WarcRecord("https://example.com/a1", std::string("<p>") + kGoodBefore + "</p>");
  const std::string a2 = WarcRecord("https://example.com/a2", std::string("<p>") + kGoodAfter + "</p>");
  FactSet base = Baseline(dir, "clean.warc.gz", Gzip(a1) + Gzip(a2));
  FactSet first = Baseline(dir, "first.warc.gz", Gzip(a1));
  std::string mid = Gzip(WarcRecord("https://example.com/m", std::string(20000, 'x')));
  ExpectClean(dir, "truncated member between good ones", "trunc.warc.gz", Gzip(a1) + mid.substr(0, mid.size() / 2) + Gzip(a2), first);
  ExpectClean(dir, "garbage between members", "garbage.warc.gz", Gzip(a1) + "garbage!" + Gzip(a2), first);
  ExpectClean(dir, "gzip in gzip", "nested.warc.gz", Gzip(Gzip(a1 + a2)), {});
  // A record whose payload inflates to 512 MiB: skipped with a message, memory stays bounded.
  size_t produced = 0;
  bool head = true;
  std::string bomb = GzipStream([&](std::string* c) {
    if (head) {
      *c = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/bomb\r\n"
           "Content-Type: application/http; msgtype=response\r\nContent-Length: 536870912\r\n\r\n";
      head = false;
      return true;
    }
    *c = std::string(1 << 20, ' ');
    produced += c->size();
    return produced < (512u << 20);
  }, 1);
  ExpectClean(dir, "512 MiB bomb record", "bomb.warc.gz", Gzip(a1) + bomb + Gzip(a2), first, 180, 1500);
}

}  // namespace quarry::badinput
