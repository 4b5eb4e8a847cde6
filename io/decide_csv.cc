#include "io/decide_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/errors.h"
#include "core/magnitudes.h"
#include "io/csv_reader.h"
#include "io/input_file.h"

namespace statecraft::io {
namespace {

struct Row {
  int line = 0;
  std::vector<std::string> fields;  // unquoted
};

class DecideReader {
 public:
  explicit DecideReader(std::string file) : file_(std::move(file)) {}

  Scenario read(const std::string& text) {
    const std::vector<Row> rows = split(text);
    Scenario s = start_import(file_, "exchange-model input");
    for (const Row& r : rows) {
      const std::string& tag = r.fields[0];
      if (tag == "#A")
        add_actor(r, s);
      else if (tag == "#P")
        add_issue(r, s);
      else if (tag == "#M")
        add_scale_point(r, s);
      else if (tag == "#D")
        add_stance(r, s);
      else
        fail(r.line, 1, fmt::format("unknown row type '{}' (expected #A, #P, #M or #D)", tag));
    }
    if (s.actors.empty()) fail(0, 0, "no actors ('#A' rows)");
    if (s.issues.empty()) fail(0, 0, "no issues ('#P' rows)");
    finish_scales(s);
    for (auto& actor : s.actors) {
      // The actor-level capability is a default only; every stance carries its own power.
      double best = 0;
      for (const auto& issue : s.issues)
        for (const auto& st : issue.stances)
          if (&s.actors[st.actor] == &actor) best = std::max(best, st.capability->value);
      actor.capability = Quantity{best > 0 ? best : 1, std::nullopt, {"input_file"}, ""};
    }
    return s;
  }

 private:
  [[noreturn]] void fail(int line, int column, const std::string& message) const {
    throw ImportError(Location{file_, line, column, ""}, message);
  }

  std::vector<Row> split(const std::string& text) const {
    std::vector<Row> rows;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (trim(line).empty()) continue;
      Row row{number, {}};
      std::size_t start = 0;
      while (true) {
        const std::size_t tab = line.find('\t', start);
        std::string field = trim(line.substr(start, tab == std::string::npos ? tab : tab - start));
        if (field.size() >= 2 && field.front() == '\'' && field.back() == '\'')
          field = field.substr(1, field.size() - 2);
        else if (!field.empty() && (field.front() == '\'' || field.back() == '\''))
          fail(number, int(row.fields.size()) + 1,
               fmt::format("unbalanced single quote in field '{}'", field));
        row.fields.push_back(field);
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      rows.push_back(std::move(row));
    }
    if (rows.empty()) fail(0, 0, "empty file: expected '#A', '#P', '#M' and '#D' rows");
    return rows;
  }

  void need(const Row& r, std::size_t n, const char* shape) const {
    if (r.fields.size() < n)
      fail(r.line, 0,
           fmt::format("'{}' row has {} fields, expected {}", r.fields[0], r.fields.size(), shape));
  }

  double number(const Row& r, std::size_t col, const char* what) const {
    const auto v = parse_cell_number(r.fields[col]);
    if (!v)
      fail(r.line, int(col) + 1,
           fmt::format("{}: expected a finite number, got '{}'", what, r.fields[col]));
    return *v;
  }

  void add_actor(const Row& r, Scenario& s) {
    need(r, 3, "#A id name [comment]");
    const std::string id = actor_id_from_name(r.fields[1]);
    if (r.fields[1].empty()) fail(r.line, 2, "actor id is empty");
    if (actor_ids_.count(r.fields[1]))
      fail(r.line, 2, fmt::format("duplicate actor '{}'", r.fields[1]));
    if (s.actor_index(id))
      fail(r.line, 2,
           fmt::format("actor '{}' clashes with another actor's id '{}'", r.fields[1], id));
    actor_ids_[r.fields[1]] = s.actors.size();
    Actor a;
    a.id = id;
    a.name = r.fields[2].empty() ? r.fields[1] : r.fields[2];
    a.note = r.fields.size() > 3 ? r.fields[3] : "";
    s.actors.push_back(a);
  }

  void add_issue(const Row& r, Scenario& s) {
    need(r, 3, "#P id name [comment]");
    if (r.fields[1].empty()) fail(r.line, 2, "issue id is empty");
    if (issue_ids_.count(r.fields[1]))
      fail(r.line, 2, fmt::format("duplicate issue '{}'", r.fields[1]));
    const std::string id = slug(r.fields[1]);
    if (s.issue_index(id))
      fail(r.line, 2,
           fmt::format("issue '{}' clashes with another issue's id '{}'", r.fields[1], id));
    issue_ids_[r.fields[1]] = s.issues.size();
    Issue issue;
    issue.id = id;
    issue.name = r.fields[2].empty() ? r.fields[1] : r.fields[2];
    issue.description = r.fields.size() > 3 ? r.fields[3] : "";
    s.issues.push_back(issue);
    points_.emplace_back();
  }

