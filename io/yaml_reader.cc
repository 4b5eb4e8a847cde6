#include "io/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>
#include <set>

namespace statecraft::io {
namespace {

// yaml-cpp throws on most questions asked of a missing map entry (a "zombie" node from
// node["absent"]); these answer "no" instead, so a missing key is a reported problem.
bool is_scalar(const YAML::Node& n) { return n.IsDefined() && n.IsScalar(); }
bool is_map(const YAML::Node& n) { return n.IsDefined() && n.IsMap(); }
bool is_sequence(const YAML::Node& n) { return n.IsDefined() && n.IsSequence(); }

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined()) return "nothing";
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Scalar:
      return fmt::format("'{}'", node.Scalar());
    default:
      return "nothing";
  }
}

}  // namespace

Location YamlReader::where(const YAML::Node& node) const {
  if (!node.IsDefined()) return Location{file_, 0, 0, ""};
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return Location{file_, 0, 0, ""};
  return Location{file_, mark.line + 1, mark.column + 1, ""};
}

void YamlReader::problem(const YAML::Node& node, std::string message) {
  problems_.push_back(Problem{where(node), std::move(message)});
}

bool YamlReader::check_map(const YAML::Node& node, const std::string& what,
                           const std::vector<std::string>& required,
                           const std::vector<std::string>& optional) {
  if (!is_map(node)) {
    problem(node, fmt::format("{}: expected a map, got {}", what, describe(node)));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& [key, value] : entries(node, what)) {
    seen.insert(key.Scalar());
    const bool known =
        std::find(required.begin(), required.end(), key.Scalar()) != required.end() ||
        std::find(optional.begin(), optional.end(), key.Scalar()) != optional.end();
    if (!known) {
      std::vector<std::string> all = required;
      all.insert(all.end(), optional.begin(), optional.end());
      problem(key, fmt::format("{}: unknown key '{}' (expected one of: {})", what, key.Scalar(),
                               fmt::join(all, ", ")));
    }
  }
  for (const auto& key : required)
    if (!seen.count(key)) problem(node, fmt::format("{}: missing required key '{}'", what, key));
  return true;
}

bool YamlReader::check_sequence(const YAML::Node& node, const std::string& what) {
  if (is_sequence(node)) return true;
  problem(node, fmt::format("{}: expected a list, got {}", what, describe(node)));
  return false;
}

std::vector<std::pair<YAML::Node, YAML::Node>> YamlReader::entries(const YAML::Node& node,
                                                                   const std::string& what) {
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  if (!is_map(node)) {
    problem(node, fmt::format("{}: expected a map, got {}", what, describe(node)));
    return out;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!is_scalar(it->first)) {
      problem(it->first, fmt::format("{}: keys must be plain names", what));
    } else if (!seen.insert(it->first.Scalar()).second) {
      problem(it->first, fmt::format("{}: duplicate key '{}'", what, it->first.Scalar()));
    } else {
      out.emplace_back(it->first, it->second);
    }
  }
  return out;
}

