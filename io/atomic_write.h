// Writes a file so that readers see either the old file or the complete new one:
// the bytes go to a temporary file in the same directory, which is then renamed.
#pragma once

#include <string>

namespace statecraft::io {

// OutputError naming the path on any failure; the temporary file is removed.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace statecraft::io
