// A catalogue of cases to evaluate: catalogue.yaml listing scenario files and their
// outcomes (docs/forecasting.md#catalogues).
#pragma once

#include <string>
#include <vector>

#include "experiments/evaluate.h"

namespace statecraft {

struct Catalogue {
  std::string id;
  std::string description;
  std::string origin;           // the catalogue file (or directory)
  bool folds_by_issue = false;  // `folds: issue`: each issue of a case is its own fold unit
  std::vector<Case> cases;
};

// `path` is a catalogue YAML file, or a directory holding catalogue.yaml, or a directory of
// scenario files without one (each file a case scored against its own outcomes). Paths in
// the catalogue are relative to it. ScenarioError with file:line:column for every problem.
Catalogue load_catalogue(const std::string& path);

}  // namespace statecraft
