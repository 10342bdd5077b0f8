// quarry verify: check each claim of a CSV or JSONL file against the stored facts, on exact
// intervals implied by how each figure is written (verify/verify.h). Exit 1 when any claim is
// contradicted.
#include <algorithm>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/options.h"
#include "facts/extractor.h"
#include "verify/claims.h"
#include "verify/db.h"
#include "verify/table.h"
#include "verify/verify.h"

namespace quarry::cli {
namespace {

struct VerifyOptions {
  ReadDbOption db;
  FormatOption format;
  std::string url;
  std::string claims;
  bool exact_type = false;
};

std::string EvidenceJson(const verify::StoredFact& f) {
  return "{\"fact_id\":" + std::to_string(f.id) + ",\"doc_id\":" + JsonString(f.doc_id) + ",\"type\":" + JsonString(f.type) +
         ",\"scope\":" + JsonString(f.ScopeKey()) + ",\"kind\":" + JsonString(verify::FigureKindName(f.kind())) +
         ",\"url\":" + JsonString(f.url) + ",\"title\":" + JsonString(f.title) + ",\"subject\":" + JsonString(f.subject) + ",\"object\":" + JsonString(f.object) +
         ",\"period\":" + JsonString(f.period) + ",\"value\":" + JsonString(f.value_text) +
         ",\"approx\":" + JsonString(ApproxSymbol(f.approx)) + ",\"interval\":" + JsonString(f.interval().ToString()) +
         ",\"modality\":" + JsonString(f.modality) + ",\"evidence\":" + JsonString(f.evidence) +
         ",\"span\":[" + std::to_string(f.span_begin) + "," + std::to_string(f.span_end) + "],\"rule\":" +
         JsonString(f.rule) + "}";
}

int RunVerify(const Context& ctx, const VerifyOptions& o) {
  if (!CheckFormat("verify", o.format)) return kExitUsage;
  // Claims stream (Note [Streaming claims]): every claim is checked first (syntax, type, scope)
  // so bad input is exit 2 before any verdict is printed, then read again and each verdict
  // printed as it is found, in input order; only the counts are kept. A FIFO cannot be read
  // twice: its claims are checked as they come, and an error stops the output where it is.
  verify::ClaimReader claims;
  std::string err;
  if (!claims.Open(o.claims, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  auto db = OpenReadDb(o.db);
  if (!db) return kExitUsage;
  std::string warning;
  auto gaz = verify::LoadGazetteer(GrammarDir(ctx), &warning);
  if (!gaz && !ctx.global.quiet) PrintError("warning: " + warning);
  // Unknown types and scopes would only ever be not_found: refuse them, naming the valid ones.
  // A claim counts the stored figures of every type of its family (Note [Measure families] in
  // cli/options.cc) unless --exact-type.
  std::optional<TypeMatcher> types;
  try {
    types.emplace(ctx, *db);
  } catch (const std::exception& e) {
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  const PackSchema* schema = types->schema();
  auto admit = [&](verify::Claim& c) {
    std::string where = o.claims + ":" + std::to_string(c.line);
    if (!types->Known(c.type)) {
      PrintError(where + ": unknown type \"" + c.type + "\" (known types: " + types->KnownList() + ")");
      return false;
    }
    if (!o.exact_type) c.types = types->Match(c.type, false);
    if (schema && !c.scope.empty()) {
      std::string serr;
      auto canon = schema->Canonical(c.scope, &serr);
      if (!canon) {
        PrintError(where + ": bad scope \"" + c.scope + "\": " + serr);
        return false;
      }
      c.scope = *canon;
    }
    return true;
  };
  verify::Claim claim;
  if (claims.Rewindable()) {
    while (claims.Next(&claim, &err))
      if (!admit(claim)) return kExitUsage;
    if (!err.empty() || !claims.Rewind(&err)) {
      PrintError(err);
      return kExitUsage;
    }
  }
  size_t counts[4] = {0, 0, 0, 0}, total = 0;
  std::optional<verify::TableWriter> table;
  if (o.format.value != "jsonl") {
    auto format = *verify::ParseFormat(o.format.value);
    table.emplace(std::cout, format,
                  std::vector<std::string>{"line", "subject", "type", "period", "claim", "status", "support", "stored",
                                           "doc_id", "url", "evidence", "note"},
                  format == verify::Format::kTable ? 50 : 0);
  }
  try {
    verify::StoredNames stored = verify::LoadStoredNames(*db);
    while (claims.Next(&claim, &err)) {
      if (!admit(claim)) return kExitUsage;
      verify::Verdict v = verify::VerifyClaim(*db, gaz.get(), claim, o.url, &stored);
      ++counts[static_cast<int>(v.status)];
      ++total;
      if (!table) {
        std::string line = "{\"line\":" + std::to_string(v.claim.line) + ",\"claim\":{\"subject\":" +
                           JsonString(v.claim.subject) + ",\"type\":" + JsonString(v.claim.type) + ",\"period\":" +
                           JsonString(v.claim.period) + ",\"value\":" + JsonString(v.claim.value_text);
        if (!v.claim.url.empty()) line += ",\"url\":" + JsonString(v.claim.url);
        if (!v.claim.modality.empty()) line += ",\"modality\":" + JsonString(v.claim.modality);
        if (!v.claim.object.empty()) line += ",\"object\":" + JsonString(v.claim.object);
        if (!v.claim.scope.empty()) line += ",\"scope\":" + JsonString(v.claim.scope);
        line += ",\"interval\":" + JsonString(v.claim.figure.interval.ToString()) + "},\"subject\":" +
                JsonString(v.subject) + ",\"status\":" + JsonString(verify::StatusName(v.status));
        if (v.support != verify::Support::kNone) line += ",\"support\":" + JsonString(verify::SupportName(v.support));
        line += ",\"agreeing\":" + std::to_string(v.agreeing) + ",\"disagreeing\":" + std::to_string(v.disagreeing) +
                ",\"note\":" + JsonString(v.note) + ",\"evidence\":[";
        for (size_t i = 0; i < v.evidence.size() && i < 10; ++i) line += (i ? "," : "") + EvidenceJson(v.evidence[i]);
        line += "],\"other_scope\":[";
        for (size_t i = 0; i < v.other_scope.size() && i < 10; ++i)
          line += (i ? "," : "") + EvidenceJson(v.other_scope[i]);
        line += "]}";
        std::cout << line << "\n";
      } else {
        const verify::StoredFact* e = v.evidence.empty() ? nullptr : &v.evidence.front();
        table->Add({verify::Cell::Int(v.claim.line), verify::Cell::Text(v.subject), verify::Cell::Text(v.claim.type),
                    verify::Cell::Text(v.claim.period), verify::Cell::Text(v.claim.value_text),
                    verify::Cell::Text(verify::StatusName(v.status)), verify::Cell::Text(verify::SupportName(v.support)),
                    verify::Cell::Text(e ? e->Written() : ""), verify::Cell::Text(e ? e->doc_id : ""),
                    verify::Cell::Text(e ? e->url : ""), verify::Cell::Text(e ? e->evidence : ""),
                    verify::Cell::Text(v.note)});
      }
      if (std::cout.fail()) break;  // stdout is gone (disk full): the caller reports it, exit 2
    }
  } catch (const std::exception& e) {
    PrintError(o.db.path + ": " + e.what());
    return kExitUsage;
  }
  if (!err.empty()) {
    PrintError(err);
    return kExitUsage;
  }
  if (table) table->Finish();
  if (!ctx.global.quiet)
    std::cerr << "verify: " << total << " claims: " << counts[0] << " confirmed, " << counts[1]
              << " consistent, " << counts[2] << " contradicted, " << counts[3] << " not found\n";
  return counts[2] ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterVerify(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Verify claims against the stored facts. CLAIMS is CSV with header\n"
      "subject,type,period,value[,url][,modality][,object][,scope] or JSONL with those keys.\n"
      "A claim and each stored figure are intervals, read as written: 48,740 is exact; 48,700 and\n"
      "48.7K are rounded, [48650, 48750); \"about 15,100\" is approximate, [15050, 15150);\n"
      "\"over 37,700\" is a bound, (37700, +inf). Only stored figures of the same subject, type,\n"
      "period, scope (default: the whole subject) and modality (default actual) count:\n"
      "  confirmed     an exact or rounded figure meets an exact or rounded claim within both\n"
      "                roundings; support exact (same value) or rounded (48,700 vs 48,740)\n"
      "  consistent    only a bound or an approximation agrees (support bound|approx); never\n"
      "                confirmed: \"over 37,700\" says nothing for 99,999\n"
      "  contradicted  every such figure disagrees beyond both roundings; the first is named\n"
      "                with its document, rule and sentence\n"
      "  not_found     no such figure; figures of another scope or modality (a BEV figure for a\n"
      "                total claim) are named but never contradict\n"
      "The table with examples: docs/verify.md. Subjects match through the gazetteer's aliases;\n"
      "an empty period matches any; a type or scope value pack.schema does not declare (and the\n"
      "database does not hold) is refused with the valid names (`quarry types` lists them). A claim\n"
      "counts the figures of every type of its family: a sales claim is checked against stored\n"
      "deliveries too (--exact-type: its own type only).\n"
      "Exit 1 when any claim is contradicted, 2 on bad input, else 0.");
  auto o = std::make_shared<VerifyOptions>();
  cmd->add_option("claims", o->claims, "Claims file (.csv or .jsonl)")->required();
  AddReadDb(cmd, &o->db);
  AddFormat(cmd, &o->format, {"table", "csv", "jsonl"});
  AddExactType(cmd, &o->exact_type);
  cmd->add_option("--url", o->url, "Only this source URL counts")->type_name("URL");
  cmd->callback([&ctx, o] { ctx.exit_code = RunVerify(ctx, *o); });
}

}  // namespace quarry::cli
