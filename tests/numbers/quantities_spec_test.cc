// Runs tests/specs/quantities.tsv: every row is a sentence and the one quantity it must yield
// (or "-" for none), checked through the real Analyzer. Every failing row is reported.
#include <catch2/catch.hpp>

#include <map>

#include "numbers/spec_table.h"

using quarry::AnnKind;
using quarry::testing::Describe;
using quarry::testing::DescribeAll;
using quarry::testing::Pipeline;
using quarry::testing::ReadSpec;
using quarry::testing::ValueText;

namespace {

// "span=over 100,000 firm orders|prec=0|parts=51/49" -> map
std::map<std::string, std::string> Extras(const std::string& s) {
  std::map<std::string, std::string> m;
  size_t p = 0;
  while (p < s.size()) {
    size_t bar = s.find('|', p);
    std::string kv = s.substr(p, bar == std::string::npos ? std::string::npos : bar - p);
    size_t eq = kv.find('=');
    if (eq != std::string::npos) m[kv.substr(0, eq)] = kv.substr(eq + 1);
    if (bar == std::string::npos) break;
    p = bar + 1;
  }
  return m;
}

}  // namespace

TEST_CASE("quantities spec table") {
  const std::string path = std::string(QUARRY_SOURCE_DIR) + "/tests/specs/quantities.tsv";
  auto rows = ReadSpec(path, 6);
  REQUIRE(rows.size() >= 150);
  Pipeline pipe;
  int failures = 0;
  for (const auto& r : rows) {
    const std::string& input = r.cols[0];
    const std::string& figure = r.cols[1];
    auto res = pipe.Run(input);
    std::string why;
    if (figure == "-") {
      if (!res.quantities.empty()) why = "expected no quantity";
    } else if (res.quantities.size() != 1) {
      why = "expected exactly one quantity";
    } else {
      const auto& a = res.quantities[0];
      const auto& text = res.doc.text;
      std::string got_fig(a.figure.Of(text));
      // The text layer folds no-break spaces to ' '; tolerate one that keeps them.
      for (size_t p = got_fig.find("\u00A0"); p != std::string::npos; p = got_fig.find("\u00A0"))
        got_fig.replace(p, 2, " ");
      // Likewise full-width digits (U+FF10..U+FF19), which it folds to ASCII.
      for (size_t p = got_fig.find("\xEF\xBC"); p != std::string::npos && p + 2 < got_fig.size();
           p = got_fig.find("\xEF\xBC", p + 1)) {
        unsigned char c = static_cast<unsigned char>(got_fig[p + 2]);
        if (c >= 0x90 && c <= 0x99) got_fig.replace(p, 3, 1, static_cast<char>('0' + (c - 0x90)));
      }
      std::string approx = r.cols[4].empty() ? "=" : r.cols[4];
      // Digit groups may be folded to "81,864" and U+2212 to '-' by the text layer.
      auto fold = [](std::string f) {
        std::string o;
        for (size_t i = 0; i < f.size(); ++i) {
          if (f.compare(i, 3, "\u2212") == 0) {
            o.push_back('-');
            i += 2;
          } else if (f[i] != ',' && f[i] != ' ') {
            o.push_back(f[i]);
          }
        }
        return o;
      };
      if (fold(got_fig) != fold(figure)) why += " figure";
      if (ValueText(a) != r.cols[2]) why += " value";
      if (a.unit != r.cols[3]) why += " unit";
      if (quarry::ApproxSymbol(a.approx) != approx) why += " approx";
      for (const auto& [k, v] : Extras(r.cols[5])) {
        if (k == "span" && std::string(a.span.Of(text)) != v) why += " span";
        if (k == "prec" && std::to_string(a.precision_exp) != v) why += " prec";
        if (k == "parts") {
          std::string parts;
          for (size_t i = 0; i < a.parts.size(); ++i) parts += (i ? "/" : "") + a.parts[i].ToString();
          if (parts != v) why += " parts";
        }
      }
      if (!why.empty()) why = "mismatch:" + why;
    }
    if (!why.empty()) {
      ++failures;
      FAIL_CHECK("tests/specs/quantities.tsv:" << r.line << ": " << why << "\n  input:    " << input
                                               << "\n  expected: figure='" << figure << "' value=" << r.cols[2]
                                               << " unit=" << r.cols[3] << " approx=" << r.cols[4] << " "
                                               << r.cols[5] << "\n  got:" << DescribeAll(res.quantities, res.doc));
    }
  }
  INFO(failures << " of " << rows.size() << " rows failed");
  CHECK(failures == 0);
}
