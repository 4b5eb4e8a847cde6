#include "io/bdm_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <regex>

#include "core/errors.h"
#include "core/magnitudes.h"
#include "io/csv_reader.h"
#include "io/input_file.h"

namespace statecraft::io {
namespace {

const std::vector<std::string> kColumns = {"actor", "capability", "position", "salience"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

class BdmCsvReader {
 public:
  explicit BdmCsvReader(std::string file) : file_(std::move(file)) {}

  Scenario read(const std::string& text) {
    const auto records = parse_csv(text, file_);
    if (records.empty())
      fail(0, 0, "empty file: expected a header 'Actor,Capability,Position,Salience'");
    check_header(records.front());
    Scenario s = start_import(file_, "BDM actor table");
    const std::string stem = std::filesystem::path(file_).stem().string();
    Issue issue;
    issue.id = s.id;
    issue.name = stem;
    for (std::size_t row = 1; row < records.size(); ++row) read_row(records[row], s, issue);
    if (issue.stances.size() < 2) fail(records.back().line, 0, "expected at least two actor rows");
    double lo = issue.stances.front().position.value, hi = lo;
    bool any_weight = false;
    for (const auto& st : issue.stances) {
      lo = std::min(lo, st.position.value);
      hi = std::max(hi, st.position.value);
      any_weight = any_weight || (s.actors[st.actor].capability.value > 0 && st.salience.value > 0);
    }
    if (!any_weight) fail(0, 0, "no actor has both positive capability and salience");
    if (lo == hi) hi = lo + 1;  // a scale needs two ends; nobody can move anyway
    issue.scale = Scale{lo,
                        hi,
                        fmt::format("position {} (lowest in the file)", lo),
                        fmt::format("position {} (highest in the file)", hi),
                        {}};
    s.issues.push_back(std::move(issue));
    return s;
  }

 private:
  [[noreturn]] void fail(int line, int column, const std::string& message) const {
    throw ImportError(Location{file_, line, column, ""}, message);
  }

  void check_header(const CsvRecord& header) {
    if (header.fields.size() != kColumns.size())
      fail(header.line, 0,
           fmt::format("header has {} columns, expected 4: Actor,Capability,Position,Salience",
                       header.fields.size()));
    for (std::size_t c = 0; c < kColumns.size(); ++c)
      if (lower(trim(header.fields[c])) != kColumns[c])
        fail(header.line, int(c) + 1,
             fmt::format("column {} is named '{}', expected '{}'", c + 1, trim(header.fields[c]),
                         kColumns[c]));
  }

  double number(const CsvRecord& rec, std::size_t col) const {
    const auto value = parse_cell_number(rec.fields[col]);
    if (!value)
      fail(rec.line, int(col) + 1,
           fmt::format("column '{}': expected a finite number, got '{}'", kColumns[col],
                       trim(rec.fields[col])));
    return *value;
  }

  void read_row(const CsvRecord& rec, Scenario& s, Issue& issue) {
    if (rec.fields.size() != kColumns.size())
      fail(rec.line, 0, fmt::format("row has {} fields, expected 4", rec.fields.size()));
    const std::string name = trim(rec.fields[0]);
    if (name.empty()) fail(rec.line, 1, "column 'actor': expected a name");
    const std::string id = actor_id_from_name(name);
    if (s.actor_index(id)) fail(rec.line, 1, fmt::format("duplicate actor '{}'", name));
    const double capability = number(rec, 1);
    const double position = number(rec, 2);
    const double salience = number(rec, 3);
    if (capability < 0)
      fail(rec.line, 2, fmt::format("column 'capability': expected >= 0, got {}", capability));
    if (salience < 0 || salience > 1)
      fail(rec.line, 4,
           fmt::format("column 'salience': expected a value in [0, 1], got {}", salience));
    // The scale is made of the positions, so they carry the scale's bounds.
    if (auto problem = capability_problem(capability))
      fail(rec.line, 2, "column 'capability': " + *problem);
    if (auto problem = scale_end_problem(position))
      fail(rec.line, 3, "column 'position': " + *problem);
    if (salience > 0 && salience < kMinPositiveSalience)
      fail(rec.line, 4,
           fmt::format("column 'salience': expected 0 or at least {:g}, got {:g}",
                       kMinPositiveSalience, salience));
    Actor actor;
    actor.id = id;
    actor.name = name;
    actor.capability = Quantity{capability, std::nullopt, {"input_file"}, ""};
    s.actors.push_back(actor);
    Stance st;
    st.actor = s.actors.size() - 1;
    st.position = Quantity{position, std::nullopt, {"input_file"}, ""};
    st.salience = Quantity{salience, std::nullopt, {"input_file"}, ""};
    issue.stances.push_back(st);
  }

  std::string file_;
};

}  // namespace

ScenarioPtr load_bdm_csv_text(const std::string& text, const std::string& file) {
  return finish_import(BdmCsvReader(file).read(text), file);
}

bool looks_like_bdm_csv(const std::string& text) {
  std::string first = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? text.substr(3) : text;
  first = trim(first.substr(0, first.find_first_of(",\r\n")));
  if (!first.empty() && first.front() == '"') first = first.substr(1);
  if (!first.empty() && first.back() == '"') first.pop_back();
  return lower(trim(first)) == "actor";
}

ScenarioPtr load_bdm_csv_file(const std::string& path) {
  return load_bdm_csv_text(read_text_file(path), path);
}

}  // namespace statecraft::io
