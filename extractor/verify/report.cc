// The HTML evidence report. Everything printed from the database goes through HtmlEscape; URLs
// become links only for http(s) schemes, so a stored `javascript:` URL stays inert text.
//
// Note [Highlighting the figure]: the database keeps the figure's and the sentence's raw byte
// spans and the sentence text as normalized (`evidence`), not the raw document. When the raw
// sentence has the same length as the evidence (plain-text articles whose normalization changed
// nothing) the offsets line up: the stored span, span - sentence_begin, is the highlight, used
// as it is whenever it holds a digit and does not cut a number. Only when they do not line up
// (HTML sources, NFKC folds, CJK) is the figure searched in the evidence among its usual
// renderings (81864, 81,864, the scaled mantissa of 70K or 1.2 million, with any sign dropped
// for "down 34.07%"), at digit boundaries, and the occurrence nearest the proportional position
// of the raw offset wins; the highlight then extends over an attached suffix (K, %, million).
// When nothing is found, no highlight is shown rather than a wrong one.
#include "verify/report.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "base/period.h"
#include "base/version.h"
#include "verify/series.h"

namespace quarry::verify {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Grouped(const std::string& plain) {
  // "81864" -> "81,864"; "-1234.5" -> "-1,234.5".
  size_t start = plain[0] == '-' ? 1 : 0;
  size_t dot = plain.find('.');
  size_t int_end = dot == std::string::npos ? plain.size() : dot;
  std::string out = plain.substr(0, start);
  for (size_t i = start; i < int_end; ++i) {
    out += plain[i];
    size_t left = int_end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + plain.substr(int_end);
}

// Finds `needle` in `hay` at a number boundary, every occurrence.
std::vector<size_t> NumberOccurrences(std::string_view hay, const std::string& needle) {
  std::vector<size_t> out;
  if (needle.empty()) return out;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) {
    size_t e = p + needle.size();
    bool left_ok = p == 0 || (!IsDigit(hay[p - 1]) && !(hay[p - 1] == '.' && p >= 2 && IsDigit(hay[p - 2])) &&
                              !(hay[p - 1] == ',' && p >= 2 && IsDigit(hay[p - 2])));
    bool right_ok = e >= hay.size() || (!IsDigit(hay[e]) && !((hay[e] == '.' || hay[e] == ',') &&
                                                             e + 1 < hay.size() && IsDigit(hay[e + 1])));
    if (left_ok && right_ok) out.push_back(p);
  }
  return out;
}

// Extends a highlighted number over its attached suffix ("70" -> "70K", "75" -> "75%").
size_t ExtendSuffix(std::string_view s, size_t end) {
  static const char* kSuffixes[] = {"%", " percent", "K", "k", " thousand", " million", " billion",
                                    "mn", "bn", "m", "b", "\xE4\xB8\x87", "\xE4\xBA\xBF"};
  for (const char* suf : kSuffixes) {
    std::string_view sv(suf);
    if (s.substr(end, sv.size()) == sv) {
      size_t e = end + sv.size();
      // A letter suffix must end the word ("70 million", not "70 millionaires").
      if (e < s.size() && std::isalpha(static_cast<unsigned char>(s[e])) && sv != "%") continue;
      return e;
    }
  }
  return end;
}

std::string Fmt(double v) {
  char buf[32];
  double a = std::fabs(v);
  if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.3gB", v / 1e9);
  else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.3gK", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

bool SafeUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

std::string Evidence(const StoredFact& f) {
  auto [b, e] = FigureInEvidence(f);
  if (b == std::string::npos) return HtmlEscape(f.evidence);
  return HtmlEscape(f.evidence.substr(0, b)) + "<mark>" + HtmlEscape(f.evidence.substr(b, e - b)) + "</mark>" +
         HtmlEscape(f.evidence.substr(e));
}

// A link to the source by its URL; without a usable URL, the title or id and the file it was
// read from, so every fact can be traced.
std::string SourceLink(const StoredFact& f) {
  std::string label = f.title.empty() ? (f.url.empty() ? f.doc_id : f.url) : f.title;
  if (SafeUrl(f.url))
    return "<a href=\"" + HtmlEscape(f.url) + "\" rel=\"noreferrer\">" + HtmlEscape(label) + "</a>";
  std::string out = HtmlEscape(label);
  if (!f.url.empty() && label != f.url) out += " <span class=\"url\">" + HtmlEscape(f.url) + "</span>";
  if (!f.source_file.empty() && f.source_file != label)
    out += " <span class=\"file\">file <code>" + HtmlEscape(f.source_file) + "</code></span>";
  return out;
}

// Position of a period on a month axis: months at their index, quarters and years at their middle.
// `p` is a period with a known year (HasKnownYear).
double MonthOrdinal(const std::string& p) {
  auto period = Period::Parse(p);
  return (period->FirstMonth() + period->LastMonth()) / 2.0;
}

// Periods with a year can be placed on the time axis.
bool HasKnownYear(const std::string& p) {
  auto period = Period::Parse(p);
  return period && !period->IsUnknownYear();
}

const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                          "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};

void WriteChart(std::ostream& out, const std::string& type, const ReportSource& src, const ReportOptions& opts) {
  // The granularity with the most cells (months usually), periods with a known year only.
  Series best;
  size_t best_cells = 0;
  std::vector<Series> all = src.series(type);  // month, quarter, year
  const Series& month_series = all[0];
  for (const Series& s : all) {
    size_t n = 0;
    for (const auto& [k, c] : s.cells) n += HasKnownYear(c.period) && !c.derived;
    if (n > best_cells) {
      best_cells = n;
      best = s;
    }
  }
  // Figures whose year is unknown (XXXX-08) have no place on the time axis: they are listed in a
  // row of their own under the chart, never merged into a dated column.
  std::vector<const SeriesCell*> undated;
  for (const auto& [k, c] : month_series.cells)
    if (c.period.rfind("XXXX", 0) == 0) undated.push_back(&c);
  auto write_undated = [&] {
    if (undated.empty()) return;
    out << "<p class=\"undated\"><b>Year unknown</b> (the source has no date):";
    for (const auto* c : undated)
      out << " <a href=\"#fact-" << c->chosen.id << "\">" << HtmlEscape(c->subject + " " + c->period + ": " + c->value)
          << "</a>";
    out << "</p>\n";
  };
  if (best_cells == 0) {
    if (!undated.empty()) {
      out << "<section class=\"chart\"><h3>" << HtmlEscape(type) << "</h3>\n";
      write_undated();
      out << "</section>\n";
    }
    return;
  }
  std::vector<std::string> periods;
  for (const auto& p : best.periods)
    if (HasKnownYear(p)) periods.push_back(p);
  // Subjects with the most points first, capped.
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& s : best.subjects) {
    size_t n = 0;
    for (const auto& p : periods) n += best.cells.count({s, p}) && !best.cells.at({s, p}).derived;
    if (n) ranked.push_back({n, s});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (ranked.size() > opts.max_chart_subjects) ranked.resize(opts.max_chart_subjects);
  double lo = 0, hi = 0;
  for (const auto& [n, s] : ranked)
    for (const auto& p : periods)
      if (auto it = best.cells.find({s, p}); it != best.cells.end() && !it->second.derived) {
        double v = it->second.chosen.value.ToDouble();
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  if (hi == lo) hi = lo + 1;
  // Round the axis to a step of 1, 2, 2.5 or 5 times a power of ten.
  double raw_step = (hi - lo) / 4, mag = std::pow(10, std::floor(std::log10(raw_step))), step = mag * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw_step) {
      step = m * mag;
      break;
    }
  lo = std::floor(lo / step) * step;
  hi = lo + 4 * step;
  const double W = 760, H = 280, L = 64, R = 170, T = 16, B = 44, P = 16;  // P: inner padding
  // Time axis in months, so gaps between periods show as gaps.
  std::vector<double> t;
  for (const auto& p : periods) t.push_back(MonthOrdinal(p));
  double t0 = t.front(), t1 = t.back();
  auto x = [&](size_t i) {
    return t1 == t0 ? L + (W - L - R) / 2 : L + P + (W - L - R - 2 * P) * (t[i] - t0) / (t1 - t0);
  };
  double gap = best.periods.empty() ? 1 : (PeriodIs(periods.front(), SeriesBy::kMonth) ? 1 : PeriodIs(periods.front(), SeriesBy::kQuarter) ? 3 : 12);
  auto y = [&](double v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); };
  out << "<section class=\"chart\"><h3>" << HtmlEscape(type) << "</h3>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" viewBox=\"0 0 "
      << W << " " << H << "\" role=\"img\" aria-label=\"" << HtmlEscape(type) << " over time\">\n";
  // Axes and horizontal grid with 5 ticks.
  for (int k = 0; k <= 4; ++k) {
    double v = lo + (hi - lo) * k / 4;
    out << "<line class=\"grid\" x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << Num(y(v)) << "\" y2=\""
        << Num(y(v)) << "\"/><text class=\"tick\" x=\"" << L - 6 << "\" y=\"" << Num(y(v) + 4)
        << "\" text-anchor=\"end\">" << HtmlEscape(Fmt(v)) << "</text>\n";
  }
  double last_label = -1e9;
  for (size_t i = 0; i < periods.size(); ++i) {
    if (x(i) - last_label < 56) continue;  // labels never overlap
    last_label = x(i);
    out << "<text class=\"tick\" x=\"" << Num(x(i)) << "\" y=\"" << H - B + 18 << "\" text-anchor=\"middle\">"
        << HtmlEscape(periods[i]) << "</text>\n";
  }
  out << "<line class=\"axis\" x1=\"" << L << "\" x2=\"" << L << "\" y1=\"" << T << "\" y2=\"" << H - B
      << "\"/><line class=\"axis\" x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << H - B << "\" y2=\""
      << H - B << "\"/>\n";
  for (size_t si = 0; si < ranked.size(); ++si) {
    const std::string& subj = ranked[si].second;
    const char* color = kPalette[si % (sizeof kPalette / sizeof *kPalette)];
    // One polyline per run of consecutive periods: a missing month breaks the line.
    std::vector<std::string> runs;
    double prev_t = -1e9;
    std::string dots;
    for (size_t i = 0; i < periods.size(); ++i) {
      auto it = best.cells.find({subj, periods[i]});
      if (it == best.cells.end() || it->second.derived) continue;
      const SeriesCell& c = it->second;
      double v = c.chosen.value.ToDouble();
      if (runs.empty() || t[i] - prev_t > gap + 0.01) runs.emplace_back();
      prev_t = t[i];
      runs.back() += Num(x(i)) + "," + Num(y(v)) + " ";
      dots += "<a href=\"#fact-" + std::to_string(c.chosen.id) + "\"><circle cx=\"" + Num(x(i)) + "\" cy=\"" +
              Num(y(v)) + "\" r=\"3.5\" fill=\"" + color + "\"" + (c.disagree ? " class=\"disagree\"" : "") +
              "><title>" + HtmlEscape(subj + " " + periods[i] + ": " + c.value + (c.non_actual ? " (" + c.chosen.modality + ")" : "") +
                                      (c.disagree ? " (sources disagree)" : "")) +
              "</title></circle></a>";
    }
    for (const auto& run : runs)
      if (std::count(run.begin(), run.end(), ' ') > 1)
        out << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1.8\" points=\"" << run << "\"/>";
    out << dots << "\n";
    out << "<rect x=\"" << W - R + 12 << "\" y=\"" << T + si * 18 << "\" width=\"10\" height=\"10\" fill=\"" << color
        << "\"/><text class=\"legend\" x=\"" << W - R + 27 << "\" y=\"" << T + si * 18 + 9 << "\">"
        << HtmlEscape(subj) << "</text>\n";
  }
  out << "</svg>\n";
  write_undated();
  out << "</section>\n";
}

const char* kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1a1a1a;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:12px 0 4px}.meta{color:#555}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #e3e3e3;border-radius:6px;padding:6px 10px}
svg .grid{stroke:#eee}svg .axis{stroke:#999}svg .tick,svg .legend{font-size:11px;fill:#444}
svg circle.disagree{stroke:#000;stroke-width:1.5}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
td.period{white-space:nowrap}th{background:#f5f5f5;cursor:pointer;user-select:none;position:sticky;top:0}th.sorted-asc::after{content:" \25B2"}th.sorted-desc::after{content:" \25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.undated{font-size:12px;color:#444;margin:4px 0}.undated a{margin-left:6px}
mark{background:#ffe066;padding:0 1px;border-radius:2px}tr:target{background:#fff6cc}
.sev-error{color:#b00020;font-weight:600}.sev-warning{color:#9a6700;font-weight:600}
.evidence{max-width:640px}.small{color:#666;font-size:12px}
)css";

const char* kScript = R"js(
(function(){
  function key(td){var v=td.getAttribute('data-v');if(v===null)v=td.textContent;var n=parseFloat(v);
    return (v!==''&&isFinite(n)&&/^-?[0-9.]+$/.test(v))?{n:true,v:n}:{n:false,v:v.toLowerCase()};}
  document.querySelectorAll('table.sortable').forEach(function(t){
    t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
      var asc=!th.classList.contains('sorted-asc');
      t.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);var c;
        if(x.n&&y.n)c=x.v-y.v;else c=String(x.v)<String(y.v)?-1:String(x.v)>String(y.v)?1:0;return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r);});});});});
  document.documentElement.setAttribute('data-ready','1');
})();
)js";

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::pair<size_t, size_t> FigureInEvidence(const StoredFact& f) {
  constexpr size_t npos = std::string::npos;
  const std::string& ev = f.evidence;
  if (ev.empty() || f.span_end <= f.span_begin || f.span_begin < f.sentence_begin) return {npos, npos};
  uint64_t rel = static_cast<uint64_t>(f.span_begin - f.sentence_begin);
  uint64_t len = static_cast<uint64_t>(f.span_end - f.span_begin);
  uint64_t raw_len = static_cast<uint64_t>(f.sentence_end - f.sentence_begin);
  // Renderings of the figure, as plain digits.
  Decimal mag = f.value.IsNegative() ? f.value.Negated() : f.value;
  std::vector<std::string> forms;
  std::string plain = mag.ToString();
  forms.push_back(Grouped(plain));
  forms.push_back(plain);
  for (int k : {3, 6, 9, 4, 8}) {  // K, million, billion, 万, 亿
    if (auto m = mag.MulPow10(-k); m && f.precision_exp >= k - 2 && !m->IsZero()) forms.push_back(m->ToString());
  }
  // Same length: the offsets carry over, and the stored span is the highlight.
  if (raw_len == ev.size() && rel + len <= ev.size()) {
    std::string_view at = std::string_view(ev).substr(rel, len);
    bool has_digit = std::any_of(at.begin(), at.end(), IsDigit);
    bool cuts = (rel > 0 && IsDigit(ev[rel - 1]) && IsDigit(at.front())) ||
                (rel + len < ev.size() && IsDigit(ev[rel + len]) && IsDigit(at.back()));
    if (has_digit && !cuts) return {rel, rel + len};
  }
  double expect = raw_len ? static_cast<double>(rel) * ev.size() / raw_len : 0;
  size_t best = npos, best_end = npos;
  double best_d = 1e300;
  for (const auto& form : forms) {
    for (size_t p : NumberOccurrences(ev, form)) {
      double d = std::fabs(static_cast<double>(p) - expect);
      if (d < best_d) {
        best_d = d;
        best = p;
        best_end = p + form.size();
      }
    }
    if (best != npos) break;  // a longer, more specific rendering matched: keep it
  }
  if (best == npos) return {npos, npos};
  return {best, ExtendSuffix(ev, best_end)};
}

