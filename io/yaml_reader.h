// Typed, located access to a YAML tree. Every problem is recorded with file:line:column
// and what was expected, and reading goes on so that one run reports all problems.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.h"

namespace statecraft::io {

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  Location where(const YAML::Node& node) const;
  void problem(const YAML::Node& node, std::string message);
  bool ok() const { return problems_.empty(); }
  std::vector<Problem> take_problems() { return std::move(problems_); }

  // Checks `node` is a map, reports unknown, duplicate and missing keys. Returns false
  // if it is not a map at all.
  bool check_map(const YAML::Node& node, const std::string& what,
                 const std::vector<std::string>& required,
                 const std::vector<std::string>& optional);
  bool check_sequence(const YAML::Node& node, const std::string& what);
  // A map whose keys are names chosen by the user (e.g. source keys): checks it is a
  // map without duplicate keys and returns its entries in file order.
  std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& node,
                                                         const std::string& what);

  // Scalars. The node must be defined; a wrong type is reported and yields nullopt.
  std::optional<double> number(const YAML::Node& node, const std::string& what);
  std::optional<long long> integer(const YAML::Node& node, const std::string& what);
  std::optional<std::string> text(const YAML::Node& node, const std::string& what);
  std::optional<std::string> identifier(const YAML::Node& node, const std::string& what);
  std::optional<std::string> date(const YAML::Node& node, const std::string& what);
  // [low, high] with low <= high.
  std::optional<std::pair<double, double>> range(const YAML::Node& node, const std::string& what);
  // A string or a list of strings.
  std::vector<std::string> text_list(const YAML::Node& node, const std::string& what);

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

// Parses YAML text; a syntax error becomes a ScenarioError at its position.
YAML::Node parse_yaml(const std::string& text, const std::string& file);

}  // namespace statecraft::io
