// The `conflicts:` section of a scenario (format: docs/scenario-format.md#conflicts).
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/scenario.h"
#include "io/yaml_reader.h"

namespace statecraft::io {

// Reads every conflict into scenario.conflicts, reporting problems to the reader.
// Decision maker ids that name scenario actors are linked to them.
void read_conflicts(YamlReader& reader, const YAML::Node& node, Scenario& scenario);

// Parses "a & !b | c" (option ids of `spec`) into a statement; nullopt + message on error.
std::optional<ConflictStatement> parse_statement(const ConflictSpec& spec, const std::string& text,
                                                 std::string& error);

}  // namespace statecraft::io
