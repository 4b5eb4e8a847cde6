// Importer for gmcr-py save files (.gmcr, JSON): options with permitted directions,
// decision makers with their options and either prioritised statements or a manual
// ranking (gmcr-py "ordered" state numbers, ties as nested lists), and infeasibles.
#pragma once

#include <string>

#include "core/conflict_spec.h"

namespace statecraft::io {

// ImportError naming the file and the JSON field on any malformed or inconsistent input.
ConflictSpec load_gmcr_text(const std::string& text, const std::string& file);
ConflictSpec load_gmcr_file(const std::string& path);

}  // namespace statecraft::io
