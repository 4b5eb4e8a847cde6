// Every input format a scenario can be read from, in one table: `run`, `validate`,
// `import`, the lab's upload and the fuzz targets all read it. Adding a format is one
// entry in importers() plus the importer's own file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/scenario.h"

namespace statecraft::io {

struct Importer {
  std::string name;                     // `statecraft import NAME`; fuzz target NAME_EXT
  std::string description;              // one line for help texts and errors
  std::vector<std::string> extensions;  // file name endings it reads, e.g. ".csv"
  // Whether the text (without a UTF-8 byte-order mark; the sniffs read its first 64 KiB)
  // looks like this format. Among the importers of an extension the first in table order
  // that accepts the text reads it.
  bool (*sniff)(std::string_view text);
  // The scenario, or an InputError located in `file`.
  ScenarioPtr (*load)(const std::string& text, const std::string& file);
};

// Table order decides between importers sharing an extension: stricter sniffs first.
const std::vector<Importer>& importers();

// nullptr when no importer has this name.
const Importer* find_importer(std::string_view name);

// "bdm, ktab or decide" style list of the importer names (for messages and help).
std::string importer_names();

// The text without a leading UTF-8 byte-order mark.
std::string_view without_bom(std::string_view text);

// The importer that reads `text` from `file`: by extension, then the sniffs; InputError
// naming the file when none fits.
const Importer& choose_importer(const std::string& text, const std::string& file);

// Reads text from `file` (already in memory): checks the UTF-8, chooses the importer by
// the file name's extension and the sniffs (`used` gets it); InputError naming the file
// when none fits.
ScenarioPtr load_input_text(const std::string& text, const std::string& file,
                            const Importer** used = nullptr);

}  // namespace statecraft::io
