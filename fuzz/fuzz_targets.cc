#include "fuzz/fuzz_targets.h"

#include <map>

#include "core/errors.h"
#include "core/registry.h"
#include "experiments/pipeline.h"
#include "io/bdm_csv.h"
#include "io/decide_csv.h"
#include "io/gmcr_file.h"
#include "io/input_file.h"
#include "io/ktab_csv.h"
#include "io/outcome_yaml.h"
#include "io/scenario_loader.h"
#include "io/wide_table.h"
#include "server/run_request.h"

namespace statecraft::fuzz {
namespace {

std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Loading is the target; a scenario that loads also gets a cheap model run, so what the
// loader lets through must be safe for the models too.
void scenario_yaml(const std::uint8_t* data, std::size_t size) {
  try {
    const ScenarioPtr s = io::load_scenario_text(text_of(data, size), "fuzz.yaml");
    registry().get("compromise").run(*s, ModelOptions{});
  } catch (const InputError&) {
  }
}

void outcome_yaml(const std::uint8_t* data, std::size_t size) {
  static const ScenarioPtr korea = io::load_default_scenario();
  try {
    io::load_outcomes_text(text_of(data, size), "fuzz-outcomes.yaml", *korea);
  } catch (const InputError&) {
  }
}

template <ScenarioPtr (*Load)(const std::string&, const std::string&)>
void table(const std::uint8_t* data, std::size_t size) {
  try {
    const ScenarioPtr s = Load(text_of(data, size), "fuzz.csv");
    registry().get("compromise").run(*s, ModelOptions{});
  } catch (const InputError&) {
  }
}

void gmcr_file(const std::uint8_t* data, std::size_t size) {
  try {
    io::load_gmcr_text(text_of(data, size), "fuzz.gmcr");
  } catch (const InputError&) {
  }
}

void api_run_json(const std::uint8_t* data, std::size_t size) {
  static const std::map<std::string, ScenarioPtr> catalogue = [] {
    const ScenarioPtr korea = io::load_default_scenario();
    return std::map<std::string, ScenarioPtr>{{korea->id, korea}};
  }();
  try {
    // Decoding and the pipeline's validation of what was decoded (no model runs).
    auto decoded = server::decode_run_request(text_of(data, size), catalogue);
    if (const auto* lab = std::get_if<server::LabRequest>(&decoded)) prepare(lab->run);
  } catch (const InputError&) {
  }
}

}  // namespace

const std::vector<NamedTarget>& targets() {
  static const std::vector<NamedTarget> all = {
      {"scenario_yaml", scenario_yaml},
      {"outcome_yaml", outcome_yaml},
      {"bdm_csv", table<io::load_bdm_csv_text>},
      {"ktab_csv", table<io::load_ktab_csv_text>},
      {"decide_csv", table<io::load_decide_csv_text>},
      {"wide_table", table<io::load_wide_table_text>},
      {"gmcr_file", gmcr_file},
      {"api_run_json", api_run_json},
  };
  return all;
}

Target find_target(const std::string& name) {
  for (const auto& t : targets())
    if (t.name == name) return t.run;
  return nullptr;
}

}  // namespace statecraft::fuzz
