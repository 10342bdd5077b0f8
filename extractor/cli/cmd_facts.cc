// quarry facts: list stored facts with their evidence sentence and source URL, filtered by type,
// subject (through the gazetteer's aliases), period or period range, modality and source.
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_set>

#include "base/period.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "facts/extractor.h"
#include "store/fact_json.h"
#include "verify/claims.h"
#include "verify/db.h"
#include "verify/table.h"
#include "verify/verify.h"

namespace quarry::cli {
namespace {

struct FactsOptions {
  ReadDbOption db;
  std::string type, subject, period, from, to, modality, url;
  bool exact_type = false;
  FormatOption format;
  size_t limit = 0;
  bool sample = false;
};

// --sample: a varied view first. One fact per (type, subject), taking the types in turn (the
// first subject of every type, then the second, ...) and skipping a figure already shown for the
// same subject, type and period; then every other fact in the usual order. Computed from one pass
// over the facts without their text: the result is the ids to show first, in order, and memory
// grows with the number of (type, subject) pairs, not with the facts.
std::vector<int64_t> SampleFirst(SQLite::Database& db, verify::FactFilter f) {
  struct First {
    int64_t id;
    std::string subject, period, value_text;
  };
  std::map<std::string, std::vector<First>> by_type;  // type -> first fact per subject
  std::set<std::pair<std::string, std::string>> pairs;
  f.with_text = false;
  verify::ForEachFact(db, f, [&](verify::StoredFact& x) {
    if (pairs.insert({x.type, x.subject}).second) by_type[x.type].push_back({x.id, x.subject, x.period, x.value_text});
    return true;
  });
  std::vector<int64_t> order;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> shown;
  for (size_t round = 0;; ++round) {
    bool any = false;
    for (const auto& [type, firsts] : by_type) {
      if (round >= firsts.size()) continue;
      any = true;
      const auto& x = firsts[round];
      if (!shown.insert({x.subject, type, x.period, x.value_text}).second) continue;
      order.push_back(x.id);
    }
    if (!any) break;
  }
  return order;
}

// A stored fact as the Fact that `extract` wrote, so `facts --format jsonl` prints the very object
// `extract --format jsonl` does (store/fact_json.h).
Fact ToFact(const verify::StoredFact& x) {
  Fact f;
  f.doc = x.doc_id;
  f.type = x.type;
  f.subject = x.subject;
  f.object = x.object;
  f.location = x.location;
  f.value = x.value;
  f.unit = x.unit;
  f.scope = x.scope;
  f.period = x.period;
  f.approx = x.approx;
  f.precision_exp = x.precision_exp;
  f.modality = x.modality;
  size_t pos = 0;
  while (pos < x.qualifiers.size()) {
    size_t c = x.qualifiers.find(',', pos);
    if (c == std::string::npos) c = x.qualifiers.size();
    if (c > pos) f.qualifiers.push_back(x.qualifiers.substr(pos, c - pos));
    pos = c + 1;
  }
  f.span = RawSpan{static_cast<uint64_t>(x.span_begin), static_cast<uint64_t>(x.span_end)};
  f.sentence = RawSpan{static_cast<uint64_t>(x.sentence_begin), static_cast<uint64_t>(x.sentence_end)};
  f.evidence = x.evidence;
  f.rule = x.rule;
  return f;
}

int RunFacts(const Context& ctx, const FactsOptions& o) {
  if (!CheckFormat("facts", o.format)) return kExitUsage;
  auto format = verify::ParseFormat(o.format.value);
  if (!o.period.empty() && (!o.from.empty() || !o.to.empty())) {
    PrintError("facts: give either --period or --from/--to, not both");
    return kExitUsage;
  }
  if (!verify::ValidPeriod(o.period)) {
    PrintError("facts: bad period \"" + o.period + "\" (YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY-MM..YYYY-MM)");
    return kExitUsage;
  }
  // --from/--to bound a time interval: any period form with a known year.
  std::optional<Period> from, to;
  for (auto [name, text, out] : {std::tuple{"--from", &o.from, &from}, std::tuple{"--to", &o.to, &to}}) {
    if (text->empty()) continue;
    *out = Period::Parse(*text);
    if (!*out || (*out)->IsUnknownYear()) {
      PrintError(std::string("facts: bad ") + name + " \"" + *text + "\" (" +
                 (*out ? "a range needs a known year" : "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY-MM..YYYY-MM") + ")");
      return kExitUsage;
    }
  }
  if (from && to && to->LastMonth() < from->FirstMonth()) {
    PrintError("facts: --to " + o.to + " ends before --from " + o.from + " starts");
    return kExitUsage;
  }
  auto db = OpenReadDb(o.db);
  if (!db) return kExitUsage;
  verify::FactFilter f;
  if (!o.type.empty()) {
    auto types = TypesToMatch(ctx, *db, o.db.path, "facts", o.type, o.exact_type);
    if (!types) return kExitUsage;
    f.types = *types;
  }
  f.period = o.period;
  f.from = o.from;
  f.to = o.to;
  f.modality = o.modality;
  f.url = o.url;
  f.limit = o.sample ? 0 : o.limit;
  if (!o.subject.empty()) {
    std::string warning;
    auto gaz = verify::LoadGazetteer(GrammarDir(ctx), &warning);
    if (!gaz && !ctx.global.quiet) PrintError("warning: " + warning);
    try {
      verify::StoredNames stored = verify::LoadStoredNames(*db);
      f.subjects = verify::WithStored(verify::SubjectNames(gaz.get(), o.subject), &stored);
    } catch (const std::exception& e) {
      PrintError(o.db.path + ": " + e.what());
      return kExitUsage;
    }
  }
  // Facts stream from the database to the output (Note [Streaming read commands] in verify/db.cc):
  // memory does not grow with the number of facts.
  std::unique_ptr<verify::TableWriter> table;
  if (*format != verify::Format::kJsonl)
    table = std::make_unique<verify::TableWriter>(
        std::cout, *format,
        std::vector<std::string>{"fact_id", "doc_id", "type", "subject", "object", "value", "unit", "scope", "period",
                                 "approx", "modality", "qualifiers", "evidence", "url"},
        *format == verify::Format::kTable ? 60 : 0);
  auto text_or_null = [](const std::string& s) { return s.empty() ? verify::Cell::Null() : verify::Cell::Text(s); };
  std::string line;
  size_t printed = 0;
  auto print = [&](const verify::StoredFact& x) {
    ++printed;
    if (!table) {
      // The fact object of DESIGN.md, exactly as extract writes it: load reads it back.
      line.clear();
      store::AppendFactJson(ToFact(x), &line);
      line += '\n';
      std::cout << line;
      return !std::cout.fail();
    }
    table->Add({verify::Cell::Int(x.id), verify::Cell::Text(x.doc_id), verify::Cell::Text(x.type),
                verify::Cell::Text(x.subject), text_or_null(x.object), verify::Cell::Text(x.value_text),
                text_or_null(x.unit), text_or_null(x.scope), text_or_null(x.period),
                verify::Cell::Text(ApproxSymbol(x.approx)), verify::Cell::Text(x.modality), text_or_null(x.qualifiers),
                verify::Cell::Text(x.evidence), text_or_null(x.url)});
    return !table->failed();  // stdout failed (disk full): main reports it
  };
  size_t bad = 0;
  try {
    if (o.sample) {
      // The sample first, fetched one by one (by id, within the same filter), then the rest.
      std::vector<int64_t> first = SampleFirst(*db, f);
      if (o.limit && first.size() > o.limit) first.resize(o.limit);
      std::unordered_set<int64_t> used(first.begin(), first.end());
      verify::FactFilter one = f;
      one.id = first.empty() ? 1 : first.front();  // the statement's shape: one fact by id
      verify::FactQuery by_id(*db, one);
      for (int64_t id : first) {
        one.id = id;
        bool ok = true;
        by_id.Run(one, [&](verify::StoredFact& x) { return ok = print(x); });
        if (!ok) break;
      }
      if (!o.limit || printed < o.limit)
        verify::ForEachFact(*db, f, [&](verify::StoredFact& x) {
          if (used.count(x.id)) return true;
          return print(x) && (!o.limit || printed < o.limit);
        }, &bad);
    } else {
      verify::ForEachFact(*db, f, print, &bad);
    }
  } catch (const std::exception& e) {
    if (table) table->Finish();
    std::cout.flush();
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  if (table) table->Finish();
  std::cout.flush();
  if (bad && !ctx.global.quiet) PrintError("warning: " + std::to_string(bad) + " stored facts have a value that is not a decimal and were skipped");
  return kExitOk;
}

}  // namespace

void RegisterFacts(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("facts",
                                 "List stored facts with their evidence sentence and source URL. Values are "
                                 "exact decimals as stored\n(approx says whether the source wrote \"over\", "
                                 "\"about\", ...). --subject matches through the gazetteer's aliases.");
  auto o = std::make_shared<FactsOptions>();
  AddReadDb(cmd, &o->db);
  cmd->add_option("--type", o->type,
                  "Fact type (deliveries, yoy_pct, stake_pct, ...; `quarry types` lists them), with the other types "
                  "of its family (deliveries: also sales) unless --exact-type")
      ->type_name("T");
  AddExactType(cmd, &o->exact_type);
  cmd->add_option("--subject", o->subject, "Subject, by name or alias")->type_name("S");
  cmd->add_option("--period", o->period, "Exact period (2025-11, 2025-Q3, 2025, 2025-01..2025-11)")->type_name("P");
  cmd->add_option("--from", o->from,
                  "Periods wholly inside [start of --from, end of --to], as time intervals: with --from 2025-01 --to "
                  "2025-06, 2025-03 and 2025-Q1 are in, 2025-01..2025-11 and 2025 are not. P is any period form "
                  "(--from 2025-Q1 --to 2025); facts with no period or an unknown year (XXXX-11) never match")
      ->type_name("P");
  cmd->add_option("--to", o->to, "End of the range (inclusive: its last month; see --from)")->type_name("P");
  cmd->add_option("--modality", o->modality, "actual, target, plan or forecast")->type_name("M");
  cmd->add_option("--url", o->url, "Only facts from this source URL")->type_name("URL");
  cmd->add_option("--limit", o->limit, "At most N facts")->type_name("N");
  cmd->add_flag("--sample", o->sample,
                "A varied set first: one fact per type and subject, the types in turn, no figure twice "
                "(with --limit: a quick look at a database)");
  AddFormat(cmd, &o->format, {"table", "csv", "json", "jsonl", "md"},
            "table (default; long cells cut), csv, json, md, or jsonl: the fact object of `extract --format "
            "jsonl` (doc type subject object value unit scope period approx modality qualifiers span sentence "
            "evidence rule), which `load` reads back");
  cmd->callback([&ctx, o] { ctx.exit_code = RunFacts(ctx, *o); });
}

}  // namespace quarry::cli
