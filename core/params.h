// Typed model parameters: each model declares what it accepts (type, default, range or
// choices, a one-line meaning); `Model::run` checks every given value against it, so a
// model reads only valid values and `statecraft models` can tell a user what each means.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace statecraft {

struct ParamSpec {
  enum class Type { Real, Integer, Choice };
  std::string name;
  Type type = Type::Real;
  std::string default_value;                              // as a user would write it
  double min = -std::numeric_limits<double>::infinity();  // inclusive, Real and Integer
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;  // Choice
  std::string meaning;               // one line

  static ParamSpec real(std::string name, double def, double min, double max, std::string meaning);
  static ParamSpec integer(std::string name, long long def, long long min, long long max,
                           std::string meaning);
  static ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices,
                          std::string meaning);

  const char* type_name() const;  // "real", "integer", "choice"
  // "[0, 1]", "1..1000" or "binary | propbin | ...": what a user may write.
  std::string allowed() const;
  // OptionError ("param NAME") unless `text` is a valid value of this parameter.
  void check(const std::string& text) const;
  Json to_json() const;
};

// The values a model runs with: every declared parameter, the given value or its default.
// Reading a parameter the model did not declare is a bug (std::logic_error).
class ParamValues {
 public:
  ParamValues() = default;
  ParamValues(const std::vector<ParamSpec>& specs, const std::map<std::string, std::string>& given);
  double real(const std::string& name) const;
  long long integer(const std::string& name) const;
  const std::string& choice(const std::string& name) const;
  bool given(const std::string& name) const { return given_.count(name) > 0; }

 private:
  const std::string& text(const std::string& name) const;
  std::map<std::string, std::string> values_, given_;
};

}  // namespace statecraft
