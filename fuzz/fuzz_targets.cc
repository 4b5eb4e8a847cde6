#include "fuzz/fuzz_targets.h"

#include <map>

#include "core/errors.h"
#include "core/finite_check.h"
#include "core/registry.h"
#include "experiments/pipeline.h"
#include "io/gmcr_file.h"
#include "io/importers.h"
#include "io/input_file.h"
#include "io/outcome_yaml.h"
#include "server/run_request.h"

namespace statecraft::fuzz {
namespace {

std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Loading is the target; a scenario that loads also gets a cheap model run, so what the
// loader lets through must be safe for the models too: a non-finite result escapes as a bug.
Target importer_target(const io::Importer& importer) {
  const std::string file = "fuzz" + importer.extensions.front();
  const auto load = importer.load;
  return [file, load](const std::uint8_t* data, std::size_t size) {
    ScenarioPtr s;
    try {
      s = load(text_of(data, size), file);
    } catch (const InputError&) {
      return;
    }
    ModelResult r;
    try {
      r = registry().get("compromise").run(*s, ModelOptions{});
    } catch (const InputError&) {
      return;
    }
    check_finite(r, "compromise");
  };
}

void outcome_yaml(const std::uint8_t* data, std::size_t size) {
  static const ScenarioPtr korea = io::load_default_scenario();
  try {
    io::load_outcomes_text(text_of(data, size), "fuzz-outcomes.yaml", *korea);
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
  static const std::vector<NamedTarget> all = [] {
    std::vector<NamedTarget> list;
    for (const auto& imp : io::importers())
      list.push_back({imp.name + "_" + imp.extensions.front().substr(1), importer_target(imp)});
    list.push_back({"outcome_yaml", outcome_yaml});
    list.push_back({"gmcr_file", gmcr_file});
    list.push_back({"api_run_json", api_run_json});
    return list;
  }();
  return all;
}

Target find_target(const std::string& name) {
  for (const auto& t : targets())
    if (t.name == name) return t.run;
  return nullptr;
}

}  // namespace statecraft::fuzz
