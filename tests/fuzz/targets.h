// The bodies of quarry's libFuzzer targets, header-only so that the same code runs in two places:
// the fuzz_<name>.cc executables (clang, -fsanitize=fuzzer) and the Catch2 replay of every input
// that ever failed (tests/badinput/fuzz_regressions_test.cc, any compiler, run by ctest).
// Each target feeds arbitrary bytes to one stage and then checks the stage's contracts (valid
// UTF-8 out, spans inside their text, tokens in order); a broken contract aborts, so libFuzzer
// records it as a finding just like a crash.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.h"
#include "base/document.h"
#include "facts/extractor.h"
#include "fuzz/jsonl_reference.h"
#include "grammar/grammar.h"
#include "input/jsonl_fields.h"
#include "input/reader.h"
#include "numbers/quantities.h"
#include "periods/periods.h"
#include "text/analyzer.h"
#include "store/store.h"
#include "verify/claims.h"
#include "verify/verify.h"
#include "verify/interval.h"

namespace quarry::fuzz {

// A broken contract: print what and abort (libFuzzer and the replay test both see the abort).
[[noreturn]] inline void Fail(const char* what, uint64_t a = 0, uint64_t b = 0) {
  std::fprintf(stderr, "quarry fuzz: contract broken: %s (%llu, %llu)\n", what,
               static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  std::abort();
}
#define QUARRY_FUZZ_CHECK(cond, ...) \
  do {                               \
    if (!(cond)) ::quarry::fuzz::Fail(#cond __VA_OPT__(, ) __VA_ARGS__); \
  } while (0)

// Strict UTF-8 validity (no overlongs, no surrogates, nothing above U+10FFFF).
inline bool ValidUtf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
    else return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// The text layer's contracts on one analyzed document.
inline void CheckTextDoc(const Document& doc, const text::TextDoc& t) {
  QUARRY_FUZZ_CHECK(ValidUtf8(t.text));
  QUARRY_FUZZ_CHECK(t.map.derived_size() == t.text.size(), t.map.derived_size(), t.text.size());
  uint64_t prev_end = 0;
  for (const auto& tok : t.tokens) {
    QUARRY_FUZZ_CHECK(tok.span.begin < tok.span.end, tok.span.begin, tok.span.end);
    QUARRY_FUZZ_CHECK(tok.span.end <= t.text.size(), tok.span.end, t.text.size());
    QUARRY_FUZZ_CHECK(tok.span.begin >= prev_end, tok.span.begin, prev_end);
    prev_end = tok.span.end;
    QUARRY_FUZZ_CHECK(t.sentences.empty() || tok.sentence < t.sentences.size(), tok.sentence);
    QUARRY_FUZZ_CHECK(uint64_t{tok.lower_begin} + tok.lower_len <= t.pool.size());
    QUARRY_FUZZ_CHECK(uint64_t{tok.shape_begin} + tok.shape_len <= t.pool.size());
    RawSpan raw = t.ToRaw(tok.span);
    QUARRY_FUZZ_CHECK(raw.begin <= raw.end && raw.end <= doc.raw.size(), raw.begin, raw.end);
  }
  for (const auto& s : t.sentences) {
    QUARRY_FUZZ_CHECK(s.tok_begin <= s.tok_end && s.tok_end <= t.tokens.size(), s.tok_begin, s.tok_end);
    QUARRY_FUZZ_CHECK(s.span.begin <= s.span.end && s.span.end <= t.text.size(), s.span.begin, s.span.end);
    QUARRY_FUZZ_CHECK(t.paragraphs.empty() || s.paragraph < t.paragraphs.size(), s.paragraph);
  }
  for (const auto& p : t.paragraphs) {
    QUARRY_FUZZ_CHECK(p.sent_begin <= p.sent_end && p.sent_end <= t.sentences.size(), p.sent_begin, p.sent_end);
    QUARRY_FUZZ_CHECK(p.span.end <= t.text.size(), p.span.end, t.text.size());
  }
}

inline void CheckAnnotations(const text::TextDoc& t, const std::vector<Annotation>& anns) {
  for (const auto& a : anns) {
    QUARRY_FUZZ_CHECK(a.tok_begin <= a.tok_end && a.tok_end <= t.tokens.size(), a.tok_begin, a.tok_end);
    QUARRY_FUZZ_CHECK(a.span.begin <= a.span.end && a.span.end <= t.text.size(), a.span.begin, a.span.end);
    QUARRY_FUZZ_CHECK(a.figure.end <= t.text.size(), a.figure.end, t.text.size());
    QUARRY_FUZZ_CHECK(ValidUtf8(a.unit) && ValidUtf8(a.period) && ValidUtf8(a.label));
  }
}

// Splits the fuzz input: the first byte picks options, the rest is the document.
struct Input {
  uint8_t flags = 0;
  std::string_view body;
};
inline Input SplitInput(const uint8_t* data, size_t size) {
  Input in;
  if (size == 0) return in;
  in.flags = data[0];
  in.body = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  return in;
}

inline const char* const kDates[] = {"", "2025-12-02", "2025-12-02T08:00:00Z", "2024-01", "not a date",
                                     "9999-99-99", "0000-00-00", "2025-02-30"};

inline Document MakeDocument(const Input& in) {
  Document doc;
  doc.id = "fuzz";
  doc.raw.assign(in.body);
  doc.content_type = (in.flags & 1) ? ContentType::kHtml : ContentType::kText;
  doc.published = kDates[(in.flags >> 1) & 7];
  static const char* const kCharsets[] = {"", "", "utf-8", "windows-1252", "gb18030", "shift_jis",
                                          "iso-8859-1", "bogus-charset"};
  doc.charset_hint = kCharsets[(in.flags >> 4) & 7];
  return doc;
}

// The project's own lexicon (grammars/lexicon), loaded once: the annotators' words.
inline const Lexicon& ProjectLexicon() {
  static const Lexicon* lexicon = [] {
    std::vector<std::string> errors;
    auto lex = facts::LoadLexicon(QUARRY_SOURCE_DIR "/grammars/lexicon", &errors);
    if (!lex) {
      for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
      Fail("lexicon does not load");
    }
    return lex.release();
  }();
  return *lexicon;
}

// decode + normalize + segment (and HTML to text when flag bit 0 is set).
inline int AnalyzeOne(const uint8_t* data, size_t size) {
  static text::Analyzer* analyzer = new text::Analyzer();  // reused, as in production
  static text::TextDoc* out = new text::TextDoc();
  Input in = SplitInput(data, size);
  Document doc = MakeDocument(in);
  analyzer->Analyze(doc, out);
  CheckTextDoc(doc, *out);
  return 0;
}

// The quantity and period annotators over analyzed text.
inline int AnnotateOne(const uint8_t* data, size_t size) {
  static text::Analyzer* analyzer = new text::Analyzer();
  static text::TextDoc* t = new text::TextDoc();
  static const numbers::QuantityAnnotator* quantities = new numbers::QuantityAnnotator(ProjectLexicon(), facts::LoadSchemaUnits(QUARRY_SOURCE_DIR "/grammars"));
  static const periods::PeriodAnnotator* periods = new periods::PeriodAnnotator(ProjectLexicon());
  Input in = SplitInput(data, size);
  Document doc = MakeDocument(in);
  analyzer->Analyze(doc, t);
  std::vector<Annotation> anns;
  quantities->Annotate(*t, &anns);
  CheckAnnotations(*t, anns);
  std::vector<Annotation> q = anns;
  periods->Annotate(*t, periods::Date::Parse(doc.published), q, &anns);
  CheckAnnotations(*t, anns);
  (void)periods::Date::Parse(in.body);  // the date parser itself on arbitrary bytes
  return 0;
}

// Decimal parsing: never crashes; what parses prints canonically and parses back to itself.
inline int DecimalOne(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto d = Decimal::Parse(s);
  if (!d) return 0;
  std::string text = d->ToString();
  auto back = Decimal::Parse(text);
  QUARRY_FUZZ_CHECK(back.has_value());
  QUARRY_FUZZ_CHECK(*back == *d);
  return 0;
}

// A scratch folder private to this process (fuzzers may run in parallel).
inline const std::filesystem::path& ScratchDir() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    auto d = base / ("quarry-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(d, ec);
    return d;
  }();
  return dir;
}

inline void WriteFile(const std::filesystem::path& p, std::string_view bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The grammar parser and compiler: the input is one rule file (which may include "common.rules",
// a second file cut from the same input at the first NUL byte). Loading either succeeds or
// reports errors as file:line:col; a grammar that loads is then run over a short document.
inline int GrammarOne(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::string_view main = all, common;
  if (auto nul = all.find('\0'); nul != std::string_view::npos) {
    main = all.substr(0, nul);
    common = all.substr(nul + 1);
  }
  fs::path dir = ScratchDir() / "grammar";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  WriteFile(dir / "fuzz.rules", main);
  if (!common.empty()) WriteFile(dir / "common.rules", common);
  std::vector<grammar::LoadError> errors;
  auto g = grammar::Grammar::Load(dir.string(), &errors);
  if (!g) {
    QUARRY_FUZZ_CHECK(!errors.empty());
    for (const auto& e : errors) QUARRY_FUZZ_CHECK(!e.ToString().empty());
    return 0;
  }
  for (const auto& r : g->rules()) (void)g->Dump(r.name);
  static text::Analyzer* analyzer = new text::Analyzer();
  static const numbers::QuantityAnnotator* quantities = new numbers::QuantityAnnotator(ProjectLexicon(), facts::LoadSchemaUnits(QUARRY_SOURCE_DIR "/grammars"));
  Document doc;
  doc.raw = "Leapmotor delivered 70,327 vehicles in November, up 31.8% year-on-year. 问界11月交付 8.2万辆。";
  text::TextDoc t;
  analyzer->Analyze(doc, &t);
  std::vector<Annotation> anns;
  quantities->Annotate(t, &anns);
  grammar::MatchResult result;
  g->Run(t, &anns, &result);
  for (const auto& m : result.matches) {
    QUARRY_FUZZ_CHECK(m.rule >= 0 && static_cast<size_t>(m.rule) < g->rules().size(), m.rule);
    QUARRY_FUZZ_CHECK(m.tok_begin <= m.tok_end && m.tok_end <= t.tokens.size(), m.tok_begin, m.tok_end);
  }
  return 0;
}

// A DocumentReader over one file of the given extension holding the input bytes: every
// document it yields is then analyzed. Errors go to the callback (they must name the source).
inline int ReaderOne(const uint8_t* data, size_t size, const char* extension) {
  std::filesystem::path file = ScratchDir() / (std::string("input") + extension);
  WriteFile(file, std::string_view(reinterpret_cast<const char*>(data), size));
  input::ReadOptions opts;
  opts.max_document_bytes = 1 << 20;
  input::DocumentReader reader({file.string()}, opts, [](const input::ReadError& e) {
    QUARRY_FUZZ_CHECK(!e.ToString().empty());
  });
  std::string err;
  if (!reader.Validate(&err)) return 0;
  static text::Analyzer* analyzer = new text::Analyzer();
  static text::TextDoc* t = new text::TextDoc();
  Document doc;
  for (int n = 0; n < 10000 && reader.Next(&doc); ++n) {
    QUARRY_FUZZ_CHECK(doc.raw.size() <= opts.max_document_bytes, doc.raw.size());
    analyzer->Analyze(doc, t);
    CheckTextDoc(doc, *t);
  }
  return 0;
}

// The JSONL reader: each line's verdict and kept fields from JsonlFields must be those of
// nlohmann's parser (tests/fuzz/jsonl_reference.h), then the whole reader runs as for any format.
inline int JsonlOne(const uint8_t* data, size_t size) {
  static const std::vector<std::string> wanted = {"id", "url", "title", "published", "text", "html"};
  static input::JsonlFields* fields = new input::JsonlFields(wanted);
  std::string_view all(reinterpret_cast<const char*>(data), size);
  while (!all.empty()) {
    size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto mine = testing::ScannerVerdict(*fields, line, wanted);
    auto ref = testing::ReferenceVerdict(line, wanted);
    QUARRY_FUZZ_CHECK(mine.failure == ref.failure, static_cast<uint64_t>(mine.failure),
                      static_cast<uint64_t>(ref.failure));
    QUARRY_FUZZ_CHECK(mine.values == ref.values);
  }
  return ReaderOne(data, size, ".jsonl");
}

// The whole extraction pipeline with the project's own grammar pack (analyze, annotate, match,
// resolve): facts must point inside the raw document.
inline int ExtractOne(const uint8_t* data, size_t size, const std::string& grammar_dir) {
  static std::shared_ptr<const facts::Resources> res = [&] {
    std::vector<std::string> errors;
    auto r = facts::Resources::Load(grammar_dir, &errors);
    if (!r) {
      for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
      Fail("grammar pack does not load");
    }
    return r;
  }();
  static facts::Extractor* extractor = new facts::Extractor(res);
  Input in = SplitInput(data, size);
  Document doc = MakeDocument(in);
  std::vector<Fact> facts;
  facts::Trace trace;
  extractor->Extract(doc, &facts, &trace);
  CheckTextDoc(doc, trace.text);
  CheckAnnotations(trace.text, trace.annotations);
  for (const auto& f : facts) {
    QUARRY_FUZZ_CHECK(f.span.begin <= f.span.end && f.span.end <= doc.raw.size(), f.span.begin, f.span.end);
    QUARRY_FUZZ_CHECK(f.sentence.end <= doc.raw.size(), f.sentence.end, doc.raw.size());
    QUARRY_FUZZ_CHECK(ValidUtf8(f.evidence) && ValidUtf8(f.subject) && ValidUtf8(f.type));
  }
  return 0;
}

// A whole grammar folder, as `quarry --grammars DIR` loads it (facts::Resources::Load: rules,
// gazetteer, lexicon, schema). The input is up to three files cut at NUL bytes: a rule file, a
// gazetteer file added to the project's gazetteer, a lexicon file added to its lexicon; the
// project's pack.schema is there too, so rules and kinds are checked against it. Loading either
// succeeds or gives errors, each "file:line..." naming a file of the folder; a pack that loads
// extracts from a short document, its facts inside the raw text.
inline int PackOne(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::string_view part[3];
  for (int k = 0; k < 3; ++k) {
    size_t nul = k < 2 ? all.find('\0') : std::string_view::npos;
    part[k] = all.substr(0, nul);
    if (nul == std::string_view::npos) break;
    all.remove_prefix(nul + 1);
  }
  fs::path dir = ScratchDir() / "pack";
  std::error_code ec;
  // The project's gazetteer, lexicon and schema are copied once; each run replaces only the
  // fuzzed files (zz sorts last: project entities are loaded first, as in a real pack).
  static const bool copied = [&] {
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    fs::copy(QUARRY_SOURCE_DIR "/grammars/gazetteer", dir / "gazetteer", fs::copy_options::recursive, ec);
    fs::copy(QUARRY_SOURCE_DIR "/grammars/lexicon", dir / "lexicon", fs::copy_options::recursive, ec);
    fs::copy_file(QUARRY_SOURCE_DIR "/grammars/pack.schema", dir / "pack.schema", ec);
    return true;
  }();
  (void)copied;
  WriteFile(dir / "fuzz.rules", part[0]);
  WriteFile(dir / "gazetteer" / "zz.tsv", part[1]);
  WriteFile(dir / "lexicon" / "zz.tsv", part[2]);
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(dir.string(), &errors);
  if (!res) {
    QUARRY_FUZZ_CHECK(!errors.empty());
    for (const auto& e : errors) QUARRY_FUZZ_CHECK(e.find(dir.string()) != std::string::npos);
    return 0;
  }
  facts::Extractor extractor(res);
  Document doc;
  doc.id = "fuzz";
  doc.published = "2025-12-02";
  doc.raw = "Leapmotor delivered 70,327 vehicles in November, up 31.8% year-on-year. 问界11月交付 8.2万辆。";
  std::vector<Fact> facts;
  facts::Trace trace;
  extractor.Extract(doc, &facts, &trace);
  for (const auto& f : facts) {
    QUARRY_FUZZ_CHECK(f.span.begin <= f.span.end && f.span.end <= doc.raw.size(), f.span.begin, f.span.end);
    QUARRY_FUZZ_CHECK(f.sentence.end <= doc.raw.size(), f.sentence.end, doc.raw.size());
  }
  return 0;
}

// verify over claims against a small fixed database (tests/verify/fixture.sql, made once per
// process in the scratch folder) with the test gazetteer: CSV or JSONL claims (first byte picks).
// Every claim gets a verdict without an exception; confirmed, consistent and contradicted
// verdicts name their evidence, and every piece of evidence is a stored fact.
inline int VerifyOne(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  static SQLite::Database* db = [] {
    fs::path path = ScratchDir() / "verify.db";
    std::error_code ec;
    fs::remove(path, ec);
    std::string err;
    { auto store = store::Store::Open(path.string(), &err); if (!store) Fail("cannot create the verify database"); }
    auto* d = new SQLite::Database(path.string(), SQLite::OPEN_READWRITE);
    std::ifstream f(QUARRY_SOURCE_DIR "/tests/verify/fixture.sql");
    std::stringstream sql;
    sql << f.rdbuf();
    d->exec(sql.str());
    return d;
  }();
  static gazetteer::Gazetteer* gaz = [] {
    std::string warning;
    return verify::LoadGazetteer(QUARRY_SOURCE_DIR "/tests/verify/grammars", &warning).release();
  }();
  static verify::StoredNames* stored = new verify::StoredNames(verify::LoadStoredNames(*db));
  Input in = SplitInput(data, size);
  std::vector<verify::Claim> claims;
  std::string error;
  if (!verify::ParseClaims(in.body, "claims", in.flags & 1, &claims, &error)) return 0;
  for (size_t i = 0; i < claims.size() && i < 64; ++i) {
    verify::Verdict v;
    try {
      v = verify::VerifyClaim(*db, gaz, claims[i], (in.flags & 2) ? "https://example.com/hima-november-2025" : "",
                              (in.flags & 4) ? nullptr : stored);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "quarry fuzz: verify threw: %s\n", e.what());
      Fail("VerifyClaim threw on a fixed, valid database");
    }
    if (v.status != verify::Status::kNotFound) QUARRY_FUZZ_CHECK(!v.evidence.empty());
    for (const auto& f : v.evidence) QUARRY_FUZZ_CHECK(f.id > 0 && !f.subject.empty(), f.id);
  }
  return 0;
}

// verify's claim parser: CSV or JSONL claims (first byte picks), then every claim's written
// figure. Either claims or a "name:line: message" error; a parsed figure's interval is never
// empty and contains the value unless the figure is a strict bound.
inline int ClaimsOne(const uint8_t* data, size_t size) {
  Input in = SplitInput(data, size);
  std::vector<verify::Claim> claims;
  std::string error;
  bool ok = verify::ParseClaims(in.body, "claims", in.flags & 1, &claims, &error);
  if (!ok) QUARRY_FUZZ_CHECK(error.rfind("claims", 0) == 0);
  for (const auto& c : claims) QUARRY_FUZZ_CHECK(c.line >= 1, c.line);
  std::string ferr;
  if (auto f = verify::ParseWrittenFigure(in.body, &ferr)) {
    QUARRY_FUZZ_CHECK(!f->interval.Empty());
    (void)f->interval.ToString();
  }
  return 0;
}

}  // namespace quarry::fuzz
