// Runs the bad-input catalogue (catalogue.h) through the real pipeline, facts::Extractor with the
// project's grammar pack: every input must finish without crash, in bounded time, with contracts
// kept (valid UTF-8, spans inside their text), and where the damage is local the good sentences
// around it must still give the facts and annotations they give alone, at the right raw bytes.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <tuple>

#include "badinput/catalogue.h"
#include "facts/extractor.h"
#include "fuzz/targets.h"

namespace quarry::badinput {
namespace {

std::shared_ptr<const facts::Resources> Pack() {
  static std::shared_ptr<const facts::Resources> res = [] {
    std::vector<std::string> errors;
    auto r = facts::Resources::Load(QUARRY_SOURCE_DIR "/grammars", &errors);
    for (const auto& e : errors) UNSCOPED_INFO(e);
    return r;
  }();
  return res;
}

// What the good sentences yield: facts as (type, subject, value, the raw bytes of the figure),
// and quantity values with the raw bytes they cover.
using FactKey = std::tuple<std::string, std::string, std::string, std::string>;
using QuantKey = std::tuple<std::string, std::string>;

struct Yield {
  std::set<FactKey> facts;
  std::set<QuantKey> quantities;
};

// CPU time of this thread: the bound is on work done, not on how loaded the machine is.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

Yield Run(facts::Extractor& ex, const Document& doc, double* seconds) {
  std::vector<Fact> facts;
  facts::Trace trace;
  double t0 = ThreadCpuSeconds();
  ex.Extract(doc, &facts, &trace);
  *seconds = ThreadCpuSeconds() - t0;
  fuzz::CheckTextDoc(doc, trace.text);
  fuzz::CheckAnnotations(trace.text, trace.annotations);
  Yield y;
  for (const auto& f : facts) {
    REQUIRE(f.span.end <= doc.raw.size());
    REQUIRE(f.sentence.end <= doc.raw.size());
    CHECK(fuzz::ValidUtf8(f.evidence));
    // A giant sentence's evidence is the part around the figure (2,000 bytes at most, plus the
    // "…" marks), not a copy of the whole sentence per fact.
    CHECK(f.evidence.size() <= 2000 + 2 * 3 + 3);
    y.facts.insert({f.type, f.subject, f.value.ToString(), std::string(f.span.Of(doc.raw))});
  }
  for (const auto& a : trace.annotations) {
    if (a.kind != AnnKind::kQuantity) continue;
    NormSpan fig = a.figure.empty() ? a.span : a.figure;
    y.quantities.insert({a.value.ToString(), std::string(trace.text.ToRaw(fig).Of(doc.raw))});
  }
  return y;
}

Document MakeDoc(const BadInput& in) {
  Document d;
  d.id = in.name;
  d.raw = in.bytes;
  d.content_type = in.kind == Kind::kHtml ? ContentType::kHtml : ContentType::kText;
  d.published = "2025-12-02";
  return d;
}

// CPU seconds allowed for one document: generous for a Debug or ASan build, yet far below what a
// quadratic blow-up or a hang costs on these sizes: 5 s plus 40 s per MB of input.
double Budget(const std::string& bytes) { return 5.0 + 40.0 * static_cast<double>(bytes.size()) / (1 << 20); }

long MaxRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

void RunCategory(const std::string& category) {
  auto res = Pack();
  REQUIRE(res != nullptr);
  facts::Extractor ex(res);
  // The baseline: the good sentences alone, as text and as HTML.
  double secs = 0;
  BadInput clean_text{"", "", Around(""), Kind::kText, true};
  BadInput clean_html{"", "", HtmlAround(""), Kind::kHtml, true};
  Yield base_text = Run(ex, MakeDoc(clean_text), &secs);
  Yield base_html = Run(ex, MakeDoc(clean_html), &secs);
  // The good sentences must give something, else "still gives its facts" would prove nothing.
  REQUIRE(!base_text.quantities.empty());

  int n = 0;
  for (const auto& in : Catalogue()) {
    if (in.category != category) continue;
    ++n;
    INFO(category << ": " << in.name << " (" << in.bytes.size() << " bytes)");
    Document doc = MakeDoc(in);
    Yield y = Run(ex, doc, &secs);
    CHECK(secs < Budget(in.bytes));
    WARN(in.name << ": " << secs << " s CPU");
    if (!in.local) continue;
    const Yield& base = in.kind == Kind::kHtml ? base_html : base_text;
    for (const auto& q : base.quantities) {
      INFO("quantity " << std::get<0>(q) << " at \"" << std::get<1>(q) << "\"");
      CHECK(y.quantities.count(q) == 1);
    }
    for (const auto& f : base.facts) {
      INFO("fact " << std::get<0>(f) << " " << std::get<1>(f) << " " << std::get<2>(f) << " at \""
                   << std::get<3>(f) << "\"");
      CHECK(y.facts.count(f) == 1);
    }
  }
  REQUIRE(n > 0);
  // Bounded memory: the whole category (inputs up to a few MB) stays far below this.
  CHECK(MaxRssMb() < 3000);
}

}  // namespace

TEST_CASE("bad UTF-8 of every kind") { RunCategory("utf8"); }
TEST_CASE("Unicode floods") { RunCategory("flood"); }
TEST_CASE("scripts without spaces") { RunCategory("script"); }
TEST_CASE("tokenizer killers") { RunCategory("tokenizer"); }
TEST_CASE("hostile HTML") { RunCategory("html"); }

// Reusing one Extractor across hostile documents must not leak state into the next good one.
TEST_CASE("an extractor stays clean after hostile documents") {
  auto res = Pack();
  REQUIRE(res != nullptr);
  facts::Extractor fresh(res), used(res);
  double secs = 0;
  for (const auto& in : Catalogue())
    if (in.bytes.size() < 200000) Run(used, MakeDoc(in), &secs);
  BadInput clean{"", "", Around(""), Kind::kText, true};
  Yield a = Run(fresh, MakeDoc(clean), &secs);
  Yield b = Run(used, MakeDoc(clean), &secs);
  CHECK(a.facts == b.facts);
  CHECK(a.quantities == b.quantities);
}

}  // namespace quarry::badinput
