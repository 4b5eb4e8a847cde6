#include "cli/table.h"

#include <fmt/color.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "core/explain.h"
#include "experiments/convergence.h"

namespace statecraft::cli {
namespace {

// "" when the run's responses settled (or it has none); else what happened, in words.
std::string unsettled_responses(const ModelResult& run) {
  if (!run.detail.is_object() || !run.detail.contains("responses")) return "";
  const std::string status = linkage_status(run.detail["responses"]);
  return status.empty() ? "" : "— " + status;
}

}  // namespace

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

bool stdout_wants_color() { return ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"); }

std::string outcome_table(const Scenario& scenario, const std::vector<ModelSpec>& specs,
                          const std::vector<ModelResult>& runs, bool color, bool why) {
  const auto paint = [color](const std::string& text, fmt::text_style style) {
    return color ? fmt::format(style, "{}", text) : text;
  };
  std::string out = fmt::format("{} — {}{}: {} actors, {} issues\n", scenario.id,
                                scenario.title.empty() ? scenario.origin : scenario.title,
                                scenario.as_of.empty() ? "" : " (as of " + scenario.as_of + ")",
                                scenario.actors.size(), scenario.issues.size());
  std::size_t width = 5;
  for (const auto& spec : specs) width = std::max(width, spec.label().size());
  std::vector<std::vector<std::string>> reasons;
  if (why)
    for (const auto& run : runs) reasons.push_back(explain(scenario, run));
  std::string unsettled;  // models whose linked issues did not settle (said once, at the end)
  for (const auto& run : runs)
    if (const std::string u = unsettled_responses(run); !u.empty())
      unsettled += fmt::format("  ! {} {}\n", run.model + ":" + run.variant, u);
  for (std::size_t i = 0; i < scenario.issues.size(); ++i) {
    const Issue& issue = scenario.issues[i];
    out += fmt::format("\n{}{}\n", paint(issue.id, fmt::emphasis::bold),
                       issue.name.empty() ? "" : " — " + issue.name);
    out += fmt::format("  scale {} = {}  …  {} = {}\n", issue.scale.min, issue.scale.low,
                       issue.scale.max, issue.scale.high);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const double value = runs[r].issues[i].outcome;
      const auto rounds = runs[r].issues[i].trajectory.size() - 1;
      std::string veto;
      const auto& detail = runs[r].issues[i].detail;
      if (detail.contains("institution") && detail["institution"].value("applied", false)) {
        const auto& inst = detail["institution"];
        const double free = inst["unconstrained_outcome"].get<double>();
        if (free != value)
          veto =
              paint(fmt::format("; held by the veto of {} (unconstrained {:.1f})",
                                fmt::join(inst["blocked_by"].get<std::vector<std::string>>(), ", "),
                                free),
                    fmt::fg(fmt::terminal_color::yellow));
      }
      out += fmt::format("  {:<{}}  {}  {}{}{}\n", specs[r].label(), width,
                         paint(fmt::format("{:>8.2f}", value),
                               fmt::emphasis::bold | fmt::fg(fmt::terminal_color::cyan)),
                         describe_on_scale(issue.scale, value, 32),
                         rounds > 0 ? fmt::format(" (after {} rounds)", rounds) : "", veto);
      // Non-convergence (cycles, oscillation) under the forecast it qualifies (issue 15).
      if (detail.contains("convergence"))
        if (const std::string c = describe_convergence(detail["convergence"]); !c.empty())
          out += paint(fmt::format("      ! {}\n", c), fmt::fg(fmt::terminal_color::yellow));
      if (why) out += wrap(reasons[r][i], 88, "      ");
    }
  }
  if (!unsettled.empty())
    out += "\n" + paint(unsettled, fmt::fg(fmt::terminal_color::yellow)) +
           "    (docs/models/linkage.md, \"Diagnostics\"; `-w` says which stances moved)\n";
  return out;
}

std::string models_table(const Registry& registry) {
  std::string out;
  for (const Model* m : registry.models()) {
    out += fmt::format("{} {}  {}\n", m->name(), m->version(), m->description());
    if (m->default_rounds() > 0)
      out += fmt::format("    default rounds: {}\n", m->default_rounds());
    out += fmt::format("    status quo: {}\n",
                       m->uses_status_quo() ? "read (the issue's status_quo matters)" : "not read");
    const auto variants = m->variants();
    for (std::size_t v = 0; v < variants.size(); ++v)
      out += fmt::format("    {}:{:<10} {}{}{}\n", m->name(), variants[v].name,
                         variants[v].description, v == 0 ? " (default)" : "",
                         m->stochastic(variants[v].name) ? " [depends on the seed]" : "");
    for (const auto& p : m->params())
      out += fmt::format("    --param {}.{}={}  ({}, {}; default {}) {}\n", m->name(), p.name,
                         p.type == ParamSpec::Type::Choice ? "CHOICE" : "VALUE", p.type_name(),
                         p.allowed(), p.default_value, p.meaning);
  }
  for (const ConflictModel* m : registry.conflict_models()) {
    out += fmt::format("{} {}  {}\n", m->name(), m->version(), m->description());
    out += fmt::format(
        "    kind: conflict (runs on a scenario's conflicts:, or `statecraft conflict`)\n");
    const auto variants = m->variants();
    for (std::size_t v = 0; v < variants.size(); ++v)
      out += fmt::format("    --semantics {:<10} {}{}\n", variants[v].name, variants[v].description,
                         v == 0 ? " (default)" : "");
    out += fmt::format("    --concept    {}\n", fmt::join(m->concepts(), ", "));
  }
  return out;
}

}  // namespace statecraft::cli
