#include "models/smp/model.h"

#include <fmt/format.h>

#include "core/errors.h"
#include "models/smp/engine.h"

namespace statecraft {
namespace {

using namespace smp;

constexpr const char* kReference = "reference";

const char* const kRanges[] = {"min", "mid", "max"};
const char* const kAdjust[] = {"full", "two-thirds", "half", "one-third", "none"};
const char* const kCommit[] = {"full", "semi", "none"};
const char* const kInterp[] = {"s1p1", "s2p2", "s2pmax"};
const char* const kTransitions[] = {"deterministic", "stochastic"};

template <std::size_t N>
std::vector<std::string> names(const char* const (&list)[N]) {
  return std::vector<std::string>(std::begin(list), std::end(list));
}

template <class E>
std::vector<std::string> enum_names(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(to_string(E(i)));
  return out;
}

// Index of a choice already checked against its ParamSpec.
template <class E, std::size_t N>
E choose(const ModelOptions& o, const std::string& key, const char* const (&list)[N]) {
  const std::string& v = o.values.choice(key);
  for (std::size_t i = 0; i < N; ++i)
    if (v == list[i]) return E(i);
  return E(0);
}

// The statecraft variant keeps each actor's declared position as its ideal (see
// docs/models/smp.md, "Ideals and accommodation"); the reference variant follows KTAB.
constexpr double kStatecraftAccommodation = 0.5;

std::vector<ParamSpec> smp_params() {
  const Config d;
  return {
      ParamSpec::choice("voting", to_string(d.voting), enum_names<VotingRule>(6),
                        "how an actor's vote between two options scales with its utility "
                        "difference"),
      ParamSpec::choice("victory", to_string(d.victory), enum_names<VictoryModel>(5),
                        "how coalition strength turns into a probability of victory"),
      ParamSpec::choice("pce", to_string(d.pce), enum_names<PceModel>(3),
                        "probabilistic Condorcet election: conditional or a Markov chain"),
      ParamSpec::choice("big_r_range", kRanges[int(d.big_r_range)], names(kRanges),
                        "which end of the risk-attitude range actors take"),
      ParamSpec::choice("big_r_adjust", kAdjust[int(d.big_r_adjust)], names(kAdjust),
                        "how far risk attitudes adjust towards the estimate each turn"),
      ParamSpec::choice("commit", kCommit[int(d.commit)], names(kCommit),
                        "how firmly third parties commit to a side in a challenge"),
      ParamSpec::choice("interpolation", kInterp[int(d.interpolation)], names(kInterp),
                        "how the bargain between challenger and target is interpolated"),
      ParamSpec::choice("transitions", kTransitions[int(d.transitions)], names(kTransitions),
                        "deterministic: each actor takes its most probable bargain; "
                        "stochastic: drawn by probability (seed-dependent)"),
      ParamSpec::real("stop_ratio", d.stop_ratio, 0, 0.999999,
                      "stop when the turn's change is below this share of the first turn's"),
      ParamSpec::real("equivalence", d.equivalence, 0, 0.1,
                      "positions closer than this on the unit scale count as one option"),
      ParamSpec::real("accommodation", kStatecraftAccommodation, 0, 1,
                      "how far an actor's ideal follows its bargained position each turn: 0 = "
                      "it keeps the scenario's position as its ideal, 1 = KTAB's full "
                      "accommodation (the reference variant's default)"),
  };
}

Config read_config(const ModelOptions& o) {
  Config c;
  c.reference = o.variant == kReference;
  c.voting = parse_voting_rule(o.values.choice("voting"), "param voting");
  c.victory = parse_victory_model(o.values.choice("victory"), "param victory");
  c.pce = parse_pce_model(o.values.choice("pce"), "param pce");
  c.big_r_range = choose<BigRRange>(o, "big_r_range", kRanges);
  c.big_r_adjust = choose<BigRAdjust>(o, "big_r_adjust", kAdjust);
  c.commit = choose<ThirdPartyCommit>(o, "commit", kCommit);
  c.interpolation = choose<Interpolation>(o, "interpolation", kInterp);
  c.transitions = choose<Transitions>(o, "transitions", kTransitions);
  c.max_turns = o.rounds;
  c.stop_ratio = o.values.real("stop_ratio");
  c.equivalence = o.values.real("equivalence");
  c.accommodation =
      c.reference && !o.values.given("accommodation") ? 1.0 : o.values.real("accommodation");
  c.streams = *o.streams;
  c.threads = o.threads;
  c.report_every_state = o.detail;
  return c;
}

// Scenario -> the model's unit-cube input: one dimension per issue.
// An actor without a stance on an issue is absent from that dimension: salience 0 there
// (it neither cares about nor weighs in on that coordinate) and, as its coordinate, the
// capability x salience weighted mean of the actors present (so the others see it at their
// own centre of weight rather than at an arbitrary end of the scale).
Input make_input(const Scenario& s) {
  const std::size_t n = s.actors.size(), d = s.issues.size();
  Input in;
  in.salience = Matrix(n, d);
  in.position = Matrix(n, d);
  for (const auto& a : s.actors) {
    if (!(a.capability.value > 0))
      throw OptionError("smp", fmt::format("actor '{}' needs a positive capability", a.id));
    in.capability.push_back(a.capability.value);
  }
  // Independent saliences become shares of one budget so that totals stay within [0, 1].
  const double share = s.salience_basis == SalienceBasis::Budget ? 1.0 : double(d);
  for (std::size_t k = 0; k < d; ++k) {
    const Issue& is = s.issues[k];
    std::vector<bool> seen(n, false);
    double weighted = 0, weight = 0;
    for (const auto& st : is.stances) {
      seen[st.actor] = true;
      const double x = (st.position.value - is.scale.min) / (is.scale.max - is.scale.min);
      in.position(st.actor, k) = x;
      in.salience(st.actor, k) = st.salience.value / share;
      const double w = in.capability[st.actor] * st.salience.value;
      weighted += w * x;
      weight += w;
    }
    // The loader guarantees some present actor with positive weight; 0.5 is a guard only.
    const double neutral = weight > 0 ? weighted / weight : 0.5;
    for (std::size_t a = 0; a < n; ++a)
      if (!seen[a]) {
        in.position(a, k) = neutral;
        in.salience(a, k) = 0;
      }
  }
  return in;
}

double to_scale(const Scale& sc, double x) { return sc.min + x * (sc.max - sc.min); }

Json scaled(const Scenario& s, const std::vector<double>& unit) {
  Json out = Json::array();
  for (std::size_t k = 0; k < unit.size(); ++k) out.push_back(to_scale(s.issues[k].scale, unit[k]));
  return out;
}

Json run_detail(const Scenario& s, const Run& run, bool full) {
  Json states = Json::array();
  for (std::size_t t = 0; full && t < run.states.size(); ++t) {
    const StateReport& st = run.states[t];
    Json options = Json::array();
    for (const auto& o : st.options) {
      Json actors = Json::array();
      for (std::size_t a : o.actors) actors.push_back(s.actors[a].id);
      options.push_back({{"position", scaled(s, o.position)},
                         {"actors", actors},
                         {"probability", o.probability}});
    }
    Json probability = Json::object(), risk = Json::object();
    for (std::size_t a = 0; a < s.actors.size(); ++a) {
      probability[s.actors[a].id] = st.actor_probability[a];
      risk[s.actors[a].id] = st.risk[a];
    }
    Json entry = {
        {"turn", t}, {"options", options}, {"actor_probability", probability}, {"risk", risk}};
    if (t > 0) {
      const TurnReport& tr = run.turns[t - 1];
      Json challenges = Json::array();
      for (const auto& c : tr.challenges)
        challenges.push_back({{"initiator", s.actors[c.initiator].id},
                              {"target", s.actors[c.target].id},
                              {"probability", c.probability},
                              {"gain", c.gain},
                              {"initiator_moves_to", scaled(s, c.initiator_position)},
                              {"target_moves_to", scaled(s, c.target_position)}});
      Json accepted = Json::object();
      for (std::size_t a = 0; a < s.actors.size(); ++a)
        accepted[s.actors[a].id] = tr.accepted[a] < 0 ? Json("status quo") : Json(tr.accepted[a]);
      entry["challenges"] = challenges;
      entry["accepted"] = accepted;
      entry["change_ratio"] = tr.change_ratio;
    }
    states.push_back(std::move(entry));
  }
  const Option& best = run.states.back().options[run.most_probable];
  Json out = {{"turns", run.turns.size()},
              {"most_probable_position", scaled(s, best.position)},
              {"most_probable_probability", best.probability}};
  if (full) {
    out["states"] = std::move(states);
    // What each actor still wants at the end, beside what it advocates (the trajectories).
    // Only the issues an actor has a stance on (elsewhere its coordinate is a placeholder).
    Json ideals = Json::object();
    const Matrix& ideal = run.states.back().ideal;
    for (std::size_t k = 0; k < s.issues.size(); ++k)
      for (const auto& st : s.issues[k].stances)
        ideals[s.actors[st.actor].id][s.issues[k].id] =
            to_scale(s.issues[k].scale, ideal(st.actor, k));
    out["final_ideals"] = std::move(ideals);
  }
  return out;
}

class SmpModel final : public Model {
 public:
  std::string name() const override { return "smp"; }
  std::string version() const override { return "1.0.0"; }
  std::string description() const override {
    return "KTAB's spatial model of politics: challenges, bargains and probabilistic Condorcet "
           "elections over all issues jointly; forecast = the most probable final position";
  }
  std::vector<VariantInfo> variants() const override {
    return {
        {"statecraft", "KTAB's algorithm with its documented defects fixed, pruned and parallel"},
        {kReference, "reproduces KTAB smpc exactly, defects and summation orders included"}};
  }
  int default_rounds() const override { return 100; }
  bool actor_order_invariant(const std::string&) const override { return false; }
  // Deterministic unless `transitions=stochastic` is chosen.
  bool stochastic(const std::string&) const override { return false; }
  std::vector<ParamSpec> params() const override { return smp_params(); }

