// bench_match: matching time of the grammar engine (Grammar::Run only; analysis and annotation
// are done before the clock starts). Shows (1) time linear in input size: generated news text
// at 1x, 10x, 100x through the project's grammar pack; (2) a rule with 12 optional elements
// costs less than 2x a plain rule on the same text. Times are CPU time of the measuring thread
// (the machine is shared), the median of many runs: ROUNDS rounds, each running 100x once, 10x
// 10 times and 1x 100 times, the pack, the plain and the 12-optional rule interleaved run by run.
// Each size keeps its annotation list and match result across runs (Note [Warm buffers] in
// bench_annotate.cc).
// Usage: bench_match [GRAMMAR_DIR] [BASE_SENTENCES] [ROUNDS]   (400 sentences at 1x, 7 rounds;
// exit 1 if either claim fails: ns/token at 100x under 1.5x that at 1x, opt12/plain under 2x)
// QUARRY_BENCH_RULES=1 also lists the pack rules costing the most automaton steps per token.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "facts/extractor.h"
#include "grammar/match.h"
#include "grammar/prog.h"

using namespace quarry;

namespace {

// News-like sentences from templates; figures and brands vary, nothing is copied from articles.
std::string Generate(int sentences, uint32_t seed) {
  static const char* kBrands[] = {"Leapmotor", "AITO", "NIO", "Xpeng", "Li Auto", "BYD", "Zeekr", "Xiaomi"};
  static const char* kMonths[] = {"January", "March", "June", "September", "October", "November"};
  static const char* kTemplates[] = {
      "%s delivered %d vehicles in %s, up %d.%d%% year-on-year.",
      "%s has also officially delivered a total of %d units in %s.",
      "In %s, %s sold about %d cars, a new monthly record.",
      "%s said it plans to deliver over %d vehicles in %s.",
      "The company, which is based in Hangzhou, did not give a reason for the change in %s of %s or %d.",
      "%s's exports reached %d vehicles, down %d.%d%% from a year earlier.",
  };
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  std::string out;
  char buf[512];
  for (int i = 0; i < sentences; ++i) {
    const char* b = kBrands[pick(8)];
    const char* m = kMonths[pick(6)];
    int v = 1000 + pick(90000), p = pick(90), q = pick(10);
    switch (pick(6)) {
      case 0: std::snprintf(buf, sizeof buf, kTemplates[0], b, v, m, p, q); break;
      case 1: std::snprintf(buf, sizeof buf, kTemplates[1], b, v, m); break;
      case 2: std::snprintf(buf, sizeof buf, kTemplates[2], m, b, v); break;
      case 3: std::snprintf(buf, sizeof buf, kTemplates[3], b, v, m); break;
      case 4: std::snprintf(buf, sizeof buf, kTemplates[4], m, b, v); break;
      default: std::snprintf(buf, sizeof buf, kTemplates[5], b, v, p, q); break;
    }
    out += buf;
    out += (i % 5 == 4) ? "\n\n" : " ";
  }
  return out;
}

// CPU time of this thread in milliseconds: the machine is shared, wall time would measure the
// neighbours too.
double ThreadMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Buffers kept across runs, one set per size, as the Extractor keeps its Trace across documents
// (Note [Warm buffers] in bench_annotate.cc). A fresh copy of the annotations had no spare
// capacity, so each stage that emits reallocated the whole list (248 bytes an annotation): at 100x
// tens of MB, mapped and faulted in anew on every run (41,600 page faults a run, 300 at 1x).
struct Buffers {
  std::vector<Annotation> anns;
  grammar::MatchResult res;
};

// One run of g.Run over the prepared trace (annotations copied first, untimed), in CPU ms.
double TimeRun(const grammar::Grammar& g, const facts::Trace& tr, Buffers* b, size_t* matches) {
  b->anns.assign(tr.annotations.begin(), tr.annotations.end());
  double t0 = ThreadMs();
  g.Run(tr.text, &b->anns, &b->res);
  double ms = ThreadMs() - t0;
  *matches = b->res.matches.size();
  return ms;
}

std::unique_ptr<grammar::Grammar> Rule(const std::string& pattern) {
  std::vector<grammar::LoadError> errs;
  auto g = grammar::Grammar::FromSources(
      {{"bench.rules", "rule bench\n  set type=deliveries\n  match " + pattern + "\nend\n"}}, &errs);
  for (const auto& e : errs) std::fprintf(stderr, "%s\n", e.ToString().c_str());
  return g;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : facts::DefaultGrammarDir();
  int base = argc > 2 ? std::atoi(argv[2]) : 400;
  int rounds = argc > 3 ? std::atoi(argv[3]) : 7;
  if (base < 1) base = 400;
  if (rounds < 1) rounds = 7;
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(dir, &errors);
  if (!res) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
  }
  const std::string plain_pat = "subject:<entity> _{0,4} \"delivered\" value:<quantity>";
  // Twelve optional elements around the same core.
  const std::string opt_pat =
      "subject:<entity> \"'s\"? (\"has\" | \"have\")? \"also\"? \"officially\"? \"reportedly\"? "
      "\"successfully\"? \"just\"? _{0,4} \"delivered\" \"a\"? \"total\"? \"of\"? \"over\"? \"about\"? value:<quantity>";
  auto plain = Rule(plain_pat);
  auto opt = Rule(opt_pat);
  if (!plain || !opt) return 2;

