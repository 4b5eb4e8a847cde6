// A model's numbers must all be finite: a NaN or infinity that reached a result
// document would print as null and mislead. Front ends call check_finite on every
// result before showing or writing it.
#pragma once

#include <string>

#include "core/errors.h"
#include "core/result.h"

namespace statecraft {

// The input drove a model outside double precision (exit code 2, HTTP 422).
class NonFiniteResult : public InputError {
 public:
  NonFiniteResult(const std::string& model_label, const std::string& where, double value);
  const char* kind() const override { return "non-finite result"; }
};

// Throws NonFiniteResult naming the model, issue, round and actor (or the detail field)
// of the first value of `result` that is NaN or infinite: outcomes, trajectories and
// every number in the issue and model details.
void check_finite(const ModelResult& result, const std::string& model_label);

}  // namespace statecraft
