#include "experiments/package_deals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.h"

namespace statecraft {
namespace {

enum class Kind { Compromise, Bdm, Smp, Exchange, NashQuadratic };

Kind kind_of(const std::string& model, const std::string& variant) {
  if (model == "nash" && variant != "linear") return Kind::NashQuadratic;
  if (model == "bdm") return Kind::Bdm;
  if (model == "smp") return Kind::Smp;
  if (model == "exchange") return Kind::Exchange;
  return Kind::Compromise;
}

const char* describe(Kind k) {
  switch (k) {
    case Kind::Bdm:
      return "BDM: sum over issues of salience x (2 - 4(0.5 + 0.5 d)^r), d = distance / the "
             "issue's initial position range, r = the actor's risk exponent in the baseline "
             "run's last round";
    case Kind::Smp:
      return "SMP: (1 - d), d = salience-weighted Euclidean distance on [0, 1] coordinates "
             "(risk-neutral; the verdict is the same for every risk attitude in [-1, 1])";
    case Kind::Exchange:
      return "exchange: minus the sum over issues of salience x distance on the 0-100 scale "
             "it trades on";
    case Kind::NashQuadratic:
      return "nash (quadratic): minus the sum over issues of salience x (distance / scale "
             "width)^2, its U_a(x) = -(x - p_a)^2 weighted by salience across issues";
    case Kind::Compromise:
      break;
  }
  return "minus the sum over issues of salience x distance / scale width (compromise; also "
         "nash:linear and procedural, whose preferences are symmetric in distance)";
}

double width(const Issue& is) {
  return is.scale.max > is.scale.min ? is.scale.max - is.scale.min : 1;
}

void check_result(const Scenario& s, const ModelResult& r) {
  bool ok = r.issues.size() == s.issues.size();
  for (std::size_t i = 0; ok && i < s.issues.size(); ++i) ok = r.issues[i].issue == s.issues[i].id;
  if (!ok)
    throw OptionError("package",
                      fmt::format("model {} gave no outcome for every issue of {}", r.model, s.id));
}

// The risk exponent of `actor` in the baseline BDM run's last round, 1 when not recorded.
double bdm_risk(const IssueResult& ir, const std::string& actor) {
  const Json& d = ir.detail;
  if (!d.is_object() || !d.contains("rounds") || !d["rounds"].is_array() || d["rounds"].empty())
    return 1;
  const Json& risk = d["rounds"].back()["risk"];
  if (!risk.is_object() || !risk.contains(actor)) return 1;
  const double r = risk[actor].get<double>();
  return r > 0 ? r : 1;
}

}  // namespace

std::vector<double> model_utilities(const Scenario& s, const ModelResult& base,
                                    const std::vector<double>& outcomes) {
  check_result(s, base);
  if (outcomes.size() != s.issues.size())
    throw OptionError("package", "expected one outcome per issue");
  const Kind kind = kind_of(base.model, base.variant);
  std::vector<double> u(s.actors.size(), 0);
  std::vector<double> sq(s.actors.size(), 0), s2(s.actors.size(), 0);  // SMP sums
  for (std::size_t i = 0; i < s.issues.size(); ++i) {
    const Issue& is = s.issues[i];
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& st : is.stances) {
      lo = std::min(lo, st.position.value);
      hi = std::max(hi, st.position.value);
    }
    const double range = hi > lo ? hi - lo : width(is);
    for (const auto& st : is.stances) {
      const double sal = st.salience.value;
      const double dist = std::abs(st.position.value - outcomes[i]);
      const std::size_t a = st.actor;
      switch (kind) {
        case Kind::Compromise:
          u[a] -= sal * dist / width(is);
          break;
        case Kind::NashQuadratic:
          u[a] -= sal * (dist / width(is)) * (dist / width(is));
          break;
        case Kind::Exchange:
          u[a] -= sal * dist * 100 / width(is);
          break;
        case Kind::Bdm: {
          const double r = bdm_risk(base.issues[i], s.actors[a].id);
          u[a] += sal * (2 - 4 * std::pow(0.5 + 0.5 * dist / range, r));
          break;
        }
        case Kind::Smp: {
          const double d = dist / width(is);
          sq[a] += sal * sal * d * d;
          s2[a] += sal * sal;
          break;
        }
      }
    }
  }
  if (kind == Kind::Smp)
    for (std::size_t a = 0; a < u.size(); ++a) u[a] = s2[a] > 0 ? 1 - std::sqrt(sq[a] / s2[a]) : 1;
  return u;
}

