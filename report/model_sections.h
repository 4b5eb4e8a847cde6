// The report's model-specific sections: trajectories, the exchange model's trades and the
// graph model's conflicts.
#pragma once

#include <string>

#include "core/result.h"
#include "report/palette.h"

namespace statecraft::report {

std::string trajectory_section(const Json& run, const Palette& palette);
std::string exchange_sections(const Json& run);
std::string conflict_sections(const Json& conflicts);

}  // namespace statecraft::report