 protected:
  ModelResult run_checked(const Scenario& s, const ModelOptions& options,
                          const RunContext& context) const override {
    const Config config = read_config(options);
    const Run run = simulate(make_input(s), config, context);
    ModelResult result{name(),
                       options.variant,
                       version(),
                       options.seed,
                       {{"max_turns", config.max_turns},
                        {"voting", to_string(config.voting)},
                        {"victory", to_string(config.victory)},
                        {"pce", to_string(config.pce)},
                        {"big_r_range", kRanges[int(config.big_r_range)]},
                        {"big_r_adjust", kAdjust[int(config.big_r_adjust)]},
                        {"commit", kCommit[int(config.commit)]},
                        {"interpolation", kInterp[int(config.interpolation)]},
                        {"transitions", kTransitions[int(config.transitions)]},
                        {"stop_ratio", config.stop_ratio},
                        {"equivalence", config.equivalence},
                        {"accommodation", config.accommodation}},
                       {},
                       run_detail(s, run, options.detail)};
    const Option& best = run.states.back().options[run.most_probable];
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
      const Issue& is = s.issues[k];
      IssueResult ir;
      ir.issue = is.id;
      // Only the actors present on the issue, in actor order (absent ones have no stance).
      std::vector<bool> present(s.actors.size(), false);
      for (const auto& st : is.stances) present[st.actor] = true;
      for (std::size_t a = 0; a < s.actors.size(); ++a)
        if (present[a]) ir.actors.push_back(s.actors[a].id);
      for (const auto& st : run.states) {
        std::vector<double> row;
        for (std::size_t a = 0; a < s.actors.size(); ++a)
          if (present[a]) row.push_back(to_scale(is.scale, st.position(a, k)));
        ir.trajectory.push_back(std::move(row));
      }
      ir.outcome = to_scale(is.scale, best.position[k]);
      double expected = 0;
      for (const auto& o : run.states.back().options) expected += o.probability * o.position[k];
      ir.detail = {{"expected_position", to_scale(is.scale, expected)},
                   {"most_probable_probability", best.probability}};
      result.issues.push_back(std::move(ir));
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Model> make_smp_model() { return std::make_unique<SmpModel>(); }

}  // namespace statecraft
