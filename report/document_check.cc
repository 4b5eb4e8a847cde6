#include "report/document_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace statecraft::report {
namespace {

// A rule is a path and a type. Path segments are separated by '.'; "key[]" means every
// element of the array at key; "key?" lets key be absent (the rest of the rule is then
// skipped). Types: number, string, bool, count (unsigned integer), array, object.
struct Rule {
  std::string path;
  std::string_view type;
};

struct Segment {
  std::string name;
  bool each = false, optional = false;
};

std::vector<Segment> segments(std::string_view path) {
  std::vector<Segment> out;
  while (!path.empty()) {
    const auto dot = path.find('.');
    std::string_view s = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    Segment seg;
    if (s.size() >= 2 && s.substr(s.size() - 2) == "[]") {
      seg.each = true;
      s.remove_suffix(2);
    }
    if (!s.empty() && s.back() == '?') {
      seg.optional = true;
      s.remove_suffix(1);
    }
    seg.name = std::string(s);
    out.push_back(std::move(seg));
  }
  return out;
}

bool has_type(const Json& x, std::string_view type) {
  if (type == "number") return x.is_number();
  if (type == "string") return x.is_string();
  if (type == "bool") return x.is_boolean();
  if (type == "count") return x.is_number_unsigned() || (x.is_number_integer() && x >= 0);
  if (type == "array") return x.is_array();
  return x.is_object();
}

std::string type_words(std::string_view type) {
  if (type == "count") return "a whole number";
  if (type == "bool") return "true or false";
  if (type == "array") return "an array";
  if (type == "object") return "an object";
  return fmt::format("a {}", type);
}

std::string walk(const Json& node, const std::vector<Segment>& segs, std::size_t k,
                 const std::string& at, std::string_view type) {
  if (k == segs.size())
    return has_type(node, type) ? "" : fmt::format("{} must be {}", at, type_words(type));
  const Segment& seg = segs[k];
  if (!node.is_object())
    return fmt::format("{} must be an object", at.empty() ? "the document" : at);
  const std::string path = at.empty() ? seg.name : at + "." + seg.name;
  if (!node.contains(seg.name)) return seg.optional ? "" : fmt::format("{} is missing", path);
  const Json& child = node.at(seg.name);
  if (!seg.each) return walk(child, segs, k + 1, path, type);
  if (!child.is_array()) return fmt::format("{} must be an array", path);
  for (std::size_t i = 0; i < child.size(); ++i)
    if (std::string p = walk(child.at(i), segs, k + 1, fmt::format("{}[{}]", path, i), type);
        !p.empty())
      return p;
  return "";
}

std::string check(const Json& doc, const std::vector<Rule>& rules) {
  for (const Rule& r : rules)
    if (std::string p = walk(doc, segments(r.path), 0, "", r.type); !p.empty()) return p;
  return "";
}

// Every element of doc[list] (an array of objects holding "issues" arrays) has as many
// issues as `count`; the renderers index them in parallel.
std::string same_issue_count(const Json& doc, const char* list, std::size_t count,
                             const char* what) {
  for (std::size_t k = 0; k < doc.at(list).size(); ++k)
    if (doc.at(list).at(k).at("issues").size() != count)
      return fmt::format("{}[{}].issues has {} entries, {} has {}", list, k,
                         doc.at(list).at(k).at("issues").size(), what, count);
  return "";
}

// Every forecast lies on its issue's scale (a hand-edited 1e300 would print 300 digits).
std::string outcomes_on_their_scales(const Json& run) {
  const Json& issues = run.at("issues");
  const Json& runs = run.at("runs");
  for (std::size_t k = 0; k < runs.size(); ++k)
    for (std::size_t i = 0; i < issues.size(); ++i) {
      const double lo = issues.at(i).at("scale").at("min").get<double>();
      const double hi = issues.at(i).at("scale").at("max").get<double>();
      const double x = runs.at(k).at("issues").at(i).at("outcome").get<double>();
      const double slack = 1e-9 * std::max(1.0, hi - lo);
      if (!(x >= lo - slack && x <= hi + slack))
        return fmt::format(
            "runs[{}].issues[{}].outcome {:g} lies off the issue's scale [{:g}, {:g}]", k, i, x, lo,
            hi);
    }
  return "";
}

// The columns of a backtest score row, for the rows at each of `prefixes`: the scores, the
// per-horizon scores and the per-outcome rows (the report splits issue from actor outcomes
// with them). Optional where older files or point forecasts lack them.
std::vector<Rule> score_rows(std::initializer_list<std::string_view> prefixes) {
  std::vector<Rule> out;
  for (std::string_view at : prefixes)
    for (const auto& [field, type] : {std::pair{".model", "string"},
                                      std::pair{".n?", "count"},
                                      std::pair{".mae", "number"},
                                      std::pair{".mae_pct_of_scale", "number"},
                                      std::pair{".hit_rate", "number"},
                                      std::pair{".direction_rate?", "number"},
                                      std::pair{".crps_pct_of_scale?", "number"},
                                      std::pair{".coverage?.nominal_50?", "number"},
                                      std::pair{".coverage?.nominal_90?", "number"},
                                      std::pair{".skill_vs_persistence?.mae?", "number"},
                                      std::pair{".pit?.bins[].count", "count"},
                                      std::pair{".horizons?[].horizon", "string"},
                                      std::pair{".horizons?[].n", "count"},
                                      std::pair{".horizons?[].mae_pct_of_scale", "number"},
                                      std::pair{".outcomes?[].issue", "string"},
                                      std::pair{".outcomes?[].actor?", "string"},
                                      std::pair{".outcomes?[].date", "string"},
                                      std::pair{".outcomes?[].forecast", "number"},
                                      std::pair{".outcomes?[].reference?", "number"},
                                      std::pair{".outcomes?[].error_pct_of_scale", "number"},
                                      std::pair{".outcomes?[].hit", "bool"}})
      out.push_back({std::string(at) + field, type});
  return out;
}

}  // namespace

