#include "core/limits.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace statecraft {
namespace {

template <typename T>
T parse_count(const std::string& name, const std::string& text, T low, T high) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw OptionError("--limit " + name,
                      fmt::format("expected a whole number in {}..{}, got '{}'", low, high, text));
  return value;
}

}  // namespace

Limits& limits() {
  static Limits instance;
  return instance;
}

void set_limit(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos)
    throw OptionError("--limit", fmt::format("expected name=value, got '{}'", assignment));
  const std::string name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  Limits& l = limits();
  if (name == "file_bytes")
    l.file_bytes = parse_count<std::size_t>(name, value, 1, std::size_t(1) << 34);
  else if (name == "actors")
    l.actors = parse_count<std::size_t>(name, value, 1, 1'000'000);
  else if (name == "issues")
    l.issues = parse_count<std::size_t>(name, value, 1, 100'000);
  else if (name == "options")
    l.options = parse_count<std::size_t>(name, value, 1, 26);
  else if (name == "runs")
    l.runs = parse_count<std::int64_t>(name, value, 1, 1'000'000'000);
  else if (name == "rounds")
    l.rounds = parse_count<int>(name, value, 1, 10'000'000);
  else if (name == "request_bytes")
    l.request_bytes = parse_count<std::size_t>(name, value, 1024, std::size_t(1) << 30);
  else if (name == "seconds") {
    double s = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(s) || s < 0)
      throw OptionError("--limit seconds",
                        fmt::format("expected seconds >= 0 (0 = none), got '{}'", value));
    l.seconds = s;
  } else {
    std::string names;
    for (const auto& info : describe_limits()) names += (names.empty() ? "" : ", ") + info.name;
    throw OptionError("--limit",
                      fmt::format("unknown limit '{}' (expected one of: {})", name, names));
  }
}

std::vector<LimitInfo> describe_limits() {
  const Limits& l = limits();
  return {
      {"file_bytes", std::to_string(l.file_bytes), "size of any input file"},
      {"actors", std::to_string(l.actors), "actors in a scenario"},
      {"issues", std::to_string(l.issues), "issues in a scenario"},
      {"options", std::to_string(l.options), "options of a conflict (2^options states; max 26)"},
      {"runs", std::to_string(l.runs), "Monte Carlo / what-if runs"},
      {"rounds", std::to_string(l.rounds), "rounds of an iterative model (--rounds)"},
      {"request_bytes", std::to_string(l.request_bytes), "policy-lab request body (serve)"},
      {"seconds", fmt::format("{}", l.seconds), "model work of one command or lab run (0 = none)"},
  };
}

LimitError::LimitError(Location where, const std::string& limit, const std::string& what,
                       const std::string& value, const std::string& cap)
    : InputError(std::move(where),
                 fmt::format("{} {} exceeds the limit of {} (raise it with --limit {}=N)", value,
                             what, cap, limit)) {}

void check_scenario_size(std::size_t actors, std::size_t issues, const std::string& file) {
  const Limits& l = limits();
  if (actors > l.actors)
    throw LimitError(Location{file, 0, 0, "actors"}, "actors", "actors", std::to_string(actors),
                     std::to_string(l.actors));
  if (issues > l.issues)
    throw LimitError(Location{file, 0, 0, "issues"}, "issues", "issues", std::to_string(issues),
                     std::to_string(l.issues));
}

}  // namespace statecraft
