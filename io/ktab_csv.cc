#include "io/ktab_csv.h"

#include <fmt/format.h>

#include <cmath>

#include "core/errors.h"
#include "core/magnitudes.h"
#include "io/csv_reader.h"
#include "io/input_file.h"

namespace statecraft::io {
namespace {

class KtabCsvReader {
 public:
  explicit KtabCsvReader(std::string file) : file_(std::move(file)) {}

  Scenario read(const std::string& text) {
    auto records = parse_csv(text, file_);
    for (auto& r : records) drop_trailing_empty(r);
    if (records.size() < 2)
      fail(records.empty() ? 0 : records[0].line, 0, "expected a title line and a header line");
    const CsvRecord& title = records[0];
    // KTAB reads the first four fields of the title line and ignores any after them.
    if (title.fields.size() < 4)
      fail(
          title.line, 0,
          fmt::format("title line has {} fields, expected 4: name, description, actors, dimensions",
                      title.fields.size()));
    const int actors = whole(title, 2, "number of actors", 2, 100000);
    const int dims = whole(title, 3, "number of dimensions", 1, 1000);
    const CsvRecord& header = records[1];
    const std::size_t width = 3 + 2 * std::size_t(dims);
    if (header.fields.size() != width)
      fail(header.line, 0,
           fmt::format("header has {} columns, expected {} (Actor, Description, Power, then a "
                       "position and a salience column for each of {} dimensions)",
                       header.fields.size(), width, dims));
    if (records.size() - 2 != std::size_t(actors))
      fail(records.back().line, 0,
           fmt::format("the title line announces {} actors but the file has {} actor rows", actors,
                       records.size() - 2));
    Scenario s;
    s.id = slug(trim(title.fields[0]));
    s.title = trim(title.fields[0]);
    s.description = trim(title.fields[1]);
    s.origin = file_;
    s.salience_basis = SalienceBasis::Budget;
    s.sources.push_back(Source{"input_file", "KTAB SMP input " + s.title, "", "", "dataset", "",
                               "imported by statecraft from " + file_});
    for (int d = 0; d < dims; ++d) {
      Issue issue;
      const std::string name = trim(header.fields[3 + 2 * d]);
      issue.name = name.empty() ? fmt::format("dimension {}", d + 1) : name;
      issue.id = slug(issue.name);
      for (const auto& other : s.issues)
        if (other.id == issue.id) issue.id += fmt::format("_{}", d + 1);
      issue.scale = Scale{
          0, 100, fmt::format("0 on {}", issue.name), fmt::format("100 on {}", issue.name), {}};
      s.issues.push_back(std::move(issue));
    }
    for (std::size_t r = 2; r < records.size(); ++r) read_actor(records[r], s, width);
    return s;
  }

 private:
  [[noreturn]] void fail(int line, int column, const std::string& message) const {
    throw ImportError(Location{file_, line, column, ""}, message);
  }

  static void drop_trailing_empty(CsvRecord& r) {
    while (!r.fields.empty() && trim(r.fields.back()).empty()) r.fields.pop_back();
  }

  double number(const CsvRecord& rec, std::size_t col, const std::string& what) const {
    const auto value = parse_cell_number(rec.fields[col]);
    if (!value)
      fail(rec.line, int(col) + 1,
           fmt::format("{}: expected a number, got '{}'", what, trim(rec.fields[col])));
    return *value;
  }

  int whole(const CsvRecord& rec, std::size_t col, const std::string& what, int lo, int hi) const {
    const double v = number(rec, col, what);
    if (v < lo || v > hi || v != std::floor(v))  // range first: the cast is defined only then
      fail(rec.line, int(col) + 1,
           fmt::format("{}: expected a whole number in [{}, {}], got {}", what, lo, hi, v));
    return int(v);
  }

  void read_actor(const CsvRecord& rec, Scenario& s, std::size_t width) {
    if (rec.fields.size() != width)
      fail(rec.line, 0,
           fmt::format("actor row has {} fields, expected {}", rec.fields.size(), width));
    const std::string name = trim(rec.fields[0]);
    if (name.empty()) fail(rec.line, 1, "actor name: expected a name");
    Actor actor;
    actor.id = actor_id_from_name(name);
    actor.name = name;
    actor.note = trim(rec.fields[1]);
    if (s.actor_index(actor.id)) fail(rec.line, 1, fmt::format("duplicate actor '{}'", name));
    const double power = number(rec, 2, "power");
    if (!(power > 0)) fail(rec.line, 3, fmt::format("power: expected a number > 0, got {}", power));
    if (auto problem = capability_problem(power)) fail(rec.line, 3, "power: " + *problem);
    actor.capability = Quantity{power, std::nullopt, {"input_file"}, ""};
    s.actors.push_back(actor);
    double total = 0;
    for (std::size_t d = 0; d < s.issues.size(); ++d) {
      const std::size_t pc = 3 + 2 * d, sc = pc + 1;
      const double pos = number(rec, pc, s.issues[d].name + " position");
      const double sal = number(rec, sc, s.issues[d].name + " salience");
      if (pos < 0 || pos > 100)
        fail(rec.line, int(pc) + 1,
             fmt::format("{} position: expected 0-100, got {}", s.issues[d].name, pos));
      if (sal < 0 || sal > 100)
        fail(rec.line, int(sc) + 1,
             fmt::format("{} salience: expected 0-100, got {}", s.issues[d].name, sal));
      if (auto problem = salience_problem(sal / 100))
        fail(rec.line, int(sc) + 1, fmt::format("{} salience: {}", s.issues[d].name, *problem));
      total += sal;
      Stance st;
      st.actor = s.actors.size() - 1;
      st.position = Quantity{pos, std::nullopt, {"input_file"}, ""};
      st.salience = Quantity{sal / 100, std::nullopt, {"input_file"}, ""};
      s.issues[d].stances.push_back(st);
    }
    if (total > 100 + 1e-9)
      fail(rec.line, 0,
           fmt::format("actor '{}': saliences sum to {}, expected at most 100", name, total));
  }

  std::string file_;
};

}  // namespace

ScenarioPtr load_ktab_csv_text(const std::string& text, const std::string& file) {
  return finish_import(KtabCsvReader(file).read(text), file);
}

ScenarioPtr load_ktab_csv_file(const std::string& path) {
  return load_ktab_csv_text(read_text_file(path), path);
}

bool looks_like_ktab_csv(const std::string& text) {
  // A BDM table starts with its header "Actor,...", a KTAB file with a title line.
  const std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  std::string first = text.substr(start, text.find_first_of(",\r\n", start) - start);
  first = trim(first);
  if (!first.empty() && first.front() == '"') first = first.substr(1);
  return !(first.size() >= 5 &&
           (first.compare(0, 5, "Actor") == 0 || first.compare(0, 5, "actor") == 0));
}

}  // namespace statecraft::io
