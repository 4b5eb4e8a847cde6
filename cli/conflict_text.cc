#include "cli/conflict_text.h"

#include <fmt/format.h>

#include "io/conflict_json.h"

namespace statecraft::cli {
namespace {

using gmcr::Concept;
using gmcr::State;

std::string names(const std::vector<Concept>& concepts) {
  std::vector<std::string> out;
  for (Concept k : concepts) out.push_back(gmcr::to_string(k));
  return fmt::format("{}", fmt::join(out, ", "));
}

// Why a lone decision maker does what it does: its first priority, in its own words.
std::string motive(const gmcr::Findings& f, const gmcr::Player& player) {
  if (player.dms.size() != 1) return "";
  const auto& pref = f.spec->dms[player.dms[0]].preference;
  std::string why;
  if (!pref.use_ranking && !pref.statements.empty())
    why =
        fmt::format(" Its first priority: {}.", io::describe_statement(f, pref.statements.front()));
  else if (pref.use_ranking)
    why = " (Preferences given as a ranking.)";
  if (!pref.note.empty()) why += " " + pref.note + ".";
  return why;
}

std::string status_quo_text(const gmcr::Findings& f, const gmcr::StatusQuoFindings& sq) {
  const gmcr::Analysis& a = *f.analysis;
  std::string text = fmt::format("  Status quo: {}\n", io::describe_state(f, sq.state));
  text += sq.equilibrium_under.empty()
              ? "    It is not an equilibrium under any concept shown.\n"
              : fmt::format("    It is an equilibrium under {}.\n", names(sq.equilibrium_under));
  for (std::size_t p = 0; p < sq.players.size(); ++p) {
    const auto& here = sq.players[p];
    std::vector<std::string> moves;
    for (State s : here.improvements) moves.push_back(io::describe_change(f, sq.state, s));
    if (moves.empty())
      text +=
          fmt::format("    {} stays, because none of its own moves would leave it better off.{}\n",
                      a.players[p].name, motive(f, a.players[p]));
    else
      text +=
          fmt::format("    {} could do better on its own ({}); the status quo holds for it {}.{}\n",
                      a.players[p].name, fmt::join(moves, "; or "),
                      here.stable_under.empty()
                          ? std::string("under no concept: nobody can sanction that move")
                          : fmt::format("only under {}, where others can sanction that move",
                                        names(here.stable_under)),
                      motive(f, a.players[p]));
  }
  int shown_paths = 0;
  for (const auto& r : sq.reach) {
    if (!r.reachable_by_improvements || r.improving_path.empty() || shown_paths >= 4) continue;
    ++shown_paths;
    std::vector<std::string> steps;
    for (const auto& m : r.improving_path)
      steps.push_back(
          fmt::format("{} {}", a.players[m.player].name, io::describe_change(f, m.from, m.to)));
    text += fmt::format("    Reachable by improvements: {} → {}\n", fmt::join(steps, ", then "),
                        io::describe_state(f, r.target));
  }
  return text;
}

}  // namespace

std::string conflict_summary(const ConflictFindings& findings) {
  const gmcr::Findings& f = io::gmcr_findings(findings);
  const gmcr::Conflict& c = *f.conflict;
  const gmcr::Analysis& a = *f.analysis;
  std::string text =
      fmt::format("{} — {} ({} decision makers, {} options, {} feasible states; {} semantics)\n",
                  f.spec->id, c.name, c.dms.size(), c.options.size(), c.states.size(),
                  f.semantics == gmcr::Semantics::Textbook ? "textbook" : "gmcr-py");
  text += "  Equilibria:\n";
  for (Concept k : f.shown) {
    const auto& eq = a.equilibria[int(k)];
    text += fmt::format("    {:<8}", gmcr::to_string(k));
    if (eq.empty())
      text += " none\n";
    else if (eq.size() > 6)
      text += fmt::format(" {} states (see the JSON output)\n", eq.size());
    else {
      text += "\n";
      for (State s : eq) text += fmt::format("      - {}\n", io::describe_state(f, s));
    }
  }
  if (f.status_quo) text += status_quo_text(f, *f.status_quo);
  return text;
}

}  // namespace statecraft::cli
