// Loads a scenario with the installed engine, runs two models, applies the veto rules and
// prints each forecast with its why: the smallest useful program on statecraft.
#include <cstdio>

#include "core/explain.h"
#include "core/registry.h"
#include "experiments/institutions.h"
#include "io/input_file.h"

int main(int argc, char** argv) {
  using namespace statecraft;
  const ScenarioPtr scenario = argc > 1 ? io::load_input(argv[1]) : io::load_default_scenario();
  for (const char* name : {"compromise:mean", "bdm"}) {
    const ModelSpec spec = parse_model_spec(name);
    ModelOptions options;
    options.variant = spec.variant;
    ModelResult result = spec.model->run(*scenario, options);
    apply_institutions(*scenario, result);
    const auto why = explain(*scenario, result);
    for (std::size_t i = 0; i < result.issues.size(); ++i)
      std::printf("%s %s %.1f %s\n", name, result.issues[i].issue.c_str(), result.issues[i].outcome,
                  why[i].c_str());
  }
  return 0;
}
