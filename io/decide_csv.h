// Importer for the input files of the decide exchange model (Stokman / Van den Bos):
// tab-separated, single-quoted fields; rows '#A id name comment' (actor), '#P id name comment'
// (issue), '#M issue value' (scale points), '#D actor issue position salience power'.
#pragma once

#include <string>

#include "core/scenario.h"

namespace statecraft::io {

// Each issue's scale runs from its first '#M' value to its largest (0-100 without '#M');
// power becomes the per-issue capability. ImportError naming file:line:column on bad input.
ScenarioPtr load_decide_csv_text(const std::string& text, const std::string& file);
ScenarioPtr load_decide_csv_file(const std::string& path);

// True when the text starts like a decide file (its first field is '#A', '#P', '#M' or '#D').
bool looks_like_decide_csv(const std::string& text);

}  // namespace statecraft::io
