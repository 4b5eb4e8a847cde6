#include "cli/model_args.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "core/errors.h"

namespace statecraft::cli {
namespace {

// `--param key=value` goes to every chosen model that takes `key`; `model.key=value` to
// that model only. A parameter no chosen model takes is an error, not silently dropped.
std::vector<std::map<std::string, std::string>> route_params(const std::vector<std::string>& params,
                                                             const std::vector<ModelSpec>& specs) {
  std::vector<std::map<std::string, std::string>> out(specs.size());
  for (const auto& p : params) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      throw OptionError("--param",
                        fmt::format("expected key=value or model.key=value, got '{}'", p));
    std::string key = p.substr(0, eq), model;
    if (const auto dot = key.find('.'); dot != std::string::npos) {
      model = key.substr(0, dot);
      key = key.substr(dot + 1);
    }
    bool used = false;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto names = specs[i].model->param_names();
      if ((model.empty() || model == specs[i].model->name()) &&
          std::find(names.begin(), names.end(), key) != names.end()) {
        out[i][key] = p.substr(eq + 1);
        used = true;
      }
    }
    if (!used)
      throw OptionError("--param",
                        fmt::format("no chosen model takes the parameter '{}'", p.substr(0, eq)));
  }
  return out;
}

}  // namespace

ChosenModels choose_models(const std::vector<std::string>& names,
                           const std::vector<std::string>& defaults,
                           const std::vector<std::string>& params) {
  ChosenModels out;
  for (const auto& name : names.empty() ? defaults : names)
    out.specs.push_back(parse_model_spec(name));
  out.params = route_params(params, out.specs);
  return out;
}

int resolve_threads(int threads) {
  if (threads < 0) throw OptionError("--threads", "expected 0 (all cores) or more");
  return threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace statecraft::cli
