// A small RFC 4180 reader: comma-separated, double-quoted fields with "" escapes,
// CR/LF line ends. Keeps the line each record starts on for error messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/scenario.h"

namespace statecraft::io {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// ImportError (file:line) on an unterminated quoted field. Blank lines are skipped.
std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& file,
                                 char delimiter = ',');

// Trims spaces and tabs at both ends.
std::string trim(const std::string& s);

// Helpers shared by the importers.
// A lower-case id made of letters, digits and '_' (at most 60 characters).
std::string slug(const std::string& text);
// An actor id from a display name: letters, digits, '-', '.', others become '_'.
std::string actor_id_from_name(const std::string& name);
// An empty scenario for a file another tool wrote: id and title from the file name, and the
// file itself as the one source ("input_file") every imported number cites.
Scenario start_import(const std::string& file, const std::string& kind);

// A finite number from a trimmed cell, or nullopt.
std::optional<double> parse_cell_number(const std::string& cell);

}  // namespace statecraft::io
