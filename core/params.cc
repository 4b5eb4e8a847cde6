#include "core/params.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "core/errors.h"

namespace statecraft {
namespace {

bool parse_double(const std::string& text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool parse_integer(const std::string& text, long long& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string number_text(double x) { return fmt::format("{}", x); }

}  // namespace

ParamSpec ParamSpec::real(std::string name, double def, double min, double max,
                          std::string meaning) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = Type::Real;
  p.default_value = number_text(def);
  p.min = min;
  p.max = max;
  p.meaning = std::move(meaning);
  return p;
}

ParamSpec ParamSpec::integer(std::string name, long long def, long long min, long long max,
                             std::string meaning) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = Type::Integer;
  p.default_value = std::to_string(def);
  p.min = double(min);
  p.max = double(max);
  p.meaning = std::move(meaning);
  return p;
}

ParamSpec ParamSpec::choice(std::string name, std::string def, std::vector<std::string> choices,
                            std::string meaning) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = Type::Choice;
  p.default_value = std::move(def);
  p.choices = std::move(choices);
  p.meaning = std::move(meaning);
  return p;
}

const char* ParamSpec::type_name() const {
  switch (type) {
    case Type::Real:
      return "real";
    case Type::Integer:
      return "integer";
    case Type::Choice:
      return "choice";
  }
  return "?";
}

std::string ParamSpec::allowed() const {
  if (type == Type::Choice) return fmt::format("{}", fmt::join(choices, " | "));
  if (type == Type::Integer) return fmt::format("{}..{}", number_text(min), number_text(max));
  return fmt::format("[{}, {}]", number_text(min), number_text(max));
}

void ParamSpec::check(const std::string& text) const {
  const std::string option = "param " + name;
  switch (type) {
    case Type::Choice:
      if (std::find(choices.begin(), choices.end(), text) == choices.end())
        throw OptionError(option, fmt::format("expected one of {}, got '{}'", allowed(), text));
      return;
    case Type::Integer: {
      long long v = 0;
      if (!parse_integer(text, v) || double(v) < min || double(v) > max)
        throw OptionError(option,
                          fmt::format("expected an integer in {}, got '{}'", allowed(), text));
      return;
    }
    case Type::Real: {
      double v = 0;
      if (!parse_double(text, v) || v < min || v > max)
        throw OptionError(option,
                          fmt::format("expected a number in {}, got '{}'", allowed(), text));
      return;
    }
  }
}

Json ParamSpec::to_json() const {
  Json j = {{"name", name}, {"type", type_name()}, {"default", default_value}};
  if (type == Type::Choice)
    j["choices"] = choices;
  else
    j["range"] = {min, max};
  j["meaning"] = meaning;
  return j;
}

ParamValues::ParamValues(const std::vector<ParamSpec>& specs,
                         const std::map<std::string, std::string>& given) {
  for (const auto& spec : specs) {
    const auto it = given.find(spec.name);
    if (it != given.end()) {
      spec.check(it->second);
      values_[spec.name] = it->second;
      given_[spec.name] = it->second;
    } else {
      values_[spec.name] = spec.default_value;
    }
  }
}

const std::string& ParamValues::text(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end())
    throw std::logic_error("model reads an undeclared parameter '" + name + "'");
  return it->second;
}

double ParamValues::real(const std::string& name) const {
  double v = 0;
  parse_double(text(name), v);
  return v;
}

long long ParamValues::integer(const std::string& name) const {
  long long v = 0;
  parse_integer(text(name), v);
  return v;
}

const std::string& ParamValues::choice(const std::string& name) const { return text(name); }

}  // namespace statecraft