ReportSource ReportSourceOf(const std::vector<StoredFact>& facts) {
  ReportSource src;
  std::set<int64_t> docs;
  std::set<std::string> types;
  for (const auto& f : facts) {
    docs.insert(f.document);
    types.insert(f.type);
  }
  src.facts = facts.size();
  src.documents = docs.size();
  src.types.assign(types.begin(), types.end());
  src.series = [&facts](const std::string& type) {
    std::vector<Series> out;
    for (SeriesBy by : {SeriesBy::kMonth, SeriesBy::kQuarter, SeriesBy::kYear}) out.push_back(BuildSeries(type, facts, by));
    return out;
  };
  src.table_facts = [&facts](const std::function<bool(const StoredFact&)>& fn) {
    for (const auto& f : facts)
      if (!fn(f)) break;
  };
  return src;
}

ReportSource ReportSourceOf(SQLite::Database& db, size_t max_table_rows) {
  ReportSource src;
  FactFilter light;
  light.with_text = false;
  light.order = FactFilter::Order::kDocument;
  std::set<std::string> types;
  int64_t last = -1;
  ForEachFact(db, light, [&](StoredFact& f) {
    ++src.facts;
    if (f.document != last) ++src.documents, last = f.document;
    types.insert(f.type);
    return true;
  });
  src.types.assign(types.begin(), types.end());
  src.series = [&db](const std::string& type) {
    FactFilter f;
    f.type = type;
    return BuildSeries(db, type, f, {SeriesBy::kMonth, SeriesBy::kQuarter, SeriesBy::kYear});
  };
  src.table_facts = [&db, max_table_rows](const std::function<bool(const StoredFact&)>& fn) {
    FactFilter f;
    f.limit = max_table_rows;
    ForEachFact(db, f, [&](StoredFact& x) { return fn(x); });
  };
  return src;
}

