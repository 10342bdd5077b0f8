// bench_floor: the segmentation floor for the benchmarks: ICU word break alone over the same
// documents quarry extracts, one BreakIterator reused for every document (as any real
// segmenter would), UTF-8 text through UText (no conversion to UTF-16, as quarry's segmenter).
// Input: JSONL documents (the `text`, else `html` field) or plain files. The text is loaded
// first, untimed; only the break iteration is timed. Throughput is reported over the input file
// bytes, so that it compares directly with `quarry extract`, `cat` and `wc -w` on those files.
//   bench_floor [--repeat N] FILE.jsonl|FILE...
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

// CPU seconds of this process (user + system): on a shared machine wall time measures the
// neighbours too, CPU time measures the work.
double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      files.push_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: bench_floor [--repeat N] FILE.jsonl|FILE...\n");
    return 2;
  }
  std::vector<std::string> texts;
  uint64_t file_bytes = 0, text_bytes = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "bench_floor: %s: cannot open\n", f.c_str());
      return 2;
    }
    if (EndsWith(f, ".jsonl") || EndsWith(f, ".ndjson")) {
      std::string line;
      while (std::getline(in, line)) {
        file_bytes += line.size() + 1;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        for (const char* k : {"text", "html"}) {
          auto it = j.find(k);
          if (it != j.end() && it->is_string()) {
            texts.push_back(it->get<std::string>());
            break;
          }
        }
      }
    } else {
      texts.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      file_bytes += texts.back().size();
    }
  }
  for (const auto& t : texts) text_bytes += t.size();

  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
  if (U_FAILURE(st)) {
    std::fprintf(stderr, "bench_floor: ICU word break: %s\n", u_errorName(st));
    return 2;
  }
  UText* ut = nullptr;
  double best = 1e300, best_cpu = 1e300;
  uint64_t tokens = 0, word_tokens = 0;
  for (int r = 0; r < repeat; ++r) {
    tokens = word_tokens = 0;
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    for (const auto& t : texts) {
      st = U_ZERO_ERROR;
      ut = utext_openUTF8(ut, t.data(), static_cast<int64_t>(t.size()), &st);  // reuses the UText
      words->setText(ut, st);
      for (int32_t b = words->first(), e = words->next(); e != icu::BreakIterator::DONE; b = e, e = words->next()) {
        ++tokens;
        if (words->getRuleStatus() != UBRK_WORD_NONE) ++word_tokens;
        (void)b;
      }
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
    best_cpu = std::min(best_cpu, CpuSeconds() - c0);
  }
  utext_close(ut);
  // key=value, one line: parsed by bench/run.
  std::printf("icu_wordbreak docs=%zu file_bytes=%llu text_bytes=%llu seconds=%.4f cpu_seconds=%.4f "
              "mb_per_s=%.2f cpu_mb_per_s=%.2f docs_per_s=%.0f segments=%llu words=%llu\n",
              texts.size(), static_cast<unsigned long long>(file_bytes), static_cast<unsigned long long>(text_bytes),
              best, best_cpu, file_bytes / 1e6 / best, file_bytes / 1e6 / best_cpu, texts.size() / best, static_cast<unsigned long long>(tokens),
              static_cast<unsigned long long>(word_tokens));
  return 0;
}
