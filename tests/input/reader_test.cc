// DocumentReader, ByteStream (gzip members, caps) and HTML head metadata, on files made here.
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "input/byte_stream.h"
#include "input/html_meta.h"
#include "input/reader.h"

namespace {
using namespace quarry;
using namespace quarry::input;
namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("quarry_input_test_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  static inline int counter = 0;
};

std::string Gzip(const std::string& data, int level = 6) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

struct Collected {
  std::vector<Document> docs;
  std::vector<std::string> errors;
};

Collected ReadAll(std::vector<std::string> inputs, ReadOptions opts = {}) {
  Collected c;
  DocumentReader r(std::move(inputs), opts, [&](const ReadError& e) { c.errors.push_back(e.ToString()); });
  std::string err;
  REQUIRE(r.Validate(&err));
  Document d;
  while (r.Next(&d)) c.docs.push_back(d);
  return c;
}

}  // namespace

TEST_CASE("Directories are read recursively, sorted, with include/exclude globs") {
  TempDir t;
  t.Write("b/two.txt", "two");
  t.Write("a/one.txt", "one");
  t.Write("a/skip.html", "<p>html</p>");
  t.Write("a/notes.bin", "binary");
  auto all = ReadAll({t.path.string()});
  REQUIRE(all.docs.size() == 3);
  CHECK(all.docs[0].raw == "one");
  CHECK(all.docs[1].content_type == ContentType::kHtml);
  CHECK(all.docs[2].raw == "two");
  ReadOptions o;
  o.include = {"*.txt"};
  o.exclude = {"two*"};
  auto some = ReadAll({t.path.string()}, o);
  REQUIRE(some.docs.size() == 1);
  CHECK(some.docs[0].raw == "one");
}

TEST_CASE("JSONL field flags, dates, bad lines reported with their line number") {
  TempDir t;
  std::string f = t.Write("d.jsonl",
                          "{\"key\":\"k1\",\"body\":\"AITO delivered 5 cars.\",\"day\":\"2025-12-01\",\"link\":\"u\"}\n"
                          "not json\n"
                          "\n"
                          "{\"key\":\"k2\",\"page\":\"<html><head><meta property='article:published_time' "
                          "content='2025-10-02'><title>T &amp; U</title></head></html>\"}\n"
                          "{\"key\":\"k3\"}\n");
  ReadOptions o;
  o.id_field = "key";
  o.text_field = "body";
  o.html_field = "page";
  o.date_field = "day";
  o.url_field = "link";
  o.published = "2024-01-01";
  auto c = ReadAll({f}, o);
  REQUIRE(c.docs.size() == 2);
  CHECK(c.docs[0].id == "k1");
  CHECK(c.docs[0].published == "2025-12-01");
  CHECK(c.docs[0].url == "u");
  CHECK(c.docs[0].source_line == 1);
  CHECK(c.docs[1].id == "k2");
  CHECK(c.docs[1].content_type == ContentType::kHtml);
  CHECK(c.docs[1].published == "2025-10-02");  // from the page head
  CHECK(c.docs[1].title == "T & U");
  REQUIRE(c.errors.size() == 2);
  CHECK(c.errors[0].find("d.jsonl:2: invalid JSON at column 1 (invalid literal), line skipped") !=
        std::string::npos);
  CHECK(c.errors[1].find("d.jsonl:5: no string field") != std::string::npos);
}

TEST_CASE("gzip inputs: .txt.gz and multi-member .jsonl.gz") {
  TempDir t;
  std::string txt = t.Write("a.txt.gz", Gzip("plain text body"));
  std::string jl = t.Write("d.jsonl.gz", Gzip("{\"id\":\"1\",\"text\":\"one\"}\n") + Gzip("{\"id\":\"2\",\"text\":\"two\"}\n"));
  auto c = ReadAll({txt, jl});
  REQUIRE(c.docs.size() == 3);
  CHECK(c.docs[0].raw == "plain text body");
  CHECK(c.docs[1].raw == "one");
  CHECK(c.docs[2].raw == "two");
  CHECK(c.errors.empty());
}

TEST_CASE("A gzip bomb stops at the decompressed-size cap and at the ratio cap") {
  TempDir t;
  std::string zeros(64 << 20, 'a');  // 64 MiB of one byte: ratio ~1000
  std::string bomb = t.Write("bomb.txt.gz", Gzip(zeros, 9));
  zeros.clear();
  zeros.shrink_to_fit();
  {
    ByteStream s;
    std::vector<std::string> errors;
    StreamLimits l;
    l.max_decompressed_bytes = 1 << 20;
    l.max_ratio = 0;
    std::string err;
    REQUIRE(s.Open(bomb, l, [&](uint64_t, const std::string& m) { errors.push_back(m); }, &err));
    size_t got = s.Fill(8 << 20);
    CHECK(got == (1u << 20));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("cap") != std::string::npos);
  }
  {
    ByteStream s;
    std::vector<std::string> errors;
    StreamLimits l;
    l.max_ratio = 100;
    l.ratio_grace_bytes = 1 << 20;
    std::string err;
    REQUIRE(s.Open(bomb, l, [&](uint64_t, const std::string& m) { errors.push_back(m); }, &err));
    size_t got = s.Fill(64 << 20);
    CHECK(got < (8u << 20));  // stopped long before the 64 MiB
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("ratio") != std::string::npos);
  }
}

