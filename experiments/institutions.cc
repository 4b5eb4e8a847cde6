#include "experiments/institutions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace statecraft {
namespace {

const Institution* find_institution(const Scenario& s, const std::string& id) {
  for (const auto& inst : s.institutions)
    if (inst.id == id) return &inst;
  return nullptr;
}

const Stance* stance_of(const Issue& issue, std::size_t actor) {
  for (const auto& st : issue.stances)
    if (st.actor == actor) return &st;
  return nullptr;
}

}  // namespace

VetoWinSet veto_win_set(const Scenario& s, std::size_t issue, const Institution& inst, double sq) {
  const Issue& is = s.issues[issue];
  VetoWinSet w{is.scale.min, is.scale.max};
  for (std::size_t holder : inst.veto_holders) {
    const Stance* st = stance_of(is, holder);
    if (!st) continue;  // a holder without a stance on the issue does not use its veto
    const double r = std::abs(st->position.value - sq);
    w.low = std::max(w.low, st->position.value - r);
    w.high = std::min(w.high, st->position.value + r);
  }
  return w;  // always contains the status quo
}

void apply_institutions(const Scenario& s, ModelResult& result) {
  for (std::size_t i = 0; i < s.issues.size() && i < result.issues.size(); ++i) {
    const Issue& is = s.issues[i];
    if (!is.institution) continue;
    const Institution* inst = find_institution(s, *is.institution);
    if (!inst || inst->kind != "veto") continue;
    IssueResult& out = result.issues[i];
    Json entry = {
        {"institution", inst->id}, {"rule", "veto"}, {"unconstrained_outcome", out.outcome}};
    if (!is.status_quo) {
      entry["applied"] = false;
      entry["reason"] = "the issue has no status quo, so a veto has nothing to protect";
      out.detail["institution"] = entry;
      continue;
    }
    const double sq = is.status_quo->value;
    const VetoWinSet w = veto_win_set(s, i, *inst, sq);
    const double constrained = std::clamp(out.outcome, w.low, w.high);
    Json blocked = Json::array();
    for (std::size_t holder : inst->veto_holders) {
      const Stance* st = stance_of(is, holder);
      if (st &&
          std::abs(st->position.value - out.outcome) > std::abs(st->position.value - sq) + 1e-12)
        blocked.push_back(s.actors[holder].id);
    }
    entry["applied"] = true;
    entry["status_quo"] = sq;
    entry["acceptable"] = {w.low, w.high};
    entry["blocked_by"] = blocked;
    if (constrained != out.outcome)
      entry["reason"] = fmt::format(
          "{} would rather keep the status quo {} than accept {}; the outcome stops at {}, the "
          "closest point every veto holder accepts",
          fmt::join(blocked.get<std::vector<std::string>>(), " and "), sq, out.outcome,
          constrained);
    else
      entry["reason"] = "every veto holder prefers this outcome to the status quo";
    out.outcome = constrained;
    out.detail["institution"] = entry;
  }
}

}  // namespace statecraft
