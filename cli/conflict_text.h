// A conflict model's findings as the terminal summary: the equilibria, then, from the
// status quo, who stays and why, who could do better, and which equilibria it can reach.
#pragma once

#include <string>

#include "core/conflict_model.h"

namespace statecraft::cli {

std::string conflict_summary(const ConflictFindings& findings);

}  // namespace statecraft::cli
