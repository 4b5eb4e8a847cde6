#include "models/gmcr/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "core/errors.h"
#include "models/gmcr/build.h"
#include "models/gmcr/status_quo.h"

namespace statecraft::gmcr {
namespace {

std::string option_label(const ConflictSpec& spec, int k) {
  return spec.options[k].name.empty() ? spec.options[k].id : spec.options[k].name;
}

// "North Korea: Tilt to Moscow; China: Keep the lifeline" or "nobody takes any option".
std::string describe(const ConflictSpec& spec, const Conflict& c, State s) {
  std::string out;
  for (std::size_t d = 0; d < spec.dms.size(); ++d) {
    std::string taken;
    for (int k : spec.dms[d].options)
      if (s >> k & 1) taken += (taken.empty() ? "" : ", ") + option_label(spec, k);
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", c.dms[d].name,
                       taken.empty() ? "none" : taken);
  }
  return out;
}

// What a move changes: "takes 'A', drops 'B'".
std::string change(const ConflictSpec& spec, State from, State to) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < spec.options.size(); ++k) {
    const bool a = from >> k & 1, b = to >> k & 1;
    if (a != b)
      parts.push_back(fmt::format("{} '{}'", b ? "takes" : "drops", option_label(spec, int(k))));
  }
  return fmt::format("{}", fmt::join(parts, " and "));
}

std::string statement_text(const ConflictSpec& spec, const ConflictStatement& st) {
  std::vector<std::string> alternatives;
  for (const auto& conj : st) {
    std::vector<std::string> lits;
    for (const auto& l : conj)
      lits.push_back(fmt::format("{}'{}'", l.taken ? "" : "not ", option_label(spec, l.option)));
    alternatives.push_back(fmt::format("{}", fmt::join(lits, " and ")));
  }
  return fmt::format("{}", fmt::join(alternatives, " or "));
}

Json state_json(const ConflictSpec& spec, const Conflict& c, State s) {
  return {{"decimal", s}, {"yn", c.yn(s)}, {"description", describe(spec, c, s)}};
}

std::vector<std::string> concepts_where(const Analysis& a, const std::vector<Concept>& shown,
                                        int player, int v) {
  std::vector<std::string> out;
  for (Concept k : shown)
    if (a.has(k) && a.stable[int(k)][player][v]) out.push_back(to_string(k));
  return out;
}

// The full result document: options, every state's stability per player, the equilibria
// and (when given) the status-quo analysis.
Json document(const ConflictSpec& spec, const Conflict& c, const Analysis& a,
              const std::vector<Concept>& shown, bool textbook, const Json& status_quo) {
  Json options_json = Json::array();
  for (std::size_t k = 0; k < spec.options.size(); ++k)
    options_json.push_back({{"index", k},
                            {"id", spec.options[k].id},
                            {"name", option_label(spec, int(k))},
                            {"decision_maker", c.dms[spec.options[k].dm].name}});
  Json states = Json::array();
  for (std::size_t v = 0; v < c.states.size(); ++v) {
    Json stable_for = Json::object();
    for (std::size_t p = 0; p < a.players.size(); ++p)
      stable_for[a.players[p].name] = concepts_where(a, shown, int(p), int(v));
    Json row = state_json(spec, c, c.states[v]);
    row["stable_for"] = std::move(stable_for);
    std::vector<std::string> eq;
    for (Concept k : shown)
      if (std::binary_search(a.equilibria[int(k)].begin(), a.equilibria[int(k)].end(), c.states[v]))
        eq.push_back(to_string(k));
    row["equilibrium_under"] = std::move(eq);
    states.push_back(std::move(row));
  }
  Json equilibria = Json::object();
  for (Concept k : shown) {
    Json list = Json::array();
    for (State s : a.equilibria[int(k)]) list.push_back(state_json(spec, c, s));
    equilibria[to_string(k)] = std::move(list);
  }
  // Assigned one by one: an initializer list would copy the (possibly huge) tables.
  Json out = Json::object();
  out["conflict"] = spec.id;
  out["name"] = c.name;
  out["semantics"] = textbook ? "textbook" : "gmcr-py";
  out["options"] = std::move(options_json);
  out["feasible_states"] = c.states.size();
  out["equilibria"] = std::move(equilibria);
  out["states"] = std::move(states);
  if (!status_quo.is_null()) out["status_quo"] = status_quo;
  return out;
}

}  // namespace

