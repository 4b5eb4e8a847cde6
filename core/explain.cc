#include "core/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>

namespace statecraft {
namespace {

// 42 rather than 42.0; one decimal otherwise.
std::string num(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string percent(double share) { return fmt::format("{:.0f}%", 100 * share); }

std::string join_words(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  if (items.size() == 1) return items[0];
  return fmt::format("{} and {}", fmt::join(items.begin(), items.end() - 1, ", "), items.back());
}

// Where a value sits on the scale, in the scale's own words (", at ..." or ", between ...").
std::string where_on_scale(const Scale& scale, double x) {
  const std::string words = describe_on_scale(scale, x);
  return words.empty() ? "" : ", " + words;
}

// The scenario with each stance a response moved set to its solved value (the solver's
// diagnostics "per_response"), so sentences about the weight describe the positions the
// model bargained over, not the stated ones.
Scenario with_solved_responses(const Scenario& s, const Json& diag) {
  Scenario out = s;
  for (const auto& e : diag.value("per_response", Json::array())) {
    if (!e.is_object() || !e.contains("value") || !e["value"].is_number()) continue;
    const auto issue = out.issue_index(e.value("issue", ""));
    const auto actor = out.actor_index(e.value("actor", ""));
    if (!issue || !actor) continue;
    for (auto& st : out.issues[*issue].stances)
      if (st.actor == *actor)
        (e.value("field", "position") == "salience" ? st.salience : st.position).value =
            e["value"].get<double>();
  }
  return out;
}

struct Weighted {
  std::string actor;
  double position = 0;
  double share = 0;
};

// Actors by their share of capability x salience on the issue, largest first.
std::vector<Weighted> weights(const Scenario& s, std::size_t issue) {
  const IssueData d = issue_data(s, issue);
  double total = 0;
  for (std::size_t k = 0; k < d.actors.size(); ++k) total += d.capability[k] * d.salience[k];
  std::vector<Weighted> out;
  for (std::size_t k = 0; k < d.actors.size(); ++k)
    out.push_back({s.actors[d.actors[k]].id, d.position[k],
                   total > 0 ? d.capability[k] * d.salience[k] / total : 0});
  std::stable_sort(out.begin(), out.end(),
                   [](const Weighted& a, const Weighted& b) { return a.share > b.share; });
  return out;
}

std::string weight_sentence(const std::vector<Weighted>& ws) {
  std::vector<std::string> leaders;
  double cumulative = 0;
  for (const auto& w : ws) {
    if (w.share <= 0 || (leaders.size() >= 1 && cumulative >= 0.6) || leaders.size() == 3) break;
    leaders.push_back(
        fmt::format("{} ({} of the weight, at {})", w.actor, percent(w.share), num(w.position)));
    cumulative += w.share;
  }
  if (leaders.empty()) return "";
  return fmt::format(" The weight (capability × salience) is led by {}.", join_words(leaders));
}

// The weighted median of the stated positions and which side of the forecast the weight is on.
std::string balance_sentence(std::vector<Weighted> ws, double outcome, double tolerance) {
  std::stable_sort(ws.begin(), ws.end(),
                   [](const Weighted& a, const Weighted& b) { return a.position < b.position; });
  double cumulative = 0, above = 0, below = 0;
  const Weighted* pivot = nullptr;
  for (const auto& w : ws) {
    cumulative += w.share;
    if (!pivot && cumulative >= 0.5 - 1e-12 && w.share > 0) pivot = &w;
    if (w.position > outcome + tolerance) above += w.share;
    if (w.position < outcome - tolerance) below += w.share;
  }
  if (!pivot) return "";
  const double at = std::max(0.0, 1 - above - below);
  return fmt::format(
      " The weighted median (the position with half the weight on either side) is {}'s "
      "({}); {} of the weight stands above the forecast, {} below it{}.",
      pivot->actor, num(pivot->position), percent(above), percent(below),
      at >= 0.005 ? fmt::format(" and {} at it", percent(at)) : "");
}

std::string movement_sentence(const IssueResult& ir, double tolerance) {
  if (ir.trajectory.size() < 2) return "";
  const auto& first = ir.trajectory.front();
  const auto& last = ir.trajectory.back();
  std::size_t best = 0;
  double most = 0;
  for (std::size_t a = 0; a < first.size() && a < last.size() && a < ir.actors.size(); ++a)
    if (std::abs(last[a] - first[a]) > most) {
      most = std::abs(last[a] - first[a]);
      best = a;
    }
  if (most <= tolerance) return " No actor changed its position over the rounds.";
  return fmt::format(" Over {} rounds {} moved most, from {} to {}.", ir.trajectory.size() - 1,
                     ir.actors[best], num(first[best]), num(last[best]));
}

std::string veto_sentence(const Scenario& s, const Issue& issue, const IssueResult& ir) {
  if (!ir.detail.contains("institution")) return "";
  const Json& inst = ir.detail["institution"];
  std::vector<std::string> holders;
  for (const auto& institution : s.institutions)
    if (issue.institution && institution.id == *issue.institution)
      for (std::size_t h : institution.veto_holders) holders.push_back(s.actors[h].id);
  if (!inst.value("applied", false))
    return fmt::format(" No veto applies: the issue has no status quo for {} to defend.",
                       join_words(holders));
  const double free = inst["unconstrained_outcome"].get<double>();
  const double sq = inst["status_quo"].get<double>();
  if (std::abs(free - ir.outcome) > 1e-9) {
    const auto blocked = inst["blocked_by"].get<std::vector<std::string>>();
    return fmt::format(
        " A veto moved it: {} would rather keep the status quo ({}) than accept the model's {}, "
        "so the forecast stops at {}, the nearest outcome every veto holder accepts.",
        join_words(blocked), num(sq), num(free), num(ir.outcome));
  }
  return fmt::format(
      " No veto binds: every veto holder ({}) prefers this outcome to the status quo ({}).",
      join_words(holders), num(sq));
}

std::string sit_out_sentence(const Scenario& s, const Issue& issue,
                             const std::vector<Weighted>& ws) {
  std::vector<std::string> absent, weightless;
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    if (std::none_of(issue.stances.begin(), issue.stances.end(),
                     [&](const Stance& st) { return st.actor == a; }))
      absent.push_back(s.actors[a].id);
  for (const auto& w : ws)
    if (w.share <= 0) weightless.push_back(w.actor);
  std::string out;
  if (!absent.empty()) out += fmt::format(" Sitting out (no stance): {}.", join_words(absent));
  if (!weightless.empty())
    out += fmt::format(" Carrying no weight (zero capability or salience): {}.",
                       join_words(weightless));
  return out;
}

// What the linked-system solver did on this issue: the responses that moved a stance here
// (from its diagnostics), and whether the system settled.
std::string solved_response_sentence(const Scenario& s, std::size_t issue, const Json& diag) {
  std::vector<std::string> moved;
  const double width = s.issues[issue].scale.max - s.issues[issue].scale.min;
  for (const auto& e : diag.value("per_response", Json::array())) {
    if (!e.is_object() || e.value("issue", "") != s.issues[issue].id) continue;
    const bool salience = e.value("field", "position") == "salience";
    const double base = e.value("base", 0.0), value = e.value("value", 0.0);
    const double factor = salience ? 100 : 1;
    if (std::abs(value - base) <= 1e-6 * (salience ? 1.0 : std::max(1.0, width))) continue;
    moved.push_back(fmt::format(
        "{}'s {} moved from its stated {} to {} in response to {} (at {}){}", e.value("actor", "?"),
        salience ? "salience" : "position", num(base * factor), num(value * factor),
        e.value("driver", "another issue"), num(e.value("driver_value", 0.0)),
        e.value("clamped", false) ? ", held at its bound" : ""));
  }
  std::string out;
  if (!moved.empty()) out += fmt::format(" Linkage: {}.", join_words(moved));
  if (std::string status = linkage_status(diag); !status.empty()) {
    status[0] = 'T';  // a sentence of its own
    out += " " + status + ".";
  }
  return out;
}

std::string response_sentence(const Scenario& s, std::size_t issue) {
  std::vector<std::string> parts;
  for (const auto& r : s.responses) {
    if (r.issue != issue) continue;
    const std::string driver =
        r.driver_actor ? fmt::format("{}'s position on {}", s.actors[*r.driver_actor].id,
                                     s.issues[r.driver_issue].id)
                       : fmt::format("the outcome of {}", s.issues[r.driver_issue].id);
    parts.push_back(fmt::format("{}'s {} responds to {}", s.actors[r.actor].id,
                                r.field == Response::Field::Position ? "position" : "salience",
                                driver));
  }
  if (parts.empty()) return "";
  return fmt::format(" Linked: {}.", join_words(parts));
}

}  // namespace

std::string linkage_status(const Json& diag) {
  const std::string status = diag.value("status", "");
  if (status == "cycle" && diag.contains("cycle") && diag["cycle"].is_object())
    return fmt::format("the linked issues did not settle: the responses cycle with period {} ({})",
                       diag["cycle"].value("period", 0),
                       diag.value("cycle_forecast", "last_run") == "cycle_mean"
                           ? "this forecast is the mean over the cycle"
                           : "this forecast is the last run's");
  if (status == "max_iterations")
    return fmt::format("the linked issues had not settled after {} runs",
                       diag.value("iterations", 0));
  return "";
}

std::string describe_on_scale(const Scale& scale, double x, std::size_t max_chars) {
  if (!(scale.max > scale.min)) return "";
  if (scale.points.empty() && !scale.low.empty() && !scale.high.empty()) {
    // Only the ends are described: say which one the value leans to.
    const double f = (x - scale.min) / (scale.max - scale.min);
    if (f <= 0.35) return fmt::format("towards \"{}\"", scale.low);
    if (f >= 0.65) return fmt::format("towards \"{}\"", scale.high);
    return fmt::format("between \"{}\" and \"{}\"", scale.low, scale.high);
  }
  std::map<double, std::string> marks = scale.points;  // the ends' words are points too
  if (!scale.low.empty()) marks.emplace(scale.min, scale.low);
  if (!scale.high.empty()) marks.emplace(scale.max, scale.high);
  if (marks.empty()) return "";
  const auto words = [max_chars](const std::pair<const double, std::string>& mark) {
    std::string w = mark.second;
    if (max_chars > 1 && w.size() > max_chars) {
      std::size_t cut = max_chars - 1;
      while (cut > 0 && (static_cast<unsigned char>(w[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
      w = w.substr(0, cut) + "…";
    }
    return fmt::format("\"{}\" ({})", w, num(mark.first));
  };
  const double near = 0.05 * (scale.max - scale.min);
  const auto above = marks.lower_bound(x);
  if (above != marks.end() && above->first - x <= near) return "at " + words(*above);
  if (above != marks.begin() && x - std::prev(above)->first <= near)
    return "at " + words(*std::prev(above));
  if (above == marks.end()) return "above " + words(*std::prev(above));
  if (above == marks.begin()) return "below " + words(*above);
  return fmt::format("between {} and {}", words(*std::prev(above)), words(*above));
}

std::string explain_issue(const Scenario& s, const ModelResult& result, std::size_t i,
                          const Json& responses) {
  const Issue& issue = s.issues[i];
  const IssueResult& ir = result.issues[i];
  const double tolerance = 1e-6 * std::max(1.0, issue.scale.max - issue.scale.min);
  const bool solved = responses.is_object() && responses.contains("per_response");
  const auto ws = solved ? weights(with_solved_responses(s, responses), i) : weights(s, i);
  std::string text =
      fmt::format("Forecast {}{}.", num(ir.outcome), where_on_scale(issue.scale, ir.outcome));
  text += weight_sentence(ws);
  text += balance_sentence(ws, ir.outcome, tolerance);
  text += movement_sentence(ir, tolerance);
  text += veto_sentence(s, issue, ir);
  text += sit_out_sentence(s, issue, ws);
  text += solved ? solved_response_sentence(s, i, responses) : response_sentence(s, i);
  return text;
}

std::string describe_change(const Scenario& s, const Change& ch) {
  const std::string actor = s.actors[ch.actor].id;
  const bool salience = ch.field == Change::Field::Salience;
  const double factor = salience ? 100 : 1;  // saliences are written 0-100
  std::string field = ch.field == Change::Field::Position   ? "position"
                      : ch.field == Change::Field::Salience ? "salience"
                                                            : "capability";
  std::optional<double> stated;
  std::string where;
  if (ch.issue) {
    where = " on " + s.issues[*ch.issue].id;
    for (const auto& st : s.issues[*ch.issue].stances)
      if (st.actor == ch.actor) {
        stated = ch.field == Change::Field::Position   ? st.position.value
                 : ch.field == Change::Field::Salience ? st.salience.value
                 : st.capability                       ? st.capability->value
                                                       : s.actors[ch.actor].capability.value;
      }
  } else if (ch.field == Change::Field::Capability) {
    stated = s.actors[ch.actor].capability.value;
  }
  // Capabilities are often small shares (0.0382): three significant digits, not one decimal.
  auto text = [&](double v) {
    return ch.field == Change::Field::Capability ? fmt::format("{:.3g}", v) : num(v * factor);
  };
  const std::string was = stated ? fmt::format(" (stated: {})", text(*stated)) : "";
  if (ch.set) return fmt::format("sets {}'s {}{} to {}{}", actor, field, where, text(*ch.set), was);
  const double by = ch.shift.value_or(0);
  return fmt::format("shifts {}'s {}{} by {}{}{}", actor, field, where, by >= 0 ? "+" : "",
                     text(by), was);
}

std::string describe_intervention(const Scenario& s, const Intervention& iv) {
  std::vector<std::string> changes;
  for (const auto& ch : iv.changes) changes.push_back(describe_change(s, ch));
  std::string text = iv.description;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (!text.empty() && text.back() != '.') text += '.';
  if (!text.empty()) text += ' ';
  text += fmt::format("It {}", join_words(changes));
  if (iv.at_round > 0) text += fmt::format(", from round {}", iv.at_round);
  return text + ".";
}

std::vector<std::string> explain(const Scenario& s, const ModelResult& result,
                                 const Json& responses) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.issues.size() && i < result.issues.size(); ++i)
    out.push_back(explain_issue(s, result, i, responses));
  return out;
}

std::vector<std::string> explain(const Scenario& s, const ModelResult& result) {
  return explain(s, result,
                 result.detail.is_object() && result.detail.contains("responses")
                     ? result.detail["responses"]
                     : Json());
}

}  // namespace statecraft
