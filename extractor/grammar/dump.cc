// Canonical text of a compiled rule, for tests and `quarry explain`: its settings, capture slots
// and instructions renumbered from 0 in the order a thread would first visit them, so the text
// does not depend on how many rules were compiled before it.
#include <deque>
#include <map>
#include <sstream>

#include "grammar/dump.h"

namespace quarry::grammar {

std::string DumpRule(const Prog& prog, const RuleInfo& info, int rule) {
  const ProgRule& r = prog.rules[rule];
  std::ostringstream o;
  o << "rule " << info.name << " stage=" << info.stage << " priority=" << info.priority;
  if (!info.emit.empty()) o << " emit=" << info.emit;
  for (const auto& [k, v] : info.constants) o << " " << k << "=" << v;
  o << "\n";
  // Number instructions breadth-first from the entry, preferred edge first.
  std::map<int, int> num;
  std::vector<int> order;
  std::deque<int> q = {r.entry};
  while (!q.empty()) {
    int pc = q.front();
    q.pop_front();
    if (pc < 0 || num.count(pc)) continue;
    num[pc] = static_cast<int>(order.size());
    order.push_back(pc);
    const Inst& in = prog.insts[pc];
    if (in.op != Op::kMatch) q.push_back(in.out);
    if (in.op == Op::kSplit) q.push_back(in.out1);
  }
  auto slot = [&](int s) { return s >= 0 && s < static_cast<int>(r.slots.size()) ? r.slots[s] : "?"; };
  for (size_t i = 0; i < order.size(); ++i) {
    const Inst& in = prog.insts[order[i]];
    o << i << ": ";
    switch (in.op) {
      case Op::kTok: o << "tok " << prog.Describe(in); break;
      case Op::kLit: o << "lit " << prog.Describe(in); break;
      case Op::kLitSet: o << "litset " << prog.Describe(in); break;
      case Op::kAnn:
        o << "ann " << prog.Describe(in);
        if (in.slot >= 0) o << " =>" << slot(in.slot);
        break;
      case Op::kSplit: o << "split " << num[in.out] << ", " << num[in.out1] << "\n"; continue;
      case Op::kJmp: o << "jmp"; break;
      case Op::kSave: o << "save " << slot(in.slot) << (in.arg == 0 ? " begin" : " end"); break;
      case Op::kMatch: o << "match\n"; continue;
    }
    o << " -> " << num[in.out] << "\n";
  }
  return o.str();
}

}  // namespace quarry::grammar
