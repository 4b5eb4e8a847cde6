#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/scenario.h"
#include "io/yaml_reader.h"

namespace statecraft::io {

// A `source:` value (one key or a list); every key must be declared under `sources`.
std::vector<std::string> read_source_keys(YamlReader& reader, const YAML::Node& node,
                                          const Scenario& scenario, const std::string& what);

}  // namespace statecraft::io