std::optional<double> YamlReader::number(const YAML::Node& node, const std::string& what) {
  if (!is_scalar(node)) {
    problem(node, fmt::format("{}: expected a number, got {}", what, describe(node)));
    return std::nullopt;
  }
  std::string s = node.Scalar();
  const char* begin = s.data() + (s.size() > 1 && s[0] == '+' ? 1 : 0);
  double value = 0;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
    problem(node, fmt::format("{}: expected a number, got '{}'", what, s));
    return std::nullopt;
  }
  if (!std::isfinite(value)) {
    problem(node, fmt::format("{}: expected a finite number, got '{}'", what, s));
    return std::nullopt;
  }
  return value;
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, const std::string& what) {
  const std::string s = is_scalar(node) ? node.Scalar() : std::string();
  long long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (!is_scalar(node) || s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    problem(node, fmt::format("{}: expected a whole number, got {}", what, describe(node)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> YamlReader::text(const YAML::Node& node, const std::string& what) {
  if (!is_scalar(node)) {
    problem(node, fmt::format("{}: expected text, got {}", what, describe(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::string> YamlReader::identifier(const YAML::Node& node, const std::string& what) {
  auto value = text(node, what);
  if (!value) return value;
  static const std::regex pattern("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  if (!std::regex_match(*value, pattern)) {
    problem(node, fmt::format("{}: expected an id of letters, digits, '_', '.' or '-' (at most "
                              "64, starting with a letter or digit), got '{}'",
                              what, *value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> YamlReader::date(const YAML::Node& node, const std::string& what) {
  auto value = text(node, what);
  if (!value) return value;
  static const std::regex pattern("(\\d{4})(-(\\d{2})(-(\\d{2}))?)?");
  std::smatch m;
  bool valid = std::regex_match(*value, m, pattern);
  if (valid && m[3].matched) valid = std::stoi(m[3]) >= 1 && std::stoi(m[3]) <= 12;
  if (valid && m[5].matched) {
    // Days per month, with the Gregorian leap years (2022-02-30 is no date).
    const int year = std::stoi(m[1]), month = std::stoi(m[3]), day = std::stoi(m[5]);
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    valid = day >= 1 && day <= days[month - 1];
  }
  if (!valid) {
    problem(node,
            fmt::format("{}: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", what, *value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::pair<double, double>> YamlReader::range(const YAML::Node& node,
                                                           const std::string& what) {
  if (!is_sequence(node) || node.size() != 2) {
    problem(node, fmt::format("{}: expected a range [low, high], got {}", what, describe(node)));
    return std::nullopt;
  }
  const auto low = number(node[0], what + " low end");
  const auto high = number(node[1], what + " high end");
  if (!low || !high) return std::nullopt;
  if (*low > *high) {
    problem(node, fmt::format("{}: low end {} is above high end {}", what, *low, *high));
    return std::nullopt;
  }
  return std::make_pair(*low, *high);
}

std::vector<std::string> YamlReader::text_list(const YAML::Node& node, const std::string& what) {
  std::vector<std::string> out;
  if (is_scalar(node)) {
    out.push_back(node.Scalar());
  } else if (is_sequence(node) && node.size() > 0) {
    for (const auto& item : node)
      if (auto t = text(item, what)) out.push_back(*t);
  } else {
    problem(node,
            fmt::format("{}: expected a name or a list of names, got {}", what, describe(node)));
  }
  return out;
}

namespace {

// The first tab in a line's indentation (YAML forbids tabs there): 1-based line and column.
std::optional<std::pair<int, int>> first_indent_tab(const std::string& text) {
  int line = 1;
  bool in_indent = true;
  int column = 1;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      column = 1;
      in_indent = true;
      continue;
    }
    if (in_indent && c == '\t') return std::make_pair(line, column);
    if (c != ' ' && c != '-') in_indent = false;
    ++column;
  }
  return std::nullopt;
}

std::string line_text(const std::string& text, int line) {
  std::size_t start = 0;
  for (int l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start >= text.size()) return "";
  std::string out = text.substr(start, text.find('\n', start) - start);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  // Tabs shown as \t, so the quoted line shows where they are.
  for (std::size_t at = out.find('\t'); at != std::string::npos; at = out.find('\t', at + 2))
    out.replace(at, 1, "\\t");
  if (out.size() > 80) {  // cut at a character boundary: messages must stay valid UTF-8
    std::size_t cut = 77;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "...";
  }
  return out;
}

// yaml-cpp's message plus a hint at the usual cause.
std::string explain_yaml_error(const std::string& message) {
  if (message.find("end of map not found") != std::string::npos ||
      message.find("end of sequence not found") != std::string::npos)
    return message +
           " (an entry is indented differently from its neighbours, or a bracket or quote is "
           "not closed)";
  if (message.find("illegal map value") != std::string::npos)
    return message + " (a value contains ': '; put the value in quotes)";
  if (message.find("end of map flow not found") != std::string::npos ||
      message.find("end of sequence flow not found") != std::string::npos)
    return message + " (a '{' or '[' is not closed on this entry)";
  if (message.find("unknown escape") != std::string::npos)
    return message +
           R"( (inside double quotes a backslash starts an escape; write \\ or use single quotes))";
  return message;
}

// A document marker: "---" or "..." at the start of a line, then nothing or white space.
// YAML forbids such a line inside any content, so spotting one needs no parse.
bool is_marker(std::string_view row, std::string_view marker) {
  return row.substr(0, 3) == marker &&
         (row.size() == 3 || row[3] == ' ' || row[3] == '\t' || row[3] == '\r');
}

// Where a second document starts, if the text has one: a "---" after the first document's
// content, or any content after a "..." end marker. Blank lines, comments and (before the
// first document) directives do not count as content.
std::optional<std::pair<int, std::string>> second_document(const std::string& text) {
  int line = 1;
  bool content = false, ended = false;
  for (std::size_t at = 0; at < text.size(); ++line) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view row(text.data() + at, end - at);
    at = end + 1;
    const std::size_t first = row.find_first_not_of(" \t\r");
    const bool blank = first == std::string_view::npos || row[first] == '#';
    if (is_marker(row, "---")) {
      if (content || ended) return std::make_pair(line, std::string("a second document ('---')"));
    } else if (is_marker(row, "...")) {
      ended = content;
    } else if (!blank && !(row.front() == '%' && !content)) {
      if (ended) return std::make_pair(line, std::string("content after the end marker '...'"));
      content = true;
    }
  }
  return std::nullopt;
}

}  // namespace

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  // Checked before parsing: yaml-cpp would read the first document and drop the rest.
  if (const auto second = second_document(text))
    throw ScenarioError(Location{file, second->first, 1, ""},
                        second->second + ": expected one YAML document per file");
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // A tab in the indentation is the commonest cause, and yaml-cpp reports it elsewhere
    // (often "end of map not found" at the map's start): name the tab itself.
    // (A tab after the reported line cannot have caused it: then the report stands.)
    const auto tab = first_indent_tab(text);
    if (tab && (e.mark.line < 0 || tab->first <= e.mark.line + 1))
      throw ScenarioError(
          Location{file, tab->first, tab->second, ""},
          fmt::format("invalid YAML: a tab character in the indentation (YAML indents with "
                      "spaces only; replace the tab with spaces): \"{}\"",
                      line_text(text, tab->first)));
    const int line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    const int column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
    std::string message = "invalid YAML: " + explain_yaml_error(e.msg);
    if (line > 0 && !line_text(text, line).empty())
      message += fmt::format(": \"{}\"", line_text(text, line));
    throw ScenarioError(Location{file, line, column, ""}, message);
  }
}

}  // namespace statecraft::io
