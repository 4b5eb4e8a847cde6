#include "io/wide_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "core/errors.h"
#include "io/csv_reader.h"
#include "io/input_file.h"

namespace statecraft::io {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Leading `# key: value` lines, then the CSV proper (line numbers kept by blanking them).
struct Split {
  std::vector<std::pair<int, std::pair<std::string, std::string>>> meta;  // line, key, value
  std::string csv;
};

Split split_meta(const std::string& text) {
  Split out;
  std::size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string row = trim(text.substr(pos, end - pos));
    if (!row.empty() && row.front() != '#') break;
    if (!row.empty() && row.rfind("##", 0) != 0) {  // `##` lines are free comments
      const std::string body = trim(row.substr(1));
      const auto colon = body.find(':');
      out.meta.push_back({line,
                          {lower(colon == std::string::npos ? body : trim(body.substr(0, colon))),
                           colon == std::string::npos ? "" : trim(body.substr(colon + 1))}});
    }
    out.csv += '\n';  // keep the line numbers of the table
    pos = end + 1;
    ++line;
  }
  if (pos < text.size()) out.csv += text.substr(pos);
  return out;
}

bool is_missing(const std::string& cell) {
  const std::string c = lower(trim(cell));
  return c.empty() || c == "na" || c == "n/a" || c == "." || c == "nan";
}

