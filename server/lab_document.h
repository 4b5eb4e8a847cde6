// A scenario file as a JSON document, for the policy lab's editor: the page edits
// structured data and sends it back as JSON text (JSON is YAML, so the loader reads it),
// and "download scenario" turns the edited document back into YAML.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.h"

namespace statecraft::server {

// The YAML text as JSON: maps keep their file order, plain scalars that read as numbers
// become numbers (true/false/null likewise), everything else stays text. ScenarioError
// at the position of a syntax error. Does not validate the scenario itself.
Json yaml_to_document(const std::string& text, const std::string& file);

// The document as scenario YAML: block style, with maps and lists of plain values in
// flow style as the shipped scenarios write them; text that would read as a number is
// quoted. ScenarioError for a document nested deeper than kMaxDocumentDepth.
inline constexpr std::size_t kMaxDocumentDepth = 64;
std::string document_to_yaml(const Json& document);

}  // namespace statecraft::server
