// Conformance against the Unicode Character Database test files Debian ships in unicode-data
// (Unicode 15.0, the version ICU 72 and utf8proc 2.8 implement), for what the text layer relies
// on: utf8proc NFKC and our grouping normalizer (NormalizationTest.txt), ICU's word break, used
// for dictionary scripts (WordBreakTest.txt), and ICU's sentence break (SentenceBreakTest.txt).
// Our own token rules differ from UAX #29 on purpose (Note [Token rules] in text/segment.cc), so
// they are tested by tests/specs/tokens.tsv instead. A missing file is a WARN, not a pass that
// hides: set QUARRY_UNICODE_DATA to the folder when unicode-data lives elsewhere.
#include <catch2/catch.hpp>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>
#include <utf8proc.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "text/normalize.h"
#include "text/spec_util.h"

using namespace quarry;

namespace {

std::string UnicodeDir() {
  const char* env = std::getenv("QUARRY_UNICODE_DATA");
  return env ? env : "/usr/share/unicode";
}

std::string Utf8(uint32_t cp) {
  std::string s;
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  s.append(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
  return s;
}

// "0044 0307" -> UTF-8.
std::string FromHex(const std::string& field) {
  std::istringstream in(field);
  std::string h, out;
  while (in >> h) out += Utf8(static_cast<uint32_t>(std::stoul(h, nullptr, 16)));
  return out;
}

std::string Nfkc(const std::string& s) {
  utf8proc_uint8_t* r = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &r,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  std::string out = n >= 0 ? std::string(reinterpret_cast<char*>(r), static_cast<size_t>(n)) : "<error>";
  std::free(r);
  return out;
}

// Lines of a break test file as (text, expected boundary byte offsets).
struct BreakCase {
  std::string text;
  std::vector<int32_t> bounds;
  std::string line;
};

std::vector<BreakCase> ReadBreakTests(const std::string& path) {
  std::vector<BreakCase> out;
  std::string all = test::ReadFile(path);
  for (const std::string& line : test::Split(all, "\n")) {
    if (line.empty() || line[0] == '#') continue;
    std::string body = line.substr(0, line.find('#'));
    std::istringstream in(body);
    std::string tok;
    BreakCase c;
    c.line = line;
    while (in >> tok) {
      if (tok == "\xC3\xB7") c.bounds.push_back(static_cast<int32_t>(c.text.size()));  // ÷
      else if (tok == "\xC3\x97") continue;                                            // ×
      else c.text += Utf8(static_cast<uint32_t>(std::stoul(tok, nullptr, 16)));
    }
    out.push_back(std::move(c));
  }
  return out;
}

void RunBreakTest(icu::BreakIterator* it, const std::vector<BreakCase>& cases, int* failed, std::string* report) {
  for (const BreakCase& c : cases) {
    UErrorCode st = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, c.text.data(), static_cast<int64_t>(c.text.size()), &st);
    it->setText(ut, st);
    std::vector<int32_t> got;
    for (int32_t p = it->first(); p != icu::BreakIterator::DONE; p = it->next()) got.push_back(p);
    utext_close(ut);
    if (got != c.bounds) {
      ++*failed;
      *report += c.line + "\n";
    }
  }
}

}  // namespace

TEST_CASE("NormalizationTest.txt: utf8proc NFKC and our grouping normalizer", "[text][conformance]") {
  std::string path = UnicodeDir() + "/NormalizationTest.txt.bz2";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " << path << " not found (Debian package unicode-data)");
    return;
  }
  std::string cmd = "bzcat '" + path + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    WARN("skipped: cannot run bzcat to decompress " << path);
    return;
  }
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) data.append(buf, n);
  int rc = pclose(p);
  if (rc != 0 || data.empty()) {
    WARN("skipped: bzcat failed on " << path);
    return;
  }
  text::Normalizer fast({/*folds=*/false, /*ascii_fast=*/true});
  text::Normalizer slow({/*folds=*/false, /*ascii_fast=*/false});
  int lines = 0, lib_fail = 0, fast_fail = 0, slow_fail = 0;
  for (const std::string& line : test::Split(data, "\n")) {
    if (line.empty() || line[0] == '#' || line[0] == '@') continue;
    auto f = test::Split(line, ";");
    if (f.size() < 5) continue;
    ++lines;
    std::string c[5];
    for (int i = 0; i < 5; ++i) c[i] = FromHex(f[static_cast<size_t>(i)]);
    // NFKC conformance: c4 == toNFKC(c1) == toNFKC(c2) == toNFKC(c3) == toNFKC(c4) == toNFKC(c5).
    for (int i = 0; i < 5; ++i) {
      if (Nfkc(c[i]) != c[3]) ++lib_fail;
      // Our normalizer adds context on both sides, as inside a document.
      std::string in = "x " + c[i] + " y";
      std::string want = "x " + c[3] + " y";
      if (fast.Normalize(in) != want) {
        if (++fast_fail < 10) UNSCOPED_INFO("fast path: " << line);
      }
      if (slow.Normalize(c[i]) != c[3]) {
        if (++slow_fail < 10) UNSCOPED_INFO("slow path: " << line);
      }
    }
  }
  CHECK(lines > 15000);
  CHECK(lib_fail == 0);
  CHECK(fast_fail == 0);
  CHECK(slow_fail == 0);
}

TEST_CASE("WordBreakTest.txt: ICU word break (used for Han, kana, Thai runs)", "[text][conformance]") {
  std::string path = UnicodeDir() + "/auxiliary/WordBreakTest.txt";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " << path << " not found (Debian package unicode-data)");
    return;
  }
  auto cases = ReadBreakTests(path);
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
  REQUIRE(U_SUCCESS(st));
  // CLDR's root tailoring (which ICU applies) takes COLON out of MidLetter (only Swedish and
  // Finnish keep "a:b" together), so cases joining letters across U+003A differ by design.
  std::vector<BreakCase> plain, colon;
  for (auto& c : cases) (c.line.find(" 003A ") != std::string::npos ? colon : plain).push_back(c);
  int failed = 0, colon_failed = 0;
  std::string report, colon_report;
  RunBreakTest(it.get(), plain, &failed, &report);
  RunBreakTest(it.get(), colon, &colon_failed, &colon_report);
  INFO(report);
  CHECK(cases.size() > 1000);
  CHECK(failed == 0);
  CHECK(colon_failed <= 16);  // the MidLetter colon cases of Unicode 15.0 (15 today)
}

TEST_CASE("SentenceBreakTest.txt: ICU sentence break", "[text][conformance]") {
  std::string path = UnicodeDir() + "/auxiliary/SentenceBreakTest.txt";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " << path << " not found (Debian package unicode-data)");
    return;
  }
  auto cases = ReadBreakTests(path);
  UErrorCode st = U_ZERO_ERROR;
  // The plain root rules: the "ss=standard" suppressions we use on top are an ICU extension.
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), st));
  REQUIRE(U_SUCCESS(st));
  int failed = 0;
  std::string report;
  RunBreakTest(it.get(), cases, &failed, &report);
  INFO(report);
  CHECK(cases.size() > 400);
  CHECK(failed == 0);
}
