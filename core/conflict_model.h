// The second kind of analysis in the registry: a conflict of discrete options (the graph
// model) rather than issues on scales. The registry lists both kinds; the pipeline runs
// both; the front ends present the findings (io/conflict_json.h, report/conflict_text.h),
// so a conflict model computes and never formats.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/conflict_spec.h"

namespace statecraft {

struct RunContext;
struct VariantInfo;

struct ConflictOptions {
  std::string variant;                // empty = the model's default
  int threads = 1;                    // results never depend on it
  std::vector<std::string> concepts;  // the solution concepts to report; empty = all
  // Decision makers (ids or names) acting as one player; the rest play alone.
  std::vector<std::vector<std::string>> coalitions;
  std::optional<std::string> status_quo;  // a state as the user writes it; unset = the spec's
};

// What a conflict model found; each model's presenters know its concrete type.
class ConflictFindings {
 public:
  virtual ~ConflictFindings() = default;
  virtual std::string model() const = 0;  // the ConflictModel's name
};
using ConflictFindingsPtr = std::shared_ptr<const ConflictFindings>;

class ConflictModel {
 public:
  virtual ~ConflictModel() = default;
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<VariantInfo> variants() const = 0;  // first = default
  virtual std::vector<std::string> concepts() const = 0;  // the solution concepts it reports
  // OptionError for an unknown variant, concept, decision maker or state.
  virtual ConflictFindingsPtr analyse(const ConflictSpec& spec, const ConflictOptions& options,
                                      const RunContext& context) const = 0;
};

}  // namespace statecraft
