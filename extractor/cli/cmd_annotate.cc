// quarry annotate: prints every annotation of the documents (quantities, periods, changes,
// gazetteer entities) as readable lines or JSONL (DESIGN.md: doc kind text span value unit
// approx period; spans are raw byte ranges; values are exact decimals written as strings).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/options.h"
#include "periods/periods.h"

namespace quarry::cli {
namespace {

struct AnnotateArgs {
  std::string input;
  FormatOption format;
  std::string published;
  bool force_published = false;
};

// Value as text: "81864", "70000..80000" for ranges; empty for periods and entities.
std::string ValueText(const Annotation& a) {
  if (a.kind != AnnKind::kQuantity && a.kind != AnnKind::kChange) return "";
  std::string v = a.value.ToString();
  if (a.value_hi) v += ".." + a.value_hi->ToString();
  return v;
}

nlohmann::ordered_json ToJson(const Document& doc, const text::TextDoc& td, const Annotation& a) {
  RawSpan raw = td.ToRaw(a.span);
  nlohmann::ordered_json j;
  j["doc"] = doc.id;
  j["kind"] = AnnKindName(a.kind);
  j["text"] = std::string(a.span.Of(td.text));
  j["span"] = {raw.begin, raw.end};
  bool numeric = a.kind == AnnKind::kQuantity || a.kind == AnnKind::kChange;
  if (numeric) {
    j["value"] = a.value.ToString();
    j["unit"] = a.unit;
    j["approx"] = ApproxSymbol(a.approx);
  } else {
    j["value"] = nullptr;
    j["unit"] = nullptr;
    j["approx"] = nullptr;
  }
  // period: the period of a kPeriod, the basis (yoy, mom, qoq) of a kChange.
  if (a.kind == AnnKind::kPeriod || a.kind == AnnKind::kChange)
    j["period"] = a.period.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.period);
  else
    j["period"] = nullptr;
  if (numeric) {
    if (a.value_hi) j["value_hi"] = a.value_hi->ToString();
    RawSpan fig = td.ToRaw(a.figure.empty() ? a.span : a.figure);
    j["figure"] = std::string((a.figure.empty() ? a.span : a.figure).Of(td.text));
    j["figure_span"] = {fig.begin, fig.end};
    j["precision"] = a.precision_exp;
    if (!a.parts.empty()) {
      auto parts = nlohmann::ordered_json::array();
      for (const auto& p : a.parts) parts.push_back(p.ToString());
      j["parts"] = parts;
    }
  }
  if (!a.subkind.empty()) j["subkind"] = a.subkind;
  if (!a.label.empty()) j["label"] = a.label;
  return j;
}

std::string ToLine(const Document& doc, const text::TextDoc& td, const Annotation& a) {
  RawSpan raw = td.ToRaw(a.span);
  std::ostringstream o;
  o << doc.id << "  " << AnnKindName(a.kind) << "  [" << raw.begin << "," << raw.end << ")  \""
    << a.span.Of(td.text) << "\"";
  switch (a.kind) {
    case AnnKind::kQuantity:
      o << "  value=" << ValueText(a);
      if (!a.unit.empty()) o << " unit=" << a.unit;
      if (a.approx != Approx::kExact) o << " approx=" << ApproxSymbol(a.approx);
      if (!a.figure.empty() && a.figure != a.span) o << " figure=\"" << a.figure.Of(td.text) << "\"";
      if (!a.parts.empty()) {
        o << " parts=";
        for (size_t i = 0; i < a.parts.size(); ++i) o << (i ? "/" : "") << a.parts[i].ToString();
      }
      break;
    case AnnKind::kChange:
      o << "  value=" << ValueText(a) << " unit=" << a.unit;
      if (!a.period.empty()) o << " basis=" << a.period;
      if (a.approx != Approx::kExact) o << " approx=" << ApproxSymbol(a.approx);
      break;
    case AnnKind::kPeriod:
      o << "  period=" << a.period << " (" << a.subkind << ")";
      break;
    case AnnKind::kEntity:
      o << "  " << a.label << " (" << a.subkind << ")";
      break;
    case AnnKind::kCustom:
      o << "  " << a.label;
      break;
  }
  return o.str();
}

void Run(const AnnotateArgs& args, Context& ctx) {
  if (!CheckFormat("annotate", args.format) || !CheckPublished("annotate", args.published)) {
    ctx.exit_code = kExitUsage;
    return;
  }
  auto res = LoadResources(ctx);
  if (!res) return;
  facts::ExtractOptions opts;
  opts.published_override = args.published;
  opts.force_published = args.force_published;
  facts::Extractor extractor(res, opts);
  facts::Trace trace;
  std::string out;
  bool ok = ReadDocuments(ctx, args.input, args.published, false, [&](const Document& doc) {
    extractor.Annotate(doc, &trace);
    for (const auto& a : trace.annotations) {
      if (args.format.value == "jsonl")
        out += ToJson(doc, trace.text, a).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      else
        out += ToLine(doc, trace.text, a);
      out += '\n';
      if (out.size() > (1 << 16)) {
        std::cout << out;
        out.clear();
      }
    }
  });
  if (!ok) return;
  std::cout << out << std::flush;
}

}  // namespace

void RegisterAnnotate(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<AnnotateArgs>();
  auto* cmd = app.add_subcommand("annotate", "Print the annotations (quantities, periods, changes, entities)");
  cmd->footer(
      "Each annotation covers a token range; span is its [begin, end) byte range in the raw document.\n"
      "jsonl fields: doc kind text span value unit approx period (+ figure figure_span precision value_hi\n"
      "parts subkind label). value is the exact decimal as a string; period is the resolved period of a\n"
      "period annotation and the basis (yoy, mom, qoq) of a change.\n"
      "Exit codes: 0 ok, 2 usage or input error.");
  cmd->add_option("INPUT", args->input, "A file (text, HTML, JSONL, ...) or - for JSONL documents on stdin")
      ->required();
  AddFormat(cmd, &args->format, {"text", "jsonl"}, "text (default; one readable line per annotation) or jsonl");
  AddPublished(cmd, &args->published, &args->force_published);
  cmd->callback([args, &ctx] { Run(*args, ctx); });
}

}  // namespace quarry::cli
