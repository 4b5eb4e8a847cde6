// Writes a file so that readers see either the old file or the complete new one:
// the bytes go to a temporary file in the same directory, which is then renamed.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace statecraft::io {

// OutputError naming the path on any failure; the temporary file is removed.
void write_file_atomically(const std::string& path, const std::string& content);

// Several files, all or none: every file is written to its temporary first, and only
// when all succeeded are they renamed into place. On any failure every temporary is
// removed, and so is any file this call already renamed into place; then OutputError.
void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

// Creates `dir` and its parents if missing; OutputError naming it when that fails.
void create_output_directory(const std::string& dir);

// `content` written atomically as dir/name (the directory created first); returns the path.
std::string write_file_into(const std::string& dir, const std::string& name,
                            const std::string& content);

}  // namespace statecraft::io
