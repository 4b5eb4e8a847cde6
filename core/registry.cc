#include "core/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/errors.h"
#include "core/limits.h"

namespace statecraft {

void RunContext::check_cancelled() const {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
}

ModelResult Model::run(const Scenario& scenario, const ModelOptions& options,
                       const RunContext& context) const {
  ModelOptions checked = options;
  const auto vs = variants();
  if (checked.variant.empty()) checked.variant = vs.front().name;
  const bool known = std::any_of(vs.begin(), vs.end(),
                                 [&](const VariantInfo& v) { return v.name == checked.variant; });
  if (!known) {
    std::string names;
    for (const auto& v : vs) names += (names.empty() ? "" : ", ") + v.name;
    throw OptionError("variant", fmt::format("model '{}' has no variant '{}' (expected one of: {})",
                                             name(), checked.variant, names));
  }
  if (checked.rounds < 0 || checked.rounds > limits().rounds)
    throw OptionError("rounds", fmt::format("expected 1..{} rounds (--limit rounds), got {}",
                                            limits().rounds, checked.rounds));
  if (checked.rounds == 0) checked.rounds = default_rounds();
  if (checked.threads < 1 || checked.threads > 1024)
    throw OptionError("threads", fmt::format("expected 1..1024 threads, got {}", checked.threads));
  const auto specs = params();
  for (const auto& [key, value] : checked.params) {
    const bool declared =
        std::any_of(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.name == key; });
    if (!declared) {
      const auto allowed = param_names();
      throw OptionError("param " + key,
                        fmt::format("model '{}' has no parameter '{}'{}", name(), key,
                                    allowed.empty() ? std::string(" (it takes none)")
                                                    : fmt::format(" (expected one of: {})",
                                                                  fmt::join(allowed, ", "))));
    }
  }
  checked.values = ParamValues(specs, checked.params);
  if (!checked.streams) {
    const std::string label = variants().size() == 1 ? name() : name() + ":" + checked.variant;
    checked.streams = SeedTree(checked.seed)
                          .child(StreamPurpose::Point)
                          .child(StreamPurpose::Model, model_key(label));
  }
  if (scenario.issues.empty())
    throw OptionError("scenario", "the scenario has no issues to run a model on");
  context.check_cancelled();
  return run_checked(scenario, checked, context);
}

std::vector<std::string> Model::param_names() const {
  std::vector<std::string> out;
  for (const auto& p : params()) out.push_back(p.name);
  return out;
}

namespace {

// The registered model of that name, either kind; `kind` words the error ("model",
// "conflict model").
template <typename M>
const M& find_named(const std::vector<std::unique_ptr<M>>& models, const std::string& name,
                    const char* kind) {
  for (const auto& m : models)
    if (m->name() == name) return *m;
  std::vector<std::string> names;
  for (const auto& m : models) names.push_back(m->name());
  throw OptionError("model", fmt::format("unknown {} '{}' (expected one of: {})", kind, name,
                                         fmt::join(names, ", ")));
}

}  // namespace

void Registry::add(std::unique_ptr<Model> model) { models_.push_back(std::move(model)); }

const Model& Registry::get(const std::string& name) const {
  return find_named(models_, name, "model");
}

void Registry::add(std::unique_ptr<ConflictModel> model) {
  conflict_models_.push_back(std::move(model));
}

const ConflictModel& Registry::conflict_model(const std::string& name) const {
  return find_named(conflict_models_, name, "conflict model");
}

const ConflictModel& Registry::default_conflict_model() const {
  if (conflict_models_.empty()) throw OptionError("model", "this build has no conflict model");
  return *conflict_models_.front();
}

std::vector<const ConflictModel*> Registry::conflict_models() const {
  std::vector<const ConflictModel*> out;
  for (const auto& m : conflict_models_) out.push_back(m.get());
  return out;
}

std::vector<const Model*> Registry::models() const {
  std::vector<const Model*> out;
  for (const auto& m : models_) out.push_back(m.get());
  return out;
}

std::string ModelSpec::label() const {
  return model->variants().size() == 1 ? model->name() : model->name() + ":" + variant;
}

ModelSpec parse_model_spec(const std::string& spec) {
  const auto colon = spec.find(':');
  ModelSpec out;
  out.model = &registry().get(spec.substr(0, colon));
  const auto variants = out.model->variants();
  out.variant = colon == std::string::npos ? variants.front().name : spec.substr(colon + 1);
  const bool known = std::any_of(variants.begin(), variants.end(),
                                 [&](const VariantInfo& v) { return v.name == out.variant; });
  if (!known) {
    std::vector<std::string> names;
    for (const auto& v : variants) names.push_back(v.name);
    throw OptionError("model", fmt::format("model '{}' has no variant '{}' (expected one of: {})",
                                           out.model->name(), out.variant, fmt::join(names, ", ")));
  }
  return out;
}

}  // namespace statecraft