State parse_state(const ConflictSpec& spec, const std::string& text) {
  std::uint64_t code = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return code;
  if (text.size() == spec.options.size() && text.find_first_not_of("YN") == std::string::npos) {
    State s = 0;
    for (std::size_t k = 0; k < text.size(); ++k)
      if (text[k] == 'Y') s |= State(1) << k;
    return s;
  }
  State s = 0;
  if (text.empty() || text == "none") return s;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    bool found = false;
    for (std::size_t k = 0; k < spec.options.size(); ++k)
      if (spec.options[k].id == item || spec.options[k].name == item) {
        s |= State(1) << k;
        found = true;
      }
    if (!found)
      throw OptionError("--status-quo",
                        fmt::format("unknown option '{}' in conflict '{}'", item, spec.id));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return s;
}

ConflictResult report_conflict(const ConflictSpec& spec, const AnalysisOptions& options,
                               std::optional<State> status_quo,
                               const std::vector<Concept>& concepts) {
  const auto built = std::make_shared<const Conflict>(build_conflict(spec));
  const auto analysed = std::make_shared<const Analysis>(analyse(*built, options));
  const Conflict& c = *built;
  const Analysis& a = *analysed;
  std::vector<Concept> shown;
  for (Concept k :
       concepts.empty() ? std::vector<Concept>(kConcepts.begin(), kConcepts.end()) : concepts)
    if (a.has(k)) shown.push_back(k);
  const std::optional<State> sq = status_quo ? status_quo : spec.status_quo;
  if (sq && c.index(*sq) < 0)
    throw OptionError("--status-quo", fmt::format("state {} ({}) is infeasible", *sq, c.yn(*sq)));
  // What the document needs of the spec: names and option lists, not the preferences.
  auto names = std::make_shared<ConflictSpec>();
  names->id = spec.id;
  names->options = spec.options;
  for (const auto& d : spec.dms) {
    ConflictDecisionMaker dm;
    dm.id = d.id;
    dm.name = d.name;
    dm.options = d.options;
    names->dms.push_back(std::move(dm));
  }
  auto status_quo_json = std::make_shared<Json>();  // filled below when there is one
  const bool textbook = options.semantics == Semantics::Textbook;

  ConflictResult out{ConflictDocument([built, analysed, names, shown, status_quo_json, textbook] {
                       return document(*names, *built, *analysed, shown, textbook,
                                       *status_quo_json);
                     }),
                     {}};

  std::string text =
      fmt::format("{} — {} ({} decision makers, {} options, {} feasible states; {} semantics)\n",
                  spec.id, c.name, c.dms.size(), c.options.size(), c.states.size(),
                  options.semantics == Semantics::Textbook ? "textbook" : "gmcr-py");
  text += "  Equilibria:\n";
  for (Concept k : shown) {
    text += fmt::format("    {:<8}", to_string(k));
    if (a.equilibria[int(k)].empty())
      text += " none\n";
    else if (a.equilibria[int(k)].size() > 6)
      text += fmt::format(" {} states (see the JSON output)\n", a.equilibria[int(k)].size());
    else {
      text += "\n";
      for (State s : a.equilibria[int(k)])
        text += fmt::format("      - {}\n", describe(spec, c, s));
    }
  }

  if (sq) {
    const int v = c.index(*sq);
    Json per_player = Json::object();
    std::vector<std::string> eq;
    for (Concept k : shown)
      if (std::binary_search(a.equilibria[int(k)].begin(), a.equilibria[int(k)].end(), *sq))
        eq.push_back(to_string(k));
    text += fmt::format("  Status quo: {}\n", describe(spec, c, *sq));
    text += eq.empty() ? "    It is not an equilibrium under any concept shown.\n"
                       : fmt::format("    It is an equilibrium under {}.\n", fmt::join(eq, ", "));
    for (std::size_t p = 0; p < a.players.size(); ++p) {
      const Player& pl = a.players[p];
      std::vector<Json> improvements;
      std::vector<std::string> moves_text;
      for (int w : unilateral_moves(c, pl, v)) {
        bool better = true;
        for (int d : pl.dms) better = better && c.dms[d].payoff[w] > c.dms[d].payoff[v];
        if (!better) continue;
        improvements.push_back(state_json(spec, c, c.states[w]));
        moves_text.push_back(change(spec, *sq, c.states[w]));
      }
      const auto stable = concepts_where(a, shown, int(p), v);
      per_player[pl.name] = {{"stable_under", stable}, {"improvements", improvements}};
      std::string why;
      if (pl.dms.size() == 1) {
        const auto& pref = spec.dms[pl.dms[0]].preference;
        if (!pref.use_ranking && !pref.statements.empty())
          why = fmt::format(" Its first priority: {}.",
                            statement_text(spec, pref.statements.front()));
        else if (pref.use_ranking)
          why = " (Preferences given as a ranking.)";
        if (!pref.note.empty()) why += " " + pref.note + ".";
      }
      if (moves_text.empty())
        text += fmt::format(
            "    {} stays, because none of its own moves would leave it better off.{}\n", pl.name,
            why);
      else
        text += fmt::format(
            "    {} could do better on its own ({}); the status quo holds for it {}.{}\n", pl.name,
            fmt::join(moves_text, "; or "),
            stable.empty() ? std::string("under no concept: nobody can sanction that move")
                           : fmt::format("only under {}, where others can sanction that move",
                                         fmt::join(stable, ", ")),
            why);
    }
    // Which equilibria the status quo can evolve to.
    std::vector<State> targets;
    for (Concept k : shown)
      for (State s : a.equilibria[int(k)])
        if (std::find(targets.begin(), targets.end(), s) == targets.end()) targets.push_back(s);
    std::sort(targets.begin(), targets.end());
    Json reach = Json::array();
    const auto paths = reach_from(c, a.players, *sq, targets);
    auto path_json = [&](const std::vector<Move>& path) {
      Json steps = Json::array();
      for (const auto& m : path)
        steps.push_back({{"mover", a.players[m.player].name},
                         {"change", change(spec, m.from, m.to)},
                         {"to", state_json(spec, c, m.to)}});
      return steps;
    };
    int shown_paths = 0;
    for (const auto& r : paths) {
      Json entry = state_json(spec, c, r.target);
      entry["reachable"] = r.reachable;
      entry["path"] = path_json(r.path);
      entry["reachable_by_improvements"] = r.reachable_by_improvements;
      entry["improving_path"] = path_json(r.improving_path);
      reach.push_back(entry);
      if (r.reachable_by_improvements && !r.improving_path.empty() && shown_paths < 4) {
        ++shown_paths;
        std::vector<std::string> steps;
        for (const auto& m : r.improving_path)
          steps.push_back(
              fmt::format("{} {}", a.players[m.player].name, change(spec, m.from, m.to)));
        text += fmt::format("    Reachable by improvements: {} → {}\n", fmt::join(steps, ", then "),
                            describe(spec, c, r.target));
      }
    }
    *status_quo_json = {{"state", state_json(spec, c, *sq)},
                        {"equilibrium_under", eq},
                        {"decision_makers", per_player},
                        {"reachable_equilibria", reach}};
  }
  out.text = text;
  return out;
}

}  // namespace statecraft::gmcr
