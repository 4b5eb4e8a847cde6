#include "io/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "core/errors.h"

namespace statecraft::io {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c))
      out += char(std::tolower(c));
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "imported" : out.substr(0, 60);
}

std::string actor_id_from_name(const std::string& name) {
  std::string id = name;
  std::replace_if(
      id.begin(), id.end(),
      [](unsigned char c) { return !std::isalnum(c) && c != '-' && c != '.'; }, '_');
  if (id.empty() || !std::isalnum(static_cast<unsigned char>(id[0]))) id = "A" + id;
  return id.substr(0, 64);
}

std::optional<double> parse_cell_number(const std::string& cell) {
  const std::string text = trim(cell);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& file, char delimiter) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  bool in_quotes = false, field_started = false, record_has_content = false;
  int line = 1, quote_line = 0;
  record.line = 1;
  auto end_field = [&] {
    record.fields.push_back(field);
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    if (record_has_content) records.push_back(std::move(record));
    record = CsvRecord{};
    record_has_content = false;
  };
  std::size_t i = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // UTF-8 byte order mark
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      in_quotes = field_started = record_has_content = true;
      quote_line = line;
    } else if (c == delimiter) {
      end_field();
      record_has_content = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record.line = line;
    } else {
      field += c;
      field_started = true;
      if (c != ' ' && c != '\t') record_has_content = true;
    }
  }
  if (in_quotes) throw ImportError(Location{file, quote_line, 0, ""}, "unterminated quoted field");
  end_record();
  return records;
}

Scenario start_import(const std::string& file, const std::string& kind) {
  Scenario s;
  const std::string stem = std::filesystem::path(file).stem().string();
  s.id = slug(stem);
  s.title = fmt::format("{} (imported {})", stem, kind);
  s.origin = file;
  s.sources.push_back(Source{"input_file", fmt::format("{} {}", kind, stem), "", "", "dataset", "",
                             "imported by statecraft from " + file});
  return s;
}

}  // namespace statecraft::io
