// Command-line model choice shared by run, mc and whatif.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/registry.h"

namespace statecraft::cli {

struct ChosenModels {
  std::vector<ModelSpec> specs;
  std::vector<std::map<std::string, std::string>> params;  // per spec
};

// `--model` names (or `defaults`), with `--param key=value` routed to every chosen model
// that takes `key` and `model.key=value` to that model only; an unused parameter is an error.
ChosenModels choose_models(const std::vector<std::string>& names,
                           const std::vector<std::string>& defaults,
                           const std::vector<std::string>& params);

// --threads: 0 = every core.
int resolve_threads(int threads);

}  // namespace statecraft::cli
