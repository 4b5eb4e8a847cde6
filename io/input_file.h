// Reading input files safely, and choosing the reader for a file.
#pragma once

#include <cstddef>
#include <string>

#include "core/scenario.h"
#include "io/scenario_loader.h"

namespace statecraft::io {

// Reads a whole file; InputError naming the path if it is missing, unreadable, a
// directory or larger than `max_bytes`.
std::string read_text_file(const std::string& path, std::size_t max_bytes);
// The same, capped by limits().file_bytes (LimitError beyond it); text must be UTF-8.
std::string read_text_file(const std::string& path);

// InputError at the line and column of the first byte sequence that is not UTF-8.
void check_utf8(const std::string& text, const std::string& file);

// A loaded scenario as the loaders hand it out, after the size limits (LimitError).
ScenarioPtr finish_import(Scenario scenario, const std::string& file);

// Loads a scenario from any input of the importer table (io/importers.h): read once with
// the size cap and the UTF-8 check, then chosen by extension and content. InputError if
// the kind cannot be told from the file.
ScenarioPtr load_input(const std::string& path);

// The Korean default compiled into the binary (build/embedded_scenario.cc).
ScenarioPtr load_default_scenario();

// `extends:` resolved against the scenarios compiled into the binary (the default and the
// files of its chain), never the disk: for text from an upload or another program, where a
// path on the server's disk must not be read. Names are relative to the scenarios folder.
ScenarioFiles embedded_scenario_files();

}  // namespace statecraft::io
