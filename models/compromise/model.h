#pragma once

#include <memory>
#include <vector>

#include "core/registry.h"

namespace statecraft {

// Capability x salience weighted mean and weighted median baselines.
std::unique_ptr<Model> make_compromise_model();

// Exposed for tests and other models: weights w_k = capability_k * salience_k.
double weighted_mean(const std::vector<double>& position, const std::vector<double>& weight);
// The point minimising sum_k w_k |x_k - p|; midpoint of the two middle positions when the
// cumulative weight hits exactly half.
double weighted_median(const std::vector<double>& position, const std::vector<double>& weight);

}  // namespace statecraft