  std::size_t issue_of(const Row& r, std::size_t col) const {
    const auto it = issue_ids_.find(r.fields[col]);
    if (it == issue_ids_.end())
      fail(r.line, int(col) + 1,
           fmt::format("unknown issue '{}' (declare it with a '#P' row first)", r.fields[col]));
    return it->second;
  }

  void add_scale_point(const Row& r, Scenario&) {
    need(r, 3, "#M issue value");
    const double point = number(r, 2, "scale point");
    if (auto problem = scale_end_problem(point)) fail(r.line, 3, "scale point: " + *problem);
    points_[issue_of(r, 1)].push_back(point);
  }

  void add_stance(const Row& r, Scenario& s) {
    need(r, 6, "#D actor issue position salience power");
    const auto actor = actor_ids_.find(r.fields[1]);
    if (actor == actor_ids_.end())
      fail(r.line, 2,
           fmt::format("unknown actor '{}' (declare it with an '#A' row first)", r.fields[1]));
    Issue& issue = s.issues[issue_of(r, 2)];
    for (const auto& st : issue.stances)
      if (st.actor == actor->second)
        fail(r.line, 2,
             fmt::format("second '#D' row for actor '{}' on issue '{}'", r.fields[1], r.fields[2]));
    const double position = number(r, 3, "position");
    const double salience = number(r, 4, "salience");
    const double power = number(r, 5, "power");
    if (salience < 0 || salience > 1)
      fail(r.line, 5, fmt::format("salience: expected a value in [0, 1], got {}", salience));
    if (power < 0) fail(r.line, 6, fmt::format("power: expected >= 0, got {}", power));
    if (auto problem = salience_problem(salience)) fail(r.line, 5, "salience: " + *problem);
    if (auto problem = capability_problem(power)) fail(r.line, 6, "power: " + *problem);
    Stance st;
    st.actor = actor->second;
    st.position = Quantity{position, std::nullopt, {"input_file"}, ""};
    st.salience = Quantity{salience, std::nullopt, {"input_file"}, ""};
    st.capability = Quantity{power, std::nullopt, {"input_file"}, ""};
    issue.stances.push_back(st);
    stance_line_[{std::size_t(&issue - s.issues.data()), actor->second}] = r.line;
  }

  void finish_scales(Scenario& s) {
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
      Issue& issue = s.issues[k];
      const auto& pts = points_[k];
      const double lo = pts.empty() ? 0 : pts.front();
      const double hi = pts.empty() ? 100 : *std::max_element(pts.begin(), pts.end());
      if (!(hi > lo))
        fail(0, 0,
             fmt::format("issue '{}': the scale needs a largest '#M' value above the first "
                         "({} .. {})",
                         issue.name, lo, hi));
      issue.scale = Scale{lo, hi, fmt::format("{}", lo), fmt::format("{}", hi), {}};
      if (issue.stances.size() < 2)
        fail(0, 0,
             fmt::format("issue '{}' has {} '#D' rows, expected at least 2", issue.name,
                         issue.stances.size()));
    }
    for (std::size_t k = 0; k < s.issues.size(); ++k)
      for (const auto& st : s.issues[k].stances) {
        const double x = st.position.value;
        if (x < s.issues[k].scale.min || x > s.issues[k].scale.max)
          fail(stance_line_.at({k, st.actor}), 4,
               fmt::format("issue '{}': position {} of '{}' lies outside the scale {} .. {}",
                           s.issues[k].name, x, s.actors[st.actor].name, s.issues[k].scale.min,
                           s.issues[k].scale.max));
      }
  }

  std::string file_;
  std::map<std::string, std::size_t> actor_ids_, issue_ids_;
  std::vector<std::vector<double>> points_;
  std::map<std::pair<std::size_t, std::size_t>, int> stance_line_;  // (issue, actor) -> line
};

}  // namespace

ScenarioPtr load_decide_csv_text(const std::string& text, const std::string& file) {
  return finish_import(DecideReader(file).read(text), file);
}

bool looks_like_decide_csv(const std::string& text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return false;
  const std::string head = text.substr(start, 4);
  return head.rfind("'#", 0) == 0 || head.rfind("#A", 0) == 0 || head.rfind("#P", 0) == 0;
}

ScenarioPtr load_decide_csv_file(const std::string& path) {
  return load_decide_csv_text(read_text_file(path), path);
}

}  // namespace statecraft::io
