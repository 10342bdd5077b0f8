// bench_stages: one run over a corpus timing every stage of the pipeline separately, on the
// same documents in the same process: read (DocumentReader), hash (the content hash extract
// computes for a new database, XXH3-128), decode, normalize, segment, annotate (quantities,
// periods, gazetteer), match (grammar stages), resolve (facts); and, outside the pipeline's
// total, hash_sha256: the SHA-256 a database written by an earlier version still gets. The store
// is timed by bench/run as `extract --db` minus `extract --format jsonl`, so this program needs
// nothing of the store. Prints one key=value line per stage, parsed by bench/run.
//   bench_stages [--grammars DIR] FILE...
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "facts/extractor.h"
#include "facts/resolve.h"
#include "input/reader.h"
#include "store/content_hash.h"
#include "text/decode.h"
#include "text/normalize.h"
#include "text/segment.h"

namespace {

using Clock = std::chrono::steady_clock;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Wall and CPU time of one stage, accumulated over all documents.
struct Stage {
  const char* name;
  double wall = 0, cpu = 0;
};

class Timer {
 public:
  explicit Timer(Stage* s) : s_(s), w_(Clock::now()), c_(CpuSeconds()) {}
  ~Timer() {
    s_->wall += std::chrono::duration<double>(Clock::now() - w_).count();
    s_->cpu += CpuSeconds() - c_;
  }

 private:
  Stage* s_;
  Clock::time_point w_;
  double c_;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace quarry;
  std::string grammars = facts::DefaultGrammarDir();
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--grammars") == 0 && i + 1 < argc) {
      grammars = argv[++i];
    } else {
      inputs.push_back(argv[i]);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: bench_stages [--grammars DIR] FILE...\n");
    return 2;
  }
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(grammars, &errors);
  if (!res) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
  }
  uint64_t read_errors = 0;
  input::DocumentReader reader(inputs, {}, [&](const input::ReadError&) { ++read_errors; });
  std::string err;
  if (!reader.Validate(&err)) {
    std::fprintf(stderr, "bench_stages: %s\n", err.c_str());
    return 2;
  }

  Stage read{"read"}, hash{"hash"}, sha256{"hash_sha256"}, decode{"decode"}, normalize{"normalize"}, segment{"segment"}, annotate{"annotate"},
      match{"match"}, resolve{"resolve"};
  text::Decoder decoder;
  text::Normalizer normalizer;
  text::Segmenter segmenter;
  facts::Trace trace;
  std::string decoded;
  text::OffsetMap decode_map;
  std::vector<Fact> out;
  Document doc;
  uint64_t docs = 0, bytes = 0, tokens = 0, anns = 0, matches = 0, nfacts = 0;
  for (;;) {
    {
      Timer t(&read);
      if (!reader.Next(&doc)) break;
    }
    ++docs;
    bytes += doc.raw.size();
    {
      Timer t(&hash);
      store::ContentHash(doc.raw, store::HashKind::kXxh128);
    }
    {
      Timer t(&sha256);
      store::ContentHash(doc.raw, store::HashKind::kSha256);
    }
    text::TextDoc& td = trace.text;
    td.Clear();
    decoded.clear();
    decode_map.Clear();
    std::string_view utf8;
    {
      Timer t(&decode);
      bool same = decoder.Decode(doc.raw, doc.charset_hint, doc.content_type == ContentType::kHtml, &decoded,
                                 &decode_map, &td.decode);
      utf8 = same ? std::string_view(doc.raw) : std::string_view(decoded);
    }
    {
      Timer t(&normalize);
      normalizer.Run(utf8, &td.text, &td.map);
    }
    {
      Timer t(&segment);
      segmenter.Run(&td);
    }
    tokens += td.tokens.size();
    {
      Timer t(&annotate);
      trace.annotations.clear();
      auto date = periods::Date::Parse(doc.published);
      res->quantities->Annotate(td, &trace.annotations);
      std::vector<Annotation> q = trace.annotations;
      res->periods->Annotate(td, date, q, &trace.annotations);
      res->gazetteer->Annotate(td, &trace.annotations);
      std::stable_sort(trace.annotations.begin(), trace.annotations.end(), [](const Annotation& a, const Annotation& b) {
        return a.tok_begin != b.tok_begin ? a.tok_begin < b.tok_begin : a.tok_end > b.tok_end;
      });
    }
    anns += trace.annotations.size();
    {
      Timer t(&match);
      trace.matches = grammar::MatchResult{};
      res->grammar->Run(td, &trace.annotations, &trace.matches);
    }
    matches += trace.matches.matches.size();
    {
      Timer t(&resolve);
      out.clear();
      facts::Resolve(doc, trace, *res, &out);
    }
    nfacts += out.size();
  }
  double total_wall = 0, total_cpu = 0;
  for (const Stage* s : {&read, &hash, &sha256, &decode, &normalize, &segment, &annotate, &match, &resolve}) {
    if (s != &sha256) {
      total_wall += s->wall;
      total_cpu += s->cpu;
    }
    std::printf("stage=%s seconds=%.4f cpu_seconds=%.4f mb_per_s=%.2f cpu_mb_per_s=%.2f\n", s->name, s->wall,
                s->cpu, bytes / 1e6 / s->wall, bytes / 1e6 / std::max(s->cpu, 1e-9));
  }
  std::printf("stage=pipeline seconds=%.4f cpu_seconds=%.4f mb_per_s=%.2f cpu_mb_per_s=%.2f docs=%llu bytes=%llu "
              "tokens=%llu annotations=%llu matches=%llu facts=%llu read_errors=%llu\n",
              total_wall, total_cpu, bytes / 1e6 / total_wall, bytes / 1e6 / std::max(total_cpu, 1e-9),
              static_cast<unsigned long long>(docs), static_cast<unsigned long long>(bytes),
              static_cast<unsigned long long>(tokens), static_cast<unsigned long long>(anns),
              static_cast<unsigned long long>(matches), static_cast<unsigned long long>(nfacts),
              static_cast<unsigned long long>(read_errors));
  return 0;
}