TEST_CASE("A truncated gzip file is reported, the bytes before the cut are kept") {
  TempDir t;
  std::string gz = Gzip(std::string(100000, 'x') + "tail");
  std::string f = t.Write("cut.txt.gz", gz.substr(0, gz.size() / 2));
  auto c = ReadAll({f});
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("truncated gzip member") != std::string::npos);
}

TEST_CASE("Document size cap skips large files with an error") {
  TempDir t;
  std::string f = t.Write("big.txt", std::string(3 << 20, 'y'));
  std::string g = t.Write("small.txt", "ok");
  ReadOptions o;
  o.max_document_bytes = 1 << 20;
  auto c = ReadAll({f, g}, o);
  REQUIRE(c.docs.size() == 1);
  CHECK(c.docs[0].raw == "ok");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("big.txt: document larger than the cap") != std::string::npos);
}

TEST_CASE("Validate names a missing input") {
  DocumentReader r({"/nonexistent/quarry/input.txt"}, {}, nullptr);
  std::string err;
  CHECK_FALSE(r.Validate(&err));
  CHECK(err == "/nonexistent/quarry/input.txt: no such file or directory");
}

TEST_CASE("HTML head metadata: meta tags by preference, JSON-LD, title") {
  auto m = ScanHtmlMeta(
      "<html><head><meta name=\"date\" content=\"2020-01-01\"><meta property=\"article:published_time\" "
      "content=\"2025-12-01T10:00:00+08:00\"><title>\n  A  title </title></head><body>"
      "<meta property=\"article:published_time\" content=\"1999-01-01\"></body></html>");
  CHECK(m.published == "2025-12-01T10:00:00+08:00");
  CHECK(m.title == "A title");
  auto j = ScanHtmlMeta("<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\": "
                        "\"2025-11-03\"}</script></head>");
  CHECK(j.published == "2025-11-03");
  auto dc = ScanHtmlMeta("<head><meta name=\"DC.date.issued\" content=\"2025-09-09\"></head>");
  CHECK(dc.published == "2025-09-09");
  auto none = ScanHtmlMeta("<head><meta name=\"date\" content=\"yesterday\"></head>");
  CHECK(none.published.empty());
}

TEST_CASE("JSONL without a tree: the same fields as a json tree gave, caps as per-line errors") {
  TempDir t;
  std::string deep(1001, '[');
  deep += std::string(1001, ']');
  std::string ok_deep(998, '[');  // with the object itself, 999 levels: under the cap
  ok_deep += std::string(998, ']');
  std::string f = t.Write(
      "d.jsonl",
      "{\"id\":7,\"text\":\"first\",\"x\":{\"text\":\"nested, never the text\",\"id\":\"no\"},\"url\":null}\n"
      "{\"id\":\"a\",\"text\":1,\"html\":\"<p>html wins over a text that is not a string</p>\",\"id\":\"b\"}\n"
      "{\"id\":\"c\",\"text\":\"deep\",\"x\":" + deep + "}\n"
      "[\"not an object\"]\n"
      "{\"id\":\"d\",\"text\":\"ok\",\"x\":" + ok_deep + ",\"published\":2025}\n"
      "{\"id\":\"e\",\"text\":\"trailing\"} x\n");
  auto c = ReadAll({f});
  REQUIRE(c.docs.size() == 3);
  CHECK(c.docs[0].id == "7");  // a number, printed
  CHECK(c.docs[0].raw == "first");
  CHECK(c.docs[0].url.empty());
  CHECK(c.docs[1].id == "b");  // a repeated key: the last one, as in a json tree
  CHECK(c.docs[1].content_type == ContentType::kHtml);
  CHECK(c.docs[2].id == "d");
  CHECK(c.docs[2].published == "2025");
  REQUIRE(c.errors.size() == 3);
  CHECK(c.errors[0].find("d.jsonl:3: JSON nested deeper than 1000 levels, line skipped") != std::string::npos);
  CHECK(c.errors[1].find("d.jsonl:4: not a JSON object") != std::string::npos);
  CHECK(c.errors[2].find("d.jsonl:6: invalid JSON at column 30 (text after the JSON object), line skipped") !=
        std::string::npos);
}

TEST_CASE("HTML documents over the element cap are reported and skipped; the next is read") {
  TempDir t;
  std::string many;
  for (int i = 0; i < 101; ++i) many += "<p>x</p>";
  std::string a = t.Write("a.html", many);
  std::string b = t.Write("b.html", "<p>fine</p>");
  std::string j = t.Write("c.jsonl", "{\"id\":\"big\",\"html\":\"" + many + "\"}\n{\"id\":\"small\",\"html\":\"<p>y</p>\"}\n");
  ReadOptions o;
  o.max_html_elements = 100;
  auto c = ReadAll({a, b, j}, o);
  REQUIRE(c.docs.size() == 2);
  CHECK(c.docs[0].raw == "<p>fine</p>");
  CHECK(c.docs[1].id == "small");
  REQUIRE(c.errors.size() == 2);
  CHECK(c.errors[0].find("a.html: HTML document with more than 100 elements (the cap), skipped") != std::string::npos);
  CHECK(c.errors[1].find("c.jsonl:1: HTML document with more than 100 elements") != std::string::npos);
}
