#include "server/lab_document.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <vector>

#include "core/errors.h"
#include "io/yaml_reader.h"

namespace statecraft::server {
namespace {

// YAML 1.2 core-schema numbers (decimal only: no hex, octal, .inf or .nan).
bool reads_as_number(const std::string& s) {
  static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return std::regex_match(s, number);
}

bool reads_as_literal(const std::string& s) {
  return s == "true" || s == "false" || s == "null" || s == "~" || s == "True" || s == "False" ||
         s == "Null" || s == "NULL" || s == "TRUE" || s == "FALSE" || reads_as_number(s);
}

Json scalar_to_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() != "?") return s;  // quoted: always text
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s == "null" || s == "~" || s == "Null" || s == "NULL" || s.empty()) return nullptr;
  if (reads_as_number(s)) {
    const bool integral = s.find_first_of(".eE") == std::string::npos;
    if (integral && s.size() < 16) return std::stoll(s);
    const double v = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(v)) return v;
  }
  return s;
}

Json node_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = node_to_json(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(node_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    default:
      return nullptr;
  }
}

bool is_flat(const Json& j) {
  if (j.is_object() || j.is_array()) {
    for (const auto& v : j)
      if (v.is_object())
        return false;
      else if (v.is_array())
        for (const auto& w : v)
          if (w.is_object() || w.is_array()) return false;
    return true;
  }
  return true;
}

std::string number_text(const Json& j) {
  if (j.is_number_integer()) return fmt::format("{}", j.get<long long>());
  if (j.is_number_unsigned()) return fmt::format("{}", j.get<unsigned long long>());
  return fmt::format("{}", j.get<double>());  // shortest text that reads back exactly
}

void emit(YAML::Emitter& out, const Json& j, bool flow) {
  if (j.is_object()) {
    const bool f = flow || (is_flat(j) && !j.empty());
    if (f) out << YAML::Flow;
    out << YAML::BeginMap;
    for (const auto& [key, value] : j.items()) {
      out << YAML::Key << key << YAML::Value;
      emit(out, value, f);
    }
    out << YAML::EndMap;
  } else if (j.is_array()) {
    const bool f = flow || (is_flat(j) && !j.empty()) || j.empty();
    if (f) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& v : j) emit(out, v, f);
    out << YAML::EndSeq;
  } else if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (reads_as_literal(s) || s.empty())
      out << YAML::DoubleQuoted << s;
    else
      out << s;
  } else if (j.is_number()) {
    out << number_text(j);
  } else if (j.is_boolean()) {
    out << (j.get<bool>() ? "true" : "false");
  } else {
    out << YAML::Null;
  }
}

// Nesting depth, without recursion (the text may be any JSON).
std::size_t depth(const Json& root) {
  std::size_t deepest = 0;
  std::vector<std::pair<const Json*, std::size_t>> todo{{&root, 1}};
  while (!todo.empty()) {
    const auto [j, d] = todo.back();
    todo.pop_back();
    deepest = std::max(deepest, d);
    if (j->is_structured())
      for (const auto& child : *j) todo.emplace_back(&child, d + 1);
  }
  return deepest;
}

}  // namespace

Json yaml_to_document(const std::string& text, const std::string& file) {
  return node_to_json(io::parse_yaml(text, file));
}

std::string document_to_yaml(const Json& document) {
  // A scenario is about six levels deep; the writer recurses, so bound it well above that.
  if (depth(document) > kMaxDocumentDepth)
    throw ScenarioError(
        Location{"", 0, 0, "document"},
        fmt::format("nested deeper than {} levels; no scenario is", kMaxDocumentDepth));
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  if (document.is_object())
    for (const auto& [key, value] : document.items()) {
      out << YAML::Key << key << YAML::Value;
      emit(out, value, false);
    }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace statecraft::server
