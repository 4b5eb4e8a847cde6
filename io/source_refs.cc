#include "io/source_refs.h"

#include <fmt/format.h>

namespace statecraft::io {

std::vector<std::string> read_source_keys(YamlReader& reader, const YAML::Node& node,
                                          const Scenario& scenario, const std::string& what) {
  auto keys = reader.text_list(node, what);
  for (const auto& key : keys)
    if (!scenario.source(key))
      reader.problem(
          node, fmt::format("{}: unknown source '{}' (declare it under 'sources')", what, key));
  return keys;
}

}  // namespace statecraft::io
