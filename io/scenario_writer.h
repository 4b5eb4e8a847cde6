// Writes a Scenario back as scenario YAML (the format io/scenario_loader reads).
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::io {

std::string scenario_to_yaml(const Scenario& scenario);

}  // namespace statecraft::io