Json package_verdicts(const Scenario& s, const ModelResult& base, const ModelResult& with,
                      double indifference) {
  check_result(s, with);
  std::vector<double> o0, o1;
  for (const auto& ir : base.issues) o0.push_back(ir.outcome);
  for (const auto& ir : with.issues) o1.push_back(ir.outcome);
  const auto u0 = model_utilities(s, base, o0), u1 = model_utilities(s, base, o1);
  Json actors = Json::array();
  for (std::size_t a = 0; a < s.actors.size(); ++a) {
    const double diff = u1[a] - u0[a];
    // Smaller than what the baseline outcomes moved 0.1% of each scale towards the actor
    // would give it: too small to call a preference (docs/models/linkage.md).
    std::vector<double> nudged = o0;
    for (std::size_t i = 0; i < s.issues.size(); ++i)
      for (const auto& st : s.issues[i].stances)
        if (st.actor == a) {
          const double step = 0.001 * (s.issues[i].scale.max - s.issues[i].scale.min);
          const double gap = st.position.value - o0[i];
          nudged[i] += std::clamp(gap, -step, step);
        }
    const double noticeable =
        std::max(indifference, std::abs(model_utilities(s, base, nudged)[a] - u0[a]));
    actors.push_back({{"actor", s.actors[a].id},
                      {"baseline", u0[a]},
                      {"with", u1[a]},
                      {"difference", diff},
                      {"noticeable", noticeable},
                      {"verdict", std::abs(diff) <= noticeable ? "indifferent"
                                  : diff > 0                   ? "better"
                                                               : "worse"}});
  }
  std::string label = base.model;
  if (!base.variant.empty()) label += ":" + base.variant;
  return {{"model", label},
          {"utility", describe(kind_of(base.model, base.variant))},
          {"actors", std::move(actors)}};
}

void add_draw_shares(Json& verdicts, const Scenario& s, const ModelResult& base,
                     const std::vector<std::vector<double>>& without,
                     const std::vector<std::vector<double>>& with) {
  if (without.empty() || without.size() != with.size()) return;
  const std::size_t runs = without[0].size();
  if (runs == 0) return;
  Json& actors = verdicts["actors"];
  std::vector<double> better(actors.size(), 0), worse(actors.size(), 0), noticeable;
  for (const auto& a : actors) noticeable.push_back(a["noticeable"].get<double>());
  std::vector<double> o0(without.size()), o1(with.size());
  for (std::size_t r = 0; r < runs; ++r) {
    for (std::size_t i = 0; i < without.size(); ++i) {
      o0[i] = without[i][r];
      o1[i] = with[i][r];
    }
    const auto u0 = model_utilities(s, base, o0), u1 = model_utilities(s, base, o1);
    for (std::size_t a = 0; a < actors.size() && a < u0.size(); ++a) {
      const double d = u1[a] - u0[a];
      better[a] += d > noticeable[a];
      worse[a] += d < -noticeable[a];
    }
  }
  for (std::size_t a = 0; a < actors.size(); ++a) {
    actors[a]["better_share"] = better[a] / double(runs);
    actors[a]["worse_share"] = worse[a] / double(runs);
  }
}

namespace {

// "; 94% of draws" beside a point verdict: the share of Monte Carlo draws that agree with it.
std::string share_words(const Json& actor) {
  const char* key = actor["verdict"] == "better" ? "better_share" : "worse_share";
  if (!actor.contains(key)) return "";
  return fmt::format("; {:.0f}% of draws", 100 * actor[key].get<double>());
}

}  // namespace

std::string package_table(const Json& verdicts) {
  std::string out;
  for (const auto& m : verdicts) {
    std::string line = fmt::format("  {:<20}", m["model"].get<std::string>());
    for (const char* verdict : {"better", "worse", "indifferent"}) {
      std::vector<std::string> who;
      for (const auto& a : m["actors"])
        if (a["verdict"] == verdict)
          who.push_back(verdict == std::string("indifferent")
                            ? a["actor"].get<std::string>()
                            : fmt::format("{} ({:+.3g}{})", a["actor"].get<std::string>(),
                                          a["difference"].get<double>(), share_words(a)));
      if (!who.empty()) line += fmt::format("  {}: {}", verdict, fmt::join(who, ", "));
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace statecraft
