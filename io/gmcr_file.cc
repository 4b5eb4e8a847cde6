#include "io/gmcr_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/limits.h"
#include "io/input_file.h"

namespace statecraft::io {
namespace {

using nlohmann::json;

class GmcrReader {
 public:
  explicit GmcrReader(std::string file) : file_(std::move(file)) {}

  ConflictSpec read(const std::string& text) {
    json root;
    try {
      root = json::parse(text);
    } catch (const json::exception& e) {  // syntax errors, but also numbers out of range
      throw ImportError(Location{file_, 0, 0, ""}, fmt::format("invalid JSON: {}", e.what()));
    }
    if (!root.is_object()) fail("", "expected a JSON object (a gmcr-py save file)");
    ConflictSpec spec;
    spec.origin = file_;
    spec.id = std::filesystem::path(file_).stem().string();
    spec.name = spec.id;
    const json& options = need(root, "options", "");
    if (!options.is_array() || options.empty())
      fail("options", "expected a non-empty list of options");
    // Before anything is sized by the 2^options states (the rankings are converted below).
    if (options.size() > limits().options)
      throw LimitError(Location{file_, 0, 0, "options"}, "options", "options of conflict",
                       std::to_string(options.size()), std::to_string(limits().options));
    for (std::size_t k = 0; k < options.size(); ++k) {
      const std::string field = fmt::format("options[{}]", k);
      const json& o = options[k];
      ConflictOption opt;
      opt.name = text_of(need(o, "name", field), field + ".name");
      opt.id = opt.name;
      opt.dm = -1;
      const std::string dir =
          o.contains("permittedDirection") ? text_of(o["permittedDirection"], field) : "both";
      if (dir == "both")
        opt.direction = OptionDirection::Both;
      else if (dir == "fwd")
        opt.direction = OptionDirection::Forward;
      else if (dir == "back")
        opt.direction = OptionDirection::Backward;
      else
        fail(field + ".permittedDirection",
             fmt::format("expected both, fwd or back, got '{}'", dir));
      spec.options.push_back(opt);
    }
    const json& dms = need(root, "decisionMakers", "");
    if (!dms.is_array() || dms.empty()) fail("decisionMakers", "expected a non-empty list");
    const json& manual_field = root.contains("useManualPreferenceRanking")
                                   ? root["useManualPreferenceRanking"]
                                   : json(false);
    if (!manual_field.is_boolean()) fail("useManualPreferenceRanking", "expected true or false");
    const bool manual = manual_field.get<bool>();
    for (std::size_t d = 0; d < dms.size(); ++d) {
      const std::string field = fmt::format("decisionMakers[{}]", d);
      const json& j = dms[d];
      ConflictDecisionMaker dm;
      dm.name = text_of(need(j, "name", field), field + ".name");
      dm.id = dm.name;
      const json& opts = need(j, "options", field);
      if (!opts.is_array()) fail(field + ".options", "expected a list of option indices");
      for (const auto& o : opts) {
        const int k = option_index(o, field + ".options", spec.options.size());
        if (spec.options[k].dm >= 0)
          fail(field + ".options", fmt::format("option {} already belongs to a decision maker", k));
        spec.options[k].dm = int(d);
        dm.options.push_back(k);
      }
      if (dm.options.empty())
        fail(field + ".options",
             "expected at least one option index (a decision maker "
             "without options cannot move)");
      if (j.contains("preferences")) {
        const json& prefs = j["preferences"];
        if (!prefs.is_array()) fail(field + ".preferences", "expected a list of statements");
        for (std::size_t s = 0; s < prefs.size(); ++s)
          dm.preference.statements.push_back(statement(
              prefs[s], fmt::format("{}.preferences[{}]", field, s), spec.options.size()));
      }
      if (j.contains("misperceptions") && !j["misperceptions"].is_array())
        fail(field + ".misperceptions", "expected a list of conditions");
      if (j.contains("misperceptions"))
        for (std::size_t s = 0; s < j["misperceptions"].size(); ++s)
          dm.misperceived.push_back(conjunction(j["misperceptions"][s],
                                                fmt::format("{}.misperceptions[{}]", field, s),
                                                spec.options.size()));
      if (manual) {
        dm.preference.use_ranking = true;
        ranking_json_.push_back(need(j, "preferenceRanking", field));
      }
      spec.dms.push_back(std::move(dm));
    }
    for (std::size_t k = 0; k < spec.options.size(); ++k)
      if (spec.options[k].dm < 0)
        fail(fmt::format("options[{}]", k), "no decision maker controls this option");
    if (root.contains("infeasibles")) {
      const json& inf = root["infeasibles"];
      if (!inf.is_array()) fail("infeasibles", "expected a list of conditions");
      for (std::size_t s = 0; s < inf.size(); ++s)
        spec.infeasible.push_back(
            conjunction(inf[s], fmt::format("infeasibles[{}]", s), spec.options.size()));
    }
    if (manual) convert_rankings(spec);
    return spec;
  }

