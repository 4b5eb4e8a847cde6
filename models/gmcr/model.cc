#include "models/gmcr/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/errors.h"
#include "models/gmcr/build.h"

namespace statecraft::gmcr {
namespace {

std::vector<Concept> parse_concepts(const std::vector<std::string>& names) {
  std::vector<Concept> out;
  for (const auto& name : names) {
    const auto k = std::find_if(kConcepts.begin(), kConcepts.end(),
                                [&](Concept c) { return name == to_string(c); });
    if (k == kConcepts.end())
      throw OptionError(
          "--concept", fmt::format("expected Nash, GMR, SMR, SEQ, SIM or SEQ-SIM, got '{}'", name));
    out.push_back(*k);
  }
  return out;
}

// Named groups to decision-maker indices; everyone not named plays alone.
std::vector<std::vector<int>> parse_coalitions(
    const ConflictSpec& spec, const std::vector<std::vector<std::string>>& groups) {
  std::vector<std::vector<int>> out;
  for (const auto& group : groups) {
    std::vector<int> members;
    for (const auto& name : group) {
      bool found = false;
      for (std::size_t d = 0; d < spec.dms.size(); ++d)
        if (spec.dms[d].id == name || spec.dms[d].name == name) {
          members.push_back(int(d));
          found = true;
        }
      if (!found)
        throw OptionError("--coalition", fmt::format("unknown decision maker '{}' in conflict '{}'",
                                                     name, spec.id));
    }
    out.push_back(std::move(members));
  }
  if (!out.empty())
    for (std::size_t d = 0; d < spec.dms.size(); ++d) {
      bool named = false;
      for (const auto& g : out) named = named || std::find(g.begin(), g.end(), int(d)) != g.end();
      if (!named) out.push_back({int(d)});
    }
  return out;
}

StatusQuoFindings at_status_quo(const Conflict& c, const Analysis& a,
                                const std::vector<Concept>& shown, State sq) {
  StatusQuoFindings out;
  out.state = sq;
  const int v = c.index(sq);
  for (Concept k : shown)
    if (std::binary_search(a.equilibria[int(k)].begin(), a.equilibria[int(k)].end(), sq))
      out.equilibrium_under.push_back(k);
  for (std::size_t p = 0; p < a.players.size(); ++p) {
    PlayerAtStatusQuo here;
    for (int w : unilateral_moves(c, a.players[p], v)) {
      bool better = true;
      for (int d : a.players[p].dms) better = better && c.dms[d].payoff[w] > c.dms[d].payoff[v];
      if (better) here.improvements.push_back(c.states[w]);
    }
    for (Concept k : shown)
      if (a.stable[int(k)][p][v]) here.stable_under.push_back(k);
    out.players.push_back(std::move(here));
  }
  std::vector<State> targets;
  for (Concept k : shown)
    for (State s : a.equilibria[int(k)])
      if (std::find(targets.begin(), targets.end(), s) == targets.end()) targets.push_back(s);
  std::sort(targets.begin(), targets.end());
  out.reach = reach_from(c, a.players, sq, targets);
  return out;
}

class GmcrModel final : public ConflictModel {
 public:
  std::string name() const override { return "gmcr"; }
  std::string version() const override { return "1.0"; }
  std::string description() const override {
    return "Graph model of conflict resolution: stability of every state for every decision "
           "maker, equilibria, and the paths from the status quo";
  }
  std::vector<VariantInfo> variants() const override {
    return {{"textbook", "Fang, Hipel & Kilgour's n-decision-maker definitions"},
            {"gmcr-py", "gmcr-py's sanctioning chains (each opponent moves at most once)"}};
  }
  std::vector<std::string> concepts() const override {
    std::vector<std::string> out;
    for (Concept k : kConcepts) out.push_back(to_string(k));
    return out;
  }

  ConflictFindingsPtr analyse(const ConflictSpec& spec, const ConflictOptions& options,
                              const RunContext& context) const override {
    AnalysisOptions o;
    // The variants are the stability semantics, named as variants() lists them.
    const auto vs = variants();
    std::vector<std::string> names;
    for (const auto& v : vs) names.push_back(v.name);
    const std::string variant = options.variant.empty() ? names.front() : options.variant;
    if (std::find(names.begin(), names.end(), variant) == names.end())
      throw OptionError("--semantics", fmt::format("expected {}, got '{}'",
                                                   fmt::join(names, " or "), options.variant));
    o.semantics = variant == "gmcr-py" ? Semantics::GmcrPy : Semantics::Textbook;
    if (options.threads < 1 || options.threads > 1024)
      throw OptionError("threads",
                        fmt::format("expected 1..1024 threads, got {}", options.threads));
    o.threads = options.threads;
    const auto asked = parse_concepts(options.concepts);
    o.simultaneous = asked.empty() || std::any_of(asked.begin(), asked.end(), [](Concept k) {
                       return k == Concept::SIM || k == Concept::SEQSIM;
                     });
    o.coalitions = parse_coalitions(spec, options.coalitions);
    const std::optional<State> sq =
        options.status_quo ? std::optional<State>(parse_state(spec, *options.status_quo))
                           : spec.status_quo;
    context.check_cancelled();

    auto out = std::make_shared<Findings>();
    out->spec = std::make_shared<const ConflictSpec>(spec);
    out->conflict = std::make_shared<const Conflict>(build_conflict(spec));
    const Conflict& c = *out->conflict;
    if (sq && c.index(*sq) < 0)
      throw OptionError("--status-quo", fmt::format("state {} ({}) is infeasible in conflict '{}'",
                                                    *sq, c.yn(*sq), spec.id));
    out->analysis = std::make_shared<const Analysis>(gmcr::analyse(c, o));
    for (Concept k :
         asked.empty() ? std::vector<Concept>(kConcepts.begin(), kConcepts.end()) : asked)
      if (out->analysis->has(k)) out->shown.push_back(k);
    out->semantics = o.semantics;
    if (sq) out->status_quo = at_status_quo(c, *out->analysis, out->shown, *sq);
    return out;
  }
};

}  // namespace

std::unique_ptr<ConflictModel> make_gmcr_model() { return std::make_unique<GmcrModel>(); }

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

}  // namespace statecraft::gmcr