std::string run_document_problem(const Json& run) {
  std::string p = check(run, {{"statecraft", "string"},
                              {"issues[].id", "string"},
                              {"issues[].scale.min", "number"},
                              {"issues[].scale.max", "number"},
                              {"runs[].model", "string"},
                              {"runs[].variant", "string"},
                              {"runs[].issues[].outcome", "number"},
                              {"runs[].issues[].detail", "object"},
                              {"runs[].issues[].actors[]", "string"},
                              {"runs[].issues[].trajectory[]", "array"}});
  if (p.empty()) p = same_issue_count(run, "runs", run.at("issues").size(), "issues");
  if (p.empty()) p = outcomes_on_their_scales(run);
  return p;
}

std::string monte_carlo_document_problem(const Json& mc) {
  std::string p = check(mc, {{"runs", "count"},
                             {"seed", "count"},
                             {"distribution", "string"},
                             {"interventions?[]", "string"},
                             {"models[].model", "string"},
                             {"models[].variant", "string"},
                             {"models[].issues[].issue", "string"},
                             {"models[].issues[].point?", "number"},
                             {"models[].issues[].outcome.mean", "number"},
                             {"models[].issues[].outcome.median", "number"},
                             {"models[].issues[].outcome.p05", "number"},
                             {"models[].issues[].outcome.p95", "number"},
                             {"models[].issues[].sensitivity[].parameter", "string"},
                             {"models[].issues[].sensitivity[].spearman", "number"}});
  if (p.empty() && !mc.at("models").empty())
    p = same_issue_count(mc, "models", mc.at("models").at(0).at("issues").size(),
                         "models[0].issues");
  return p;
}

std::string whatif_document_problem(const Json& w) {
  return check(w, {{"runs", "count"},
                   {"interventions[]", "string"},
                   {"models[].model", "string"},
                   {"models[].variant", "string"},
                   {"models[].issues[].issue", "string"},
                   {"models[].issues[].baseline", "number"},
                   {"models[].issues[].intervention", "number"},
                   {"models[].issues[].point_shift?", "number"},
                   {"models[].issues[].direction?", "string"},
                   {"models[].issues[].shift.mean", "number"},
                   {"models[].issues[].shift.p05", "number"},
                   {"models[].issues[].shift.p95", "number"},
                   {"packages?[].model", "string"},
                   {"packages?[].utility", "string"},
                   {"packages?[].actors[].actor", "string"},
                   {"packages?[].actors[].verdict", "string"},
                   {"packages?[].actors[].difference", "number"},
                   {"packages?[].actors[].better_share?", "number"},
                   {"packages?[].actors[].worse_share?", "number"}});
}

std::string backtest_document_problem(const Json& b) {
  std::vector<Rule> rules = {{"tolerance_pct", "number"},
                             {"in_sample?", "bool"},
                             {"ensemble.outcomes[].issue", "string"},
                             {"ensemble.outcomes[].actor?", "string"},
                             {"ensemble.outcomes[].date", "string"},
                             {"ensemble.outcomes[].outcome", "number"},
                             {"ensemble.outcomes[].forecast", "number"}};
  for (Rule& r : score_rows({"models[]", "ensembles?[]", "baselines?[]", "ensemble"}))
    rules.push_back(std::move(r));
  return check(b, rules);
}

}  // namespace statecraft::report