  facts::Extractor ex(res);
  std::printf("grammar: %s (%zu rules)\n", dir.c_str(), res->grammar->rules().size());
  const int kSizes[3] = {1, 10, 100};
  std::vector<facts::Trace> traces(3);
  size_t bytes[3];
  for (int i = 0; i < 3; ++i) {
    Document doc;
    doc.id = "bench";
    doc.raw = Generate(base * kSizes[i], 7);
    bytes[i] = doc.raw.size();
    ex.Annotate(doc, &traces[i]);
  }
  // The machine is shared: the three sizes are interleaved round by round (in each round 100x
  // runs once, 10x 10 times, 1x 100 times: about the same amount of text each), and within a size
  // the pack, the plain and the 12-optional rule run by run, so that all of them see the same load.
  std::vector<double> packs[3], plains[3], opts[3];
  size_t m_pack[3] = {0, 0, 0}, m_plain[3] = {0, 0, 0}, m_opt[3] = {0, 0, 0};
  Buffers buffers[3];
  for (int r = 0; r < rounds; ++r) {
    for (int i : {2, 1, 0}) {
      for (int k = 0; k < 100 / kSizes[i]; ++k) {
        packs[i].push_back(TimeRun(*res->grammar, traces[i], &buffers[i], &m_pack[i]));
        plains[i].push_back(TimeRun(*plain, traces[i], &buffers[i], &m_plain[i]));
        opts[i].push_back(TimeRun(*opt, traces[i], &buffers[i], &m_opt[i]));
      }
    }
  }
  std::printf("median CPU ms of the measuring thread; runs: %d at 1x, %d at 10x, %d at 100x, interleaved\n",
              rounds * 100, rounds * 10, rounds);
  std::printf("%-6s %9s %9s %12s %10s %10s %10s %9s %8s %8s %8s\n", "size", "bytes", "tokens", "pack ms", "pack ns/tok",
              "plain ms", "opt12 ms", "opt/plain", "matches", "m plain", "m opt12");
  double first_ns = 0, last_ns = 0, worst_ratio = 0;
  for (int i = 0; i < 3; ++i) {
    const facts::Trace& tr = traces[i];
    double pack = Median(packs[i]), p = Median(plains[i]), o = Median(opts[i]);
    double ns = pack * 1e6 / static_cast<double>(tr.text.tokens.size());
    if (i == 0) first_ns = ns;
    last_ns = ns;
    worst_ratio = std::max(worst_ratio, o / p);
    std::printf("%-6s %9zu %9zu %12.2f %10.1f %10.2f %10.2f %9.2f %8zu %8zu %8zu\n",
                (std::to_string(kSizes[i]) + "x").c_str(), bytes[i], tr.text.tokens.size(), pack, ns, p, o, o / p,
                m_pack[i], m_plain[i], m_opt[i]);
  }
  if (std::getenv("QUARRY_BENCH_RULES")) {
    // Cost per rule of the pack (steps of the automaton), to find rules worth tightening.
    Document doc;
    doc.id = "bench";
    doc.raw = Generate(base * 10, 7);
    facts::Trace tr;
    ex.Annotate(doc, &tr);
    grammar::MatchResult mr;
    res->grammar->Run(tr.text, &tr.annotations, &mr);  // annotations now include stage outputs
    const auto& prog = res->grammar->prog();
    std::vector<std::pair<uint64_t, int>> cost;
    grammar::Matcher m(prog);
    for (size_t r = 0; r < prog.rules.size(); ++r) {
      uint64_t steps = 0;
      for (uint32_t si = 0; si < tr.text.sentences.size(); ++si) {
        grammar::SentenceView v;
        v.doc = &tr.text;
        v.anns = &tr.annotations;
        v.sentence = si;
        v.begin = tr.text.sentences[si].tok_begin;
        v.end = tr.text.sentences[si].tok_end;
        if (v.end <= v.begin) continue;
        v.Index();
        std::vector<grammar::Candidate> c;
        m.Run(v, {static_cast<int>(r)}, &c);
        steps += m.steps();
      }
      cost.emplace_back(steps, static_cast<int>(r));
    }
    std::sort(cost.rbegin(), cost.rend());
    for (size_t k = 0; k < cost.size() && k < 15; ++k)
      std::printf("  %10.1f steps/token  %s\n", static_cast<double>(cost[k].first) / tr.text.tokens.size(),
                  res->grammar->rules()[cost[k].second].id.c_str());
  }
  bool linear = last_ns < first_ns * 1.5;
  bool cheap = worst_ratio < 2.0;
  std::printf("linear: ns/token at 100x is %.2fx that at 1x (%s, limit 1.5x)\n", last_ns / first_ns,
              linear ? "ok" : "FAIL");
  std::printf("optional elements: 12-optional rule costs at most %.2fx the plain rule (%s, limit 2x)\n", worst_ratio,
              cheap ? "ok" : "FAIL");
  return linear && cheap ? 0 : 1;
}