void WriteHtmlReport(std::ostream& out, const std::vector<StoredFact>& facts, const std::vector<Finding>& findings,
                     const ReportOptions& opts) {
  WriteHtmlReport(out, ReportSourceOf(facts), findings, opts);
}

void WriteHtmlReport(std::ostream& out, const ReportSource& src, const std::vector<Finding>& findings,
                     const ReportOptions& opts) {
  size_t errors = 0;
  for (const auto& fd : findings) errors += fd.severity == Severity::kError;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<link rel=\"icon\" href=\"data:,\">\n"
      << "<title>" << HtmlEscape(opts.title) << "</title>\n<style>" << kStyle << "</style></head><body>\n"
      << "<h1>" << HtmlEscape(opts.title) << "</h1>\n<p class=\"meta\">" << src.facts << " facts from "
      << src.documents << " documents";
  if (!opts.source.empty()) out << " in <code>" << HtmlEscape(opts.source) << "</code>";
  out << "; " << std::max(findings.size(), opts.findings_total) << " check findings (" << errors
      << (opts.findings_total > findings.size() ? "+" : "") << " errors). Generated by quarry "
      << HtmlEscape(QUARRY_VERSION) << ".</p>\n";

  out << "<h2 id=\"charts\">Figures over time</h2>\n<div class=\"charts\">\n";
  for (const auto& t : src.types) WriteChart(out, t, src, opts);
  out << "</div>\n";

  out << "<h2 id=\"findings\">Check findings</h2>\n";
  if (findings.empty()) {
    out << "<p>No findings: the stored figures are consistent with each other.</p>\n";
  } else {
    if (opts.findings_total > findings.size())
      out << "<p class=\"meta\">Showing the first " << findings.size() << " of " << opts.findings_total
          << " findings; use <code>quarry check</code> for all.</p>\n";
    out << "<table class=\"sortable\" id=\"findings-table\"><thead><tr><th>severity</th><th>check</th>"
           "<th>finding</th><th>evidence</th></tr></thead><tbody>\n";
    for (const auto& fd : findings) {
      out << "<tr><td class=\"sev-" << SeverityName(fd.severity) << "\">" << SeverityName(fd.severity)
          << "</td><td>" << HtmlEscape(fd.check) << "</td><td>" << HtmlEscape(fd.message) << "</td><td class=\"evidence\">";
      for (size_t i = 0; i < fd.facts.size() && i < 4; ++i) {
        const auto& f = fd.facts[i];
        out << "<p>" << Evidence(f) << " <span class=\"small\">(<a href=\"#fact-" << f.id << "\">fact " << f.id
            << "</a>, " << SourceLink(f) << ")</span></p>";
      }
      out << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }

  out << "<h2 id=\"facts\">Facts</h2>\n";
  if (src.facts > opts.max_table_rows)
    out << "<p class=\"meta\">Showing the first " << opts.max_table_rows << " of " << src.facts
        << " facts; use <code>quarry facts</code> for all.</p>\n";
  out << "<table class=\"sortable\" id=\"facts-table\"><thead><tr><th>id</th><th>type</th><th>subject</th>"
         "<th>object</th><th>value</th><th>unit</th><th>period</th><th>modality</th><th>evidence</th>"
         "<th>source</th></tr></thead><tbody>\n";
  size_t n = 0;
  src.table_facts([&](const StoredFact& f) {
    if (n++ >= opts.max_table_rows) return false;
    out << "<tr id=\"fact-" << f.id << "\"><td class=\"num\">" << f.id << "</td><td>" << HtmlEscape(f.type)
        << "</td><td>" << HtmlEscape(f.subject) << "</td><td>" << HtmlEscape(f.object) << "</td><td class=\"num\" data-v=\""
        << HtmlEscape(f.value_text) << "\">" << HtmlEscape(f.Written()) << "</td><td>" << HtmlEscape(f.unit)
        << "</td><td class=\"period\">" << HtmlEscape(f.period) << "</td><td>" << HtmlEscape(f.modality) << "</td><td class=\"evidence\">"
        << Evidence(f) << "</td><td>" << SourceLink(f) << "</td></tr>\n";
    return true;
  });
  out << "</tbody></table>\n<script>" << kScript << "</script>\n</body></html>\n";
}

}  // namespace quarry::verify
