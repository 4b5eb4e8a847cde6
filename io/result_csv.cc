#include "io/result_csv.h"

#include <fmt/format.h>

namespace statecraft::io {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string outcomes_csv(const Scenario& scenario, const std::vector<ModelResult>& runs) {
  std::string out = "model,variant,issue,outcome,scale_min,scale_max,low,high\n";
  for (const auto& run : runs)
    for (std::size_t i = 0; i < run.issues.size(); ++i) {
      const Scale& sc = scenario.issues[i].scale;
      out += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(run.model), csv_field(run.variant),
                         csv_field(run.issues[i].issue), run.issues[i].outcome, sc.min, sc.max,
                         csv_field(sc.low), csv_field(sc.high));
    }
  return out;
}

std::string trajectories_csv(const std::vector<ModelResult>& runs) {
  std::string out = "model,variant,issue,round,actor,position\n";
  for (const auto& run : runs)
    for (const auto& ir : run.issues)
      for (std::size_t r = 0; r < ir.trajectory.size(); ++r)
        for (std::size_t a = 0; a < ir.actors.size(); ++a)
          out += fmt::format("{},{},{},{},{},{}\n", csv_field(run.model), csv_field(run.variant),
                             csv_field(ir.issue), r, csv_field(ir.actors[a]), ir.trajectory[r][a]);
  return out;
}

}  // namespace statecraft::io
