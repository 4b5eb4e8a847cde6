// Typed errors. Everything a user can get wrong is an InputError (exit code 2) that
// says where the problem is and what was expected; anything else is a bug (exit 1).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace statecraft {

// Where a problem sits: a file plus a line/column (1-based, 0 = unknown) or a field path.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;

  std::string str() const;
};

struct Problem {
  Location where;
  std::string message;

  std::string str() const;  // "file:line:col: message"
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual int exit_code() const { return 1; }
};

// Base of every error caused by what the user supplied; carries one or more problems.
class InputError : public Error {
 public:
  explicit InputError(std::vector<Problem> problems);
  InputError(Location where, std::string message);
  const std::vector<Problem>& problems() const { return problems_; }
  int exit_code() const override { return 2; }
  virtual const char* kind() const { return "input error"; }

 private:
  std::vector<Problem> problems_;
};

// A scenario file (YAML) that is malformed or inconsistent.
class ScenarioError : public InputError {
 public:
  using InputError::InputError;
  const char* kind() const override { return "scenario error"; }
};

// A foreign file (CSV from another tool) that cannot be imported.
class ImportError : public InputError {
 public:
  using InputError::InputError;
  const char* kind() const override { return "import error"; }
};

// A model option or command-line setting out of range or unknown.
class OptionError : public InputError {
 public:
  OptionError(const std::string& option, const std::string& message);
  const char* kind() const override { return "option error"; }
};

// An output that cannot be written (missing directory, no permission, ...).
class OutputError : public InputError {
 public:
  OutputError(const std::string& path, const std::string& message);
  const char* kind() const override { return "output error"; }
};

// A long run stopped by its cancel token.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace statecraft