bool valid_id(const std::string& s) {
  static const std::regex pattern("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  return std::regex_match(s, pattern);
}

bool valid_date(const std::string& s) {
  static const std::regex pattern("\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?");
  return std::regex_match(s, pattern);
}

class WideTableReader {
 public:
  explicit WideTableReader(std::string file) : file_(std::move(file)) {}

  Scenario read(const std::string& text) {
    const Split split = split_meta(text);
    s_ = start_import(file_, "wide issue table");
    read_meta(split.meta);
    const auto records = parse_csv(split.csv, file_);
    if (records.empty()) fail(0, 0, "expected a header line and a capability row");
    read_header(records[0]);
    bool capability_seen = false;
    std::vector<const CsvRecord*> issue_rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
      const CsvRecord& rec = records[r];
      if (rec.fields.size() > header_.size())
        fail(rec.line, int(header_.size()) + 1,
             fmt::format("row has {} fields, the header {}", rec.fields.size(), header_.size()));
      if (lower(trim(cell(rec, 0))) == "capability") {
        if (capability_seen) fail(rec.line, 1, "a second capability row");
        read_capabilities(rec);
        capability_seen = true;
      } else {
        issue_rows.push_back(&rec);
      }
    }
    if (!capability_seen)
      fail(records[0].line, 1,
           "no capability row (a row whose `issue` cell is `capability`, with each actor's "
           "capability in its pos_ column)");
    if (issue_rows.empty()) fail(records[0].line, 1, "expected at least one issue row");
    for (const CsvRecord* rec : issue_rows) read_issue(*rec);
    attach_voting_body();
    return std::move(s_);
  }

 private:
  struct ActorColumns {
    std::string id;
    std::size_t position = 0;
    std::optional<std::size_t> salience;
  };

  [[noreturn]] void fail(int line, int column, const std::string& message) const {
    throw ImportError(Location{file_, line, column, ""}, message);
  }

  static std::string cell(const CsvRecord& rec, std::size_t col) {
    return col < rec.fields.size() ? rec.fields[col] : std::string();
  }

  double number(const CsvRecord& rec, std::size_t col, const std::string& what) const {
    const auto v = parse_cell_number(trim(cell(rec, col)));
    if (!v)
      fail(rec.line, int(col) + 1,
           fmt::format("{}: expected a number, got '{}'", what, trim(cell(rec, col))));
    return *v;
  }

  void read_meta(const std::vector<std::pair<int, std::pair<std::string, std::string>>>& meta) {
    Source cited{"table_source", "", "", "", "dataset", "", ""};
    for (const auto& [line, kv] : meta) {
      const auto& [key, value] = kv;
      if (key == "scenario") {
        if (!valid_id(value))
          fail(line, 0,
               "scenario: expected an id of letters, digits, '_', '.' or '-' (at most 64, "
               "starting with a letter or digit)");
        s_.id = value;
      } else if (key == "title") {
        s_.title = value;
      } else if (key == "description") {
        s_.description = value;
      } else if (key == "as_of") {
        if (!valid_date(value)) fail(line, 0, "as_of: expected YYYY, YYYY-MM or YYYY-MM-DD");
        s_.as_of = value;
      } else if (key == "source") {
        cited.title = value;
      } else if (key == "author") {
        cited.author = value;
      } else if (key == "date") {
        if (!valid_date(value)) fail(line, 0, "date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        cited.date = value;
      } else if (key == "url") {
        cited.url = value;
      } else if (key == "licence" || key == "license" || key == "note") {
        cited.note += (cited.note.empty() ? "" : "; ") + key + ": " + value;
      } else if (key == "outcome_date") {
        if (!valid_date(value)) fail(line, 0, "outcome_date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        outcome_date_ = value;
      } else if (key == "voting") {
        voting_line_ = line;
        read_voting_rule(line, value);
      } else if (key == "agenda_setter") {
        setter_ = {line, value};
      } else if (key == "votes") {
        votes_ = {line, value};
      } else if (key == "missing_salience") {
        if (value == "error") {
          missing_salience_.reset();
        } else {
          const auto v = parse_cell_number(value);
          if (!v || *v < 0 || *v > 100)
            fail(line, 0, "missing_salience: expected a number in [0, 100] or 'error'");
          missing_salience_ = *v;
        }
      } else {
        // A `#` line is `key: value`; free comments start with `##`.
        fail(line, 0,
             fmt::format("unknown key '{}' (expected scenario, title, description, as_of, "
                         "source, author, date, url, licence, note, outcome_date, "
                         "missing_salience, voting, agenda_setter, votes)",
                         key));
      }
    }
    if (!cited.title.empty()) {
      s_.sources.push_back(cited);
      cite_ = {"input_file", "table_source"};
    }
  }

  // `# voting: majority | unanimity | qualified <percent>`
  void read_voting_rule(int line, const std::string& value) {
    VotingProcedure v;
    if (value == "majority") {
      v.rule = VotingProcedure::Rule::Majority;
    } else if (value == "unanimity") {
      v.rule = VotingProcedure::Rule::Unanimity;
    } else if (value.rfind("qualified ", 0) == 0) {
      const auto t = parse_cell_number(trim(value.substr(10)));
      if (!t || !(*t > 50 && *t <= 100))
        fail(line, 0, "voting: a qualified threshold is a percent in (50, 100]");
      v.rule = VotingProcedure::Rule::Qualified;
      v.threshold = *t / 100;
    } else {
      fail(line, 0, "voting: expected majority, unanimity or qualified <percent>");
    }
    voting_ = v;
  }

  std::size_t actor_named(int line, const std::string& id, const char* what) const {
    const auto index = s_.actor_index(id);
    if (!index) fail(line, 0, fmt::format("{}: unknown actor '{}'", what, id));
    return *index;
  }

  // A voting body from `# voting`, `# agenda_setter` and `# votes` (`A=10 B=5 ...`), for
  // every issue on which the agenda setter holds a position.
  void attach_voting_body() {
    if (!voting_ && !setter_.second.empty())
      fail(setter_.first, 0, "agenda_setter: give the rule with `# voting:` too");
    if (!voting_ && !votes_.second.empty())
      fail(votes_.first, 0, "votes: give the rule with `# voting:` too");
    if (!voting_) return;
    if (setter_.second.empty() || votes_.second.empty())
      fail(voting_line_, 0, "voting: needs `# agenda_setter:` and `# votes:` lines too");
    VotingProcedure v = *voting_;
    v.agenda_setter = actor_named(setter_.first, setter_.second, "agenda_setter");
    std::istringstream in(votes_.second);
    std::string item;
    while (in >> item) {
      const auto eq = item.find('=');
      const auto weight =
          eq == std::string::npos ? std::nullopt : parse_cell_number(item.substr(eq + 1));
      if (!weight || !(*weight > 0))
        fail(votes_.first, 0,
             fmt::format("votes: expected actor=weight with a weight > 0, got '{}'", item));
      const std::size_t actor = actor_named(votes_.first, item.substr(0, eq), "votes");
      for (const auto& [other, w] : v.votes)
        if (other == actor)
          fail(votes_.first, 0, fmt::format("votes: '{}' given twice", item.substr(0, eq)));
      v.votes.emplace_back(actor, *weight);
    }
    Institution inst;
    inst.id = "voting";
    inst.name = "the voting rule of the table";
    inst.kind = "voting";
    inst.voting = v;
    inst.sources = cite_;
    std::size_t attached = 0;
    for (auto& is : s_.issues)
      for (const auto& st : is.stances)
        if (st.actor == v.agenda_setter) {
          is.institution = inst.id;
          ++attached;
          break;
        }
    if (attached == 0)
      fail(setter_.first, 0,
           fmt::format("agenda_setter: '{}' holds no position on any issue", setter_.second));
    s_.institutions.push_back(std::move(inst));
  }

  void read_header(const CsvRecord& header) {
    for (const auto& f : header.fields) header_.push_back(lower(trim(f)));
    if (header_.empty() || header_[0] != "issue")
      fail(header.line, 1, "the first column must be `issue`");
    static const std::vector<std::string> known = {
        "name", "description", "scale_min",       "scale_max", "low",
        "high", "status_quo",  "reference_point", "outcome",   "outcome_date"};
    for (std::size_t c = 1; c < header_.size(); ++c) {
      const std::string& h = header_[c];
      const std::string raw = trim(header.fields[c]);
      for (std::size_t d = 0; d < c; ++d)
        if (header_[d] == h)
          fail(header.line, int(c) + 1, fmt::format("duplicate column '{}'", raw));
      if (std::find(known.begin(), known.end(), h) != known.end()) {
        column_[h == "reference_point" ? "status_quo" : h] = c;
      } else if (h.rfind("pos_", 0) == 0 || h.rfind("sal_", 0) == 0) {
        const std::string id = actor_id_from_name(raw.substr(4));
        if (raw.size() <= 4)
          fail(header.line, int(c) + 1, "expected an actor name after the prefix");
        auto it = std::find_if(actors_.begin(), actors_.end(),
                               [&](const ActorColumns& a) { return a.id == id; });
        if (it == actors_.end()) {
          actors_.push_back({id, 0, std::nullopt});
          it = actors_.end() - 1;
          it->position = std::size_t(-1);
        }
        if (h[0] == 'p')
          it->position = c;
        else
          it->salience = c;
      } else {
        fail(header.line, int(c) + 1,
             fmt::format("unknown column '{}' (expected name, description, scale_min, scale_max, "
                         "low, high, status_quo, reference_point, outcome, outcome_date, "
                         "pos_<actor> or sal_<actor>)",
                         raw));
      }
    }
    for (const auto& a : actors_)
      if (a.position == std::size_t(-1))
        fail(header.line, int(*a.salience) + 1,
             fmt::format("actor '{}' has a sal_ column but no pos_ column", a.id));
    if (actors_.empty()) fail(header.line, 0, "expected pos_<actor> columns");
    for (const auto& a : actors_) {
      Actor actor;
      actor.id = actor.name = a.id;
      s_.actors.push_back(actor);
    }
  }

  void read_capabilities(const CsvRecord& rec) {
    for (std::size_t k = 0; k < actors_.size(); ++k) {
      const std::size_t col = actors_[k].position;
      const double c = number(rec, col, fmt::format("capability of '{}'", actors_[k].id));
      if (c < 0) fail(rec.line, int(col) + 1, fmt::format("capability: expected >= 0, got {}", c));
      s_.actors[k].capability = Quantity{c, std::nullopt, cite_, ""};
    }
  }

  std::optional<double> optional_number(const CsvRecord& rec, const char* name) {
    const auto it = column_.find(name);
    if (it == column_.end() || is_missing(cell(rec, it->second))) return std::nullopt;
    return number(rec, it->second, name);
  }

  std::string text(const CsvRecord& rec, const char* name) {
    const auto it = column_.find(name);
    return it == column_.end() ? std::string() : trim(cell(rec, it->second));
  }

  void read_issue(const CsvRecord& rec) {
    Issue is;
    const std::string raw_id = trim(cell(rec, 0));
    if (raw_id.empty()) fail(rec.line, 1, "issue: expected an id");
    is.id = valid_id(raw_id) ? raw_id : slug(raw_id);
    if (s_.issue_index(is.id)) fail(rec.line, 1, fmt::format("duplicate issue '{}'", raw_id));
    is.name = text(rec, "name").empty() ? raw_id : text(rec, "name");
    is.description = text(rec, "description");
    is.scale.min = optional_number(rec, "scale_min").value_or(0);
    is.scale.max = optional_number(rec, "scale_max").value_or(100);
    if (!(is.scale.min < is.scale.max))
      fail(rec.line, 0,
           fmt::format("scale: min {} must be below max {}", is.scale.min, is.scale.max));
    is.scale.low = text(rec, "low").empty() ? fmt::format("{} on {}", is.scale.min, is.name)
                                            : text(rec, "low");
    is.scale.high = text(rec, "high").empty() ? fmt::format("{} on {}", is.scale.max, is.name)
                                              : text(rec, "high");
    auto inside = [&](double v, const char* column, const std::string& what) {
      if (v < is.scale.min || v > is.scale.max)
        fail(rec.line, int(column_.count(column) ? column_[column] : 0) + 1,
             fmt::format("{}: {} is outside the scale [{}, {}]", what, v, is.scale.min,
                         is.scale.max));
    };
    if (auto sq = optional_number(rec, "status_quo")) {
      inside(*sq, "status_quo", "status_quo");
      is.status_quo = Quantity{*sq, std::nullopt, cite_, ""};
    }
    bool any_weight = false;
    for (std::size_t k = 0; k < actors_.size(); ++k) {
      const ActorColumns& a = actors_[k];
      if (is_missing(cell(rec, a.position))) continue;  // sits this issue out
      Stance st;
      st.actor = k;
      const double pos = number(rec, a.position, fmt::format("position of '{}'", a.id));
      if (pos < is.scale.min || pos > is.scale.max)
        fail(rec.line, int(a.position) + 1,
             fmt::format("position of '{}': {} is outside the scale [{}, {}]", a.id, pos,
                         is.scale.min, is.scale.max));
      st.position = Quantity{pos, std::nullopt, cite_, ""};
      double sal = 0;
      if (a.salience && !is_missing(cell(rec, *a.salience))) {
        sal = number(rec, *a.salience, fmt::format("salience of '{}'", a.id));
        if (sal < 0 || sal > 100)
          fail(rec.line, int(*a.salience) + 1,
               fmt::format("salience of '{}': expected 0-100, got {}", a.id, sal));
      } else if (missing_salience_) {
        sal = *missing_salience_;
        st.note =
            fmt::format("salience missing in the table; {} by the missing-salience rule", sal);
      } else {
        fail(rec.line, int(a.salience.value_or(a.position)) + 1,
             fmt::format("salience of '{}' is missing (and missing_salience: error)", a.id));
      }
      st.salience = Quantity{sal / 100, std::nullopt, cite_, ""};
      any_weight = any_weight || (sal > 0 && s_.actors[k].capability.value > 0);
      is.stances.push_back(std::move(st));
    }
    if (is.stances.empty())
      fail(rec.line, 1, fmt::format("issue '{}': no actor holds a position", raw_id));
    if (!any_weight)
      fail(rec.line, 1,
           fmt::format("issue '{}': at least one actor needs positive capability and salience",
                       raw_id));
    s_.issues.push_back(std::move(is));
    if (auto value = optional_number(rec, "outcome")) {
      inside(*value, "outcome", "outcome");
      Outcome out;
      out.issue = s_.issues.size() - 1;
      out.value = *value;
      out.date = text(rec, "outcome_date").empty() ? outcome_date_ : text(rec, "outcome_date");
      if (out.date.empty())
        fail(rec.line, int(column_["outcome"]) + 1,
             "outcome: give its date (an outcome_date column or a `# outcome_date:` line)");
      if (!valid_date(out.date))
        fail(rec.line, int(column_.count("outcome_date") ? column_["outcome_date"] : 0) + 1,
             fmt::format("outcome_date: expected YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", out.date));
      out.sources = cite_;
      s_.outcomes.push_back(std::move(out));
    }
  }

  std::string file_;
  Scenario s_;
  std::vector<std::string> header_;  // lower-cased, trimmed
  std::map<std::string, std::size_t> column_;
  std::vector<ActorColumns> actors_;
  std::vector<std::string> cite_ = {"input_file"};
  std::string outcome_date_;
  std::optional<double> missing_salience_ = 50;
  std::optional<VotingProcedure> voting_;
  int voting_line_ = 0;
  std::pair<int, std::string> setter_, votes_;  // line, value
};

}  // namespace

bool looks_like_wide_table(const std::string& text) {
  const Split split = split_meta(text.substr(0, 1 << 16));
  const std::size_t start = split.csv.find_first_not_of("\r\n");
  if (start == std::string::npos) return false;
  const std::string header =
      split.csv.substr(start, split.csv.find_first_of("\r\n", start) - start);
  std::vector<std::string> fields;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    const std::size_t comma = std::min(header.find(',', pos), header.size());
    std::string f = lower(trim(header.substr(pos, comma - pos)));
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    fields.push_back(f);
    pos = comma + 1;
  }
  return fields[0] == "issue" && std::any_of(fields.begin(), fields.end(),
                                             [](const auto& f) { return f.rfind("pos_", 0) == 0; });
}

ScenarioPtr load_wide_table_text(const std::string& text, const std::string& path) {
  check_utf8(text, path);
  return finish_import(WideTableReader(path).read(text), path);
}

ScenarioPtr load_wide_table_file(const std::string& path) {
  return load_wide_table_text(read_text_file(path), path);
}

}  // namespace statecraft::io