 private:
  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw ImportError(Location{file_, 0, 0, field}, message);
  }

  const json& need(const json& j, const char* key, const std::string& field) const {
    if (!j.is_object() || !j.contains(key))
      fail(field, fmt::format("missing required field '{}'", key));
    return j[key];
  }

  std::string text_of(const json& j, const std::string& field) const {
    if (!j.is_string()) fail(field, "expected text");
    return j.get<std::string>();
  }

  int option_index(const json& j, const std::string& field, std::size_t count) const {
    if (!j.is_number_integer() || j.get<long long>() < 0 || j.get<long long>() >= (long long)count)
      fail(field, fmt::format("expected an option index 0..{}, got {}", count - 1, j.dump()));
    return j.get<int>();
  }

  ConflictConjunction conjunction(const json& j, const std::string& field,
                                  std::size_t count) const {
    if (!j.is_array()) fail(field, "expected a list of [option, \"Y\"|\"N\"] pairs");
    ConflictConjunction conj;
    for (const auto& lit : j) {
      if (!lit.is_array() || lit.size() != 2 || !lit[1].is_string())
        fail(field, fmt::format("expected [option, \"Y\"|\"N\"], got {}", lit.dump()));
      const std::string yn = lit[1].get<std::string>();
      if (yn != "Y" && yn != "N") fail(field, fmt::format("expected \"Y\" or \"N\", got '{}'", yn));
      conj.push_back({option_index(lit[0], field, count), yn == "Y"});
    }
    return conj;
  }

  ConflictStatement statement(const json& j, const std::string& field, std::size_t count) const {
    if (j.is_object()) {
      const json& members = need(j, "members", field);
      if (!members.is_array() || members.empty())
        fail(field + ".members", "expected a non-empty list");
      ConflictStatement st;
      for (std::size_t m = 0; m < members.size(); ++m)
        st.push_back(conjunction(members[m], fmt::format("{}.members[{}]", field, m), count));
      return st;
    }
    return {conjunction(j, field, count)};
  }

  // gmcr-py stores rankings by "ordered" number: the 1-based rank of a feasible state's
  // code among all feasible codes. Feasibility is known only now.
  void convert_rankings(ConflictSpec& spec) {
    std::vector<std::uint64_t> feasible;
    for (std::uint64_t s = 0; s < (std::uint64_t(1) << spec.options.size()); ++s) {
      bool ok = true;
      for (const auto& conj : spec.infeasible) {
        bool all = true;
        for (const auto& lit : conj)
          all = all && (((s >> lit.option) & 1) == std::uint64_t(lit.taken));
        ok = ok && !all;
      }
      if (ok) feasible.push_back(s);
    }
    for (std::size_t d = 0; d < spec.dms.size(); ++d) {
      const std::string field = fmt::format("decisionMakers[{}].preferenceRanking", d);
      const json& r = ranking_json_[d];
      if (!r.is_array()) fail(field, "expected a list of state numbers");
      auto code = [&](const json& x) {
        if (!x.is_number_integer() || x.get<long long>() < 1 ||
            x.get<long long>() > (long long)feasible.size())
          fail(field,
               fmt::format("expected a state number 1..{}, got {}", feasible.size(), x.dump()));
        return feasible[x.get<std::size_t>() - 1];
      };
      auto& ranking = spec.dms[d].preference.ranking;
      ranking.reserve(r.size());
      for (const auto& entry : r) {
        std::vector<std::uint64_t> group;
        if (entry.is_array())
          for (const auto& x : entry) group.push_back(code(x));
        else
          group.assign(1, code(entry));
        ranking.push_back(std::move(group));
      }
    }
  }

  std::string file_;
  std::vector<json> ranking_json_;
};

}  // namespace

ConflictSpec load_gmcr_text(const std::string& text, const std::string& file) {
  try {
    return GmcrReader(file).read(text);
  } catch (const json::exception& e) {
    // A field of an unexpected JSON type that no check above names more precisely.
    throw ImportError(Location{file, 0, 0, ""}, fmt::format("unexpected JSON: {}", e.what()));
  }
}

ConflictSpec load_gmcr_file(const std::string& path) {
  return load_gmcr_text(read_text_file(path), path);
}

}  // namespace statecraft::io
