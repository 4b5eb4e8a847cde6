#include "core/errors.h"

#include <fmt/format.h>

namespace statecraft {
namespace {

std::string join_messages(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.str();
  }
  return out;
}

}  // namespace

std::string Location::str() const {
  if (file.empty()) return field.empty() ? std::string("<input>") : field;
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  if (!field.empty()) out += fmt::format(" ({})", field);
  return out;
}

std::string Problem::str() const { return fmt::format("{}: {}", where.str(), message); }

InputError::InputError(std::vector<Problem> problems)
    : Error(join_messages(problems)), problems_(std::move(problems)) {}

InputError::InputError(Location where, std::string message)
    : InputError(std::vector<Problem>{Problem{std::move(where), std::move(message)}}) {}

OptionError::OptionError(const std::string& option, const std::string& message)
    : InputError(Location{"", 0, 0, option}, message) {}

OutputError::OutputError(const std::string& path, const std::string& message)
    : InputError(Location{path, 0, 0, ""}, message) {}

}  // namespace statecraft
