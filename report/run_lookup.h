// Lookups into a run document (`statecraft run --format json`) shared by the report's
// sections; nullptr when the issue is absent.
#pragma once

#include <string>

#include "core/result.h"

namespace statecraft::report {

inline const Json* find_issue(const Json& run, const std::string& id) {
  for (const auto& is : run.at("issues"))
    if (is.at("id") == id) return &is;
  return nullptr;
}

inline const Json* find_input_issue(const Json& run, const std::string& id) {
  if (!run.contains("inputs")) return nullptr;
  for (const auto& is : run.at("inputs").at("issues"))
    if (is.at("id") == id) return &is;
  return nullptr;
}

}  // namespace statecraft::report
