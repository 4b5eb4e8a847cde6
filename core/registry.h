// The model contract and the one registry that the CLI, server and Python share.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft {

struct ModelOptions {
  std::string variant;  // empty = the model's default
  int rounds = 0;       // 0 = the model's default
  std::uint64_t seed = 0;
  int threads = 1;                            // results never depend on it
  std::map<std::string, std::string> params;  // model-specific, validated by the model
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

  // Model-specific parameter names accepted in ModelOptions::params.
  virtual std::vector<std::string> param_names() const { return {}; }

  // Pure function of (scenario, options): same inputs, same result, on any thread count.
  ModelResult run(const Scenario& scenario, const ModelOptions& options,
                  const RunContext& context = {}) const;

 protected:
  // Called with options already checked for variant, rounds and threads.
  virtual ModelResult run_checked(const Scenario& scenario, const ModelOptions& options,
                                  const RunContext& context) const = 0;
};

class Registry {
 public:
  void add(std::unique_ptr<Model> model);
  const Model& get(const std::string& name) const;  // OptionError if unknown
  std::vector<const Model*> models() const;         // registration order

 private:
  std::vector<std::unique_ptr<Model>> models_;
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

// Reads a numeric model parameter, with OptionError naming it when malformed.
double param_as_double(const ModelOptions& options, const std::string& name, double fallback);

}  // namespace statecraft
