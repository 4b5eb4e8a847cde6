// The model contract and the one registry that the CLI, server and Python share.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/conflict_model.h"
#include "core/params.h"
#include "core/result.h"
#include "core/scenario.h"
#include "core/seed_tree.h"

namespace statecraft {

struct ModelOptions {
  std::string variant;     // empty = the model's default
  int rounds = 0;          // 0 = the model's default
  std::uint64_t seed = 0;  // the user's seed, recorded in the result
  // This run's node of the seed tree; unset = the point forecast's node for this model,
  // SeedTree(seed) -> Point -> Model(model_key(label)), as the pipeline uses.
  std::optional<SeedTree> streams;
  int threads = 1;                            // results never depend on it
  std::map<std::string, std::string> params;  // as given; checked against Model::params()
  ParamValues values;  // filled by Model::run: every declared parameter, given or default
  // Build the bulky explanatory detail (per-turn states, challenges, trades)? Monte Carlo
  // turns it off: it reads outcomes and positions only, and the JSON cost more than the model.
  bool detail = true;
};

// Hooks for long runs. `progress` gets a fraction in [0, 1]; a set `cancel` stops the
// run with `Cancelled` at the next round boundary.
struct RunContext {
  std::function<void(double)> progress;
  const std::atomic<bool>* cancel = nullptr;

  void check_cancelled() const;
};

struct VariantInfo {
  std::string name;
  std::string description;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<VariantInfo> variants() const = 0;  // first = default
  virtual int default_rounds() const = 0;                 // 0 = not iterative
  // Order invariance the property suite may assert: permuting actors permutes nothing else.
  virtual bool actor_order_invariant(const std::string& variant) const = 0;

  // The parameters the model accepts, typed (core/params.h).
  virtual std::vector<ParamSpec> params() const { return {}; }
  std::vector<std::string> param_names() const;
  // Whether the result depends on the seed (the property suite checks the claim).
  virtual bool stochastic(const std::string& variant) const = 0;
  // Whether the model reads an issue's status quo (others ignore it; `statecraft models`
  // says which).
  virtual bool uses_status_quo() const { return false; }

  // Pure function of (scenario, options): same inputs, same result, on any thread count.
  ModelResult run(const Scenario& scenario, const ModelOptions& options,
                  const RunContext& context = {}) const;

 protected:
  // Called with options already checked for variant, rounds, threads and parameters, with
  // `streams` and `values` filled in.
  virtual ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                                  const RunContext& context) const = 0;
};

// Both kinds of analysis: issue models (positions on scales) and conflict models (discrete
// options, core/conflict_model.h).
class Registry {
 public:
  void add(std::unique_ptr<Model> model);
  void add(std::unique_ptr<ConflictModel> model);
  const Model& get(const std::string& name) const;                     // OptionError if unknown
  std::vector<const Model*> models() const;                            // registration order
  const ConflictModel& conflict_model(const std::string& name) const;  // OptionError if unknown
  // The one the pipeline runs on a scenario's `conflicts:` (the first registered).
  const ConflictModel& default_conflict_model() const;
  std::vector<const ConflictModel*> conflict_models() const;

 private:
  std::vector<std::unique_ptr<Model>> models_;
  std::vector<std::unique_ptr<ConflictModel>> conflict_models_;
};

// The registry with every model of this build (models/all_models.cc).
const Registry& registry();

// "bdm" or "bdm:reference" -> (model, variant); OptionError on an unknown name/variant.
struct ModelSpec {
  const Model* model = nullptr;
  std::string variant;
  std::string label() const;
};
ModelSpec parse_model_spec(const std::string& spec);

}  // namespace statecraft
