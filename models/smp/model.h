#pragma once

#include <memory>

#include "core/registry.h"

namespace statecraft {

// KTAB's spatial model of politics over all issues of a scenario at once.
std::unique_ptr<Model> make_smp_model();

}  // namespace statecraft
