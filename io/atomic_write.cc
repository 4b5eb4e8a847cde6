#include "io/atomic_write.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/errors.h"

namespace statecraft::io {
namespace {

// Writes `content` to a new temporary file beside `path` and returns its name.
std::string write_temporary(const std::string& path, const std::string& content) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path target(path);
  if (target.filename().empty()) throw OutputError(path, "expected a file name, got a directory");
  const std::string temp = fmt::format("{}.tmp-{}-{}", path, ::getpid(), counter++);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(path, fmt::format("cannot write: {}", std::strerror(errno)));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(temp.c_str());
      throw OutputError(path, fmt::format("cannot write: {}", std::strerror(err)));
    }
    done += std::size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw OutputError(path, fmt::format("cannot write: {}", std::strerror(err)));
  }
  return temp;
}

void rename_into_place(const std::string& temp, const std::string& path) {
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw OutputError(path, fmt::format("cannot write: {}", std::strerror(err)));
  }
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  rename_into_place(write_temporary(path, content), path);
}

void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> temps;
  std::size_t renamed = 0;
  try {
    for (const auto& [path, content] : files) temps.push_back(write_temporary(path, content));
    for (; renamed < files.size(); ++renamed)
      rename_into_place(temps[renamed], files[renamed].first);
  } catch (const OutputError&) {
    for (std::size_t k = 0; k < temps.size(); ++k)
      ::unlink((k < renamed ? files[k].first : temps[k]).c_str());
    throw;
  }
}

void create_output_directory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw OutputError(dir, fmt::format("cannot create the output directory: {}", ec.message()));
}

std::string write_file_into(const std::string& dir, const std::string& name,
                            const std::string& content) {
  create_output_directory(dir);
  const std::string path = (std::filesystem::path(dir) / name).string();
  write_file_atomically(path, content);
  return path;
}

}  // namespace statecraft::io
