// A front matter block is metadata, not text: the pipeline analyses a document from
// Document::body_offset, so the block is never tokenized or extracted, the first body line is
// paragraph 0 (the headline), and every span still indexes the raw file from its first byte.
// Property checked here: the spans of a document with front matter are the spans of the same
// body without it, plus the block's length; and no fact comes from the block.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "facts/extractor.h"
#include "input/reader.h"
#include "text/analyzer.h"

namespace {
using namespace quarry;
namespace fs = std::filesystem;

// The same document without its front matter: body bytes only, same metadata.
Document BodyOnly(const Document& d) {
  Document b = d;
  b.raw = d.raw.substr(d.body_offset);
  b.body_offset = 0;
  return b;
}

std::vector<Document> Read(const std::vector<std::string>& inputs) {
  std::vector<Document> docs;
  input::ReadOptions opts;
  opts.include = {"*.txt", "*.md"};  // articles, not gold/*.jsonl beside them
  input::DocumentReader reader(inputs, opts, [](const input::ReadError& e) { FAIL(e.ToString()); });
  std::string err;
  REQUIRE(reader.Validate(&err));
  Document d;
  while (reader.Next(&d)) docs.push_back(d);
  return docs;
}

std::shared_ptr<const facts::Resources> Pack() {
  static std::shared_ptr<const facts::Resources> res = [] {
    std::vector<std::string> errors;
    auto r = facts::Resources::Load(std::string(QUARRY_SOURCE_DIR) + "/grammars", &errors);
    for (const auto& e : errors) UNSCOPED_INFO(e);
    return r;
  }();
  REQUIRE(res);
  return res;
}

// Tokens and sentences of `with` (front matter of `shift` bytes) are those of `without`, moved.
void CheckTextShift(const Document& with, const Document& without) {
  const uint64_t shift = with.body_offset;
  text::Analyzer analyzer;
  text::TextDoc a, b;
  analyzer.Analyze(with, &a);
  analyzer.Analyze(without, &b);
  CHECK(a.text == b.text);
  REQUIRE(a.tokens.size() == b.tokens.size());
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    RawSpan ra = a.ToRaw(a.tokens[i].span), rb = b.ToRaw(b.tokens[i].span);
    INFO("token " << i << " '" << a.TokenText(a.tokens[i]) << "'");
    CHECK(ra == RawSpan(rb.begin + shift, rb.end + shift));
    CHECK(ra.begin >= shift);
    CHECK(a.tokens[i].flags == b.tokens[i].flags);
  }
  REQUIRE(a.sentences.size() == b.sentences.size());
  for (size_t i = 0; i < a.sentences.size(); ++i) {
    RawSpan ra = a.ToRaw(a.sentences[i].span), rb = b.ToRaw(b.sentences[i].span);
    CHECK(ra == RawSpan(rb.begin + shift, rb.end + shift));
  }
  REQUIRE(a.paragraphs.size() == b.paragraphs.size());
  for (size_t i = 0; i < a.paragraphs.size(); ++i) CHECK(a.paragraphs[i].heading == b.paragraphs[i].heading);
}

// Facts of `with` are those of `without` (same date), every raw span moved by the block's length.
size_t CheckFactShift(facts::Extractor& ex, const Document& with, const Document& without) {
  const uint64_t shift = with.body_offset;
  std::vector<Fact> fa, fb;
  ex.Extract(with, &fa);
  ex.Extract(without, &fb);
  REQUIRE(fa.size() == fb.size());
  for (size_t i = 0; i < fa.size(); ++i) {
    const Fact &x = fa[i], &y = fb[i];
    INFO(with.id << ": fact " << i << " " << x.type << " " << x.subject << " " << x.value.ToString() << " "
                 << x.period << " | " << x.evidence);
    CHECK(x.type == y.type);
    CHECK(x.subject == y.subject);
    CHECK(x.object == y.object);
    CHECK(x.value == y.value);
    CHECK(x.period == y.period);
    CHECK(x.evidence == y.evidence);
    CHECK(x.span == RawSpan(y.span.begin + shift, y.span.end + shift));
    CHECK(x.sentence == RawSpan(y.sentence.begin + shift, y.sentence.end + shift));
    REQUIRE(x.also_at.size() == y.also_at.size());
    for (size_t j = 0; j < x.also_at.size(); ++j)
      CHECK(x.also_at[j] == RawSpan(y.also_at[j].begin + shift, y.also_at[j].end + shift));
    // Nothing from the block itself.
    CHECK(x.span.begin >= shift);
    CHECK(x.sentence.begin >= shift);
  }
  return fa.size();
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("quarry_front_matter_test_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream((path / name).string(), std::ios::binary) << bytes;
    return (path / name).string();
  }
};

const char* kBlock =
    "---\n"
    "published: 2025-12-02\n"
    "url: https://example.com/geely-october\n"
    "title: Geely delivered 99,999 vehicles in October, up 88% year-on-year\n"
    "summary: NIO delivered 12,345 vehicles in September.\n"
    "---\n";

