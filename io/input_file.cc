#include "io/input_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "core/errors.h"
#include "core/limits.h"
#include "core/magnitudes.h"
#include "io/scenario_loader.h"

namespace statecraft {
std::string_view embedded_default_scenario();
std::string_view embedded_default_scenario_name();
std::string_view embedded_scenario_file(std::string_view name);
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
      throw LimitError(Location{path, 0, 0, ""}, "file_bytes", "bytes of file",
                       fmt::format("more than {}", max_bytes), std::to_string(max_bytes));
  }
  if (in.bad()) throw InputError(Location{path, 0, 0, ""}, "read error");
  return text;
}

std::string read_text_file(const std::string& path) {
  std::string text = read_text_file(path, limits().file_bytes);
  check_utf8(text, path);
  return text;
}

void check_utf8(const std::string& text, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && len > 1) {
      // Reject overlong forms, surrogates and code points above U+10FFFF.
      std::uint32_t cp = c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
      ok = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
           !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
    }
    if (!ok)
      throw InputError(Location{file, line, column, ""},
                       fmt::format("byte 0x{:02X} is not valid UTF-8 text (save the file as UTF-8)",
                                   unsigned(c)));
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
}

ScenarioPtr finish_import(Scenario scenario, const std::string& file) {
  check_scenario_size(scenario.actors.size(), scenario.issues.size(), file);
  check_magnitudes(scenario, file);
  return std::make_shared<const Scenario>(std::move(scenario));
}

// load_input: io/importers.cc (the importer table).

ScenarioFiles embedded_scenario_files() {
  return [](const std::string& from, const std::string& name) {
    namespace fs = std::filesystem;
    const std::string prefix = "<embedded>/";
    const std::string dir = from.rfind(prefix, 0) == 0
                                ? fs::path(from.substr(prefix.size())).parent_path().string()
                                : std::string();
    const std::string relative = (fs::path(dir) / name).lexically_normal().string();
    const std::string_view bytes = embedded_scenario_file(relative);
    if (bytes.empty())
      throw InputError(Location{prefix + relative, 0, 0, ""},
                       "not one of the scenarios built into statecraft");
    return std::make_pair(std::string(bytes), prefix + relative);
  };
}

ScenarioPtr load_default_scenario() {
  // The files the default `extends` are embedded too, so it loads from any directory.
  return load_scenario_text(std::string(embedded_default_scenario()),
                            "<embedded>/" + std::string(embedded_default_scenario_name()),
                            embedded_scenario_files());
}

}  // namespace statecraft::io
