#include "io/importers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/errors.h"
#include "core/limits.h"
#include "io/bdm_csv.h"
#include "io/decide_csv.h"
#include "io/input_file.h"
#include "io/ktab_csv.h"
#include "io/scenario_loader.h"
#include "io/wide_table.h"

namespace statecraft::io {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool always(std::string_view) { return true; }

// The sniffs look at the start of a file only.
std::string head(std::string_view text) { return std::string(text.substr(0, 65536)); }
bool sniff_wide(std::string_view text) { return looks_like_wide_table(head(text)); }
bool sniff_decide(std::string_view text) { return looks_like_decide_csv(head(text)); }
bool sniff_bdm(std::string_view text) { return looks_like_bdm_csv(head(text)); }
bool sniff_ktab(std::string_view text) { return looks_like_ktab_csv(head(text)); }

std::vector<const Importer*> importers_for(const std::string& file);
[[noreturn]] void no_importer(const std::string& file, bool by_name);

}  // namespace

const std::vector<Importer>& importers() {
  static const std::vector<Importer> table = {
      {"scenario",
       "statecraft scenario YAML (or JSON)",
       {".yaml", ".yml", ".json"},
       always,
       load_scenario_text},
      {"wide",
       "wide issue table (issue, pos_<actor>, sal_<actor>, ... columns)",
       {".csv"},
       sniff_wide,
       load_wide_table_text},
      {"decide",
       "exchange-model (decide) table with '#A/#P/#M/#D' rows",
       {".csv"},
       sniff_decide,
       load_decide_csv_text},
      {"bdm",
       "BDM actor CSV (Actor,Capability,Position,Salience)",
       {".csv"},
       sniff_bdm,
       load_bdm_csv_text},
      {"ktab",
       "KTAB SMP CSV (title line, then Actor,Description,Power,...)",
       {".csv"},
       sniff_ktab,
       load_ktab_csv_text},
  };
  return table;
}

const Importer* find_importer(std::string_view name) {
  for (const auto& imp : importers())
    if (imp.name == name) return &imp;
  return nullptr;
}

std::string importer_names() {
  std::string out;
  const auto& all = importers();
  for (std::size_t k = 0; k < all.size(); ++k)
    out += (k == 0 ? "" : k + 1 == all.size() ? " or " : ", ") + all[k].name;
  return out;
}

std::string_view without_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

namespace {

std::vector<const Importer*> importers_for(const std::string& file) {
  const std::string ext = lower(std::filesystem::path(file).extension().string());
  std::vector<const Importer*> candidates;
  for (const auto& imp : importers())
    if (std::find(imp.extensions.begin(), imp.extensions.end(), ext) != imp.extensions.end())
      candidates.push_back(&imp);
  return candidates;
}

[[noreturn]] void no_importer(const std::string& file, bool by_name) {
  std::string kinds;
  for (const auto& imp : importers()) {
    std::string exts;
    for (const auto& e : imp.extensions) exts += (exts.empty() ? "" : "/") + e;
    kinds += fmt::format("{}{} ({})", kinds.empty() ? "" : "; ", imp.description, exts);
  }
  throw InputError(Location{file, 0, 0, ""},
                   fmt::format("cannot tell the input kind{}: expected {}",
                               by_name ? " from the file name" : " from the content", kinds));
}

}  // namespace

ScenarioPtr load_input_text(const std::string& text, const std::string& file,
                            const Importer** used) {
  const Importer& imp = choose_importer(text, file);
  check_utf8(text, file);  // every format, whichever way the text arrived
  if (used) *used = &imp;
  const std::string_view body = without_bom(text);
  return body.size() == text.size() ? imp.load(text, file) : imp.load(std::string(body), file);
}

const Importer& choose_importer(const std::string& text, const std::string& file) {
  const auto candidates = importers_for(file);
  if (candidates.empty()) no_importer(file, true);
  for (const Importer* imp : candidates)
    if (imp->sniff(without_bom(text))) return *imp;
  no_importer(file, false);
}

ScenarioPtr load_input(const std::string& path) {
  if (importers_for(path).empty()) no_importer(path, true);
  // The size cap (--limit file_bytes) and the UTF-8 check, whatever the format.
  return load_input_text(read_text_file(path, limits().file_bytes), path);
}

}  // namespace statecraft::io