// Headline, then a body with a curly quote, full-width digits and a NBSP (normalization is not
// the identity, so the offset map has replacements to shift, not just one copy).
const char* kBody =
    "HIMA delivers 81,864 vehicles in November\n"
    "HIMA delivered 81,864 vehicles in November, up 91.2% year-on-year. \xE2\x80\x9C" "A record,\xE2\x80\x9D it said.\n"
    "Leapmotor delivered \xEF\xBC\x97\xEF\xBC\x90,327 vehicles in November,\xC2\xA0up 75% year-on-year.\n";

}  // namespace

TEST_CASE("front matter: the body is analysed from body_offset, spans index the raw file") {
  TempDir tmp;
  std::string with_path = tmp.Write("with.txt", std::string(kBlock) + kBody);
  auto docs = Read({with_path});
  REQUIRE(docs.size() == 1);
  const Document& with = docs[0];
  REQUIRE(with.body_offset == std::string(kBlock).size());
  CHECK(with.published == "2025-12-02");
  CHECK(with.url == "https://example.com/geely-october");
  Document without = BodyOnly(with);
  REQUIRE(without.raw == kBody);

  CheckTextShift(with, without);

  // The headline is the first body line, paragraph 0; no token comes from the block.
  text::Analyzer analyzer;
  text::TextDoc t;
  analyzer.Analyze(with, &t);
  REQUIRE(!t.paragraphs.empty());
  CHECK(t.paragraphs[0].span.Of(t.text) == "HIMA delivers 81,864 vehicles in November");
  CHECK(t.paragraphs[0].heading);
  CHECK(t.ToRaw(t.paragraphs[0].span).begin == with.body_offset);
  for (const auto& k : t.tokens) {
    CHECK(t.TokenText(k) != "published");
    CHECK(t.TokenText(k) != "Geely");
  }

  facts::Extractor ex(Pack());
  std::vector<Fact> facts;
  ex.Extract(with, &facts);
  REQUIRE(!facts.empty());
  bool hima = false;
  for (const Fact& f : facts) {
    INFO(f.type << " " << f.subject << " " << f.value.ToString() << " | " << f.evidence);
    CHECK(f.subject != "Geely");
    CHECK(f.value.ToString() != "99999");
    CHECK(f.value.ToString() != "12345");
    CHECK(f.value.ToString() != "88");
    CHECK(f.span.begin >= with.body_offset);
    // The date in the block resolves "November".
    if (f.type == "deliveries" || f.type == "yoy_pct") CHECK(f.period == "2025-11");
    std::string_view raw = with.raw;
    std::string_view fig = raw.substr(f.span.begin, f.span.size());
    if (f.subject == "HIMA" && f.type == "deliveries") {
      hima = true;
      CHECK(fig == "81,864");
      // The headline or the body sentence (the same figure twice is one fact), sliced from raw.
      std::string_view sent = raw.substr(f.sentence.begin, f.sentence.size());
      CHECK((sent == "HIMA delivers 81,864 vehicles in November" ||
             sent == "HIMA delivered 81,864 vehicles in November, up 91.2% year-on-year."));
    }
    if (f.subject == "Leapmotor" && f.type == "deliveries") CHECK(fig == "\xEF\xBC\x97\xEF\xBC\x90,327");
  }
  CHECK(hima);
  CHECK(CheckFactShift(ex, with, without) == facts.size());
}

TEST_CASE("front matter: a non-UTF-8 body and a body past the size cap keep exact raw spans") {
  // windows-1252 body (decoded through a converter: the decode map is not the identity).
  std::string body = "Leapmotor delivers 70,327 cars\nLeapmotor delivered 70,327 vehicles in November, \x93up 75%\x94.\n";
  Document with;
  with.id = "cp1252.txt";
  with.charset_hint = "windows-1252";
  with.published = "2025-12-02";
  with.raw = std::string(kBlock) + body;
  with.body_offset = std::string(kBlock).size();
  CheckTextShift(with, BodyOnly(with));
  facts::Extractor ex(Pack());
  CHECK(CheckFactShift(ex, with, BodyOnly(with)) > 0);

  // A body_offset past the end of the (capped) bytes analyses nothing and does not crash.
  Document odd = with;
  odd.body_offset = odd.raw.size() + 10;
  text::Analyzer analyzer;
  text::TextDoc t;
  analyzer.Analyze(odd, &t);
  CHECK(t.tokens.empty());
}

TEST_CASE("front matter: every corpus article yields the facts of its body, shifted") {
  // The sample corpora carry their dates in front matter (scripts/corpus_front_matter); this is
  // the property on real articles: same facts with and without the block, spans moved by it.
  facts::Extractor ex(Pack());
  size_t docs = 0, facts = 0;
  for (const char* dir : {"/corpus/articles", "/corpus/heldout"}) {
    for (const Document& with : Read({std::string(QUARRY_SOURCE_DIR) + dir})) {
      INFO(with.id);
      CHECK(with.body_offset > 0);
      CHECK(!with.published.empty());
      if (with.body_offset == 0) continue;
      facts += CheckFactShift(ex, with, BodyOnly(with));
      ++docs;
    }
  }
  CHECK(docs >= 60);
  CHECK(facts > 300);
}
