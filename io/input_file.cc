#include "io/input_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "core/errors.h"
#include "io/bdm_csv.h"
#include "io/decide_csv.h"
#include "io/ktab_csv.h"
#include "io/scenario_loader.h"

namespace statecraft {
std::string_view embedded_default_scenario();
std::string_view embedded_default_scenario_name();
}  // namespace statecraft

namespace statecraft::io {

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw InputError(Location{path, 0, 0, ""}, "no such file");
  if (fs::is_directory(status))
    throw InputError(Location{path, 0, 0, ""}, "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(Location{path, 0, 0, ""},
                     fmt::format("cannot open: {}", std::strerror(errno)));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, std::size_t(in.gcount()));
    if (text.size() > max_bytes)
      throw InputError(Location{path, 0, 0, ""},
                       fmt::format("file is larger than the {} MiB limit", max_bytes >> 20));
  }
  if (in.bad()) throw InputError(Location{path, 0, 0, ""}, "read error");
  return text;
}

ScenarioPtr load_input(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".yaml" || ext == ".yml") return load_scenario_file(path);
  if (ext == ".csv") {
    const std::string text = read_text_file(path, 64u << 20);
    if (looks_like_decide_csv(text)) return load_decide_csv_text(text, path);
    return looks_like_ktab_csv(text) ? load_ktab_csv_text(text, path)
                                     : load_bdm_csv_text(text, path);
  }
  throw InputError(Location{path, 0, 0, ""},
                   "cannot tell the input kind: expected a scenario (.yaml/.yml) or a BDM, KTAB "
                   "or exchange-model (decide) table (.csv)");
}

ScenarioPtr load_default_scenario() {
  return load_scenario_text(std::string(embedded_default_scenario()),
                            fmt::format("<embedded>/{}", embedded_default_scenario_name()));
}

}  // namespace statecraft::io
