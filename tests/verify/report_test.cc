// The HTML report: escaping, the figure located in its evidence sentence, self-containment.
#include <catch2/catch.hpp>

#include "helpers.h"
#include "verify/report.h"

using namespace quarry::testing;
using namespace quarry::verify;

namespace {
StoredFact Make(const std::string& evidence, const std::string& value, int prec, int64_t rel, int64_t len,
                int64_t raw_len) {
  StoredFact f;
  f.evidence = evidence;
  f.value = *quarry::Decimal::Parse(value);
  f.value_text = value;
  f.precision_exp = prec;
  f.sentence_begin = 1000;
  f.sentence_end = 1000 + raw_len;
  f.span_begin = 1000 + rel;
  f.span_end = 1000 + rel + len;
  return f;
}
std::string Marked(const StoredFact& f) {
  auto [b, e] = FigureInEvidence(f);
  if (b == std::string::npos) return "(none)";
  return f.evidence.substr(0, b) + "[" + f.evidence.substr(b, e - b) + "]" + f.evidence.substr(e);
}
}  // namespace

TEST_CASE("the figure is found in its evidence sentence", "[report]") {
  std::string s = "Leapmotor shipped a record 70,327 cars in November.";
  // Same length raw and normalized: offsets carry over.
  CHECK(Marked(Make(s, "70327", 0, 27, 6, s.size())) == "Leapmotor shipped a record [70,327] cars in November.");
  // HTML source: raw sentence longer; found by rendering, nearest the proportional position.
  CHECK(Marked(Make("Sold 7 in 2024 and 7 in 2025.", "7", 0, 60, 1, 90)) == "Sold 7 in 2024 and [7] in 2025.");
  CHECK(Marked(Make("It passed 70K deliveries.", "70000", 3, 10, 3, 40)) == "It passed [70K] deliveries.");
  CHECK(Marked(Make("Up 127.93% on the year, and 12 more.", "127.93", -2, 3, 7, 50)) == "Up [127.93%] on the year, and 12 more.");
  CHECK(Marked(Make("Sales fell 34.07% in a year.", "-34.07", -2, 11, 6, 40)) == "Sales fell [34.07%] in a year.");
  CHECK(Marked(Make("About 1.2 million cars.", "1200000", 5, 6, 11, 40)) == "About [1.2 million] cars.");
  // The stored span is the highlight when offsets line up: all of "175.60 percent", not a
  // search hit cutting "<mark>175.6</mark>0".
  std::string t = "Orders rose 175.60 percent on the year.";
  CHECK(Marked(Make(t, "175.6", -2, 12, 14, t.size())) == "Orders rose [175.60 percent] on the year.");
  CHECK(Marked(Make(t, "175.6", -2, 12, 6, t.size())) == "Orders rose [175.60] percent on the year.");
  // A span that cuts a number does not line up: found by search instead.
  CHECK(Marked(Make(s, "70327", 0, 28, 5, s.size())) == "Leapmotor shipped a record [70,327] cars in November.");
  // Not a part of a longer number.
  CHECK(Marked(Make("It sold 170,327 units.", "70327", 0, 0, 1, 99)) == "(none)");
}

TEST_CASE("everything from the database is escaped; no network resources", "[report]") {
  StoredFact f = Make("<script>alert(1)</script> sold 5 & more", "5", 0, 32, 1, 40);
  f.id = 7;
  f.type = "deliveries\"><img src=x>";
  f.subject = "A<b>";
  f.url = "javascript:alert(1)";
  f.title = "t'itle";
  f.period = "2025-11";
  std::ostringstream out;
  WriteHtmlReport(out, {f}, {}, ReportOptions{});
  std::string html = out.str();
  CHECK(html.find("<script>alert(1)") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; sold <mark>5</mark> &amp; more") != std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("href=\"javascript:") == std::string::npos);
  CHECK(html.find("t&#39;itle") != std::string::npos);
  // Self-contained: no external fetches.
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("<link rel=\"stylesheet\"") == std::string::npos);
}

TEST_CASE("report command writes a page with charts, facts and findings", "[report]") {
  TempDir dir;
  MakeDb(dir / "q.db");
  auto r = Quarry(dir, "report --db " + Quote(dir / "q.db") + " --html " + Quote(dir / "r.html"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::string html = ReadFile(dir / "r.html");
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<h3>deliveries</h3>") != std::string::npos);
  CHECK(html.find("id=\"fact-7\"") != std::string::npos);
  CHECK(html.find("Leapmotor shipped a record <mark>70,327</mark> cars in November.") != std::string::npos);
  CHECK(html.find("href=\"https://example.com/leapmotor-november-2025\"") != std::string::npos);
  CHECK(html.find("No findings") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "r.html.tmp"));
  r = Quarry(dir, "report --db " + Quote(dir / "q.db"));
  CHECK(r.code == 2);  // --html is required
}

TEST_CASE("report: undated figures get their own row; sources without a URL name their file", "[report]") {
  std::string s = "AITO delivered 15,123 units in August.";
  StoredFact dated = Make(s, "15123", 0, 15, 6, s.size());
  dated.id = 1;
  dated.document = 1;
  dated.type = "deliveries";
  dated.subject = "AITO";
  dated.period = "2025-08";
  dated.modality = "actual";
  dated.url = "https://example.com/aito";
  StoredFact undated = dated;
  undated.id = 2;
  undated.document = 2;
  undated.period = "XXXX-08";
  undated.value = *quarry::Decimal::Parse("14321");
  undated.value_text = "14321";
  undated.url = "";
  undated.doc_id = "aito-undated";
  undated.source_file = "archive/aito-undated.txt";
  std::ostringstream out;
  WriteHtmlReport(out, {dated, undated}, {}, ReportOptions{});
  std::string html = out.str();
  // The chart's axis has only the dated period; the undated figure is in a row of its own.
  size_t svg_end = html.find("</svg>");
  REQUIRE(svg_end != std::string::npos);
  CHECK(html.substr(0, svg_end).find("XXXX-08") == std::string::npos);
  size_t row = html.find("<p class=\"undated\">");
  REQUIRE(row != std::string::npos);
  CHECK(html.find("AITO XXXX-08: 14321", row) != std::string::npos);
  CHECK(html.find("file <code>archive/aito-undated.txt</code>") != std::string::npos);
  CHECK(html.find("href=\"https://example.com/aito\"") != std::string::npos);
}
