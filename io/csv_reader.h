// A small RFC 4180 reader: comma-separated, double-quoted fields with "" escapes,
// CR/LF line ends. Keeps the line each record starts on for error messages.
#pragma once

#include <string>
#include <vector>

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

}  // namespace statecraft::io
